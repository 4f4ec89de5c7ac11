"""Shared fixtures: the built site and downloads (SITE_DIR, DIST_DIR from `make test`, else
made here, once for all workers), in-process fixture builds, pytest-playwright on Debian's
Chromium."""

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from filelock import FileLock

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser
from tests.builds import FIXTURES, NAMES, ROOT, Build, build, soup, watched_page
from tools.site_server import serve_site


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Needing the offline downloads means `make dist` (about 40 s) if they are not there yet.
    for item in items:
        if "dist_dir" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def fixture_build(tmp_path: Path):
    """Build a copy of ``tests/fixtures/<name>`` (optionally edited first) with the site's conf.py."""

    def run(name: str, builder: str = "dummy", edit=None, **overrides) -> Build:
        src = next(tmp_path / f"{name}-{n}" for n in range(100) if not (tmp_path / f"{name}-{n}").exists())
        shutil.copytree(FIXTURES / name, src)
        if edit:
            edit(src)
        return build(src, src.with_name(f"{src.name}-out"), builder, **overrides)

    return run


def _folder(variable: str, name: str, fresh: bool = False) -> Path:
    """The folder ``variable`` names, else ``name`` from a `make dist` here (if ``fresh`` or
    unbuilt): one run a session, which the other xdist workers wait for (a lock file)."""
    if value := os.environ.get(variable):
        return ROOT / value  # an absolute value stays as it is
    out = ROOT / "_build" / "pytest"
    out.mkdir(parents=True, exist_ok=True)
    done = out / f"made-by-{os.environ.get('PYTEST_XDIST_TESTRUNUID', os.getpid())}"
    with FileLock(out / "make-dist.lock", timeout=900):  # a worker waits at most 15 minutes
        if not done.exists() and (fresh or not (out / "html" / ".buildinfo").is_file()):
            cmd = ["make", "dist", f"BUILDDIR={out}", f"DISTDIR={out / 'dist'}"]
            proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
            assert proc.returncode == 0, f"make dist failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
            done.touch()
    return out / name


@pytest.fixture(scope="session")
def dist_dir() -> Path:
    """The offline downloads ``make dist`` wrote (DIST_DIR)."""
    folder = _folder("DIST_DIR", "dist", fresh=True)
    assert any(folder.glob("*-html.zip")), f"no downloads in {folder}; run `make dist`"
    return folder


@pytest.fixture(scope="session")
def site() -> Path:
    """The built HTML site (SITE_DIR)."""
    folder = _folder("SITE_DIR", "html")
    assert (folder / "index.html").is_file(), f"no built site in {folder}; run `make html`"
    return folder


@pytest.fixture(scope="session")
def site_base(site: Path) -> str:
    """html_baseurl of the build under test, read back from the home page's canonical link."""
    canonical = soup(site / "index.html").find("link", rel="canonical")
    assert canonical, "index.html has no canonical link: html_baseurl is empty"
    base = canonical["href"].removesuffix("index.html")
    assert re.match(r"^https?://[^/]+(/.*)?/$", base), f"html_baseurl {base!r} is not absolute, ending in /"
    return base


@pytest.fixture(scope="session")
def dist_build(site: Path, dist_dir: Path) -> Path:
    """The folder `make dist` built the editions in: the site (html/, the four editions in its
    downloads/ for hosting) beside offline/, singlehtml/ and epub/."""
    message = f"{site} has no downloads/: this test needs the site `make dist` builds, not `make html`'s"
    assert (site / "downloads").is_dir(), message
    assert (site.parent / "singlehtml" / "index.html").is_file(), f"no `make dist` build beside {site}"
    return site.parent


@pytest.fixture(scope="session")
def unzipped(dist_dir: Path, tmp_path_factory) -> Path:
    """The offline zip, unzipped: its one top folder."""
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(dist_dir / NAMES["zip"]) as zf:
        zf.extractall(target)
    return target / NAMES["zip"].removesuffix("-html.zip")


@pytest.fixture(scope="session")
def pages(site: Path) -> list[Path]:
    """Every content page of the built site (search and genindex excluded)."""
    return sorted(p for p in site.glob("*.html") if p.name not in {"search.html", "genindex.html"})


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args) -> dict:
    """pytest-playwright's browser is Debian's Chromium, with the flags it needs here."""
    try:
        return {**browser_type_launch_args, "executable_path": find_browser(), "args": BROWSER_ARGS}
    except BrowserNotFound as exc:
        pytest.fail(str(exc))


@pytest.fixture
def open_page(new_context):
    """Opens a URL in a new context (pytest-playwright's: closed after the test, traced), in a
    page of tests.builds.watched_page."""

    def open_(url: str, allow: Path | None = None, **context_args):
        page = watched_page(new_context(**context_args), allow)
        page.goto(url)
        return page

    return open_


@pytest.fixture(scope="session")
def hosted_site(site: Path):
    """The built site served as GitHub Pages serves it, under its public path (tools/site_server.py);
    ``.urls`` lists every top-level page, 404 through a missing URL."""
    with serve_site(site) as hosted:
        yield hosted
