"""The channel decision never says what the article does not: every combination of facts (one
per question key of source/channel-decision.yaml) is walked through the tree and held
against the article's statements, written below as rules; a broken fixture tree fails.
"""

import itertools

from ext.decision_tree import Tree, load_tree, plain
from tests.builds import ROOT

FACTS = (
    "company",
    "own-brand",
    "testing-the-water",
    "trademark-registered",
    "sku-over-50",
    "fba-or-marketplaces",
    "startup-with-documents",
)
# 具备自主品牌（自有商标注册）、月出货SKU超50个、计划使用FBA发货或拓展多国站点的中大型卖家最受益
MID_TO_LARGE = ("company", "own-brand", "trademark-registered", "sku-over-50", "fba-or-marketplaces")
# The strength the article gives each route, which its outcome keeps.
STRENGTH = {"recruiting": "最受益", "event": "也可以", "self": "通常"}
EVERYONE = ("#materials-checklist", "#rejection-causes", "#fraud-warning", "#often-overlooked")


def walk(tree: Tree, seller: dict[str, bool]) -> tuple[str, list[str]]:
    """The outcome a seller reaches, and the answers on the way (question label: 是/否)."""
    key, path = tree.start.value, []
    while key in tree.questions:
        question = tree.questions[key]
        answer = seller[key]
        path.append(f"{question.label.value} {'是' if answer else '否'}")
        key = question.answers["yes" if answer else "no"].value
    return key, path


def broken_rules(tree: Tree, seller: dict[str, bool], outcome_key: str) -> list[str]:
    outcome = tree.outcomes[outcome_key]
    text = plain(f"{outcome.title.value}{outcome.says.value}")
    broken = []
    if outcome.channel == "recruiting" and not all(seller[f] for f in MID_TO_LARGE):
        broken.append(
            "the 招商经理通道 is only for the mid-to-large profile (brand, trademark, >50 SKUs, FBA)"
        )
    if (
        (not seller["company"] or not seller["own-brand"])
        and outcome.channel != "self"
        and "通常" not in text
    ):
        broken.append("个人 and 白牌 sellers must be told they usually (通常) go to 自助注册")
    if seller["testing-the-water"] and outcome.channel in {"recruiting", "event"} and "试水" not in text:
        broken.append("a seller who only tests the water must hear that the 招商经理通道 does not suit them")
    if outcome.channel in STRENGTH and STRENGTH[outcome.channel] not in text:
        broken.append(f"the {outcome.channel} outcome lost the article's “{STRENGTH[outcome.channel]}”")
    startup = seller["startup-with-documents"] and seller["company"] and seller["own-brand"]
    if startup and not seller["testing-the-water"] and outcome.channel == "open":
        broken.append(
            "a startup with complete supply-chain documents may also (也可以) try the official events"
        )
    return broken


def check(tree: Tree) -> list[str]:
    unknown = set(tree.questions) - set(FACTS)
    assert not unknown, f"the tree asks about {unknown}, which no rule knows: add them to FACTS"
    problems = set()
    for answers in itertools.product((True, False), repeat=len(FACTS)):
        seller = dict(zip(FACTS, answers, strict=True))
        outcome, path = walk(tree, seller)
        unasked = ", ".join(f"{f} {'是' if seller[f] else '否'}" for f in FACTS if f not in tree.questions)
        where = " → ".join(path) + f" → {outcome}" + (f" (not asked: {unasked})" if unasked else "")
        problems |= {f"{where}: {rule}" for rule in broken_rules(tree, seller, outcome)}
    return sorted(problems)


def test_no_answer_path_contradicts_the_article() -> None:
    tree = load_tree(ROOT / "source" / "channel-decision.yaml")
    assert not check(tree), "paths that say what the article does not:\n" + "\n".join(check(tree))
    assert tree.everyone and all(anchor in tree.everyone.value for anchor in EVERYONE), (
        "every outcome must point to what applies to all sellers: " + ", ".join(EVERYONE)
    )


def test_a_tree_that_sends_white_label_sellers_to_the_recruiting_channel_fails() -> None:
    """The old tree's flaw: a white-label seller with many SKUs was told 走招商经理通道."""
    problems = check(load_tree(ROOT / "tests" / "fixtures" / "decision-rules" / "tree.yaml"))
    expected = "以公司身份开店？ 是 → 有自己的品牌？ 否 → 月出货 SKU 超过 50 个？ 是 → recruiting-channel ("
    assert any(p.startswith(expected) and "通常" in p for p in problems), "\n".join(problems)
    assert any("testing-the-water 是" in p and "tests the water" in p for p in problems), "\n".join(problems)
