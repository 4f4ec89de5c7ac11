"""The reviewed synonyms (seller slang → the site's words), ``[[synonym]]`` tables of
``words``, ``means`` and ``why``; a bad entry stops the build at its file and line.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ext.zh_search.folding import fold_to_simplified
from ext.zh_search.tokenizer import CJK_RE, InputError, canonical, read_input


@dataclass(frozen=True)
class Synonym:
    line: int  # of its [[synonym]] header
    words: tuple[str, ...]  # what sellers type
    means: tuple[str, ...]  # the site's own words or phrases; `why` is for the reviewer, checked only


def _synonym_word_problem(word: str, means: tuple[str, ...], seen: dict[str, int]) -> str | None:
    """Why ``word`` cannot be a synonym's word, or None; ``seen``: the words so far → their lines."""
    key = canonical(word)
    if len(key) < 2:
        return f"{word!r} is too short to match on its own"
    if CJK_RE.search(key) and re.search(r"[a-z0-9]", key):
        return f"{word!r} mixes Chinese and Latin letters; a query is cut between them: one word each"
    if CJK_RE.search(word) and fold_to_simplified(word) != word:
        return (
            f"write {word!r} in Simplified characters ({fold_to_simplified(word)}); "
            "Traditional queries are folded to it"
        )
    if key in {canonical(m) for m in means}:
        return f"{word!r} is also in `means`"
    if key in seen:
        return f"{word!r} is already an entry's word on line {seen[key]}"
    return None


def _synonym_entry(entry: dict, line: int, where, seen: dict[str, int]) -> Synonym:
    """The [[synonym]] table at ``line``, checked; ``where(key, line)`` is the file:line of a field."""
    for key in entry.keys() - {"words", "means", "why"}:
        raise InputError(f"{where(key, line)}: unexpected `{key}`; an entry has words, means and why")
    for key in ("words", "means"):
        value = entry.get(key)
        if not (isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value)):
            raise InputError(
                f'{where(key, line)}: `{key}` must be a list of one or more words, e.g. {key} = ["账号"]'
            )
    why = entry.get("why")
    if not (isinstance(why, str) and why.strip()):
        raise InputError(f"{where('why', line)}: say `why` sellers type these words")
    words = tuple(w.strip() for w in entry["words"])
    means = tuple(m.strip() for m in entry["means"])
    for word in words:
        if problem := _synonym_word_problem(word, means, seen):
            raise InputError(f"{where('words', line)}: {problem}")
        seen[canonical(word)] = line
    return Synonym(line, words, means)


def read_synonyms(path: Path) -> list[Synonym]:
    """Parse and check the synonym file. tomllib gives no positions: an entry's line is its
    ``[[synonym]]`` header's, a field's the line below it that names it."""
    text = read_input(path, "synonym file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"at line (\d+)", str(err))
        raise InputError(f"{path}:{line.group(1) if line else 1}: {err}") from None
    lines = text.splitlines()
    headers = [n for n, ln in enumerate(lines, 1) if re.match(r"\s*\[\[\s*synonym\s*\]\]", ln)]

    def where(key: str, start: int = 1) -> str:
        """file:line of ``key = …`` in the table that starts at ``start`` (else of ``start``)."""
        for number in range(start, len(lines) + 1):
            if re.match(rf"\s*{re.escape(key)}\s*=", lines[number - 1]):
                return f"{path}:{number}"
            if number > start and re.match(r"\s*\[", lines[number - 1]):
                break
        return f"{path}:{start}"

    for key in data.keys() - {"synonym"}:
        raise InputError(f"{where(key)}: unexpected `{key}`; write entries as [[synonym]] tables")
    entries = data.get("synonym", [])
    if not isinstance(entries, list) or len(entries) != len(headers):
        raise InputError(f"{path}:1: write every entry as a [[synonym]] table")
    synonyms: list[Synonym] = []
    seen: dict[str, int] = {}
    for entry, header in zip(entries, headers, strict=True):
        synonyms.append(_synonym_entry(entry, header, where, seen))
    return synonyms
