"""A second clean build of the same commit, of the same kind as SITE_DIR's, is byte-identical."""

import difflib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builds import ROOT

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


def test_a_second_clean_build_is_byte_identical(site: Path, tmp_path: Path) -> None:
    assert os.environ.get("SOURCE_DATE_EPOCH"), "SOURCE_DATE_EPOCH must be set, as make sets it"
    # A separate process with make's command line and environment: SITE_DOWNLOADS as `make dist`
    # sets it (its download page gives the editions' sizes) when SITE_DIR is that build.
    downloads = site / "downloads"
    cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-c", ROOT, "-nW", "--keep-going", "-q"]
    cmd += ["-d", tmp_path / "doctrees", ROOT / "source", tmp_path / "html"]
    env = {k: v for k, v in os.environ.items() if k != "SITE_DOWNLOADS"}
    env |= {"SITE_DOWNLOADS": str(downloads)} if downloads.is_dir() else {}
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    one, two = _files(site), _files(tmp_path / "html")
    assert len(one) > 10, sorted(one)
    hint = f"(is {site} a clean build? `make dist` makes one, and so does `make clean html`)"
    assert one.keys() == two.keys(), f"different files: {sorted(one.keys() ^ two.keys())} {hint}"
    differing = [name for name in one if one[name] != two[name]]
    details = "\n".join(f"{name}:\n{_first_difference(one[name], two[name])}" for name in differing[:5])
    assert not differing, f"{len(differing)} file(s) differ from a clean build {hint}: {differing}\n{details}"
