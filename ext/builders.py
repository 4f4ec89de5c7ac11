"""What a builder writes, answered once for every extension from the builder's own
attributes: Sphinx marks e-books (EPUB) as ``embedded``."""


def web(builder) -> bool:
    """Pages read in a browser that runs the site's scripts: the site and the single page, not
    an e-book (whose reader runs no script and zooms and lays out by itself)."""
    return builder.format == "html" and not builder.embedded
