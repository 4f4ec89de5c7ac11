"""Every page reads on a phone: what tests/phone_checks.js finds on each page of a crawl
(tools/crawl.py) at 360 × 740 and 390 × 844, axe-core in both themes at 360 px; headings
break only between BudouX's phrases (at 1280 × 800 too); checklists remember their ticks
and print empty.
"""

from functools import partial
from itertools import accumulate
from pathlib import Path

import budoux
import pytest

from ext.browser import BROWSER_ARGS, find_browser
from tests.test_quality import axe_report
from tools.crawl import crawl

pytestmark = pytest.mark.browser
SCREENS = {360: 740, 390: 844, 1280: 800}
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
CHECKS = Path(__file__).with_name("phone_checks.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def screens(hosted_site) -> dict[int, dict[str, dict]]:
    """width → page file name → what phone_checks.js found, with axe's findings at 360 px."""
    found, run = {}, partial(crawl, hosted_site, find_browser(), BROWSER_ARGS, labels=False)
    for width, height in SCREENS.items():
        phone = {**PHONE, "viewport": {"width": width, "height": height}} if width < 1000 else {}
        visits = run(axe=width == 360, probe=(phone, CHECKS))
        found[width] = {name: {**v.probe, **v.axe, "shown": v.theme_ok} for name, v in visits.items()}
    assert len(found[360]) >= 12
    return found


def test_every_page_reads_on_a_phone(screens) -> None:
    problems = [
        f"{check}: {name} at {width} px: {found}"
        for width in (360, 390)
        for name, page in screens[width].items()
        for check, found in page["problems"].items()
        if found
    ]
    assert not problems, "\n".join(sorted(problems))


def test_paragraphs_seldom_end_on_a_lone_character(screens) -> None:
    lone = [f"{n} at {w} px: …{e}" for w in (360, 390) for n, f in screens[w].items() for e in f["orphans"]]
    assert len(lone) <= 3, "paragraphs whose last line is one character:\n" + "\n".join(lone)


def test_headings_break_only_between_phrases(screens) -> None:
    phrases, inside = budoux.load_default_simplified_chinese_parser(), []
    for width, pages in screens.items():
        for name, found in pages.items():
            for text, breaks in ((h["text"], h["breaks"]) for h in found["headings"]):
                ends = set(accumulate(map(len, phrases.parse(text))))
                inside += [f"{name} at {width} px: {text[:i]}/{text[i:]}" for i in breaks if i not in ends]
    assert not inside, "headings broken inside a phrase (BudouX):\n" + "\n".join(inside)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_phone(screens, scheme: str) -> None:
    pages = screens[360].items()
    assert all(found["shown"][scheme] for _, found in pages), f"a page not shown in the {scheme} theme"
    failures = [f"{name}:\n{axe_report(found[scheme])}" for name, found in pages if found[scheme]]
    assert not failures, f"axe-core at 360 px ({scheme} theme):\n" + "\n".join(failures)


TICKS = """() => [...document.querySelectorAll('div.checklist')]
  .map((list) => [...list.querySelectorAll('input')].map((box) => box.checked))"""


def test_checklists_are_remembered_cleared_and_printed_empty(open_page, hosted_site) -> None:
    page = open_page(hosted_site.urls["onboarding.html"], **PHONE)
    unticked, box = page.evaluate(TICKS), page.locator("div.checklist input")
    assert len(unticked) >= 3 and not any(map(any, unticked)), f"checklists as loaded: {unticked}"
    box.nth(1).check()
    page.reload()
    assert page.evaluate(TICKS) == [[False, True, *unticked[0][2:]], *unticked[1:]], "the tick is forgotten"
    page.emulate_media(media="print")
    assert box.nth(1).screenshot() == box.nth(0).screenshot(), "a ticked box prints ticked"
    page.emulate_media(media="screen")
    page.get_by_role("button", name="清除勾选").click()
    page.reload()
    assert page.evaluate(TICKS) == unticked and not page.get_by_role("button", name="清除勾选").count()
