"""Serve a build as GitHub Pages does: under its public path, text gzipped, 404.html for a
missing file. The one server of the tests and the benches (tools/crawl.py visits it).
"""

import contextlib
import functools
import gzip
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

# What static hosts (GitHub Pages, nginx's gzip_types) compress on the way, at gzip's level 6.
COMPRESSED = re.compile(r"^(text/|application/(javascript|json|xml)|image/svg\+xml)")


class _HostedHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix) :]
            target = Path(self.translate_path(self.path))
            if target.is_dir() and not path.endswith("/"):
                return super().do_GET()  # the redirect to the folder's URL
            if (target / "index.html").is_file():
                target = target / "index.html"
            if target.is_file():
                return self._send(200, target.read_bytes(), self.guess_type(str(target)))
        page = Path(self.directory, "404.html")
        return self._send(404, page.read_bytes() if page.is_file() else b"not found", "text/html")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        """As GitHub Pages sends it: text gzipped when the browser accepts it."""
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if COMPRESSED.match(kind) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@dataclass
class HostedSite:
    root: str  # the site's root URL, ending in "/"
    urls: dict[str, str]  # page file name → URL; "404.html" is reached through a missing URL


@contextlib.contextmanager
def serve_site(site: Path, prefix: str | None = None) -> Iterator[HostedSite]:
    """Serve ``site`` under ``prefix`` (default: the path of its canonical address)."""
    if prefix is None:
        index = site / "index.html"
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', index.read_text("utf-8"))
        prefix = urlsplit(canonical.group(1)).path.rsplit("/", 1)[0] + "/" if canonical else "/"
    handler = functools.partial(type("Handler", (_HostedHandler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    urls = {p.name: root + p.name for p in sorted(site.glob("*.html")) if p.name != "404.html"}
    if (site / "404.html").is_file():
        urls["404.html"] = root + "no-such-page/"
    try:
        yield HostedSite(root, urls)
    finally:
        server.shutdown()
        server.server_close()
