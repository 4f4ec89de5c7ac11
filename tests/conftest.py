"""Shared fixtures: the built site and downloads (SITE_DIR, DIST_DIR from `make test`; made
here once when run alone), in-process fixture builds, Debian's Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser
from tests.builds import FIXTURES, ROOT, Build, build
from tools.site_server import serve_site


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that needs the offline downloads needs `make dist` (about 40 s) when they are
    # not there yet: it is slow, so `make check` leaves it out.
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


def _make(target: str, builddir: Path, **variables: str) -> None:
    args = [f"{k}={v}" for k, v in variables.items()]
    proc = subprocess.run(
        ["make", target, f"BUILDDIR={builddir}", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"make {target} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"


def _folder(variable: str) -> Path | None:
    value = os.environ.get(variable)
    return (Path(value) if Path(value).is_absolute() else ROOT / value) if value else None


@pytest.fixture(scope="session")
def dist_dir() -> Path:
    """The offline downloads ``make dist`` wrote (DIST_DIR); made here when run alone."""
    folder = _folder("DIST_DIR")
    if folder is None:
        folder = ROOT / "_build" / "pytest" / "dist"
        _make("dist", ROOT / "_build" / "pytest", DISTDIR=str(folder))
    assert any(folder.glob("*-html.zip")), f"no downloads in {folder}; run `make dist`"
    return folder


@pytest.fixture(scope="session")
def site() -> Path:
    """The built HTML site: SITE_DIR, else the one ``make dist`` made for dist_dir."""
    folder = _folder("SITE_DIR")
    if folder is None:
        folder = ROOT / "_build" / "pytest" / "html"
        if not (folder / ".buildinfo").is_file():
            _make("dist", ROOT / "_build" / "pytest", DISTDIR=str(ROOT / "_build" / "pytest" / "dist"))
    assert (folder / "index.html").is_file(), f"no built site in {folder}; run `make html`"
    return folder


@pytest.fixture(scope="session")
def hosted_downloads(site: Path, dist_dir: Path) -> Path:
    """The site as `make dist` builds it for hosting: the four editions in downloads/."""
    folder = site / "downloads"
    assert folder.is_dir(), (
        f"{site} has no downloads/: this test needs the site `make dist` builds (SITE_DOWNLOADS), "
        "not `make html`'s. Run `make dist` first, or `make test`"
    )
    return folder


@pytest.fixture(scope="session")
def pages(site: Path) -> list[Path]:
    """Every content page of the built site (search and genindex excluded)."""
    skip = {"search.html", "genindex.html"}
    return sorted(p for p in site.glob("*.html") if p.name not in skip)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    try:
        executable = find_browser()
    except BrowserNotFound as exc:
        pytest.fail(str(exc))
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def hosted_site(site: Path):
    """The built site on a loopback port, under the path of its public address.

    As GitHub Pages serves it (tools/site_server.py): absolute links such as the 404
    page's work as they will online; ``.urls`` lists every top-level page, the 404
    page through a missing URL.
    """
    with serve_site(site) as hosted:
        yield hosted
