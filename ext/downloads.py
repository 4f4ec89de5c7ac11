"""The offline editions on the download page: ``{download-file}`pdf``` links a file (with its
size, on the hosted site), ``{download-qr}`pdf``` draws a QR code of its hosted address
(segno, at build time). With ``downloads_folder`` set (`make dist` builds the site last with
SITE_DOWNLOADS=dist), the files are copied into ``downloads/`` and linked there; so are those a
local build already holds in its own ``downloads/``; every other build links the hosted files.
docs/architecture.md, "Downloads".
"""

import shutil
from html import escape
from pathlib import Path

import segno
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.osutil import relative_uri

from ext.builders import site, web

logger = logging.getLogger(__name__)

SUFFIXES = {"pdf": ".pdf", "zip": "-html.zip", "single": "-single.html", "epub": ".epub"}
FOLDER = "downloads"  # on the hosted site
SUMS = "SHA256SUMS"  # the editions' SHA-256 checksums, as `sha256sum` writes them
NOT_AN_EDITION = f"%s: “%s” is not an edition; use one of {', '.join(SUFFIXES)} or sums"


def file_names(slug: str, version: str) -> dict[str, str]:
    """Edition → its file name."""
    return {edition: f"{slug}-{version}{suffix}" for edition, suffix in SUFFIXES.items()}


def site_files(config) -> dict[str, str]:
    """What the hosted site's downloads/ holds: the editions and their checksums."""
    return {**file_names(config.downloads_slug, config.version), "sums": SUMS}


def hosted_url(config, edition: str) -> str:
    return f"{config.html_baseurl}{FOLDER}/{site_files(config)[edition]}"


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{round(size / 1024)} KB"


def _hosting(config, builder) -> Path | None:
    """The folder of the finished editions, when this build is the hosted site."""
    folder = config.downloads_folder
    return Path(folder) if folder and site(builder) else None


class download(nodes.Inline, nodes.TextElement):
    """An edition's link (``{download-file}``) or, with ``qr``, its QR code (``{download-qr}``)."""


class DownloadRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        edition = self.text.strip()
        if edition not in [*SUFFIXES, "sums"]:
            logger.warning(NOT_AN_EDITION, self.name, edition, location=self.get_location(), type="downloads")
            return [], []
        if folder := self.config.downloads_folder:  # a new edition there rewrites the page (its size)
            self.env.note_dependency(Path(folder, site_files(self.config)[edition]).resolve())
        node = download(edition, edition, edition=edition, qr=self.name == "download-qr")
        self.set_source_info(node)
        return [node], []


def visit_download(self, node: download) -> None:
    config = self.builder.config
    if node["qr"] and web(self.builder):  # no scanning on an e-reader
        url = hosted_url(config, node["edition"])
        # Dark on white in both themes, with the quiet zone scanners need.
        qr = segno.make(url, error="m")
        svg = qr.svg_inline(scale=4, border=4, dark="#000", light="#fff", svgclass="qr")
        self.body.append(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(f"二维码：{url}")}" ', 1))
    if node["qr"]:
        raise nodes.SkipNode
    name = site_files(config)[node["edition"]]
    hosting = _hosting(config, self.builder)
    folder = hosting or Path(self.builder.outdir, FOLDER)  # a local build's own copies, if any
    href, size = hosted_url(config, node["edition"]), ""
    if (folder / name).is_file():
        href = relative_uri(self.builder.get_target_uri(self.builder.current_docname), f"{FOLDER}/{name}")
        if node["edition"] in SUFFIXES:  # an edition, not the checksums
            size = f' <span class="download-size">{size_text((folder / name).stat().st_size)}</span>'
    elif hosting:
        logger.warning("download-file: %s is not in %s; `make dist` writes it", name, hosting, location=node)
    self.body.append(f'<a class="reference external download" href="{escape(href)}">{escape(name)}</a>{size}')
    raise nodes.SkipNode


def copy_downloads(app: Sphinx, exception: Exception | None) -> None:
    """Put the editions the hosted download page links beside its pages."""
    folder = _hosting(app.config, app.builder)
    if exception is not None or folder is None:
        return
    target = Path(app.outdir, FOLDER)
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for name in site_files(app.config).values():
        if (folder / name).is_file():
            shutil.copyfile(folder / name, target / name)


def _skip(self, node: nodes.Node) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict:
    app.add_config_value("downloads_slug", "", "html", str)  # the downloads' name, before the version
    app.add_config_value("downloads_folder", "", "env", str)  # the finished editions (conf.py)
    app.add_role("download-file", DownloadRole())
    app.add_role("download-qr", DownloadRole())
    skip = (_skip, None)
    app.add_node(download, html=(visit_download, None), latex=skip, text=skip, man=skip, texinfo=skip)
    app.connect("build-finished", copy_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
