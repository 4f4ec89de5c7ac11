"""The PDF edition from the single-page build, with WeasyPrint: a cover (with a QR code of the
hosted site), a page-numbered table of contents and outline, the pages' content only,
links that land inside the PDF, searchable Chinese text in embedded Noto Sans CJK SC.
Stops on any WeasyPrint warning; reproducible under SOURCE_DATE_EPOCH. Why WeasyPrint and
not Chromium's print: docs/pdf.md.

Usage: python -m tools.make_pdf --singlehtml _build/singlehtml --out guide.pdf
"""

import argparse
import logging
import re
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from logging.handlers import BufferingHandler
from pathlib import Path
from urllib.parse import urlsplit

import segno
from bs4 import BeautifulSoup, Tag

from ext.metadata import edition_date, project_meta
from ext.tokens import PDF, css_variables

STYLESHEET = Path(__file__).resolve().with_name("pdf.css")
FONT_FAMILY = "Noto Sans CJK SC"  # also named in pdf.css
FONT_HINT = (
    f"the PDF needs the font “{FONT_FAMILY}”. Install it (Debian/Ubuntu: `sudo apt-get install "
    "fonts-noto-cjk`; macOS: `brew install --cask font-noto-sans-cjk-sc`) and check with "
    f"`fc-list | grep '{FONT_FAMILY}'`"
)
WEASYPRINT_HINT = (
    "install WeasyPrint into the build's virtualenv (it is in requirements/docs.in) and its "
    "system libraries (Debian/Ubuntu: `sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
    "libharfbuzz-subset0`; macOS: `brew install pango`)"
)
# The cover's source-article lines, under the #src-original-article heading of the
# sources page: "标题：《…》", "发布方：…", "发布日期：YYYY-MM-DD".
ARTICLE_SECTION = "src-original-article"
ARTICLE_FIELDS = {"title": "标题", "publisher": "发布方", "date": "发布日期"}
EXTERNAL_SCHEMES = {"http", "https", "mailto"}


class PdfError(Exception):
    pass


@dataclass(frozen=True)
class Edition:
    """What the cover and the PDF's metadata say."""

    title: str
    description: str
    version: str
    source: str  # the source article: publisher《title》，date
    copyright: str
    date: datetime  # of this edition: SOURCE_DATE_EPOCH, else now
    site: str  # the hosted site's address, which the cover's QR code opens


def _text(el: Tag) -> str:
    return " ".join(el.get_text().split())


def _source_article(soup: BeautifulSoup, where: str) -> str:
    section = soup.find(id=ARTICLE_SECTION)
    expected = "、".join(f"“{label}：…”" for label in ARTICLE_FIELDS.values())
    if section is None:
        raise PdfError(
            f"{where}: no #{ARTICLE_SECTION} section. The cover names the source article from "
            f"it: keep the label ({ARTICLE_SECTION})= in source/sources.md, with list items {expected}."
        )
    found = {}
    for text in (_text(item) for item in section.find_all("li")):
        for key, label in ARTICLE_FIELDS.items():
            if key not in found and (match := re.match(rf"{label}\s*[：:]\s*(.+)$", text)):
                found[key] = match[1].strip().strip("《》")
    missing = [ARTICLE_FIELDS[k] for k in ARTICLE_FIELDS if k not in found]
    if missing:
        raise PdfError(
            f"{where}: #{ARTICLE_SECTION} lacks {'、'.join(missing)}. The cover takes the source "
            f"article from its list items {expected} (source/sources.md)."
        )
    return f"{found['publisher']}《{found['title']}》，{found['date']}"


def edition_meta(soup: BeautifulSoup, folder: Path, version: str) -> Edition:
    where = str(folder / "index.html")
    options = folder / "_static" / "documentation_options.js"
    built = re.search(r"VERSION:\s*'([^']*)'", options.read_text("utf-8")) if options.is_file() else None
    if built and built[1] != version:
        raise PdfError(
            f"{folder} was built for version {built[1]}, but pyproject.toml says {version}: rebuild it "
            "(`make dist`, or sphinx-build -b singlehtml into a fresh folder)."
        )
    site_name = soup.find("meta", attrs={"property": "og:site_name"})
    title = site_name["content"] if site_name else (_text(soup.title) if soup.title else "")
    if not title:
        raise PdfError(f"{where}: no site title (og:site_name or <title>); is it a Sphinx singlehtml build?")
    source = _source_article(soup, where)
    try:
        date = edition_date()
    except ValueError as exc:
        raise PdfError(str(exc)) from None
    canonical = soup.find("link", rel="canonical")  # the hosted site's address is html_baseurl
    if canonical is None:
        raise PdfError(f"{where}: no canonical link; the cover's QR code needs html_baseurl (conf.py)")
    description = (soup.find("meta", attrs={"name": "description"}) or {}).get("content", "")
    rights = _text(el) if (el := soup.select_one(".copyright")) else ""
    site = canonical["href"].rsplit("/", 1)[0] + "/"
    return Edition(title, description, version, source, rights, date, site)


