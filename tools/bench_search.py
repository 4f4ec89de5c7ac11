"""Search figures beside the stock baseline: recall, keystroke → results, index size, scale.

    .venv/bin/python -m tools.bench_search --site _build/html [--scale 10,50] [--subset tuning]

Runs the queries of tests/search_queries.toml in real Chromium (Debian's, driven by
Playwright) against two builds of the same pages, each served as GitHub Pages serves
it (tools/site_server.py: text gzipped):

* ours: the site (``--site``), built with conf.py (ext/zh_search/, search.js);
* stock: Sphinx's own Chinese search (jieba, furo), built here with
  tools/stock/conf.py into ``--stock`` (default _build/stock).

and prints, for each:

* recall@3 at page level (the expected page among the first 3 results) and at
  section level (``page.html#anchor`` among them; stock links pages only, so only a
  query whose answer is a whole page can count), on all queries, the tuning set and
  the holdout, and ours by kind of query. Ours runs every query in one loaded page
  (``Search.query``), as tests/test_search.py does;
* keystroke → results shown: for the first query on a page opened with an empty
  cache (and left half a second to settle, as a reader reads before searching), the
  box is focused and the query typed at once, so the time includes loading
  search.js and the index (the median and maximum of ``--cold`` fresh
  pages); then, on that page, every query typed in turn (median and maximum). Ours
  is timed to the first frame after the box's list shows the query's results; stock
  has no box, so its figure is ``Search.performSearch`` on its loaded search page;
* the size of the index (ours searchindex-zh.js, stock searchindex.js, and any shards, raw
  and gzip -9) and of the
  search JavaScript.

Then, unless ``--scale ""``, synthetic copies of the site at 10× and 50× the content
(every page but the home page copied with its own labels and its sentences shuffled,
diagrams left out; in a temporary folder, deleted after): the build time, the index
size (raw and gzipped, in all and fetched by the first query) and the first query's
keystroke → results on an empty cache. Targets at 10×: build ≤ 30 s, first results
≤ 150 ms, ≤ 150 KB gzipped fetched for the first query.

Prints, never fails on a number (the targets are in docs/search.md); exits non-zero
only if a build or the browser fails. ``--subset tuning`` leaves the holdout queries
out entirely: use it while tuning, so the holdout stays unseen.
"""

from __future__ import annotations

import argparse
import gzip
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from contextlib import ExitStack
from pathlib import Path

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser
from tools.site_server import serve_site

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search_queries.toml"
TARGETS = (
    "targets: recall@3 at section level ≥ 95% on the holdout; keystroke → results ≤ 100 ms median, "
    "first query included; index ≤ 40 KB gzipped; at 10×: build ≤ 30 s, first results ≤ 150 ms, "
    "≤ 150 KB gzipped fetched"
)

# Ours, in one loaded page: each query's first 3 results.
OURS_QUERIES = """async (queries) => {
  await Search.ready;
  const out = [];
  for (const q of queries) out.push((await Search.query(q, 3)).map((r) => [r.doc, r.ids]));
  return out;
}"""
# Types `q` into the box (focusing it first: on a fresh page that loads the engine and
# the index) and resolves at the first frame after the list shows its results.
TYPE_QUERY = """async (q) => {
  const box = document.querySelector("input.sidebar-search");
  const start = performance.now();
  box.focus();
  box.value = q;
  box.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText", data: q }));
  await new Promise((resolve) => {
    const shown = () => document.getElementById("search-list")?.dataset.query === q.trim();
    if (shown()) return resolve();
    const observer = new MutationObserver(() => shown() && (observer.disconnect(), resolve()));
    observer.observe(document.querySelector("form.sidebar-search-container"), {
      subtree: true, childList: true, attributes: true,
    });
  });
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return performance.now() - start;
}"""
# Stock: Search.performSearch on its loaded search page, to the frame after its status line.
STOCK_QUERY = """async (query) => {
  const out = document.getElementById("search-results");
  out.replaceChildren();
  const start = performance.now();
  await new Promise((resolve) => {
    const done = () => (out.querySelector("p.search-summary")?.textContent ?? "") !== "";
    const observer = new MutationObserver(() => done() && (observer.disconnect(), resolve()));
    observer.observe(out, { subtree: true, childList: true, characterData: true });
    Search.performSearch(query);
  });
  await new Promise((resolve) => requestAnimationFrame(resolve));
  return {
    ms: performance.now() - start,
    hrefs: [...out.querySelectorAll("ul.search > li > a")].map((a) => a.getAttribute("href")),
  };
}"""


