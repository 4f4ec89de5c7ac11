"""Readable, stable anchors: every section needs an explicit lowercase ASCII label (docutils
numbers Chinese headings ``id3``, and the numbers shift), reported at its file and line;
docutils' numbered ids are dropped. Chinese glossary terms get the ids of conf.py's
``glossary_term_ids`` (Sphinx would number them ``term-3``) through the std domain's
``glossary`` directive, registered again as a subclass. docs/labels-and-links.md.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import Glossary
from sphinx.roles import XRefRole
from sphinx.util import logging

logger = logging.getLogger(__name__)

LABEL_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NO_LABEL = (
    "section “%s” has no explicit label; add a line like `(my-section)=` above the heading "
    "(readable lowercase ASCII, unique on the site), so links to it survive edits"
)
BAD_LABEL = (
    "label “%s” of section “%s” is not readable ASCII; use lowercase letters, digits and hyphens, "
    "e.g. `is-recruiting-free`"
)
NO_TERM_ID = (
    "glossary term “%s” has no readable anchor (it would get a number that shifts when terms are "
    'added); add  "%s": "english-name"  to glossary_term_ids in conf.py (lowercase ASCII and hyphens)'
)


def check_section_labels(app: Sphinx, doctree: nodes.document) -> None:
    # Docutils strips a label used twice from both sections, keeping it on the targets.
    duplicated = {t.get("refid") for t in doctree.findall(nodes.target) if t.get("dupnames")}
    for section in doctree.findall(nodes.section):
        title = section[0].astext() if section.children else ""
        labels = [name for name in section["names"] if doctree.nametypes.get(name)]
        if not labels and set(section["ids"]) & duplicated:
            continue  # its label is used twice: docutils reports that, once is enough
        if not labels:
            logger.warning(NO_LABEL, title, location=section, type="anchors", subtype="missing")
            continue
        # docutils' numbered id, written as an empty <span id="id3">: nobody may link to it.
        # A section left with no id at all (a Chinese label has none) keeps it: the writers need one.
        numbered = [i for i in section["ids"] if re.fullmatch(r"id\d+", i)]
        for node_id in numbered if len(numbered) < len(section["ids"]) else []:
            section["ids"].remove(node_id)
            doctree.ids.pop(node_id, None)
        for label in labels:
            if not LABEL_RE.match(label):
                logger.warning(BAD_LABEL, label, title, location=section, type="anchors", subtype="format")


class ReadableGlossary(Glossary):
    """Sphinx's glossary, with the readable ids of ``glossary_term_ids`` for Chinese terms."""

    def run(self) -> list[nodes.Node]:
        result = super().run()
        domain = self.env.domains.standard_domain
        document = self.state.document
        for term in (t for node in result for t in node.findall(nodes.term)):
            text = term.astext().strip()
            old = term["ids"][0] if term["ids"] else ""
            if text.isascii() or not old.startswith("term-"):
                continue
            readable = self.config.glossary_term_ids.get(text)
            if not (readable and LABEL_RE.match(readable)):
                where = (self.env.docname, self._line_of(text))
                logger.warning(NO_TERM_ID, text, text, location=where, type="anchors", subtype="glossary")
                continue
            new = f"term-{readable}"
            term["ids"][0] = new
            document.ids[new] = document.ids.pop(old, term)
            # What {term} links resolve to: the role below lowercases its target, so every
            # spelling (`r 标`, `R 标`) finds the readable id, never Sphinx's first one.
            domain.objects["term", text] = domain.objects["term", text.lower()] = (self.env.docname, new)
            for index in term.findall(addnodes.index):
                index["entries"] = [
                    (kind, name, new if tid == old else tid, main, key)
                    for kind, name, tid, main, key in index["entries"]
                ]
        return result

    def _line_of(self, text: str) -> int:
        """The term's line in its file (MyST numbers a directive's lines from the fence)."""
        for number, line in enumerate(self.env.doc2path(self.env.docname).read_text("utf-8").splitlines(), 1):
            if number >= self.lineno and line.strip() == text:
                return number
        return self.lineno


def setup(app: Sphinx) -> dict:
    app.add_config_value("glossary_term_ids", {}, "env", types=[dict])
    app.add_directive_to_domain("std", "glossary", ReadableGlossary, override=True)
    term = XRefRole(lowercase=True, innernodeclass=nodes.inline, warn_dangling=True)
    app.add_role_to_domain("std", "term", term, override=True)
    app.connect("doctree-read", check_section_labels)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
