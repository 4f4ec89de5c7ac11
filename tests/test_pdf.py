"""The PDF edition as a viewer reads it (pypdf: text, outline, links, fonts), and the print
stylesheet in Chromium's print emulation. docs/pdf.md."""

import re
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from tests.builds import ARTICLE_FACTS, DESKTOP, META, NAMES, soup, squash
from tools import make_pdf

PDF_NAME = NAMES["pdf"]
MAX_BYTES = 3 * 1024 * 1024
CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff]")
HEADING = re.compile(r"^h[1-6]$")
Outline = list[tuple[int, str, int]]  # (level, title, page index) of every entry, in order


@pytest.fixture(scope="session")
def reader(dist_dir: Path) -> PdfReader:
    assert (dist_dir / PDF_NAME).is_file(), f"no {PDF_NAME} in {dist_dir}: run `make dist`"
    return PdfReader(dist_dir / PDF_NAME)


@pytest.fixture(scope="session")
def outline(reader: PdfReader) -> Outline:
    def walk(items: list, level: int):
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                yield level, item.title, reader.get_destination_page_number(item)

    return list(walk(reader.outline, 1))


@pytest.fixture(scope="session")
def page_texts(reader: PdfReader, outline: Outline) -> list[str]:
    """Each page's text less its running header and page number (drawn last): phrases span pages."""
    headers = {title for level, title, _ in outline if level == 1} | {"目录"}
    texts = []
    for page in reader.pages:
        lines = page.extract_text().splitlines()
        for _ in range(2):
            if lines and (re.fullmatch(r"\s*\d+ / \d+\s*", lines[-1]) or lines[-1].strip() in headers):
                lines.pop()
        texts.append("\n".join(lines))
    return texts


def test_search_finds_every_fact_in_the_characters_typed(page_texts: list[str], dist_build: Path) -> None:
    """Every figure, source and fact is in the text; every Chinese character extracted is one the
    single page contains, or one of the PDF's own labels (目录, 第 N 页, 版本, 本版日期, 内容来源,
    扫码打开在线版). Noto CJK draws 小 and the radical ⼩ (U+2F29) with one glyph, and a PDF writer
    mapping glyphs back through the font's cmap may pick the radical: search would get ⼩时, not
    小时. (CJK takes in the radicals' blocks.)"""
    text = squash("".join(page_texts))
    missing = [needle for needle in ARTICLE_FACTS if squash(needle) not in text]
    assert not missing, f"not found in the PDF's text (search or copy would fail): {missing}"
    single_page = (dist_build / "singlehtml" / "index.html").read_text(encoding="utf-8")
    typed = set(CJK.findall(single_page + "目录第页版本日期内容来源扫码打开在线版"))
    strangers = sorted(set(CJK.findall(text)) - typed)
    assert not strangers, f"characters in the PDF's text that the pages lack (radicals?): {strangers}"


def test_cover_names_the_edition_and_its_qr_code_opens_the_site(page_texts, dist_dir, site_base) -> None:
    """Title, version, source article; the QR code read back from the cover's pixels."""
    cover = squash(page_texts[0])
    title, source = "亚马逊招商经理与运营经理指南", "《亚马逊招商经理与运营经理：跨境卖家高效入驻与成长指南》"
    for needle in (title, f"版本{META['version']}", "大数跨境", "2026-01-16", source):
        assert needle in cover, f"the cover lacks “{needle}”"
    drawn = pypdfium2.PdfDocument(dist_dir / PDF_NAME)[0].render(scale=3).to_pil()
    codes = [code.text for code in zxingcpp.read_barcodes(drawn)]
    assert codes == [site_base], f"the cover's QR code reads {codes}, not the site's address"


def _links(reader: PdfReader, page) -> list[tuple[str, int | None]]:
    """Each link on the page: (destination or URI, the page index it lands on: None for an
    external link, -1 for a destination the PDF lacks). WeasyPrint links by named destination:
    a link of another kind counts as lacking one."""
    names, links = reader.named_destinations, []
    for annot in (ref.get_object() for ref in page.get("/Annots") or []):
        action = annot.get("/A") or {}
        if annot.get("/Subtype") != "/Link":
            continue
        if action.get("/S") == "/URI":
            links.append((str(action["/URI"]), None))
        else:
            dest = str(annot.get("/Dest"))
            links.append((dest, reader.get_destination_page_number(names[dest]) if dest in names else -1))
    return links


def test_outline_has_every_page_and_section_and_the_table_of_contents_matches_it(
    reader: PdfReader, outline: Outline, page_texts: list[str], dist_build: Path
) -> None:
    article = soup(dist_build / "singlehtml" / "index.html").select_one("article[role=main]")
    for link in article.select("a.headerlink"):
        link.decompose()
    headings = [" ".join(h.get_text().split()) for h in article.find_all(HEADING)]
    assert [title for _, title, _ in outline] == headings, "the outline and the pages' headings differ"
    markers = article.select('span[id^="document-"]')
    tops = [article.find("h1"), *(m.find_next_sibling("section").find(HEADING) for m in markers)]
    page_titles = [" ".join(h.get_text().split()) for h in tops]
    assert [title for level, title, _ in outline if level == 1] == page_titles, "pages are not level 1"
    assert [p for _, _, p in outline] == sorted(p for _, _, p in outline), "entries out of page order"
    toc_pages = range(1, outline[0][2])  # after the cover, before the first chapter
    assert toc_pages, "no table of contents between the cover and the first chapter"
    # Printed: each entry's title followed by its page number, in the outline's order.
    toc = re.sub(r"[.\s]", "", "".join(page_texts[i] for i in toc_pages))
    at = 0
    for _, title, page in outline:
        entry = re.sub(r"[.\s]", "", title) + str(page + 1)
        found = toc.find(entry, at)
        assert found >= 0, f"the table of contents lacks “{title} … {page + 1}” (after position {at})"
        at = found + len(entry)
    # Clicked: each entry's link lands on the outline entry's page.
    links = [link for i in toc_pages for link in _links(reader, reader.pages[i])]
    entries = [link for i, link in enumerate(links) if i == 0 or link != links[i - 1]]  # a wrapped title
    assert [page for _, page in entries] == [page for _, _, page in outline]


