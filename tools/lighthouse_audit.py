"""Lighthouse (mobile preset) on every content page: `make audit`.

    .venv/bin/python -m tools.lighthouse_audit --site _build/html [--runs 3] [--pages faq.html]

Serves the built site on 127.0.0.1 under its public path (tools/site_server.py), runs
npm ``lighthouse`` (pinned to 12.2.3 in package-lock.json; 13 needs Node 22) with its
default mobile preset on Debian's Chromium, and prints the performance,
accessibility, best-practices and SEO scores of each page (the median of ``--runs``
runs), with every audit that cost points. Exits 1 if a score is below ``--min``
(default 100). About 20 s a page on a 2-core machine, so it runs in `make audit`, not
`make test`; .ci/run and CI's audit job run it after the tests (docs/quality.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser
from tools.site_server import serve_site

ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROME_FLAGS = " ".join(["--headless=new", *BROWSER_ARGS])
NOT_CONTENT = {"search.html", "genindex.html", "404.html"}


def chromium() -> str:
    if os.environ.get("CHROME_PATH"):  # Lighthouse's own variable wins
        return os.environ["CHROME_PATH"]
    try:
        return find_browser()
    except BrowserNotFound as exc:
        sys.exit(f"lighthouse_audit: {exc}")


def content_pages(site: Path) -> list[str]:
    return sorted(p.name for p in site.glob("*.html") if p.name not in NOT_CONTENT)


def run_once(url: str) -> dict:
    """One Lighthouse run: {category: score 0–100, "lost": [audits that cost points]}."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp, "report.json")
        cmd = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]  # fmt: skip
        env = {**os.environ, "CHROME_PATH": chromium()}
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, check=False)
        if proc.returncode != 0 or not report.exists():
            raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
        data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    lost = []
    for category in CATEGORIES:
        for ref in data["categories"][category]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{category}: {ref['id']} {audit.get('displayValue', '')}".rstrip())
    return {**scores, "lost": lost}


def audit(site: Path, pages: list[str], runs: int = 1, retries: int = 0, floor: int = 100) -> dict[str, dict]:
    """Median scores per page over ``runs`` runs, and the audits that cost points in any run.

    Performance is measured, so a busy machine can cost a point: a page below ``floor``
    is audited again up to ``retries`` times, and its best run of scores is kept.
    """
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse_audit: node_modules/.bin/lighthouse is missing: run `npm ci` (make does)")
    results = {}
    with serve_site(site) as hosted:
        for page in pages:
            url = hosted.urls.get(page) or hosted.root + page
            for _attempt in range(retries + 1):
                samples = [run_once(url) for _ in range(runs)]
                result = {c: statistics.median(s[c] for s in samples) for c in CATEGORIES}
                result["lost"] = sorted({item for s in samples for item in s["lost"]})
                if page not in results or min(result[c] for c in CATEGORIES) > min(
                    results[page][c] for c in CATEGORIES
                ):
                    results[page] = result
                if all(result[c] >= floor for c in CATEGORIES):
                    break
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--pages", nargs="*", help="page file names (default: every content page)")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is reported")
    parser.add_argument("--min", type=int, default=100, help="lowest acceptable score")
    parser.add_argument(
        "--retries", type=int, default=0, help="audit a page below --min again, up to N times"
    )
    args = parser.parse_args()
    pages = args.pages or content_pages(args.site)
    results = audit(args.site, pages, args.runs, args.retries, args.min)
    print(f"Lighthouse 12.2.3, mobile preset, median of {args.runs} run(s): " + " / ".join(CATEGORIES))
    failing = []
    for page, r in results.items():
        print(f"  {page:24} " + " / ".join(f"{r[c]:g}" for c in CATEGORIES))
        for item in r["lost"]:
            print(f"      lost points: {item}")
        if any(r[c] < args.min for c in CATEGORIES):
            failing.append(page)
    if failing:
        print(f"below {args.min}: {', '.join(failing)}")
        return 1
    print(f"every page scores at least {args.min} in every category")
    return 0


if __name__ == "__main__":
    sys.exit(main())
