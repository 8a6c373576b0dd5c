"""What resolving one document knows: the reference time, the dates named so far, the tense cache.

Resolvers (days.py, relative.py, durations.py) take a regex match and this ``Context`` and return a
``Resolved`` or None (the match is not a temporal expression after all). Relative values need
``ctx.ref``; without one they stay underspecified (XXXX-XX-XX style).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .tables import lead_regex, lookup
from .tense import direction


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    granularity: str | None
    anchor: str | None  # "published_at" | "dateline" | "text" | "previous_date" | None
    type: str | None = None  # overrides the rule's type
    floating: bool = False  # a clock time without its day: the tagger gives it a day named in its sentence
    moves_focus: bool = True  # False: a side remark ("overnight") that later anaphora must not count from


@dataclass(slots=True)
class Context:
    """What one document's resolution knows: the reference and the dates the text has named so far."""

    doc: Doc
    ref: dt.date | None
    ref_source: str | None
    text: str = ""  # doc.text, built once: spaCy re-joins the tokens on every access
    last_day: dt.date | None = None
    last_day_end: int = -1  # where the expression just before ended, if it named a day
    last_year: int | None = None
    last_quarter: tuple[int, int] | None = None
    last_month: tuple[int, int] | None = None
    last_granularity: str | None = None  # of the expression just before: what "a year earlier" shifts
    last_quarter_at: int = -(10**9)  # where the last explicit quarter ended in the text
    position: int = 0  # where the expression being resolved starts
    _directions: dict = field(default_factory=dict)

    def direction(self, m: re.Match) -> str | None:
        """'past', 'future', 'present' or None: a lead word ("as soon as", "since") first, else the tense."""
        key = m.span()
        if key not in self._directions:
            lead = lead_regex().search(self.text, max(0, key[0] - 24), key[0])
            self._directions[key] = (
                lookup("lead_direction", lead.group(1)) if lead else direction(self.doc, *key)
            )
        return self._directions[key]

    def lead(self, m: re.Match) -> str | None:
        """The direction a lead word right before the expression fixes ("since", "as soon as"), or None."""
        lead = lead_regex().search(self.text, max(0, m.start() - 24), m.start())
        return lookup("lead_direction", lead.group(1)) if lead else None

    def relative(self, value: str, granularity: str) -> Resolved:
        return Resolved(value, granularity, self.ref_source)

    def remember(self, value: str) -> None:
        if re.fullmatch(r"\d{4}-\d\d-\d\d(T.*)?", value):
            self.last_day = dt.date.fromisoformat(value[:10])
            self.last_year = self.last_day.year
            self.last_month = (self.last_day.year, self.last_day.month)
        elif m := re.fullmatch(r"(\d{4})-(\d\d)", value):
            self.last_month = (int(m.group(1)), int(m.group(2)))
            self.last_year = int(m.group(1))
        elif m := re.fullmatch(r"(\d{4})-Q(\d)", value):
            self.last_quarter = (int(m.group(1)), int(m.group(2)))
            self.last_year = int(m.group(1))
        elif m := re.match(r"(\d{4})(?:$|-)", value):
            self.last_year = int(m.group(1))


def step(word: str | None) -> int:
    """How far an anaphoric word moves: 'before' -1, 'following' +1, 'same' 0 (timex_words.jsonl 'step')."""
    return int(lookup("step", word) or 0) if word else 0


def group(m: re.Match, name: str) -> str | None:
    return m.groupdict().get(name)


def relative_step(word: str | None) -> int:
    return int(lookup("relative", word)) if word and lookup("relative", word) is not None else 0
