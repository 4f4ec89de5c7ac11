"""What a builder writes, answered once for every extension from the builder itself: Sphinx
marks e-books (EPUB) as ``embedded``; the single page is the one web builder without a
search page or a downloads folder."""

from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder


def web(builder) -> bool:
    """Pages read in a browser that runs the site's scripts: the site and the single page, not
    an e-book (whose reader runs no script and zooms and lays out by itself)."""
    return builder.format == "html" and not builder.embedded


def site(builder) -> bool:
    """The multi-page site (html, dirhtml): its search page and its hosted downloads."""
    return web(builder) and not isinstance(builder, SingleFileHTMLBuilder)


def tell_templates(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    context["site_build"] = site(app.builder)  # the templates ask the same question


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", tell_templates)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
