"""Valid HTML and SVG: the Nu HTML Checker (npm vnu-jar, on Java) finds no error."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_and_diagram_is_valid(site: Path) -> None:
    if not shutil.which("java"):
        pytest.fail("Java not found: the Nu HTML Checker needs it (apt-get install default-jre-headless)")
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` (make does)"
    pages = sorted(str(p) for p in site.rglob("*.html") if "_static" not in p.parts)
    svgs = sorted(str(p) for p in (site / "_images").glob("*.svg"))
    assert len(pages) >= 10 and svgs, f"too little to validate in {site}"
    # The quick compiler alone and the simple collector: a short-lived JVM runs 4× faster.
    cmd = [
        "java",
        "-Xss8m",  # the checker's schema needs a deep stack; Debian's JVM default overflows
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-jar",
        str(VNU),
        "--errors-only",
        "--format",
        "gnu",
        "--also-check-svg",
        *pages,
        *svgs,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"the Nu HTML Checker found errors:\n{output}"
