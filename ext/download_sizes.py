"""The download page gives each offline edition's size: ``{download-size}`pdf```.

`make dist` writes the single page, the EPUB and the PDF first, then builds the site with
``SITE_DOWNLOADS`` naming that folder, so the site's download page can say how big each
file is. The size is read while the page is written, not when it is read: the folder is
no configuration value, so the doctrees the other editions share stay valid. Where the
file was not made first (`make html`, the site's own zip, the other editions), the role
writes 见发布页 (see the release page).
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)
UNKNOWN = "见发布页"


class download_size(nodes.Inline, nodes.TextElement):
    pass


class DownloadSize(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from tools.make_dist import download_names  # noqa: PLC0415 - the names the downloads get

        edition = self.text.strip()
        if edition not in download_names():
            logger.warning(
                "download-size: “%s” is not an edition; use one of %s",
                edition,
                ", ".join(download_names()),
                location=self.get_location(),
                type="download_size",
            )
            return [], []
        return [download_size(UNKNOWN, UNKNOWN, edition=edition)], []


def size_text(edition: str) -> str:
    from tools.make_dist import download_names  # noqa: PLC0415

    folder = os.environ.get("SITE_DOWNLOADS")
    path = Path(folder, download_names()[edition]) if folder else None
    if path is None or not path.is_file():
        return UNKNOWN
    size = path.stat().st_size
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{round(size / 1024)} KB"


def visit_html(self, node: download_size) -> None:
    self.body.append(self.encode(size_text(node["edition"])))
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_role("download-size", DownloadSize())
    app.add_node(download_size, html=(visit_html, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
