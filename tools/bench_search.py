"""Search figures beside the stock baseline: recall@3, time to results, index size.

    .venv/bin/python -m tools.bench_search --site _build/html

Runs every query of tests/search_queries.toml in real Chromium (Debian's, driven
by Playwright) against two builds of the same pages served on 127.0.0.1:

* ours: the site (``--site``), built with conf.py (ext/zh_search.py);
* stock: Sphinx's own Chinese search (jieba, furo), built here with
  tools/stock/conf.py into ``--stock`` (default _build/stock).

and prints, for each:

* recall@3 — the expected page among the first 3 results — on all queries and on
  the holdout quarter; for ours also how often the expected page's result opens at
  the expected section;
* the median and maximum time from a query being submitted on the loaded search
  page (``Search.performSearch``, what the search box's submit runs) to the first
  frame after the results are shown (the status line below the list is set), over
  ``--rounds`` rounds of all queries; and, once per query, the same from loading
  ``search.html?q=…`` afresh (navigation start → results shown);
* the size of searchindex.js (raw and gzip -9) and of all the search JavaScript
  search.html loads.

Prints, never fails on a number (the targets are in docs/search.md); exits
non-zero only if a build or the browser fails. ``--subset tuning`` runs only the
queries not in the holdout: use it while tuning, so the holdout stays unseen.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import statistics
import subprocess
import sys
import threading
import tomllib
from pathlib import Path
from urllib.parse import quote

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search_queries.toml"

SEARCH_SCRIPTS = ("_static/searchtools.js", "_static/language_data.js", "_static/search-zh.js")

# Clears the results, submits the query as the search page does, and resolves at
# the first animation frame after the status line (set when every result is in the
# list) is filled in; returns the times and the result links.
RUN_QUERY = """async (query) => {
  const out = document.getElementById("search-results");
  out.replaceChildren();
  return await new Promise((resolve) => {
    const start = performance.now();
    let inDom = null;
    const done = () => {
      const status = out.querySelector("p.search-summary");
      if (inDom !== null || !status || !status.textContent) return false;
      inDom = performance.now() - start;
      requestAnimationFrame(() => resolve({
        dom: inDom,
        shown: performance.now() - start,
        hrefs: [...out.querySelectorAll("ul.search > li > a")].map((a) => a.getAttribute("href")),
      }));
      return true;
    };
    const observer = new MutationObserver(() => done() && observer.disconnect());
    observer.observe(out, { subtree: true, childList: true, characterData: true });
    Search.performSearch(query);
  });
}"""

# On a fresh search.html?q=… load: navigation start → first frame with the results.
WAIT_LOADED_RESULTS = """async () => await new Promise((resolve) => {
  const check = () => {
    const status = document.querySelector("#search-results p.search-summary");
    if (status && status.textContent) requestAnimationFrame(() => resolve(performance.now()));
    else setTimeout(check, 1);
  };
  check();
})"""


def load_queries(path: Path) -> list[dict]:
    queries = tomllib.loads(path.read_text(encoding="utf-8"))["query"]
    for number, query in enumerate(queries, 1):
        missing = {"q", "page"} - query.keys()
        if missing:
            sys.exit(f"{path}: query #{number} lacks {', '.join(sorted(missing))}")
    return queries


def build_stock(outdir: Path) -> None:
    cmd = [sys.executable, "-m", "sphinx", "-q", "-b", "html", "-c", str(ROOT / "tools" / "stock"),
           str(ROOT / "source"), str(outdir)]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        sys.exit(f"stock build failed:\n{proc.stdout}{proc.stderr}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the base class's signature
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def page_of(href: str) -> tuple[str, str]:
    """'faq.html#is-recruiting-free' → ('faq', 'is-recruiting-free')."""
    path, _, anchor = href.partition("#")
    return re.sub(r"\.html$", "", path.removeprefix("./")), anchor


def measure(browser, base: str, queries: list[dict], rounds: int) -> dict:
    page = browser.new_page()
    page.goto(f"{base}/search.html")
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
    per_query: list[dict] = []
    shown: list[float] = []
    dom: list[float] = []
    for round_number in range(rounds):
        for query in queries:
            result = page.evaluate(RUN_QUERY, query["q"])
            shown.append(result["shown"])
            dom.append(result["dom"])
            if round_number == 0:
                per_query.append(result)
    fresh: list[float] = []
    for query in queries:
        page.goto(f"{base}/search.html?q={quote(query['q'])}")
        fresh.append(page.evaluate(WAIT_LOADED_RESULTS))
    page.close()

    hits = []
    for query, result in zip(queries, per_query, strict=True):
        top = [page_of(href) for href in result["hrefs"][:3]]
        found = query["page"] in [doc for doc, _ in top]
        first = next((anchor for doc, anchor in top if doc == query["page"]), None)
        section = found and "anchor" in query and first == query["anchor"]
        hits.append({"query": query, "found": found, "section": section, "top": top})
    return {"hits": hits, "shown": shown, "dom": dom, "fresh": fresh}


def sizes(site: Path) -> dict:
    """searchindex.js, raw and gzipped, and the search scripts search.html loads."""
    index = (site / "searchindex.js").read_bytes()
    page = (site / "search.html").read_text(encoding="utf-8")
    loaded = {src.split("?")[0] for src in re.findall(r'<script[^>]* src="([^"]+)"', page)}
    scripts = sum((site / s).stat().st_size for s in SEARCH_SCRIPTS if s in loaded)
    return {"index": len(index), "gzip": len(gzip.compress(index, 9)), "js": scripts}


def recall(hits: list[dict], holdout: bool | None = None) -> tuple[int, int]:
    chosen = [h for h in hits if holdout is None or bool(h["query"].get("holdout")) == holdout]
    return sum(h["found"] for h in chosen), len(chosen)


def pct(part: tuple[int, int]) -> str:
    found, total = part
    return f"{100 * found / total:5.1f}% ({found}/{total})" if total else "—"


def beside(ours: float, stock: float | None, fmt: str) -> tuple[str, str]:
    """Our figure, and the baseline's with the ratio ours/stock."""
    if stock is None:
        return format(ours, fmt), ""
    return format(ours, fmt), f"{format(stock, fmt)}  ({ours / stock:.2f}×)" if stock else "—"


