"""Resolvers for units relative to the reference or to a date named before: this week, two years ago,
a year earlier, the day before, quarters, halves, seasons."""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange

from . import calendar as cal
from .context import Context, Resolved, group, relative_step, step
from .tables import lookup, number, unit_code, year_number

QUARTER_FOCUS_CHARS = 400  # about two sentences of an earnings report


# --- units relative to the reference: this week, last month, two years ago ---------------------------------


def relative_unit(m: re.Match, ctx: Context) -> Resolved | None:
    unit = m.group("unit").lower()
    rel = (group(m, "rel") or "").lower()
    delta = relative_step(rel)
    if group(m, "ended") is not None:  # "the year ended Sept. 30" is a fiscal year's length
        return Resolved("P1" + unit_code(unit), unit, None, "DURATION")
    if unit == "decade" and rel == "past":  # "the past decade": ten years; "the last decade": the 1980s
        return Resolved("P10Y", "decade", None, "DURATION")
    if unit == "century" and delta == 0:
        return Resolved("P100Y", "century", None, "DURATION")
    if group(m, "end") == "end":  # "year-end"
        if ctx.ref is None:
            return Resolved("XXXX-12-31" if unit == "year" else "XXXX-XX", "day", None)
        year_ = ctx.ref.year - (ctx.lead(m) == "past")  # "since year-end" looks back to the last one
        if unit == "year" and "-" in m.group(0):  # "year-end", the closing date of the books
            return ctx.relative(f"{year_}-12-31", "day")
        if unit == "year":  # "by year's end", like "the end of the year": the year, its end a modifier
            return ctx.relative(str(year_), "year")
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
    if group(m, "before_last"):  # "the week before last": one more step back than "last week"
        delta = -2
    if unit == "week":
        value = cal.week(ref + dt.timedelta(days=7 * delta))
    elif unit == "weekend":
        value = cal.weekend(ref, {-1: "past", 1: "future"}.get(delta) or ctx.direction(m))
    elif unit == "month":
        value = cal.month(*cal.add_months(ref.year, ref.month, delta))
    elif unit == "quarter":
        value = "{}-Q{}".format(*cal.add_quarters(ref.year, cal.quarter_of(ref), delta))
    elif unit == "year":
        value = str(ref.year + delta)
    elif unit == "decade":
        value = str(ref.year // 10 + delta)
    else:
        value = f"{ref.year // 100 + delta:02d}"
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
    count = number(m.group("num")) if group(m, "num") else None
    if count is None or count != int(count):
        return Resolved("FUTURE_REF" if forward else "PAST_REF", None, None)
    if ctx.ref is None:
        return Resolved("XXXX-XX-XX", None, None)
    shifted = _shift(ctx.ref, unit_code(m.group("unit")), int(count) * (1 if forward else -1))
    return ctx.relative(*shifted) if shifted else None


def units_from(m: re.Match, ctx: Context) -> Resolved | None:
    """'a week from Friday', 'two weeks from today', 'this time last year': a day counted from a day."""
    count = number(m.group("num")) if group(m, "num") else 1
    if count is None or count != int(count):
        return None
    code = unit_code(m.group("unit"))
    if ctx.ref is None or code not in ("D", "W", "M", "Y"):
        return Resolved("XXXX-XX-XX", "day", None)
    if group(m, "weekday"):  # the coming one: "a week from Friday" is said before that Friday
        base = cal.weekday_strict(ctx.ref, int(lookup("weekday", m.group("weekday"))), 1)
    else:
        base = ctx.ref + dt.timedelta(days=int(lookup("deictic_day", m.group("deictic").lower())))
    n = int(count) * (-1 if (group(m, "rel") or "").lower() == "last" else 1)
    if code in ("D", "W"):
        day = base + dt.timedelta(days=n * (7 if code == "W" else 1))
    else:
        year_, month_ = cal.add_months(base.year, base.month, n * (12 if code == "Y" else 1))
        day = dt.date(year_, month_, min(base.day, monthrange(year_, month_)[1]))
    return Resolved(day.isoformat(), "day", ctx.ref_source)


def year_ago(m: re.Match, ctx: Context) -> Resolved | None:
    """'a year earlier', 'year-ago': in earnings reports, the same quarter a year before the one in focus
    (a quarter named just before, or nearby with no other period in between); otherwise last year."""
    near = ctx.position - ctx.last_quarter_at < QUARTER_FOCUS_CHARS
    in_focus = ctx.last_granularity == "quarter" or (
        near and ctx.last_granularity not in ("year", "duration")
    )
    # A quarter still ahead of the reference is a forecast, never the reported quarter a result compares to.
    reported = ctx.last_quarter is not None and (
        ctx.ref is None or ctx.last_quarter <= (ctx.ref.year, cal.quarter_of(ctx.ref))
    )
    if reported and (in_focus or group(m, "unit")):
        year_, quarter = ctx.last_quarter
        return Resolved(f"{year_ - 1}-Q{quarter}", "quarter", "previous_date")
    if ctx.ref is None:
        return Resolved("XXXX", "year", None)
    if group(m, "unit"):
        return ctx.relative(
            "{}-Q{}".format(*cal.add_quarters(ctx.ref.year, cal.quarter_of(ctx.ref), -5)), "quarter"
        )
    return ctx.relative(str(ctx.ref.year - 1), "year")


def anaphoric(m: re.Match, ctx: Context) -> Resolved | None:
    """'the day before', 'the following month', 'that year': against the last date the text named."""
    pod = group(m, "pod")  # "the next morning", "that night": a part of that day
    unit = (group(m, "unit") or group(m, "unit2") or group(m, "unit3") or "day").lower()
    shift = step(group(m, "dir") or group(m, "dir2") or group(m, "rel"))
    base, anchor = ctx.last_day, "previous_date"
    if (group(m, "unit3") or group(m, "that")) and ctx.last_year is None:
        return None  # "trades made that day": no date named before, a generic day
    if pod:
        base = base or ctx.ref
        if base is None:
            return Resolved("XXXX-XX-XXT" + lookup("part_of_day", pod), "day", None, "TIME")
        day = (base + dt.timedelta(days=shift)).isoformat()
        return Resolved(
            day + "T" + lookup("part_of_day", pod), "day", anchor if ctx.last_day else None, "TIME"
        )
    if unit == "month" and ctx.last_month is not None:
        return Resolved(cal.month(*cal.add_months(*ctx.last_month, shift)), "month", anchor)
    if unit == "year" and ctx.last_year is not None:
        return Resolved(str(ctx.last_year + shift), "year", anchor)
    if unit == "quarter" and ctx.last_quarter is not None:
        return Resolved("{}-Q{}".format(*cal.add_quarters(*ctx.last_quarter, shift)), "quarter", anchor)
    if base is None:
        base, anchor = ctx.ref, ctx.ref_source
    if base is None:
        return Resolved(
            {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}.get(unit, "XXXX"), unit, None
        )
    shifted = _shift(base, {"day": "D", "week": "W", "month": "M", "year": "Y", "quarter": "Q"}[unit], shift)
    return Resolved(shifted[0], shifted[1], anchor)


def then(m: re.Match, ctx: Context) -> Resolved | None:
    """'until then', 'by then': the last day the text named; nothing without one."""
    if ctx.last_day is None:
        return None
    return Resolved(ctx.last_day.isoformat(), "day", "previous_date")


# --- quarters, halves, seasons ------------------------------------------------------------------------------


def quarter(m: re.Match, ctx: Context) -> Resolved | None:
    """'the third quarter', 'third-quarter', 'the 1988 third quarter', 'this year's third quarter', and in
    earnings reports 'the quarter', 'the latest period', 'the year-ago quarter': the quarter in focus."""
    year_text = group(m, "year") or group(m, "year2")
    back = bool(group(m, "ago")) or (group(m, "yearrel2") or "").lower() == "last"
    if group(m, "ord") is None:
        return _focus_quarter(m, ctx, int(year_text) if year_text else None, back)
    number_ = int(lookup("ordinal", m.group("ord")))
    if year_text:
        return Resolved(f"{year_text}-Q{number_}", "quarter", None)
    if ctx.ref is None:
        return Resolved(f"XXXX-Q{number_}", "quarter", None)
    ref = ctx.ref
    if back and group(m, "ago"):
        focus = ctx.last_quarter[0] if ctx.last_quarter else ref.year
        return Resolved(
            f"{focus - 1}-Q{number_}", "quarter", "previous_date" if ctx.last_quarter else ctx.ref_source
        )
    if group(m, "yearrel") or group(m, "yearrel2"):
        year_ = ref.year + relative_step(group(m, "yearrel") or group(m, "yearrel2"))
    elif relative_step(group(m, "rel")) < 0:
        year_ = ref.year if number_ < cal.quarter_of(ref) else ref.year - 1
    elif number_ > cal.quarter_of(ref) and ctx.direction(m) == "past":
        year_ = ref.year - 1
    else:
        year_ = ref.year
    return ctx.relative(f"{year_}-Q{number_}", "quarter")


def _focus_quarter(m: re.Match, ctx: Context, year_: int | None, back: bool) -> Resolved | None:
    latest = (group(m, "latest") or "").lower()
    completed = cal.add_quarters(ctx.ref.year, cal.quarter_of(ctx.ref), -1) if ctx.ref else None
    # "in the first nine months ... the 1988 period": that span of 1988, not a quarter
    if year_ is not None and ctx.last_granularity == "duration" and "period" in m.group(0).lower():
        return Resolved(str(year_), "year", None)
    if latest == "current" and ctx.ref is not None:
        return ctx.relative(f"{ctx.ref.year}-Q{cal.quarter_of(ctx.ref)}", "quarter")
    if ctx.last_quarter is not None and (completed is None or ctx.last_quarter <= completed):
        (focus_year, number_), anchor = ctx.last_quarter, "previous_date"
    elif completed is not None and ("quarter" in m.group(0).lower() or latest in ("latest", "most recent")):
        # results are reported for a closed quarter; "the latest period" too, when no quarter is in focus
        (focus_year, number_), anchor = completed, ctx.ref_source
    else:
        return Resolved(str(year_), "year", None) if year_ else None  # "the period" alone names nothing
    if year_ is not None:
        return Resolved(f"{year_}-Q{number_}", "quarter", anchor)
    if back:
        focus_year -= 1
    elif (group(m, "yearrel2") or "").lower() == "next":
        focus_year += 1
    return Resolved(f"{focus_year}-Q{number_}", "quarter", anchor)


def half(m: re.Match, ctx: Context) -> Resolved | None:
    number_ = 1 if m.group("ord").lower() == "first" else 2  # "second half", "last half"
    if group(m, "year"):
        return Resolved(f"{m.group('year')}-H{number_}", "half", None)
    if ctx.ref is None:
        return Resolved(f"XXXX-H{number_}", "half", None)
    year_ = ctx.ref.year + relative_step(group(m, "yearrel"))
    return ctx.relative(f"{year_}-H{number_}", "half")


SEASON_ORDER = {"WI": 0, "SP": 1, "SU": 2, "FA": 3}


def season(m: re.Match, ctx: Context) -> Resolved | None:
    code = str(lookup("season", m.group("season")))
    rel = (group(m, "rel") or "").lower()
    if group(m, "year"):
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
    delta = relative_step(rel) if rel and rel != "the" else 0
    order = SEASON_ORDER[code]
    if delta < 0:
        year_ = ref.year if order < now else ref.year - 1
    elif delta > 0:
        year_ = ref.year if order > now else ref.year + 1
    elif rel == "the" or not rel:
        way = ctx.direction(m)
        year_ = ref.year - (way == "past" and order > now) + (way == "future" and order < now)
    else:
        year_ = ref.year
    return ctx.relative(f"{year_}-{code}", "season")