# The fields a query of tests/search_queries.toml may have, and their types.
QUERY_FIELDS = {"q": str, "page": str, "anchor": str, "kind": str, "holdout": bool, "known_miss": str}


def load_queries(path: Path) -> list[dict]:
    """The query set, checked (the tests and the bench read it here): a bad entry raises
    ValueError naming the file and the query."""
    queries = tomllib.loads(path.read_text(encoding="utf-8")).get("query", [])
    for number, query in enumerate(queries, 1):
        where = f"{path.name}, query #{number} ({query.get('q', '?')!r})"
        for key in ("q", "page", "anchor"):
            if not str(query.get(key, "")).strip():
                raise ValueError(f"{where}: `{key}` is missing or empty")
        for key, value in query.items():
            if key not in QUERY_FIELDS or not isinstance(value, QUERY_FIELDS[key]):
                fields = ", ".join(QUERY_FIELDS)
                raise ValueError(f"{where}: unexpected `{key} = {value!r}`; fields: {fields}")
    return queries


def sphinx_build(srcdir: Path, outdir: Path, confdir: Path, strict: bool = False) -> float:
    """Build html into a fresh ``outdir``; the seconds it took."""
    shutil.rmtree(outdir, ignore_errors=True)
    doctrees = outdir.with_name(outdir.name + ".doctrees")
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        "html",
        "-c",
        str(confdir),
        str(srcdir),
        str(outdir),
        "-d",
        str(doctrees),
        *(["-nW", "--keep-going"] if strict else []),
    ]
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600")}
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"build of {srcdir} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return took


OURS, STOCK = "searchindex-zh.js", "searchindex.js"  # each build's index file


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def index_sizes(site: Path, name: str) -> dict:
    """The index ``name`` and its shards (``<name>-*.js``), raw and gzipped."""
    main = (site / name).read_bytes()
    shards = [p.read_bytes() for p in sorted(site.glob(name.replace(".js", "-*.js")))]
    return {
        "index": len(main),
        "index_gz": gz(main),
        "shards": len(shards),
        "all": len(main) + sum(map(len, shards)),
        "all_gz": gz(main) + sum(map(gz, shards)),
    }


def js_sizes(site: Path) -> dict:
    return {name: gz((site / "_static" / name).read_bytes()) for name in ("site.js", "search.js")}


def page_of(href: str) -> tuple[str, str]:
    """'./faq.html#is-recruiting-free' → ('faq', 'is-recruiting-free')."""
    path, _, anchor = href.partition("#")
    return re.sub(r"\.html$", "", path.removeprefix("./").rsplit("/", 1)[-1]), anchor


def first_queries(browser, root: str, queries: list[str]) -> tuple[list[float], list[int]]:
    """Each query typed first on a fresh page (empty cache): ms, and bytes of search files fetched."""
    times, fetched = [], []
    for query in queries:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        sent: list[int] = []

        def count(response, sent=sent) -> None:
            name = response.url.rsplit("/", 1)[-1].split("?")[0]
            if name.startswith("searchindex") or name == "search.js":
                sent.append(int(response.headers.get("content-length", 0)))  # gzipped, as sent

        page.on("response", count)
        page.goto(root + "faq.html", wait_until="load")
        page.wait_for_timeout(500)  # a reader looks at the page before searching; it settles meanwhile
        times.append(page.evaluate(TYPE_QUERY, query))
        fetched.append(sum(sent))
        context.close()
    return times, fetched


def measure_ours(browser, site: Path, queries: list[dict], cold: int) -> dict:
    with serve_site(site) as hosted:
        times, fetched = first_queries(browser, hosted.root, [q["q"] for q in queries[:cold]])
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(hosted.root + "faq.html")
        page.evaluate(TYPE_QUERY, "招商经理")  # loads the index
        results = page.evaluate(OURS_QUERIES, [q["q"] for q in queries])
        typed = [page.evaluate(TYPE_QUERY, q["q"]) for q in queries]
        context.close()
    hits = []
    for query, top in zip(queries, results, strict=True):
        pages = [doc for doc, _ids in top]
        section = any(doc == query["page"] and query["anchor"] in ids for doc, ids in top)
        hits.append({"query": query, "page": query["page"] in pages, "section": section})
    return {"hits": hits, "first": times, "fetched": fetched, "typed": typed}