def split_chapters(article: Tag, where: str) -> tuple[list[Tag], dict[str, str]]:
    """The home page and each page it includes as a chapter (a top-level section, its title an <h1>),
    and a map from singlehtml's ``document-<page>`` markers to the pages' section ids."""
    home = article.find("section", recursive=False)
    if home is None:
        raise PdfError(f"{where}: the article has no content section; is it a Sphinx singlehtml build?")
    pages, page_ids = [], {}
    for marker in article.select('span[id^="document-"]'):
        section = marker.find_next_sibling("section")
        if section is None or not section.get("id"):
            raise PdfError(f"{where}: the page after <span id={marker['id']!r}> has no section")
        page_ids[marker["id"]] = section["id"]
        pages.append(section)
        marker.decompose()
    chapters = [home, *(section.extract() for section in pages)]  # a page before the pages it includes
    for wrapper in home.select("div.toctree-wrapper"):
        wrapper.decompose()  # only navigation (captions) is left in it
    for chapter in chapters:
        chapter["class"] = [*chapter.get("class", []), "chapter"]
        headings = chapter.find_all(re.compile(r"^h[1-6]$"))
        if not headings:
            raise PdfError(f"{where}: section #{chapter.get('id')} has no title")
        shift = int(headings[0].name[1]) - 1
        for heading in headings:
            heading.name = f"h{max(1, int(heading.name[1]) - shift)}"
            # The section's id moves to its heading, which may be pushed to the next page:
            # links, the table of contents and the outline must land on the heading.
            section = heading.parent
            if section.name == "section" and section.get("id") and not heading.get("id"):
                heading["id"] = section["id"]
                del section["id"]
    return chapters, page_ids


def _shown_address(url: str) -> str:
    return re.sub(r"^[a-z]+:(//)?|/$", "", url.strip(), flags=re.I)


def strip_web_controls(soup: BeautifulSoup, article: Tag) -> None:
    """Drop what only works on screen: ¶ links, buttons, scripts, forms."""
    for el in article.select("a.headerlink, button, script, noscript, form, style"):
        el.decompose()
    for details in article.select("details"):  # collapsed on screen, in full on paper
        details["open"] = ""
    for summary in article.select("details.decision-text > summary"):  # "展开…": nothing to open
        summary.decompose()
    # sphinx-design cards: an invisible link stretched over the card. On paper the card's
    # title becomes the link (and gets its page number).
    for stretched in article.select("a.sd-stretched-link"):
        card = stretched.find_parent(class_="sd-card")
        title = card.select_one(".sd-card-title") if card else None
        if title is not None:
            link = soup.new_tag("a", attrs={"href": stretched["href"]})
            link["class"] = ["reference", "internal", "page-ref"]
            link.extend(list(title.contents))
            title.append(link)
        stretched.decompose()


def relink(chapters: list[Tag], page_ids: dict[str, str], where: str) -> None:
    """Point every link inside the PDF, mark external ones and cross-references for pdf.css."""
    ids = {el["id"] for chapter in chapters for el in chapter.find_all(id=True)}
    broken = []
    for a in (a for chapter in chapters for a in chapter.find_all("a", href=True)):
        href, classes = a["href"], a.get("class", [])
        if urlsplit(href).scheme.lower() in EXTERNAL_SCHEMES:
            a["class"] = [*classes, "external"]
            if _shown_address(_text(a)) != _shown_address(href):
                a["data-url"] = href
        elif href.startswith("#"):
            # singlehtml writes "#document-<page>#<label>": the label is the target
            target = page_ids.get(href.rsplit("#", 1)[1], href.rsplit("#", 1)[1])
            a["href"] = f"#{target}"
            if target not in ids:
                broken.append(f"{href!r} ({_text(a)})")
            elif not a.find(class_="std-term") and "page-ref" not in classes:
                a["class"] = [*classes, "page-ref"]  # glossary-term links get no page number
        elif a.find("img"):
            a.unwrap()  # the diagram's link to its own file: the image is in the PDF
        else:
            broken.append(f"{href!r} ({_text(a)}): a file the PDF does not contain")
    if broken:
        raise PdfError(f"{where}: links with no target in the PDF: {', '.join(broken[:10])}")


def table_of_contents(chapters: list[Tag]) -> str:
    """Nested lists of every chapter and section title, linked to its section."""
    parts, depth = [], 0
    for heading in (h for chapter in chapters for h in chapter.find_all(re.compile(r"^h[1-6]$"))):
        if not heading.get("id"):
            raise PdfError(f"the heading “{_text(heading)}” has no id (label) to link to")
        level = min(int(heading.name[1]), depth + 1)
        parts.append("<ol>" if level > depth else "</li>" + "</ol></li>" * (depth - level))
        depth = level
        link = f'<a href="#{escape(heading["id"])}">{escape(_text(heading))}</a>'
        parts.append(f'<li class="toc-{level}">{link}')
    return '<nav class="toc"><h1>目录</h1>' + "".join(parts) + "</li></ol>" * depth + "</nav>"


