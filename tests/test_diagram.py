"""The channel decision's three views: a static, legible SVG diagram, a text version with
every statement (collapsed on the web), and a self-check that reaches every outcome in
Chromium; one source for all three, and a clear error for a broken tree.
"""

import io
import itertools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import expect

from ext.decision_tree import break_label, load_tree, plain
from tests.builds import ROOT, soup, squash

TREE = load_tree(ROOT / "source" / "channel-decision.yaml")
# Chinese line breaking (避头尾): no line starts with these, and none ends with those.
MUST_NOT_START = set("、，。；：？！）」』”")
MUST_NOT_END = set("（「『“")


def _svg(site: Path, page: str = "channels.html") -> str:
    img = soup(site / page).select_one("img.diagram")
    return (site / img["src"]).read_text(encoding="utf-8")


def svg_lines(svg: str) -> list[str]:
    """Every label's lines, one row <tspan> each (parsed: svgo reorders attributes)."""
    rows = BeautifulSoup(svg, "html.parser").select("tspan.row")
    return [row.get_text().strip() for row in rows]


@pytest.fixture(scope="module")
def channels(site: Path) -> BeautifulSoup:
    return soup(site / "channels.html")


# -- the diagram --------------------------------------------------------------------


def test_diagram_is_a_static_svg_with_alt_text(site: Path, channels: BeautifulSoup) -> None:
    imgs = channels.select("#channel-decision-diagram img.diagram")
    assert len(imgs) == 1 and imgs[0]["src"].endswith(".svg") and len(imgs[0].get("alt", "")) >= 10
    svg = _svg(site)
    assert svg.lstrip().startswith("<svg") and "<script" not in svg
    lines = "".join(svg_lines(svg))
    for text in [q.label.value for q in TREE.questions.values()] + [
        o.title.value for o in TREE.outcomes.values()
    ]:
        assert squash(plain(text)) in squash(lines), f"the diagram does not show “{text}”"


def test_diagram_label_lines_follow_chinese_line_breaking_rules(site: Path) -> None:
    lines = [line for line in svg_lines(_svg(site)) if line]
    assert len(lines) > 15, lines
    bad = [line for line in lines if line[0] in MUST_NOT_START or line[-1] in MUST_NOT_END]
    assert not bad, f"label lines that break Chinese line-breaking rules: {bad}"


def test_outcomes_are_coloured_by_channel_and_named(site: Path) -> None:
    nodes = BeautifulSoup(_svg(site), "html.parser").select("g.node")
    fills = {}
    for outcome in TREE.outcomes.values():
        node_id = re.compile(rf"-n_{outcome.key.replace('-', '_')}-\d+$")
        node = next((g for g in nodes if node_id.search(g.get("id", ""))), None)
        assert node is not None, f"outcome {outcome.key} is not drawn"
        assert outcome.channel in node["class"], f"outcome {outcome.key} lacks the class {outcome.channel}"
        assert f"【{outcome.badge.value}】" in node.get_text(), f"outcome {outcome.key} lacks its badge"
        shape = node.select_one("rect, polygon, path")  # its box, not the text's colour
        fill = re.search(r"fill:\s*(#(?:[0-9a-f]{3}){1,2})\b", shape.get("style", "") if shape else "")
        assert fill, f"outcome {outcome.key}: no fill colour on its shape"
        fills[outcome.channel] = fill.group(1)
    assert len(set(fills.values())) == len(fills) == 4, f"one colour per channel: {fills}"


@pytest.mark.parametrize(
    "text",
    [
        "中大型卖家：有自主品牌（注册了自有商标）、月出货 SKU 超过 50 个、计划用 FBA 或拓展多国站点？",
        "一二三四五六七八九十一二、三四五（六七八）九十一二三四五六七八九十“引号”。",
        "联系招商团队（sell.amazon.com），见第三步。",
    ],
)
def test_label_breaking_keeps_punctuation_and_latin_words_in_place(text: str) -> None:
    lines = break_label(text, 10)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(line[0] not in MUST_NOT_START and line[-1] not in MUST_NOT_END for line in lines), lines
    split = [
        (a, b)
        for a, b in itertools.pairwise(lines)
        if re.search(r"[A-Za-z0-9]$", a) and re.match(r"[A-Za-z0-9.]", b)
    ]
    assert not split, f"a Latin word or number split across lines: {split}"


# -- the text version -----------------------------------------------------------------


def test_text_version_holds_every_statement_of_the_tree(channels: BeautifulSoup) -> None:
    section = channels.find(id="channel-flow-text")
    assert section.select_one("details.decision-text:not([open]) > summary"), "not collapsed on the web"
    text = squash(section.get_text())
    statements = (
        [q.ask.value for q in TREE.questions.values()]
        + [q.note.value for q in TREE.questions.values() if q.note]
        + ([TREE.everyone.value] if TREE.everyone else [])
    )
    for outcome in TREE.outcomes.values():
        statements += [outcome.badge.value, outcome.title.value, outcome.says.value]
        statements += [outcome.next.value] if outcome.next else []
    missing = [s for s in statements if squash(plain(s)) not in text]
    assert not missing, f"statements of the tree missing from the text version: {missing}"


