"""Every image has alt text: one without fails the build at its file and line (Sphinx and
MyST accept none; Mermaid diagrams are checked by ext/diagrams.py).
"""

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
NO_ALT = (
    "image “%s” has no alt text: readers who cannot see it get nothing. Describe what it shows, "
    "e.g. `![入驻流程：提交资料、初审、开店](%s)`, or add `:alt:` under an image or figure directive"
)


def _located(node: nodes.Node) -> nodes.Node:
    """The image, or its nearest parent that knows its line (MyST gives images line 0)."""
    while not node.line and node.parent is not None:
        node = node.parent
    return node


def check_alt_text(app: Sphinx, doctree: nodes.document) -> None:
    for image in doctree.findall(nodes.image):
        if image.get("alt", "").strip():
            continue
        uri = image.get("uri", "")
        logger.warning(NO_ALT, uri, uri, location=_located(image), type="alt_text")


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", check_alt_text)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