def test_every_internal_link_lands_in_the_pdf(reader: PdfReader) -> None:
    internal, external, broken = 0, set(), []
    for number, page in enumerate(reader.pages, start=1):
        for target, landing in _links(reader, page):
            if landing is None:
                external.add(target)
            elif 0 <= landing < len(reader.pages):
                internal += 1
            else:
                broken.append(number)
    assert not broken, f"links with no destination in the PDF on pages {broken}"
    assert internal > 100, f"only {internal} internal links: cross-references were lost"
    assert external and all(u.startswith(("https://", "http://", "mailto:")) for u in external), external


def _fonts(resources, seen: set) -> list[DictionaryObject]:
    """The fonts in a resource dictionary and in the form XObjects (the diagram) it uses."""
    resources = resources.get_object() if resources is not None else {}
    fonts = [font.get_object() for font in (resources.get("/Font") or {}).values()]
    for xobject in (resources.get("/XObject") or {}).values():
        if id(xobject.get_object()) not in seen:
            seen.add(id(xobject.get_object()))
            fonts += _fonts(xobject.get_object().get("/Resources"), seen)
    return fonts


def test_the_pdf_is_small_with_fonts_embedded_as_subsets_not_type3(reader: PdfReader, dist_dir) -> None:
    size = (dist_dir / PDF_NAME).stat().st_size
    assert size < MAX_BYTES, f"{PDF_NAME} is {size / 1e6:.1f} MB; WeChat and DingTalk groups need < 3 MB"
    seen: set = set()
    fonts = {
        str(font.get("/BaseFont", f"(unnamed {font.get('/Subtype')} font {n})")): font
        for n, font in enumerate(f for page in reader.pages for f in _fonts(page.get("/Resources"), seen))
    }
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), f"not set in Noto Sans CJK SC: {sorted(fonts)}"
    for name, font in fonts.items():
        assert font["/Subtype"] != "/Type3", f"{name} is a Type 3 font (drawn glyphs, no real text)"
        assert re.match(r"^/[A-Z]{6}\+", name), f"{name} is not a subset (no ABCDEF+ tag)"
        described = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
        descriptor = described["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"


def test_make_pdf_names_what_is_missing(tmp_path: Path, monkeypatch) -> None:
    page = '<!DOCTYPE html><html lang="zh-CN"><title>test</title>'
    with pytest.raises(make_pdf.PdfError, match=r"no single-page build \(index\.html is missing\)"):
        make_pdf.make_pdf(tmp_path, tmp_path / "out.pdf", META)
    monkeypatch.setattr(make_pdf, "FONT_FAMILY", "No Such Font SC")
    with pytest.raises(make_pdf.PdfError, match=r"fonts-noto-cjk"):
        make_pdf.render(f"{page}<p>小时</p>", tmp_path, b"test")
    monkeypatch.undo()
    with pytest.raises(make_pdf.PdfError, match=r"WeasyPrint reported problems"):
        make_pdf.render(f'{page}<p>小时</p><img src="missing.svg" alt="">', tmp_path, b"test")


# What a printed page must not show (sidebar, search box, footer links, ...), by a page that has it.
CHROME = {
    "onboarding.html": ".sidebar-drawer .sidebar-search-container .toc-drawer .mobile-header .theme-toggle "
    ".back-to-top .related-pages a.headerlink",
    "faq.html": "button.copy-link",
}
VISIBLE = "els => els.filter(e => e.checkVisibility({visibilityProperty: true})).length"
BOX = "li => getComputedStyle(li, '::before').borderTopWidth"  # a checklist item's box
AFTER = "a => [a.getAttribute('href'), getComputedStyle(a, '::after').content]"
FITS = "i => i.getBoundingClientRect().width <= i.closest('article').clientWidth + 1"


@pytest.mark.browser
def test_print_stylesheet_shows_only_the_article(open_page, site: Path) -> None:
    page = open_page("about:blank", viewport=DESKTOP)
    shown = {}
    for name in [*CHROME, "channels.html"]:
        page.emulate_media(media="screen")
        page.goto((site / name).as_uri())
        if name == "onboarding.html":
            assert page.eval_on_selector("div.checklist li", BOX) != "0px", "no checklist box on screen"
        page.emulate_media(media="print")
        for selector in CHROME.get(name, "").split():
            assert page.locator(selector).count(), f"{name} has no {selector} to hide: update the test"
            shown[selector] = page.eval_on_selector_all(selector, VISIBLE)
        width = page.evaluate("document.querySelector('article').getBoundingClientRect().width / innerWidth")
        assert width > 0.8, f"{name}: the article fills {width:.0%} of the printed width"
        if name == "onboarding.html":
            href, after = page.eval_on_selector("a.reference.external", AFTER)
            assert href in after, f"an external link's address is not printed: {after}"
            assert page.eval_on_selector("div.checklist li", BOX) != "0px", "no checklist box in print"
        if name == "channels.html":
            assert page.eval_on_selector("img.diagram", FITS), "the diagram is wider than the printed page"
            steps = page.locator("#channel-flow-text ol li")
            assert steps.count() > 5 and steps.last.is_visible(), "the collapsed text version is not printed"
    printed = {selector: count for selector, count in shown.items() if count}
    assert not printed, f"site chrome on the printed page: {printed}"
