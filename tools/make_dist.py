"""The offline editions from `make dist`'s finished builds (offline/, singlehtml/, epub/):
the site zip (the site built without SITE_DOWNLOADS, so its download page links the hosted
files), the single page with everything inlined, the EPUB repacked, the PDF
(tools/make_pdf.py) and their SHA256SUMS, named by ext/downloads.py and byte-reproducible
under SOURCE_DATE_EPOCH.

Usage: python -m tools.make_dist --build _build --out dist
"""

import argparse
import base64
import hashlib
import mimetypes
import os
import re
import sys
import time
import zipfile
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup
from bs4.element import Script, Stylesheet

from ext.downloads import SUMS, file_names
from ext.metadata import project_meta, site_address
from tools import make_pdf

# What the offline zip leaves out (fnmatch patterns; * spans folders): the 404 page (absolute
# links), search-engine and intersphinx files, the link-preview cards, Sphinx's build stamp and
# its searchindex.js (the site's search reads searchindex-zh.js), sources, source maps.
WEB_ONLY = [".buildinfo", "404.html", "sitemap.xml", "robots.txt", "objects.inv", "searchindex.js"]
WEB_ONLY += ["_static/social-card.png", "_images/social_previews/*", "_sources/*", ".doctrees/*", "*.map"]
ZIP_EPOCH_MIN = 315532800  # 1980-01-01: the earliest time a zip entry can hold


class DistError(Exception):
    pass


def zip_time() -> tuple[int, int, int, int, int, int]:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", ZIP_EPOCH_MIN)), ZIP_EPOCH_MIN)
    return time.gmtime(epoch - epoch % 2)[:6]  # a zip entry holds even seconds only


def _entry(name: str, compress: bool = True) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=zip_time())
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    info.create_system = 3  # Unix, so the permissions above apply everywhere
    return info


def check_build(folder: Path, marker: str) -> None:
    """Refuse to package a missing or unfinished build."""
    if not (folder / marker).is_file():
        raise DistError(
            f"{folder}: no finished build ({marker} is missing). Run `make dist`, which builds "
            "each edition with -nW into a fresh folder and stops at the first warning."
        )


def write_site_zip(html: Path, out: Path, top: str) -> Path:
    check_build(html, ".buildinfo")
    files = sorted(path.relative_to(html).as_posix() for path in html.rglob("*") if path.is_file())
    with zipfile.ZipFile(out, "w") as zf:
        for rel in files:
            if not any(fnmatch(rel, pattern) for pattern in WEB_ONLY):
                zf.writestr(_entry(f"{top}/{rel}"), (html / rel).read_bytes(), compresslevel=9)
    return out


def repack_epub(epub: Path, out: Path) -> Path:
    """Copy the EPUB with fixed timestamps: ``mimetype`` first and stored, the rest sorted."""
    with zipfile.ZipFile(epub) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        if "mimetype" not in names:
            raise DistError(f"{epub}: not an EPUB (no mimetype entry)")
        dst.writestr(_entry("mimetype", compress=False), src.read("mimetype"))
        for name in sorted(n for n in names if n != "mimetype" and not n.endswith("/")):
            dst.writestr(_entry(name), src.read(name), compresslevel=9)
    return out


# The single page: singlehtml's index.html with its _static/ and _images/ files inlined (no
# maintained package inlines a local page: the tools that exist fetch over HTTP).


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return bool(url) and not parts.scheme and not parts.netloc and not url.startswith("#")


