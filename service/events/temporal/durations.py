"""Resolvers for durations (P2D, PT4H, PXY) and sets (every week, daily, four flights a week)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .context import Context, Resolved, group
from .tables import lookup, number, tables, unit_code

SPAN_WORDS = ("recent", "coming", "future", "upcoming")

# --- durations and sets -------------------------------------------------------------------------------------


def _period(count: float | None, code: str) -> str:
    """P2D, PT3H, PXY ... (decades and centuries in years, as the TimeML corpora write them)."""
    if code == "DE":
        code, count = "Y", None if count is None else count * 10
    elif code == "CE":
        code, count = ("Y", count * 100) if count is not None else ("C", None)
    halves = {"Y": "6M", "TH": "30M", "TM": "30S", "D": "T12H"}
    if count is not None and count - int(count) == 0.5 and code in halves and count > 1:
        whole = int(count)
        return (
            f"PT{whole}{code[1]}{halves[code]}" if code.startswith("T") else f"P{whole}{code}{halves[code]}"
        )
    if count is not None and count != int(count):
        smaller = {"Y": ("M", 12), "M": ("D", 30), "W": ("D", 7), "D": ("TH", 24), "TH": ("TM", 60)}
        if code in smaller:
            code, factor = smaller[code]
            count *= factor
    amount = "X" if count is None else str(int(count))
    if code in ("TH", "TM"):
        return f"PT{amount}{code[1]}"
    if code == "S":
        return f"PT{amount}S"
    return f"P{amount}{code}"


def duration(m: re.Match, ctx: Context) -> Resolved | None:
    code = unit_code(m.group("unit"))
    count = number(m.group("num")) if group(m, "num") else None
    modifier = (group(m, "span_mod") or group(m, "vague") or "").lower()
    if group(m, "num") and count is None:
        return None
    if (
        count == 1
        and m.group("unit").lower() not in tables()["unit"]
        and group(m, "num").lower() in ("a", "an")
    ):
        count = None  # "a decades-long feud": the article belongs to the noun
    if count is None and not modifier and group(m, "trail") and m.group("unit").lower() in tables()["unit"]:
        count = 1  # "a day-long meeting"; "decades-long" stays vague
    if count is not None and group(m, "half"):
        count += 0.5  # "a minute and a half", "two years and a half"
    if count is not None and count > 10000:
        return None
    if code == "S" and not (group(m, "num") or "")[:1].isdigit():
        return None  # "a second group", "a second betrayal"
    if not group(m, "half") and re.search(r"\s(?:and|or)\s(?!so$)", m.group(0).lower()):  # no one count
        if modifier in ("recent", "past"):
            return Resolved("PAST_REF", None, None, "DATE")  # "in recent weeks and months"
        return Resolved("FUTURE_REF", None, None, "DATE")  # "in a year or two"
    if (count is None and modifier in ("future", "upcoming")) or (code == "Q" and modifier == "coming"):
        return Resolved("FUTURE_REF", None, None, "DATE")  # "in future years", "in coming quarters"
    if code == "Q":
        spans = modifier in SPAN_WORDS  # "in recent quarters", "for coming quarters"
        if (
            m.group(0).lower().endswith("quarters") and not group(m, "span_mod") and not spans
        ) or _followed_by_of(ctx.text, m.end()):
            return None  # "three-quarters of its food", "a quarter of the market"
        code, count = "M", None if count is None else count * 3
    if count is None and modifier == "recent" and lookup("recent_span", _singular(m.group("unit"))):
        return Resolved(_period(None, code), "duration", None)  # "in recent months": a stretch of months
    if count is None and modifier in ("recent", "past", "last"):
        return Resolved("PAST_REF", None, None, "DATE")  # "in recent years", "the past several quarters"
    if count == 1 and code == "D" and m.group(0).lower() == "one day" and ctx.direction(m) == "future":
        return Resolved("FUTURE_REF", None, None, "DATE")  # "Islam will one day be ..."
    return Resolved(_period(count, code), "duration", None)


def _singular(unit: str) -> str:
    unit = unit.lower()
    return unit[:-1] if unit.endswith("s") else unit


def _followed_by_of(text: str, end: int) -> bool:
    return text[end : end + 4].lower() == " of "


def set_(m: re.Match, ctx: Context) -> Resolved | None:
    if group(m, "word"):
        return Resolved(str(lookup("set_word", m.group("word"))), None, None)
    if group(m, "weekday"):
        word = group(m, "pod") or group(m, "pod2")  # "Tuesday nights", "Monday and Tuesday nights"
        pod = "T" + str(lookup("part_of_day", word)) if word else ""
        return Resolved(f"XXXX-WXX-{lookup('weekday', m.group('weekday'))}{pod}", None, None)
    if group(m, "month"):
        return Resolved(f"XXXX-{int(lookup('month', m.group('month'))):02d}", None, None)  # "each July"
    code = unit_code(m.group("unit"))
    if group(m, "rate"):
        before = _word_before(ctx.doc, m.start())
        if before is not None and before.pos_ == "NUM":
            return None  # "$2 million a year", "358,000 a month": an amount's rate, not a time
        if before is not None and (
            before.pos_ in ("NOUN", "PROPN") or before.lower_ in ("times", "once", "twice")
        ):
            return Resolved(_period(1, code), None, None)  # "four flights a week"
        return Resolved(_period(1, code), None, None, "DURATION")  # "for a week", "a week to withdraw"
    count = number(m.group("num")) if group(m, "num") else 1
    return Resolved(_period(count or 1, code), None, None)


def _word_before(doc: Doc, start: int):
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    return None if span is None or span.start == 0 else doc[span.start - 1]
