"""Ship only the CSS and JS a page uses: the weight budget of tests/test_weight.py.

Two steps, both needed to keep every page under 100 KB:

1. **Per page** (``html-page-context``): a stylesheet or script that belongs to one
   kind of content is dropped from the pages without that content — sphinx-design's
   CSS and furo's extension styles without design components (cards, grids, tabs),
   its tab script without tabs, the Pygments CSS without highlighted code. Sphinx
   offers no option for this and sphinx-design/furo add their files to every page,
   so we filter ``context["css_files"]`` and ``context["script_files"]``: that is the
   hook Sphinx itself uses to add MathJax only on pages with maths. A page that uses
   the content keeps the file, so nothing breaks when a writer adds a card or code.
2. **Per site** (``build-finished``): PurgeCSS (npm ``purgecss``, pinned in
   package-lock.json; the maintained tool for this) removes from the theme's and
   extensions' stylesheets the rules whose selectors match nothing in the built pages
   or in any script under ``_static`` (so classes set by JavaScript are kept). Its
   default extractor keeps every word it sees, so it errs on keeping a rule. The
   ``?v=`` cache-busting query in the pages is then updated to the trimmed file.

The stylesheet that Mermaid embeds in each diagram SVG (``_images/*.svg``) is trimmed
the same way, against the drawing's own markup.

The site's own ``site.css`` is never trimmed. A page's CSS is only what is listed in
``assets_trim_css``; add a file there if a new theme or extension brings a large one.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import zlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
PURGECSS = ROOT / "node_modules" / ".bin" / "purgecss"

# Which marker in a page's body means the page needs the file. A file not listed
# here is loaded on every page, as its theme or extension intends.
_DESIGN = re.compile(r'class="[^"]*\bsd-')
NEEDS: dict[str, re.Pattern[str]] = {
    "sphinx-design.min.css": _DESIGN,
    "furo-extensions.css": _DESIGN,  # furo's styles for sphinx-design and tab extensions only
    "design-tabs.js": re.compile(r'class="[^"]*\bsd-tab-set\b'),
    "pygments.css": re.compile(r'class="[^"]*\bhighlight\b'),
}


def _name(asset: object) -> str:
    """The file name of a css_files/script_files entry (a Sphinx asset object or a str)."""
    return Path(str(getattr(asset, "filename", asset) or "")).name


# Sphinx's scripts that only serve search: the search page needs them all; on other
# pages they only highlight the words a reader searched for (sphinx_highlight.js reads
# them from localStorage or ?highlight=) and give the "/" shortcut to the search box.
# There they are loaded on demand by the small inline loader in _templates/page.html,
# which also keeps the "/" shortcut (14 KB saved on every page).
ON_DEMAND = ("documentation_options.js", "doctools.js", "sphinx_highlight.js", "translations.js")


def drop_unused_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if app.builder.name.startswith("epub"):  # a book: no theme CSS to spare, no scripts
        return
    body = context.get("body", "")
    for key in ("css_files", "script_files"):
        if key not in context:
            continue
        context[key] = [
            asset for asset in context[key] if (rule := NEEDS.get(_name(asset))) is None or rule.search(body)
        ]
    if "script_files" not in context or pagename in app.config.assets_all_scripts_on:
        return
    on_demand = [js for js in context["script_files"] if _name(js) in ON_DEMAND]
    context["script_files"] = [js for js in context["script_files"] if js not in on_demand]
    outdir = Path(app.builder.outdir)
    context["assets_on_demand"] = [
        context["pathto"](str(js.filename), resource=True) + _query(outdir / str(js.filename))
        for js in on_demand
    ]


def _query(path: Path) -> str:
    return f"?v={_checksum(path)}" if path.is_file() else ""


def _checksum(path: Path) -> str:
    """Sphinx's own asset checksum (sphinx.builders.html._assets._file_checksum)."""
    return f"{zlib.crc32(path.read_bytes().translate(None, b'\r')):08x}"


def trim_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in {"html", "dirhtml"}:
        return
    outdir = Path(app.builder.outdir)
    static = outdir / "_static"
    targets = [static / rel for rel in app.config.assets_trim_css if (static / rel).is_file()]
    if not targets:
        return
    if not PURGECSS.exists():
        raise ExtensionError(
            f"assets: {PURGECSS.relative_to(ROOT)} is missing. Run `make html` (it runs "
            "`npm ci`), or `npm ci` yourself, before building."
        )
    pages = sorted(str(p) for p in outdir.rglob("*.html") if static not in p.parents)
    scripts = sorted(str(p) for p in static.rglob("*.js"))
    for target in targets:
        cmd = [str(PURGECSS), "--css", str(target), "--output", str(target.parent),
               "--content", *pages, *scripts]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
        if proc.returncode != 0:
            raise ExtensionError(f"assets: purgecss failed on {target.name}:\n{proc.stderr or proc.stdout}")
    trim_svg_styles(outdir / app.builder.imagedir)
    # The pages were written with the checksum of the untrimmed files; point them at the new content.
    fresh = {t.relative_to(outdir).as_posix(): _checksum(t) for t in targets}
    names = "|".join(re.escape(rel) for rel in fresh)
    pattern = re.compile(rf"({names})\?v=[0-9a-f]{{8}}")
    for page in pages:
        path = Path(page)
        html = path.read_text(encoding="utf-8")
        updated = pattern.sub(lambda m: f"{m.group(1)}?v={fresh[m.group(1)]}", html)
        if updated != html:
            path.write_text(updated, encoding="utf-8")


_SVG_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL)


def trim_svg_styles(images: Path) -> None:
    """Trim the stylesheet inside each SVG image (Mermaid embeds ~5 KB of generic rules).

    The same PurgeCSS, with the SVG's own markup as the content: a rule stays if its
    selectors' classes, ids and elements occur in the drawing. Unused @keyframes go too.
    """
    for svg in sorted(images.glob("*.svg")):
        text = svg.read_text(encoding="utf-8")
        match = _SVG_STYLE.search(text)
        if not match:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            css, markup = Path(tmp, "style.css"), Path(tmp, "drawing.html")
            css.write_text(match.group(2), encoding="utf-8")
            markup.write_text(text[: match.start()] + text[match.end() :], encoding="utf-8")
            cmd = [str(PURGECSS), "--css", str(css), "--content", str(markup), "--keyframes", "--output", tmp]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
            if proc.returncode != 0:
                raise ExtensionError(f"assets: purgecss failed on {svg.name}:\n{proc.stderr or proc.stdout}")
            trimmed = css.read_text(encoding="utf-8")
        if trimmed != match.group(2):
            svg.write_text(text[: match.start(2)] + trimmed + text[match.end(2) :], encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.add_config_value("assets_all_scripts_on", ["search"], "html", types=[list])
    app.add_config_value(
        "assets_trim_css",
        ["styles/furo.css", "styles/furo-extensions.css", "sphinx-design.min.css", "pygments.css"],
        "html",
        types=[list],
    )
    # After the theme and extensions have filled in the page's assets (default 500).
    app.connect("html-page-context", drop_unused_assets, priority=900)
    # After furo rewrites pygments.css in its own build-finished handler.
    app.connect("build-finished", trim_css, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
