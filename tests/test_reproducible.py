"""Reproducible output: two clean builds of the same commit are byte-identical.

Both builds get the same SOURCE_DATE_EPOCH (conftest's sphinx_build sets it, as the
Makefile does from the last commit), start from empty folders with their own
doctree caches kept outside the output, and run at the same time. Every file of the
published output is compared: pages, mermaid SVGs, the trimmed CSS, searchindex.js,
objects.inv, sitemap.xml, .buildinfo. A difference names the file and the first line
that differs.
"""

from __future__ import annotations

import difflib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SOURCE, sphinx_build

pytestmark = pytest.mark.slow


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _first_difference(a: bytes, b: bytes) -> str:
    try:
        diff = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0)
        return "\n".join(list(diff)[2:6])
    except UnicodeDecodeError:
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        return f"binary, {len(a)} vs {len(b)} bytes, first difference at byte {at}"


def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    def build(name: str):
        return sphinx_build(SOURCE, tmp_path / name / "html", "html", "-d", str(tmp_path / name / "doctrees"))

    with ThreadPoolExecutor(max_workers=2) as pool:
        first, second = pool.map(build, ["one", "two"])
    for result in (first, second):
        assert result.returncode == 0, result.output
    one, two = _files(first.outdir), _files(second.outdir)
    assert len(one) > 10, sorted(one)
    assert one.keys() == two.keys(), f"different files: {sorted(one.keys() ^ two.keys())}"
    differing = [name for name in one if one[name] != two[name]]
    details = "\n".join(f"{name}:\n{_first_difference(one[name], two[name])}" for name in differing[:5])
    assert not differing, f"{len(differing)} file(s) differ between two clean builds: {differing}\n{details}"
