"""Word tables (months, numbers, units ...) from ``lexicons/timex_words.jsonl``, and the regex placeholders
built from them."""

from __future__ import annotations

import re
from functools import cache

from ..lexicon import load

PLURALS = {"century": "centuries"}

# Placeholders that are not word tables.
FIXED = {
    "year": r"(?:1[5-9]\d\d|20[0-4]\d)",
    # "nineteen ninety-four", "two thousand and one": years said out loud (broadcast transcripts)
    "spelled_year": r"(?:nineteen[\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|two\s+thousand(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)",
    "clock": r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|a\.m|p\.m|am|pm)|\d{1,2}:\d\d|noon|midnight|midday)",
}


@cache
def tables() -> dict[str, dict[str, object]]:
    """table name -> {lower-case word: value}."""
    out: dict[str, dict[str, object]] = {}
    for entry in load("timex_words"):
        out.setdefault(entry["table"], {})[entry["word"].lower()] = entry["value"]
    return out


def alternation(words) -> str:
    """Longest first, so that "a couple of" wins over "a"; spaces match any whitespace."""
    parts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in parts) + ")"


def plural(unit: str) -> str:
    return PLURALS.get(unit, unit + "s")


@cache
def placeholders() -> dict[str, str]:
    t = tables()
    units = list(t["unit"])
    cardinal = alternation(t["number"])
    out = {name: alternation(words) for name, words in t.items()}
    out.update(FIXED)
    out["units"] = alternation(units + [plural(u) for u in units])
    out["plural_units"] = alternation(plural(u) for u in units if u not in ("quarter", "second"))
    out["num"] = (
        rf"(?:\d[\d,]*(?:\.\d+)?(?:\s+1/2)?|{out['number_phrase']}|{cardinal}(?:[\s-]+(?:and\s+)?{cardinal})*)"
    )
    return out


def lookup(table: str, word: str):
    """The value of ``word`` (any case, any inner whitespace) in ``table``."""
    return tables()[table].get(" ".join(word.lower().split()))


def unit_code(word: str) -> str:
    word = word.lower()
    singular = next((u for u in tables()["unit"] if word in (u, plural(u))), word)
    return tables()["unit"][singular]


def number(text: str) -> float | None:
    """'24', '1,000', 'twenty-four', 'a couple of', 'two hundred' -> the number; None if not a number."""
    text = " ".join(text.lower().replace("-", " ").split())
    digits = text.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits)
    if re.fullmatch(r"\d+ 1/2", digits):
        return float(digits.split()[0]) + 0.5
    phrase = tables()["number_phrase"].get(text)
    if phrase is not None:
        return float(phrase)
    total = current = 0.0
    for word in text.split():
        if word == "and":
            continue
        value = tables()["number"].get(word)
        if value is None:
            return None
        if value in (100, 1000):
            current = (current or 1) * value
            if value == 1000:
                total, current = total + current, 0.0
        else:
            current += value
    return total + current


@cache
def lead_regex() -> re.Pattern:
    """Lead words that fix a direction ("as soon as Tuesday", "since March"), right before an expression."""
    words = alternation(tables()["lead_direction"])
    return re.compile(rf"(?<!\w)({words})\s+(?:on\s+|the\s+)?$", re.I)


def year_number(text: str) -> int:
    """'1994' or 'nineteen ninety-four' -> 1994."""
    if text.isdigit():
        return int(text)
    words = text.lower().replace("-", " ").split()
    if words[0] == "nineteen":
        return 1900 + sum(int(tables()["number"][w]) for w in words[1:])
    return 2000 + sum(int(tables()["number"][w]) for w in words[2:] if w != "and")
