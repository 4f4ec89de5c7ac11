"""Link previews, canonical URLs, the sitemap and the 404 page."""

import re
import shutil
import struct
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from tests.builds import FIXTURES, build, soup
from tools.site_server import serve_site

CJK = re.compile(r"[\u4e00-\u9fff]")
LINKS = "els => els.map(e => e.getAttribute('href') || e.src)"


def _meta(html, key: str) -> str | None:
    tag = html.find("meta", attrs={"property": key}) or html.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_every_page_has_absolute_opengraph_tags_and_the_card_exists(site, pages, site_base: str) -> None:
    data = (site / "_static" / "social-card.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 630)  # width, height, as advertised
    assert len(data) < 200_000, "keep the card small: chats fetch it for every pasted link"
    content_pages, problems = [p for p in pages if p.name != "404.html"], []
    card = site_base + "_static/social-card.png"
    for page in content_pages:
        html = soup(page)
        url = site_base + page.name
        h1 = html.select_one("article h1").get_text().rstrip("¶#").strip()
        summary = _meta(html, "og:description") or ""
        expected = {"og:title": h1, "og:url": url, "description": summary, "og:image": card}
        for key, value in expected.items():
            if _meta(html, key) != value:
                problems.append(f"{page.name}: {key} is {_meta(html, key)!r}, expected {value!r}")
        # What a chat shows under the link: one sentence of the page's own, not run on into its
        # headings, without the spaces a text extractor leaves around inline markup.
        paragraphs = {re.sub(r"\s+", " ", p.get_text()).strip() for p in html.select("article p")}
        if not (CJK.search(summary) and 15 <= len(summary) <= 120 and summary[-1] in "。：！？"):
            problems.append(f"{page.name}: the description {summary!r} is not one Chinese sentence")
        if summary not in paragraphs:
            problems.append(f"{page.name}: the description {summary!r} is not a whole paragraph of the page")
        canonical = html.find("link", rel="canonical")
        if not canonical or canonical["href"] != url:
            problems.append(f"{page.name}: canonical {canonical and canonical['href']!r}, expected {url!r}")
        if len(html.find_all("meta", attrs={"name": "description"})) != 1:
            problems.append(f"{page.name}: not exactly one <meta name=description>")
    assert len(content_pages) >= 9
    assert not problems, "\n".join(problems)


def test_the_sitemap_lists_every_page(dist_build, site: Path, pages: list[Path], site_base: str) -> None:
    """On the site `make dist` builds (clean): sphinx-sitemap lists only the pages a build writes."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert len(locs) == len(set(locs)), "the sitemap repeats URLs"
    assert set(locs) == {site_base + p.name for p in pages if p.name != "404.html"}


@pytest.mark.browser
@pytest.mark.parametrize(
    ("built", "prefix"),
    [("site", None), pytest.param("nested_fixture_site", "/deep/nested/", marks=pytest.mark.slow)],
)
def test_the_404_page_works_at_any_depth_under_the_site_path(open_page, request, built: str, prefix) -> None:
    # Served as GitHub Pages does: under the site's path (the canonical address's, or the one the
    # nested fixture is built for), 404.html for any missing URL.
    with serve_site(request.getfixturevalue(built), prefix) as hosted:
        host = hosted.root.removesuffix(urlsplit(hosted.root).path)
        for missing in ("no-such-page.html", "a/b/c/no-such-page.html", "old/section/"):
            url = hosted.root + missing
            page = open_page("about:blank")
            page.on(
                "response",
                lambda r, u=url, p=page: (
                    r.status >= 400 and r.url != u and p.problems.append(f"{r.status}: {r.url}")
                ),
            )
            response = page.goto(url)
            assert response.status == 404
            assert "页面未找到" in page.title()
            # The one problem expected: the console's note of the 404 status itself.
            problems = [p for p in page.problems if not (p.startswith("console error") and "404" in p)]
            assert not problems, f"{missing}: resources that did not load, errors: {problems}"
            # furo's stylesheet applied: the sidebar is laid out, not a bare list
            assert page.locator(".sidebar-drawer").evaluate("el => getComputedStyle(el).display") != "inline"
            raw = page.eval_on_selector_all("a[href], link[href], script[src]", LINKS)
            absolute = [urljoin(url, h).split("#")[0] for h in raw if not h.startswith("#")]
            links = sorted({link for link in absolute if link.startswith(host)})
            assert len(links) >= 8
            broken = [link for link in links if page.request.get(link).status != 200]
            assert not broken, f"links on the 404 page at {missing} that do not resolve: {broken}"


@pytest.fixture(scope="module")
def nested_fixture_site(tmp_path_factory) -> Path:
    """A small site built for https://example.org/deep/nested (no trailing slash on purpose)."""
    tmp = tmp_path_factory.mktemp("nested")
    shutil.copytree(FIXTURES / "permalinks-site", tmp / "src")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SITE_BASEURL", "https://example.org/deep/nested")
        result = build(tmp / "src", tmp / "out", "html")
    assert result.ok, result.warnings
    return result.outdir


@pytest.mark.slow
def test_site_baseurl_override_gets_a_trailing_slash(nested_fixture_site: Path) -> None:
    html = soup(nested_fixture_site / "guide.html")
    assert html.find("link", rel="canonical")["href"] == "https://example.org/deep/nested/guide.html"
    assert _meta(html, "og:url") == "https://example.org/deep/nested/guide.html"
    assert _meta(html, "og:description") == "这一页会在测试中被改名。"
