"""Readable, unique anchors on every section, and every internal link resolves."""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

LABEL_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _soup(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_every_section_id_is_readable_ascii(pages: list[Path]) -> None:
    bad = []
    count = 0
    for page in pages:
        for section in _soup(page).select("article section"):
            count += 1
            sid = section.get("id", "")
            if not LABEL_RE.match(sid) or re.fullmatch(r"id\d+", sid):
                bad.append(f"{page.name}#{sid}")
    assert count >= 40, f"only {count} sections found; is the site built?"
    assert not bad, f"sections without a readable label: {bad}"


def test_no_numbered_ids_anywhere(pages: list[Path]) -> None:
    for page in pages:
        ids = [el["id"] for el in _soup(page).select("article [id]")]
        numbered = [i for i in ids if re.fullmatch(r"id\d+", i)]
        assert not numbered, f"{page.name}: docutils numbered ids {numbered} (add explicit labels)"


def test_ids_are_unique_per_page(pages: list[Path]) -> None:
    for page in pages:
        ids = [el["id"] for el in _soup(page).select("[id]")]
        dupes = {i for i in ids if ids.count(i) > 1}
        assert not dupes, f"{page.name}: duplicate ids {dupes}"


def test_every_internal_link_resolves(site: Path) -> None:
    ids_cache: dict[Path, set[str]] = {}

    def ids_of(path: Path) -> set[str]:
        if path not in ids_cache:
            ids_cache[path] = {el["id"] for el in _soup(path).select("[id]")}
        return ids_cache[path]

    broken, checked = [], 0
    # 404.html links with absolute paths by design (it is served at any depth); test_meta checks it.
    for page in sorted(p for p in site.rglob("*.html") if p.name != "404.html"):
        for a in _soup(page).select("a[href]"):
            url = urlsplit(a["href"])
            if url.scheme or url.netloc or a["href"].startswith("mailto:"):
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)} → {a['href']} (no such file)")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in ids_of(target):
                broken.append(f"{page.relative_to(site)} → {a['href']} (no such anchor)")
    assert checked > 100
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_glossary_terms_have_readable_anchors(site: Path) -> None:
    ids = [dt["id"] for dt in _soup(site / "glossary.html").select("dt[id]")]
    assert len(ids) >= 20
    numbered = [i for i in ids if re.fullmatch(r"term-\d+", i)]
    assert not numbered, f"glossary terms with numbered anchors {numbered}: name them in glossary_term_ids"


def test_every_cache_key_names_the_file_as_served(site: Path) -> None:
    """A ``?v=`` key changes whenever the file a reader gets changes.

    Hosts let browsers cache stylesheets and scripts; the key in the link is what makes a
    browser fetch a new version. ext/assets.py minifies and trims some files after
    Sphinx computed their keys, so each key must be Sphinx's checksum of the served file."""
    stale, count = [], 0
    for page in sorted(site.rglob("*.html")):
        for tag in _soup(page).select("link[href*='?v='], script[src*='?v=']"):
            url = tag.get("href") or tag.get("src")
            path, key = url.split("?v=", 1)
            served = (page.parent / path).resolve()
            if urlsplit(url).scheme or not served.is_file():
                continue  # a missing file is test_every_internal_link_resolves's
            count += 1
            crc = f"{zlib.crc32(served.read_bytes().translate(None, bytes([13]))):08x}"
            if key != crc:
                stale.append(f"{page.relative_to(site)}: {path}?v={key} (the file's is {crc})")
    assert count >= 40, f"only {count} keyed links found; is the site built?"
    assert not stale, "cache keys that do not match the served file:\n" + "\n".join(sorted(set(stale))[:20])
