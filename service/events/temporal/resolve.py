"""Resolvers: one per rule ``kind``, each turning a regex match into a TIMEX3 value.

Each takes the match and the document's ``Context`` and returns a ``Resolved`` or None (the match is
not a temporal expression after all). Relative values need ``ctx.ref``; without one they stay
underspecified (XXXX-XX-XX style).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from . import calendar as cal
from .absolute import parse_date
from .tables import lead_regex, lookup, number, unit_code, year_number
from .tense import direction


@dataclass(frozen=True, slots=True)
class Resolved:
    value: str
    granularity: str | None
    anchor: str | None  # "published_at" | "dateline" | "text" | "previous_date" | None
    type: str | None = None  # overrides the rule's type
    floating: bool = False  # a clock time without its day: the tagger gives it a day named in its sentence


@dataclass(slots=True)
class Context:
    """What one document's resolution knows: the reference and the dates the text has named so far."""

    doc: Doc
    ref: dt.date | None
    ref_source: str | None
    text: str = ""  # doc.text, built once: spaCy re-joins the tokens on every access
    last_day: dt.date | None = None
    last_year: int | None = None
    last_quarter: tuple[int, int] | None = None
    _directions: dict = field(default_factory=dict)

    last_month: tuple[int, int] | None = None
    last_granularity: str | None = None  # of the expression just before: what "a year earlier" shifts
    last_quarter_at: int = -(10**9)  # where the last explicit quarter ended in the text
    position: int = 0  # where the expression being resolved starts

    def direction(self, m: re.Match) -> str | None:
        """'past', 'future', 'present' or None: a lead word ("as soon as", "since") first, else the tense."""
        key = m.span()
        if key not in self._directions:
            lead = lead_regex().search(self.text, max(0, key[0] - 24), key[0])
            self._directions[key] = (
                lookup("lead_direction", lead.group(1)) if lead else direction(self.doc, *key)
            )
        return self._directions[key]

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


QUARTER_FOCUS_CHARS = 400  # about two sentences of an earnings report

STEP = {
    "before": -1,
    "earlier": -1,
    "previous": -1,
    "prior": -1,
    "after": 1,
    "later": 1,
    "following": 1,
    "next": 1,
    "same": 0,
    None: 0,
}
PART_OF_DAY_CLOCK = {"morning": 0, "afternoon": 12, "evening": 12}


def _g(m: re.Match, name: str) -> str | None:
    return m.groupdict().get(name)


def _relative_step(word: str | None) -> int:
    return int(lookup("relative", word)) if word and lookup("relative", word) is not None else 0


def _pod(m: re.Match) -> str:
    word = _g(m, "pod")
    return "T" + lookup("part_of_day", word) if word else ""


# --- calendar dates -------------------------------------------------------------------------------------


def calendar(m: re.Match, ctx: Context) -> Resolved | None:
    month = int(lookup("month", m.group("month")))
    day, year = _g(m, "day"), _g(m, "year")
    if year:
        year = year_number(year)
        if day is None:
            return Resolved(cal.month(year, month), "month", None)
        return _day(year, month, int(day), None)
    if ctx.ref is None:
        return Resolved(
            f"XXXX-{month:02d}" + (f"-{int(day):02d}" if day else ""), "day" if day else "month", None
        )
    ref = ctx.ref
    if _g(m, "yearrel"):
        year = ref.year + _relative_step(m.group("yearrel"))
    elif _g(m, "rel") and day is not None:
        way = {-1: "past", 1: "future"}.get(_relative_step(m.group("rel")))
        year = cal.date_year(ctx.ref, month, int(day), way)
    elif _g(m, "rel"):
        step = _relative_step(m.group("rel"))
        if step < 0:
            year = ref.year if month < ref.month else ref.year - 1
        elif step > 0:
            year = ref.year if month > ref.month else ref.year + 1
        else:
            year = ref.year
    elif day is not None:
        if not 1 <= int(day) <= 31:
            return None
        year = cal.date_year(ref, month, int(day), ctx.direction(m))
    else:
        year = cal.month_year(ref, month, ctx.direction(m))
    if day is not None:
        resolved = _day(year, month, int(day), ctx.ref_source)
        return resolved
    return ctx.relative(cal.month(year, month), "month")


