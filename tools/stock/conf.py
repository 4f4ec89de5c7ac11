"""The baseline for `make bench`: the same pages built the stock way.

furo with its defaults, sphinx-design, sphinxcontrib-mermaid as shipped (mermaid.js
from jsdelivr), Sphinx's own Chinese search, none of the site's local extensions.
Build: sphinx-build -c tools/stock source _build/stock
"""

project = "亚马逊招商经理与运营经理指南"
language = "zh_CN"
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.mermaid"]
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build", "permalinks.txt"]
html_theme = "furo"
