"""The ``{decision-tree}`` directive and its nodes: the self-check form (the web only), the
diagram (a Mermaid node, drawn by ext/diagrams.py) and the text version (every builder:
collapsed on the web, where screen readers reach it, in full elsewhere).
"""

import html
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.mermaid import mermaid as mermaid_node

from ext.builders import web
from ext.decision_tree.drawing import default_alt, plain, variants
from ext.decision_tree.model import ANSWERS, DecisionTreeError, Sourced, Tree, load_tree

logger = logging.getLogger(__name__)


class decision_form(nodes.General, nodes.Element):
    """The self-check and its outcomes, for the web only: ``open``, the children, ``close``."""


class decision_text(nodes.General, nodes.Element):
    """The text version: on the web ``open``, the children, ``close``; elsewhere the children."""


def visit_html(self, node: nodes.Element) -> None:
    self.body.append(node["open"])


def depart_html(self, node: nodes.Element) -> None:
    self.body.append(node["close"])


def form_html(tree: Tree, name: str) -> str:
    """The form up to its outcomes: one fieldset per question, then the live region."""
    out = [
        f'<form class="decision-check" id="{html.escape(name)}" data-start="{html.escape(tree.start.value)}" '
        f'aria-label="{html.escape(plain(tree.title.value))}" hidden>\n'
    ]
    for key in tree.order():
        question, qid = tree.questions[key], html.escape(key)
        out.append(f'<fieldset class="decision-question" data-node="{qid}" hidden>\n')
        # decision-check.js numbers the questions as they are shown: 1, 2, 3 …
        ask = html.escape(plain(question.ask.value))
        out.append(f'<legend><span class="decision-number"></span>{ask}</legend>\n')
        if question.note:
            out.append(f'<p class="decision-note">{html.escape(plain(question.note.value))}</p>\n')
        for answer, word in ANSWERS:
            target = html.escape(question.answers[answer].value)
            out.append(
                f'<label><input type="radio" name="{html.escape(name)}-{qid}" value="{answer}" '
                f'data-next="{target}"> {word}</label>\n'
            )
        out.append("</fieldset>\n")
    return "".join(out) + '<div class="decision-result" aria-live="polite">\n'


