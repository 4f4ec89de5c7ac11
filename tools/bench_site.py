"""Site figures beside the stock furo build of the same pages (tools/stock/conf.py): build
times (clean, no-change, and a fresh clone's first build with its profile), page weight and
axe from one crawl of each, Lighthouse on faq.html. Prints, never fails on a number.
`make bench`.
"""

import argparse
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from ext.browser import BROWSER_ARGS, find_browser
from tools.crawl import crawl
from tools.site_server import serve_site

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE_PAGE = "faq.html"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The steps of our own build worth naming, by function (a cProfile of one cold build).
STEPS = {
    "draw": "Mermaid drawn by Chromium (a new or changed diagram only)",
    "check": "Mermaid's parser in Node (a new or changed diagram only)",
    "initialize": "jieba's dictionary loaded",
    "build_section_index": "search index (jieba cuts every section)",
    "traditional_map": "Traditional folding table (OpenCC)",
    "trim_theme_css": "PurgeCSS on the theme's stylesheets",
    "_env_updated": "page dates from git",
}


def build(conf_dir: Path, out: Path, strict: bool, profile: Path | None = None, root: Path = ROOT) -> float:
    """Build ``root``'s pages into ``out`` (doctrees beside it) with the conf.py in ``conf_dir``;
    the wall time in seconds. bench_search builds its stock site with it too."""
    flags = ["-nW", "--keep-going"] if strict else []
    run = [sys.executable, *(["-m", "cProfile", "-o", str(profile)] if profile else []), "-m", "sphinx"]
    cmd = [*run, "-q", "-b", "html", "-c", str(conf_dir), *flags]
    cmd += ["-d", str(out.with_name(out.name + ".doctrees")), str(root / "source"), str(out)]
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600")}
    if root != ROOT:  # a fresh clone builds from the drawings it ships: no browser
        env["CHROMIUM"] = "/nonexistent"
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=root, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        log = proc.stdout[-3000:] + proc.stderr[-3000:]
        sys.exit(f"{Path(sys.argv[0]).stem}: build with {conf_dir} failed:\n{log}")
    return elapsed


def build_times(conf_dir: Path, strict: bool, runs: int, keep: Path) -> tuple[float, float]:
    """Median clean build and no-change rebuild times; the last build is left in ``keep``."""
    clean, rebuild = [], []
    for i in range(runs):
        out = keep if i == runs - 1 else Path(tempfile.mkdtemp(prefix="bench-"))
        shutil.rmtree(out, ignore_errors=True)
        clean.append(build(conf_dir, out / "html", strict))
        rebuild.append(build(conf_dir, out / "html", strict))
    return statistics.median(clean), statistics.median(rebuild)


def first_build(work: Path, runs: int) -> tuple[float, list[tuple[float, str]]]:
    """The first build of a fresh clone of the last commit (node_modules lent, as `npm ci` would
    make it), without a browser: the median of ``runs`` clones, and our slowest steps in one
    more, profiled (cProfile slows it, so it is not timed)."""
    times, profile = [], work.resolve() / "first.prof"
    for i in range(runs + 1):
        clone = work.resolve() / "clone"
        shutil.rmtree(clone, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        (clone / "node_modules").symlink_to(ROOT / "node_modules")
        out = clone / "_build" / "html"
        times.append(build(clone, out, True, root=clone, profile=profile if i == runs else None))
    stats = pstats.Stats(str(profile)).stats  # (file, line, function) → (…, cumulative time, …)
    steps = [
        (max((v[3] for k, v in stats.items() if k[2] == name), default=0.0), label)
        for name, label in STEPS.items()
    ]
    return statistics.median(times[:runs]), sorted(steps, reverse=True)


def lighthouse(site: Path, runs: int) -> dict[str, float]:
    """Lighthouse CI on LIGHTHOUSE_PAGE: the median score of each category."""
    lhci = ROOT / "node_modules" / ".bin" / "lhci"
    with tempfile.TemporaryDirectory() as tmp:
        flags = "--settings.chromeFlags=--headless=new " + " ".join(BROWSER_ARGS)
        url = f"--url=http://localhost/{LIGHTHOUSE_PAGE}"
        cmd = [str(lhci), "collect", f"--staticDistDir={site.resolve()}", url, f"-n={runs}", flags]
        env = {**os.environ, "CHROME_PATH": find_browser()}
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, env=env, check=False)
        if proc.returncode != 0:
            log = proc.stdout[-2000:] + proc.stderr[-2000:]
            sys.exit(f"bench_site: Lighthouse CI failed on {site}:\n{log}")
        reports = [json.loads(p.read_text()) for p in Path(tmp, ".lighthouseci").glob("lhr-*.json")]
    return {c: statistics.median(r["categories"][c]["score"] * 100 for r in reports) for c in CATEGORIES}


