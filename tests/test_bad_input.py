"""A writer's mistake fails the build with one warning naming the file, the line and the fix."""

import contextlib
import os
import shutil
import signal
import socket
import sys
import time
from pathlib import Path
from subprocess import PIPE, STDOUT, Popen

import pytest
from playwright.sync_api import expect

from tests.builds import ROOT

pytestmark = pytest.mark.slow
MERMAID = "the Mermaid diagram cannot be drawn (the error is at or just before line 16)"

CASES = {
    # fixture: (builder, file:line, words a writer understands)
    "broken-ref": ("dummy", "index.md:9", "cross-reference target not found: 'onboarding-materials.md'"),
    "unknown-label": ("dummy", "index.md:9", "undefined label: 'materials-checklist-typo'"),
    "missing-label": ("dummy", "index.md:5", "has no explicit label"),
    # A Chinese label gives its section no id: the HTML writer must still not crash.
    "chinese-label": ("html", "index.md:9", "label “对比” of section “两个角色的对比” is not readable ASCII"),
    "glossary-unnamed-term": ("dummy", "index.md:15", "glossary term “新手期” has no readable anchor"),
    # docutils reports a label used twice; ext/anchors.py must not report it again.
    "duplicate-label": ("dummy", "index.md:13", 'Duplicate explicit target name: "materials-checklist"'),
    "no-summary": ("html", "index.md:1", "page “测试首页” has no one-line summary under its title"),
    "image-no-alt": ("dummy", "index.md:11", "image “flow.svg” has no alt text"),
    "figure-no-source": ("dummy", "index.md:19", "the figure “63%” has no link to its source here"),
    "mermaid-error": ("dummy", "index.md:11", MERMAID),  # read phase: any builder, no browser
}


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_one_mistake_one_clear_warning(fixture: str, fixture_build) -> None:
    builder, where, message = CASES[fixture]
    result = fixture_build(fixture, builder)
    assert not result.ok, f"{fixture}: the build passed but should fail"
    warnings = "\n".join(result.warnings)
    assert len(result.warnings) == 1, f"{fixture}: one mistake, {len(result.warnings)} warnings:\n{warnings}"
    # The file:line and the message on one line, as a writer reads it.
    assert where in result.warnings[0] and message in result.warnings[0], result.warnings[0]


@pytest.mark.browser
def test_make_serve_shows_a_failed_rebuild_on_the_page(tmp_path: Path, page) -> None:
    """A writer previewing with `make serve` saves a mistake: the page tops itself with the failure
    and its file:line, instead of looking fine while stale; saving the fix clears it."""
    work = tmp_path / "site"
    shutil.copytree(ROOT / "source", work / "source")
    for name in ("conf.py", "ext", "Makefile", "pyproject.toml", "node_modules"):
        (work / name).symlink_to(ROOT / name)
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    # -o deps: the environment running these tests, never reinstalled from here
    cmd = ["make", "-o", "deps", "serve", f"PORT={port}", f"VENV={sys.prefix}"]
    server = Popen(cmd, cwd=work, stdout=PIPE, stderr=STDOUT, start_new_session=True)
    try:
        while True:  # the first build, then the server listens
            assert server.poll() is None, server.stdout.read().decode()
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        page.goto(f"http://127.0.0.1:{port}/faq.html")
        banner = page.locator("#preview-failed")
        faq = work / "source" / "faq.md"
        good = faq.read_text("utf-8")
        faq.write_text(good + "\n见{ref}`no-such-label`。\n", "utf-8")
        expect(banner).to_contain_text("faq.md:", timeout=90_000)  # the rebuild, then the reload
        expect(banner).to_contain_text("no-such-label")
        faq.write_text(good, "utf-8")
        expect(banner).to_have_count(0, timeout=90_000)
    finally:
        with contextlib.suppress(ProcessLookupError):  # it may have stopped already
            os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
