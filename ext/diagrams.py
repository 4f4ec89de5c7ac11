"""Mermaid diagrams drawn to static SVG at build time (mermaid-cli on the machine's
Chromium), shown as an ``<img alt>``; a Mermaid error is reported at the page's file and
line with Mermaid's own message. Why not sphinxcontrib-mermaid's own SVG output:
docs/diagrams.md.
"""

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid as mermaid_node

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
MMDC = ROOT / "node_modules" / ".bin" / "mmdc"
SVGO = ROOT / "node_modules" / ".bin" / "svgo"
SVGO_CONFIG = Path(__file__).with_name("svgo.config.mjs")  # which of svgo's plugins are safe here
TOOL_VERSIONS = ROOT / "package-lock.json"  # mermaid-cli's and svgo's, among others
MERMAID_CONFIG = Path(__file__).with_name("mermaid-config.json")  # theme, font, spacing
_browser = ""


class DiagramError(Exception):
    pass


def check_tools(app: Sphinx) -> None:
    if not (MMDC.exists() and SVGO.exists()):
        raise ExtensionError(
            f"diagrams: {MMDC.relative_to(ROOT)} or svgo is missing. Run `make html` (it runs "
            "`npm ci`), or `npm ci` yourself, before building."
        )
    global _browser  # noqa: PLW0603 - found once per build
    try:
        _browser = find_browser()
    except BrowserNotFound as exc:
        raise ExtensionError(f"diagrams: cannot render Mermaid diagrams: {exc}") from None


def _svg_size(svg: str) -> tuple[int, int] | None:
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    return (round(float(match.group(1))), round(float(match.group(2)))) if match else None


def render_svg(code: str, outdir: Path, browser: str, cache: Path) -> tuple[str, tuple[int, int] | None]:
    """Draw ``code`` into ``outdir/mermaid-<hash>.svg``; return the file name and size. Drawings
    are kept in ``cache`` by the hash of the code, the configurations and the tools' versions,
    renamed into place whole, so builds may share them."""
    config = MERMAID_CONFIG.read_bytes() + SVGO_CONFIG.read_bytes() + TOOL_VERSIONS.read_bytes()
    digest = hashlib.sha1(code.encode() + config).hexdigest()[:16]
    name = f"mermaid-{digest}.svg"
    target, cached = outdir / name, cache / name
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            puppeteer = Path(tmp, "puppeteer.json")
            puppeteer.write_text(json.dumps({"executablePath": browser, "args": BROWSER_ARGS}))
            source, out = Path(tmp, "diagram.mmd"), Path(tmp, name)
            source.write_text(code, encoding="utf-8")
            options = ["-q", "-p", str(puppeteer), "-c", str(MERMAID_CONFIG), "-b", "white"]
            cmd = [str(MMDC), *options, "-i", str(source), "-o", str(out)]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
            if proc.returncode != 0 or not out.exists():
                raise DiagramError(_explain(proc.stderr or proc.stdout))
            # svgo (npm, pinned) drops Mermaid's unused style rules and rounds its path
            # data: a fifth of the bytes a reader downloads, the drawing unchanged.
            cmd = [str(SVGO), "-q", "--config", str(SVGO_CONFIG), "-i", str(out), "-o", str(out)]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
            if proc.returncode != 0:
                raise ExtensionError(f"diagrams: svgo failed on {name}:\n{proc.stderr or proc.stdout}")
            shutil.move(out, partial := cache / f".{name}.{os.getpid()}")
            partial.replace(cached)
    if not target.exists():
        outdir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
    svg = target.read_text(encoding="utf-8")
    return name, _svg_size(svg)


def _explain(output: str) -> str:
    """Keep Mermaid's own message (what a writer can act on), drop the JS stack trace."""
    lines = [ln for ln in output.strip().splitlines() if ln.strip() and not ln.lstrip().startswith("at ")]
    lines = [ln for ln in lines if "mermaid-cli-intercept" not in ln and "node_modules" not in ln]
    return "\n    ".join(lines[:6]) or "mmdc failed without a message"


def _file_line_of_error(source: str | None, line: int | None, code: str, message: str) -> int | None:
    """Map Mermaid's "Parse error on line N" (N counts inside the block) to the file's line."""
    match = re.search(r"on line (\d+)", message)
    if not (match and source and line and os.path.isfile(source)):
        return None
    first = code.strip().splitlines()[0].strip()
    lines = Path(source).read_text(encoding="utf-8").splitlines()
    for number in range(line, len(lines) + 1):  # the fence is at `line`; find the code's first line
        if lines[number - 1].strip() == first:
            return number + int(match.group(1)) - 1
    return None


def visit_mermaid_html(self, node: nodes.Element) -> None:
    if "alt" not in node or not node["alt"].strip():
        logger.warning(
            "Mermaid diagram has no :alt: text; add `:alt: 一句话描述这张图` under the "
            "```{mermaid} line, and give the full flow as text below the diagram",
            location=node,
            type="diagrams",
        )
    try:
        outdir = Path(self.builder.outdir, self.builder.imagedir)
        cache = Path(self.builder.config.diagrams_cache or Path(self.builder.doctreedir, "mermaid"))
        name, size = render_svg(node["code"], outdir, _browser, cache)
    except (DiagramError, subprocess.TimeoutExpired) as exc:
        source, line = get_source_line(node)
        where = _file_line_of_error(source, line, node["code"], str(exc))
        logger.warning(
            "the Mermaid diagram cannot be drawn%s; Mermaid says:\n    %s",
            f" (the error is at or just before line {where})" if where else "",
            exc,
            location=node,
            type="diagrams",
        )
        raise nodes.SkipNode from None
    src = f"{self.builder.imgpath}/{name}"
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    alt = self.encode(node.get("alt", ""))
    # Lazily loaded (below the self-check on a phone); width and height keep its place. The
    # link opens it full size (site.js); the self-closing tag keeps EPUB chapters XHTML.
    img = f'<img class="diagram" src="{src}" alt="{alt}"{dims} decoding="async"'
    if self.builder.name.startswith("epub"):  # e-readers zoom themselves; a link would leave the book
        self.body.append(f'<div class="diagram-scroll">{img} /></div>\n')
    else:
        link = f'<a class="diagram-link" href="{src}">{img} loading="lazy" /></a>'
        self.body.append(f'<div class="diagram-scroll">{link}</div>\n')
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_node(mermaid_node, override=True, html=(visit_mermaid_html, None))
    app.connect("builder-inited", check_tools)
    # Where drawings are kept between builds (default: beside the doctrees).
    app.add_config_value("diagrams_cache", "", "", str)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
