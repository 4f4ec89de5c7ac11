"""The project's metadata, for conf.py and the packaging tools: name (the downloads' slug),
version and description from pyproject.toml, the editions' date, the site's public address."""

import os
import time
import tomllib
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
TIMEZONE = ZoneInfo("Asia/Shanghai")  # the readers': dates shown on pages and covers


def project_meta(pyproject: Path = PYPROJECT) -> dict[str, str]:
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]


def edition_date() -> datetime:
    """When the editions are made: SOURCE_DATE_EPOCH (make sets the last commit's), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        return datetime.fromtimestamp(int(epoch) if epoch else time.time(), TIMEZONE).replace(microsecond=0)
    except ValueError:
        raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix time in seconds") from None


def site_address(slug: str) -> tuple[str, str, bool]:
    """(The public base URL, ending in "/"; the GitHub repository's URL; whether the base is only a
    placeholder): SITE_BASEURL, else the repository's github.io address on GitHub Actions."""
    given = os.environ.get("GITHUB_REPOSITORY", "")
    owner, _, name = (given or f"example/{slug}").partition("/")
    user_site = name.lower() == f"{owner.lower()}.github.io"  # a user or organisation site
    default = f"https://{name.lower()}/" if user_site else f"https://{owner.lower()}.github.io/{name}/"
    base = os.environ.get("SITE_BASEURL", "").strip()
    return (base or default).rstrip("/") + "/", f"https://github.com/{owner}/{name}", not (base or given)
