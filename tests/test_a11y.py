"""Accessibility: axe-core finds nothing on any page, in furo's light and dark themes.

axe-core comes bundled in the locked axe-playwright-python package (no download at
run time) and runs with its default rule set: WCAG 2.x A/AA plus best practices, so
region, landmark-unique and page-has-heading-one count too. A violation of any
impact fails. Colour contrast is checked in both themes.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from pageload import load_page

pytestmark = pytest.mark.browser

SCHEMES = ["light", "dark"]
_axe = Axe()


def _report(results: dict) -> str:
    lines = []
    for v in results["violations"]:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_finds_no_violation(browser, hosted_site, scheme: str) -> None:
    failures = []
    for name, url in hosted_site.urls.items():
        _load, page = load_page(browser, url, scheme=scheme, keep_open=True)
        try:
            applied = page.evaluate("document.body.dataset.theme")
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            results = _axe.run(page).response
        finally:
            page.context.close()
        # The run must really be in the theme it claims (dark: a dark background).
        assert applied == scheme, f"{name}: furo's theme is {applied!r}, not {scheme!r}"
        channels = [int(c) for c in background[background.index("(") + 1 : -1].split(",")[:3]]
        dark = sum(channels) < 150
        assert dark == (scheme == "dark"), f"{name}: the {scheme} theme's background is {background}"
        assert results["passes"] or results["violations"], f"{name}: axe checked nothing"
        if results["violations"]:
            failures.append(f"{name} ({scheme} theme):\n{_report(results)}")
    assert not failures, "axe-core violations:\n" + "\n".join(failures)
