"""Shared fixtures: the built site, fixture builds, an HTTP server and real Chromium.

``make test`` builds the site first and passes its folder as SITE_DIR; run alone,
pytest builds it once into _build/html.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from pageload import serve_site
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "ext"))
from browser import BROWSER_ARGS, BrowserNotFound, find_browser  # noqa: E402 - ext/ is not a package

SOURCE = ROOT / "source"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Build:
    returncode: int
    output: str
    outdir: Path


def sphinx_build(srcdir: Path, outdir: Path, builder: str = "html", *extra: str) -> Build:
    """Build ``srcdir`` with the site's own conf.py and the strict flags of ``make html``."""
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-c", str(ROOT), "-nW", "--keep-going",
           "-q", *extra, str(srcdir), str(outdir)]  # fmt: skip
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600")}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, cwd=ROOT)
    return Build(proc.returncode, proc.stdout + proc.stderr, outdir)


@pytest.fixture(scope="session")
def site() -> Path:
    """The built HTML site (``make test`` builds it; a bare pytest run builds it here)."""
    env_dir = os.environ.get("SITE_DIR")
    site_dir = Path(env_dir) if env_dir else ROOT / "_build" / "html"
    if not site_dir.is_absolute():
        site_dir = ROOT / site_dir
    if not env_dir:
        build = sphinx_build(SOURCE, site_dir)
        assert build.returncode == 0, build.output
    assert (site_dir / "index.html").is_file(), f"no built site in {site_dir}; run `make html`"
    return site_dir


@pytest.fixture(scope="session")
def pages(site: Path) -> list[Path]:
    """Every content page of the built site (search and genindex excluded)."""
    skip = {"search.html", "genindex.html"}
    return sorted(p for p in site.glob("*.html") if p.name not in skip)


def build_fixture(name: str, tmp_path: Path, builder: str = "html") -> Build:
    """Copy ``tests/fixtures/<name>`` and build it with the site's configuration."""
    src = tmp_path / name
    shutil.copytree(FIXTURES / name, src)
    return sphinx_build(src, tmp_path / "out", builder)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def http_site(site: Path):
    """Serve the built site on a loopback port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def chromium_path() -> str:
    try:
        return find_browser()
    except BrowserNotFound as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no downloaded browser)."""

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path(), args=BROWSER_ARGS)
        yield b
        b.close()


# -- The site as its host serves it (#5: weight, privacy, a11y, Lighthouse) ---------


@pytest.fixture(scope="session")
def hosted_site(site: Path):
    """The built site on a loopback port, under the path of its public address.

    See pageload.serve_site: absolute links such as the 404 page's work as they will
    online; ``.urls`` lists every top-level page, the 404 page through a missing URL.
    """
    with serve_site(site) as hosted:
        yield hosted
