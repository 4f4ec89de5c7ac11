"""Every page reads on a phone (360 and 390 px): no squeezed table cell, no sideways scroll,
no text under 12 px, and axe-core finds nothing at 360 px in either theme; a link to a
section shows its heading below the sticky header.
"""

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_quality import axe_report
from tools.crawl import COLOUR_RULES, EVERY_RULE, THEME

pytestmark = pytest.mark.browser
WIDTHS = (360, 390)

CHECKS = Path(__file__).with_name("phone_checks.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def phone_pages(browser, hosted_site) -> dict[tuple[int, str], dict]:
    found, axe = {}, Axe()
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 780}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        for name, url in hosted_site.urls.items():
            page.goto(url)
            found[width, name] = page.evaluate(CHECKS)
            if width == WIDTHS[0]:
                for scheme, rules in (("light", EVERY_RULE), ("dark", COLOUR_RULES)):
                    assert page.evaluate(THEME, scheme), f"{name}: not shown in the {scheme} theme"
                    found[width, name][scheme] = axe.run(page, options=rules).response["violations"]
        context.close()
    return found


@pytest.mark.parametrize("check", ["squeezed", "small", "sideways"])
def test_every_page_reads_on_a_phone(phone_pages, check: str) -> None:
    assert len(phone_pages) >= 2 * 12
    problems = [
        f"{name} at {width} px: {found[check]}"
        for (width, name), found in phone_pages.items()
        if found[check]
    ]
    assert not problems, f"{check}:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_phone(phone_pages, scheme: str) -> None:
    failures = [
        f"{name}:\n{axe_report(found[scheme])}"
        for (_, name), found in phone_pages.items()
        if found.get(scheme)
    ]
    assert not failures, f"axe-core at {WIDTHS[0]} px ({scheme} theme):\n" + "\n".join(failures)


# Once the scroll to the link's section has stopped (or after 600 frames, if it never starts):
# where its heading and the sticky header are.
LANDED = """async (id) => {
  for (let frame = 0, still = 0, y = -1; frame < 600 && (still < 5 || !scrollY); frame++) {
    [still, y] = [scrollY === y ? still + 1 : 0, scrollY];
    await new Promise(requestAnimationFrame);
  }
  const header = document.querySelector(".mobile-header").getBoundingClientRect();
  return [document.querySelector(`#${id} > h2`).getBoundingClientRect().top, header.bottom];
}"""


def test_a_link_to_a_section_shows_its_heading_below_the_phone_header(open_page, hosted_site) -> None:
    phone = {"viewport": {"width": 360, "height": 780}, "is_mobile": True, "has_touch": True}
    page = open_page(hosted_site.urls["channels.html"] + "#fraud-warning", **phone)
    heading, header = page.evaluate(LANDED, "fraud-warning")
    shown = header <= heading < page.viewport_size["height"] / 2
    assert shown, f"the heading lands at {heading} px, the header ends at {header} px"
