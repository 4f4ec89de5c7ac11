"""The design tokens (ext/design-tokens.toml): each colour's light and dark value, for
conf.py's CSS variables, the diagrams and the PDF; and the PDF's own colours."""

import tomllib
from pathlib import Path

TOKENS = tomllib.loads(Path(__file__).with_name("design-tokens.toml").read_text(encoding="utf-8"))
PDF = TOKENS.pop("pdf")  # the PDF's own colours, one value each (it prints on white)
SCHEMES = ("light", "dark")


def colours(scheme: str) -> dict[str, str]:
    """Every colour's value in ``scheme`` ("light" or "dark")."""
    return {name: pair[SCHEMES.index(scheme)] for name, pair in TOKENS.items()}


def css_variables(scheme: str) -> dict[str, str]:
    """The colours as furo's ``*_css_variables`` take them: ``site-<name>``."""
    return {f"site-{name}": value for name, value in colours(scheme).items()}
