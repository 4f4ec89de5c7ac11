"""Every sourced figure links to its source where it appears: the figures and sources come
from the ``(figures-by-source)=`` table on the sources page; a figure shown without a link
to its ``#src-…`` entry in the same paragraph, row or list item fails the build there.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

SOURCES_DOC = "sources"
TABLE_LABEL = "figures-by-source"
SOURCE_PREFIX = "src-"
NO_TABLE = (
    "figure_sources: the %s page has no section labelled (%s)= with the table of figures and their "
    "sources, so figures cannot be checked"
)
NO_LINK = (
    "the figure “%s” has no link to its source here: add `（[name](#%s)）` in the same paragraph, "
    "table row or list item, named as the source's heading on %s (docs/style.md)"
)


def _targets(node: nodes.Element) -> set[str]:
    """Labels that links inside ``node`` point to (before or after resolution)."""
    found = {x.get("reftarget", "") for x in node.findall(addnodes.pending_xref)}
    for ref in node.findall(nodes.reference):
        found.add(ref.get("refid") or ref.get("refuri", "").rpartition("#")[2])
    return found


def figures_by_source(env: BuildEnvironment) -> dict[str, str]:
    """Map each figure of the sources table to the ``src-`` label of its source."""
    doctree = env.get_doctree(SOURCES_DOC)
    section = next((s for s in doctree.findall(nodes.section) if TABLE_LABEL in s["ids"]), None)
    if section is None:
        logger.warning(NO_TABLE, SOURCES_DOC, TABLE_LABEL, location=(SOURCES_DOC, 1), type="figure_sources")
        return {}
    figures = {}
    for row in section.findall(nodes.row):  # the header row links no source
        labels = sorted(t for t in _targets(row) if t.startswith(SOURCE_PREFIX))
        if labels:
            figures[row[0].astext().strip()] = labels[0]
    return figures


def _pattern(figure: str) -> re.Pattern[str]:
    """``5.2 天`` also matches ``5.2天``; ``87%`` does not match inside ``187%``."""
    body = r"\s*".join(re.escape(part) for part in figure.split())
    return re.compile(rf"(?<![\d.,]){body}(?![\d])")


def _container(node: nodes.Node) -> nodes.Element:
    """The table row or list item holding ``node``, else its paragraph (or nearest element)."""
    paragraph, parent = None, node.parent
    while parent is not None and not isinstance(parent, nodes.section | nodes.document):
        if isinstance(parent, nodes.row | nodes.list_item):
            return parent
        if paragraph is None and isinstance(parent, nodes.TextElement):
            paragraph = parent
        parent = parent.parent
    return paragraph or node.parent


def check_figures(app: Sphinx, env: BuildEnvironment) -> None:
    if SOURCES_DOC not in env.all_docs:
        return
    figures = {figure: (_pattern(figure), label) for figure, label in figures_by_source(env).items()}
    for docname in sorted(env.all_docs):
        doctree = env.get_doctree(docname)
        reported: set[tuple[int, str]] = set()
        for text in doctree.findall(nodes.Text):
            for figure, (pattern, label) in figures.items():
                if not pattern.search(text):
                    continue
                container = _container(text)
                if label in _targets(container) or (id(container), figure) in reported:
                    continue
                reported.add((id(container), figure))
                sources = env.doc2path(SOURCES_DOC).name
                logger.warning(NO_LINK, figure, label, sources, location=container, type="figure_sources")


def setup(app: Sphinx) -> dict:
    app.connect("env-check-consistency", check_figures)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