def cover(edition: Edition) -> str:
    qr = segno.make(edition.site, error="m").svg_data_uri(scale=4, border=2)  # back to the hosted site
    subtitle = f'<p class="cover-subtitle">{escape(edition.description)}</p>' if edition.description else ""
    rights = f'<p class="cover-copyright">{escape(edition.copyright)}</p>' if edition.copyright else ""
    return (
        f'<section class="cover"><p class="cover-title">{escape(edition.title)}</p>{subtitle}'
        f'<p class="cover-version">版本 {escape(edition.version)}</p>'
        f"<dl><dt>内容来源</dt><dd>{escape(edition.source)}</dd>"
        f"<dt>本版日期</dt><dd>{edition.date:%Y-%m-%d}</dd></dl>{rights}"
        f'<div class="cover-qr"><img src="{qr}" alt="二维码：{escape(edition.site)}">'
        f"<p>扫码打开在线版：{escape(edition.site)}</p></div></section>"
    )


def print_document(folder: Path, version: str) -> str:
    """The HTML WeasyPrint renders: cover, table of contents, the chapters."""
    page = folder / "index.html"
    if not page.is_file():
        raise PdfError(
            f"{folder}: no single-page build (index.html is missing). Build it with "
            f"`sphinx-build -c . -nW --keep-going -b singlehtml source {folder}` (`make dist` does)."
        )
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    edition = edition_meta(soup, folder, version)
    article = soup.select_one("article[role=main]") or soup.find("article")
    if article is None:
        raise PdfError(f"{page}: no <article>; is it a furo singlehtml build?")
    strip_web_controls(soup, article)
    chapters, page_ids = split_chapters(article, str(page))
    relink(chapters, page_ids, str(page))
    stamp = edition.date.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    head = f'<meta charset="utf-8"><title>{escape(edition.title)}</title>'
    head += f'<meta name="description" content="{escape(edition.description)}">'
    head += f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'
    body = cover(edition) + table_of_contents(chapters) + "".join(str(c) for c in chapters)
    return f'<!DOCTYPE html><html lang="zh-CN"><head>{head}</head><body>{body}</body></html>'


def render(document: str, base: Path, identifier: bytes) -> bytes:
    try:
        import weasyprint  # noqa: PLC0415 - imported here so a missing library gets its hint
    except (ImportError, OSError) as exc:  # OSError: pango or harfbuzz not found
        raise PdfError(f"WeasyPrint cannot be loaded ({exc}): {WEASYPRINT_HINT}") from exc
    collect = BufferingHandler(capacity=10**6)  # WeasyPrint's warnings fail the build, as sphinx -W does
    collect.setLevel(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"})  # the build's own files only
        html = weasyprint.HTML(string=document, base_url=base.resolve().as_uri() + "/", url_fetcher=fetcher)
        pdf = {f"pdf-{name}": value for name, value in PDF.items()}
        tokens = "".join(f"--{name}: {value};" for name, value in {**css_variables("light"), **pdf}.items())
        sheets = [weasyprint.CSS(string=f":root {{{tokens}}}"), weasyprint.CSS(filename=str(STYLESHEET))]
        rendered = html.render(stylesheets=sheets)
        # Tagged (structure tree, /Lang zh-CN): screen readers, and reflow in phone viewers.
        data = rendered.write_pdf(pdf_identifier=identifier, pdf_tags=True)
        families = {font.family for font in rendered.fonts.values()}
    finally:
        logger.removeHandler(collect)
    if collect.buffer:
        messages = [record.getMessage() for record in collect.buffer[:20]]
        raise PdfError("WeasyPrint reported problems:\n  " + "\n  ".join(messages))
    if FONT_FAMILY not in families:
        raise PdfError(f"the text was set in {sorted(families)}, not {FONT_FAMILY}: {FONT_HINT}")
    return data


def make_pdf(singlehtml: Path, target: Path, meta: dict[str, str]) -> Path:
    """Write the PDF edition to ``target`` from the singlehtml build in ``singlehtml``;
    ``meta``: pyproject.toml's [project] table (ext.metadata.project_meta)."""
    document = print_document(singlehtml, meta["version"])
    data = render(document, singlehtml, identifier=f"{meta['name']}-{meta['version']}".encode())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--singlehtml", type=Path, required=True, help="a singlehtml build (index.html)")
    parser.add_argument("--out", type=Path, required=True, help="the PDF to write (e.g. dist/guide.pdf)")
    parser.add_argument("--html", type=Path, help="also write the HTML that is rendered (to debug the CSS)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        meta = project_meta(Path(__file__).resolve().parent.parent / "pyproject.toml")
        if args.html:
            args.html.write_text(print_document(args.singlehtml, meta["version"]), "utf-8")
        pdf = make_pdf(args.singlehtml, args.out, meta)
    except PdfError as exc:
        print(f"make_pdf: {exc}", file=sys.stderr)
        return 1
    print(f"{pdf}  {pdf.stat().st_size / 1024:.0f} KiB  ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
