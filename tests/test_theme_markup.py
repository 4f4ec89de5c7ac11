"""The furo markup the site edits (ext/ui_labels.py, ext/zh_search/page.py) is still what the
installed furo writes.
"""

from pathlib import Path

import furo
import pytest

from ext import ui_labels
from ext.zh_search import page

SITE_PACKAGES = Path(furo.__file__).resolve().parent.parent
VENDORED = [(source, markup) for source, markup, _ in ui_labels.FURO]
VENDORED.append(("furo/theme/furo/page.html", page.THEME_BUTTON))


@pytest.mark.parametrize(("source", "markup"), VENDORED, ids=[m for _, m in VENDORED])
def test_furo_still_writes_the_markup_the_site_edits(source: str, markup: str) -> None:
    template = (SITE_PACKAGES / source).read_text(encoding="utf-8")
    assert markup in template, f"furo's {source} no longer contains {markup!r}: update the list that names it"
