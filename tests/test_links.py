"""Readable, unique anchors on every section, and every internal link resolves."""

from __future__ import annotations

import re
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
