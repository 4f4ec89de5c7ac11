"""Chinese search that finds what sellers type, as they type, online and offline (file://).

Sphinx's own Chinese search (``sphinx.search.zh``) indexes with jieba, but the
browser treats a Chinese query as one word (招商经理 finds nothing, because jieba
indexed 招商 and 经理), every word of a query must match (如何申诉 finds nothing),
results are whole pages, and snippets are fetched over the network, which the
browser blocks on file:// (sphinx-doc/sphinx#9156). This module keeps Sphinx's
``searchindex.js`` file and replaces the rest:

* ``SearchChineseSeller``, registered for ``zh`` with ``app.add_search_language``,
  cuts Chinese with jieba (one ``jieba.Tokenizer`` per process and dictionary,
  loaded on the first text it cuts) in cut-for-search mode, keeps Latin terms such
  as W-8BEN-E whole, and leaves Chinese question words and stop words (如何, 怎么办,
  吗 …) out of the index.
* At ``build-finished`` it writes a section index into ``searchindex.js`` under the
  key ``"zh"`` (format in docs/search.md): every section and every glossary entry is
  a *unit* with its anchor, title and whole text (the snippet is cut from it around
  the match, in the browser); every term maps to the units it occurs in with a
  weight (titles, FAQ questions and glossary terms count more than body text).
  With it go what makes a query forgiving: the reviewed synonyms of
  ``zh_search_synonyms`` (seller slang → the site's words) and the glossary's
  English names as aliases of its Chinese terms; and OpenCC's Traditional →
  Simplified mapping, cut down to the characters and words the index holds.
  When the index would be larger than ``zh_search_shard_kb`` gzipped, the term
  postings and the texts go into shard files that a query loads only when it
  needs them.
* ``source/_static/search.js`` (loaded on the first sign of intent by site.js on
  every page, and by search.html) ranks units with it and drives the search box.

jieba is a hard dependency: without it the build stops with a message saying
how to install it. Maintainers' guide: docs/search.md.

Run ``python ext/zh_search.py 招商经理多久联系我`` to see how a text is cut.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import re
import tomllib
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
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
# for 账户 / 暂停. Both sides use this one list (the index carries a copy).
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

# Weights of one occurrence of a term in a unit; search.js saturates their sum (BM25).
BODY_WEIGHT = 1
TITLE_WEIGHT = 8  # section and page titles, hence FAQ questions
TERM_WEIGHT = 8  # a glossary entry's own term(s)
CONTEXT_WEIGHT = 1  # once, in each section: its page's title says what the section is about
MAX_WEIGHT = 99
FORMAT = 2  # of the "zh" index; search.js refuses another

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# After NFKC and lower-casing: a run of Chinese characters, or a Latin/number
# term whose parts are joined by hyphens or dots (w-8ben-e, 5.2, sell.amazon.com).
TOKEN_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:[-.][a-z0-9]+)*")
CJK_RE = re.compile(rf"[{_CJK}]")
# Every code point OpenCC might fold: the CJK blocks of the Basic Multilingual Plane.
_CJK_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def canonical(text: str) -> str:
    """The form both sides compare phrases in: NFKC, lower case, no spaces or hyphens.

    "Brand Registry", "BRAND-REGISTRY" and "brandregistry" → ``brandregistry``;
    "R 标" → ``r标``; W-8BEN-E → ``w8bene``.
    """
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", text).lower())


# -- jieba ---------------------------------------------------------------------------


@cache
def tokenizer(dictionary: str | None):
    """One jieba tokenizer per process and dictionary, made on first use.

    Loading jieba's dictionary takes ~0.75 s, and Sphinx makes a SearchLanguage for
    every builder (html, singlehtml …), including the ones that index nothing.
    A private ``jieba.Tokenizer``: the global one is shared with sphinx.search.zh.
    """
    import jieba  # noqa: PLC0415 - checked at setup(); kept local for a clear error there

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" lines on every build
    cutter = jieba.Tokenizer()
    cutter.initialize()
    for entry in read_dictionary(Path(dictionary)) if dictionary else []:
        cutter.add_word(entry.word, entry.freq, entry.tag)
    return cutter


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
    js_splitter_code = ""  # queries are cut by search.js, against the index's own vocabulary

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.dictionary = options.get("dict") or None  # jieba loads it on the first split()

    def split(self, input: str) -> list[str]:  # SearchLanguage's signature
        words: list[str] = []
        for token in TOKEN_RE.findall(unicodedata.normalize("NFKC", input).lower()):
            if CJK_RE.match(token):
                # HMM off: guessed words (如高, 指在 …) would pollute the vocabulary
                # the browser segments queries against; the dictionary adds real ones.
                words.extend(tokenizer(self.dictionary).cut_for_search(token, HMM=False))
            else:
                words.extend(_latin_terms(token))
        return words

    def stem(self, word: str) -> str:
        return word  # no stemming: the browser would need the same stemmer

    def word_filter(self, word: str) -> bool:
        return len(word) > 1 and word not in self.stopwords


# -- Synonyms (seller slang → the site's words) --------------------------------------


class SynonymError(ValueError):
    """A bad entry in the synonym file; the message names file and line."""


@dataclass(frozen=True)
class Synonym:
    line: int  # of its [[synonym]] header
    words: tuple[str, ...]  # what sellers type
    means: tuple[str, ...]  # the site's own words or phrases
    why: str


_SYNONYM_KEYS = {"words", "means", "why"}


def _synonym_word_problem(word: str, means: tuple[str, ...]) -> str | None:
    """Why ``word`` cannot be a synonym's word, or None."""
    key = canonical(word)
    if len(key) < 2:
        return f"{word!r} is too short to match on its own"
    if CJK_RE.search(key) and re.search(r"[a-z0-9]", key):
        return f"{word!r} mixes Chinese and Latin letters; a query is cut between them: one word each"
    if CJK_RE.search(word) and fold_to_simplified(word) != word:
        return (
            f"write {word!r} in Simplified characters ({fold_to_simplified(word)}); "
            "Traditional queries are folded to it"
        )
    if key in {canonical(m) for m in means}:
        return f"{word!r} is also in `means`"
    return None


