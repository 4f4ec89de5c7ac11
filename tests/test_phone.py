"""Every page reads on a phone: what tests/phone_checks.js finds on each page of a crawl
(tools/crawl.py) at 360 × 740, 390 × 844 and 1280 × 800 (what holds at any width), with
axe-core in both themes at 360 px and each heading's line breaks, which must fall between
BudouX's phrases; at most 3 paragraphs end on a lone character on phones; checklists
remember their ticks and print empty.
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
PHRASES = budoux.load_default_simplified_chinese_parser()


def _inside_phrases(headings: list[dict]) -> list[str]:
    """Where a heading breaks inside one of BudouX's phrases, as 前半/后半."""
    broken = []
    for text, breaks in ((h["text"], h["breaks"]) for h in headings):
        ends = set(accumulate(map(len, PHRASES.parse(text))))
        broken += [f"{text[:i]}/{text[i:]}" for i in breaks if i not in ends]
    return broken


@pytest.fixture(scope="module")
def screens(hosted_site) -> dict[int, dict[str, dict]]:
    """width → page file name → what phone_checks.js found, with axe's findings at 360 px."""
    found, run = {}, partial(crawl, hosted_site, find_browser(), BROWSER_ARGS, labels=False)
    for width, height in SCREENS.items():
        phone = {**PHONE, "viewport": {"width": width, "height": height}} if width < 1000 else {}
        for name, visit in run(axe=width == 360, probe=(phone, CHECKS)).items():
            found.setdefault(width, {})[name] = page = visit.probe
            page["problems"]["headings broken inside a phrase (BudouX)"] = _inside_phrases(page["headings"])
            for scheme, violations in visit.axe.items():
                page["problems"][f"axe ({scheme} theme)"] = [axe_report(violations)] if violations else []
                page["problems"][f"axe ({scheme} theme)"] += [] if visit.theme_ok[scheme] else ["not shown"]
    assert len(found[360]) >= 12
    return found


def test_every_page_reads_on_a_phone(screens) -> None:
    problems = [
        f"{check}: {name} at {width} px: {found}"
        for width, pages in screens.items()
        for name, page in pages.items()
        for check, found in page["problems"].items()
        if found
    ]
    assert not problems, "\n".join(sorted(problems))


def test_paragraphs_seldom_end_on_a_lone_character(screens) -> None:
    lone = [f"{n} at {w} px: …{e}" for w in (360, 390) for n, f in screens[w].items() for e in f["orphans"]]
    assert len(lone) <= 3, "paragraphs whose last line is one character:\n" + "\n".join(lone)


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