# -- the self-check, in Chromium -------------------------------------------------------


def _paths(tree) -> list[tuple[list[tuple[str, str]], str]]:
    """Every way through the tree: ([(question, answer), …], outcome)."""
    found = []

    def walk(key: str, taken: list[tuple[str, str]]) -> None:
        if key in tree.outcomes:
            found.append((taken, key))
            return
        for answer, target in tree.questions[key].answers.items():
            walk(target.value, [*taken, (key, answer)])

    walk(tree.start.value, [])
    return found


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_self_check_reaches_every_outcome(open_page, site: Path, scheme: str) -> None:
    page = open_page(
        (site / "channels.html").as_uri(), viewport={"width": 390, "height": 844}, color_scheme=scheme
    )
    form = page.locator("form#channel-self-check")
    assert form.is_visible(), "the self-check is hidden although JavaScript runs"
    region = form.locator("[aria-live=polite]")
    reset = form.locator("button[type=reset]")
    for answers, outcome in _paths(TREE):
        reset.wait_for(state="hidden")  # nothing to start again from until a first answer
        for question, answer in answers:
            page.check(f"input[name='channel-self-check-{question}'][value='{answer}']")
        numbers = [n.strip() for n in form.locator("fieldset:visible .decision-number").all_inner_texts()]
        assert numbers == [f"{n}." for n in range(1, len(answers) + 1)], f"{answers}: numbered {numbers}"
        shown = form.locator(".decision-outcome:visible")
        assert shown.count() == 1, f"{answers}: {shown.count()} outcomes shown"
        assert shown.get_attribute("data-node") == outcome
        expected = TREE.outcomes[outcome]
        assert region.locator(f"[data-node='{outcome}']").is_visible()
        assert shown.locator(".decision-badge").inner_text() == expected.badge.value
        badge_colour = shown.locator(".decision-badge").evaluate("el => getComputedStyle(el).backgroundColor")
        assert badge_colour not in ("rgba(0, 0, 0, 0)", "transparent"), "the badge has no colour"
        for href in shown.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))"):
            target, _, anchor = href.partition("#")
            html = (site / (target or "channels.html")).read_text(encoding="utf-8")
            assert f'id="{anchor}"' in html, f"{outcome}: the link {href} goes nowhere"
        reset.click()
        expect(form.locator(f"[name='channel-self-check-{TREE.start.value}']").first).to_be_focused()
    assert not page.problems, page.problems


@pytest.mark.browser
def test_without_javascript_the_text_version_stands_in(open_page, site: Path) -> None:
    page = open_page((site / "channels.html").as_uri(), java_script_enabled=False)
    assert not page.locator("form.decision-check").is_visible()
    page.locator("#channel-flow-text summary").click()  # <details> opens without JavaScript
    assert page.locator("#channel-flow-text ol li").first.is_visible()
    assert _loaded_diagram(page).evaluate("i => i.naturalWidth > 0"), "the diagram did not load"


@pytest.mark.browser
def test_every_diagram_label_is_dark_text_on_a_light_ground(open_page, site: Path) -> None:
    """Each label's box, in a screenshot of the SVG, is mostly light and holds dark strokes: no
    optimiser turned the white backing of the 是/否 labels into black boxes (mean 0)."""
    img = soup(site / "channels.html").select_one("img.diagram")
    # The drawing at its own size: the viewport as large as the width and height it declares.
    size = {"width": int(img["width"]) + 40, "height": int(img["height"]) + 40}
    page = open_page((site / img["src"]).as_uri(), viewport=size)
    boxes = page.eval_on_selector_all(
        "text",
        """els => els.filter(e => e.textContent.trim()).map(e => {
             const r = e.getBoundingClientRect();
             return [e.textContent.trim(), r.left, r.top, r.right, r.bottom];
           })""",
    )
    shot = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("L")
    assert len(boxes) > 15, boxes
    unreadable = []
    for text, *box in boxes:
        assert box[2] <= shot.width and box[3] <= shot.height, f"“{text}” lies outside the screenshot"
        crop = shot.crop(tuple(round(v) for v in box))
        pixels = crop.histogram()
        mean = sum(level * count for level, count in enumerate(pixels)) / sum(pixels) / 255
        darkest = crop.getextrema()[0] / 255
        if mean < 0.5 or darkest > 0.4:
            unreadable.append(f"{text} (mean {mean:.2f}, darkest {darkest:.2f})")
    assert not unreadable, f"labels not drawn as dark text on a light ground: {unreadable}"


