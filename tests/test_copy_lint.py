"""The Chinese copywriting guidelines on every page: AutoCorrect with .autocorrectrc, as the
pre-commit hook runs it. Fix: node_modules/.bin/autocorrect --fix source/"""

import json
import subprocess
from pathlib import Path

from tests.builds import ROOT

AUTOCORRECT = ROOT / "node_modules" / ".bin" / "autocorrect"


def lint(*files: Path) -> tuple[int, list[str]]:
    """Lint ``files``: the exit code of the pre-commit hook's command, and one line per problem."""
    assert AUTOCORRECT.exists(), "node_modules/.bin/autocorrect is missing: run `npm ci` (make does)"
    cmd = [str(AUTOCORRECT), "--lint", "--config", str(ROOT / ".autocorrectrc"), *map(str, files)]
    hook = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    # The JSON report names file, line and fix (its exit code is always 0, hence both runs).
    report = subprocess.run([*cmd, "--format", "json"], capture_output=True, text=True, cwd=ROOT, check=False)
    result = json.loads(report.stdout[report.stdout.index("{") :])
    problems = [
        f"{message['filepath']}:{line['l']}:{line['c']}: “{line['old'].strip()}” → “{line['new'].strip()}”"
        for message in result["messages"]
        for line in message["lines"]
    ]
    return hook.returncode, problems


def test_every_page_follows_the_copywriting_guidelines() -> None:
    pages = sorted((ROOT / "source").rglob("*.md"))
    assert len(pages) >= 5, pages
    code, problems = lint(*pages)
    report = "\n".join(problems)
    assert code == 0 and not problems, f"AutoCorrect (fix with `autocorrect --fix source/`):\n{report}"


def test_the_lint_catches_a_bad_sentence(tmp_path: Path) -> None:
    """The rules are live: a sentence breaking them is reported at its file and line."""
    page = tmp_path / "bad.md"
    page.write_text("# 标题\n\n对接Account Manager，审核周期为5.2天 。\n", encoding="utf-8")
    code, problems = lint(page)
    assert code != 0 and len(problems) == 1 and f"{page}:3:" in problems[0], problems
    assert "对接 Account Manager，审核周期为 5.2 天。" in problems[0], problems
