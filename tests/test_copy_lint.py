"""The Chinese copywriting guidelines on what readers read, pages and the decision tree's strings:
tools/copy_lint.py (AutoCorrect, .autocorrectrc), as the pre-commit hook runs it; `make fix` fixes."""

from pathlib import Path

from tools import copy_lint
from tools.copy_lint import SOURCE


def test_every_page_and_string_follows_the_copywriting_guidelines() -> None:
    assert len(copy_lint.FILES) >= 6 and SOURCE / "channel-decision.yaml" in copy_lint.FILES
    problems = copy_lint.run(copy_lint.FILES)
    assert not problems, "AutoCorrect (fix with `make fix`, then review the diff):\n" + "\n".join(problems)


def test_the_lint_reports_a_bad_sentence_at_its_line_in_a_page_and_in_yaml(tmp_path: Path) -> None:
    page, data = tmp_path / "bad.md", tmp_path / "tree.yaml"
    page.write_text("# 标题\n\n对接Account Manager，审核周期为5.2天 。\n", encoding="utf-8")
    data.write_text("# 注释, 不是给读者的\nsays: 中大型卖家,从{term}`招商经理`那里获益。\n", encoding="utf-8")
    problems = copy_lint.run([page, data])
    assert len(problems) == 2 and problems[0].startswith(f"{page}:3:"), problems
    assert "对接 Account Manager，审核周期为 5.2 天。" in problems[0], problems
    assert problems[1].startswith(f"{data}:2:") and "中大型卖家，从" in problems[1], problems
    assert copy_lint.main([str(page)]) == 1  # the pre-commit hook's exit code


def test_the_fix_mends_the_copy_and_touches_nothing_else(tmp_path: Path) -> None:
    """A half-width comma in a YAML string and in a page: the fix restores both files byte for byte
    (their MyST roles, links, comments and code untouched)."""
    breaks = {"channel-decision.yaml": "站点，这样", "channels.md": "据来源文章，卖家要付"}
    for name, sentence in breaks.items():
        text = (SOURCE / name).read_text("utf-8")
        assert sentence in text, f"source/{name} changed: pick another sentence to break"
        (tmp_path / name).write_text(text.replace(sentence, sentence.replace("，", ","), 1), "utf-8")
    assert len(copy_lint.run(sorted(tmp_path.iterdir()))) == 2
    assert copy_lint.run(sorted(tmp_path.iterdir()), fix=True) == []
    assert all((tmp_path / name).read_bytes() == (SOURCE / name).read_bytes() for name in breaks)