def _synonym_entry(entry: dict, where) -> Synonym:
    """One [[synonym]] table, checked; ``where(key)`` is the file:line of a field."""
    for key in entry.keys() - _SYNONYM_KEYS:
        raise SynonymError(f"{where(key)}: unexpected `{key}`; an entry has words, means and why")
    for key in ("words", "means"):
        value = entry.get(key)
        if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
            raise SynonymError(
                f'{where(key)}: `{key}` must be a list of one or more words, e.g. {key} = ["账号"]'
            )
    why = entry.get("why")
    if not (isinstance(why, str) and why.strip()):
        raise SynonymError(f"{where('why')}: say `why` sellers type these words")
    words = tuple(w.strip() for w in entry["words"])
    means = tuple(m.strip() for m in entry["means"])
    for word in words:
        problem = _synonym_word_problem(word, means)
        if problem:
            raise SynonymError(f"{where('words')}: {problem}")
    return Synonym(0, words, means, why.strip())


def read_synonyms(path: Path) -> list[Synonym]:
    """Parse and check the synonym file (TOML, one ``[[synonym]]`` table per entry).

    tomllib gives no positions, so an entry's line is that of its n-th
    ``[[synonym]]`` header and a field's line is found below it. Whether each
    ``means`` occurs on the site is checked when the index is built.
    """
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise SynonymError(f"{path}: synonym file not found") from None
    except UnicodeDecodeError as err:
        raise SynonymError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from None
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"at line (\d+)", str(err))
        raise SynonymError(f"{path}:{line.group(1) if line else 1}: {err}") from None
    lines = text.splitlines()
    headers = [n for n, ln in enumerate(lines, 1) if re.match(r"\s*\[\[\s*synonym\s*\]\]", ln)]

    def line_of(key: str, start: int = 1) -> int:
        """The line of ``key = …`` in the table that starts at ``start`` (else ``start``)."""
        for number in range(start, len(lines) + 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[number - 1]):
                return number
            if number > start and re.match(r"\s*\[", lines[number - 1]):
                break
        return start

    for key in data.keys() - {"synonym"}:
        raise SynonymError(f"{path}:{line_of(key)}: unexpected `{key}`; write entries as [[synonym]] tables")
    entries = data.get("synonym", [])
    if not isinstance(entries, list) or len(entries) != len(headers):
        raise SynonymError(f"{path}:1: write every entry as a [[synonym]] table")
    synonyms: list[Synonym] = []
    seen: dict[str, int] = {}
    for entry, header in zip(entries, headers, strict=True):
        synonym = _synonym_entry(entry, lambda key, header=header: f"{path}:{line_of(key, header)}")
        for word in synonym.words:
            if canonical(word) in seen:
                raise SynonymError(
                    f"{path}:{line_of('words', header)}: {word!r} is already an entry's word "
                    f"on line {seen[canonical(word)]}"
                )
            seen[canonical(word)] = header
        synonyms.append(Synonym(header, synonym.words, synonym.means, synonym.why))
    return synonyms


