"""Mermaid diagrams as SVG drawings committed with the sources, ``_diagrams/mermaid-<hash>.svg``
for each variant (light, dark, a tree's phone layouts), so a build that finds them needs no
browser; a missing one is checked by Mermaid's parser in Node (any builder) and drawn by
mermaid-cli on Chromium. The page shows the reader's variant. docs/diagrams.md.
"""

import hashlib
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinxcontrib.mermaid import mermaid as mermaid_node

from ext.browser import BROWSER_ARGS, BrowserNotFound, find_browser
from ext.builders import web
from ext.tokens import colours

logger = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "node_modules" / ".bin"
SVGO_CONFIG = Path(__file__).with_name("svgo.config.mjs")  # which of svgo's plugins are safe here
MERMAID_CONFIG = Path(__file__).with_name("mermaid-config.json")  # font, spacing, text labels
CHECK = Path(__file__).with_name("mermaid-check.mjs")  # Mermaid's parser, in Node
_LOCK = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
# The renderer: the versions that decide how a drawing looks, and svgo's settings.
RENDERER = " ".join(
    _LOCK[f"node_modules/{name}"]["version"] for name in ("@mermaid-js/mermaid-cli", "mermaid", "svgo")
) + SVGO_CONFIG.read_text(encoding="utf-8")
# A phone drawing: short lines of larger text, small gaps, so that a 360-px screen draws
# its labels at 13 px (docs/diagrams.md).
PHONE = {"nodeSpacing": 4, "rankSpacing": 28, "padding": 8, "diagramPadding": 4}


class DiagramError(Exception):
    pass


# Mermaid's theme variables, from the design tokens of the variant's theme.
THEME = {"primaryColor": "diagram-node"}
THEME |= dict.fromkeys(("background", "edgeLabelBackground"), "diagram-ground")
THEME |= dict.fromkeys(("primaryBorderColor", "lineColor"), "diagram-line")
THEME |= dict.fromkeys(("primaryTextColor", "textColor"), "diagram-text")


def config(variant: str) -> dict:
    """Mermaid's configuration for a variant ("light", "dark", "phone-light" …)."""
    theme = {name: colours(variant.rpartition("-")[2])[token] for name, token in THEME.items()}
    if not variant.startswith("phone"):
        return {"theme": "base", "themeVariables": theme}
    return {"theme": "base", "themeVariables": {**theme, "fontSize": "18px"}, "flowchart": PHONE}


def variant_code(variant: str, code: str) -> str:
    """The code mermaid-cli draws: the variant's settings as an init directive, then the code."""
    return f"%%{{init: {json.dumps(config(variant), sort_keys=True)}}}%%\n{code}"


def file_name(code: str) -> str:
    digest = hashlib.sha256((code + MERMAID_CONFIG.read_text(encoding="utf-8") + RENDERER).encode())
    return f"mermaid-{digest.hexdigest()[:16]}.svg"


