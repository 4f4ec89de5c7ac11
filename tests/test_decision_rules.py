"""The channel decision never says what the article does not: every combination of facts (one
per question key of source/channel-decision.yaml) is walked through the tree and held
against the article's statements, written below as rules; a broken fixture tree fails.
"""

import itertools

from ext.decision_tree import Tree, load_tree, plain
from tests.builds import ROOT

# 具备自主品牌（自有商标注册）、月出货SKU超50个、计划使用FBA发货或拓展多国站点的中大型卖家最受益:
# who gains most, not who may enter (any company can choose 联系招商团队 on sell.amazon.com).
MID_TO_LARGE = ("company", "own-brand", "trademark-registered", "sku-over-50", "fba-or-marketplaces")
FACTS = (*MID_TO_LARGE, "testing-the-water", "startup-with-documents")  # every fact the rules read
# The strength the article gives each route, which its outcome keeps.
STRENGTH = {"event": "也可以", "self": "通常"}
EVERYONE = ("#rejection-causes", "#fraud-warning", "#often-overlooked")
ROUTE_ONLY = "#materials-checklist"  # the 招商 route's materials: its outcomes' next step, not everyone's


def walk(tree: Tree, seller: dict[str, bool]) -> tuple[list[tuple[str, str]], str]:
    """The answers a seller gives on the way, [(question, "yes" or "no"), …], and the outcome."""
    taken, key = [], tree.start.value
    while key in tree.questions:
        taken.append((key, "yes" if seller[key] else "no"))
        key = tree.questions[key].answers[taken[-1][1]].value
    return taken, key


def broken_rules(tree: Tree, seller: dict[str, bool], outcome_key: str) -> list[str]:
    outcome = tree.outcomes[outcome_key]
    next_step = outcome.next.value if outcome.next else ""
    text = plain(f"{outcome.title.value}{outcome.says.value}{next_step}")
    profile = all(seller[f] for f in MID_TO_LARGE)
    broken = []
    if not (seller["company"] and seller["own-brand"]):
        if outcome.channel != "self" and "通常" not in text:
            broken.append("个人 and 白牌 sellers must be told they usually (通常) go to 自助注册")
    elif seller["testing-the-water"]:
        if outcome.channel in {"recruiting", "event"} and "试水" not in text:
            broken.append("a seller who only tests the water must hear the 招商经理通道 does not suit them")
    elif outcome.channel not in {"recruiting", "event"}:
        broken.append("the 最受益 profile is not a gate: a company with a brand can contact the 招商团队")
    elif profile != ("最受益" in plain(outcome.title.value)):
        broken.append("the outcome's title says 最受益 exactly when the seller has the whole profile")
    elif not profile and seller["startup-with-documents"] and "线下活动" not in text:
        broken.append("a startup with complete supply-chain documents may also (也可以) try official events")
    if outcome.channel in STRENGTH and STRENGTH[outcome.channel] not in text:
        broken.append(f"the {outcome.channel} outcome lost the article's “{STRENGTH[outcome.channel]}”")
    if (ROUTE_ONLY in next_step) != (outcome.channel in {"recruiting", "event"}):
        broken.append(f"the 招商 route's materials ({ROUTE_ONLY}) are the next step of its outcomes only")
    if "](" not in next_step or "暂无" in next_step:
        broken.append("the next step is a step to take, with a link (never 本站暂无资料)")
    return broken


def check(tree: Tree) -> list[str]:
    unknown = set(tree.questions) - set(FACTS)
    assert not unknown, f"the tree asks about {unknown}, which no rule knows: add them to FACTS"
    problems = set()
    for answers in itertools.product((True, False), repeat=len(FACTS)):
        seller = dict(zip(FACTS, answers, strict=True))
        taken, outcome = walk(tree, seller)
        path = [f"{tree.questions[key].label.value} {'是' if seller[key] else '否'}" for key, _a in taken]
        unasked = ", ".join(f"{f} {'是' if seller[f] else '否'}" for f in FACTS if f not in tree.questions)
        where = " → ".join(path) + f" → {outcome}" + (f" (not asked: {unasked})" if unasked else "")
        problems |= {f"{where}: {rule}" for rule in broken_rules(tree, seller, outcome)}
    return sorted(problems)


def test_no_answer_path_contradicts_the_article() -> None:
    tree = load_tree(ROOT / "source" / "channel-decision.yaml")
    assert not check(tree), "paths that say what the article does not:\n" + "\n".join(check(tree))
    everyone = tree.everyone.value if tree.everyone else ""
    assert all(anchor in everyone for anchor in EVERYONE) and ROUTE_ONLY not in everyone, (
        f"every outcome must point to what applies to all sellers ({', '.join(EVERYONE)}), not {ROUTE_ONLY}"
    )


def test_a_tree_that_gates_or_misroutes_sellers_fails() -> None:
    """The old trees' flaws: a white-label seller with many SKUs told 走招商经理通道, and a
    company with a brand but few SKUs sent away from the 招商团队 as if the profile were a gate."""
    problems = check(load_tree(ROOT / "tests" / "fixtures" / "decision-rules" / "tree.yaml"))
    expected = "以公司身份开店？ 是 → 有自己的品牌？ 否 → 月出货 SKU 超过 50 个？ 是 → recruiting-channel ("
    assert any(p.startswith(expected) and "通常" in p for p in problems), "\n".join(problems)
    assert any("testing-the-water 是" in p and "tests the water" in p for p in problems), "\n".join(problems)
    gated = "有自己的品牌？ 是 → 月出货 SKU 超过 50 个？ 否 → self-service"
    assert any(gated in p and "testing-the-water 否" in p and "not a gate" in p for p in problems)
