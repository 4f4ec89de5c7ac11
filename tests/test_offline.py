"""The offline zip, single page and EPUB as a reader opens them: unzipped, over file://, in
Chromium, every request outside the edition's folder blocked and counted."""

import os
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ext.downloads import SUFFIXES
from tests.builds import DESKTOP, META, NAMES, soup
from tools import make_dist, make_pdf

BASE = f"{META['name']}-{META['version']}"
SEARCHES = ["招商经理", "申诉", "品牌备案"]  # three things sellers look up
CHAPTERS = ["roles", "onboarding", "channels", "account-health", "faq", "glossary", "sources", "download"]
EAGER = "Promise.all([...document.images].map(i => (i.loading = 'eager', i.decode().catch(() => 0))))"
BROKEN = "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
OPF_NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


def test_zip_holds_every_page_in_one_top_folder_and_nothing_web_only(dist_dir, unzipped, site, site_base):
    with zipfile.ZipFile(dist_dir / NAMES["zip"]) as zf:
        infos = zf.infolist()
    names = [i.filename for i in infos]
    assert all(n.startswith(f"{BASE}/") for n in names), "every entry sits in one top folder"
    assert names == sorted(names), "entries are sorted"
    assert len({i.date_time for i in infos}) == 1, "one fixed timestamp for every entry"
    if "SOURCE_DATE_EPOCH" in os.environ:
        assert infos[0].date_time == make_dist.zip_time(), "the timestamp comes from SOURCE_DATE_EPOCH"
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    built = {p.relative_to(site).as_posix() for p in site.glob("*.html")} - {"404.html"}
    shipped = {p.relative_to(unzipped).as_posix() for p in unzipped.rglob("*.html")}
    assert built == shipped
    for web_only in ("404.html", "sitemap.xml", ".buildinfo", "objects.inv", "_static/social-card.png"):
        assert not (unzipped / web_only).exists(), f"{web_only} is web-only and should not be in the zip"
    # The editions are hosted, not carried: the zip's download page links them, as the single page does.
    carried = [p.name for p in unzipped.rglob("*") if p.name.endswith(tuple(SUFFIXES.values()))]
    assert not (unzipped / "downloads").exists() and not carried, f"the zip carries the editions: {carried}"
    expected = [f"{site_base}downloads/{NAMES[e]}" for e in SUFFIXES]
    for edition, page in (("zip", unzipped / "download.html"), ("single page", dist_dir / NAMES["single"])):
        links = [a["href"] for a in soup(page).select("a.download")][:4]
        assert links == expected, f"the {edition}'s download page links {links}"


def test_packaging_twice_gives_identical_bytes(dist_build, fixture_build, tmp_path, monkeypatch) -> None:
    """Every edition, dated SOURCE_DATE_EPOCH: the zip, EPUB and single page from `make dist`'s
    builds, the PDF from a two-page fixture's single page (quick)."""
    pdf_site = fixture_build("pdf-site", "singlehtml")
    assert pdf_site.ok, pdf_site.warnings
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        make_dist.write_site_zip(dist_build / "offline", tmp_path / run / NAMES["zip"], top=BASE)
        make_dist.repack_epub(dist_build / "epub" / NAMES["epub"], tmp_path / run / NAMES["epub"])
        single = make_dist.single_page(dist_build / "singlehtml")
        (tmp_path / run / NAMES["single"]).write_text(single, "utf-8")
        make_pdf.make_pdf(pdf_site.outdir, tmp_path / run / NAMES["pdf"], META)
    for name in NAMES.values():
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), f"{name} differs"
    dates = PdfReader(tmp_path / "a" / NAMES["pdf"]).metadata
    assert dates["/CreationDate"] == dates["/ModDate"] == "D:20260101000000Z", (
        "the PDF is not dated SOURCE_DATE_EPOCH"
    )


def test_make_dist_refuses_broken_builds_and_warns_of_a_placeholder_address(tmp_path, monkeypatch, capsys):
    (tmp_path / "html").mkdir()
    (tmp_path / "private.css").write_text("body { color: red }", "utf-8")
    (tmp_path / "html" / "index.html").write_text('<link rel="stylesheet" href="../private.css">', "utf-8")
    with pytest.raises(make_dist.DistError, match=r"no finished build \(\.buildinfo is missing\)"):
        make_dist.write_site_zip(tmp_path / "html", tmp_path / "out.zip", top="x")
    with pytest.raises(make_dist.DistError, match="outside the build folder"):  # the single page's inlining
        make_dist.single_page(tmp_path / "html")
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    for address, warned in (("", True), ("https://docs.example.cn/", False)):
        monkeypatch.setenv("SITE_BASEURL", address)
        assert make_dist.main(["--build", str(tmp_path), "--out", str(tmp_path / "dist")]) == 1  # unfinished
        err = capsys.readouterr().err
        warning = "WARNING: SITE_BASEURL is not set" in err and "https://example.github.io/" in err
        assert warning == warned, err