def _run(command: list[str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=300, check=False)


def check(codes: list[str]) -> list[str | None]:
    """Mermaid's parser on each code (no browser): its message, or None."""
    proc = _run(["node", str(CHECK)], json.dumps(codes))
    if proc.returncode != 0:
        raise DiagramError(f"Node could not run Mermaid's parser (`make html` installs it):\n{proc.stderr}")
    return json.loads(proc.stdout)


def draw(jobs: dict[str, tuple[str, str]], store: Path, browser: str) -> None:
    """Draw ``jobs`` (file name → (variant, code)) into ``store``: mermaid-cli, one run per
    theme on a Markdown file of the diagrams, then svgo."""
    with tempfile.TemporaryDirectory() as tmp:
        puppeteer = Path(tmp, "puppeteer.json")
        puppeteer.write_text(json.dumps({"executablePath": browser, "args": BROWSER_ARGS}))
        drawn = Path(tmp, "drawn")
        drawn.mkdir()
        for scheme in ("light", "dark"):
            names = [name for name, (variant, _code) in jobs.items() if variant.endswith(scheme)]
            if not names:
                continue
            source, out = Path(tmp, f"{scheme}.md"), Path(tmp, f"{scheme}.out.md")
            source.write_text("".join(f"```mermaid\n{jobs[n][1]}```\n\n" for n in names), encoding="utf-8")
            ground = colours(scheme)["diagram-ground"]
            options = ["-q", "-p", str(puppeteer), "-c", str(MERMAID_CONFIG), "-b", ground]
            proc = _run([str(BIN / "mmdc"), *options, "-i", str(source), "-o", str(out)])
            if proc.returncode != 0:  # Mermaid's parser passed it: Chromium or the fonts failed
                raise DiagramError((proc.stderr or proc.stdout).strip()[:1000])
            for number, name in enumerate(names, 1):  # mermaid-cli numbers them in order
                Path(tmp, f"{scheme}.out-{number}.svg").replace(drawn / name)
        # svgo (npm, pinned) drops Mermaid's unused style rules and rounds its path data: a
        # fifth of the bytes a reader downloads, the drawing unchanged.
        proc = _run([str(BIN / "svgo"), "-q", "--config", str(SVGO_CONFIG), "-f", str(drawn)])
        if proc.returncode != 0:
            raise DiagramError(f"svgo failed:\n{proc.stderr or proc.stdout}")
        store.mkdir(parents=True, exist_ok=True)
        for path in drawn.iterdir():
            shutil.copyfile(path, store / path.name)


def _store(app_or_builder) -> Path:
    return Path(app_or_builder.srcdir, app_or_builder.config.diagrams_dir)


def _file_line_of_error(node: nodes.Element, message: str) -> int | None:
    """Map Mermaid's "Parse error on line N" (N counts inside the block) to the file's line."""
    source, line = get_source_line(node)
    match = re.search(r"on line (\d+)", message)
    if not (match and source and line and Path(source).is_file()):
        return None
    lines = [text.strip() for text in Path(source).read_text(encoding="utf-8").splitlines()]
    first = node["code"].strip().splitlines()[0].strip()  # after the fence, at `line`
    if first not in lines[line - 1 :]:  # a decision tree's: its code is not in the page
        return None
    return lines.index(first, line - 1) + int(match.group(1))


def find_drawings(app: Sphinx, doctree: nodes.document) -> None:
    """Read phase, any builder: name each Mermaid node's drawings; check and draw the missing."""
    store = _store(app)
    for node in doctree.findall(mermaid_node):
        variants = node.get("variants") or dict.fromkeys(("light", "dark"), node["code"])
        codes = {variant: variant_code(variant, code) for variant, code in variants.items()}
        node["files"] = {variant: file_name(code) for variant, code in codes.items()}
        jobs = {
            node["files"][v]: (v, c) for v, c in codes.items() if not (store / node["files"][v]).is_file()
        }
        if not jobs:
            continue
        try:
            if problem := next(filter(None, check([variants[v] for v, _code in jobs.values()])), None):
                raise DiagramError(problem)
            if app.builder.format == "html":  # text, LaTeX …: the description stands in
                draw(jobs, store, find_browser())
        except BrowserNotFound as exc:
            message = f"this diagram is new or changed, and {store} has no drawing of it: "
            message += f"run `make diagrams` (it draws with Chromium) and commit what it writes; {exc}"
            logger.warning(message, location=node, type="diagrams")
        except (DiagramError, subprocess.TimeoutExpired) as exc:
            line = _file_line_of_error(node, str(exc))
            at = f" (the error is at or just before line {line})" if line else ""
            says = str(exc).replace("\n", "\n    ")
            message = f"the Mermaid diagram cannot be drawn{at}; Mermaid says:\n    {says}"
            logger.warning(message, location=node, type="diagrams")


def _img(self, node: nodes.Element, variant: str) -> tuple[str, str]:
    """The drawing's URL, copied into the output, and its width and height attributes."""
    name = node["files"][variant]
    source = _store(self.builder) / name
    if not source.is_file():
        raise nodes.SkipNode  # the build has said why
    target = Path(self.builder.outdir, self.builder.imagedir, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', source.read_text(encoding="utf-8"))
    size = f' width="{round(float(box[1]))}" height="{round(float(box[2]))}"' if box else ""
    return f"{self.builder.imgpath}/{name}", size


def visit_mermaid_html(self, node: nodes.Element) -> None:
    if not node.get("alt", "").strip():
        logger.warning(
            "Mermaid diagram has no :alt: text; add `:alt: 一句话描述这张图` under the "
            "```{mermaid} line, and give the full flow as text below the diagram",
            location=node,
            type="diagrams",
        )
    if not node.get("files"):
        raise nodes.SkipNode
    alt = self.encode(node.get("alt", ""))
    if not web(self.builder):  # an e-book: the light drawing; e-readers zoom themselves
        src, size = _img(self, node, "light")
        self.body.append(
            f'<div class="diagram-scroll"><img class="diagram" src="{src}" alt="{alt}"{size} /></div>\n'
        )
        raise nodes.SkipNode
    # One picture per theme (site.css shows one; a hidden lazy image is never fetched); in
    # each, the phone layout below 42em. Width and height keep the drawing's place.
    self.body.append('<div class="diagram-scroll">')
    for scheme in ("light", "dark"):
        src, size = _img(self, node, scheme)
        phone = ""
        if f"phone-{scheme}" in node["files"]:
            phone_src, phone_size = _img(self, node, f"phone-{scheme}")
            phone = f'<source media="(max-width: 42em)" srcset="{phone_src}"{phone_size}>'
        self.body.append(
            f'<picture class="diagram-{scheme}">{phone}<img class="diagram" src="{src}" alt="{alt}"{size}'
            ' loading="lazy" decoding="async" /></picture>'
        )
    self.body.append("</div>\n")
    raise nodes.SkipNode


def describe(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Builders without pictures (plain text, which wikis and assistants paste; LaTeX, man,
    Texinfo): the diagram's one-sentence description as a paragraph."""
    if app.builder.format != "html":
        for node in list(doctree.findall(mermaid_node)):
            node.replace_self(nodes.paragraph(text=node.get("alt", "")))


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinxcontrib.mermaid")
    app.add_node(mermaid_node, override=True, html=(visit_mermaid_html, None))
    app.connect("doctree-read", find_drawings)
    app.connect("doctree-resolved", describe)
    app.add_config_value("diagrams_dir", "_diagrams", "env", str)  # the drawings, beside the pages
    return {"version": "2.0", "parallel_read_safe": True, "parallel_write_safe": True}
