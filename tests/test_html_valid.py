"""Valid HTML and SVG: the Nu HTML Checker (npm vnu-jar, on Java) finds no error."""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.builds import ROOT

pytestmark = pytest.mark.slow
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# -Xss8m: the checker's schema needs a deep stack, deeper than Debian's JVM default. The quick
# compiler alone and the simple collector: a short-lived JVM runs 4× faster.
JAVA = ["java", "-Xss8m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", str(VNU)]


def test_every_page_and_diagram_is_valid(site: Path) -> None:
    if not shutil.which("java"):
        pytest.fail("Java not found: the Nu HTML Checker needs it (apt-get install default-jre-headless)")
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` (make does)"
    pages = sorted(str(p) for p in site.rglob("*.html") if "_static" not in p.parts)
    svgs = sorted(str(p) for p in (site / "_images").glob("*.svg"))
    assert len(pages) >= 10 and svgs, f"too little to validate in {site}"
    cmd = [*JAVA, "--errors-only", "--format", "gnu", "--also-check-svg", *pages, *svgs]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, check=False)
    output = (proc.stdout + proc.stderr).strip()
    assert proc.returncode == 0, f"the Nu HTML Checker found errors:\n{output}"
