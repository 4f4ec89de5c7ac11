"""Load one page of the served site in a fresh Chromium context and record what it did.

Shared by the weight, privacy and accessibility tests (issue #5): every request with
its uncompressed body size, every request that tried to leave the host (blocked, so
an offline reader sees the same page), console errors and uncaught exceptions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit


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
    if keep_open:
        return record, page
    context.close()
    return record