def measure_stock(browser, site: Path, queries: list[dict]) -> dict:
    with serve_site(site) as hosted:
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
        page.goto(hosted.root + "search.html")
        page.wait_for_function("() => typeof Search !== 'undefined' && Search._index !== null")
        runs = [page.evaluate(STOCK_QUERY, q["q"]) for q in queries]
        page.close()
    hits = []
    for query, run in zip(queries, runs, strict=True):
        top = [page_of(h) for h in run["hrefs"][:3]]
        # Stock links pages, not sections: only an answer that is the page itself counts.
        section = any(doc == query["page"] and (anchor or doc) == query["anchor"] for doc, anchor in top)
        hits.append({"query": query, "page": query["page"] in [d for d, _ in top], "section": section})
    return {"hits": hits, "typed": [r["ms"] for r in runs]}


def pct(hits: list[dict], key: str, holdout: bool | None = None) -> str:
    chosen = [h for h in hits if holdout is None or bool(h["query"].get("holdout")) == holdout]
    found = sum(h[key] for h in chosen)
    return f"{100 * found / len(chosen):5.1f}% ({found}/{len(chosen)})" if chosen else "—"


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} / {max(values):6.1f}" if values else "—"


# -- Synthetic scale ------------------------------------------------------------------

_LABEL = re.compile(r"^\(([a-z0-9-]+)\)=\s*$", re.M)
_DIAGRAM = re.compile(r"^```\{(mermaid|decision-tree)\}.*?^```\s*$", re.M | re.S)
_PLAIN = re.compile(r"^(?![#|:`(>\s]|\d+\.|- |\* )(.+。.+)$", re.M)


def copy_page(text: str, suffix: str, rng: random.Random) -> str:
    """One page, relabelled (every label gets ``suffix``) with its sentences shuffled."""
    labels = _LABEL.findall(text)
    text = _DIAGRAM.sub("", text)
    for label in sorted(labels, key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(label)}(?![\w-])", f"{label}{suffix}", text)
    text = re.sub(r"\{term\}`([^`<]+?)(?: <[^>]+>)?`", r"\1", text)  # copies have no glossary of their own

    def shuffle(match: re.Match[str]) -> str:
        sentences = [s for s in match.group(1).split("。") if s]
        rng.shuffle(sentences)
        return "。".join(sentences) + "。"

    return _PLAIN.sub(shuffle, text)


def make_scaled_source(factor: int, into: Path) -> Path:
    """source/ with every page but the home page present ``factor`` times (the original and copies)."""
    src = into / f"source-{factor}x"
    shutil.copytree(ROOT / "source", src, ignore=shutil.ignore_patterns("_static", "_templates"))
    rng = random.Random(factor)
    pages = [p for p in sorted(src.glob("*.md")) if p.stem != "index"]
    for copy in range(1, factor):
        for page in pages:
            text = page.read_text(encoding="utf-8")
            (src / f"{page.stem}-{copy}.md").write_text(copy_page(text, f"-{copy}", rng), encoding="utf-8")
    return src


def measure_scale(browser, factor: int, workdir: Path, queries: list[str]) -> dict:
    src = make_scaled_source(factor, workdir)
    out = workdir / f"html-{factor}x"
    took = sphinx_build(src, out, ROOT)
    with serve_site(out) as hosted:
        first, fetched = first_queries(browser, hosted.root, queries)
    return {
        "factor": factor,
        "pages": len(list(src.glob("*.md"))),
        "build": took,
        "first": first,
        "fetched": fetched,
        **index_sizes(out, OURS),
    }


