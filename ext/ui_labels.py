"""furo's labels in Chinese, including the ones its templates hard-code in English.

furo writes most of its interface through gettext (``_("Back to top")``), which
``source/locale/zh_CN/LC_MESSAGES/sphinx.po`` translates like any Sphinx string. A few
labels are plain English in its templates: the aria-labels of the sidebar toggles and
the theme button, and the ``<title>`` of its SVG icons, which screen readers read out.
No option or extension translates those, so this module registers a Jinja filter,
``ui_labels``, that source/_templates/page.html applies to furo's page body: every
``aria-label``, ``title`` or ``placeholder`` value and every SVG ``<title>`` whose text
has a translation in the same .po file is replaced by it.

It keys on the strings, not on furo's markup, and every translation lives in the .po
file. If a furo release renames a label, the new string has no translation and stays
English; tests/test_quality.py fails on any English label, naming it, so the .po file
gets the new string.

Two accessibility fixes ride along (axe, tests/test_quality.py): the page's two
``<aside>`` landmarks get distinct names (landmark-unique), and Sphinx's toctree
captions, written as ``role="heading"`` without a level, get ``aria-level="2"``.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.locale import get_translation

_ = get_translation("sphinx")

_ATTRIBUTE = re.compile(r'\b(aria-label|title|placeholder)="([^"<>]*[A-Za-z][^"<>]*)"')
_SVG_TITLE = re.compile(r"<title>([^<]*[A-Za-z][^<]*)</title>")
# Landmark names for furo's two asides: the site navigation and the page's contents.
_ASIDES = {"sidebar-drawer": "站点导航", "toc-drawer": "本页目录"}
_ASIDE = re.compile(r'<aside class="({})\b'.format("|".join(_ASIDES)))


def translate(text: str) -> str:
    """``text`` in Chinese if the .po file has it, else unchanged."""
    translated = _(text)
    return translated if translated else text


def ui_labels(html: str) -> str:
    html = _ATTRIBUTE.sub(lambda m: f'{m.group(1)}="{translate(m.group(2))}"', html)
    html = _SVG_TITLE.sub(lambda m: f"<title>{translate(m.group(1))}</title>", html)
    html = _ASIDE.sub(lambda m: f'<aside aria-label="{_ASIDES[m.group(1)]}" class="{m.group(1)}', html)
    return html.replace('role="heading">', 'role="heading" aria-level="2">')


def add_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["ui_labels"] = ui_labels


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", add_filter)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
