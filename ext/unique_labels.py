"""A label used twice is reported in words a writer understands.

Inside one page docutils reports ``Duplicate explicit target name: "x"`` and then
both sections lose the label, so ext/anchors.py also says they have none. Across
pages Sphinx reports ``duplicate label x, other instance in …``. This check names the
label and both places, and says what to do. It runs on each page as it is read, and
across pages once all are read.
"""

from __future__ import annotations

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)
HINT = "labels must be unique on the whole site, or links go to the wrong place: rename one of them"


def _labelled(doctree: nodes.document):
    """Yield (label, node) for every explicit ``(label)=`` in the page, duplicates included."""
    for node in doctree.findall(nodes.Element):
        for name in node.get("names", []) + node.get("dupnames", []):
            if doctree.nametypes.get(name):  # explicit: (label)=, not a title's implicit name
                yield name, node


def _where(node: nodes.Node) -> str:
    source, line = get_source_line(node)
    return f"{source}:{line}" if line else str(source)


def check_page(app: Sphinx, doctree: nodes.document) -> None:
    seen: dict[str, nodes.Node] = {}
    labels: dict[str, tuple[str, int | None]] = {}
    for label, node in _labelled(doctree):
        if label in seen and seen[label] is not node:
            logger.warning(
                "label “%s” is used twice in this page (first at %s); %s",
                label,
                _where(seen[label]),
                HINT,
                location=node,
                type="unique_labels",
            )
        seen.setdefault(label, node)
        labels.setdefault(label, get_source_line(node))
    app.env.unique_labels_by_doc = getattr(app.env, "unique_labels_by_doc", {})
    app.env.unique_labels_by_doc[app.env.docname] = labels


def check_site(app: Sphinx, env: BuildEnvironment) -> None:
    first: dict[str, tuple[str, int | None]] = {}
    for docname in sorted(getattr(env, "unique_labels_by_doc", {})):
        if docname not in env.all_docs:
            continue
        for label, (source, line) in env.unique_labels_by_doc[docname].items():
            if label in first:
                other = "{}:{}".format(*first[label])
                logger.warning(
                    "label “%s” is also used at %s; %s",
                    label,
                    other,
                    HINT,
                    location=(source, line),
                    type="unique_labels",
                )
            else:
                first[label] = (source, line)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    env.unique_labels_by_doc = getattr(env, "unique_labels_by_doc", {})
    theirs = getattr(other, "unique_labels_by_doc", {})
    env.unique_labels_by_doc.update({d: v for d, v in theirs.items() if d in docnames})


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "unique_labels_by_doc", {}).pop(docname, None)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", check_page)
    app.connect("env-check-consistency", check_site)
    app.connect("env-merge-info", merge)
    app.connect("env-purge-doc", purge)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
