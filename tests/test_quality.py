"""Quality gates from crawls of the built site in Chromium (tools/crawl.py), served as its host
serves it. At 1280 × 800: weight, privacy, console errors, no English interface label. Every page
at 360 × 740, 390 × 844 (a phone) and 1280 × 800: what tests/phone_checks.js finds (on a phone
every check, wider what holds at any width), each heading's line breaks between BudouX's
phrases, and at 360 and 1280 px axe-core in both themes; at most 3 paragraphs end on a lone
character on phones. Axe on the open search results; checklists remember their ticks and print
empty. What each gate checks and how to fix it: docs/quality.md."""

import re
from functools import partial
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlsplit

import budoux
import pytest
from axe_playwright_python.sync_playwright import Axe

from ext.browser import BROWSER_ARGS, find_browser
from tools.crawl import COLOUR_RULES, EVERY_RULE, LABELS, THEME, Visit, crawl

pytestmark = pytest.mark.browser

BUDGET_SENT = 30 * 1024  # bytes on the wire (gzipped text), KiB as browsers' tools count
BUDGET_REQUESTS = 10
SEARCH_INDEX = re.compile(r"search[-_]?index", re.IGNORECASE)
ENGLISH = re.compile(r"^[^\u3400-\u9fff]*[A-Za-z]{3,}[^\u3400-\u9fff]*$")
# English that is a name, not a label: proper names and terms the pages use as such.
NAMES = re.compile(
    r"^(Amazon|Seller Central|Brand Registry|Jungle Scout|SAGA Research(, \d{4})?|GitHub|FBA|GMV|"
    r"SKU|POA|VAT|W-8BEN-E|Furo|Plan of Action|Account Manager|Performance Notifications|"
    r"Seller Support or Operations Specialist|[\w.-]+\.(html|svg))$"
)
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
def crawls(hosted_site) -> dict[int, dict[str, Visit]]:
    """width → page file name → its visit, what phone_checks.js found (``probe``) with the headings
    broken inside a phrase; axe in both themes at 360 and 1280 px, the interface labels at 1280 px."""
    found, run = {}, partial(crawl, hosted_site, find_browser(), BROWSER_ARGS)
    for width, height in SCREENS.items():
        screen = {"viewport": {"width": width, "height": height}}
        options = {**PHONE, **screen} if width < 1000 else screen
        found[width] = run(axe=width != 390, labels=width == 1280, probe=(options, CHECKS))
        for visit in found[width].values():
            broken = _inside_phrases(visit.probe["headings"])
            visit.probe["problems"]["headings broken inside a phrase (BudouX)"] = broken
    assert len(found[360]) >= 12
    return found