def report(ours: dict, stock: dict | None, scaled: list[dict], queries: list[dict], args) -> None:
    chromium = find_browser()
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"Search: {len(queries)} queries from {args.queries.relative_to(ROOT)} ({args.subset}); "
        f"Chromium {chromium}; load average {load} on {os.cpu_count()} CPUs"
    )
    rows: list[tuple[str, str, str]] = []
    for level in ("page", "section"):
        for label, holdout in (("all", None), ("tuning", False), ("holdout", True)):
            if args.subset == "tuning" and holdout:
                continue
            theirs = pct(stock["hits"], level, holdout) if stock else ""
            rows.append((f"recall@3, {level}, {label}", pct(ours["hits"], level, holdout), theirs))
    for kind in sorted({h["query"].get("kind", "?") for h in ours["hits"]}):
        kind_hits = [h for h in ours["hits"] if h["query"].get("kind") == kind]
        rows.append((f"  section, kind {kind}", pct(kind_hits, "section"), ""))
    rows += [
        ("first query: keystroke → results, median / max ms", ms(ours["first"]), "—"),
        ("  search files fetched for it, gzip bytes", f"{statistics.median(ours['fetched']):.0f}", ""),
        (
            "later queries: keystroke → results, median / max ms",
            ms(ours["typed"]),
            f"{ms(stock['typed'])} (submit)" if stock else "",
        ),
        (
            "search index raw / gzip -9, bytes",
            f"{ours['index']} / {ours['index_gz']}",
            f"{stock['index']} / {stock['index_gz']}" if stock else "",
        ),
        ("index shards", str(ours["shards"]), ""),
        ("site.js / search.js, gzip bytes", f"{ours['site.js']} / {ours['search.js']}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'ours':>22}  {'stock Sphinx (baseline)' if stock else ''}")
    for label, mine, theirs in rows:
        print(f"{label:{width}}  {mine:>22}  {theirs}")
    if scaled:
        print("\nScale: the site's pages copied with their own labels and shuffled sentences")
        print(
            f"{'content':>8} {'pages':>6} {'build s':>8} {'index raw/gz KB':>17} {'all raw/gz KB':>15} "
            f"{'shards':>6} {'1st query fetched KB':>21} {'1st query ms med/max':>21}"
        )
        for s in scaled:
            print(
                f"{s['factor']:>7}× {s['pages']:>6} {s['build']:>8.1f} "
                f"{s['index'] / 1024:>8.1f}/{s['index_gz'] / 1024:<8.1f} "
                f"{s['all'] / 1024:>7.1f}/{s['all_gz'] / 1024:<7.1f} {s['shards']:>6} "
                f"{statistics.median(s['fetched']) / 1024:>21.1f} {ms(s['first']):>21}"
            )
    print(TARGETS)
    if args.subset == "tuning":  # the holdout's misses are never listed
        for hit in (h for h in ours["hits"] if not h["section"]):
            print(f"  miss: {hit['query']['q']!r} expected {hit['query']['page']}#{hit['query']['anchor']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html", help="our built site")
    parser.add_argument("--stock", type=Path, default=ROOT / "_build" / "stock", help="stock build folder")
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--cold", type=int, default=5, help="fresh pages timed for the first query")
    parser.add_argument("--scale", default="10,50", help='content multiples to build and time ("" for none)')
    parser.add_argument(
        "--subset",
        choices=["all", "tuning"],
        default="all",
        help="tuning: leave the holdout queries out entirely",
    )
    parser.add_argument("--no-stock", action="store_true", help="measure our site only")
    args = parser.parse_args()

    try:
        queries = load_queries(args.queries)
    except ValueError as exc:
        sys.exit(str(exc))
    if args.subset == "tuning":
        queries = [q for q in queries if not q.get("holdout")]
    site = args.site if args.site.is_absolute() else ROOT / args.site
    if not (site / "searchindex-zh.js").is_file():
        sys.exit(f"no built site in {site}; run `make html`")
    stock_dir = args.stock if args.stock.is_absolute() else ROOT / args.stock
    if not args.no_stock:
        sphinx_build(ROOT / "source", stock_dir, ROOT / "tools" / "stock")
    factors = [int(f) for f in args.scale.split(",") if f.strip()]

    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only needed past the checks

    try:
        chromium = find_browser()
    except BrowserNotFound as exc:
        sys.exit(f"bench_search: {exc}")
    with sync_playwright() as pw, ExitStack() as stack:
        browser = pw.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        ours = measure_ours(browser, site, queries, args.cold) | index_sizes(site, OURS) | js_sizes(site)
        stock = (
            None
            if args.no_stock
            else measure_stock(browser, stock_dir, queries) | index_sizes(stock_dir, STOCK)
        )
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="search-scale-")))
        scaled = [measure_scale(browser, f, workdir, [q["q"] for q in queries[: args.cold]]) for f in factors]
        browser.close()

    report(ours, stock, scaled, queries, args)


if __name__ == "__main__":
    main()