def _day(year: int, month: int, day: int, anchor: str | None) -> Resolved | None:
    try:
        return Resolved(dt.date(year, month, day).isoformat(), "day", anchor)
    except ValueError:
        return None


def week_of(m: re.Match, ctx: Context) -> Resolved | None:
    """'the week of March 6': the ISO week holding that day."""
    resolved = calendar(m, ctx)
    if resolved is None or "X" in resolved.value:
        return Resolved("XXXX-WXX", "week", None) if resolved else None
    return Resolved(cal.week(dt.date.fromisoformat(resolved.value)), "week", resolved.anchor)


def dateparser(m: re.Match, ctx: Context) -> Resolved | None:
    parsed = parse_date(m.group("text"))
    return Resolved(parsed.isoformat(), "day", None) if parsed else None


def holiday(m: re.Match, ctx: Context) -> Resolved | None:
    rule = str(lookup("holiday", m.group("holiday")))
    month = int(rule[:2])
    if ctx.ref is None and not _g(m, "year"):
        return Resolved("XXXX-" + rule if rule[3:].isdigit() else f"XXXX-{month:02d}", "day", None)
    year = int(m.group("year")) if _g(m, "year") else cal.date_year(ctx.ref, month, 15, ctx.direction(m))
    day = _holiday_day(year, rule)
    anchor = None if _g(m, "year") else ctx.ref_source
    return Resolved(day.isoformat(), "day", anchor)


