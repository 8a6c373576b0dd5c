"""Which occurrence a mention names: what keeps two mentions of one family in an article apart.

"the conference" after "the next meeting of the conference" and "the 77th meeting in April 1986" names
neither: a modifier that picks an occurrence out (``marker.*`` of ``lexicons/occurrences.jsonl``), the
mention's own date and a plural of a countable noun ("meetings") all say "another one". Read from the
parse once per document, so that the document pass (``context.merge_mentions``) needs no spaCy.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from . import lexicon
from .model import Event, EventDate, TimeExpression
from .syntax import hangs_on
from .temporal import calendar_date

MARKER_DEPS = {"amod", "nummod", "compound", "advmod", "npadvmod", "nmod"}


class _MarkerWords:
    """``word in OCCURRENCE_WORDS``: a modifier that picks an occurrence out ("next", "previous", "77th")."""

    def __contains__(self, word: str) -> bool:
        words, patterns, *_ = _rules()
        return word in words or any(p.match(word) for _, p in patterns)


OCCURRENCE_WORDS = _MarkerWords()


@dataclass(frozen=True, slots=True)
class Occurrence:
    markers: frozenset[str] = frozenset()  # "later", "earlier", "ordinal:77th"
    plural: bool = False  # a countable plural ("meetings"): several occurrences
    date: EventDate | None = None  # told by the verb that times it: "the meeting will be held on May 9"
    here: bool = False  # "the talks here": the gathering the article is reported from
    told: bool = False  # a verb tells when it happened or will ("the accord reached there"), dated or not
    standing: bool = False  # a state that holds on ("the agreement"): a date of its article is no clue


@cache
def _rules() -> tuple[dict[str, str], list[tuple[str, re.Pattern]], frozenset[str], dict, dict]:
    words, patterns, families, defaults = {}, [], {}, {}
    plural_as_one: frozenset[str] = frozenset()
    for entry in lexicon.load("occurrences"):
        if "marker" in entry:
            words.update({w: entry["marker"] for w in entry["words"]})
            if "pattern" in entry:
                patterns.append((entry["marker"], re.compile(entry["pattern"])))
        elif "family" in entry:
            if entry.get("default"):
                defaults[entry["type"]] = entry["family"]
            for subtype in entry.get("subtypes", ()):
                families[entry["type"], subtype] = entry["family"]
        elif entry["id"] == "plural_as_one":
            plural_as_one = frozenset(entry["lemmas"])
    return words, patterns, plural_as_one, families, defaults


def family(event: Event) -> str:
    """Subtypes that can name the same occurrence: a meeting is also "the talks" or "the dinner"."""
    _, _, _, families, defaults = _rules()
    return families.get((event.type, event.subtype)) or defaults.get(event.type) or event.subtype


@cache
def _timing_verbs() -> dict[str, frozenset[str]]:
    entries = lexicon.load("occurrences")
    return {e["type"]: frozenset(e["lemmas"]) for e in entries if e["id"].startswith("timing_verbs.")}


@cache
def _moods() -> dict[str, tuple[str, frozenset[str]]]:
    """{marker: (mood, moods it replaces)}."""
    entries = lexicon.load("occurrences")
    return {e["marker"]: (e["mood"], frozenset(e["overrides"])) for e in entries if "mood" in e}


def mood(occurrence: Occurrence, modality: str) -> str:
    """The modality of a noun mention's own event, given its markers ("the next meeting": planned)."""
    for marker in sorted(occurrence.markers):
        found, replaced = _moods().get(marker, (None, frozenset()))
        if found and modality in replaced:
            return found
    return modality


def occurrences(doc: Doc, events: list[Event], dates: list[TimeExpression]) -> dict[int, Occurrence]:
    """``{id(event): Occurrence}`` for each event whose trigger is a noun."""
    out = {}
    for event in events:
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if span is not None and span.root.pos_ in ("NOUN", "PROPN"):
            out[id(event)] = occurrence(span.root, dates, event.type)
    return out