def _file(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def _english(text: str) -> bool:
    return bool(ENGLISH.match(text)) and not NAMES.match(text)


def test_links_reach_every_page(crawls, hosted_site) -> None:
    """Every built page can be reached by following links from the home page (no orphans)."""
    linked = set(crawls[1280]) - {"404.html"}
    built = set(hosted_site.urls) - {"search.html", "genindex.html", "404.html"}
    assert built <= linked, f"pages no link leads to: {sorted(built - linked)}"


def test_every_page_is_within_the_weight_budget(crawls) -> None:
    """The search index counted apart, and loaded on page load by no page but search.html."""
    report, over, loaders = [], [], []
    for name, visit in crawls[1280].items():
        counted = [r for r in visit.requests if not SEARCH_INDEX.search(_file(r.url))]
        if len(counted) < len(visit.requests):
            loaders.append(name)
        assert counted and counted[0].size > 0, f"{name}: nothing was measured ({visit.requests})"
        sent = sum(r.sent for r in counted)
        report.append(f"{name}: {sent / 1024:.1f} KB sent in {len(counted)} requests")
        if sent > BUDGET_SENT or len(counted) > BUDGET_REQUESTS:
            top = sorted(counted, key=lambda r: -r.sent)[:5]
            heaviest = ", ".join(f"{_file(r.url)} {r.sent / 1024:.1f} KB" for r in top)
            over.append(f"{report[-1]}; heaviest: {heaviest}")
    print("\n".join(report))
    budget = f"{BUDGET_SENT // 1024} KB, {BUDGET_REQUESTS} requests"
    assert not over, f"pages over the weight budget ({budget}):\n" + "\n".join(over)
    assert loaders in ([], ["search.html"]), f"the search index is loaded on page load by {sorted(loaders)}"


def test_no_request_leaves_the_host_or_fails_and_no_console_error(crawls) -> None:
    problems = []
    for name, visit in crawls[1280].items():
        # The 404 page is served with status 404 on purpose, and Chromium logs that.
        own_404 = visit.url if name == "404.html" else None
        blocked = [f"{url} (another host: blocked)" for url in visit.blocked]
        failed = [f"{r.status} {r.url}" for r in visit.requests if r.status >= 400 and r.url != own_404]
        errors = [m for m in visit.console_errors if not (own_404 and m.endswith(f"[at {own_404}]"))]
        problems += [f"{name}: {problem}" for problem in blocked + failed + errors]
    assert not problems, "third-party or failed requests, console errors:\n" + "\n".join(problems)


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(crawls, width: int, scheme: str) -> None:
    visits = crawls[width]
    wrong_theme = [name for name, visit in visits.items() if not visit.theme_ok[scheme]]
    assert not wrong_theme, f"pages not shown in the {scheme} theme at {width} px: {wrong_theme}"
    results = {name: visit.axe[scheme] for name, visit in visits.items()}
    failures = [f"{name}: {r.generate_report()}" for name, r in results.items() if r.violations_count]
    assert not failures, f"axe-core violations ({scheme} theme, {width} px):\n" + "\n".join(failures)


def test_no_interface_label_reads_english(crawls) -> None:
    english = sorted({f"{w}: {t!r}" for v in crawls[1280].values() for w, t in v.labels if _english(t)})
    assert crawls[1280]["index.html"].labels, "no labels were read"
    fix = "add the string to source/locale/zh_CN/LC_MESSAGES/sphinx.po"
    assert not english, f"English in the interface; {fix}:\n" + "\n".join(english)


# The search results open, with a no-results list too: (viewport, how to open, list, query).
OPEN_SEARCH = [
    ({"width": 1280, "height": 800}, "input.sidebar-search", "#search-list", "账号被封"),
    ({"width": 1280, "height": 800}, "input.sidebar-search", "#search-list", "囧"),
    ({"width": 390, "height": 844}, "button.search-button", "#search-sheet-list", "雙幣信用卡"),
]
RESULT_TEXTS = """() => [...document.querySelectorAll("[role=option]")].flatMap((option) => {
  const texts = [], walker = document.createTreeWalker(option, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) texts.push(walker.currentNode.textContent.trim());
  return texts;
})"""


def test_open_search_results_pass_axe_in_both_themes(open_page, hosted_site) -> None:
    axe, failures, english = Axe(), [], []
    for viewport, opener, listbox, query in OPEN_SEARCH:
        page = open_page(hosted_site.root + "faq.html", viewport=viewport, has_touch=True)
        page.click(opener)
        page.keyboard.type(query)
        page.wait_for_selector(f"{listbox} a[role=option]")
        page.keyboard.press("ArrowDown")  # an active option, as a keyboard reader sees it
        where = f"faq.html, {viewport['width']} px, {query!r}"
        # The results are the pages' own text (POA / Plan of Action), not labels.
        found = set(page.evaluate(RESULT_TEXTS))
        labels = [(w, s) for w, s in page.evaluate(LABELS) if s not in found]
        english += [f"{where}: {w}: {s!r}" for w, s in labels if _english(s)]
        for scheme, rules in (("light", EVERY_RULE), ("dark", COLOUR_RULES)):  # as in the crawl
            assert page.evaluate(THEME, scheme), f"{where}: not shown in the {scheme} theme"
            result = axe.run(page, options=rules)
            if result.violations_count:
                failures.append(f"{where}, {scheme}: {result.generate_report()}")
    assert not failures, "axe-core violations with the search results open:\n" + "\n".join(failures)
    assert not english, "English in the search interface:\n" + "\n".join(english)


def test_every_page_reads_on_a_phone(crawls) -> None:
    problems = [
        f"{check}: {name} at {width} px: {found}"
        for width, visits in crawls.items()
        for name, visit in visits.items()
        for check, found in visit.probe["problems"].items()
        if found
    ]
    assert not problems, "\n".join(sorted(problems))
    lone = [
        f"{n} at {w} px: …{e}" for w in (360, 390) for n, v in crawls[w].items() for e in v.probe["orphans"]
    ]
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
