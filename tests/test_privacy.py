"""Privacy: no page asks anything of another host, and no page logs an error.

A crawl in real Chromium of the site served over http: it starts at the home page,
follows every link that stays on the site, and also opens every page of the build
(so an orphan cannot escape) and a search with results. Each page is scrolled to
the end so that lazily loaded content loads too. Any request that leaves the host
is blocked (an offline or filtered reader sees exactly this) and counted.
"""

from __future__ import annotations

from urllib.parse import quote, urljoin, urlsplit

import pytest
from pageload import load_page

pytestmark = pytest.mark.browser

SEARCH_QUERY = "招商经理"


def _crawl(browser, hosted_site):
    """Yield (url, load) for every page reachable from the home page plus every built page."""
    todo = [hosted_site.root + "index.html", *hosted_site.urls.values()]
    todo.append(hosted_site.root + f"search.html?q={quote(SEARCH_QUERY)}")
    seen: set[str] = set()
    while todo:
        url = todo.pop(0)
        if url in seen:
            continue
        seen.add(url)
        load, page = load_page(browser, url, keep_open=True)
        try:
            page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            page.wait_for_load_state("networkidle")
            links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        finally:
            page.context.close()
        yield url, load
        for link in links:
            target = urljoin(url, link).split("#", 1)[0]
            if target.startswith(hosted_site.root) and urlsplit(target).path.endswith(".html"):
                todo.append(target)


@pytest.fixture(scope="module")
def crawl(browser, hosted_site):
    return dict(_crawl(browser, hosted_site))


def test_the_crawl_reaches_every_page(crawl, hosted_site) -> None:
    reached = {urlsplit(url).path.rsplit("/", 1)[-1] for url in crawl}
    assert len(crawl) >= len(hosted_site.urls) and "index.html" in reached, sorted(reached)


def test_no_request_leaves_the_host(crawl) -> None:
    leaks = [f"{url} → {target}" for url, load in crawl.items() for target in load.blocked]
    assert not leaks, f"{len(leaks)} third-party request(s), blocked:\n" + "\n".join(leaks)


def test_no_console_error(crawl, hosted_site) -> None:
    errors = [
        f"{url}: {message}"
        for url, load in crawl.items()
        for message in load.console_errors
        # The 404 page itself is served with status 404 on purpose, and Chromium logs that.
        if not (url == hosted_site.urls.get("404.html") and message.endswith(f"[at {url}]"))
    ]
    assert not errors, "console errors:\n" + "\n".join(errors)
