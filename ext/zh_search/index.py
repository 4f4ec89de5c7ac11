"""The section index search.js ranks: every section and glossary entry a unit (anchor, title,
text), every term its weighted postings, with the synonyms, the glossary's English names
and the folding. Format: docs/search.md.
"""

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.config import Config
from sphinx.util import logging

from ext.zh_search.folding import traditional_map
from ext.zh_search.synonyms import read_synonyms
from ext.zh_search.tokenizer import CJK_CHARS, CJK_RE, INTENT_WORDS, STOPWORDS, SearchChineseSeller, canonical

# Weights of one occurrence of a term in a unit; search.js saturates their sum (BM25).
logger = logging.getLogger(__name__)
BODY_WEIGHT = 1
TITLE_WEIGHT = 8  # section and page titles, hence FAQ questions
TERM_WEIGHT = 8  # a glossary entry's own term(s)
CONTEXT_WEIGHT = 1  # once, in each section: its page's title says what the section is about
MAX_WEIGHT = 99
FORMAT = 3  # of the index; search.js refuses another


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
        elif isinstance(child, nodes.table):
            unit.text.append(f" {_table_text(child)} ")
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


def _table_text(table: nodes.table) -> str:
    """Each body row as it reads aloud, "表头：值；表头：值。", so a snippet is a sentence."""
    head = [e.astext() for thead in table.findall(nodes.thead) for e in thead.findall(nodes.entry)]
    rows = []
    for row in (r for body in table.findall(nodes.tbody) for r in body.findall(nodes.row)):
        cells = zip_longest(head, [e.astext().rstrip("。；") for e in row.findall(nodes.entry)], fillvalue="")
        rows.append("；".join(f"{h}：{c}" if h else c for h, c in cells if c))
    return " ".join(f"{row}。" for row in rows)


def document_units(doctree: nodes.document) -> list[Unit]:
    """One page's units in document order: first the page (its title, the text above its first
    section, its top-level label), then its sections and glossary entries."""
    page = Unit("", "")
    units = [page]
    _collect(doctree, page, units, in_glossary=False)
    top = units[1] if len(units) > 1 else page
    page.anchor, page.title, page.text = top.anchor, top.title, page.text + top.text
    units.remove(top)  # the page's top-level section is the page unit
    return units


def _add_posting(postings: dict, word: str, unit: int, weight: int) -> None:
    # Most postings have weight 1; they are written as the bare unit number.
    weight = min(weight, MAX_WEIGHT)
    postings.setdefault(word, []).append(unit if weight == 1 else [unit, weight])


def _weights(unit: Unit, body: str, terms, context: set[str]) -> Counter[str]:
    """Each term's weight in one unit: its text, its title, its glossary terms, its page's title."""
    weights = Counter(dict.fromkeys(context, CONTEXT_WEIGHT))
    texts = [(body, BODY_WEIGHT), (unit.title, TITLE_WEIGHT), *((t, TERM_WEIGHT) for t in unit.terms)]
    for text, weight in texts:
        for word in terms(text):
            weights[word] += weight
    return weights


def _aliases(entries: list[Unit], glossary_ids: dict[str, str]) -> list[tuple[str, str]]:
    """(English name, Chinese term): an entry's English names, an English-only entry's "see"
    term, and conf.py's ``glossary_term_ids`` (order-defect-rate → 订单缺陷率)."""
    aliases = []
    for entry in entries:
        chinese = [n for n in entry.terms if CJK_RE.search(n)] or ([entry.see] if entry.see else [])
        aliases += [(name, chinese[0]) for name in entry.terms if chinese and name.isascii()]
    return aliases + [(slug, term) for term, slug in glossary_ids.items()]


def pinyin(word: str) -> str:
    """A Chinese word's pinyin syllables, space-separated (pypinyin reads polyphones by the
    phrase: 重新 chong xin, 银行 yin hang); "" for a word not wholly Chinese."""
    from pypinyin import lazy_pinyin  # noqa: PLC0415 - a build requirement, needed only here

    return " ".join(lazy_pinyin(word)) if re.fullmatch(f"[{CJK_CHARS}]+", word) else ""


