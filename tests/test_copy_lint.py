"""The Chinese copy lint (tools/copy_lint.py: AutoCorrect, .autocorrectrc), which `make lint` and
the pre-commit hook run on the pages and the decision tree's strings: what it reports, and `make fix`."""

from pathlib import Path

from tools import copy_lint
from tools.copy_lint import SOURCE


def test_a_half_width_comma_fails_at_its_line_and_the_fix_mends_only_that(tmp_path: Path) -> None:
    """In a YAML string and in a page: each is reported at its file:line (the pre-commit hook
    fails), and the fix restores both files byte for byte (MyST roles, links, comments intact)."""
    assert len(copy_lint.FILES) >= 6 and SOURCE / "channel-decision.yaml" in copy_lint.FILES
    breaks, lines = {"channel-decision.yaml": "优先走这两条，以获取", "channels.md": "要求付费，都要警惕"}, {}
    for name, sentence in breaks.items():
        text = (SOURCE / name).read_text("utf-8")
        assert sentence in text, f"source/{name} changed: pick another sentence to break"
        (tmp_path / name).write_text(text.replace(sentence, sentence.replace("，", ","), 1), "utf-8")
        lines[name] = text[: text.index(sentence)].count("\n") + 1
    files = sorted(tmp_path.iterdir())
    problems = "\n".join(copy_lint.run(files))
    assert all(f"{tmp_path / name}:{line}:" in problems for name, line in lines.items()), problems
    assert len(problems.split("\n")) == 2 and copy_lint.main([str(f) for f in files]) == 1, problems
    assert copy_lint.run(files, fix=True) == []
    assert all((tmp_path / name).read_bytes() == (SOURCE / name).read_bytes() for name in breaks)


def test_one_fix_run_replaces_a_house_spelling_and_spaces_it(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("请在卖家平台的页面查看。\n", "utf-8")
    assert copy_lint.run([page], fix=True) == [] and "在 Seller Central 的" in page.read_text("utf-8")