SVG_FONT_SIZES = (
    "() => [...document.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize))"
)
# How much the drawing is scaled where it is shown: its content box against its own width,
# which ext/diagrams.py writes in the width attribute (from the viewBox).
SCALE = """i => { const s = getComputedStyle(i);
  const content = i.getBoundingClientRect().width - ['paddingLeft', 'paddingRight', 'borderLeftWidth',
    'borderRightWidth'].reduce((sum, k) => sum + parseFloat(s[k]), 0);
  return content / Number(i.getAttribute('width')); }"""  # the drawing's own width (Mermaid's SVG says 100%)


@pytest.fixture(scope="module")
def label_px(browser, site: Path) -> float:
    """The smallest label's font size in the SVG, in its own units."""
    page = browser.new_page()
    page.goto((site / soup(site / "channels.html").select_one("img.diagram")["src"]).as_uri())
    sizes = page.evaluate(SVG_FONT_SIZES)
    page.close()
    assert len(sizes) > 15, sizes
    return min(sizes)


def _loaded_diagram(page):
    img = page.locator("img.diagram")
    img.scroll_into_view_if_needed()  # it loads lazily
    page.wait_for_function("document.querySelector('img.diagram').complete")
    return img


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagram_labels_read_without_zooming_on_a_desktop(open_page, site: Path, label_px, scheme) -> None:
    page = open_page(
        (site / "channels.html").as_uri(), viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    drawn = label_px * _loaded_diagram(page).evaluate(SCALE)
    assert drawn >= 12, f"the diagram's labels are drawn at {drawn:.1f} px on a 1280-px window"


@pytest.mark.browser
def test_on_a_phone_the_self_check_comes_first_and_a_tap_opens_the_diagram_at_full_size(
    open_page, site: Path, label_px
) -> None:
    phone = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
    page = open_page((site / "channels.html").as_uri(), **phone)
    img = _loaded_diagram(page)
    form_top = page.locator("form.decision-check").bounding_box()["y"]
    assert form_top < img.bounding_box()["y"], "the self-check is not above the diagram"
    img.tap()
    zoom = page.locator("dialog.diagram-zoom[open]")
    zoom.wait_for()
    drawn = label_px * zoom.locator("img").evaluate(SCALE)
    panned = zoom.locator(".diagram-zoom-body").evaluate("b => (b.scrollLeft = 200, b.scrollLeft)")
    assert drawn >= 12 and panned > 0, f"labels drawn at {drawn:.1f} px, panned {panned} px"
    zoom.locator("button").tap()
    page.wait_for_function("!document.querySelector('dialog.diagram-zoom')")
    assert not page.problems, page.problems


# -- one source of truth; bad input ---------------------------------------------------------


@pytest.mark.slow
def test_changing_the_tree_changes_all_three_views(fixture_build) -> None:
    def edit(src: Path) -> None:
        tree = src / "tree.yaml"
        tree.write_text(
            tree.read_text(encoding="utf-8").replace("找招商经理", "改过的结论"), encoding="utf-8"
        )

    built = fixture_build("decision-tree", "html", edit=edit)
    assert built.ok, built.warnings
    page = soup(built.outdir / "index.html")
    views = {
        "self-check": page.select_one("form.decision-check").get_text(),
        "text version": page.select_one("#steps").get_text(),
        "diagram": "".join(svg_lines(_svg(built.outdir, "index.html"))),
    }
    for view, text in views.items():
        assert "改过的结论" in text and "找招商经理" not in text, f"the {view} did not follow the tree"


BROKEN = {
    # what to change in the fixture's tree.yaml → (line of the problem, words of the message)
    "unknown target": (
        ("yes: self-route", "yes: self-rout"),
        12,
        "“self-rout” is neither a question nor an outcome",
    ),
    "unreachable": (
        ("no: unknown-route", "no: self-route"),
        26,
        "“unknown-route” cannot be reached from the start",
    ),
    "loop": (
        ("no: unknown-route", "no: has-brand"),
        4,
        "the questions loop: has-brand → small-seller → has-brand",
    ),
    "bad channel": (("channel: open", "channel: maybe"), 27, "channel “maybe” is not one of"),
    "missing field": (("    says: 个人卖家通常自助注册。\n", ""), 21, "outcome “self-route” has no `says:`"),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_tree_fails_at_its_file_and_line(fixture_build, case: str) -> None:
    (old, new), line, message = BROKEN[case]

    def edit(src: Path) -> None:
        tree = src / "tree.yaml"
        text = tree.read_text(encoding="utf-8")
        assert old in text
        tree.write_text(text.replace(old, new, 1), encoding="utf-8")

    built = fixture_build("decision-tree", "dummy", edit=edit)
    # Three views use the file; the mistake is reported once.
    assert len(built.warnings) == 1, built.warnings
    assert f"tree.yaml:{line}: " in built.warnings[0] and message in built.warnings[0], built.warnings[0]
