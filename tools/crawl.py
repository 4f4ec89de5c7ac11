"""Crawl a served build (tools/site_server.py) in Chromium: every page reachable from the home
page and the pages no link leads to, each with an empty cache; its requests, blocked
third-party requests, console errors, interface labels and axe-core's findings in both themes.
"""

import asyncio
import contextlib
import gzip
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import TimeoutError as PlaywrightTimeout

from tools.site_server import COMPRESSED, HostedSite

UNLINKED = {"search.html", "genindex.html", "404.html"}  # pages no link leads to


@dataclass
class Request:
    url: str
    status: int
    size: int  # uncompressed body bytes
    sent: int = 0  # bytes on the wire, gzipped as a host sends them


def _message(message) -> str:
    where = message.location.get("url") or ""
    return f"{message.text} [at {where}]" if where else message.text


@dataclass
class Visit:
    url: str
    requests: list[Request] = field(default_factory=list)  # of the cold load
    blocked: list[str] = field(default_factory=list)  # requests that left the host
    console_errors: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    axe: dict[str, object] = field(default_factory=dict)  # theme → axe-playwright-python's AxeResults
    labels: list[tuple[str, str]] = field(default_factory=list)  # (where, text)
    theme_ok: dict[str, bool] = field(default_factory=dict)  # the page really showed that theme
    probe: object = None  # what the crawl's probe script returned on the page


LABELS = Path(__file__).with_name("interface_labels.js").read_text(encoding="utf-8")
# axe-playwright-python's default, spelt out: passing options replaces it.
EVERY_RULE = {"resultTypes": ["violations"]}
# The themes differ only in colour: every rule runs in the light one; in the dark one, axe's
# default "cat.color" rules (text contrast, links told apart from text by colour alone).
COLOUR_RULES = {**EVERY_RULE, "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}
THEME = """(scheme) => {
  localStorage.setItem("theme", scheme);
  document.body.dataset.theme = scheme;  // what furo's theme button does
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return (r + g + b < 150) === (scheme === "dark");
}"""


async def _visit(browser, url: str, axe, labels: bool, probe: tuple[dict, str | None]) -> Visit:
    """One page in a fresh context: its requests, links, labels, probe and axe in both themes."""
    host = urlsplit(url).netloc
    context = await browser.new_context(service_workers="block", **probe[0])
    await context.add_init_script("localStorage.setItem('theme', 'light')")
    visit = Visit(url)

    async def route(r):
        if urlsplit(r.request.url).netloc == host:
            await r.continue_()
        else:
            visit.blocked.append(r.request.url)
            await r.abort("blockedbyclient")

    cold = [True]  # the requests of a cold load are counted, not those the theme switches cause

    async def finished(request):
        response = await request.response() if cold[0] else None
        if response is None:
            return
        try:
            body = await response.body()
        except Exception:  # a redirect has no body of its own
            body = b""
        kind = response.headers.get("content-type", "")
        sent = gzip.compress(body, compresslevel=6, mtime=0) if COMPRESSED.match(kind) else body
        visit.requests.append(Request(request.url, response.status, len(body), len(sent)))

    await context.route("**/*", route)
    page = await context.new_page()
    page.on("requestfinished", finished)
    page.on("console", lambda m: visit.console_errors.append(_message(m)) if m.type == "error" else None)
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
    try:
        # Chromium asks for the favicon only after the load event: wait for it too, so it
        # is counted (a page that declares none gives up after a second).
        with contextlib.suppress(PlaywrightTimeout):
            async with page.expect_event("requestfinished", lambda r: "favicon" in r.url, timeout=1000):
                await page.goto(url, wait_until="load")
        await page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy content too
        await page.wait_for_function("[...document.images].every(i => i.complete || !i.offsetParent)")
        cold[0] = False
        visit.links = await page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        if labels:
            visit.labels = [tuple(pair) for pair in await page.evaluate(LABELS)]
        if probe[1]:
            visit.probe = await page.evaluate(probe[1])
        if axe is not None:
            for scheme, options in (("light", EVERY_RULE), ("dark", COLOUR_RULES)):
                visit.theme_ok[scheme] = await page.evaluate(THEME, scheme)
                visit.axe[scheme] = await axe.run(page, options=options)
    finally:
        await context.close()
    return visit


def crawl(
    hosted: HostedSite, executable: str, args: list[str], *, axe=True, labels=True, workers=3, probe=None
) -> dict[str, Visit]:
    """Crawl ``hosted`` (the module's docstring): page file name → its visit, in crawl order. A
    ``probe`` is Playwright's context options for every visit (a phone's viewport) and a script
    run on each page once loaded, before axe: the visit's ``probe`` is what it returns."""
    from axe_playwright_python.async_playwright import Axe  # noqa: PLC0415 - a test dependency
    from playwright.async_api import async_playwright  # noqa: PLC0415

    async def run() -> dict[str, Visit]:
        visits: dict[str, Visit] = {}
        order: dict[str, str] = {}  # page file name → URL, in crawl order
        batch = {"index.html": hosted.root + "index.html"}
        unlinked = {name: url for name, url in hosted.urls.items() if name in UNLINKED}
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=executable, args=args)
            checker, semaphore = Axe() if axe else None, asyncio.Semaphore(workers)

            async def one(name: str, url: str) -> None:
                async with semaphore:
                    visits[name] = await _visit(browser, url, checker, labels, probe or ({}, None))

            while batch:
                order |= batch
                await asyncio.gather(*(one(name, url) for name, url in batch.items()))
                links = [link.split("#", 1)[0] for name in batch for link in visits[name].links]
                batch = {}
                for target in links:
                    name = urlsplit(target).path.rsplit("/", 1)[-1]
                    page = target.endswith(".html") and not target.startswith(hosted.root + "downloads/")
                    if page and target.startswith(hosted.root) and name not in order:
                        batch.setdefault(name, target)
                if not batch:  # every linked page is done: the ones no link leads to
                    batch, unlinked = {name: url for name, url in unlinked.items() if name not in order}, {}
            await browser.close()
        return {name: visits[name] for name in order}

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, run()).result()
