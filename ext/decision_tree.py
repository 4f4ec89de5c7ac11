"""One decision tree, three views: the self-check form, the diagram and its text version.

``{decision-tree} file.yaml`` with ``:view: self-check``, ``diagram`` or ``steps`` (and
``:name:``, ``:caption:``, ``:alt:``); the YAML format is in source/channel-decision.yaml.
A malformed tree fails the build once, at its file and line. docs/diagrams.md.
"""

import html
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.mermaid import mermaid as mermaid_node

logger = logging.getLogger(__name__)

CHANNELS = {"recruiting", "event", "self", "open"}
ANSWERS = (("yes", "是"), ("no", "否"))
# Mermaid's colours per channel (the diagram sits on a white card in both themes).
COLOURS = {
    "recruiting": "fill:#e3edfc,stroke:#1558b0,color:#0b2a5b",
    "event": "fill:#e0f2ef,stroke:#0b6e62,color:#06332d",
    "self": "fill:#fdf0dc,stroke:#8a5a00,color:#3d2800",
    "open": "fill:#f1f1f1,stroke:#5f6368,color:#202124,stroke-dasharray:5 3",
}
# Chinese line breaking (the rules the tests check): no line starts with these ...
NO_LINE_START = set("、，。；：？！）」』”’》〉】…,.;:?!)%")
# ... and none ends with these.
NO_LINE_END = set("（「『“‘《〈【(")
LABEL_WIDTH = 13  # a diagram label's line, in Chinese characters (Latin counts half)


class DecisionTreeError(Exception):
    """A problem in the tree file; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Text:
    value: str
    line: int  # where it is in the YAML file


@dataclass
class Question:
    key: str
    ask: Text
    label: Text
    answers: dict[str, Text]  # "yes"/"no" → the key of what follows
    note: Text | None = None
    line: int = 0  # of its name


@dataclass
class Outcome:
    key: str
    channel: str
    badge: Text
    title: Text
    says: Text
    next: Text | None = None
    line: int = 0  # of its name


@dataclass
class Tree:
    path: Path
    title: Text
    start: Text
    questions: dict[str, Question] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    everyone: Text | None = None  # what applies whatever the outcome

    def order(self) -> list[str]:
        """Question keys in reading order: breadth first, every answer leading further down."""
        reached, queue = [], [self.start.value]
        while queue:
            key = queue.pop(0)
            if key in self.questions and key not in reached:
                reached.append(key)
                queue += [t.value for t in self.questions[key].answers.values()]
        waiting = Counter(t.value for k in reached for t in self.questions[k].answers.values())
        ready, order = [self.start.value], []
        while ready:
            order.append(key := ready.pop(0))
            for target in (t.value for t in self.questions[key].answers.values()):
                waiting[target] -= 1
                if target in self.questions and not waiting[target]:
                    ready.append(target)
        return order


# -- reading and checking the file -------------------------------------------------


def _mapping(node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if not isinstance(node, yaml.MappingNode):
        raise DecisionTreeError(f"{what} must be a mapping of names to entries", node.start_mark.line + 1)
    result: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        if key.value in result:
            raise DecisionTreeError(f"{what}: “{key.value}” is defined twice", key.start_mark.line + 1)
        result[key.value] = (key, value)
    return result


def _text(entry: dict, name: str, where: str, line: int, *, required: bool = True) -> Text | None:
    if name not in entry:
        if required:
            raise DecisionTreeError(f"{where} has no `{name}:`", line)
        return None
    _key, value = entry[name]
    if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
        raise DecisionTreeError(f"{where}: `{name}:` must be a line of text", value.start_mark.line + 1)
    return Text(str(value.value).strip(), value.start_mark.line + 1)


# Each section's entries: their fields, required then optional.
FIELDS = {
    "questions": (("ask", "label", "yes", "no"), ("note",)),
    "outcomes": (("channel", "badge", "title", "says"), ("next",)),
}


def _entries(top: dict, section: str):
    """(name, line, field → Text) of every entry of ``section``, its fields checked."""
    required, optional = FIELDS[section]
    for key, (key_node, value) in _mapping(top[section][1], section).items():
        line, where = key_node.start_mark.line + 1, f"{section[:-1]} “{key}”"
        entry = _mapping(value, where)
        if extra := sorted(set(entry) - {*required, *optional}):
            raise DecisionTreeError(
                f"{where}: unknown key `{extra[0]}` ({', '.join(required + optional)})", line
            )
        texts = {
            name: _text(entry, name, where, line, required=name in required) for name in required + optional
        }
        yield key, line, texts


def load_tree(path: Path) -> Tree:
    """Read and check a tree file; a problem raises DecisionTreeError with its line."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DecisionTreeError("file not found", 1) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise DecisionTreeError(
            f"not valid YAML: {getattr(err, 'problem', err)}", mark.line + 1 if mark else 1
        ) from None
    if root is None:
        raise DecisionTreeError("the file is empty", 1)
    top = _mapping(root, "the file")
    unknown = sorted(set(top) - {"title", "start", "questions", "outcomes", "everyone"})
    if unknown:
        raise DecisionTreeError(
            f"unknown key “{unknown[0]}”; the file has title, start, questions, outcomes and everyone",
            top[unknown[0]][0].start_mark.line + 1,
        )
    for name in ("questions", "outcomes"):
        if name not in top:
            raise DecisionTreeError(f"no `{name}:` section", 1)
    tree = Tree(path, _text(top, "title", "the file", 1), _text(top, "start", "the file", 1))
    tree.everyone = _text(top, "everyone", "the file", 1, required=False)
    for key, line, t in _entries(top, "questions"):
        answers = {answer: t[answer] for answer, _word in ANSWERS}
        tree.questions[key] = Question(key, t["ask"], t["label"], answers, t["note"], line)
    for key, line, t in _entries(top, "outcomes"):
        if key in tree.questions:
            raise DecisionTreeError(f"outcome “{key}”: a question has the same name", line)
        if t["channel"].value not in CHANNELS:
            choices = ", ".join(sorted(CHANNELS))
            raise DecisionTreeError(
                f"outcome “{key}”: channel “{t['channel'].value}” is not one of {choices}", t["channel"].line
            )
        tree.outcomes[key] = Outcome(
            key, t["channel"].value, t["badge"], t["title"], t["says"], t["next"], line
        )
    _check_links(tree)
    return tree