def _holiday_day(year: int, rule: str) -> dt.date:
    month, how = int(rule[:2]), rule[3:]
    if how.isdigit():
        return dt.date(year, month, int(how))
    if how == "ELECTION":  # the Tuesday after the first Monday of November
        return cal.nth_weekday(year, month, 1, 1) + dt.timedelta(days=1)
    weekday = {"MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5}[how[:2]]
    return cal.nth_weekday(year, month, weekday, -1 if how[2:] == "L" else int(how[2:]))


# --- days of the week, today, times -----------------------------------------------------------------------


def weekday(m: re.Match, ctx: Context) -> Resolved | None:
    number_ = int(lookup("weekday", m.group("weekday")))
    pod = _pod(m)
    kind = "TIME" if pod else None
    if ctx.ref is None:
        return Resolved(f"XXXX-WXX-{number_}{pod}", "day", None, kind)
    rel = (_g(m, "rel") or "").lower()
    step = _relative_step(rel) if rel and rel != "that" else 0
    if step:
        day = cal.weekday_strict(ctx.ref, number_, step)
    else:
        day = cal.weekday_near(ctx.ref, number_, _weekday_direction(ctx.direction(m)))
    return Resolved(day.isoformat() + pod, "day", ctx.ref_source, kind)


def _weekday_direction(way: str | None) -> str | None:
    """News convention: "said Friday" is the past one (or today), "meet Monday" and "will meet" the coming one."""
    return None if way == "present" else way


DEICTIC_DAYS = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last": -1, "tomorrow": 1}


def deictic(m: re.Match, ctx: Context) -> Resolved | None:
    word = m.group("word").lower()
    pod = _pod(m) or ("TNI" if word == "tonight" else "")
    if word == "last" and pod not in ("TNI", "TEV"):
        return None  # "last morning" is not said
    offset = DEICTIC_DAYS[word] + STEP.get((_g(m, "beyond") or "").lower() or None, 0)
    kind = "TIME" if pod else "DATE"
    if ctx.ref is None:
        return Resolved("XXXX-XX-XX" + pod, "day", None, kind)
    return Resolved((ctx.ref + dt.timedelta(days=offset)).isoformat() + pod, "day", ctx.ref_source, kind)


def clock(m: re.Match, ctx: Context) -> Resolved | None:
    time = _clock(m)
    if time is None:
        return None
    day: str
    if ctx.ref is None:
        day = "XXXX-XX-XX"
    elif _g(m, "weekday"):
        number_ = int(lookup("weekday", m.group("weekday")))
        day = cal.weekday_near(ctx.ref, number_, _weekday_direction(ctx.direction(m))).isoformat()
    elif _g(m, "deictic"):
        offset = DEICTIC_DAYS[m.group("deictic").lower()]
        day = (ctx.ref + dt.timedelta(days=offset)).isoformat()
    elif _g(m, "month"):
        month, day_ = int(lookup("month", m.group("month"))), int(m.group("day"))
        resolved = _day(cal.date_year(ctx.ref, month, day_, ctx.direction(m)), month, day_, None)
        if resolved is None:
            return None
        day = resolved.value
    else:
        return Resolved(f"{ctx.ref.isoformat()}T{time}", "time", ctx.ref_source, floating=True)
    return Resolved(f"{day}T{time}", "time", ctx.ref_source)


def _clock(m: re.Match) -> str | None:
    if _g(m, "hour"):
        hour = int(m.group("hour")) + PART_OF_DAY_CLOCK[m.group("clockpod").lower()]
        return f"{hour:02d}:00" if hour < 24 else None
    text = m.group("clock").lower().replace(" ", "")
    if text in ("noon", "midday"):
        return "12:00"
    if text == "midnight":
        return "24:00"
    parts = re.match(r"(\d{1,2})(?::(\d\d))?(a|p)?", text)
    hour, minute = int(parts.group(1)), int(parts.group(2) or 0)
    if parts.group(3) == "p" and hour < 12:
        hour += 12
    elif parts.group(3) == "a" and hour == 12:
        hour = 0
    if hour > 24 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


# --- present/past/future references, years, decades ------------------------------------------------------


def reference(m: re.Match, ctx: Context) -> Resolved | None:
    return Resolved(str(lookup("ref_word", m.group("word"))), None, None)


def year(m: re.Match, ctx: Context) -> Resolved | None:
    return Resolved(m.group("year"), "year", None)


def spelled_year(m: re.Match, ctx: Context) -> Resolved | None:
    return Resolved(str(year_number(m.group("year"))), "year", None)


def decade(m: re.Match, ctx: Context) -> Resolved | None:
    if _g(m, "century"):
        return Resolved(m.group("century") + m.group("decade"), "decade", None)
    digit = m.group("short") or str(lookup("decade_word", m.group("word")))
    return Resolved("19" + digit, "decade", None)


def century(m: re.Match, ctx: Context) -> Resolved | None:
    ordinal = int(m.group("ord"))
    return Resolved(f"{ordinal - 1:02d}", "century", None) if 1 <= ordinal <= 21 else None


# --- units relative to the reference: this week, last month, two years ago ---------------------------------


def relative_unit(m: re.Match, ctx: Context) -> Resolved | None:
    unit = m.group("unit").lower()
    rel = (_g(m, "rel") or "").lower()
    step = _relative_step(rel)
    if _g(m, "ended") is not None:  # "the year ended Sept. 30" is a fiscal year's length
        return Resolved("P1" + unit_code(unit), unit, None, "DURATION")
    if unit == "decade" and rel in ("past", "last"):
        return Resolved("P10Y", "decade", None, "DURATION")
    if unit == "century" and step == 0:
        return Resolved("P100Y", "century", None, "DURATION")
    if _g(m, "end") == "end":  # "year-end"
        if ctx.ref is None:
            return Resolved("XXXX-12-31" if unit == "year" else "XXXX-XX", "day", None)
        if unit == "year":
            return ctx.relative(f"{ctx.ref.year}-12-31", "day")
        return ctx.relative(cal.month(ctx.ref.year, ctx.ref.month), "month")
    if ctx.ref is None:
        blank = {
            "week": "XXXX-WXX",
            "weekend": "XXXX-WXX-WE",
            "month": "XXXX-XX",
            "quarter": "XXXX-QX",
            "year": "XXXX",
            "decade": "XXX",
            "century": "XX",
        }
        return Resolved(blank[unit], unit, None)
    ref = ctx.ref
    if unit == "week":
        value = cal.week(ref + dt.timedelta(days=7 * step))
    elif unit == "weekend":
        value = cal.weekend(ref, {-1: "past", 1: "future"}.get(step) or ctx.direction(m))
    elif unit == "month":
        value = cal.month(*cal.add_months(ref.year, ref.month, step))
    elif unit == "quarter":
        value = "{}-Q{}".format(*cal.add_quarters(ref.year, cal.quarter_of(ref), step))
    elif unit == "year":
        value = str(ref.year + step)
    elif unit == "decade":
        value = str(ref.year // 10 + step)
    else:
        value = f"{ref.year // 100 + step:02d}"
    return ctx.relative(value, unit)


def _shift(ref: dt.date, code: str, n: int) -> tuple[str, str] | None:
    """``ref`` moved by n units, at that unit's granularity."""
    if code == "D":
        return (ref + dt.timedelta(days=n)).isoformat(), "day"
    if code == "W":
        return cal.week(ref + dt.timedelta(days=7 * n)), "week"
    if code == "M":
        return cal.month(*cal.add_months(ref.year, ref.month, n)), "month"
    if code == "Q":
        return "{}-Q{}".format(*cal.add_quarters(ref.year, cal.quarter_of(ref), n)), "quarter"
    if code == "Y":
        return str(ref.year + n), "year"
    if code == "DE":
        return str(ref.year + 10 * n), "year"
    if code in ("TH", "TM", "S"):
        return ref.isoformat(), "day"
    return None


def ago(m: re.Match, ctx: Context) -> Resolved | None:
    forward = m.group("dir").lower() != "ago"
    count = number(m.group("num")) if _g(m, "num") else None
    if count is None or count != int(count):
        return Resolved("FUTURE_REF" if forward else "PAST_REF", None, None)
    if ctx.ref is None:
        return Resolved("XXXX-XX-XX", None, None)
    shifted = _shift(ctx.ref, unit_code(m.group("unit")), int(count) * (1 if forward else -1))
    return ctx.relative(*shifted) if shifted else None


def year_ago(m: re.Match, ctx: Context) -> Resolved | None:
    """'a year earlier', 'year-ago': in earnings reports, the same quarter a year before the one in focus
    (a quarter named just before, or nearby with no other period in between); otherwise last year."""
    near = ctx.position - ctx.last_quarter_at < QUARTER_FOCUS_CHARS
    in_focus = ctx.last_granularity == "quarter" or (
        near and ctx.last_granularity not in ("year", "duration")
    )
    if ctx.last_quarter is not None and (in_focus or _g(m, "unit")):
        year_, quarter = ctx.last_quarter
        return Resolved(f"{year_ - 1}-Q{quarter}", "quarter", "previous_date")
    if ctx.ref is None:
        return Resolved("XXXX", "year", None)
    if _g(m, "unit"):
        return ctx.relative(
            "{}-Q{}".format(*cal.add_quarters(ctx.ref.year, cal.quarter_of(ctx.ref), -5)), "quarter"
        )
    return ctx.relative(str(ctx.ref.year - 1), "year")


def anaphoric(m: re.Match, ctx: Context) -> Resolved | None:
    """'the day before', 'the following month', 'that year': against the last date the text named."""
    unit = (_g(m, "unit") or _g(m, "unit2") or _g(m, "unit3")).lower()
    step = STEP.get((_g(m, "dir") or _g(m, "rel") or "").lower() or None, 0)
    base, anchor = ctx.last_day, "previous_date"
    if unit == "month" and ctx.last_month is not None:
        return Resolved(cal.month(*cal.add_months(*ctx.last_month, step)), "month", anchor)
    if unit == "year" and ctx.last_year is not None:
        return Resolved(str(ctx.last_year + step), "year", anchor)
    if unit == "quarter" and ctx.last_quarter is not None:
        return Resolved("{}-Q{}".format(*cal.add_quarters(*ctx.last_quarter, step)), "quarter", anchor)
    if base is None:
        base, anchor = ctx.ref, ctx.ref_source
    if base is None:
        return Resolved(
            {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"), unit, None
        )
    shifted = _shift(base, {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q"}[unit], step)
    return Resolved(shifted[0], shifted[1], anchor)


# --- quarters, halves, seasons ------------------------------------------------------------------------------


def quarter(m: re.Match, ctx: Context) -> Resolved | None:
    """'the third quarter', 'third-quarter', 'the 1988 third quarter', 'this year's third quarter', and in
    earnings reports 'the quarter', 'the latest period', 'the year-ago quarter': the quarter in focus."""
    year_text = _g(m, "year") or _g(m, "year2")
    back = bool(_g(m, "ago")) or (_g(m, "yearrel2") or "").lower() == "last"
    if _g(m, "ord") is None:
        return _focus_quarter(m, ctx, int(year_text) if year_text else None, back)
    number_ = int(lookup("ordinal", m.group("ord")))
    if year_text:
        return Resolved(f"{year_text}-Q{number_}", "quarter", None)
    if ctx.ref is None:
        return Resolved(f"XXXX-Q{number_}", "quarter", None)
    ref = ctx.ref
    if back and _g(m, "ago"):
        focus = ctx.last_quarter[0] if ctx.last_quarter else ref.year
        return Resolved(
            f"{focus - 1}-Q{number_}", "quarter", "previous_date" if ctx.last_quarter else ctx.ref_source
        )
    if _g(m, "yearrel") or _g(m, "yearrel2"):
        year_ = ref.year + _relative_step(_g(m, "yearrel") or _g(m, "yearrel2"))
    elif _relative_step(_g(m, "rel")) < 0:
        year_ = ref.year if number_ < cal.quarter_of(ref) else ref.year - 1
    elif number_ > cal.quarter_of(ref) and ctx.direction(m) == "past":
        year_ = ref.year - 1
    else:
        year_ = ref.year
    return ctx.relative(f"{year_}-Q{number_}", "quarter")


def _focus_quarter(m: re.Match, ctx: Context, year_: int | None, back: bool) -> Resolved | None:
    latest = (_g(m, "latest") or "").lower()
    completed = cal.add_quarters(ctx.ref.year, cal.quarter_of(ctx.ref), -1) if ctx.ref else None
    if latest == "current" and ctx.ref is not None:
        return ctx.relative(f"{ctx.ref.year}-Q{cal.quarter_of(ctx.ref)}", "quarter")
    if ctx.last_quarter is not None and (completed is None or ctx.last_quarter <= completed):
        (focus_year, number_), anchor = ctx.last_quarter, "previous_date"
    elif completed is not None and "quarter" in m.group(0).lower():
        (focus_year, number_), anchor = completed, ctx.ref_source  # results are reported for a closed quarter
    else:
        return Resolved(str(year_), "year", None) if year_ else None  # "the period" alone names nothing
    if year_ is not None:
        return Resolved(f"{year_}-Q{number_}", "quarter", anchor)
    if back:
        focus_year -= 1
    elif (_g(m, "yearrel2") or "").lower() == "next":
        focus_year += 1
    return Resolved(f"{focus_year}-Q{number_}", "quarter", anchor)


def half(m: re.Match, ctx: Context) -> Resolved | None:
    number_ = 1 if m.group("ord").lower() == "first" else 2  # "second half", "last half"
    if _g(m, "year"):
        return Resolved(f"{m.group('year')}-H{number_}", "half", None)
    if ctx.ref is None:
        return Resolved(f"XXXX-H{number_}", "half", None)
    year_ = ctx.ref.year + _relative_step(_g(m, "yearrel"))
    return ctx.relative(f"{year_}-H{number_}", "half")


SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}


def season(m: re.Match, ctx: Context) -> Resolved | None:
    code = str(lookup("season", m.group("season")))
    rel = (_g(m, "rel") or "").lower()
    if _g(m, "year"):
        return Resolved(f"{year_number(m.group('year'))}-{code}", "season", None)
    if not rel and code in ("FA", "SP"):
        return None  # "prices fall", "a spring in his step"
    if ctx.ref is None:
        return Resolved(f"XXXX-{code}", "season", None)
    ref = ctx.ref
    now = SEASON_ORDER[
        {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(
            ref.month, "FA"
        )
    ]
    step = _relative_step(rel) if rel and rel != "the" else 0
    order = SEASON_ORDER[code]
    if step < 0:
        year_ = ref.year if order < now else ref.year - 1
    elif step > 0:
        year_ = ref.year if order > now else ref.year + 1
    elif rel == "the" or not rel:
        way = ctx.direction(m)
        year_ = ref.year - (way == "past" and order > now) + (way == "future" and order < now)
    else:
        year_ = ref.year
    return ctx.relative(f"{year_}-{code}", "season")


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
    count = number(m.group("num")) if _g(m, "num") else None
    if _g(m, "num") and count is None:
        return None
    if count is not None and count > 10000:
        return None
    if code == "S" and not _g(m, "num")[0].isdigit():
        return None  # "a second group", "a second betrayal"
    if code == "Q":
        if (m.group(0).lower().endswith("quarters") and not _g(m, "span_mod")) or _followed_by_of(
            ctx.text, m.end()
        ):
            return None  # "three-quarters of its food", "a quarter of the market"
        code, count = "M", None if count is None else count * 3
    if count is None and (_g(m, "span_mod") or _g(m, "vague") or "").lower() in ("recent", "past", "last"):
        return Resolved("PAST_REF", None, None, "DATE")  # "in recent years", "the past several quarters"
    if count == 1 and code == "D" and m.group(0).lower() == "one day" and ctx.direction(m) == "future":
        return Resolved("FUTURE_REF", None, None, "DATE")  # "Islam will one day be ..."
    return Resolved(_period(count, code), "duration", None)


def _followed_by_of(text: str, end: int) -> bool:
    return text[end : end + 4].lower() == " of "


def set_(m: re.Match, ctx: Context) -> Resolved | None:
    if _g(m, "word"):
        return Resolved(str(lookup("set_word", m.group("word"))), None, None)
    if _g(m, "weekday"):
        return Resolved(f"XXXX-WXX-{lookup('weekday', m.group('weekday'))}", None, None)
    code = unit_code(m.group("unit"))
    if _g(m, "rate"):  # "four flights a week" is a rate; "for a week", "a week to withdraw" a duration
        if not _after_quantity(ctx.doc, m.start()):
            return Resolved(_period(1, code), None, None, "DURATION")
        return Resolved(_period(1, code), None, None)
    count = number(m.group("num")) if _g(m, "num") else 1
    return Resolved(_period(count or 1, code), None, None)


def _after_quantity(doc: Doc, start: int) -> bool:
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    before = doc[span.start - 1]
    # "four flights a week" is a rate; "$2 million a year" is an amount, not a time
    return before.pos_ in ("NOUN", "PROPN") or before.lower_ in ("times", "once", "twice")


RESOLVERS = {
    "calendar": calendar,
    "dateparser": dateparser,
    "week_of": week_of,
    "holiday": holiday,
    "weekday": weekday,
    "deictic": deictic,
    "clock": clock,
    "reference": reference,
    "year": year,
    "spelled_year": spelled_year,
    "decade": decade,
    "century": century,
    "relative_unit": relative_unit,
    "ago": ago,
    "year_ago": year_ago,
    "anaphoric": anaphoric,
    "quarter": quarter,
    "half": half,
    "season": season,
    "duration": duration,
    "set": set_,
}
