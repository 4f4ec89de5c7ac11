"""The Chinese copy lint (AutoCorrect, .autocorrectrc) on what readers read: the pages and the
YAML's Chinese strings, read as Markdown (MyST roles, links, comments and code stay as they are).
Usage: python -m tools.copy_lint [--fix] [FILE ...]; `make fix` fixes. docs/quality.md."""

import re
import sys
from pathlib import Path

import autocorrect_py
import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
FILES = sorted([*SOURCE.rglob("*.md"), *SOURCE.glob("*.yaml")])  # what readers read
CJK = re.compile(r"[\u4e00-\u9fff]")
autocorrect_py.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))


def _strings(node: yaml.Node) -> dict[int, str]:
    """The reader's text in a YAML document: each string with Chinese in it, by its 0-based line
    (one over several lines on its first: reported there, and left to fix by hand)."""
    if isinstance(node, yaml.ScalarNode):
        return {node.start_mark.line: node.value} if CJK.search(node.value) else {}
    items = [item for entry in node.value for item in (entry if isinstance(entry, tuple) else [entry])]
    return {line: text for item in items for line, text in _strings(item).items()}


def _fixed(text: str) -> str:
    """AutoCorrect's fix, run twice: a spelling it replaces (卖家平台) needs the spacing a
    second pass adds."""
    return autocorrect_py.format_for(autocorrect_py.format_for(text, "md"), "md")


def run(files: list[Path], fix: bool = False) -> list[str]:
    """Lint (with ``fix``: fix, then lint) ``files``: a line "file:line: “old” → “new”" per problem."""
    problems = []
    for path in files:
        text = original = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            text = _fixed(text) if fix else text
            found = [(f"{x.line}:{x.col}", x.old, x.new) for x in autocorrect_py.lint_for(text, "md").lines]
        else:
            lines, found = text.split("\n"), []
            for n, old in _strings(yaml.compose(text)).items():
                new = _fixed(old)
                if fix and old in lines[n]:  # a string written otherwise (escapes, several lines) stays
                    lines[n] = lines[n].replace(old, new, 1)
                elif new != old:
                    found.append((n + 1, old, new))
            text = "\n".join(lines)
        if text != original:
            path.write_text(text, encoding="utf-8")
        problems += [f"{path}:{at}: “{old.strip()}” → “{new.strip()}”" for at, old, new in found]
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    problems = run([Path(a) for a in args if a != "--fix"] or FILES, fix="--fix" in args)
    sys.stderr.write("".join(f"{problem}\n" for problem in problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
