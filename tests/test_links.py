"""Every internal link resolves; after an edit every page is rewritten, each cache key following
the file it names."""

import functools
import shutil
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.builds import FIXTURES, ROOT, build, soup


def test_every_internal_link_resolves(site: Path) -> None:
    ids_of = functools.cache(lambda path: {el["id"] for el in soup(path).select("[id]")})
    broken, checked = [], 0
    # 404.html links with absolute paths by design (it is served at any depth); test_meta checks it.
    for page in sorted(p for p in site.rglob("*.html") if p.name != "404.html"):
        for a in soup(page).select("a[href]"):
            url = urlsplit(a["href"])
            if url.scheme or url.netloc:  # another site, or mailto:
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


@pytest.mark.slow
def test_a_term_spelt_in_another_case_links_its_readable_anchor(fixture_build) -> None:
    """Sphinx finds `r 标` for the term R 标 case-insensitively; the link must use the readable id."""
    result = fixture_build("glossary-case", "html")
    html = soup(result.outdir / "index.html")
    links = [a["href"] for a in html.select("a.reference:has(.std-term)")]
    assert links == ["#term-r-mark", "#term-tm-mark", "#term-FBA", "#term-r-mark", "#term-FBA"], links
    assert result.ok and all(html.find(id=href[1:]) for href in links), result.warnings


def _keyed(site: Path) -> dict[str, set[str]]:
    """Every file a page names with a ``?v=`` key (404.html's site paths included): path → keys."""
    base = soup(site / "index.html").find("link", rel="canonical")["href"].removesuffix("index.html")
    found = defaultdict(set)
    for page in site.glob("*.html"):
        for tag in soup(page).find_all(True):
            for url in (v for v in tag.attrs.values() if isinstance(v, str) and "?v=" in v):
                path, key = urljoin(base + page.name, url).split("?v=", 1)
                found[urlsplit(path).path.removeprefix(urlsplit(base).path)].add(key)
    return found


@pytest.mark.slow
def test_an_edit_rewrites_every_page_with_keys_that_follow_their_files(tmp_path: Path) -> None:
    """`make serve` after an edit (a table on a page: the trimmed theme stylesheets and the search
    index change; an edited site.css), then a new page. Browsers keep what a host serves until the
    ``?v=`` key changes: every page gives a file one key, a new one when the file changed. Every
    sidebar lists the new page, the sitemap every URL."""
    src, out, static = tmp_path / "src", tmp_path / "out", tmp_path / "static"
    shutil.copytree(FIXTURES / "permalinks-site", src)
    shutil.copytree(ROOT / "source" / "_static", static)
    rebuild = functools.partial(build, src, out, "html", fresh=False, html_static_path=[str(static)])
    assert rebuild().ok
    one = _keyed(out)
    served = {p: (out / p).read_bytes() for p in one}
    guide, css = src / "guide.md", static / "site.css"
    guide.write_text(guide.read_text("utf-8") + "\n| 甲 | 乙 |\n| --- | --- |\n| 1 | 2 |\n", "utf-8")
    css.write_text(css.read_text("utf-8") + "\nh1 { letter-spacing: 0 }\n")
    assert rebuild().ok
    two = _keyed(out)
    mixed = {path: keys for path, keys in (*one.items(), *two.items()) if len(keys) > 1}
    assert not mixed, f"pages (404.html included) that give one file different keys: {mixed}"
    changed = [p for p in one if served[p] != (out / p).read_bytes()]
    assert all(any(f in p for p in changed) for f in ("furo", "site.css", "searchindex-zh")), changed
    stale = [p for p in one if (one[p] == two[p]) == (p in changed)]
    assert not stale, f"keys that do not follow their file: {stale}"
    (src / "added.md").write_text("(added)=\n\n# 新加的页面\n\n新页面的一句话。\n", "utf-8")
    index = src / "index.md"
    index.write_text(index.read_text("utf-8").replace("guide\n", "guide\nadded\n"), "utf-8")
    assert rebuild().ok
    stale = [page.name for page in out.glob("*.html") if "新加的页面" not in page.read_text("utf-8")]
    assert not stale, f"sidebars without the new page: {stale}"
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert all(f"{page}.html" in sitemap for page in ("index", "guide", "added")), sitemap
