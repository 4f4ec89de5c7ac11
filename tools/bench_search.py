"""Search figures beside the stock baseline: recall, keystroke → results, index size.

    .venv/bin/python -m tools.bench_search --site _build/html [--subset tuning]

The queries of tests/search_queries.toml in Chromium, against our site and Sphinx's own
Chinese search on the same pages (tools/stock/conf.py, built into ``--stock``), each served
as GitHub Pages serves it. Prints, never fails on a number; docs/search.md ("Figures").
"""

import argparse
import gzip
import json
import os
import re
import shutil
import statistics
import sys
import tomllib
from itertools import product
from pathlib import Path

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser
from ext.zh_search.tokenizer import canonical
from tools.bench_site import ROOT, build
from tools.site_server import serve_site

QUERIES = ROOT / "tests" / "search_queries.toml"
OURS, STOCK = "searchindex-zh.js", "searchindex.js"  # each build's index file
# The fields a query of tests/search_queries.toml may have, and their types.
QUERY_FIELDS = dict.fromkeys(("q", "page", "anchor", "answer", "kind"), str) | {"holdout": bool}
SELLERS = {"faq-rephrased", "wechat", "pinyin", "typo"}  # the kinds of the sellers' questions set
TARGETS = (
    "targets: recall@3 at section level ≥ 95% on each set; keystroke → results ≤ 100 ms median, "
    "first query included; a 1,000-word paste ≤ 300 ms over a short query; index ≤ 40 KB gzipped"
)
SETS = (("earlier set", False), ("sellers' questions", True))
HOLDOUT = (("all", None), ("tuning", False), ("holdout", True))
PASTE = " ".join(["seller", "account", "brand", "registry", "suspended", "policy", "lorem", "ipsum"] * 125)

OURS_QUERIES = (ROOT / "tests" / "search_run_queries.js").read_text(encoding="utf-8")
DESKTOP = {"width": 1280, "height": 800}
TYPE_QUERY = (ROOT / "tools" / "bench_type_query.js").read_text(encoding="utf-8")
STOCK_QUERY = (ROOT / "tools" / "bench_stock_query.js").read_text(encoding="utf-8")


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


def sizes(site: Path, index: str, scripts: tuple[str, ...] = ()) -> dict:
    """The index's bytes raw and gzip -9'd, and each script's in _static/ gzip -9'd."""
    files = {"index_gz": site / index} | {name: site / "_static" / name for name in scripts}
    gzipped = {key: len(gzip.compress(path.read_bytes(), 9, mtime=0)) for key, path in files.items()}
    return {"index": len((site / index).read_bytes()), **gzipped}


def section_texts(site: Path) -> dict[tuple[str, str], str]:
    """(page, anchor) → the title and text, canonical, of the unit of the built index it opens."""
    text = (site / OURS).read_text(encoding="utf-8")
    data = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    zh, texts = data["zh"], {}
    for (doc, anchor, title, *more), body in zip(zh["units"], zh["texts"], strict=True):
        for a in [anchor, *(more[0] if more else [])]:  # a glossary entry's other terms' anchors
            texts[data["docnames"][doc], a] = canonical(title + body)
    return texts


def answered(query: dict, results: list[dict], texts: dict) -> bool:
    """A result opens the query's section, or a section that holds its `answer` (it moved)."""
    answer = canonical(query.get("answer", ""))
    mine = [(query["page"], query["anchor"]) in [(r["doc"], i) for i in r["ids"]] for r in results]
    return any(mine) or any(answer and answer in texts.get((r["doc"], r["ids"][0]), "") for r in results)


def top_results(page, queries: list[str]) -> list[list[dict]]:
    """Each query's top 3 in our loaded ``page``, the engine and index loaded as a reader's focus does."""
    page.focus("input.sidebar-search")
    page.wait_for_function("() => window.Search", timeout=10_000)
    return page.evaluate(OURS_QUERIES, [queries, 3])


def page_of(href: str) -> tuple[str, str]:
    """'./faq.html#is-recruiting-free' → ('faq', 'is-recruiting-free')."""
    path, _, anchor = href.partition("#")
    return re.sub(r"\.html$", "", path.removeprefix("./").rsplit("/", 1)[-1]), anchor


def measure_ours(browser, site: Path, queries: list[dict], cold: int) -> dict:
    """The first ``cold`` queries each typed first on a fresh page (empty cache): ms; then every
    query in one page: its top 3, and keystroke → results; then a short query and a paste, by turns."""
    times = []
    with serve_site(site) as hosted:
        for query in queries[:cold]:
            page = browser.new_page(viewport=DESKTOP)  # a context of its own: an empty cache
            page.goto(hosted.root + "faq.html", wait_until="load")
            page.wait_for_timeout(500)  # a reader looks at the page before searching; it settles meanwhile
            times.append(page.evaluate(TYPE_QUERY, [query["q"]]))
            page.close()
        page = browser.new_page(viewport=DESKTOP)
        page.goto(hosted.root + "faq.html")
        page.evaluate(TYPE_QUERY, ["招商经理"])  # the box typed into once, before it is timed
        results = top_results(page, [q["q"] for q in queries])
        typed = [page.evaluate(TYPE_QUERY, [q["q"]]) for q in queries]
        pastes = [page.evaluate(TYPE_QUERY, [q, True]) for q in ["运营经理", PASTE] * 5]
        page.close()
    texts, hits = section_texts(site), []
    for query, top in zip(queries, results, strict=True):
        page = query["page"] in [r["doc"] for r in top]
        hits.append({"query": query, "page": page, "section": answered(query, top, texts)})
    return {"hits": hits, "first": times, "typed": typed, "pastes": pastes}


