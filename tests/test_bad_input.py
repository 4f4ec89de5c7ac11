"""A writer's mistake fails the build with one warning naming the file, the line and the fix."""

import pytest

pytestmark = pytest.mark.slow
MERMAID = "the Mermaid diagram cannot be drawn (the error is at or just before line 16)"

CASES = {
    # fixture: (builder, file:line, words a writer understands)
    "broken-ref": ("dummy", "index.md:9", "cross-reference target not found: 'onboarding-materials.md'"),
    "unknown-label": ("dummy", "index.md:9", "undefined label: 'materials-checklist-typo'"),
    "missing-label": ("dummy", "index.md:5", "has no explicit label"),
    # A Chinese label gives its section no id: the HTML writer must still not crash.
    "chinese-label": ("html", "index.md:9", "label “对比” of section “两个角色的对比” is not readable ASCII"),
    "glossary-unnamed-term": ("dummy", "index.md:15", "glossary term “新手期” has no readable anchor"),
    # docutils reports a label used twice; ext/anchors.py must not report it again.
    "duplicate-label": ("dummy", "index.md:13", 'Duplicate explicit target name: "materials-checklist"'),
    "no-summary": ("html", "index.md:1", "page “测试首页” has no one-line summary under its title"),
    "image-no-alt": ("dummy", "index.md:11", "image “flow.svg” has no alt text"),
    "figure-no-source": ("dummy", "index.md:19", "the figure “63%” has no link to its source here"),
    "mermaid-error": ("dummy", "index.md:11", MERMAID),  # read phase: any builder, no browser
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_one_mistake_one_clear_warning(fixture: str, fixture_build) -> None:
    builder, where, message = CASES[fixture]
    result = fixture_build(fixture, builder)
    assert not result.ok, f"{fixture}: the build passed but should fail"
    warnings = "\n".join(result.warnings)
    assert len(result.warnings) == 1, f"{fixture}: one mistake, {len(result.warnings)} warnings:\n{warnings}"
    # The file:line and the message on one line, as a writer reads it.
    assert where in result.warnings[0] and message in result.warnings[0], result.warnings[0]
