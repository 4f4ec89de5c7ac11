"""Where lines may break in the web editions. A heading breaks only between the phrases of
BudouX's Simplified Chinese model: a <wbr> between two phrases, with site.css's
`word-break: keep-all`, keeps each phrase whole. A date or a number with a hyphen, dash or
slash in it (2026-01-16, 2024–2025), which browsers break after the hyphen, stays whole.
"""

import re
from itertools import pairwise

import budoux
from docutils import nodes
from sphinx.application import Sphinx

from ext.builders import web

PHRASES = budoux.load_default_simplified_chinese_parser()
# A <wbr> only where the browser would not break: between two word characters, one Chinese
# (beside punctuation or a space, keep-all breaks already; between Latin letters or digits, never).
BETWEEN_WORDS = re.compile(r"\w\w").fullmatch
CJK = re.compile(r"[\u3400-\u9fff]").search
NUMBER = re.compile(r"(\d+(?:[-–/]\d+)+)")


def mark_breaks(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not web(app.builder):  # an e-reader lays out its lines itself
        return
    for text in list(doctree.findall(nodes.Text)):
        if NUMBER.search(text) and not isinstance(text.parent, (nodes.FixedTextElement, nodes.literal)):
            parts = [
                nodes.inline(p, p, classes=["nowrap"]) if i % 2 else nodes.Text(p)
                for i, p in enumerate(NUMBER.split(text))
            ]
            text.parent.replace(text, [part for part in parts if part.astext()])
    for title in list(doctree.findall(nodes.title)):
        for text in list(title.findall(nodes.Text)):
            phrases = PHRASES.parse(str(text))
            if len(phrases) < 2 or "nowrap" in text.parent["classes"]:
                continue
            parts = [nodes.Text(phrases[0])]
            for before, phrase in pairwise(phrases):
                if BETWEEN_WORDS(before[-1] + phrase[0]) and CJK(before[-1] + phrase[0]):
                    parts.append(nodes.raw("", "<wbr>", format="html"))
                parts.append(nodes.Text(phrase))
            text.parent.replace(text, parts)


def setup(app: Sphinx) -> dict:
    # Last, once the other handlers have read the titles' text (a raw node's text is its markup).
    app.connect("doctree-resolved", mark_breaks, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
