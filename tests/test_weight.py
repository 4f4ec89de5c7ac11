"""Weight budget: what a reader's browser really downloads, page by page.

Each page is opened in real Chromium, with an empty cache, over http from the site
served as its host serves it; every request is counted with its uncompressed body.
The search page's index (searchindex.js or any file named like a search index) is
counted separately: it is the search page's data, loaded by no other page.
Figures beside the stock build: `make bench` (tools/bench_site.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from pageload import load_page

pytestmark = pytest.mark.browser

BUDGET_BYTES = 100 * 1024  # 100 KB (KiB, as browsers' tools count), uncompressed
BUDGET_REQUESTS = 12
SEARCH_INDEX = re.compile(r"search[-_]?index", re.IGNORECASE)
# The site's own stylesheet is small and global by design (its rules cover elements of
# some pages and ones scripts create); the check below is for theme and extension CSS.
SITE_WIDE_CSS = {"site.css"}

# For each stylesheet a page loads: how many of its style rules match an element of
# the page (pseudo-classes and pseudo-elements removed, so :hover rules count).
_USED_RULES = """() => {
  const strip = (s) => s.replace(/::?[a-zA-Z-]+(\\([^)]*\\))?/g, "").trim() || "*";
  const used = (rule) => {
    if (rule.cssRules && !rule.selectorText) return [...rule.cssRules].some(used);
    if (!rule.selectorText) return false;
    return rule.selectorText.split(",").some((sel) => {
      try { return document.querySelector(strip(sel)) !== null; } catch { return false; }
    });
  };
  return [...document.styleSheets].filter((s) => s.href).map((s) => [
    new URL(s.href).pathname.split("/").pop(),
    [...s.cssRules].filter(used).length,
  ]);
}"""


def _file(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def _is_index(url: str) -> bool:
    return bool(SEARCH_INDEX.search(_file(url)))


@pytest.fixture(scope="module")
def loads(browser, hosted_site):
    """Every page, loaded once: (its requests, its stylesheets with their used-rule counts)."""
    result = {}
    for name, url in hosted_site.urls.items():
        load, page = load_page(browser, url, keep_open=True)
        try:
            load.stylesheets = page.evaluate(_USED_RULES)
        finally:
            page.context.close()
        result[name] = load
    return result


def test_every_page_is_within_the_budget(loads) -> None:
    report, over = [], []
    for name, load in loads.items():
        counted = [r for r in load.requests if not _is_index(r.url)]
        assert counted and counted[0].size > 0, f"{name}: nothing was measured ({load.requests})"
        total = sum(r.size for r in counted)
        report.append(f"{name}: {total / 1024:.1f} KB in {len(counted)} requests")
        if total > BUDGET_BYTES or len(counted) > BUDGET_REQUESTS:
            heaviest = sorted(counted, key=lambda r: -r.size)[:5]
            over.append(
                f"{name}: {total / 1024:.1f} KB in {len(counted)} requests "
                f"(budget {BUDGET_BYTES // 1024} KB, {BUDGET_REQUESTS}); heaviest: "
                + ", ".join(
                    f"{urlsplit(r.url).path.rsplit('/', 1)[-1]} {r.size / 1024:.1f} KB" for r in heaviest
                )
            )
    print("\n".join(report))
    assert not over, "pages over the weight budget:\n" + "\n".join(over)


def test_search_index_is_counted_apart(loads) -> None:
    """Only the search page loads the index, so its weight never lands on a content page."""
    loaders = sorted(name for name, load in loads.items() if any(_is_index(r.url) for r in load.requests))
    assert loaders in ([], ["search.html"]), f"the search index is loaded by {loaders}"


def test_every_request_succeeds(loads) -> None:
    failed = [
        f"{name}: {r.status} {r.url}"
        for name, load in loads.items()
        for r in load.requests
        if r.status >= 400 and not (name == "404.html" and r.url == load.url)  # the 404 page itself
    ]
    assert not failed, "\n".join(failed)


def test_every_stylesheet_a_page_loads_is_used_there(loads) -> None:
    """CSS only on the pages that use it: each stylesheet styles something on the page."""
    unused = []
    for name, load in loads.items():
        assert load.stylesheets, f"{name}: no stylesheet found ({load.requests})"
        unused += [
            f"{name}: {sheet} (no rule matches anything)"
            for sheet, n in load.stylesheets
            if n == 0 and sheet not in SITE_WIDE_CSS
        ]
    assert not unused, "stylesheets loaded where nothing uses them:\n" + "\n".join(unused)
