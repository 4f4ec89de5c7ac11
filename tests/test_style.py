"""The house style (docs/style.md) in what readers see: each built page's article text."""

import re
from pathlib import Path

from bs4 import BeautifulSoup

# Labels a seller meets on a screen (Performance Notifications, too, in the page body).
UI = r"(?:Performance Notifications|Performance\b(?! Notifications)|Contact Us|Pricing|联系招商团队)"
# Each rule of docs/style.md that a pattern can check → the pattern of what breaks it.
RULES = {
    "比较写“对”或“比”，不写 vs": r"(?i)\bvs\b\.?",
    "来源文章只叫“来源文章”": r"原文|该文|这篇文章|原始文章|(?<!来源)文章",
    "链接文字说出去向，不写“点此”": r"点此|点这里|点击这里",
    "金额写明币种（187,000 美元），不写 $": r"[$＄]\s*\d",
    "3 以上的数量用阿拉伯数字": r"(?<!第)[三四五六七八九十]+"
    r"(?:个|件|种|类|项|条|步|次|位|份|天|小时|倍|地|家|题|问)",
    "界面文字写“中文标签”（English）或“English”": rf"(?<!“)(?<!”（){UI}|(?<=“){UI}(?!”)|(?<=”（){UI}(?!）)",
    "guaranteed pass 只释作“包过”": r"guaranteed pass(?!”（包过）)",
    "只写 Seller Central": r"卖家平台|卖家中心|SellerCentral|Seller Central\s*(?:卖家)?后台(?!数据)",
    "叫“入驻通道”，不叫渠道": r"入驻渠道|渠道选择",
}


def offences(text: str) -> list[str]:
    """Each broken rule, with the offending text in context."""
    found, text = [], re.sub(r"\s+", " ", text)
    for rule, pattern in RULES.items():
        for m in re.finditer(pattern, text):
            found.append(f"{rule}: “…{text[max(0, m.start() - 8) : m.end() + 8]}…”")
    return found


def article(page: Path) -> BeautifulSoup:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    main = soup.select_one("article[role=main]") or soup
    # A glossary term, in its entry or the index, is a name, not a label on a screen.
    for tag in main.select("script, style, svg, a.headerlink, dl.glossary > dt, .glossary-index"):
        tag.decompose()
    return main


def test_the_rules_catch_what_they_forbid() -> None:
    bad = "87% vs 63%，原文说 $187,000、三种原因；点此；点 Contact Us、“绩效”（Performance 菜单"
    caught = {o.split(":")[0] for o in offences(bad)}
    assert caught == set(list(RULES)[:6]), caught
    assert not offences("87% 对 63%，来源文章说 187,000 美元、3 种原因；“Contact Us”、“绩效”（Performance）")


def test_every_page_follows_the_style(pages: list[Path]) -> None:
    problems = [f"{page.name}: {o}" for page in pages for o in offences(article(page).get_text())]
    assert not problems, "docs/style.md:\n" + "\n".join(problems)


def test_citations_name_their_source_in_brackets(site: Path, pages: list[Path]) -> None:
    """（[短名](sources.html#src-…)）: the link text is the source's heading on the sources page."""
    sources = article(site / "sources.html")
    names = {s["id"]: s.find(["h2", "h3"]).get_text().strip() for s in sources.select("section[id]")}
    problems = []
    for page in pages:
        for link in article(page).select('a[href*="#src-"], a[href*="#unsourced-figures"]'):
            want, text = names.get(link["href"].rpartition("#")[2]), link.get_text().strip()
            before, after = str(link.previous_sibling or ""), str(link.next_sibling or "")
            if text != want or not before.endswith("（") or not after.startswith("）"):
                problems.append(f"{page.name}: “{before[-6:]}{text}{after[:2]}”, write （{want}）")
    assert not problems, "citations (docs/style.md):\n" + "\n".join(problems)
