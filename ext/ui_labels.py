"""furo's interface in Chinese, where no option, template block or message catalogue reaches.

furo writes most of its interface through gettext (``_("Back to top")``), which
``source/locale/zh_CN/LC_MESSAGES/sphinx.po`` translates like any Sphinx string. A few
labels are plain English in its templates: the aria-labels of the sidebar toggles and the
theme button, and the ``<title>`` of its SVG icons, which screen readers read out. furo
offers no block or option for them (its templates are not a stable interface, says its
docs/stability.md), so this module keeps a vendored list of that markup, exactly as furo
writes it and with the file it comes from, and the Chinese each becomes. A Jinja filter,
``ui_labels``, which source/_templates/page.html applies to furo's ``body`` block, makes the
replacements on furo's pages, and stops the build naming the file and the markup when a furo
release no longer writes one of them (tests/test_theme_markup.py checks the list against the
installed furo too). Two accessibility fixes ride along (axe): the page's two ``<aside>``
landmarks get distinct names, and Sphinx's toctree captions, written as ``role="heading"``
without a level, get ``aria-level="2"``.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

PAGE, ICONS = "furo/theme/furo/page.html", "furo/theme/furo/partials/icons.html"
# (where the markup comes from, the markup, what the page gets instead)
FURO = [
    (PAGE, 'aria-label="Toggle site navigation sidebar"', 'aria-label="打开或关闭站点导航"'),
    (PAGE, 'aria-label="Toggle table of contents sidebar"', 'aria-label="打开或关闭本页目录"'),
    (PAGE, 'aria-label="Toggle Light / Dark / Auto color theme"', 'aria-label="切换浅色、深色或自动主题"'),
    (PAGE, '<aside class="sidebar-drawer">', '<aside aria-label="站点导航" class="sidebar-drawer">'),
    (PAGE, '<aside class="toc-drawer', '<aside aria-label="本页目录" class="toc-drawer'),
    (ICONS, "<title>Contents</title>", "<title>目录</title>"),
    (ICONS, "<title>Menu</title>", "<title>菜单</title>"),
    (ICONS, "<title>Expand</title>", "<title>展开</title>"),
    (ICONS, "<title>Light mode</title>", "<title>浅色模式</title>"),
    (ICONS, "<title>Dark mode</title>", "<title>深色模式</title>"),
    (ICONS, "<title>Auto light/dark, in light mode</title>", "<title>自动（当前浅色）</title>"),
    (ICONS, "<title>Auto light/dark, in dark mode</title>", "<title>自动（当前深色）</title>"),
]
# Sphinx's own (sphinx/writers/html5.py, visit_caption): only on pages whose sidebar has captions.
CAPTION = ('role="heading">', 'role="heading" aria-level="2">')


def ui_labels(html: str) -> str:
    for source, markup, replacement in FURO:
        if markup not in html:
            raise ExtensionError(
                f"ui_labels: {source} no longer writes {markup!r}; find what replaced it and "
                "update FURO in ext/ui_labels.py (docs/architecture.md)"
            )
        html = html.replace(markup, replacement)
    return html.replace(*CAPTION)


def add_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        # Only furo writes the markup above; the EPUB's theme gets its pages unchanged.
        furo = getattr(getattr(app.builder, "theme", None), "name", "") == "furo"
        templates.environment.filters["ui_labels"] = ui_labels if furo else str


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_filter)
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
