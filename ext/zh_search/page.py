"""What the pages need from search: the engine's and the index's addresses with their keys,
and the phone header's search button, put before furo's theme button (furo's header has
no block for it; a furo release that changes the markup below stops the build).
"""

import zlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from ext.builders import site

ENGINE = "search.js"
INDEX = "searchindex-zh.js"
# furo/theme/furo/page.html: the phone header's theme button, which the search button precedes.
THEME_BUTTON = '<div class="theme-toggle-container theme-toggle-header">'
# Shown below 63em, where the sidebar and its search box are in a drawer (site.css).
SEARCH_BUTTON = (
    '<button type="button" class="search-button" aria-label="搜索本站" aria-haspopup="dialog" '
    'aria-keyshortcuts="/ Control+K Meta+K"><svg aria-hidden="true" viewBox="0 0 24 24">'
    '<circle cx="10" cy="10" r="7"/><path d="m21 21-6-6"/></svg></button>'
)


def engine_source(app: Sphinx) -> Path:
    for folder in app.config.html_static_path:
        if (candidate := Path(app.confdir, folder, ENGINE)).is_file():
            return candidate
    raise ExtensionError(f"zh_search: {ENGINE} is not in html_static_path ({app.config.html_static_path})")


def add_search_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    key = getattr(app.env, "zh_search_index_key", None)
    if not site(app.builder) or key is None:
        return
    engine_key = f"{zlib.crc32(engine_source(app).read_bytes()):08x}"
    context["zh_search_engine"] = context["pathto"](f"_static/{ENGINE}", 1) + f"?v={engine_key}"
    context["zh_search_index"] = context["pathto"](INDEX, 1) + f"?v={key}"
    if pagename == "search":
        app.add_js_file(ENGINE, priority=800)


def search_button(html: str) -> str:
    if THEME_BUTTON not in html:
        raise ExtensionError(
            f"zh_search: furo's page.html no longer has {THEME_BUTTON!r}; put the search "
            "button before what replaced it (ext/zh_search/page.py)"
        )
    return html.replace(THEME_BUTTON, SEARCH_BUTTON + THEME_BUTTON, 1)


def add_template_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):  # the e-books get no button
        templates.environment.filters["search_button"] = search_button if site(app.builder) else str
