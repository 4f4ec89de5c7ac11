"""Checklists a reader can tick: on the site, each item of a list in :::{container} checklist
labels a checkbox, which checklist.js remembers on the device and checklist.css prints
empty. The single page (which the PDF is made from) and the EPUB keep site.css's drawn boxes.
"""

from docutils import nodes
from sphinx.application import Sphinx

from ext.builders import site

BOX = '<label><input type="checkbox">'


def add_checkboxes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not site(app.builder):
        return
    for checklist in [n for n in doctree.findall(nodes.container) if "checklist" in n["classes"]]:
        for text in [item.next_node(nodes.paragraph) for item in checklist.findall(nodes.list_item)]:
            text.insert(0, nodes.raw("", BOX, format="html"))
            text.append(nodes.raw("", "</label>", format="html"))


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if BOX in context.get("body", ""):
        app.add_js_file("checklist.js")
        app.add_css_file("checklist.css")


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", add_checkboxes)
    app.connect("html-page-context", add_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