def _check_links(tree: Tree) -> None:
    known = tree.questions.keys() | tree.outcomes.keys()
    if tree.start.value not in tree.questions:
        raise DecisionTreeError(f"start: “{tree.start.value}” is not a question", tree.start.line)
    for question in tree.questions.values():
        for answer, target in question.answers.items():
            if target.value not in known:
                raise DecisionTreeError(
                    f"question “{question.key}”, {answer}: “{target.value}” is neither a question "
                    "nor an outcome",
                    target.line,
                )

    # No loops: a reader must always arrive at an outcome.
    def walk(key: str, path: list[str]) -> None:
        if key in path:
            loop = " → ".join([*path[path.index(key) :], key])
            raise DecisionTreeError(f"the questions loop: {loop}", tree.questions[key].line)
        if key in tree.questions:
            for target in tree.questions[key].answers.values():
                walk(target.value, [*path, key])

    walk(tree.start.value, [])
    reached = set(tree.order())
    reached |= {t.value for k in reached for t in tree.questions[k].answers.values()}
    for key in [*tree.questions, *tree.outcomes]:
        if key not in reached:
            entry = tree.questions.get(key) or tree.outcomes[key]
            raise DecisionTreeError(
                f"“{key}” cannot be reached from the start: no answer leads to it "
                "(remove it or point an answer to it)",
                entry.line,
            )


# -- the diagram ----------------------------------------------------------------------

