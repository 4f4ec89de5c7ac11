"""What a builder writes, answered once for every extension from the builder itself: Sphinx
marks e-books (EPUB) as ``embedded``; the single page is the one web builder without a
search page or a downloads folder."""

from sphinx.builders.singlehtml import SingleFileHTMLBuilder


def web(builder) -> bool:
    """Pages read in a browser that runs the site's scripts: the site and the single page, not
    an e-book (whose reader runs no script and zooms and lays out by itself)."""
    return builder.format == "html" and not builder.embedded


def site(builder) -> bool:
    """The multi-page site (html, dirhtml): its search page and its hosted downloads."""
    return web(builder) and not isinstance(builder, SingleFileHTMLBuilder)
