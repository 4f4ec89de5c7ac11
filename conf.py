"""Sphinx configuration: 亚马逊招商经理与运营经理 (a site for Chinese cross-border sellers).

Build with ``make html`` (sphinx-build -nW --keep-going -c . source _build/html).
Paths below are relative to this file; the pages live in ``source/``.
"""

import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "ext"))  # local extensions, one module per concern

# -- Project information ------------------------------------------------------
_meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
project = "亚马逊招商经理与运营经理指南"
author = "跨境卖家文档组"
copyright = "2026，跨境卖家文档组；内容整理自大数跨境 2026-01-16 文章"  # noqa: A001
version = release = _meta["version"]
language = "zh_CN"

# -- General configuration ----------------------------------------------------
extensions = [
    "myst_parser",  # pages are MyST Markdown
    "sphinx_design",  # cards and grids (home page)
    "diagrams",  # local: {mermaid} → build-time SVG <img>, errors with file:line
    "anchors",  # local: every section has an explicit readable ASCII label
]
root_doc = "index"
templates_path = ["source/_templates"]
exclude_patterns = ["_build", "permalinks.txt"]
nitpicky = True  # an unknown reference target is a warning, hence an error under -W
suppress_warnings = []

# -- Options for MyST ---------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 0  # never slug Chinese headings; explicit (label)= only

# -- Options for diagrams -----------------------------------------------------
# Rendered at build time by mermaid-cli (pinned in package-lock.json) through
# Debian's Chromium; no page loads mermaid.js. See docs/diagrams.md.
mermaid_output_format = "svg"

# -- Options for HTML output --------------------------------------------------
html_theme = "furo"
html_title = "亚马逊招商经理与运营经理指南"
html_short_title = "卖家角色指南"
html_static_path = ["source/_static"]
html_css_files = ["site.css"]
html_copy_source = False  # no _sources/*.txt: smaller downloads, nothing for search to fetch
html_show_sourcelink = False
html_baseurl = os.environ.get("SITE_BASEURL", "")
html_theme_options = {
    "navigation_with_keys": False,
    "top_of_page_buttons": [],
}
