"""Chinese search that finds what sellers type, online and offline (file://).

Sphinx's own Chinese search (``sphinx.search.zh``) indexes with jieba, but the
browser treats a Chinese query as one word (招商经理 finds nothing, because jieba
indexed 招商 and 经理), every word of a query must match (如何申诉 finds nothing),
results are whole pages, and snippets are fetched over the network, which the
browser blocks on file:// (sphinx-doc/sphinx#9156). This module keeps Sphinx's
search page, its ``searchindex.js`` file and its loader, and replaces the rest:

* ``SearchChineseSeller``, registered for ``zh`` with ``app.add_search_language``,
  cuts Chinese with jieba (a private ``jieba.Tokenizer`` plus the domain
  dictionary named by ``zh_search_dictionary``) in cut-for-search mode,
  keeps Latin terms such as W-8BEN-E whole, and leaves Chinese question words
  and stop words (如何, 怎么办, 吗 …) out of the index. Its ``js_splitter_code``
  segments a query in the browser greedily against the index's own vocabulary,
  the approach of mkdocs-material's Chinese search: 招商经理多久联系我 becomes
  招商经理 / 多久 / 联系 / 我.
* At ``build-finished`` it adds a section index to ``searchindex.js`` under the
  key ``"zh"``: every section and every glossary entry is a *unit* with its
  anchor, title and a short summary (shown as the snippet, so no page is
  fetched), and every term maps to the units it occurs in with a weight, in
  which titles, FAQ questions (section titles) and glossary terms count more
  than body text. ``source/_static/search-zh.js``, loaded only by search.html,
  replaces Sphinx's searchtools.js on that page (added by ``add_search_scripts``),
  ranks units with it and renders the results in furo's search page markup.

jieba is a hard dependency: without it the build stops with a message saying
how to install it. Maintainers' guide: docs/search.md.

Run ``python ext/zh_search.py 招商经理多久联系我`` to see how a text is cut.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.errors import ConfigError, ExtensionError
from sphinx.search import SearchLanguage, js_index
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

# Question words and function words that say nothing about the topic. They are
# left out of the index and dropped from queries, so 账户被暂停怎么办 searches
# for 账户 / 暂停. Both sides use this one list (language_data.js gets a copy).
CHINESE_STOPWORDS = frozenset(
    """
    如何 怎么 怎么办 怎样 怎么样 咋办 为什么 为何 什么 啥 哪些 哪个 哪里 哪儿 哪
    多久 多长时间 多少 几天 几 能不能 能否 可不可以 可以 是否 是不是 有没有 会不会
    要不要 需不需要 需要 该怎么 应该 请问 一下 吗 呢 吧 啊 呀 么 嘛 的 了 着 过 地
    得 和 与 及 或 或者 以及 在 是 有 我 我们 你 你们 他 她 它 被 把 给 对 从 到 就
    都 也 还 又 才 该 这 那 这个 那个 里 中 时 后 前 之 其 等 将 会 能 想 做 要 去
    """.split()  # noqa: SIM905 - grouped lines read better than 100 quoted words
)
STOPWORDS = CHINESE_STOPWORDS | ENGLISH_STOPWORDS

# Weights of one occurrence of a term in a unit; search-zh.js saturates their sum (BM25).
BODY_WEIGHT = 1
TITLE_WEIGHT = 8  # section and page titles, hence FAQ questions
TERM_WEIGHT = 8  # a glossary entry's own term(s)
MAX_WEIGHT = 99

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# After NFKC and lower-casing: a run of Chinese characters, or a Latin/number
# term whose parts are joined by hyphens or dots (w-8ben-e, 5.2, sell.amazon.com).
TOKEN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[-.][a-z0-9]+)*")
CJK_RE = re.compile(rf"[{_CJK}]")

# Query segmentation in the browser; must cut Latin terms as ``_latin_terms``
# does. Greedy forward maximum matching against the index vocabulary and the
# stop words; a run of characters that starts no known word is kept as one
# token, which search-zh.js matches inside longer index terms.
JS_SPLITTER = r"""
var splitQuery = (query) => {
  const text = query.normalize("NFKC").toLowerCase();
  const tokens = text.match(
    /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[-.][a-z0-9]+)*/g,
  ) || [];
  const zh = typeof Search !== "undefined" && Search._index && Search._index.zh;
  if (!zh) return tokens;
  if (!zh.vocabulary) {
    zh.vocabulary = new Set([...Object.keys(zh.terms), ...stopwords]);
    zh.longest = Math.min(8, Math.max(...[...zh.vocabulary].map((w) => w.length)));
  }
  const terms = [];
  for (const token of tokens) {
    if (/^[a-z0-9]/.test(token)) {
      const whole = token.replaceAll("-", "");
      if (zh.vocabulary.has(whole) || !/[-.]/.test(token)) terms.push(whole);
      else terms.push(...token.split(/[-.]/).filter((part) => part.length > 1));
      continue;
    }
    let unknown = "";
    for (let i = 0; i < token.length; ) {
      let size = Math.min(zh.longest, token.length - i);
      while (size > 1 && !zh.vocabulary.has(token.substr(i, size))) size -= 1;
      const word = token.substr(i, size);
      if (size === 1 && !zh.vocabulary.has(word)) unknown += word;
      else {
        if (unknown) terms.push(unknown);
        unknown = "";
        terms.push(word);
      }
      i += size;
    }
    if (unknown) terms.push(unknown);
  }
  return terms;
};
"""


class DictionaryError(ValueError):
    """A malformed line in the domain dictionary; the message names file and line."""


@dataclass(frozen=True)
class DictionaryWord:
    word: str
    freq: int | None
    tag: str | None


def read_dictionary(path: Path) -> list[DictionaryWord]:
    """Parse a jieba user dictionary (``word [frequency] [tag]``, # comments).

    jieba's own ``load_userdict`` accepts anything and has no comments, so a typo
    would silently cut words wrongly; this reports ``file:line: problem``.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise DictionaryError(f"{path}: search dictionary not found") from None
    except UnicodeDecodeError as err:
        raise DictionaryError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from None
    words: list[DictionaryWord] = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{lineno}"
        word, *rest = line.split()
        if len(rest) > 2:
            raise DictionaryError(f"{where}: expected `word [frequency] [tag]`, got {line!r}")
        freq = int(rest.pop(0)) if rest and rest[0].isdigit() else None
        tag = rest.pop(0) if rest else None
        if rest or (tag is not None and not re.fullmatch(r"[a-z]+", tag)):
            raise DictionaryError(
                f"{where}: {line!r}: the frequency must be a whole number and the tag "
                "lowercase letters (jieba's `word [frequency] [tag]`)"
            )
        if not re.fullmatch(rf"[{_CJK}]{{2,}}", word):
            raise DictionaryError(
                f"{where}: {word!r}: dictionary words are two or more Chinese characters; "
                "Latin terms (FBA, W-8BEN-E) are indexed as written, without the dictionary"
            )
        if word in seen:
            raise DictionaryError(f"{where}: {word!r} is already on line {seen[word]}")
        seen[word] = lineno
        words.append(DictionaryWord(word, freq, tag))
    return words


def _latin_terms(token: str) -> list[str]:
    """W-8BEN-E → w8bene (whole, hyphens dropped) and its parts w, 8ben, e."""
    whole = token.replace("-", "")
    parts = re.split(r"[-.]", token)
    return [whole, *parts] if len(parts) > 1 else [whole]


class SearchChineseSeller(SearchLanguage):
    """Chinese (and the Latin terms in it) for this site's search index."""

    lang = "zh"
    language_name = "Chinese"
    stopwords = STOPWORDS
    js_splitter_code = JS_SPLITTER

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        import jieba  # noqa: PLC0415 - checked at setup(); kept local for a clear error there

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" lines on every build
        # A private tokenizer: the global one is shared with sphinx.search.zh.
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.initialize()
        if options.get("dict"):
            for entry in read_dictionary(Path(options["dict"])):
                self.tokenizer.add_word(entry.word, entry.freq, entry.tag)

    def split(self, input: str) -> list[str]:  # SearchLanguage's signature
        words: list[str] = []
        for token in TOKEN_RE.findall(unicodedata.normalize("NFKC", input).lower()):
            if CJK_RE.match(token):
                # HMM off: guessed words (如高, 指在 …) would pollute the vocabulary
                # the browser segments queries against; the dictionary adds real ones.
                words.extend(self.tokenizer.cut_for_search(token, HMM=False))
            else:
                words.extend(_latin_terms(token))
        return words

    def stem(self, word: str) -> str:
        return word  # no stemming: the browser would need the same stemmer

    def word_filter(self, word: str) -> bool:
        return len(word) > 1 and word not in self.stopwords


# -- The section index ("zh" in searchindex.js) -------------------------------


@dataclass
class Unit:
    """A search result: a section or a glossary entry."""

    anchor: str
    title: str
    text: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # a glossary entry's terms


_SKIP = (nodes.comment, nodes.raw, nodes.system_message, nodes.Invisible, addnodes.toctree)
# Text nobody reads: Sphinx's opt-out class, and the label a sphinx-design card's
# link carries only for screen readers (index.md's cards: "recruiting-manager-role").
_HIDDEN_CLASSES = {"no-search", "sd-hide-link-text"}
_BLOCK = (nodes.paragraph, nodes.entry, nodes.term, nodes.caption, nodes.list_item, nodes.title)


def _collect(node: nodes.Node, unit: Unit, units: list[Unit], in_glossary: bool) -> None:
    for child in node.children:
        if isinstance(child, nodes.Text):
            unit.text.append(str(child))
        elif isinstance(child, _SKIP) or (
            isinstance(child, nodes.Element) and _HIDDEN_CLASSES.intersection(child["classes"])
        ):
            continue
        elif isinstance(child, nodes.section):
            title = child[0].astext() if isinstance(child[0], nodes.title) else ""
            sub = Unit(child["ids"][0] if child["ids"] else "", title)
            units.append(sub)
            _collect(child, sub, units, in_glossary)
        elif isinstance(child, nodes.title) and child.parent[0] is child:
            continue  # a section's own title, held by its unit
        elif in_glossary and isinstance(child, nodes.definition_list_item):
            terms = [term for term in child.children if isinstance(term, nodes.term)]
            names = [term.astext() for term in terms]
            entry = Unit(terms[0]["ids"][0], " / ".join(names), terms=names)
            units.append(entry)
            for definition in child.findall(nodes.definition):
                _collect(definition, entry, units, in_glossary)
        else:
            _collect(child, unit, units, in_glossary or isinstance(child, addnodes.glossary))
            if isinstance(child, _BLOCK):
                unit.text.append(" ")


def document_units(doctree: nodes.document) -> list[Unit]:
    """The units of one page in document order; the first is the page itself (anchor "")."""
    page = Unit("", "")
    units = [page]
    _collect(doctree, page, units, in_glossary=False)
    top = units[1] if len(units) > 1 else page
    page.title, page.text = top.title, page.text + top.text
    units.remove(top)  # the page's top-level section is the page unit
    return units


def build_section_index(
    builder_indexer, doctrees: dict[str, nodes.document], docnames: list[str], summary_chars: int
) -> dict:
    lang: SearchChineseSeller = builder_indexer.lang

    def terms(text: str) -> list[str]:
        return [w for w in lang.split(text) if lang.word_filter(w)]

    rows: list[list] = []
    postings: dict[str, list[int | list[int]]] = {}
    for doc_index, docname in enumerate(docnames):
        for unit in document_units(doctrees[docname]):
            body = re.sub(r"\s+", " ", "".join(unit.text)).strip()
            weights: Counter[str] = Counter()
            for word in terms(body):
                weights[word] += BODY_WEIGHT
            for word in terms(unit.title):
                weights[word] += TITLE_WEIGHT
            for glossary_term in unit.terms:
                for word in terms(glossary_term):
                    weights[word] += TERM_WEIGHT
            # An empty summary (a section holding only subsections) makes
            # search-zh.js show the next unit's, which is its first subsection.
            summary = body if len(body) <= summary_chars else body[:summary_chars].rstrip() + "…"
            unit_index = len(rows)
            rows.append([doc_index, unit.anchor, unit.title, summary])
            for word, count in weights.items():
                # Most postings have weight 1; they are written as the bare unit number.
                weight = min(count, MAX_WEIGHT)
                postings.setdefault(word, []).append(unit_index if weight == 1 else [unit_index, weight])
    return {"units": rows, "terms": dict(sorted(postings.items()))}


def add_section_index(app: Sphinx, exception: Exception | None) -> None:
    indexer = getattr(app.builder, "indexer", None)
    if exception is not None or indexer is None or not isinstance(indexer.lang, SearchChineseSeller):
        return
    path = Path(app.outdir, app.builder.searchindex_filename)
    if not path.is_file():  # singlehtml has an indexer but writes no index
        return
    data = js_index.loads(path.read_text(encoding="utf-8"))
    docnames = list(data["docnames"])
    doctrees = {name: app.env.get_doctree(name) for name in docnames}
    data["zh"] = build_section_index(indexer, doctrees, docnames, app.config.zh_search_summary_chars)
    # search-zh.js ranks with "zh" only; Sphinx's page-level term maps would be a
    # third of the file unused. Sphinx reads them back only to merge an incremental
    # build, for which empty maps are valid (this handler then rewrites "zh" whole).
    data["terms"] = data["titleterms"] = {}
    # UTF-8 rather than \u escapes: Chinese text is half the size.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(js_index.PREFIX + text + js_index.SUFFIX, encoding="utf-8")


def add_search_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The search page's scripts, on it alone (source/_templates/search.html).

    search-zh.js replaces searchtools.js; language_data.js (this language's stop
    words and splitQuery) comes first. Added here rather than written in the
    template so that they get Sphinx's ``?v=`` checksum like every other script.
    """
    if pagename == "search":
        app.add_js_file("language_data.js", priority=800)
        app.add_js_file("search-zh.js", priority=801)


def check_dictionary(app: Sphinx, config: Config) -> None:
    """Check the dictionary before anything is read, and hand it to the SearchLanguage.

    Sphinx creates the SearchLanguage itself, passing only ``html_search_options``;
    its ``dict`` key is the one Sphinx's own Chinese search uses for this file.
    """
    if not config.zh_search_dictionary:
        return
    path = Path(app.confdir, config.zh_search_dictionary)
    try:
        read_dictionary(path)
    except DictionaryError as err:
        raise ConfigError(f"zh_search_dictionary: {err}") from None
    config.html_search_options = {**(config.html_search_options or {}), "dict": str(path)}


def setup(app: Sphinx) -> dict:
    try:
        import jieba  # noqa: PLC0415
    except ImportError as err:
        raise ExtensionError(
            "zh_search: the Chinese search index needs jieba, which is not installed "
            f"({err}). Install the locked build requirements: "
            "`.venv/bin/pip install --require-hashes -r requirements/docs.lock.txt` "
            "(or `make html`, which does it)."
        ) from None
    jieba.setLogLevel(logging.WARNING)  # quiet from the start, whoever loads its dictionary
    app.add_search_language(SearchChineseSeller)
    app.add_config_value("zh_search_dictionary", "", "html", str)  # relative to conf.py
    app.add_config_value("zh_search_summary_chars", 80, "html", int)
    app.connect("config-inited", check_dictionary)
    app.connect("html-page-context", add_search_scripts)
    app.connect("build-finished", add_section_index)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    import sys

    language = SearchChineseSeller({"dict": str(Path(__file__).with_name("zh_search_dict.txt"))})
    for argument in sys.argv[1:]:
        kept = [w for w in language.split(argument) if language.word_filter(w)]
        print(f"{argument}: {' / '.join(language.split(argument))}  →  indexed: {' / '.join(kept)}")