def build_section_index(
    lang: SearchChineseSeller, doctrees: dict[str, nodes.document], config: Config, synonym_file: Path | None
) -> dict:
    """The index search.js reads (docs/search.md), of ``doctrees`` in their order: units, texts,
    term postings, synonyms and aliases, stop words, pinyin and the folding."""
    rows: list[list] = []
    texts: list[str] = []
    postings: dict[str, list[int | list[int]]] = {}
    entries: list[Unit] = []  # glossary entries, for their English aliases
    for doc_index, doctree in enumerate(doctrees.values()):
        page, *sections = document_units(doctree)
        context = set(lang.terms(page.title))
        for unit in [page, *sections]:
            body = re.sub(r"\s+", " ", "".join(unit.text)).strip()
            weights = _weights(unit, body, lang.terms, set() if unit is page else context)
            for word, count in weights.items():
                _add_posting(postings, word, len(rows), count)
            rows.append([doc_index, unit.anchor, unit.title, *([unit.ids] if unit.ids else [])])
            texts.append(body)
            entries += [unit] if unit.terms else []

    # Phrases that are not jieba words (a synonym's 包过, an alias's "r标"): found in
    # each unit's canonical text, weighted as above, and added to the index as terms.
    canon = [(canonical(body), canonical(row[2])) for body, row in zip(texts, rows, strict=True)]

    def resolve(phrase: str) -> str | None:
        key = canonical(phrase)
        if key not in postings:
            for unit_index, (body, title) in enumerate(canon):
                count = body.count(key) * BODY_WEIGHT + title.count(key) * TITLE_WEIGHT
                if count:
                    _add_posting(postings, key, unit_index, count)
        return key if key in postings else None

    expansions: dict[str, list[str]] = {}
    for synonym in read_synonyms(synonym_file) if synonym_file else []:
        # A phrase a writer has since reworded is dropped; an entry none of whose
        # phrases is on the site any more would find nothing, and stops the build.
        targets = [target for target in map(resolve, synonym.means) if target]
        if not targets:
            logger.warning(
                f"{synonym_file}:{synonym.line}: none of `means` {list(synonym.means)} occurs on the "
                "site, so these words would find nothing; use the site's own words for them"
            )
        for word in synonym.words:
            expansions.setdefault(canonical(word), []).extend(targets)
    for english, term in _aliases(entries, getattr(config, "glossary_term_ids", {})):
        key, target = canonical(english), resolve(term)
        if target and key != target:
            expansions.setdefault(key, []).append(target)
    expansions = {k: list(dict.fromkeys(v)) for k, v in sorted(expansions.items())}

    site_chars = set("".join([*texts, *(row[2] for row in rows), *postings, *expansions]))
    pairs, phrases = traditional_map({c for c in site_chars if CJK_RE.match(c)}, {*postings, *expansions})
    postings = dict(sorted(postings.items()))
    docnames = list(doctrees)
    where = {f"{docnames[row[0]]}#{row[1]}": n for n, row in enumerate(rows)}
    places = {"last": config.zh_search_last, "suggest": config.zh_search_suggest}
    for key, refs in places.items():
        if unknown := [ref for ref in refs if ref not in where]:
            logger.warning(f"conf.py: zh_search_{key}: {unknown} is no section of the site; write page#label")
    return {
        "v": FORMAT,
        "units": rows,
        "texts": texts,
        "words": list(postings),
        "postings": list(postings.values()),
        "syn": expansions,
        "stop": sorted(STOPWORDS),
        "intent": sorted(INTENT_WORDS),
        "pinyin": [pinyin(word) for word in postings],
        "synpinyin": {word: key for word in expansions if (key := pinyin(word))},
        **{key: [where[ref] for ref in refs if ref in where] for key, refs in places.items()},
        "chars": pairs,
        "phrases": phrases,
        "snippet": config.zh_search_snippet_chars,
    }


def write_index(outdir: Path, name: str, zh: dict, pages: dict[str, str]) -> str:
    """Write ``name`` (``Search.setIndex(…)``, UTF-8) into ``outdir``; return its cache key.
    ``pages``: docname → title, in the order the units number them."""
    data = {"docnames": list(pages), "titles": list(pages.values()), "zh": zh}
    text = f"Search.setIndex({json.dumps(data, ensure_ascii=False, separators=(',', ':'), sort_keys=True)})"
    Path(outdir, name).write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:8]
