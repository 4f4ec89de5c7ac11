"""Where Chromium is (``CHROMIUM`` overrides), and the flags it needs here: for the diagram
build, the tests and the tools. No tool downloads a browser.
"""

import os
import shutil

CANDIDATES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
# This sandboxed, offline machine: we run as root (no sandbox), have no GPU, and any
# background connection to Google's hosts is refused (and slows start-up).
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
INSTALL_HINT = (
    "install it (Debian/Ubuntu: `sudo apt-get install chromium fonts-noto-cjk`; macOS: "
    "`brew install --cask chromium`) or set CHROMIUM=/path/to/chromium"
)


class BrowserNotFound(Exception):
    pass


def find_browser() -> str:
    """The path of Chromium: ``CHROMIUM`` if set, else the first candidate found."""
    explicit = os.environ.get("CHROMIUM")
    for candidate in (explicit,) if explicit else CANDIDATES:
        path = shutil.which(candidate) or (candidate if os.path.isfile(candidate) else None)
        if path:
            return path
    where = f"CHROMIUM={explicit} does not exist" if explicit else "no Chromium found"
    raise BrowserNotFound(f"{where}: {INSTALL_HINT}")


if __name__ == "__main__":  # `python -m ext.browser`: the path, for tools outside Python (make audit)
    try:
        print(find_browser())
    except BrowserNotFound as exc:
        raise SystemExit(f"error: {exc}") from None
