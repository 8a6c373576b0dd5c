"""A cheap check for text that is probably not English: the model and the lexicons are English-only,
so such text is still answered (best effort) but with a ``warnings`` entry saying so.

No language-identification model: the share of Latin letters among all letters, and for Latin
text the common function words of English against those of other European languages.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .events import lexicon

WORD = re.compile(r"[^\W\d_]+")
SAMPLE = 20_000  # characters looked at: enough to decide, cheap on a 200,000-character text
MIN_LETTERS = 20
MIN_WORDS = 8


@cache
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    """English function words, and those of other Latin-script languages (lexicons/function_words.jsonl).

    A headline short of English function words is not flagged; a French sentence is."""
    by_id = {entry["id"]: frozenset(entry["words"]) for entry in lexicon.load("function_words")}
    return by_id["function_words.en"], by_id["function_words.other_latin"]


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def non_english_warning(text: str) -> str | None:
    """A warning for text that does not look English, or None."""
    sample = text[:SAMPLE]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    latin = sum(1 for c in letters if c.isascii() or _script(c) == "LATIN")
    if latin / len(letters) < 0.5:
        scripts: dict[str, int] = {}
        for c in letters:
            if not c.isascii():
                scripts[s] = scripts.get(s := _script(c), 0) + 1
        main = max(scripts, key=scripts.get)
        return (
            f"The text looks non-English (mostly {main if main == 'CJK' else main.title()} script); the model and lexicons "
            "are English, so results are best effort."
        )
    words = WORD.findall(sample.lower())
    english_words, foreign_words = _function_words()
    english = sum(1 for w in words if w in english_words)
    foreign = sum(1 for w in words if w in foreign_words)
    if len(words) >= MIN_WORDS and foreign >= 3 and foreign > 2 * english:
        return (
            "The text looks non-English (common words of another language); the model and lexicons are "
            "English, so results are best effort."
        )
    return None