_MARKUP = [
    (re.compile(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`"), r"\1"),  # {term}`x` / {ref}`text <label>`
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](#label)
    (re.compile(r"\*\*([^*]*)\*\*"), r"\1"),
]


def plain(text: str) -> str:
    """MyST inline markup as the text a reader sees."""
    for pattern, repl in _MARKUP:
        text = pattern.sub(repl, text)
    return text


def _width(token: str) -> float:
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in token)


def break_label(text: str, width: float = LABEL_WIDTH) -> list[str]:
    """Lines of about ``width`` Chinese characters, balanced, by Chinese line-breaking rules;
    Latin words and numbers stay whole."""
    tokens = re.findall(r"[A-Za-z0-9$%.,:/+\-]+|\s+|.", text)
    total = sum(_width(t) for t in tokens if not t.isspace())
    width = total / math.ceil(total / width) + 0.5 if total > width else width  # balanced lines, no widow
    lines: list[list[str]] = [[]]
    used = 0.0
    for token in tokens:
        if token.isspace():
            if lines[-1]:
                lines[-1].append(" ")
                used += 0.3
            continue
        if used + _width(token) > width and lines[-1]:
            while lines[-1] and lines[-1][-1] == " ":
                lines[-1].pop()
            lines.append([])
            used = 0.0
        lines[-1].append(token)
        used += _width(token)
    for i in range(1, len(lines)):
        while lines[i] and lines[i][0][0] in NO_LINE_START:  # pull closing punctuation up
            lines[i - 1].append(lines[i].pop(0))
        while lines[i - 1] and lines[i - 1][-1][-1] in NO_LINE_END:  # push opening brackets down
            lines[i].insert(0, lines[i - 1].pop())
    return ["".join(line).strip() for line in lines if "".join(line).strip()]


def _node_id(key: str) -> str:
    return "n_" + re.sub(r"\W", "_", key)


def _label(*parts: str) -> str:
    lines = [line for part in parts for line in break_label(plain(part))]
    return "<br/>".join(html.escape(line, quote=False).replace('"', "#quot;") for line in lines)


def mermaid_code(tree: Tree) -> str:
    # The start is a rounded box: Mermaid draws its stadium shape with random "rough"
    # strokes, which would make every build's SVG differ.
    out = ["flowchart TD", f'    start("{_label("开始：" + tree.title.value)}")']
    out.append(f"    start --> {_node_id(tree.start.value)}")
    for key in tree.order():
        question = tree.questions[key]
        out.append(f'    {_node_id(key)}{{{{"{_label(question.label.value)}"}}}}')
        for answer, word in ANSWERS:
            out.append(f"    {_node_id(key)} -->|{word}| {_node_id(question.answers[answer].value)}")
    for key, outcome in tree.outcomes.items():
        text = _label(f"【{outcome.badge.value}】", outcome.title.value)
        out.append(f'    {_node_id(key)}("{text}"):::{outcome.channel}')
    out += [f"    classDef {channel} {style},stroke-width:2px" for channel, style in COLOURS.items()]
    return "\n".join(out) + "\n"


def default_alt(tree: Tree) -> str:
    outcomes = "、".join(dict.fromkeys(o.badge.value for o in tree.outcomes.values()))
    return (
        f"流程图：{plain(tree.title.value)}。依次回答 {len(tree.questions)} 个是非题，"
        f"分别通向{outcomes}；完整内容见下方的文字版。"
    )


# -- the self-check form (HTML only) ---------------------------------------------------


class decision_form(nodes.General, nodes.Element):
    pass


class decision_outcome(nodes.General, nodes.Element):
    pass


class decision_text(nodes.General, nodes.Element):
    """The text version: collapsed on the web (screen readers reach it), in full elsewhere."""


def _web(self) -> bool:
    return self.builder.format == "html" and not self.builder.name.startswith("epub")


def visit_form(self, node: decision_form) -> None:
    if not _web(self):
        raise nodes.SkipNode  # no script to run it: the text version stands in
    name = html.escape(node["form_id"])
    self.body.append(
        f'<form class="decision-check" id="{name}" data-start="{html.escape(node["start"])}" '
        f'aria-label="{html.escape(node["title"])}" hidden>\n'
    )
    for question in node["questions"]:
        qid = html.escape(question["key"])
        self.body.append(f'<fieldset class="decision-question" data-node="{qid}" hidden>\n')
        # decision-check.js numbers the questions as they are shown: 1, 2, 3 …
        ask = html.escape(question["ask"])
        self.body.append(f'<legend><span class="decision-number"></span>{ask}</legend>\n')
        if question["note"]:
            self.body.append(f'<p class="decision-note">{html.escape(question["note"])}</p>\n')
        for answer, word in ANSWERS:
            target = html.escape(question["answers"][answer])
            self.body.append(
                f'<label><input type="radio" name="{name}-{qid}" value="{answer}" data-next="{target}"> '
                f"{word}</label>\n"
            )
        self.body.append("</fieldset>\n")
    self.body.append('<div class="decision-result" aria-live="polite">\n')


def depart_form(self, node: decision_form) -> None:
    self.body.append('</div>\n<button type="reset" class="decision-reset">重新回答</button>\n</form>\n')


def visit_outcome(self, node: decision_outcome) -> None:
    self.body.append(
        f'<div class="decision-outcome decision-outcome--{node["channel"]}" '
        f'data-node="{html.escape(node["key"])}" hidden>\n'
        f'<p class="decision-badge">{html.escape(node["badge"])}</p>\n'
        f'<p class="decision-title">{html.escape(node["title"])}</p>\n'
    )


def depart_outcome(self, node: decision_outcome) -> None:
    self.body.append("</div>\n")


def visit_text(self, node: decision_text) -> None:
    if _web(self):
        summary = html.escape(node["summary"])
        self.body.append(f'<details class="decision-text"><summary>{summary}</summary>\n')
    else:
        self.body.append('<div class="decision-text">\n')


def depart_text(self, node: decision_text) -> None:
    self.body.append("</details>\n" if _web(self) else "</div>\n")


def _skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


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
        path = Path(path)
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
            tree = load_tree(path)
        except DecisionTreeError as err:
            reported = self.env.decision_tree_reported
            if path not in reported:  # one mistake, one warning, however many views use the file
                reported.add(path)
                logger.warning("%s", err, location=f"{path}:{err.line}", type="decision_tree")
            return []
        self.tree = tree
        return {"diagram": self.diagram, "steps": self.steps, "self-check": self.self_check}[view]()

    def _inline(self, text: Text) -> list[nodes.Node]:
        """MyST inline markup; what it makes is located at the YAML line, so a broken link
        or term is reported there."""
        parsed, messages = self.state.inline_text(text.value, self.lineno)
        for node in [*parsed, *messages]:
            for child in node.findall() if isinstance(node, nodes.Element) else [node]:
                child.source, child.line = str(self.tree.path), text.line
        return [*parsed, *messages]

    def diagram(self) -> list[nodes.Node]:
        node = mermaid_node()
        node["code"] = mermaid_code(self.tree)
        node["options"] = {}
        node["alt"] = self.options.get("alt") or default_alt(self.tree)
        self.set_source_info(node)
        figure = nodes.figure("", node)
        figure["classes"].append("decision-diagram")
        if "caption" in self.options:
            parsed, _messages = self.state.inline_text(self.options["caption"], self.lineno)
            figure += nodes.caption(self.options["caption"], "", *parsed)
        self.add_name(figure)
        return [figure]

    def _answer(
        self, asked: int, word: str, target: str, numbers: dict, *, prefix: str, told: dict
    ) -> nodes.list_item:
        """Question ``asked``'s answer ``word``; an outcome met again names the answer that told it."""
        item = nodes.list_item()
        para = nodes.paragraph()
        item += para
        para += nodes.strong(text=f"{word}：")
        if target in numbers:
            para += nodes.Text("转到")
            para += nodes.reference("", f"第 {numbers[target]} 问", internal=True, refid=f"{prefix}-{target}")
            para += nodes.Text("。")
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
        text = decision_text(
            summary=f"展开：全部 {len(order)} 个问题，每个回答通向哪里", classes=["no-search"]
        )
        text += listing
        if self.tree.everyone:
            text += nodes.paragraph("", "", *self._inline(self.tree.everyone))
        self.set_source_info(text)
        return [text]

    def self_check(self) -> list[nodes.Node]:
        order = self.tree.order()
        form = decision_form(
            classes=["no-search"],  # the text version holds the same statements, for search too
            form_id=self.options.get("name") or f"decision-check-{Path(self.arguments[0]).stem}",
            start=self.tree.start.value,
            title=plain(self.tree.title.value),
            questions=[
                {
                    "key": k,
                    "ask": plain(q.ask.value),
                    "note": q.note and plain(q.note.value),
                    "answers": {a: t.value for a, t in q.answers.items()},
                }
                for k in order
                for q in [self.tree.questions[k]]
            ],
        )
        for key, outcome in self.tree.outcomes.items():
            box = decision_outcome(
                key=key, channel=outcome.channel, badge=outcome.badge.value, title=outcome.title.value
            )
            box += nodes.paragraph("", "", *self._inline(outcome.says))
            if outcome.next:
                box += nodes.paragraph("", "", nodes.Text("下一步："), *self._inline(outcome.next))
            if self.tree.everyone:
                box += nodes.paragraph("", "", *self._inline(self.tree.everyone))
            form += box
        self.set_source_info(form)
        return [form]


def add_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The self-check's script, on the pages that have one."""
    if doctree is not None and app.builder.format == "html" and next(doctree.findall(decision_form), None):
        app.add_js_file("decision-check.js")


def reset_reports(app: Sphinx) -> None:
    app.env.decision_tree_reported = set()  # the tree files reported in this run


def setup(app: Sphinx) -> dict:
    app.setup_extension("ext.diagrams")
    app.connect("builder-inited", reset_reports)
    app.add_directive("decision-tree", DecisionTreeDirective)
    skip = (_skip, None)
    for node, visit, depart in (
        (decision_form, visit_form, depart_form),
        (decision_outcome, visit_outcome, depart_outcome),
    ):
        app.add_node(node, html=(visit, depart), latex=skip, text=skip, man=skip, texinfo=skip)
    app.add_node(decision_text, html=(visit_text, depart_text))
    app.connect("html-page-context", add_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
