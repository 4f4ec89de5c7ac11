"""A decision tree as Mermaid code: a wide drawing for a page's column and a narrow one for
a phone, in the light or dark colours of the design tokens; labels broken into lines by
Chinese line-breaking rules, between words.
"""

import html
import math
import re

from ext.decision_tree.model import ANSWERS, CHANNELS, Tree
from ext.tokens import colours
from ext.zh_search.tokenizer import DICTIONARY, tokenizer

NO_LINE_START = set("、，。；：？！）」』”’》〉】…,.;:?!)%")  # no line starts with these ...
NO_LINE_END = set("（「『“‘《〈【(")  # ... and none ends with these
# A label's line in each layout, in Chinese characters (Latin counts half): the wide
# drawing fits a page's column at its own size, the phone one a 360-px screen at 12 px.
LAYOUTS = {"wide": 13, "phone": 6}
LATIN = r"[A-Za-z0-9$%.,:/+\-]+"


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


def _tokens(text: str, width: float) -> list[str]:
    """Words (the search's jieba, with the site's dictionary: one load a build), Latin words
    and numbers whole; a word longer than a line, in characters."""
    cutter = tokenizer(str(DICTIONARY))
    tokens = []
    for chunk in re.split(rf"({LATIN}|\s+)", text):
        if re.fullmatch(rf"{LATIN}|\s+", chunk):
            tokens.append(chunk)
        elif chunk:
            words = cutter.lcut(chunk, HMM=False)
            tokens += [t for word in words for t in (word if _width(word) > width else [word])]
    return tokens


def break_label(text: str, width: float = LAYOUTS["wide"]) -> list[str]:
    """Lines of about ``width`` Chinese characters, balanced, broken between words by Chinese
    line-breaking rules; Latin words and numbers stay whole."""
    tokens = _tokens(text, width)
    total = sum(_width(t) for t in tokens if not t.isspace())
    if total <= width + 2:  # two characters over stay on one line: a short name is not split
        return [text.strip()]
    width = total / math.ceil(total / width) + 0.5  # balanced lines, no widow
    lines: list[list[str]] = [[]]
    used = 0.0
    for token in tokens:
        if token.isspace():
            if lines[-1]:
                lines[-1].append(" ")
                used += 0.3
            continue
        if used + _width(token) > width and lines[-1]:
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


def _label(width: float, *parts: str) -> str:
    lines = [line for part in parts for line in break_label(plain(part), width)]
    return "<br/>".join(html.escape(line, quote=False).replace('"', "#quot;") for line in lines)


def mermaid_code(tree: Tree, layout: str = "wide", scheme: str = "light") -> str:
    """The tree as a Mermaid flowchart, its labels broken for ``layout``, coloured for ``scheme``."""
    width, colour = LAYOUTS[layout], colours(scheme)
    # The start is a rounded box: Mermaid draws its stadium shape with random "rough"
    # strokes, which would make every build's SVG differ.
    out = ["flowchart TD", f'    start("{_label(width, "开始：" + tree.title.value)}")']
    out.append(f"    start --> {_node_id(tree.start.value)}")
    for key in tree.order():
        question = tree.questions[key]
        out.append(f'    {_node_id(key)}{{{{"{_label(width, question.label.value)}"}}}}')
        for answer, word in ANSWERS:
            out.append(f"    {_node_id(key)} -->|{word}| {_node_id(question.answers[answer].value)}")
    for key, outcome in tree.outcomes.items():
        text = _label(width, f"【{outcome.badge.value}】", outcome.title.value)
        out.append(f'    {_node_id(key)}("{text}"):::{outcome.channel}')
    for channel in CHANNELS:
        style = f"fill:{colour[f'{channel}-fill']},stroke:{colour[channel]},color:{colour[f'{channel}-text']}"
        dashed = ",stroke-dasharray:5 3" if channel == "open" else ""  # no channel fits
        out.append(f"    classDef {channel} {style},stroke-width:2px{dashed}")
    return "\n".join(out) + "\n"


def variants(tree: Tree) -> dict[str, str]:
    """The drawings ext/diagrams.py makes of the tree: wide and phone, light and dark."""
    return {
        f"{layout}-{scheme}".removeprefix("wide-"): mermaid_code(tree, layout, scheme)
        for layout in LAYOUTS
        for scheme in ("light", "dark")
    }


def default_alt(tree: Tree) -> str:
    outcomes = "、".join(dict.fromkeys(o.badge.value for o in tree.outcomes.values()))
    return (
        f"流程图：{plain(tree.title.value)}。依次回答 {len(tree.questions)} 个是非题，"
        f"分别通向{outcomes}；完整内容见下方的文字版。"
    )