def off_the_web(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """E-books, plain text, LaTeX …: no script runs the form, so it goes, and the text version
    stands in, in full."""
    if not web(app.builder):
        for form in list(doctree.findall(decision_form)):
            form.parent.remove(form)
        for text in list(doctree.findall(decision_text)):
            text.replace_self(nodes.container("", *text.children, classes=["decision-text"]))


# -- the directive -----------------------------------------------------------------------


class DecisionTreeDirective(SphinxDirective):
    required_arguments = 1  # the tree file, relative to the page
    option_spec = {  # noqa: RUF012 - docutils' own interface
        "view": lambda argument: directives.choice(argument, ("diagram", "steps", "self-check")),
        "name": directives.unchanged,
        "caption": directives.unchanged,
        "alt": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        rel, path = self.env.relfn2path(self.arguments[0], self.env.docname)
        self.env.note_dependency(rel)
        view = self.options.get("view")
        if view is None:
            logger.warning(
                "decision-tree needs `:view:` diagram, steps or self-check",
                location=self.get_location(),
                type="decision_tree",
            )
            return []
        try:
            self.tree = load_tree(Path(path))
        except DecisionTreeError as err:
            # One mistake, one warning however many views use the file (once=: per build,
            # parallel readers included, as Sphinx filters the records it collects).
            logger.warning("%s", str(err), location=f"{path}:{err.line}", type="decision_tree", once=True)
            return []
        return {"diagram": self.diagram, "steps": self.steps, "self-check": self.self_check}[view]()

    def _inline(self, text: Sourced) -> list[nodes.Node]:
        """MyST inline markup; what it makes is located at the YAML line, so a broken link
        or term is reported there."""
        parsed, messages = self.state.inline_text(text.value, self.lineno)
        for node in [*parsed, *messages]:
            for child in node.findall():
                child.source, child.line = str(self.tree.path), text.line
        return [*parsed, *messages]

    def diagram(self) -> list[nodes.Node]:
        drawings = variants(self.tree)  # wide and phone, light and dark
        alt = self.options.get("alt") or default_alt(self.tree)
        node = mermaid_node(code=drawings["light"], variants=drawings, alt=alt)
        self.set_source_info(node)
        figure = nodes.figure("", node, classes=["decision-diagram"])
        if "caption" in self.options:
            parsed, _messages = self.state.inline_text(self.options["caption"], self.lineno)
            figure += nodes.caption(self.options["caption"], "", *parsed)
        self.add_name(figure)
        return [figure]

    def _answer(
        self, asked: int, word: str, target: str, numbers: dict, *, prefix: str, told: dict
    ) -> nodes.list_item:
        """Question ``asked``'s answer ``word``; an outcome met again names the answer that told it."""
        para = nodes.paragraph("", "", nodes.strong(text=f"{word}："))
        item = nodes.list_item("", para)
        if target in numbers:
            link = nodes.reference("", f"第 {numbers[target]} 问", internal=True, refid=f"{prefix}-{target}")
            para += [nodes.Text("转到"), link, nodes.Text("。")]
            return item
        outcome = self.tree.outcomes[target]
        para += nodes.inline(text=f"【{outcome.badge.value}】", classes=["decision-badge-text"])
        para += nodes.Text(f"{outcome.title.value}。")
        if target in told:
            para += nodes.Text(f"说明和下一步同{told[target]}。")
            return item
        told[target] = f"第 {asked} 问的“{word}”"
        para += self._inline(outcome.says)
        if outcome.next:
            item += nodes.paragraph("", "", nodes.Text("下一步："), *self._inline(outcome.next))
        return item

    def steps(self) -> list[nodes.Node]:
        order = self.tree.order()
        numbers = {key: n for n, key in enumerate(order, 1)}
        prefix = self.options.get("name") or f"decision-{Path(self.arguments[0]).stem}"
        listing = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["decision-steps"])
        told = {}  # outcome → the answer whose line states it
        for key in order:
            question = self.tree.questions[key]
            item = nodes.list_item(ids=[f"{prefix}-{key}"])
            item += nodes.paragraph("", question.ask.value)
            if question.note:
                item += nodes.paragraph("", f"注意：{question.note.value}", classes=["decision-note"])
            answers = nodes.bullet_list()
            for answer, word in ANSWERS:
                answers += self._answer(
                    numbers[key], word, question.answers[answer].value, numbers, prefix=prefix, told=told
                )
            item += answers
            listing += item
        # Out of the search index, as the form: the pages' prose says each statement once.
        summary = html.escape(f"展开：全部 {len(order)} 个问题，每个回答通向哪里")
        text = decision_text(
            open=f'<details class="decision-text"><summary>{summary}</summary>\n',
            close="</details>\n",
            classes=["no-search"],
        )
        text += listing
        if self.tree.everyone:
            text += nodes.paragraph("", "", *self._inline(self.tree.everyone))
        self.set_source_info(text)
        return [text]

    def self_check(self) -> list[nodes.Node]:
        name = self.options.get("name") or f"decision-check-{Path(self.arguments[0]).stem}"
        form = decision_form(
            classes=["no-search"],  # the text version holds the same statements, for search too
            open=form_html(self.tree, name),
            close='</div>\n<button type="reset" class="decision-reset">重新回答</button>\n</form>\n',
        )
        for key, outcome in self.tree.outcomes.items():
            box = decision_form(
                open=f'<div class="decision-outcome decision-outcome--{outcome.channel}" '
                f'data-node="{html.escape(key)}" hidden>\n',
                close="</div>\n",
            )
            box += nodes.paragraph("", outcome.badge.value, classes=["decision-badge"])
            box += nodes.paragraph("", outcome.title.value, classes=["decision-title"])
            box += nodes.paragraph("", "", *self._inline(outcome.says))
            if outcome.next:
                box += nodes.paragraph("", "", nodes.Text("下一步："), *self._inline(outcome.next))
            form += box
        if self.tree.everyone:  # once, after the outcomes; site.css shows it with any of them
            form += nodes.paragraph("", "", *self._inline(self.tree.everyone), classes=["decision-everyone"])
        self.set_source_info(form)
        return [form]


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The self-check's script, on the pages that have one."""
    if doctree is not None and next(doctree.findall(decision_form), None):
        app.add_js_file("decision-check.js")


def setup(app: Sphinx) -> dict:
    app.setup_extension("ext.diagrams")
    app.add_directive("decision-tree", DecisionTreeDirective)
    app.add_node(decision_form, html=(visit_html, depart_html))
    app.add_node(decision_text, html=(visit_html, depart_html))
    app.connect("doctree-resolved", off_the_web)
    app.connect("html-page-context", add_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
