"""Wide tables read on a phone: in tables of three or more columns each cell gets its
column's name, which site.css shows on narrow screens, where each row becomes a card and
the header row is hidden. Two-column tables fit as they are.
"""

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

MIN_COLUMNS = 3
WEB_BUILDERS = {"html", "dirhtml", "singlehtml"}  # e-readers lay out tables themselves


def label_cells(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name not in WEB_BUILDERS:
        return
    for table in doctree.findall(nodes.table):
        head = next(table.findall(nodes.thead), None)
        if head is None or len(head[0]) < MIN_COLUMNS:
            continue
        table["classes"].append("cards")
        names = [entry.astext().strip() for entry in head[0]]
        for body in table.findall(nodes.tbody):
            for row in body.children:
                for entry, name in zip(row.children, names, strict=False):
                    label = f'<span class="cell-label">{escape(name)}</span>'
                    entry.insert(0, nodes.raw("", label, format="html"))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", label_cells)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
