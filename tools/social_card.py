# /// script
# requires-python = ">=3.11"
# dependencies = ["matplotlib"]
# ///
"""Draw the link-preview card, source/_static/social-card.png (1200 × 630).

Chats and wikis show this image under a pasted link (og:image). It is drawn
once and committed, not at every build: sphinxext-opengraph's own per-page cards
wrap text at spaces only, so a Chinese title runs off the card. Re-run it after
changing the site's title or tagline:

    pipx run tools/social_card.py        # or: uv run tools/social_card.py

matplotlib is not a build requirement (only this manual script draws with it): the
inline metadata above lets pipx or uv install it for the run. It needs the Noto Sans
CJK SC font (Debian/Ubuntu: fonts-noto-cjk; macOS:
font-noto-sans-cjk-sc). The same inputs give the same bytes (no timestamp and
no software version in the PNG).
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib as mpl

mpl.use("agg")
from matplotlib import font_manager
from matplotlib import pyplot as plt

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "source" / "_static" / "social-card.png"
FONT = "Noto Sans CJK SC"
WIDTH, HEIGHT, DPI = 1200, 630, 100

# The copy is laid out by hand (one string per line): matplotlib cannot wrap CJK.
KICKER = "面向中国跨境卖家的中文指南"
TITLE = ["亚马逊招商经理", "与运营经理指南"]
TAGLINE = ["分清两类角色，选对入驻渠道，", "账户出问题时知道先做什么。"]
FOOTER = "入驻策略 · 渠道选择 · 账户健康 · 常见问题"
INK, MUTED, ACCENT, PAPER = "#1f2933", "#52606d", "#e07a12", "#ffffff"


def check_font() -> None:
    try:
        font_manager.findfont(font_manager.FontProperties(family=FONT), fallback_to_default=False)
    except ValueError:
        sys.exit(
            f"social_card.py: the font “{FONT}” is not installed. Install fonts-noto-cjk "
            "(Debian/Ubuntu) or font-noto-sans-cjk-sc (Homebrew), then run again."
        )


def draw(out: Path = OUT) -> Path:
    check_font()
    fig = plt.figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI)
    fig.patch.set_facecolor(PAPER)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(HEIGHT, 0)  # y grows downwards, as on a page
    ax.set_axis_off()
    ax.add_patch(plt.Rectangle((0, 0), 24, HEIGHT, color=ACCENT))  # left edge band
    with plt.rc_context({"font.family": FONT}):
        ax.text(90, 110, KICKER, fontsize=26, color=ACCENT, weight="bold", va="center")
        for i, line in enumerate(TITLE):
            ax.text(90, 215 + i * 96, line, fontsize=60, color=INK, weight="bold", va="center")
        for i, line in enumerate(TAGLINE):
            ax.text(90, 425 + i * 48, line, fontsize=28, color=MUTED, va="center")
        ax.plot([90, 1110], [540, 540], color="#d9e2ec", linewidth=2)
        ax.text(90, 582, FOOTER, fontsize=22, color=INK, va="center")
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=DPI, facecolor=PAPER, metadata={"Software": None})
    plt.close(fig)
    return out


if __name__ == "__main__":
    print(draw().relative_to(ROOT))