def report(ours: dict, stock: dict | None) -> list[tuple[str, str, str]]:
    rows = []
    for label, holdout in (("all queries", None), ("holdout", True), ("tuning set", False)):
        theirs = pct(recall(stock["hits"], holdout)) if stock else ""
        rows.append((f"recall@3, {label}", pct(recall(ours["hits"], holdout)), theirs))
    anchored = [h for h in ours["hits"] if "anchor" in h["query"]]
    rows.append(
        ("opens at the expected section", pct((sum(h["section"] for h in anchored), len(anchored))), "")
    )
    timings = (("submit → results shown", "shown"), ("submit → results in DOM", "dom"),
               ("load search.html?q= → shown", "fresh"))  # fmt: skip
    for label, key in timings:
        for stat, fn in (("median", statistics.median), ("max", max)):
            rows.append((f"{label}, {stat} ms", *beside(fn(ours[key]), stock and fn(stock[key]), "7.1f")))
    sizes_ = (("searchindex.js, bytes", "index"), ("searchindex.js gzip -9, bytes", "gzip"),
              ("search JS on search.html, bytes", "js"))  # fmt: skip
    for label, key in sizes_:
        rows.append((label, *beside(ours[key], stock and stock[key], "7d")))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="our built site")
    parser.add_argument("--stock", type=Path, default=ROOT / "_build" / "stock", help="stock build folder")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of all queries for the timings")
    parser.add_argument("--subset", choices=["all", "tuning"], default="all",
                        help="tuning: leave the holdout queries out entirely")  # fmt: skip
    parser.add_argument("--no-stock", action="store_true", help="measure our site only")
    args = parser.parse_args()

    queries = load_queries(args.queries)
    if args.subset == "tuning":
        queries = [q for q in queries if not q.get("holdout")]
    site = args.site if args.site.is_absolute() else ROOT / args.site
    if not (site / "searchindex.js").is_file():
        sys.exit(f"no built site in {site}; run `make html`")
    sites = {"ours": site}
    if not args.no_stock:
        stock = args.stock if args.stock.is_absolute() else ROOT / args.stock
        build_stock(stock)
        sites["stock"] = stock

    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only needed past the checks

    try:
        chromium = find_browser()
    except BrowserNotFound as exc:
        sys.exit(f"bench_search: {exc}")
    figures = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        for name, directory in sites.items():
            server, base = serve(directory)
            try:
                figures[name] = measure(browser, base, queries, args.rounds) | sizes(directory)
            finally:
                server.shutdown()
        browser.close()

    rows = report(figures["ours"], figures.get("stock"))
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"Search: {len(queries)} queries from {args.queries.relative_to(ROOT)}, {args.rounds} rounds; "
          f"Chromium {chromium}; load average {load} on {os.cpu_count()} CPUs")  # fmt: skip
    width = max(len(row[0]) for row in rows)
    print(f"{'':{width}}  {'ours':>18}  {'stock Sphinx (baseline)' if 'stock' in figures else ''}")
    for label, mine, theirs in rows:
        print(f"{label:{width}}  {mine:>18}  {theirs}")
    print("targets: recall@3 ≥ 95% (all and holdout), ≤ 50 ms per query, index ≤ 60 KB (61440 bytes)")
    for hit in (h for h in figures["ours"]["hits"] if not h["found"]):
        tag = " (holdout)" if hit["query"].get("holdout") else ""
        got = ", ".join(f"{d}#{a}" if a else d for d, a in hit["top"]) or "nothing"
        print(f"  miss{tag}: {hit['query']['q']!r} expected {hit['query']['page']}, got {got}")


if __name__ == "__main__":
    main()
