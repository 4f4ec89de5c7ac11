"""A writer's mistakes fail the build with the file, the line and a readable message."""

from __future__ import annotations

import pytest

from conftest import build_fixture

pytestmark = pytest.mark.slow

CASES = {
    # fixture: (file:line expected in the output, words a writer understands)
    "broken-ref": ("index.md:9", "cross-reference target not found: 'onboarding-materials.md'"),
    "unknown-label": ("index.md:9", "undefined label: 'materials-checklist-typo'"),
    "mermaid-error": ("index.md:9", "the Mermaid diagram cannot be drawn (the error is at or just before line 14)"),
    "missing-label": ("index.md:5", "has no explicit label"),
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_bad_input_fails_the_build_clearly(fixture: str, tmp_path) -> None:
    where, message = CASES[fixture]
    build = build_fixture(fixture, tmp_path)
    assert build.returncode != 0, f"{fixture}: the build passed but should fail\n{build.output}"
    assert where in build.output and message in build.output, build.output