def crawl_figures(site: Path) -> tuple[dict[str, tuple[int, int, int, list[str]]], dict[str, int]]:
    """One crawl (tools/crawl.py): page → (bytes sent, bytes raw, requests, blocked URLs),
    the search index left out; and axe-core violations (rule × page) per theme."""
    with serve_site(site) as hosted:
        visits = crawl(hosted, find_browser(), BROWSER_ARGS, labels=False)
    weights = {}
    for name, visit in visits.items():
        counted = [r for r in visit.requests if "searchindex" not in urlsplit(r.url).path]
        sent, raw, blocked = sum(r.sent for r in counted), sum(r.size for r in counted), visit.blocked
        weights[name] = (sent, raw, len(counted) + len(blocked), blocked)
    weights.pop("404.html", None)  # served only for a missing URL
    axe = {theme: sum(v.axe[theme].violations_count for v in visits.values()) for theme in ("light", "dark")}
    return weights, axe


def kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def ratio(ours: float, stock: float) -> str:
    return f"{ours / stock:.2f}×" if stock else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--runs", type=int, default=3, help="runs for the medians (builds, Lighthouse)")
    parser.add_argument("--work", type=Path, default=ROOT / "_build" / "bench", help="folder for the builds")
    args = parser.parse_args()
    print(f"Builds (median of {args.runs}; clean = fresh folder, rebuild = nothing changed):")
    ours_t = build_times(ROOT, True, args.runs, args.work / "ours")
    stock_t = build_times(ROOT / "tools" / "stock", False, args.runs, args.work / "stock")
    stock_site = args.work / "stock" / "html"
    for label, o, s in (("clean build", ours_t[0], stock_t[0]), ("no-change rebuild", ours_t[1], stock_t[1])):
        print(f"  {label:18} ours {o:6.2f} s   stock {s:6.2f} s   ours/stock {ratio(o, s)}")
    first, steps = first_build(args.work, args.runs)
    print(
        f"  {'first build':18} ours {first:6.2f} s   (a fresh clone)   ours/stock {ratio(first, stock_t[0])}"
    )
    print("  where the first build's time goes (cumulative, in one more, profiled):")
    for seconds, label in steps:
        print(f"    {seconds:5.2f} s  {label}")

    (ours_w, ours_axe), (stock_w, stock_axe) = crawl_figures(args.site), crawl_figures(stock_site)

    common = sorted(ours_w.keys() & stock_w.keys())
    content = [p for p in common if p not in {"search.html", "genindex.html"}]
    print("\nPage weight (bytes sent, text gzipped as a host sends it; raw in brackets; search index apart):")
    print(f"  {'page':22} {'ours':>20} {'req':>4}   {'stock':>20} {'req':>4}   ours/stock")
    for page in common:
        (ob, oraw, orq, _), (sb, sraw, srq, blocked) = ours_w[page], stock_w[page]
        note = f"  (+{len(blocked)} blocked: {urlsplit(blocked[0]).netloc})" if blocked else ""
        ours, stock = f"{kb(ob)} ({kb(oraw)})", f"{kb(sb)} ({kb(sraw)})"
        print(f"  {page:22} {ours:>20} {orq:>4}   {stock:>20} {srq:>4}   {ratio(ob, sb)}{note}")
    for label, pick in (("heaviest content page", max), ("lightest content page", min)):
        o = pick(content, key=lambda p: ours_w[p][0])
        s = pick(content, key=lambda p: stock_w[p][0])
        print(f"  {label}: ours {o} {kb(ours_w[o][0])}, stock {s} {kb(stock_w[s][0])}")
    o_med = statistics.median(ours_w[p][0] for p in content)
    s_med = statistics.median(stock_w[p][0] for p in content)
    print(f"  median content page: ours {kb(o_med)}, stock {kb(s_med)} ({ratio(o_med, s_med)})")
    o_req, s_req = max(ours_w[p][2] for p in common), max(stock_w[p][2] for p in common)
    print(f"  most requests on a page: ours {o_req}, stock {s_req}")

    print("\naxe-core violations (rule × page, all pages):")
    for scheme in ("light", "dark"):
        print(f"  {scheme:5}  ours {ours_axe[scheme]}   stock {stock_axe[scheme]}")

    categories = " / ".join(CATEGORIES)
    print(f"\nLighthouse 12.2.3, mobile, {LIGHTHOUSE_PAGE}, median of {args.runs} runs ({categories}):")
    for label, site in (("ours", args.site), ("stock", stock_site)):
        scores = lighthouse(site, args.runs)
        print(f"  {label:5}  " + " / ".join(f"{scores[c]:g}" for c in CATEGORIES))
    print("\n(stock: mermaid.js and other jsdelivr requests are blocked here, as for an offline reader)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
