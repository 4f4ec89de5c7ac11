"""The channel decision diagram: build-time SVG, a text equivalent, no CDN anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

CDN_RE = re.compile(r"jsdelivr|unpkg|cdnjs|googleapis|gstatic|bootcdn|staticfile|esm\.sh|cdn\.", re.I)


@pytest.fixture(scope="module")
def channels(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / "channels.html").read_text(encoding="utf-8"), "html.parser")


def test_diagram_is_a_static_svg_with_alt(site: Path, channels: BeautifulSoup) -> None:
    imgs = channels.select("img.diagram")
    assert len(imgs) == 1
    img = imgs[0]
    assert img["src"].endswith(".svg") and len(img.get("alt", "")) >= 10
    svg = (site / img["src"]).read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg")
    for word in ("招商经理通道", "自助注册", "自主品牌"):
        assert word in svg, f"the diagram does not show “{word}”"
    assert "<script" not in svg


def test_diagram_has_text_equivalent(channels: BeautifulSoup) -> None:
    section = channels.find(id="channel-flow-text")
    assert section is not None, "channels.md needs the text version of the flow (label channel-flow-text)"
    steps = section.select("li")
    assert len(steps) >= 4
    text = section.get_text()
    for word in ("招商经理通道", "自助注册", "自主品牌", "50", "FBA"):
        assert word in text


def test_no_page_loads_mermaid_or_a_cdn(site: Path) -> None:
    offenders = []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".js", ".css"} and CDN_RE.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(site)))
        if path.suffix == ".html" and "mermaid.esm" in path.read_text(encoding="utf-8"):
            offenders.append(f"{path.relative_to(site)} (mermaid.js)")
    assert not offenders, f"CDN or mermaid.js references in {offenders}"


@pytest.mark.browser
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_diagram_shows_from_file_url(site: Path, browser, theme: str) -> None:
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto((site / "channels.html").as_uri())
    page.evaluate(f"document.body.dataset.theme = '{theme}'")
    img = page.locator("img.diagram")
    img.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('img.diagram').complete")
    loaded = img.evaluate("el => el.complete && el.naturalWidth > 0")
    box = img.bounding_box()
    assert loaded and box and box["width"] > 300 and box["height"] > 300, (
        "the diagram did not load over file://"
    )
    bg = img.evaluate("el => getComputedStyle(el).backgroundColor")
    assert bg == "rgb(255, 255, 255)", "the diagram needs its white card in both themes"
    page.close()
