"""The permalink manifest (source/permalinks.txt): every public URL of the site, a page or a
label on it, keeps working, itself or through a redirect; a build's URLs come from its
objects.inv. docs/links.md.

    .venv/bin/python -m tools.permalinks --site _build/html [--write]
"""

import argparse
import functools
import posixpath
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util.inventory import InventoryFile

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "source" / "permalinks.txt"
URL_RE = re.compile(r"^(?P<page>[a-z0-9][a-z0-9_./-]*\.html)(?:#(?P<label>[A-Za-z0-9][A-Za-z0-9_.-]*))?$")
HEADER = """\
# Every public URL of the site: each page, and each label on it (page.html#label).
# Team wikis and chats link to these; tests/test_permalinks.py fails when a build
# loses one that no redirect covers. Refresh after adding pages or labels:
#   .venv/bin/python tools/permalinks.py --site _build/html --write
# Move a page: add a redirect in conf.py. Retire a URL: delete its line (a major
# version, noted in CHANGELOG.md). See docs/links.md.
"""
MAX_REDIRECTS = 5


class ManifestError(Exception):
    pass


def read_manifest(path: Path) -> dict[str, int]:
    """The manifest's URLs → their lines; a malformed or repeated line is an error naming both."""
    entries: dict[str, int] = {}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not URL_RE.match(line):
            raise ManifestError(
                f"{path}:{number}: “{line}” is not a site URL; write page.html or "
                "page.html#label (relative to the site root, no spaces)"
            )
        if line in entries:
            raise ManifestError(f"{path}:{number}: “{line}” is already listed on line {entries[line]}")
        entries[line] = number
    return entries


def public_urls(site: Path) -> list[str]:
    """Every page and label of the build in ``site``, from its objects.inv."""
    inventory = site / "objects.inv"
    if not inventory.is_file():
        raise ManifestError(f"{site}: no objects.inv; is this a finished HTML build?")
    with inventory.open("rb") as stream:
        data = InventoryFile.load(stream, "", posixpath.join)
    urls = set()
    for kind in ("std:doc", "std:label", "std:term"):
        for item in data.get(kind, {}).values():
            page = item.uri.split("#", 1)[0]
            if (site / page).is_file():  # py-modindex and the like are listed but not built
                urls.update({page, item.uri})
    return sorted(urls)


def _page(path: Path) -> tuple[set[str], str | None]:
    """The ids of the page at ``path``, and its redirect target if it is a redirect stub."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    stub = soup.find("meta", attrs={"http-equiv": re.compile(r"^refresh$", re.I)})
    target = re.search(r"url=(\S+)", stub.get("content") or "", re.I) if stub else None
    return {el["id"] for el in soup.find_all(id=True)}, target[1].strip("'\"") if target else None


def resolve(site: Path, url: str, parse=_page) -> str | None:
    """None when ``url`` works in the build; otherwise why it does not."""
    page, _, label = url.partition("#")
    hops = []
    for _ in range(MAX_REDIRECTS + 1):
        path = site / page
        if not path.is_file():
            via = f" (redirected via {' → '.join(hops)})" if hops else ""
            return f"the page {page} does not exist and no redirect covers it{via}"
        ids, refresh = parse(path)
        if refresh is None:
            if label and label not in ids:
                return f"{page} has no anchor #{label} (was the label renamed, or the section moved?)"
            return None
        hops.append(page)
        # The stub forwards with the #fragment kept (location.replace(target + hash)).
        page = posixpath.normpath(posixpath.join(posixpath.dirname(page), re.split(r"[?#]", refresh)[0]))
    return f"more than {MAX_REDIRECTS} redirects from {url}"


def check(site: Path, manifest: Path) -> tuple[list[str], list[str]]:
    """(lost URLs with the reason and manifest line, public URLs missing from the manifest)."""
    entries = read_manifest(manifest)
    parse = functools.cache(_page)  # each page parsed once
    lost = [
        f"{url} ({manifest.name}:{line}): {reason}"
        for url, line in entries.items()
        if (reason := resolve(site, url, parse))
    ]
    return lost, [url for url in public_urls(site) if url not in entries]


def write(site: Path, manifest: Path) -> int:
    """Add the build's new public URLs to the manifest; never drop a listed one."""
    listed = set(read_manifest(manifest)) if manifest.exists() else set()
    lost = check(site, manifest)[0] if listed else []
    if lost:
        raise ManifestError(
            "the build lost listed URLs; add a redirect in conf.py, or retire them by deleting "
            "their lines by hand (docs/links.md):\n  " + "\n  ".join(lost)
        )
    urls = sorted(listed | set(public_urls(site)))
    manifest.write_text(HEADER + "\n".join(urls) + "\n", encoding="utf-8")
    return len(urls) - len(listed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check or refresh the permalink manifest.")
    parser.add_argument("--site", type=Path, required=True, help="an HTML build, e.g. _build/html")
    parser.add_argument("--manifest", type=Path, default=MANIFEST, help="default: source/permalinks.txt")
    parser.add_argument("--write", action="store_true", help="add the build's new URLs to the manifest")
    args = parser.parse_args(argv)
    try:
        if args.write:
            added = write(args.site, args.manifest)
            print(f"{args.manifest}: {added} URL(s) added")
            return 0
        lost, unlisted = check(args.site, args.manifest)
    except ManifestError as exc:
        sys.exit(f"permalinks: {exc}")
    for line in lost:
        print(f"lost: {line}", file=sys.stderr)
    if unlisted:
        add = f"not in {args.manifest.name} (run with --write to add them): "
        print(add + ", ".join(unlisted), file=sys.stderr)
    if not lost and not unlisted:
        print(f"{args.manifest.name}: all {len(read_manifest(args.manifest))} URLs resolve")
    return 1 if lost or unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
