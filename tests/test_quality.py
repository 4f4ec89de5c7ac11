"""Quality gates from one crawl of the built site in Chromium, served as its host serves it:
weight, privacy, console errors, axe-core in both themes, no English interface label; and
axe on the open search results. What each gate checks and how to fix it: docs/quality.md."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from ext.browser import BROWSER_ARGS, find_browser
from tools.crawl import COLOUR_RULES, EVERY_RULE, LABELS, THEME, Visit, crawl

# Whole files per worker (make test): one crawls once while the other runs the rest.
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


@pytest.fixture(scope="session")
def site_crawl(hosted_site) -> dict[str, Visit]:
    """page file name → what its visit recorded."""
    return crawl(hosted_site, find_browser(), BROWSER_ARGS)


def _file(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def _english(text: str) -> bool:
    return bool(ENGLISH.match(text)) and not NAMES.match(text)


def test_links_reach_every_page(site_crawl, hosted_site) -> None:
    """Every built page can be reached by following links from the home page (no orphans)."""
    linked = set(site_crawl) - {"404.html"}
    built = set(hosted_site.urls) - {"search.html", "genindex.html", "404.html"}
    assert built <= linked, f"pages no link leads to: {sorted(built - linked)}"


def test_every_page_is_within_the_weight_budget(site_crawl) -> None:
    report, over = [], []
    for name, visit in site_crawl.items():
        counted = [r for r in visit.requests if not SEARCH_INDEX.search(_file(r.url))]
        assert counted and counted[0].size > 0, f"{name}: nothing was measured ({visit.requests})"
        sent = sum(r.sent for r in counted)
        report.append(f"{name}: {sent / 1024:.1f} KB sent in {len(counted)} requests")
        if sent > BUDGET_SENT or len(counted) > BUDGET_REQUESTS:
            top = sorted(counted, key=lambda r: -r.sent)[:5]
            over.append(
                f"{report[-1]}; heaviest: " + ", ".join(f"{_file(r.url)} {r.sent / 1024:.1f} KB" for r in top)
            )
    print("\n".join(report))
    budget = f"{BUDGET_SENT // 1024} KB, {BUDGET_REQUESTS} requests"
    assert not over, f"pages over the weight budget ({budget}):\n" + "\n".join(over)


def test_no_page_loads_the_search_index_before_a_search(site_crawl) -> None:
    loaders = sorted(
        n for n, v in site_crawl.items() if any(SEARCH_INDEX.search(_file(r.url)) for r in v.requests)
    )
    assert loaders in ([], ["search.html"]), f"the search index is loaded on page load by {loaders}"


def test_no_request_leaves_the_host_or_fails_and_no_console_error(site_crawl) -> None:
    problems = []
    for name, visit in site_crawl.items():
        # The 404 page is served with status 404 on purpose, and Chromium logs that.
        own_404 = visit.url if name == "404.html" else None
        blocked = [f"{url} (another host: blocked)" for url in visit.blocked]
        failed = [f"{r.status} {r.url}" for r in visit.requests if r.status >= 400 and r.url != own_404]
        errors = [m for m in visit.console_errors if not (own_404 and m.endswith(f"[at {own_404}]"))]
        problems += [f"{name}: {problem}" for problem in blocked + failed + errors]
    assert not problems, "third-party or failed requests, console errors:\n" + "\n".join(problems)


def axe_report(violations: list) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for node in v["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(site_crawl, scheme: str) -> None:
    wrong_theme = [name for name, visit in site_crawl.items() if not visit.theme_ok[scheme]]
    assert not wrong_theme, f"pages not shown in the {scheme} theme: {wrong_theme}"
    failures = [f"{name}:\n{axe_report(v.axe[scheme])}" for name, v in site_crawl.items() if v.axe[scheme]]
    assert not failures, f"axe-core violations ({scheme} theme):\n" + "\n".join(failures)


def test_no_interface_label_reads_english(site_crawl) -> None:
    english = sorted({f"{w}: {t!r}" for visit in site_crawl.values() for w, t in visit.labels if _english(t)})
    assert site_crawl["index.html"].labels, "no labels were read"
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
            violations = axe.run(page, options=rules).response["violations"]
            if violations:
                failures.append(f"{where}, {scheme}:\n{axe_report(violations)}")
    assert not failures, "axe-core violations with the search results open:\n" + "\n".join(failures)
    assert not english, "English in the search interface:\n" + "\n".join(english)
