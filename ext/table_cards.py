"""Wide tables read on a phone: in tables of three or more columns, or of two with a long
cell, each cell gets its column's name, which site.css shows on narrow screens, where each
row becomes a card and the header row is hidden. Two columns of short cells fit as they are.
"""

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from ext.builders import web

MIN_COLUMNS = 3
LONG_CELL = 24  # characters: at 360 px a two-column cell holds about 8 per line


def label_cells(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not web(app.builder):  # e-readers lay out tables themselves
        return
    for table in doctree.findall(nodes.table):
        head = next(table.findall(nodes.thead), None)
        if head is None:
            continue
        cells = (e.astext() for body in table.findall(nodes.tbody) for e in body.findall(nodes.entry))
        if len(head[0]) < MIN_COLUMNS and all(len(text) < LONG_CELL for text in cells):
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