@pytest.mark.browser
def test_every_page_loads_offline_without_errors(open_page, unzipped: Path) -> None:
    html_pages = sorted(unzipped.rglob("*.html"))
    assert len(html_pages) >= 11
    page = open_page("about:blank", allow=unzipped)
    broken_images = []
    for path in html_pages:
        page.goto(path.as_uri())
        page.evaluate(EAGER)  # lazily loaded images (the diagram) load once they are scrolled to
        broken_images += [f"{path.name}: {src}" for src in page.eval_on_selector_all("img", BROKEN)]
    assert len(page.requests) > len(html_pages) * 5, "the pages' own files were not requested"
    assert not page.problems, "\n".join(page.problems)
    assert not broken_images, broken_images


@pytest.mark.browser
def test_search_navigation_diagram_and_theme_toggle_work_offline(open_page, unzipped: Path) -> None:
    """From a page opened from disk: the box's index loads by <script>, results link to files."""
    page = open_page((unzipped / "index.html").as_uri(), allow=unzipped, viewport=DESKTOP)
    page.focus("input.sidebar-search")
    page.wait_for_function("() => window.Search", timeout=15_000)
    found = page.evaluate("qs => Promise.all(qs.map(q => Search.query(q, 5)))", SEARCHES)
    for query, results in zip(SEARCHES, found, strict=True):
        assert results, f"no results for {query!r}"
        for r in results:
            path = r["href"].split("#")[0]
            assert path.endswith(".html") and (unzipped / path).is_file(), r["href"]
            assert len("".join(s for s, _ in r["snippet"])) >= 10, f"{query!r}: {r['href']} has no snippet"
    page.locator(".sidebar-tree a", has_text="入驻通道").first.click()
    page.wait_for_url("**/channels.html")
    img = page.locator("img.diagram:visible")
    img.scroll_into_view_if_needed()
    expect(img).to_have_js_property("complete", True)
    width = (img.bounding_box() or {}).get("width", 0)
    assert img.evaluate("i => i.naturalWidth") > 0 and width > 300, "the diagram is not visible"
    before = page.evaluate("document.body.dataset.theme")
    page.locator(".content-icon-container .theme-toggle").first.click()
    after = page.evaluate("document.body.dataset.theme")
    assert before != after, f"the theme toggle did nothing ({before!r})"
    page.goto((unzipped / "search.html").as_uri() + "?q=" + quote(SEARCHES[0]))
    page.wait_for_function("() => document.querySelector('#search-results li p.context')", timeout=15_000)
    assert not page.problems, "\n".join(page.problems)


@pytest.mark.browser
def test_single_page_is_self_contained_and_loads_without_errors(open_page, dist_dir, site: Path) -> None:
    single = (dist_dir / NAMES["single"]).resolve()
    page = open_page(single.as_uri(), allow=dist_dir, viewport=DESKTOP)
    assert page.requests == [single.as_uri()], f"it loaded other files: {page.requests[1:]}"
    assert not page.problems, "\n".join(page.problems)
    for name in CHAPTERS:
        h1 = (site / f"{name}.html").read_text(encoding="utf-8").split("<h1>", 1)[1].split("<", 1)[0]
        heading = page.locator(f"section#{name} > :is(h1, h2, h3)")
        assert heading.count() == 1 and heading.inner_text().startswith(h1), f"the single page lacks “{h1}”"
    img = page.locator("img.diagram:visible")
    img.scroll_into_view_if_needed()
    assert img.evaluate("i => i.decode().then(() => true, () => false)"), "the diagram is not inlined"
    page.locator(".sidebar-tree a[href='#document-faq']").click()  # navigation stays in the file
    assert page.url == single.as_uri() + "#document-faq"
    # (furo scrolls smoothly) the FAQ comes into view
    page.wait_for_function("Math.abs(document.getElementById('faq').getBoundingClientRect().top) < 200")


def test_epub_holds_every_page_and_shows_the_diagram(dist_dir: Path, site: Path) -> None:
    """What the book contains (`make validate`'s epubcheck checks that it is a valid EPUB)."""
    with zipfile.ZipFile(dist_dir / NAMES["epub"]) as zf:
        container = ET.fromstring(zf.read("META-INF/container.xml"))
        opf_path = container.find(".//{*}rootfile").get("full-path")
        opf = ET.fromstring(zf.read(opf_path))
        assert opf.findtext(".//dc:language", namespaces=OPF_NS) == "zh-CN"
        assert opf.findtext(".//dc:title", namespaces=OPF_NS) == "亚马逊招商经理与运营经理指南"
        base = PurePosixPath(opf_path).parent
        items = opf.findall("opf:manifest/opf:item", OPF_NS)
        manifest = {item.get("id"): (str(base / item.get("href")), item.get("media-type")) for item in items}
        spine = [manifest[ref.get("idref")][0] for ref in opf.findall("opf:spine/opf:itemref", OPF_NS)]
        pages = {p.stem for p in site.glob("*.html")} - {"search", "404"}
        assert {PurePosixPath(s).stem for s in spine} == pages, "the spine does not list every page"
        svgs = [h for h, mime in manifest.values() if mime == "image/svg+xml" and "_images/" in h]
        assert len(svgs) == 1 and "招商经理通道" in zf.read(svgs[0]).decode("utf-8")
        channels = zf.read(str(base / "channels.xhtml")).decode("utf-8")
        assert f'src="{PurePosixPath(svgs[0]).relative_to(base)}"' in channels, "channels.xhtml lacks it"
