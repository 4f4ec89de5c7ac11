"""The editions downloaded from the site itself: links, sizes and checksums over HTTP, the QR code
read back from pixels (the PDF cover's: test_pdf; the offline copies' links: test_offline), page
dates from git."""

import re
import subprocess
import urllib.request
from datetime import datetime
from io import BytesIO
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from PIL import Image

from tests.builds import DESKTOP, NAMES, ROOT, soup

UNITS = {"KB": 1024, "MB": 1024 * 1024}


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # an HTTP error status raises HTTPError
        return response.read()


def test_each_link_fetches_its_file_of_the_size_and_checksum_the_page_gives(dist_build, site, hosted_site):
    page = hosted_site.urls["download.html"]
    soup = BeautifulSoup(_fetch(page).decode("utf-8"), "html.parser")
    links = {a.get_text(): a for a in soup.select("a.download")}
    assert set(NAMES.values()) <= set(links), f"the page links {sorted(links)}"
    assert "见发布页" not in soup.get_text()
    for name in NAMES.values():
        size = links[name].find_next_sibling("span", class_="download-size").get_text()
        number, unit = re.fullmatch(r"([\d.]+) (KB|MB)", size).groups()
        body = _fetch(urljoin(page, links[name]["href"]))
        half_step = (0.05 if unit == "MB" else 0.5) * UNITS[unit]  # how the figure is rounded
        assert abs(len(body) - float(number) * UNITS[unit]) <= half_step, (
            f"{name}: {len(body)} bytes, page: {size}"
        )
        assert body == (site / "downloads" / name).read_bytes()
    command = soup.select_one("pre").get_text().split()
    result = subprocess.run(command, cwd=site / "downloads", capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(result.stdout.split()) == sorted([f"{n}:" for n in NAMES.values()] + ["OK"] * 4)


@pytest.mark.browser
def test_the_download_pages_qr_code_opens_the_hosted_pdf(open_page, dist_build, hosted_site, site_base):
    page = open_page(hosted_site.urls["download.html"], viewport=DESKTOP, color_scheme="dark")
    shot = page.locator("svg.qr").screenshot()
    soup = BeautifulSoup(page.content(), "html.parser")
    pdf = next(a for a in soup.select("a.download") if a.get_text() == NAMES["pdf"])
    expected = urljoin(site_base, pdf["href"])  # the address it will have once published
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(BytesIO(shot)))] == [expected]


def _dates(site: Path, source: Path) -> dict[str, tuple[str | None, str | None]]:
    """Each page → (the day it gives under its title, the day git last changed its source), None for none."""
    dates = {}
    for page in sorted(source.glob("*.md")):
        footer = soup(site / f"{page.stem}.html").select_one(".page-updated")
        paths = [page.name] + (["channel-decision.yaml"] if page.stem == "channels" else [])
        cmd = ["git", "log", "-1", "--format=%ct", "--", *paths]
        log = subprocess.run(cmd, capture_output=True, text=True, cwd=source, check=True).stdout.strip()
        changed = datetime.fromtimestamp(int(log), ZoneInfo("Asia/Shanghai")) if log else None
        shown = re.search(r"\d{4}-\d{2}-\d{2}", footer.get_text()) if footer else None
        dates[page.stem] = (shown and shown.group(), changed and changed.strftime("%Y-%m-%d"))
    return dates


def test_each_page_shows_the_day_its_content_last_changed(site: Path) -> None:
    """Every page gives the day git last changed it, under its title."""
    shallow = ["git", "rev-parse", "--is-shallow-repository"]
    if subprocess.run(shallow, capture_output=True, text=True, check=False).stdout.strip() != "false":
        pytest.skip("not a full git clone: git knows no dates, so the pages give none")
    dates = _dates(site, ROOT / "source")
    assert [day for day, _ in dates.values() if day], "no page shows a date"
    assert all(shown == changed for shown, changed in dates.values()), dates


@pytest.mark.slow
def test_a_page_not_yet_committed_builds_and_says_it_is_not_published(fixture_build) -> None:
    def commit_then_add_a_page(src: Path) -> None:
        git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
        for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "the site"]):
            subprocess.run([*git, *command], cwd=src, check=True)
        (src / "new.md").write_text(
            "---\norphan: true\n---\n(new)=\n\n# 新页面\n\n还没有提交的一页。\n", "utf-8"
        )

    result = fixture_build("permalinks-site", "html", edit=commit_then_add_a_page)
    assert result.ok, result.warnings
    dates = _dates(result.outdir, result.outdir.with_name(result.outdir.name.removesuffix("-out")))
    assert dates["new"] == (None, None) and dates["guide"][0] == dates["guide"][1] is not None, dates
    assert "尚未发布" in soup(result.outdir / "new.html").select_one(".page-updated").get_text()
