"""Stable, readable anchors: every section must carry an explicit ASCII label.

Docutils derives a section's id from its title. A Chinese title has no ASCII
form, so docutils numbers it (``id1``, ``id2`` …) and the number shifts when a
heading is added above it, silently breaking every wiki link to the page. No
maintained extension enforces explicit labels (``myst_heading_anchors`` makes
slugs from the Chinese text instead), so this small check lives here.

Labelled sections also lose docutils' numbered ``idN`` ids, so the
published HTML only offers the readable anchor.

A section without an explicit label, or with a label that is not lowercase
ASCII kebab-case, is reported at its file and line, which fails the ``-W``
build.

Glossary terms have the same problem: Sphinx gives a Chinese term the id
``term-3``, numbered in page order. ``glossary_term_ids`` in conf.py names
them (``"招商经理": "recruiting-manager"`` gives ``#term-recruiting-manager``);
Sphinx has no option for this, so we wrap its ``make_glossary_term``. A
Chinese term missing from the mapping fails the build at its file and line.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import std
from sphinx.util import logging

logger = logging.getLogger(__name__)

LABEL_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _explicit_labels(document: nodes.document, section: nodes.section) -> list[str]:
    return [name for name in section["names"] if document.nametypes.get(name)]


def _drop_numbered_ids(document: nodes.document, section: nodes.section) -> None:
    """Remove the ``idN`` that docutils also gives a labelled Chinese heading.

    Sphinx writes it as an empty ``<span id="id3">``: nobody may link to it,
    because the number shifts as headings are added. The label stays the id.
    """
    for node_id in [i for i in section["ids"] if re.fullmatch(r"id\d+", i)]:
        section["ids"].remove(node_id)
        document.ids.pop(node_id, None)


def check_section_labels(app: Sphinx, doctree: nodes.document) -> None:
    # Docutils strips a label used twice from both sections, keeping it on the targets.
    duplicated = {t.get("refid") for t in doctree.findall(nodes.target) if t.get("dupnames")}
    for section in doctree.findall(nodes.section):
        title = section[0].astext() if section.children else ""
        labels = _explicit_labels(doctree, section)
        if not labels and set(section["ids"]) & duplicated:
            continue  # its label is used twice: docutils reports that, once is enough
        if not labels:
            logger.warning(
                "section “%s” has no explicit label; add a line like `(my-section)=` "
                "above the heading (readable lowercase ASCII, unique on the site), "
                "so links to it survive edits",
                title,
                location=section,
                type="anchors",
                subtype="missing",
            )
            continue
        _drop_numbered_ids(doctree, section)
        for label in labels:
            if not LABEL_RE.match(label):
                logger.warning(
                    "label “%s” of section “%s” is not readable ASCII; use lowercase "
                    "letters, digits and hyphens, e.g. `is-recruiting-free`",
                    label,
                    title,
                    location=section,
                    type="anchors",
                    subtype="format",
                )


_make_glossary_term = std.make_glossary_term


def _term_line(env, text: str, fallback: int) -> int:
    """The term's line in its file: MyST passes a line relative to the directive."""
    path = env.doc2path(env.current_document.docname)
    lines = path.read_text(encoding="utf-8").splitlines()
    in_glossary = False
    for number, line in enumerate(lines, start=1):
        in_glossary = in_glossary or "{glossary}" in line
        if in_glossary and line.strip() == text:
            return number
    return fallback


def make_glossary_term(env, textnodes, index_key, source, lineno, node_id, document):  # noqa: PLR0917
    """Sphinx's own, with a readable id for terms that are not ASCII."""
    textnodes = list(textnodes)
    text = "".join(node.astext() for node in textnodes).strip()
    if node_id is None and not text.isascii():
        readable = env.config.glossary_term_ids.get(text)
        if readable and LABEL_RE.match(readable):
            term = _make_glossary_term(
                env, textnodes, index_key, source, lineno, f"term-{readable}", document
            )
            document.note_explicit_target(term)
            return term
        logger.warning(
            "glossary term “%s” has no readable anchor (it would get a number that shifts "
            'when terms are added); add  "%s": "english-name"  to glossary_term_ids in '
            "conf.py (lowercase ASCII and hyphens)",
            text,
            text,
            location=(env.current_document.docname, _term_line(env, text, lineno)),
            type="anchors",
            subtype="glossary",
        )
    return _make_glossary_term(env, textnodes, index_key, source, lineno, node_id, document)


def setup(app: Sphinx) -> dict:
    app.add_config_value("glossary_term_ids", {}, "env", types=[dict])
    std.make_glossary_term = make_glossary_term
    app.connect("doctree-read", check_section_labels)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
