"""Content fidelity: every fact, figure and cited source of the article is on the site."""

import re
from pathlib import Path

import pytest

from tests.builds import ARTICLE_FACTS, soup, squash

# Leftovers of the source web page that must not reach readers.
LEFTOVER_SUBSTRINGS = ["关联词条", "查看更多", "详情", "BAD", "2026-01-16 1"]
LEFTOVER_LINES = {"报告", "跨境服务", "文章", "活动", "服务", "百科", "问答", "社群", "跨境企业"}
CALLOUTS = "div.admonition.danger, div.admonition.warning, div.admonition.caution"
FAQ = [
    "哪些卖家适合寻求招商经理帮助",
    "如何注册并获得招商经理对接",
    "招商服务是否收费",
    "常见入驻失败原因有哪些",
    "遇到账户问题第一步该做什么",
    "招商经理通道有何优势",
    "新手最容易忽略的关键点是什么",
]


def _main_text(page: Path) -> str:
    html = soup(page)
    for wbr in html("wbr"):  # a line-break opportunity (ext/line_breaks.py) ends no line of text
        wbr.decompose()
    html.smooth()
    return (html.find("article") or html).get_text("\n")


@pytest.fixture(scope="module")
def site_text(pages: list[Path]) -> str:
    return squash("\n".join(_main_text(p) for p in pages))


@pytest.mark.parametrize("needle", ARTICLE_FACTS)
def test_article_fact_is_on_the_site(site_text: str, needle: str) -> None:
    assert squash(needle) in site_text, f"the article's “{needle}” is missing from the site"


def test_no_web_page_leftovers(pages: list[Path]) -> None:
    found = []
    for page in pages:
        text = _main_text(page)
        lines = {ln.strip() for ln in text.splitlines()}
        found += [f"{page.name}: “{s}”" for s in LEFTOVER_SUBSTRINGS if s in text]
        found += [f"{page.name}: the menu line “{line}”" for line in lines & LEFTOVER_LINES]
    assert not found, "leftovers of the source web page:\n" + "\n".join(found)


def test_broken_list_is_repaired(site_text: str) -> None:
    """The article lost its separators in 账户暂停BAD订单缺陷率超标知识产权投诉."""
    assert "账户暂停、订单缺陷率超标、知识产权投诉" in site_text


def test_faq_has_every_article_question(site: Path) -> None:
    headings = [squash(h.get_text()).rstrip("#¶") for h in soup(site / "faq.html").select("article h2")]
    missing = [q for q in FAQ if not any(q in h for h in headings)]
    assert not missing, f"FAQ questions with no heading of their own: {missing}"


def test_fraud_warning_is_prominent(site: Path) -> None:
    for page in ("channels.html", "faq.html"):
        callouts = soup(site / page).select(CALLOUTS)
        assert any("免费" in c.get_text() and "欺诈" in c.get_text() for c in callouts), (
            f"{page}: no callout says official recruiting is free and paid shortcuts are fraud"
        )


def test_sources_page_says_figures_are_unverified(site: Path) -> None:
    assert re.search(r"未(经|做|作)?独立(核实|验证)", squash(_main_text(site / "sources.html")))


def test_glossary_index_lists_every_entry(site: Path) -> None:
    page = soup(site / "glossary.html")
    listed = {a["href"].rpartition("#")[2] for a in page.select(".glossary-index a")}
    entries = {dt["id"] for dt in page.select("dl.glossary > dt:first-child, dl.glossary > dd + dt")}
    assert entries and entries <= listed, f"entries the glossary index lacks: {sorted(entries - listed)}"
