"""The rules of ``lexicons/timex_rules.jsonl``, compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import LexiconError, load
from .tables import alternation, placeholders, plural, tables

# A match must not start or end inside a word or a number ("$1990", "1990s" as a year, "1,990.5").
_BEFORE = r"(?<![\w$£€.,/'])"
_AFTER = r"(?![\w%]|[.,/]\d)"
# "the next year or so", "1990 or so": the approximator closes the expression (TIMEX3 mod APPROX).
_OR_SO = r"(?:\s+or\s+so)?"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")

# Groups naming a month, weekday or holiday must be capitalized ("may", "march" are verbs).
CAPITALIZED = ("month", "weekday", "holiday")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str  # the resolver that values its matches
    type: str  # DATE | TIME | DURATION | SET
    regex: re.Pattern
    priority: int


def _expand(pattern: str, rule_id: str) -> str:
    names = placeholders()

    def fill(m: re.Match) -> str:
        if m.group(1) not in names:
            raise LexiconError(f"timex_rules.jsonl {rule_id}: unknown placeholder {{{m.group(1)}}}")
        return names[m.group(1)]

    return _PLACEHOLDER.sub(fill, pattern)


@cache
def rules() -> tuple[Rule, ...]:
    out = []
    for priority, entry in enumerate(load("timex_rules")):
        pattern = _BEFORE + "(?:" + _expand(entry["pattern"], entry["id"]) + ")" + _OR_SO + _AFTER
        regex = re.compile(pattern, re.I)
        out.append(Rule(entry["id"], entry["kind"], entry["type"], regex, priority))
    return tuple(out)


# Tables whose words can anchor an expression on their own ("March", "weeks", "now", "daily" ...).
ANCHOR_TABLES = (
    "month",
    "weekday",
    "season",
    "part_of_day",
    "ref_word",
    "set_word",
    "decade_word",
    "holiday",
    "ordinal",
    "anchor",
)
# Digits anchor only as a year, a clock time, a numeric date or a decade; day numbers and counts ("14 days")
# come with a month or unit word.
DIGIT_ANCHORS = r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)|\d[:/]\d|\d\s*[ap]\.?m\b|'\d0s"
WINDOW = 40  # no expression reaches further than this from its anchor (24 chars on the dev sets)


@cache
def anchor_regex() -> re.Pattern:
    t = tables()
    words = [w for name in ANCHOR_TABLES for w in t[name]]
    words += [form for unit in t["unit"] for form in (unit, plural(unit))]
    return re.compile(rf"{DIGIT_ANCHORS}|(?<!\w){alternation(words)}", re.I)


def regions(text: str) -> list[tuple[int, int]]:
    """Stretches of text around anchor words, cut at whitespace: the only places a rule can match.
    One cheap pass instead of every rule scanning every character."""
    out: list[tuple[int, int]] = []
    for m in anchor_regex().finditer(text):
        start, end = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def candidates(text: str) -> list[tuple[Rule, re.Match]]:
    """Every rule's matches, then the longest non-overlapping ones (earlier rule on a tie), in text order."""
    found = []
    spans = regions(text)
    for rule in rules():
        for start, end in spans:
            for m in rule.regex.finditer(text, start, end):
                if _capitalized(m):
                    found.append((rule, m))
    found.sort(key=lambda rm: (rm[1].start() - rm[1].end(), rm[0].priority, rm[1].start()))
    taken = bytearray(len(text))
    chosen = []
    for rule, m in found:
        if not any(taken[m.start() : m.end()]):
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            chosen.append((rule, m))
    chosen.sort(key=lambda rm: rm[1].start())
    return chosen


def _capitalized(m: re.Match) -> bool:
    groups = m.re.groupindex
    for name in CAPITALIZED:
        if name in groups:
            word = m.group(name)
            if word is not None and not word[0].isupper():
                return False
    return True
