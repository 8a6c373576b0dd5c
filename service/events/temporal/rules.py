"""The rules of ``lexicons/timex_rules.jsonl``, compiled once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..lexicon import LexiconError, load
from .tables import placeholders

# A match must not start or end inside a word or a number ("$1990", "1990s" as a year, "1,990.5").
_BEFORE = r"(?<![\w$£€.,/'])"
_AFTER = r"(?![\w%]|[.,/]\d)"
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
        regex = re.compile(_BEFORE + "(?:" + _expand(entry["pattern"], entry["id"]) + ")" + _AFTER, re.I)
        out.append(Rule(entry["id"], entry["kind"], entry["type"], regex, priority))
    return tuple(out)


def candidates(text: str) -> list[tuple[Rule, re.Match]]:
    """Every rule's matches, then the longest non-overlapping ones (earlier rule on a tie), in text order."""
    found = []
    for rule in rules():
        for m in rule.regex.finditer(text):
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
