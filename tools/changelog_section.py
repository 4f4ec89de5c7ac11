"""Print the CHANGELOG.md section of one version: the body of a GitHub Release.

Usage::

    python tools/changelog_section.py 1.0.0            # or v1.0.0
    python tools/changelog_section.py 1.0.0 --changelog path/to/CHANGELOG.md

The changelog follows Keep a Changelog (https://keepachangelog.com/en/1.1.0/):
every release is a second-level heading ``## [1.0.0] - 2026-01-20``. The text
between that heading and the next second-level heading is printed, with the
link-reference definitions (``[1.0.0]: https://...``) left out. Exits 1 when
the version has no section or an empty one, so a tag without release notes
stops the release workflow instead of publishing an empty release.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?:\s+-\s+(?P<date>\S+))?\s*$")
LINK_DEFINITION = re.compile(r"^\[[^\]]+\]:\s+\S+")


def section(text: str, version: str) -> str:
    """Return the body of ``version``'s section, stripped; "" when there is none."""
    version = version.removeprefix("v")
    body: list[str] | None = None
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading:
            if body is not None:
                break
            if heading["version"] == version:
                body = []
            continue
        if line.startswith("## ") and body is not None:
            break
        if body is not None and not LINK_DEFINITION.match(line):
            body.append(line)
    return "\n".join(body or []).strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="the release version, with or without a leading v")
    parser.add_argument("--changelog", type=Path, default=ROOT / "CHANGELOG.md")
    args = parser.parse_args(argv)
    notes = section(args.changelog.read_text(encoding="utf-8"), args.version)
    if not notes:
        print(
            f"error: {args.changelog} has no '## [{args.version.removeprefix('v')}] - YYYY-MM-DD' "
            "section with text in it; add one before tagging (see docs/releasing.md)",
            file=sys.stderr,
        )
        return 1
    print(notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