# -- Traditional → Simplified (OpenCC) ---------------------------------------------


@cache
def _opencc(config: str):
    import opencc  # noqa: PLC0415 - a build requirement (requirements/docs.in), needed only here

    return opencc.OpenCC(config)


def fold_to_simplified(text: str) -> str:
    return _opencc("t2s").convert(text)


@cache
def _traditional_chars() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each CJK character OpenCC folds, and what t2s, tw2s and hk2s fold it to (in that order)."""
    chars = [chr(c) for low, high in _CJK_BLOCKS for c in range(low, high + 1)]
    # One call per table: a newline ends every phrase, so each character converts alone.
    folded = [_opencc(name).convert("\n".join(chars)).split("\n") for name in ("t2s", "tw2s", "hk2s")]
    return tuple(
        (char, tuple(dict.fromkeys(f[i] for f in folded if f[i] != char)))
        for i, char in enumerate(chars)
        if any(f[i] != char for f in folded)
    )


def traditional_map(site_chars: set[str], words: set[str]) -> tuple[str, dict[str, str]]:
    """The Traditional → Simplified folding the index needs, from OpenCC's tables.

    Returns (pairs, phrases): ``pairs`` is a string of (Traditional, Simplified)
    character pairs, for every character OpenCC folds to one the site uses (and
    that is not itself on the site); ``phrases`` maps the Traditional spellings of
    the index's words (OpenCC's s2t, s2tw and s2hk) that folding character by
    character would not give back (著手 → 着手 where the site has 着 but also 著).
    Regional vocabulary (s2twp: 資料 for 数据) is left out: 資料 also means 资料.
    """
    table: dict[str, str] = {}
    for char, targets in _traditional_chars():
        if char not in site_chars:
            target = next((t for t in targets if t in site_chars), None)
            if target:
                table[char] = target
    phrases: dict[str, str] = {}
    for word in sorted(w for w in words if CJK_RE.search(w)):
        for config in ("s2t", "s2tw", "s2hk"):
            spelling = _opencc(config).convert(word)
            traditional = fold_to_simplified(spelling) != spelling  # else it reads as Simplified too
            if traditional and "".join(table.get(c, c) for c in spelling) != word:
                phrases[spelling] = word
    return "".join(f"{t}{s}" for t, s in sorted(table.items())), phrases


# -- The section index ("zh" in searchindex.js) -------------------------------


@dataclass
class Unit:
    """A search result: a section or a glossary entry."""

    anchor: str
    title: str
    text: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)  # a glossary entry's terms
    ids: list[str] = field(default_factory=list)  # a glossary entry's other terms' anchors
    see: str = ""  # the glossary term an English-only entry points to (ODR → 订单缺陷率)


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
            entry.ids = [t["ids"][0] for t in terms[1:] if t["ids"]]
            if not any(CJK_RE.search(name) for name in names):
                ref = next(
                    (r for r in child.findall(addnodes.pending_xref) if r.get("reftype") == "term"), None
                )
                entry.see = ref["reftarget"] if ref is not None else ""
            units.append(entry)
            for definition in child.findall(nodes.definition):
                _collect(definition, entry, units, in_glossary)
        else:
            _collect(child, unit, units, in_glossary or isinstance(child, addnodes.glossary))
            if isinstance(child, _BLOCK):
                unit.text.append(" ")


def document_units(doctree: nodes.document) -> list[Unit]:
    """The units of one page in document order; the first is the page itself.

    The page unit holds the page's title and the text above its first section, and
    takes the anchor of the page's top-level section (its label, e.g. "faq").
    """
    page = Unit("", "")
    units = [page]
    _collect(doctree, page, units, in_glossary=False)
    top = units[1] if len(units) > 1 else page
    page.anchor, page.title, page.text = top.anchor, top.title, page.text + top.text
    units.remove(top)  # the page's top-level section is the page unit
    return units


@dataclass
class SectionIndex:
    """The "zh" index before it is written: units, their texts, and term postings."""

    units: list[list]  # [doc, anchor, title] or [doc, anchor, title, [other anchors]]
    texts: list[str]
    postings: dict[str, list[int | list[int]]]  # term → [unit or [unit, weight], …]
    synonyms: dict[str, list[str]]  # canonical word → index terms it also means
    extra: dict = field(default_factory=dict)  # stop words, folding, snippet length


def _add_posting(postings: dict, word: str, unit: int, weight: int) -> None:
    # Most postings have weight 1; they are written as the bare unit number.
    weight = min(weight, MAX_WEIGHT)
    postings.setdefault(word, []).append(unit if weight == 1 else [unit, weight])


def _weights(unit: Unit, body: str, terms, context: set[str]) -> Counter[str]:
    """Each term's weight in one unit: its text, its title, its glossary terms, its page's title."""
    weights: Counter[str] = Counter()
    for word in context:
        weights[word] += CONTEXT_WEIGHT
    for word in terms(body):
        weights[word] += BODY_WEIGHT
    for word in terms(unit.title):
        weights[word] += TITLE_WEIGHT
    for glossary_term in unit.terms:
        for word in terms(glossary_term):
            weights[word] += TERM_WEIGHT
    return weights


def _aliases(entries: list[Unit], glossary_ids: dict[str, str]) -> list[tuple[str, str]]:
    """(English name, Chinese term) pairs: the glossary's English names find its Chinese terms.

    An entry's own English names (Brand Registry → 品牌备案), an English-only entry's
    "see" term (Order Defect Rate → 订单缺陷率) and the readable anchors of conf.py's
    glossary_term_ids (order-defect-rate → 订单缺陷率).
    """
    aliases = []
    for entry in entries:
        chinese = [n for n in entry.terms if CJK_RE.search(n)] or ([entry.see] if entry.see else [])
        aliases += [(name, chinese[0]) for name in entry.terms if chinese and name.isascii()]
    return aliases + [(slug, term) for term, slug in glossary_ids.items()]


def build_section_index(
    lang: SearchChineseSeller,
    doctrees: dict[str, nodes.document],
    docnames: list[str],
    *,
    synonyms: list[Synonym] = (),
    synonym_file: str = "",
    glossary_ids: dict[str, str] | None = None,
    snippet_chars: int = 80,
) -> SectionIndex:
    def terms(text: str) -> list[str]:
        return [w for w in lang.split(text) if lang.word_filter(w)]

    rows: list[list] = []
    texts: list[str] = []
    titles: list[str] = []
    postings: dict[str, list[int | list[int]]] = {}
    entries: list[Unit] = []  # glossary entries, for their English aliases
    for doc_index, docname in enumerate(docnames):
        page, *sections = document_units(doctrees[docname])
        context = set(terms(page.title))
        for unit in [page, *sections]:
            body = re.sub(r"\s+", " ", "".join(unit.text)).strip()
            weights = _weights(unit, body, terms, set() if unit is page else context)
            for word, count in weights.items():
                _add_posting(postings, word, len(rows), count)
            rows.append([doc_index, unit.anchor, unit.title, *([unit.ids] if unit.ids else [])])
            texts.append(body)
            titles.append(unit.title)
            entries += [unit] if unit.terms else []

    # Phrases that are not jieba words (a synonym's 包过, an alias's "r标"): found in
    # each unit's canonical text, weighted as above, and added to the index as terms.
    canon = [(canonical(body), canonical(title)) for body, title in zip(texts, titles, strict=True)]

    def resolve(phrase: str) -> str | None:
        key = canonical(phrase)
        if key not in postings:
            for unit_index, (body, title) in enumerate(canon):
                count = body.count(key) * BODY_WEIGHT + title.count(key) * TITLE_WEIGHT
                if count:
                    _add_posting(postings, key, unit_index, count)
        return key if key in postings else None

    expansions: dict[str, list[str]] = {}
    for synonym in synonyms:
        # A phrase a writer has since reworded is dropped; an entry none of whose
        # phrases is on the site any more would find nothing, and stops the build.
        targets = [target for target in map(resolve, synonym.means) if target]
        if not targets:
            raise SynonymError(
                f"{synonym_file}:{synonym.line}: none of `means` {list(synonym.means)} occurs on the site, "
                "so these words would find nothing; use the site's own words for them"
            )
        for word in synonym.words:
            expansions.setdefault(canonical(word), []).extend(targets)
    for english, term in _aliases(entries, glossary_ids or {}):
        key, target = canonical(english), resolve(term)
        if target and key != target:
            expansions.setdefault(key, []).append(target)
    expansions = {k: list(dict.fromkeys(v)) for k, v in sorted(expansions.items())}

    site_chars = set("".join(texts) + "".join(titles) + "".join(postings) + "".join(expansions))
    pairs, phrases = traditional_map(
        {c for c in site_chars if CJK_RE.match(c)}, set(postings) | set(expansions)
    )
    extra = {
        "stop": sorted(CHINESE_STOPWORDS | ENGLISH_STOPWORDS),
        "chars": pairs,
        "phrases": phrases,
        "snippet": snippet_chars,
    }
    return SectionIndex(rows, texts, dict(sorted(postings.items())), expansions, extra)


def _gz(data: object) -> int:
    return len(gzip.compress(_dumps(data).encode(), 9, mtime=0))


def _dumps(data: object) -> str:
    # UTF-8 rather than \u escapes: Chinese text is half the size.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def zh_index(index: SectionIndex, shard_bytes: int) -> tuple[dict, dict[str, object]]:
    """The "zh" part of searchindex.js, and the shard files to write beside it (name → data).

    Unsharded, "zh" holds everything. When that would be more than ``shard_bytes``
    gzipped, the term postings go into ``searchindex-t<k>.js`` (word i into shard
    i mod k) and the texts into ``searchindex-x<j>.js`` (whole pages, in order),
    each about ``shard_bytes / 8`` gzipped: a query then loads the main file (the
    vocabulary, units and folding), the shards of its own terms and those of the
    texts it shows.
    """
    words = list(index.postings)
    zh = {"v": FORMAT, "units": index.units, "words": words, "syn": index.synonyms, **index.extra}
    whole = {**zh, "postings": list(index.postings.values()), "texts": index.texts}
    if _gz(whole) <= shard_bytes:
        return whole, {}
    target = max(shard_bytes // 8, 1024)
    postings = list(index.postings.values())
    count = max(1, math.ceil(_gz(postings) / target))
    shards: dict[str, object] = {f"t{k}": postings[k::count] for k in range(count)}
    # Text shards end at page boundaries, so a page's sections load together.
    starts, size, doc = [0], 0, index.units[0][0] if index.units else 0
    per_unit = [len(text.encode()) // 3 + 8 for text in index.texts]  # ~gzipped bytes
    for unit_index, unit in enumerate(index.units):
        if unit[0] != doc and size >= target:
            starts.append(unit_index)
            size = 0
        doc = unit[0]
        size += per_unit[unit_index]
    for j, start in enumerate(starts):
        end = starts[j + 1] if j + 1 < len(starts) else len(index.texts)
        shards[f"x{j}"] = index.texts[start:end]
    return {**zh, "termShards": count, "textStarts": starts}, shards


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
    config = app.config
    synonym_file = str(Path(app.confdir, config.zh_search_synonyms)) if config.zh_search_synonyms else ""
    try:
        index = build_section_index(
            indexer.lang,
            doctrees,
            docnames,
            synonyms=read_synonyms(Path(synonym_file)) if synonym_file else [],
            synonym_file=synonym_file,
            glossary_ids=getattr(config, "glossary_term_ids", None),
            snippet_chars=config.zh_search_snippet_chars,
        )
    except SynonymError as err:
        raise ConfigError(f"zh_search_synonyms: {err}") from None
    zh, shards = zh_index(index, config.zh_search_shard_kb * 1024)
    data["zh"] = zh
    # search.js ranks with "zh" only; Sphinx's page-level term maps and title lists
    # would be a third of the file unused. Sphinx reads them back only to merge an
    # incremental build, for which empty maps are valid (this handler then rewrites
    # "zh" whole).
    data["terms"] = data["titleterms"] = data["alltitles"] = data["indexentries"] = {}
    path.write_text(js_index.PREFIX + _dumps(data) + js_index.SUFFIX, encoding="utf-8")
    for stale in path.parent.glob("searchindex-*.js"):
        stale.unlink()
    for name, shard in shards.items():
        text = f"Search.addShard({json.dumps(name)},{_dumps(shard)})"
        path.with_name(f"searchindex-{name}.js").write_text(text, encoding="utf-8")


def _static_file(app: Sphinx, name: str) -> Path | None:
    for folder in app.config.html_static_path:
        candidate = Path(app.confdir, folder, name)
        if candidate.is_file():
            return candidate
    return None


def add_search_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """What the templates need: the engine's address (with a checksum) on every page.

    sidebar/search.html gives it to site.js, which loads the engine and the index
    on the first sign of intent; search.html loads both with the page. Written in
    the template rather than guessed by site.js, so that the address is right from
    any page (and the checksum, as Sphinx's ``?v=``, stops a stale cached copy).
    """
    engine = _static_file(app, ENGINE)
    if engine is None:
        raise ExtensionError(
            f"zh_search: {ENGINE} is not in html_static_path ({app.config.html_static_path})"
        )
    checksum = f"{zlib.crc32(engine.read_bytes()):08x}"
    context["zh_search_engine"] = context["pathto"](f"_static/{ENGINE}", 1) + f"?v={checksum}"
    context["zh_search_index"] = context["pathto"](app.builder.searchindex_filename, 1)
    if pagename == "search":
        app.add_js_file(ENGINE, priority=800)


ENGINE = "search.js"
# The mobile header's search button, before furo's theme button (furo shows the
# header below 63em, where the sidebar and its search box are in a drawer).
SEARCH_BUTTON = (
    '<button type="button" class="search-button" aria-label="搜索本站" aria-haspopup="dialog" '
    'aria-keyshortcuts="/ Control+K Meta+K"><svg aria-hidden="true" viewBox="0 0 24 24">'
    '<circle cx="10" cy="10" r="7"/><path d="m21 21-6-6"/></svg></button>'
)
_THEME_BUTTON = '<div class="theme-toggle-container theme-toggle-header">'


def add_template_filter(app: Sphinx) -> None:
    """``search_button``: page.html puts the mobile header's search button with it.

    Only builders that write a search page get the button; the others (the
    single page, the EPUB) get the page unchanged. A furo release that renamed
    its header markup would leave the page without the button: the build says so.
    """
    templates = getattr(app.builder, "templates", None)
    if templates is None or not hasattr(templates, "environment"):
        return
    has_search = app.builder.name in {"html", "dirhtml"}

    def search_button(html: str) -> str:
        if not has_search:
            return html
        if _THEME_BUTTON not in html:
            raise ExtensionError(
                f"zh_search: furo's header no longer has {_THEME_BUTTON!r}; update SEARCH_BUTTON"
            )
        return html.replace(_THEME_BUTTON, SEARCH_BUTTON + _THEME_BUTTON, 1)

    templates.environment.filters["search_button"] = search_button


def check_config(app: Sphinx, config: Config) -> None:
    """Check the dictionary and the synonyms before anything is read.

    Sphinx creates the SearchLanguage itself, passing only ``html_search_options``;
    its ``dict`` key is the one Sphinx's own Chinese search uses for this file.
    """
    if config.zh_search_dictionary:
        path = Path(app.confdir, config.zh_search_dictionary)
        try:
            read_dictionary(path)
        except DictionaryError as err:
            raise ConfigError(f"zh_search_dictionary: {err}") from None
        config.html_search_options = {**(config.html_search_options or {}), "dict": str(path)}
    if config.zh_search_synonyms:
        try:
            read_synonyms(Path(app.confdir, config.zh_search_synonyms))
        except SynonymError as err:
            raise ConfigError(f"zh_search_synonyms: {err}") from None


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
    app.add_config_value("zh_search_synonyms", "", "html", str)  # relative to conf.py
    app.add_config_value("zh_search_snippet_chars", 80, "html", int)
    app.add_config_value("zh_search_shard_kb", 60, "html", int)
    app.connect("config-inited", check_config)
    app.connect("builder-inited", add_template_filter)
    app.connect("html-page-context", add_search_context)
    app.connect("build-finished", add_section_index)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    import sys

    language = SearchChineseSeller({"dict": str(Path(__file__).with_name("zh_search_dict.txt"))})
    for argument in sys.argv[1:]:
        kept = [w for w in language.split(argument) if language.word_filter(w)]
        print(f"{argument}: {' / '.join(language.split(argument))}  →  indexed: {' / '.join(kept)}")
