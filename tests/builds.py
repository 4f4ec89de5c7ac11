"""Test helpers: in-process Sphinx builds with the site's conf.py, checked through their
warnings; reading built pages; Chromium pages that record what went wrong."""

import multiprocessing
import os
import re
import tomllib
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from unittest.mock import patch

import sphinx.locale
from bs4 import BeautifulSoup
from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

from ext.downloads import file_names
from ext.metadata import project_meta

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The article's figures, sources and facts, which the site and the PDF must both carry.
_FACTS = tomllib.loads((FIXTURES.parent / "article_facts.toml").read_text(encoding="utf-8"))
ARTICLE_FACTS = [fact for group in _FACTS.values() for fact in group]
META = project_meta()  # pyproject.toml's [project]: name (the downloads' slug), version
NAMES = file_names(META["name"], META["version"])  # edition → its file in dist/
DESKTOP = {"width": 1280, "height": 900}  # a viewport
# A fixed date for fixture builds that run without one (make sets it from the last commit).
FIXTURE_EPOCH = "1767225600"
# sphinx-sitemap starts a multiprocessing Manager for every build and never stops it. A
# forked one would inherit this process's pipes to Playwright's driver, which then never
# sees its input close and hangs the test run at exit; a spawned one inherits nothing.
multiprocessing.set_start_method("spawn", force=True)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def squash(text: str) -> str:
    """``text`` without whitespace: Chinese reads the same wherever a line breaks."""
    return re.sub(r"\s+", "", text)


def watched_page(context, allow: Path | None = None):
    """A new page of ``context``: ``.requests`` lists every URL it asks for, ``.problems`` its
    console errors, uncaught exceptions and failed requests (with ``allow``, those outside it)."""
    page = context.new_page()
    page.requests, page.problems = [], []
    if allow:  # a request outside the folder is blocked, and so fails
        inside = allow.resolve().as_uri() + "/"
        context.route(
            lambda url: not (url + "/").startswith(inside), lambda route: route.abort("blockedbyclient")
        )
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda err: page.problems.append(f"uncaught: {err}"))
    page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url} ({r.failure})"))
    return page


@dataclass
class Build:
    ok: bool  # no warning: what `sphinx-build -nW` would call a success
    warnings: list[str]  # one line each: "file:line: WARNING: message [type]"
    outdir: Path


def build(srcdir: Path, outdir: Path, builder="dummy", confdir=ROOT, fresh=True, **overrides) -> Build:
    """Build ``srcdir`` in this process with the site's conf.py (or ``confdir``'s) and ``builder``:
    ``dummy`` reads and checks every page, writing none; ``html`` when a check runs while writing.
    ``fresh=False``: an incremental build, as `make serve` runs after an edit."""
    # A fixture is not the site: the site's synonyms and search sections name its own words
    # and sections, which a fixture's pages lack (ext/zh_search would stop the build over each).
    if confdir == ROOT:
        overrides = {"zh_search_synonyms": "", "zh_search_last": [], "zh_search_suggest": [], **overrides}
    warnings = StringIO()
    nocolor()  # plain text in the warning stream, as a writer's terminal log would show it
    epoch = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)}
    try:
        # As sphinx-build does: directives, roles and nodes registered for this build only.
        with patch.dict(os.environ, epoch), docutils_namespace(), patch_docutils(confdir):
            doctrees = outdir.with_name(f"{outdir.name}.doctrees")
            options = {"confoverrides": overrides, "status": None, "warning": warnings, "freshenv": fresh}
            Sphinx(srcdir, confdir, outdir, doctrees, builder, **options).build()
    finally:
        sphinx.locale.translators.clear()  # each app loads its own catalogs (furo's labels)
    lines = [ln for ln in warnings.getvalue().splitlines() if re.search(r"\b(WARNING|ERROR)\b", ln)]
    return Build(not lines, lines, outdir)
