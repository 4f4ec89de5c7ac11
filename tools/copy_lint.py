"""The Chinese copywriting lint (AutoCorrect, rules in .autocorrectrc) on what readers read: the
pages (source/**/*.md) and the Chinese strings of the YAML beside them, each read as Markdown so
that MyST roles and links stay intact; comments and code are left alone. `make fix` (--fix)
fixes exactly what the lint checks. docs/quality.md.

Usage: python -m tools.copy_lint [--fix] [FILE ...]
"""

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AUTOCORRECT = ROOT / "node_modules" / ".bin" / "autocorrect"
CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCE = ROOT / "source"
FILES = sorted([*SOURCE.rglob("*.md"), *SOURCE.glob("*.yaml")])  # what readers read


def _strings(node: yaml.Node) -> dict[int, str]:
    """The reader's text in a YAML document: each string with Chinese in it, by its 0-based line
    (one over several lines on its first: reported there, and left to fix by hand)."""
    if isinstance(node, yaml.ScalarNode):
        return {node.start_mark.line: node.value.replace("\n", " ")} if CJK.search(node.value) else {}
    items = [item for entry in node.value for item in (entry if isinstance(entry, tuple) else [entry])]
    return {line: text for item in items for line, text in _strings(item).items()}


def _shadow(data: Path, folder: Path) -> tuple[Path, dict[int, str]]:
    """Write ``data``'s strings as Markdown into ``folder``, the YAML's line n on line 2n + 1."""
    strings = _strings(yaml.compose(data.read_text("utf-8")))
    shadow = folder / f"{len(list(folder.iterdir()))}.md"
    shadow.write_text(
        "".join(f"{strings.get(n, '')}\n\n" for n in range(max(strings, default=0) + 1)), "utf-8"
    )
    return shadow, strings


def _autocorrect(*args: str | Path) -> str:
    if not AUTOCORRECT.exists():
        sys.exit("copy_lint: node_modules/.bin/autocorrect is missing: run `npm ci` (make does)")
    cmd = [AUTOCORRECT, *args, "--config", ROOT / ".autocorrectrc"]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False).stdout


def run(files: list[Path], fix: bool = False) -> list[str]:
    """Lint (with ``fix``: fix, then lint) ``files``: a line "file:line: “old” → “new”" per problem."""
    pages = [f for f in files if f.suffix == ".md"]
    data = [f for f in files if f.suffix in {".yaml", ".yml"}]
    with tempfile.TemporaryDirectory() as fixing, tempfile.TemporaryDirectory() as linting:
        if fix:
            shadows = {f: _shadow(f, Path(fixing)) for f in data}
            _autocorrect("--fix", *pages, *(shadow for shadow, _ in shadows.values()))
            for f, (shadow, strings) in shadows.items():
                fixed, lines = shadow.read_text("utf-8").split("\n"), f.read_text("utf-8").split("\n")
                for n, old in strings.items():  # one written otherwise (escapes) stays: reported below
                    lines[n] = lines[n].replace(old, fixed[2 * n], 1)
                f.write_text("\n".join(lines), "utf-8")
        shadows = {str(_shadow(f, Path(linting))[0]): f for f in data}
        report = _autocorrect("--lint", "--format", "json", *pages, *shadows)
    problems = []
    for message in json.loads(report[report.index("{") :])["messages"]:
        path = shadows.get(message["filepath"], message["filepath"])
        for line in message["lines"]:
            at = f"{(line['l'] + 1) // 2}" if path in data else f"{line['l']}:{line['c']}"
            problems.append(f"{path}:{at}: “{line['old'].strip()}” → “{line['new'].strip()}”")
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fix", action="store_true", help="fix what can be fixed, then report the rest")
    parser.add_argument("files", nargs="*", type=Path, help="default: source/**/*.md and source/*.yaml")
    args = parser.parse_args(argv)
    problems = run(args.files or FILES, fix=args.fix)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"copy_lint: {len(problems)} problem(s); `make fix` fixes what it can", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
