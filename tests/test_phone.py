"""Every page reads on a phone (360 and 390 px): no squeezed table cell, no sideways scroll,
no text under 12 px, and axe-core finds nothing at 360 px in either theme.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_quality import axe_report
from tools.site_server import COLOUR_RULES, EVERY_RULE, THEME

pytestmark = pytest.mark.browser
WIDTHS = (360, 390)

# What a reader sees: text in hidden elements, and the screen-reader-only text that furo and
# sphinx-design draw at 0 px, is not drawn.
CHECKS = r"""() => {
  const visibleText = (root, skip) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (n) =>
      n.textContent.trim() && !(skip && n.parentElement.closest(skip)) &&
      n.parentElement.checkVisibility({ visibilityProperty: true, opacityProperty: true })
        ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT });
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    return nodes;
  };
  const squeezed = [];
  for (const cell of document.querySelectorAll("td, th")) {
    const bottoms = new Set();
    let text = "";
    for (const node of visibleText(cell, ".cell-label")) {
      text += node.textContent;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0) bottoms.add(Math.round(r.bottom));
    }
    const chinese = (text.match(/[\u3400-\u9fff]/g) || []).length;
    if (chinese >= 4 && bottoms.size >= 3 && chinese / bottoms.size < 5)
      squeezed.push(`“${text.trim().slice(0, 16)}…” ${bottoms.size} lines`);
  }
  const small = [];
  for (const node of visibleText(document.body)) {
    const size = parseFloat(getComputedStyle(node.parentElement).fontSize);
    if (size > 0 && size < 12) small.push(`“${node.textContent.trim().slice(0, 12)}” ${size} px`);
  }
  return { squeezed, small, sideways: document.documentElement.scrollWidth - innerWidth };
}"""


@pytest.fixture(scope="module")
def phone_pages(browser, hosted_site) -> dict[tuple[int, str], dict]:
    found, axe = {}, Axe()
    for width in WIDTHS:
        context = browser.new_context(
            viewport={"width": width, "height": 780}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        for name, url in hosted_site.urls.items():
            page.goto(url)
            found[width, name] = page.evaluate(CHECKS)
            if width == WIDTHS[0]:
                for scheme, rules in (("light", EVERY_RULE), ("dark", COLOUR_RULES)):
                    assert page.evaluate(THEME, scheme), f"{name}: not shown in the {scheme} theme"
                    found[width, name][scheme] = axe.run(page, options=rules).response["violations"]
        context.close()
    return found


@pytest.mark.parametrize("check", ["squeezed", "small", "sideways"])
def test_every_page_reads_on_a_phone(phone_pages, check: str) -> None:
    assert len(phone_pages) >= 2 * 12
    problems = [
        f"{name} at {width} px: {found[check]}"
        for (width, name), found in phone_pages.items()
        if found[check]
    ]
    assert not problems, f"{check}:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_a_phone(phone_pages, scheme: str) -> None:
    failures = [
        f"{name}:\n{axe_report(found[scheme])}"
        for (_, name), found in phone_pages.items()
        if found.get(scheme)
    ]
    assert not failures, f"axe-core at {WIDTHS[0]} px ({scheme} theme):\n" + "\n".join(failures)
