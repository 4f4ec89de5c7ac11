"""A page outside every toctree is reported with its file, line and the fix.

Sphinx already warns "document isn't included in any toctree", but with the file
only and no hint of what to do. A writer who added a page and forgot the toctree
needs to know where to list it, so this check repeats the finding at line 1 of the
page with the fix. It mirrors Sphinx's own rule (BuildEnvironment.check_consistency):
the root page and pages marked ``orphan`` are fine.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def check_orphans(app: Sphinx, env: BuildEnvironment) -> None:
    included = set().union(*env.included.values())
    for docname in sorted(env.all_docs):
        if docname == env.config.root_doc or docname in included or docname in env.files_to_rebuild:
            continue
        if "orphan" in env.metadata[docname]:
            continue
        logger.warning(
            "page “%s” is in no toctree, so readers cannot reach it from the navigation: add `%s` "
            "to a ```{toctree}``` block (see index.md), or put `orphan: true` in the page's front "
            "matter if it is meant to be reached only through links",
            docname,
            docname,
            location=(docname, 1),  # Sphinx turns the docname into the file's path
            type="orphans",
        )


def setup(app: Sphinx) -> dict:
    app.connect("env-check-consistency", check_orphans)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
