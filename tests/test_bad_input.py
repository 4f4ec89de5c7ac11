"""A writer's mistakes fail the build with the file, the line and a readable message."""

from __future__ import annotations

import pytest
from conftest import build_fixture

pytestmark = pytest.mark.slow

CASES = {
    # fixture: (file:line expected in the output, words a writer understands)
    "broken-ref": ("index.md:9", "cross-reference target not found: 'onboarding-materials.md'"),
    "unknown-label": ("index.md:9", "undefined label: 'materials-checklist-typo'"),
    "mermaid-error": (
        "index.md:9",
        "the Mermaid diagram cannot be drawn (the error is at or just before line 14)",
    ),
    "missing-label": ("index.md:5", "has no explicit label"),
    "glossary-unnamed-term": ("index.md:15", "glossary term “新手期” has no readable anchor"),
    # Issue #5: checks in ext/unique_labels.py, ext/orphans.py, ext/alt_text.py, ext/figure_sources.py
    "duplicate-label": ("index.md:13", "label “materials-checklist” is used twice in this page (first at"),
    "orphan-page": ("forgotten.md:1", "page “forgotten” is in no toctree, so readers cannot reach it"),
    "image-no-alt": ("index.md:11", "image “flow.svg” has no alt text"),
    "figure-no-source": ("index.md:19", "the figure “63%” has no link to its source here"),
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_bad_input_fails_the_build_clearly(fixture: str, tmp_path) -> None:
    where, message = CASES[fixture]
    build = build_fixture(fixture, tmp_path)
    assert build.returncode != 0, f"{fixture}: the build passed but should fail\n{build.output}"
    # The file:line and the message on the same line of output, as a writer reads it.
    assert any(where in line and message in line for line in build.output.splitlines()), build.output
