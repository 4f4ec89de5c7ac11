"""Link previews: a page's one-line summary (the first paragraph under its title) is its
``og:description`` and meta description; a page without one fails the build.
sphinxext-opengraph's own description runs on into the headings (docs/links.md).
"""

import html
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ext.builders import web

logger = logging.getLogger(__name__)
NO_SUMMARY = (
    "page “%s” has no one-line summary under its title; link previews and search engines show it, "
    "so add one sentence right below the heading"
)


def page_summary(doctree: nodes.document) -> nodes.paragraph | None:
    """The first paragraph directly under the page title, before any subsection."""
    section = doctree.next_node(nodes.section)
    if section is None:
        return None
    for child in section.children:
        if isinstance(child, nodes.paragraph):
            return child
        if isinstance(child, nodes.section):
            return None
    return None


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or not web(app.builder) or "meta" not in context:
        return  # generated pages (search, genindex, 404) and the EPUB get no preview
    summary = page_summary(doctree)
    if summary is None:
        title = context.get("title", pagename)
        logger.warning(NO_SUMMARY, title, location=(pagename, 1), type="linkpreview")
        return
    text = re.sub(r"\s+", " ", summary.astext()).strip()
    # sphinxext-opengraph escapes only quotes in overrides; escape the rest here.
    context["meta"] = {**(context["meta"] or {}), "og:description": html.escape(text, quote=False)}
    context["metatags"] += f'<meta name="description" content="{html.escape(text)}" />\n'


def setup(app: Sphinx) -> dict:
    # Before sphinxext-opengraph (priority 500) reads the fields and the meta tags.
    app.connect("html-page-context", add_description, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