def measure_stock(browser, site: Path, queries: list[dict]) -> dict:
    with serve_site(site) as hosted:
        page = browser.new_page()
        page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
        page.goto(hosted.root + "search.html")
        page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
        runs = [page.evaluate(STOCK_QUERY, q["q"]) for q in queries]
        page.close()
    hits = []
    for query, run in zip(queries, runs, strict=True):
        top = [page_of(h) for h in run["hrefs"][:3]]
        # Stock links pages, not sections: only an answer that is the page itself counts.
        section = any(doc == query["page"] and (anchor or doc) == query["anchor"] for doc, anchor in top)
        hits.append({"query": query, "page": query["page"] in [d for d, _ in top], "section": section})
    return {"hits": hits, "typed": [r["ms"] for r in runs]} | sizes(site, STOCK)


def pct(hits: list[dict], key: str, holdout: bool | None = None, sellers: bool | None = None) -> str:
    """Recall of the hits of one set (sellers' questions or not) and part (holdout or not)."""
    chosen = [h for h in hits if holdout in (None, bool(h["query"].get("holdout")))]
    chosen = [h for h in chosen if sellers in (None, h["query"].get("kind") in SELLERS)]
    found = sum(h[key] for h in chosen)
    return f"{100 * found / len(chosen):5.1f}% ({found}/{len(chosen)})" if chosen else "—"


def ms(values: list[float]) -> str:
    return f"{statistics.median(values):6.1f} / {max(values):6.1f}" if values else "—"


def report(ours: dict, stock: dict | None, queries: list[dict], args) -> None:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(
        f"Search: {len(queries)} queries from {args.queries.relative_to(ROOT)} ({args.subset}); "
        f"Chromium {find_browser()}; load average {load} on {os.cpu_count()} CPUs"
    )
    rows: list[tuple[str, str, str]] = []
    for (name, sellers), level, (label, holdout) in product(SETS, ("page", "section"), HOLDOUT):
        if not (args.subset == "tuning" and holdout):
            theirs = pct(stock["hits"], level, holdout, sellers) if stock else ""
            rows.append(
                (f"recall@3, {name}, {level}, {label}", pct(ours["hits"], level, holdout, sellers), theirs)
            )
    for kind in sorted({h["query"].get("kind", "?") for h in ours["hits"]}):
        kind_hits = [h for h in ours["hits"] if h["query"].get("kind") == kind]
        rows.append((f"  section, kind {kind}", pct(kind_hits, "section"), ""))
    typed = f"{ms(stock['typed'])} (submit)" if stock else ""
    index = f"{stock['index']} / {stock['index_gz']}" if stock else ""
    rows += [
        ("first query: keystroke → results, median / max ms", ms(ours["first"]), "—"),
        ("later queries: keystroke → results, median / max ms", ms(ours["typed"]), typed),
        ("a short query, then a paste of 1,000 words: the query", ms(ours["pastes"][::2]), ""),
        ("  the paste (the box's maxlength applies), median / max ms", ms(ours["pastes"][1::2]), ""),
        ("search index raw / gzip -9, bytes", f"{ours['index']} / {ours['index_gz']}", index),
        ("site.js / search.js, gzip bytes", f"{ours['site.js']} / {ours['search.js']}", ""),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'ours':>22}  {'stock Sphinx (baseline)' if stock else ''}")
    for label, mine, theirs in rows:
        print(f"{label:{width}}  {mine:>22}  {theirs}")
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
    parser.add_argument("--subset", choices=["all", "tuning"], default="all", help="tuning: no holdout")
    parser.add_argument("--no-stock", action="store_true", help="measure our site only")
    args = parser.parse_args()

    try:
        queries = load_queries(args.queries)
    except ValueError as exc:
        sys.exit(str(exc))
    if args.subset == "tuning":
        queries = [q for q in queries if not q.get("holdout")]
    site = ROOT / args.site  # an absolute --site stays as it is
    if not (site / OURS).is_file():
        sys.exit(f"no built site in {site}; run `make html`")
    stock_dir = ROOT / args.stock
    if not args.no_stock:
        shutil.rmtree(stock_dir, ignore_errors=True)
        build(ROOT / "tools" / "stock", stock_dir, strict=False)

    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only needed past the checks

    try:
        chromium = find_browser()
    except BrowserNotFound as exc:
        sys.exit(f"bench_search: {exc}")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=BROWSER_ARGS)
        ours = measure_ours(browser, site, queries, args.cold) | sizes(site, OURS, ("site.js", "search.js"))
        stock = None if args.no_stock else measure_stock(browser, stock_dir, queries)

    report(ours, stock, queries, args)


if __name__ == "__main__":
    main()
