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
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
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
    for section in doctree.findall(nodes.section):
        title = section[0].astext() if section.children else ""
        labels = _explicit_labels(doctree, section)
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


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", check_section_labels)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
