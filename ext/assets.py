"""Page weight: each page loads only the files it uses; the site's own are minified, the
theme's stylesheets trimmed to the selectors the pages use (PurgeCSS). Sphinx computes
every ``?v=`` key but those of the trimmed stylesheets, which this module re-keys after
trimming (they depend on the pages). docs/architecture.md, "Page weight".
"""

import hashlib
import re
import shutil
import subprocess
import tempfile
from pathlib import Path, PurePosixPath

import rcssmin
import rjsmin
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from ext.builders import web

PURGECSS = Path(__file__).resolve().parent.parent / "node_modules" / ".bin" / "purgecss"
# PurgeCSS drops rules whose selector is a bare pseudo-class, as if no element matched:
# furo's `:target {scroll-margin-top}` (an anchor's heading would land under the phone
# header) and normalize's `:-moz-focusring`. Safelisted, they stay.
KEEP_PSEUDO = (":target", ":-moz-focusring")

# A file → what in a page's body means the page needs it.
NEEDS: dict[str, re.Pattern[str]] = {
    "sphinx-design.min.css": re.compile(r'class="[^"]*\bsd-'),
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab-set\b'),
    "pygments.css": re.compile(r'class="[^"]*\bhighlight\b'),
}
# Sphinx's search scripts. ext/zh_search's search.js does their work (the search
# box, the search page, the "/" shortcut), so no page loads them, search.html included.
REPLACED = {"documentation_options.js", "doctools.js", "sphinx_highlight.js", "translations.js"}
REPLACED |= {"searchtools.js", "language_data.js"}
MINIFY = {".js": rjsmin.jsmin, ".css": rcssmin.cssmin}  # the site's own scripts and stylesheets


def _keep(asset: object, body: str) -> bool:
    """Whether a page with ``body`` needs a css_files/script_files entry (an asset object or a str)."""
    name = PurePosixPath(str(getattr(asset, "filename", asset) or "")).name
    rule = NEEDS.get(name)
    return name not in REPLACED and (rule is None or bool(rule.search(body)))


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not web(app.builder):
        return  # e-books carry no scripts, and their stylesheets are the book's own
    body = context.get("body", "")
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _keep(asset, body)]


def own_files(app: Sphinx) -> set[str]:
    """The site's own files in _static/ (paths below it): those of its html_static_path folders.
    Extensions add their own folders too (sphinx-design does, from site-packages, which may
    sit in the project's .venv): the site's own are under srcdir."""
    srcdir = Path(app.srcdir).resolve()
    folders = [Path(app.confdir, f).resolve() for f in app.config.html_static_path]
    return {p.relative_to(f).as_posix() for f in folders if f.is_relative_to(srcdir) for p in f.rglob("*")}


def minify_own_files(app: Sphinx, own: set[str]) -> None:
    """Minify the site's own scripts and stylesheets where the HTML builders copied them."""
    for path in (Path(app.outdir, "_static", name) for name in sorted(own)):
        if path.suffix in MINIFY and path.is_file():
            path.write_text(MINIFY[path.suffix](path.read_text(encoding="utf-8")) + "\n", encoding="utf-8")


def _pages(app: Sphinx) -> list[Path]:
    static = Path(app.outdir, "_static")
    return sorted(p for p in Path(app.outdir).rglob("*.html") if static not in p.parents)


def trim_theme_css(app: Sphinx, own: set[str]) -> list[Path]:
    """PurgeCSS on every stylesheet the site does not provide itself (see the docstring)."""
    static = Path(app.outdir, "_static")
    targets = sorted(p for p in static.rglob("*.css") if p.relative_to(static).as_posix() not in own)
    if not targets:
        return []
    if not PURGECSS.exists():
        raise ExtensionError("assets: node_modules/.bin/purgecss is missing: run `npm ci` (make does)")
    if len({t.name for t in targets}) < len(targets):  # PurgeCSS writes each result by base name
        raise ExtensionError(f"assets: two stylesheets share a name: {[str(t) for t in targets]}")
    content = [*map(str, _pages(app)), *sorted(map(str, static.rglob("*.js")))]
    with tempfile.TemporaryDirectory() as out:
        cmd = [str(PURGECSS), "--output", out, "--css", *map(str, targets), "--content", *content]
        cmd += ["--safelist", *KEEP_PSEUDO]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        for target in targets:
            if proc.returncode != 0 or not Path(out, target.name).is_file():
                raise ExtensionError(
                    f"assets: purgecss failed on {target.name}:\n{proc.stderr or proc.stdout}"
                )
            shutil.move(Path(out, target.name), target)
            # PurgeCSS drops the sourceMappingURL; the map would describe the untrimmed file.
            target.with_name(target.name + ".map").unlink(missing_ok=True)
    return targets


def rekey_trimmed(app: Sphinx, trimmed: list[Path]) -> None:
    """Give the pages' links to the trimmed stylesheets keys of the files as served."""
    if not trimmed:
        return
    keys = {
        p.relative_to(app.outdir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:8] for p in trimmed
    }
    # Relative links (../_static/…) and 404.html's site paths (/docs/_static/…) alike.
    links = re.compile(
        r'(<link rel="stylesheet"[^>]* href="(?:[^"?]*/)?({}))\?v=\w+'.format("|".join(map(re.escape, keys)))
    )
    for page in _pages(app):
        html = page.read_text(encoding="utf-8")
        updated = links.sub(lambda m: f"{m.group(1)}?v={keys[m.group(2)]}", html)
        if updated != html:
            page.write_text(updated, encoding="utf-8")


def finish_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    own = own_files(app)
    minify_own_files(app, own)
    if web(app.builder):  # an e-reader downloads nothing: no trimming
        rekey_trimmed(app, trim_theme_css(app, own))


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", drop_unused_assets)
    app.connect("build-finished", finish_assets)
    return {"version": "3.0", "parallel_read_safe": True, "parallel_write_safe": True}
