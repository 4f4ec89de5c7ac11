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


def setup(app) -> None:
    """Sphinx 9.0's one Chinese search bug, fixed as upstream fixed it (sphinx-doc/sphinx#14416).

    Its language_data.js ends with ``window.Stemmer = ChineseStemmer;``, a class that
    does not exist (Chinese search uses the English stemmer), so every stock search
    throws "Stemmer is not defined" (sphinx-doc/sphinx#14229). The baseline is the
    stock search as it works once that is fixed, not a page that finds nothing.
    """
    from sphinx.search.zh import SearchChinese  # noqa: PLC0415

    class FixedChinese(SearchChinese):
        language_name = "English"  # only names the JS stemmer class

    app.add_search_language(FixedChinese)
