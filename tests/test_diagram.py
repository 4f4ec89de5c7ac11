"""The channel decision's three views: a static, legible SVG diagram, a text version with
every statement (collapsed on the web), and a self-check that reaches every outcome in
Chromium; one source for all three, and a clear error for a broken tree.
"""

import io
import itertools
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import expect

from ext.decision_tree import break_label, load_tree, plain
from tests.builds import ROOT, soup, squash
from tests.test_decision_rules import walk

TREE = load_tree(ROOT / "source" / "channel-decision.yaml")
# Chinese line breaking (避头尾): no line starts with these, and none ends with those.
MUST_NOT_START = set("、，。；：？！）」』”")
MUST_NOT_END = set("（「『“")
VARIANTS = ["dark", "light", "phone-dark", "phone-light"]


def drawings(site: Path, page: str = "channels.html") -> dict[str, Path]:
    """The page's drawings: variant ("light", "dark", "phone-light", "phone-dark") → file."""
    found = {}
    for picture in soup(site / page).select(".diagram-scroll picture"):
        scheme = picture["class"][0].removeprefix("diagram-")
        found[scheme] = site / picture.img["src"]
        if source := picture.source:
            found[f"phone-{scheme}"] = site / source["srcset"]
    return found


def statements(tree) -> list[str]:
    """Every statement of the tree, as a reader sees it (whitespace aside)."""
    texts = [tree.everyone]
    for question in tree.questions.values():
        texts += [question.ask, question.note]
    for outcome in tree.outcomes.values():
        texts += [outcome.badge, outcome.title, outcome.says, outcome.next]
    return [squash(plain(text.value)) for text in texts if text]


