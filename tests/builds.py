"""Sphinx builds in the test process with the site's conf.py, checked through their warnings
(as ``sphinx.testing`` does, which would read conf.py from the fixture).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import sphinx.locale
from sphinx.application import Sphinx
from sphinx.util.console import nocolor
from sphinx.util.docutils import docutils_namespace, patch_docutils

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A fixed date for fixture builds that run without one (make sets it from the last commit).
FIXTURE_EPOCH = "1767225600"
# sphinx-sitemap starts a multiprocessing Manager for every build and never stops it. A
# forked one would inherit this process's pipes to Playwright's driver, which then never
# sees its input close and hangs the test run at exit; a spawned one inherits nothing.
multiprocessing.set_start_method("spawn", force=True)


@dataclass
class Build:
    ok: bool  # no warning: what `sphinx-build -nW` would call a success
    warnings: list[str]  # one line each: "file:line: WARNING: message [type]"
    outdir: Path


def build(srcdir: Path, outdir: Path, builder: str = "dummy", confdir: Path = ROOT, **overrides) -> Build:
    """Build ``srcdir`` in this process with the site's own conf.py (or ``confdir``'s).

    The ``dummy`` builder (Sphinx's own tests use it the same way) reads and checks
    every page without writing any; pass ``builder="html"`` when a check runs while
    writing, as the diagram rendering does.
    """
    # A fixture is not the site: the site's synonyms name its own words, which a fixture's
    # pages lack (ext/zh_search.py would stop the build over each). Tests pass their own.
    if confdir == ROOT:
        overrides.setdefault("zh_search_synonyms", "")
    warnings = StringIO()
    epoch_was_set = "SOURCE_DATE_EPOCH" in os.environ
    os.environ.setdefault("SOURCE_DATE_EPOCH", FIXTURE_EPOCH)
    nocolor()  # plain text in the warning stream, as a writer's terminal log would show it
    try:
        # As sphinx-build does: directives, roles and nodes registered for this build only.
        with docutils_namespace(), patch_docutils(confdir):
            app = Sphinx(
                srcdir,
                confdir,
                outdir,
                outdir.with_name(f"{outdir.name}.doctrees"),
                builder,
                confoverrides=overrides,
                status=None,
                warning=warnings,
                freshenv=True,
            )
            app.build()
    finally:
        if not epoch_was_set:
            del os.environ["SOURCE_DATE_EPOCH"]
        sphinx.locale.translators.clear()  # each app loads its own catalogs (furo's labels)
    lines = [ln for ln in warnings.getvalue().splitlines() if re.search(r"\b(WARNING|ERROR)\b", ln)]
    return Build(not lines, lines, outdir)
