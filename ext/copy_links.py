"""The 复制链接 buttons under FAQ questions, written in the HTML (site.js makes them copy the
question's public URL): added by a script, they would shift the page as it loads.
"""

from html import escape

from docutils import nodes
from sphinx.application import Sphinx

from ext.builders import web


def add_copy_buttons(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not web(app.builder) or docname not in app.config.copy_link_pages:
        return
    for section in doctree.findall(nodes.section):
        title = section.next_node(nodes.title)
        if not section["ids"] or section.parent is doctree or title is None:
            continue  # the page title itself gets none
        if not isinstance(section.parent, nodes.section) or section.parent.parent is not doctree:
            continue  # questions are the page's second-level sections
        anchor, text = section["ids"][0], title.astext()
        button = (
            f'<button type="button" class="copy-link" data-copy="{escape(anchor)}" '
            f'aria-label="复制链接：{escape(text)}">复制链接</button>'
        )
        title.parent.insert(title.parent.index(title) + 1, nodes.raw("", button, format="html"))


def setup(app: Sphinx) -> dict:
    app.add_config_value("copy_link_pages", ["faq"], "html", types=[list])
    app.connect("doctree-resolved", add_copy_buttons)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