def _local_path(root: Path, base: Path, url: str, where: str) -> Path:
    """The file ``url`` names from ``base``, which must lie inside the build folder ``root``."""
    path = (base / unquote(urlsplit(url).path)).resolve()
    if not path.is_relative_to(root.resolve()):
        raise DistError(f"{where}: {url!r} points to {path}, outside the build folder {root}")
    if not path.is_file():
        raise DistError(f"{where}: {url!r} points to {path}, which does not exist")
    return path


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(root: Path, css_file: Path) -> str:
    """The stylesheet's text, with any local url(...) turned into a data: URI."""

    def repl(match: re.Match[str]) -> str:
        if not _is_local(match[2]):
            return match[0]
        return f'url("{_data_uri(_local_path(root, css_file.parent, match[2], str(css_file)))}")'

    text = css_file.read_text(encoding="utf-8")
    text = re.sub(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", repl, text)
    return re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", text)


def _inline_head(soup: BeautifulSoup, folder: Path, where: str) -> None:
    """Stylesheets and scripts into the page; links to pages this edition lacks out."""
    for link in soup.find_all("link", href=True):
        href, rel = link["href"], link.get("rel") or []
        if "stylesheet" in rel and _is_local(href):
            style = soup.new_tag("style")
            style.append(Stylesheet(_inline_css(folder, _local_path(folder, folder, href, where))))
            link.replace_with(style)
        elif _is_local(href) or "canonical" in rel:
            # index/search/prev/next name pages this edition does not have; the file is
            # not at the canonical address (site.js then copies the file's own URL).
            link.decompose()
    for script in soup.find_all("script", src=True):
        if _is_local(script["src"]):
            code = _local_path(folder, folder, script["src"], where).read_text(encoding="utf-8")
            del script["src"]
            script.append(Script(re.sub(r"</(script)", r"<\\/\1", code, flags=re.I)))


def _inline_body(soup: BeautifulSoup, folder: Path, page: str, where: str) -> None:
    """Images as data: URIs, links kept inside the one file, the search box out."""
    for image in soup.select("img[src], source[srcset]"):
        attr = "src" if image.name == "img" else "srcset"
        if _is_local(image[attr]):
            image[attr] = _data_uri(_local_path(folder, folder, image[attr], where))
    for form in soup.find_all("form", action=True):
        if _is_local(form["action"]):
            form.decompose()  # the search box: this edition has no search page
    for a in soup.find_all("a", href=True):
        if a["href"].startswith("#") and "#" in a["href"][1:]:
            # Sphinx's singlehtml links a label as #document-<page>#<label>, which no browser
            # follows (a fragment holds no #): the label is the target.
            a["href"] = "#" + a["href"].rsplit("#", 1)[1]
        if not _is_local(a["href"]):
            continue
        url = urlsplit(a["href"])
        target = PurePosixPath(url.path).name
        if target == page:  # the page itself: keep the #fragment only
            a["href"] = f"#{url.fragment}"
        elif target.endswith(".html"):
            raise DistError(f"{where}: a link to {a['href']!r}, a page the single-page edition lacks")
        else:
            a.unwrap()  # a link around an inlined image (the diagram's zoom link)


def single_page(folder: Path, page: str = "index.html") -> str:
    check_build(folder, page)
    where = str(folder / page)
    soup = BeautifulSoup((folder / page).read_text(encoding="utf-8"), "html.parser")
    _inline_head(soup, folder, where)
    _inline_body(soup, folder, page, where)
    leftovers = [
        f"<{el.name} {attr}={el[attr]!r}>"
        for attr in ("src", "href", "action")
        for el in soup.find_all(attrs={attr: True})
        if _is_local(el[attr])
    ]
    if leftovers:
        raise DistError(f"{where}: local references left in the single page: {leftovers[:5]}")
    return str(soup)


def make_dist(build: Path, out: Path) -> list[Path]:
    """Write the four editions from the builds in ``build`` into ``out``, with their
    checksums; return the files."""
    meta = project_meta()
    names = file_names(meta["name"], meta["version"])
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob(f"{meta['name']}-*"), out / SUMS]:  # an earlier version's
        old.unlink(missing_ok=True)
    single = out / names["single"]
    single.write_text(single_page(build / "singlehtml"), encoding="utf-8")
    check_build(build / "epub", names["epub"])
    written = [
        single,
        repack_epub(build / "epub" / names["epub"], out / names["epub"]),
        make_pdf.make_pdf(build / "singlehtml", out / names["pdf"], meta),
        write_site_zip(build / "offline", out / names["zip"], top=names["zip"].removesuffix("-html.zip")),
    ]
    sums = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n" for p in sorted(written))
    (out / SUMS).write_text(sums, encoding="utf-8")
    return [*written, out / SUMS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, required=True, help="holds offline/, singlehtml/, epub/")
    parser.add_argument("--out", type=Path, required=True, help="where the downloads go (e.g. dist)")
    args = parser.parse_args(argv)
    base, _, placeholder = site_address(project_meta()["name"])
    if placeholder:
        print(
            f"make_dist: WARNING: SITE_BASEURL is not set, so the downloads point at the placeholder "
            f"{base}: the PDF cover's QR code, the zip's download page and every copied section link. "
            "Set the site's public address: SITE_BASEURL=https://docs.example.cn/ make dist",
            file=sys.stderr,
        )
    try:
        written = make_dist(args.build, args.out)
    except (DistError, make_pdf.PdfError) as exc:
        print(f"make_dist: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"{path}  {path.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