def occurrence(head: Token, dates: list[TimeExpression] = (), event_type: str = "meeting") -> Occurrence:
    words, patterns, plural_as_one, _, _ = _rules()
    markers = set()
    for child in head.lefts:
        if child.dep_ not in MARKER_DEPS:
            continue
        word = child.lower_
        marker = words.get(word) or next((k for k, p in patterns if p.match(word)), None)
        if marker is not None:  # "next" and "upcoming" pick the same one; ordinals each their own
            markers.add(f"{marker}:{word}" if marker == "ordinal" else marker)
    plural = head.tag_ in ("NNS", "NNPS") and head.lemma_.lower() not in plural_as_one
    timing = _timing_verbs().get(event_type, frozenset())
    here = any(c.lower_ == "here" and c.dep_ == "advmod" for c in head.children) or any(
        p.dep_ == "prep" and p.lower_ in ("at", "in") and _this(p) for p in head.children
    )
    told = bool(_timing(head, timing))
    standing = event_type in _standing()
    return Occurrence(frozenset(markers), plural, _timed(head, dates, timing), here, told, standing)


def _this(prep: Token) -> bool:
    """'the meeting at this resort', 'in this city': where the article is written from."""
    return any(
        o.dep_ == "pobj" and any(d.dep_ == "det" and d.lower_ == "this" for d in o.children)
        for o in prep.children
    )


@cache
def _standing() -> frozenset[str]:
    return frozenset(t for e in lexicon.load("occurrences") if e["id"] == "standing" for t in e["types"])


def _timing(head: Token, timing: frozenset[str]) -> list[Token]:
    """The verbs that time an event noun: its clause's ("the accord reached on Saturday") or the one it
    is the subject of ("the meeting will be held on May 9")."""
    verbs = [c for c in head.children if c.dep_ in ("acl", "relcl")]
    if head.dep_ in ("nsubj", "nsubjpass"):
        verbs.append(head.head)
    return [v for v in verbs if v.lemma_.lower() in timing]


def _timed(head: Token, dates: list[TimeExpression], timing: frozenset[str]) -> EventDate | None:
    """The date of the verb that times an event noun: its subject ("the next meeting will be convened on
    December 9") or its clause ("a meeting to be held in Vienna on December 9", "the accord reached on
    Saturday")."""
    verbs = _timing(head, timing)
    sent = head.sent
    for expr in dates:
        if not (sent.start_char <= expr.start < sent.end_char) or expr.type in ("DURATION", "SET"):
            continue
        value = calendar_date(expr.value)
        span = head.doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if not value[:4].isdigit() or span is None:
            continue
        if any(hangs_on(span.root, verb) for verb in verbs):
            return EventDate(
                expr.text, expr.start, expr.end, value, expr.type, expr.granularity, "explicit", expr.value
            )
    return None


def dates_agree(a: str, b: str) -> bool:
    """Two calendar values that can be one occurrence: the days they cover overlap ("June" and "June 25")."""
    ra, rb = _days(a), _days(b)
    if ra is None or rb is None:
        return a == b
    return ra[0] <= rb[1] and rb[0] <= ra[1]


def _days(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3 calendar value (day, month, year, week, weekend, quarter), else None."""
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
            day = dt.date(*map(int, m.groups()))
            return day, day
        if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
            year, month = map(int, m.groups())
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        if m := re.fullmatch(r"(\d{4})-W(\d{2})(-WE)?", value):
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
            start = monday + dt.timedelta(days=5) if m[3] else monday
            return start, monday + dt.timedelta(days=6)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
            year, quarter = int(m[1]), int(m[2])
            end = dt.date(year, 3 * quarter, calendar.monthrange(year, 3 * quarter)[1])
            return dt.date(year, 3 * quarter - 2, 1), end
        if m := re.fullmatch(r"(\d{4})", value):
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None
