"""furo's labels in Chinese where no option, block or catalogue reaches: the markup below,
which furo writes in English in its templates, replaced as written (a filter that
source/_templates/page.html applies to furo's ``body`` block), with two axe fixes. A furo
release that stops writing one stops the build. Why: docs/architecture.md, "furo".
"""

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
