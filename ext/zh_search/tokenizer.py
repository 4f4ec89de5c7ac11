"""How the index and the queries cut text: jieba with the domain dictionary for Chinese,
Latin terms whole and split at hyphens, stop words out. ``python -m
ext.zh_search.tokenizer 招商经理多久联系我`` shows how a text is cut.
"""

import logging
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

from sphinx.search import SearchLanguage
from sphinx.search.en import SearchEnglish

# Question words and function words that say nothing about the topic. They are left out
# of the index and dropped from queries, so 账户被暂停怎么办 searches for 账户 / 暂停. Both
# sides use this one list (the index carries a copy), with Sphinx's English stop words.
CHINESE_STOPWORDS = frozenset(
    """
    如何 怎么 怎么办 怎样 怎么样 咋办 咋整 咋弄 为什么 为何 什么 啥 哪些 哪个 哪里 哪儿 哪
    多久 多长时间 多少 几天 几 能不能 能否 可不可以 可以 是否 是不是 有没有 会不会
    要不要 需不需要 需要 该怎么 应该 请问 一下 吗 呢 吧 啊 呀 么 嘛 的 了 着 过 地
    得 和 与 及 或 或者 以及 在 是 有 我 我们 你 你们 他 她 它 被 把 给 对 从 到 就
    都 也 还 又 才 该 这 那 这个 那个 里 中 时 后 前 之 其 等 将 会 能 想 做 要 去 一般 通常
    """.split()  # noqa: SIM905 - grouped lines read better than 100 quoted words
)
STOPWORDS = CHINESE_STOPWORDS | SearchEnglish.stopwords
# Words that say what a seller wants to know of a topic, not the topic: indexed (a heading
# says 第一步), but a query's match on them only breaks ties between the topic's sections.
INTENT_WORDS = frozenset(["第一步", "下一步", "办法", "方法", "做法", "步骤", "注意"])

# The site's words for jieba: conf.py's zh_search_dictionary, and the diagrams' line breaks.
DICTIONARY = Path(__file__).with_name("dictionary.txt")
CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# After NFKC and lower-casing: a run of Chinese characters, or a Latin/number term whose
# parts are joined by hyphens or dots (w-8ben-e, 5.2, sell.amazon.com).
TOKEN_RE = re.compile(rf"[{CJK_CHARS}]+|[a-z0-9]+(?:[-.][a-z0-9]+)*")
CJK_RE = re.compile(rf"[{CJK_CHARS}]")


def canonical(text: str) -> str:
    """How phrases are compared: NFKC, lower case, no spaces or hyphens (W-8BEN-E → w8bene)."""
    return re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", text).lower())


class InputError(ValueError):
    """A bad line in the dictionary or the synonym file; the message names file and line."""


def read_input(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: {what} not found") from None
    except UnicodeDecodeError as err:
        raise InputError(f"{path}: not UTF-8 ({err.reason} at byte {err.start})") from None


def read_dictionary(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of a jieba user dictionary (``word [frequency] [tag]``, # comments),
    reporting ``file:line: problem`` where jieba's own loader would silently cut words wrongly."""
    words = []
    seen: dict[str, int] = {}
    for lineno, raw in enumerate(read_input(path, "search dictionary").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        where = f"{path}:{lineno}"
        if len(line.split()) > 3:
            raise InputError(f"{where}: expected `word [frequency] [tag]`, got {line!r}")
        entry = re.fullmatch(r"(\S+)(?:\s+(\d+))?(?:\s+([a-z]+))?", line)
        if not entry:
            raise InputError(
                f"{where}: {line!r}: the frequency must be a whole number and the tag "
                "lowercase letters (jieba's `word [frequency] [tag]`)"
            )
        word, freq, tag = entry.groups()
        if not re.fullmatch(rf"[{CJK_CHARS}]{{2,}}", word):
            raise InputError(
                f"{where}: {word!r}: dictionary words are two or more Chinese characters; "
                "Latin terms (FBA, W-8BEN-E) are indexed as written, without the dictionary"
            )
        if word in seen:
            raise InputError(f"{where}: {word!r} is already on line {seen[word]}")
        seen[word] = lineno
        words.append((word, int(freq) if freq else None, tag))
    return words


@cache
def tokenizer(dictionary: str | None):
    """One jieba tokenizer per process and dictionary, made on first use (loading takes ~0.75 s),
    and its own: jieba's global one is shared with sphinx.search.zh."""
    import jieba  # noqa: PLC0415 - checked at setup(); kept local for a clear error there

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" lines on every build
    cutter = jieba.Tokenizer()
    cutter.initialize()
    for word, freq, tag in read_dictionary(Path(dictionary)) if dictionary else []:
        cutter.add_word(word, freq, tag)
    return cutter


class SearchChineseSeller(SearchLanguage):
    """Chinese (and the Latin terms in it) for this site's search index. Sphinx's defaults stay:
    no stemming (the browser would need the same stemmer) and no query splitter (search.js cuts
    queries against the index's own vocabulary)."""

    lang = "zh"
    language_name = "Chinese"
    stopwords = STOPWORDS

    def split(self, input: str) -> list[str]:  # SearchLanguage's signature
        words: list[str] = []
        for token in TOKEN_RE.findall(unicodedata.normalize("NFKC", input).lower()):
            if CJK_RE.match(token):
                # HMM off: guessed words (如高, 指在 …) would pollute the vocabulary the
                # browser segments queries against; the dictionary adds real ones.
                words.extend(tokenizer(self.options.get("dict") or None).cut_for_search(token, HMM=False))
            else:  # W-8BEN-E → w8bene (whole, hyphens dropped) and its parts w, 8ben, e
                parts = re.split(r"[-.]", token)
                words += [token.replace("-", ""), *parts] if len(parts) > 1 else [token]
        return words

    def word_filter(self, word: str) -> bool:
        return len(word) > 1 and word not in self.stopwords

    def terms(self, text: str) -> list[str]:
        """The index terms of ``text``: its words, less stop words and single characters."""
        return [w for w in self.split(text) if self.word_filter(w)]


if __name__ == "__main__":
    language = SearchChineseSeller({"dict": str(DICTIONARY)})
    for argument in sys.argv[1:]:
        cut, kept = " / ".join(language.split(argument)), " / ".join(language.terms(argument))
        print(f"{argument}: {cut}  →  indexed: {kept}")
