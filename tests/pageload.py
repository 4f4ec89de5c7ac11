"""Serve the built site as its host does, and load a page of it in Chromium.

Shared by the weight, privacy and accessibility tests (issue #5) and by
tools/bench_site.py and tools/lighthouse_audit.py:

* ``serve_site`` serves the site on a loopback port under the path of its public
  address (from the pages' canonical link), with 404.html for a missing file, as
  GitHub Pages does, so the 404 page's absolute links work as they will online;
* ``load_page`` opens a page in a fresh context (empty cache) and records every
  request with its uncompressed body size, every request that tried to leave the
  host (blocked, so an offline reader sees the same page), console errors and
  uncaught exceptions.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


class _HostedHandler(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path.startswith(self.prefix):
            self.path = "/" + self.path[len(self.prefix) :]
            target = Path(self.translate_path(self.path))
            if target.is_file() or (target / "index.html").is_file():
                return super().do_GET()
        page = Path(self.directory, "404.html")
        body = page.read_bytes() if page.is_file() else b"not found"
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


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
    handler = type("Handler", (_HostedHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
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


@dataclass
class Request:
    url: str
    status: int
    size: int  # uncompressed body bytes


@dataclass
class PageLoad:
    url: str
    requests: list[Request] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)  # requests that left the host
    console_errors: list[str] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(r.size for r in self.requests)


def _message(message) -> str:
    where = message.location.get("url") or ""
    return f"{message.text} [at {where}]" if where else message.text


def load_page(browser, url: str, *, scheme: str = "light", keep_open: bool = False):
    """Open ``url`` in a new context (empty cache) and wait until the network is idle.

    ``scheme`` is the reader's colour preference and furo's stored choice ("light" or
    "dark"). With ``keep_open`` the (load, page) pair is returned and the caller closes
    ``page.context``; otherwise just the load.
    """
    host = urlsplit(url).netloc
    context = browser.new_context(color_scheme=scheme, service_workers="block")
    context.add_init_script(f"localStorage.setItem('theme', '{scheme}')")
    record = PageLoad(url)

    def route(r):
        if urlsplit(r.request.url).netloc == host:
            r.continue_()
        else:
            record.blocked.append(r.request.url)
            r.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()

    def finished(request):
        response = request.response()
        if response is None:
            return
        try:
            size = len(response.body())
        except Exception:  # a redirect has no body of its own
            size = 0
        record.requests.append(Request(request.url, response.status, size))

    page.on("requestfinished", finished)
    page.on("console", lambda m: record.console_errors.append(_message(m)) if m.type == "error" else None)
    page.on("pageerror", lambda e: record.console_errors.append(f"uncaught: {e}"))
    page.goto(url, wait_until="networkidle")
    # Chromium asks for the favicon only after the load event: let it, so it is counted.
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    if keep_open:
        return record, page
    context.close()
    return record
