"""Traditional → Simplified, from OpenCC's tables, cut down to the characters and words the
index holds (search.js folds a query with it).
"""

from functools import cache

from ext.zh_search.tokenizer import CJK_RE


@cache
def _opencc(config: str):
    import opencc  # noqa: PLC0415 - a build requirement (requirements/docs.in), needed only here

    return opencc.OpenCC(config)


def fold_to_simplified(text: str) -> str:
    return _opencc("t2s").convert(text)


@cache
def _traditional_chars() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each CJK character OpenCC folds, and what t2s, tw2s and hk2s fold it to (in that order)."""
    chars = [c for c in map(chr, range(0x3400, 0xFB00)) if CJK_RE.match(c)]  # the index's CJK blocks
    # One call per table: a newline ends every phrase, so each character converts alone.
    folded = [_opencc(name).convert("\n".join(chars)).split("\n") for name in ("t2s", "tw2s", "hk2s")]
    return tuple(
        (char, tuple(dict.fromkeys(f[i] for f in folded if f[i] != char)))
        for i, char in enumerate(chars)
        if any(f[i] != char for f in folded)
    )


def traditional_map(site_chars: set[str], words: set[str]) -> tuple[str, dict[str, str]]:
    """(Traditional, Simplified) character pairs for every character OpenCC folds to one the site
    uses, and the Traditional spellings of the index's words that those pairs would not fold
    back (著手 → 着手); regional vocabulary (資料 for 数据) is left out."""
    table: dict[str, str] = {}
    for char, targets in _traditional_chars():
        if char not in site_chars:
            target = next((t for t in targets if t in site_chars), None)
            if target:
                table[char] = target
    phrases: dict[str, str] = {}
    for word in sorted(w for w in words if CJK_RE.search(w)):
        for config in ("s2t", "s2tw", "s2hk"):
            spelling = _opencc(config).convert(word)
            traditional = fold_to_simplified(spelling) != spelling  # else it reads as Simplified too
            if traditional and "".join(table.get(c, c) for c in spelling) != word:
                phrases[spelling] = word
    return "".join(f"{t}{s}" for t, s in sorted(table.items())), phrases
