"""Chinese search (issue #3; ext/zh_search.py, docs/search.md).

* Every query of search_queries.toml, typed into the built site's search page in
  real Chromium, served over http and opened from file:// (the offline download):
  the expected page is among the first 3 results, every result shows a snippet,
  and the page logs no console error and no failed request.
* Only the search page loads the search scripts.
* A build without jieba, or with a malformed dictionary line, fails with a message
  naming the cause (and the file and line).

Speed and size figures are printed by tools/bench_search.py (`make bench`), not
asserted here.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from urllib.parse import quote

import pytest
from sphinx.errors import ConfigError

from ext.zh_search import DictionaryError, read_dictionary
from tests.builds import ROOT, build

QUERY_FILE = Path(__file__).with_name("search_queries.toml")
FIELDS = {"q": str, "page": str, "anchor": str, "kind": str, "holdout": bool}


def load_queries(path: Path = QUERY_FILE) -> list[dict]:
    """The query set, checked: a bad entry fails collection naming the file and the query."""
    queries = tomllib.loads(path.read_text(encoding="utf-8")).get("query", [])
    for number, query in enumerate(queries, 1):
        where = f"{path.name}, query #{number} ({query.get('q', '?')!r})"
        for key in ("q", "page"):
            if not str(query.get(key, "")).strip():
                raise ValueError(f"{where}: `{key}` is missing or empty")
        for key, value in query.items():
            if key not in FIELDS or not isinstance(value, FIELDS[key]):
                raise ValueError(f"{where}: unexpected `{key} = {value!r}`; fields: {', '.join(FIELDS)}")
    return queries


QUERIES = load_queries()

RESULTS_SHOWN = "() => document.querySelector('#search-results p.search-summary')?.textContent"
READ_RESULTS = """items => items.map(li => ({
  href: li.querySelector("a").getAttribute("href"),
  title: li.querySelector("a").textContent,
  snippet: li.querySelector("p.context")?.textContent.trim() ?? "",
}))"""


def page_of(href: str) -> str:
    """'faq.html#is-recruiting-free' → 'faq'."""
    return re.sub(r"\.html$", "", href.partition("#")[0].removeprefix("./"))


@pytest.fixture(scope="module")
def tab(browser):
    """One browser tab for the module, recording console errors and failed loads."""
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda err: problems.append(f"uncaught: {err}"))

    # net::ERR_ABORTED is a load the next navigation cut short (the favicon of the
    # previous query's page), not a failure; a missing file is ERR_FILE_NOT_FOUND.
    def failed(request) -> None:
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed: {request.url} ({request.failure})")

    page.on("requestfailed", failed)
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.problems = problems
    yield page
    context.close()


def search(tab, base: str, query: str) -> list[dict]:
    tab.problems.clear()
    tab.goto(f"{base}/search.html?q={quote(query)}")
    tab.wait_for_function(RESULTS_SHOWN, timeout=10_000)
    return tab.eval_on_selector_all("#search-results ul.search > li", READ_RESULTS)


@pytest.fixture(params=["http", "file"])
def base(request, site: Path) -> str:
    """The site's address: served on loopback, or opened from disk like the offline download."""
    return (
        request.getfixturevalue("hosted_site").root.rstrip("/") if request.param == "http" else site.as_uri()
    )


@pytest.mark.browser
@pytest.mark.parametrize("query", QUERIES, ids=[f"q{n:02d}" for n in range(1, len(QUERIES) + 1)])
def test_query_finds_its_page(tab, base: str, query: dict) -> None:
    results = search(tab, base, query["q"])
    top = [page_of(r["href"]) for r in results[:3]]
    assert query["page"] in top, f"{query['q']!r}: expected {query['page']} in the top 3, got " + (
        ", ".join(r["href"] for r in results[:3]) or "no results"
    )
    unexplained = [r["href"] for r in results if not r["snippet"]]
    assert not unexplained, f"{query['q']!r}: results without a snippet: {unexplained}"
    assert not tab.problems, f"{query['q']!r} on {base}: {tab.problems}"


@pytest.mark.browser
def test_no_match_says_so(tab, base: str) -> None:
    results = search(tab, base, "量子计算机")
    assert results == []
    status = tab.text_content("#search-results p.search-summary")
    assert "没有" in status or "did not match" in status, status
    assert not tab.problems, tab.problems


@pytest.mark.browser
def test_result_opens_the_section(tab, base: str) -> None:
    """A result links to its section's anchor, and the anchor exists on the page."""
    results = search(tab, base, "W-8BEN-E")
    first = next(r for r in results if page_of(r["href"]) == "glossary")
    assert first["href"] == "glossary.html#term-W-8BEN-E", first
    tab.click(f'#search-results a[href="{first["href"]}"]')
    tab.wait_for_url(re.compile(r"glossary\.html#term-W-8BEN-E$"))
    assert tab.locator("#term-W-8BEN-E").is_visible()
    assert not tab.problems, tab.problems


def test_only_the_search_page_loads_search_scripts(site: Path, pages: list[Path]) -> None:
    search_page = (site / "search.html").read_text(encoding="utf-8")
    for script in ("language_data.js", "search-zh.js", "searchindex.js"):
        assert script in search_page, f"search.html does not load {script}"
        loaded_by = [p.name for p in pages if script in p.read_text(encoding="utf-8")]
        assert not loaded_by, f"{script} is loaded by {loaded_by}; only search.html should load it"
    assert search_page.index("language_data.js") < search_page.index("search-zh.js")
    # search-zh.js replaces it (both define `Search`); nobody loads it.
    assert not [p.name for p in [site / "search.html", *pages] if "searchtools.js" in p.read_text("utf-8")]


# -- Bad input: no jieba, a malformed dictionary ----------------------------------

TINY_PAGE = "(tiny)=\n\n# 搜索测试\n\n招商经理负责入驻支持。\n"


def tiny_project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "index.md").write_text(TINY_PAGE, encoding="utf-8")
    return src


@pytest.mark.slow
def test_build_without_jieba_fails_with_install_hint(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "jieba", None)  # `import jieba` fails as if it were not installed
    with pytest.raises(
        Exception, match="the Chinese search index needs jieba, which is not installed"
    ) as err:
        build(tiny_project(tmp_path), tmp_path / "out")
    assert "requirements/docs.lock.txt" in str(err.value)


@pytest.mark.slow
def test_malformed_dictionary_line_fails_build_naming_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "dict.txt"
    bad.write_text("# domain words\n招商经理\n白牌 3 n extra\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(f"{bad}:3: expected `word [frequency] [tag]`")):
        build(tiny_project(tmp_path), tmp_path / "out", zh_search_dictionary=str(bad))


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("招商经理\nFBA\n", 2, "two or more Chinese characters"),
        ("# c\n\n白\n", 3, "two or more Chinese characters"),
        ("白牌\n自助注册 x2\n", 2, "frequency must be a whole number"),
        ("白牌\n风控\n白牌 5\n", 3, "already on line 1"),
    ],
)
def test_dictionary_errors_name_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    path = tmp_path / "dict.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DictionaryError, match=re.escape(f"{path}:{line}:")) as err:
        read_dictionary(path)
    assert problem in str(err.value)


def test_site_dictionary_is_valid() -> None:
    words = {w.word for w in read_dictionary(ROOT / "ext" / "zh_search_dict.txt")}
    assert {"招商经理", "运营经理", "自助注册", "品牌备案", "账户健康", "订单缺陷率"} <= words
