"""A decision tree read from YAML and checked: questions answered 是 or 否, each leading to
another question or an outcome. A problem raises DecisionTreeError with the file's line.
The format is documented in source/channel-decision.yaml's header.
"""

from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import yaml

CHANNELS = ("recruiting", "event", "self", "open")  # outcomes' channels, in the legend's order
ANSWERS = (("yes", "是"), ("no", "否"))


class DecisionTreeError(Exception):
    """A problem in the tree file; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Sourced:
    """A string of the tree file, with the line it is on (for messages and MyST's locations)."""

    value: str
    line: int


@dataclass
class Question:
    key: str
    ask: Sourced
    label: Sourced
    answers: dict[str, Sourced]  # "yes"/"no" → the key of what follows
    note: Sourced | None = None
    line: int = 0  # of its name


@dataclass
class Outcome:
    key: str
    channel: str
    badge: Sourced
    title: Sourced
    says: Sourced
    next: Sourced | None = None
    line: int = 0  # of its name


@dataclass
class Tree:
    path: Path
    title: Sourced
    start: Sourced
    questions: dict[str, Question] = field(default_factory=dict)
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    everyone: Sourced | None = None  # what applies whatever the outcome

    def order(self) -> list[str]:
        """Question keys in reading order: breadth first, every answer leading further down.
        A loop raises graphlib.CycleError, its questions in ``args[1]``."""
        sorter, todo, seen = TopologicalSorter({self.start.value: ()}), [self.start.value], set()
        while todo:
            key = todo.pop()
            if key in self.questions and key not in seen:
                seen.add(key)
                for target in self.questions[key].answers.values():
                    sorter.add(target.value, key)
                    todo.append(target.value)
        return [key for key in sorter.static_order() if key in self.questions]


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


def _text(entry: dict, name: str, where: str, line: int, *, required: bool = True) -> Sourced | None:
    if name not in entry:
        if required:
            raise DecisionTreeError(f"{where} has no `{name}:`", line)
        return None
    _key, value = entry[name]
    if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
        raise DecisionTreeError(f"{where}: `{name}:` must be a line of text", value.start_mark.line + 1)
    return Sourced(str(value.value).strip(), value.start_mark.line + 1)


def _entries(top: dict, section: str, required: tuple[str, ...], optional: tuple[str, ...]):
    """(name, line, field → Sourced) of every entry of ``section``, its fields checked."""
    for key, (key_node, value) in _mapping(top[section][1], section).items():
        line, where = key_node.start_mark.line + 1, f"{section[:-1]} “{key}”"
        entry, fields = _mapping(value, where), required + optional
        if extra := sorted(set(entry) - set(fields)):
            raise DecisionTreeError(f"{where}: unknown key `{extra[0]}` ({', '.join(fields)})", line)
        yield key, line, {name: _text(entry, name, where, line, required=name in required) for name in fields}


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
    for key, line, t in _entries(top, "questions", ("ask", "label", "yes", "no"), ("note",)):
        answers = {answer: t[answer] for answer, _word in ANSWERS}
        tree.questions[key] = Question(key, t["ask"], t["label"], answers, t["note"], line)
    for key, line, t in _entries(top, "outcomes", ("channel", "badge", "title", "says"), ("next",)):
        if key in tree.questions:
            raise DecisionTreeError(f"outcome “{key}”: a question has the same name", line)
        channel = t["channel"]
        if channel.value not in CHANNELS:
            choices = ", ".join(sorted(CHANNELS))
            raise DecisionTreeError(
                f"outcome “{key}”: channel “{channel.value}” is not one of {choices}", channel.line
            )
        tree.outcomes[key] = Outcome(key, channel.value, t["badge"], t["title"], t["says"], t["next"], line)
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

    try:
        reached = set(tree.order())
    except CycleError as err:  # a reader must always arrive at an outcome
        loop = err.args[1]
        raise DecisionTreeError(
            f"the questions loop: {' → '.join(loop)}", tree.questions[loop[0]].line
        ) from None
    reached |= {t.value for k in reached for t in tree.questions[k].answers.values()}
    for entry in [*tree.questions.values(), *tree.outcomes.values()]:
        if entry.key not in reached:
            raise DecisionTreeError(
                f"“{entry.key}” cannot be reached from the start: no answer leads to it "
                "(remove it or point an answer to it)",
                entry.line,
            )