def edit_tree(old: str, new: str):
    """A fixture_build edit: the first ``old`` in the fixture's tree.yaml becomes ``new``."""

    def edit(src: Path) -> None:
        text = (src / "tree.yaml").read_text(encoding="utf-8")
        assert old in text
        (src / "tree.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


# -- the diagram --------------------------------------------------------------------


def test_the_diagram_has_a_drawing_per_screen_and_theme_with_alt_text(site: Path) -> None:
    imgs = soup(site / "channels.html").select("#channel-decision-diagram img.diagram")
    assert len(imgs) == 2 and all(len(img.get("alt", "")) >= 10 for img in imgs)
    assert sorted(drawings(site)) == VARIANTS


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_drawing_shows_the_whole_tree(site: Path, variant: str) -> None:
    """A static SVG with every question and outcome, its label lines broken by Chinese rules,
    each outcome named by its badge and filled with its channel's colour."""
    svg = drawings(site)[variant].read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<svg") and "<script" not in svg
    drawing = BeautifulSoup(svg, "html.parser")  # parsed: svgo reorders attributes
    rows = [row.get_text().strip() for row in drawing.select("tspan.row")]  # a label's lines
    lines = [line for line in rows if line]
    texts = [q.label.value for q in TREE.questions.values()] + [o.title.value for o in TREE.outcomes.values()]
    assert not [text for text in texts if squash(plain(text)) not in squash("".join(lines))], "labels missing"
    bad = [line for line in lines if line[0] in MUST_NOT_START or line[-1] in MUST_NOT_END]
    assert not bad, f"label lines that break Chinese line-breaking rules: {bad}"
    fills = {}
    for outcome in TREE.outcomes.values():
        node = drawing.find("g", class_="node", id=re.compile(rf"-n_{outcome.key.replace('-', '_')}-\d+$"))
        assert node and outcome.channel in node["class"], f"{outcome.key} not drawn as {outcome.channel}"
        assert f"【{outcome.badge.value}】" in node.get_text(), f"{outcome.key} lacks its badge"
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
    split = re.findall(r"[A-Za-z0-9]\n[A-Za-z0-9.]", "\n".join(lines))
    assert not split, f"a Latin word or number split across lines: {split} in {lines}"


# -- the text version -----------------------------------------------------------------


def test_text_version_holds_every_statement_of_the_tree(site: Path) -> None:
    section = soup(site / "channels.html").find(id="channel-flow-text")
    assert section.select_one("details.decision-text:not([open]) > summary"), "not collapsed on the web"
    text = squash(section.get_text())
    missing = [statement for statement in statements(TREE) if statement not in text]
    assert not missing, f"statements of the tree missing from the text version: {missing}"


# -- the self-check, in Chromium -------------------------------------------------------


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
    paths = set()  # every way through the tree: its answers, and the outcome
    for answers in itertools.product((True, False), repeat=len(TREE.questions)):
        taken, outcome = walk(TREE, dict(zip(TREE.questions, answers, strict=True)))
        paths.add((tuple(taken), outcome))
    for answers, outcome in sorted(paths):
        reset.wait_for(state="hidden")  # nothing to start again from until a first answer
        for question, answer in answers:
            page.check(f"input[name='channel-self-check-{question}'][value='{answer}']")
        numbers = [n.strip() for n in form.locator("fieldset:visible .decision-number").all_inner_texts()]
        assert numbers == [f"{n}." for n in range(1, len(answers) + 1)], f"{answers}: numbered {numbers}"
        shown = form.locator(".decision-outcome:visible")
        assert shown.count() == 1, f"{answers}: {shown.count()} outcomes shown"
        assert shown.get_attribute("data-node") == outcome
        assert region.locator(f"[data-node='{outcome}']").is_visible()
        assert shown.locator(".decision-badge").inner_text() == TREE.outcomes[outcome].badge.value
        badge_colour = shown.locator(".decision-badge").evaluate("el => getComputedStyle(el).backgroundColor")
        assert badge_colour not in ("rgba(0, 0, 0, 0)", "transparent"), "the badge has no colour"
        reset.click()
        expect(form.locator(f"[name='channel-self-check-{TREE.start.value}']").first).to_be_focused()
    assert not page.problems, page.problems


@pytest.mark.browser
def test_without_javascript_the_text_version_stands_in(open_page, site: Path) -> None:
    page = open_page((site / "channels.html").as_uri(), java_script_enabled=False)
    assert not page.locator("form.decision-check").is_visible()
    page.locator("#channel-flow-text summary").click()  # <details> opens without JavaScript
    assert page.locator("#channel-flow-text ol li").first.is_visible()
    assert _shown(page).evaluate("i => i.naturalWidth > 0"), "the diagram did not load"


def _luminance(rgb) -> float:
    """WCAG's relative luminance of an sRGB colour."""
    lin = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.browser
@pytest.mark.parametrize("variant", VARIANTS)
def test_every_label_reads_on_its_ground(open_page, site: Path, variant: str) -> None:
    """Each label, in a screenshot of the drawing at its own size, has AA contrast (4.5:1)
    between its text and its box; the dark drawings are dark overall (no white slab)."""
    path = drawings(site)[variant]
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', path.read_text())
    width, height = float(box[1]), float(box[2])
    page = open_page(path.as_uri(), viewport={"width": int(width) + 40, "height": int(height) + 40})
    boxes = page.eval_on_selector_all(
        "text",
        """els => els.filter(e => e.textContent.trim()).map(e => {
             const r = e.getBoundingClientRect();
             return [e.textContent.trim(), r.left, r.top, r.right, r.bottom];
           })""",
    )
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    assert len(boxes) > 15, boxes
    faint = []
    for text, *box in boxes:
        assert box[2] <= shot.width and box[3] <= shot.height, f"“{text}” lies outside the screenshot"
        colours = shot.crop(tuple(round(v) for v in box)).getcolors(1 << 16)
        ground = _luminance(max(colours)[1])  # the commonest colour: the box behind the text
        ink = max((_luminance(rgb) for _n, rgb in colours), key=lambda lum: abs(lum - ground))
        ratio = (max(ground, ink) + 0.05) / (min(ground, ink) + 0.05)
        if ratio < 4.5:
            faint.append(f"{text} ({ratio:.1f}:1)")
    assert not faint, f"{variant}: labels under AA contrast: {faint}"
    if variant.endswith("dark"):
        mean = sum(_luminance(rgb) * n for n, rgb in shot.getcolors(1 << 20)) / (shot.width * shot.height)
        assert mean < 0.45, f"{variant}: mean luminance {mean:.2f}, a bright slab in the dark theme"


# How large a drawing's labels are where it is shown: their size in the SVG, scaled as the
# drawing is (its content box against the width the <img> or <source> declares).
LABEL_PX = """i => { const s = getComputedStyle(i);
  const content = i.getBoundingClientRect().width - ['paddingLeft', 'paddingRight', 'borderLeftWidth',
    'borderRightWidth'].reduce((sum, k) => sum + parseFloat(s[k]), 0);
  const source = i.currentSrc === i.src ? i : i.parentElement.querySelector('source');
  return content / Number(source.getAttribute('width')); }"""


def _shown(page):
    """The drawing the reader sees, once it has loaded (lazily: scrolled to)."""
    img = page.locator(".diagram-scroll img.diagram:visible")
    img.scroll_into_view_if_needed()
    expect(img).to_have_js_property("complete", True)
    return img


SCREENS = {  # name → (viewport, phone?, furo's theme setting, the system's, the drawing expected)
    "phone-360-light": ({"width": 360, "height": 740}, True, "auto", "light", "phone-light"),
    "phone-390-system-dark": ({"width": 390, "height": 844}, True, "auto", "dark", "phone-dark"),
    "phone-360-toggle-dark": ({"width": 360, "height": 740}, True, "dark", "light", "phone-dark"),
    "desktop-light": ({"width": 1280, "height": 900}, False, "auto", "light", "light"),
    "desktop-toggle-dark": ({"width": 1280, "height": 900}, False, "dark", "light", "dark"),
    "desktop-toggle-light-system-dark": ({"width": 1280, "height": 900}, False, "light", "dark", "light"),
}


@pytest.mark.browser
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_each_screen_and_theme_loads_one_drawing_readable_without_zooming_in_the_page(
    open_page, site: Path, screen: str
) -> None:
    viewport, phone, theme, system, expected = SCREENS[screen]
    touch = {"is_mobile": phone, "has_touch": phone}
    page = open_page((site / "channels.html").as_uri(), viewport=viewport, color_scheme=system, **touch)
    page.evaluate(f"localStorage.setItem('theme', '{theme}')")  # furo reads it as the page loads
    page.requests.clear()
    page.reload()
    img = _shown(page)
    file = drawings(site)[expected]
    assert img.evaluate("i => i.currentSrc").endswith(file.name), f"{screen}: not the {expected} drawing"
    fetched = [url for url in page.requests if "/mermaid-" in url]
    assert [url.rsplit("/", 1)[1] for url in fetched] == [file.name], f"{screen}: fetched {fetched}"
    font_px = min(float(px) for px in re.findall(r"font-size:([\d.]+)px", file.read_text(encoding="utf-8")))
    drawn = font_px * img.evaluate(LABEL_PX)
    assert drawn >= 12, f"{screen}: labels drawn at {drawn:.1f} px"
    if phone:
        form_top = page.locator("form.decision-check").bounding_box()["y"]
        assert form_top < img.bounding_box()["y"], "the self-check is not above the diagram"
    # A tap stays on the page: a drawing scaled to a phone opens at its own size in a dialog,
    # which pans; a desktop's, nearly at its own size, stays as it is.
    url, zoom = page.url, page.locator("dialog.diagram-zoom[open]")
    img.tap() if phone else img.click()
    if phone:
        assert zoom.locator("img").evaluate(LABEL_PX) >= 1, "the dialog does not show it at its own size"
        zoom.locator("button").tap()
        page.wait_for_function("!document.querySelector('dialog.diagram-zoom')")
    else:
        assert img.evaluate(LABEL_PX) >= 0.9 and not zoom.count(), "a desktop's drawing was scaled or zoomed"
    assert page.url == url, f"the tap left the page for {page.url}"
    assert not page.problems, page.problems


# -- one source of truth; bad input ---------------------------------------------------------


@pytest.mark.slow
def test_changing_the_tree_changes_all_three_views_without_chromium(fixture_build, monkeypatch) -> None:
    """The self-check and the text version follow the tree; the diagram, now without a
    drawing, is reported once, naming the command that draws it."""
    monkeypatch.setenv("CHROMIUM", "/nonexistent")
    built = fixture_build("decision-tree", "html", edit=edit_tree("找招商经理", "改过的结论"))
    assert len(built.warnings) == 1 and "index.md:" in built.warnings[0], built.warnings
    assert "run `make diagrams`" in built.warnings[0] and "CHROMIUM=/nonexistent" in built.warnings[0]
    page = soup(built.outdir / "index.html")
    views = {"self-check": page.select_one("form.decision-check"), "text version": page.select_one("#steps")}
    for view, element in views.items():
        assert "改过的结论" in element.get_text() and "找招商经理" not in element.get_text(), view


@pytest.mark.slow
def test_the_site_builds_without_chromium_from_the_drawings_it_ships(site: Path) -> None:
    """Every drawing the site shows is committed in source/_diagrams/, and nothing else is:
    a fresh clone builds without a browser (an HTML build draws only what it cannot find)."""
    listed = subprocess.run(
        ["git", "ls-files", "source/_diagrams"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    shipped = {Path(line).name for line in listed.stdout.split()}
    pages = "".join(page.read_text(encoding="utf-8") for page in site.glob("*.html"))
    shown = set(re.findall(r"mermaid-[0-9a-f]{16}\.svg", pages))
    assert shown <= shipped, f"not committed: {sorted(shown - shipped)}: `make diagrams`, then commit them"
    assert shipped <= shown, (
        f"drawings no diagram uses: {sorted(shipped - shown)}: `make diagrams` removes them"
    )


@pytest.mark.slow
@pytest.mark.parametrize("builder", ["text", "latex"])
def test_every_builder_builds_the_tree_as_text(fixture_build, monkeypatch, builder: str) -> None:
    """Plain text (what wikis and assistants paste) and LaTeX: the questions and outcomes in
    full, the diagram's description, no browser."""
    monkeypatch.setenv("CHROMIUM", "/nonexistent")
    built = fixture_build("decision-tree", builder)
    assert built.ok, built.warnings
    output = next(built.outdir.glob("*.txt" if builder == "text" else "*.tex")).read_text(encoding="utf-8")
    text = squash(re.sub(r"\\[A-Za-z]+(\[[^]]*\])?|[{}]", "", output))  # LaTeX's commands dropped
    tree = load_tree(ROOT / "tests" / "fixtures" / "decision-tree" / "tree.yaml")
    missing = [statement for statement in statements(tree) if statement not in text]
    assert not missing, f"the {builder} output lacks statements of the tree: {missing}"
    assert "流程图" in text, "the diagram's description is missing"


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
    built = fixture_build("decision-tree", "dummy", edit=edit_tree(old, new))
    # Three views use the file; the mistake is reported once.
    assert len(built.warnings) == 1, built.warnings
    assert f"tree.yaml:{line}: " in built.warnings[0] and message in built.warnings[0], built.warnings[0]
