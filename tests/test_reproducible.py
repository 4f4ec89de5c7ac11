"""A second clean build of the same commit, of the same kind as SITE_DIR's, is byte-identical."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builds import ROOT

pytestmark = pytest.mark.slow


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
    assert len(list(site.rglob("*.html"))) > 10, f"too few pages in {site}"
    # GNU diff: the files only one build has, and the lines that differ ("Binary files … differ").
    cmd = ["diff", "-r", "-U0", site, tmp_path / "html"]
    diff = subprocess.run(cmd, capture_output=True, text=True, errors="replace", check=False)
    hint = f"(is {site} a clean build? `make dist` makes one, and so does `make clean html`)"
    assert diff.returncode == 0, f"a second clean build differs {hint}:\n{diff.stdout[:4000]}{diff.stderr}"
