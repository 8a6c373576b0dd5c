"""Resolvers for calendar dates, days of the week, today/tonight, clock times, years, decades and centuries."""

from __future__ import annotations

import datetime as dt
import re

from . import calendar as cal
from .absolute import parse_date
from .context import Context, Resolved, group, relative_step, step
from .tables import lookup, year_number

ANAPHORIC_REL = ("previous", "prior")  # count from the last date named, not the reference
PART_OF_DAY_CLOCK = {"morning": 0, "afternoon": 12, "evening": 12}


def _pod(m: re.Match) -> str:
    word = group(m, "pod")
    return "T" + lookup("part_of_day", word) if word else ""


# --- calendar dates -------------------------------------------------------------------------------------


def calendar(m: re.Match, ctx: Context) -> Resolved | None:
    month = int(lookup("month", m.group("month")))
    day, year = group(m, "day"), group(m, "year")
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
    if group(m, "yearrel"):
        year = ref.year + relative_step(m.group("yearrel"))
    elif group(m, "rel") and day is not None:
        way = {-1: "past", 1: "future"}.get(relative_step(m.group("rel")))
        year = cal.date_year(ctx.ref, month, int(day), way)
    elif group(m, "rel"):
        delta = relative_step(m.group("rel"))
        if delta < 0:
            year = ref.year if month < ref.month else ref.year - 1
        elif delta > 0:
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
    if ctx.ref is None and not group(m, "year"):
        if group(m, "beyond"):
            return Resolved("XXXX-XX-XX", "day", None)
        return Resolved("XXXX-" + rule if rule[3:].isdigit() else f"XXXX-{month:02d}", "day", None)
    year = int(m.group("year")) if group(m, "year") else cal.date_year(ctx.ref, month, 15, ctx.direction(m))
    day = _holiday_day(year, rule)
    anchor = None if group(m, "year") else ctx.ref_source
    day += dt.timedelta(days=step(group(m, "beyond")))  # "the day after Christmas"
    if group(m, "week"):  # "Easter week", "Christmas week": the week that holds the day
        return Resolved(cal.week(day), "week", anchor)
    return Resolved(day.isoformat(), "day", anchor)


def _holiday_day(year: int, rule: str) -> dt.date:
    month, how = int(rule[:2]), rule[3:]
    if how.isdigit():
        return dt.date(year, month, int(how))
    if how.startswith("EASTER"):  # "EASTER-2": two days before Easter Sunday (Good Friday)
        return cal.easter(year) + dt.timedelta(days=int(how[6:] or 0))
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
        shifted = (number_ - 1 + step(group(m, "beyond"))) % 7 + 1
        return Resolved(f"XXXX-WXX-{shifted}{pod}", "day", None, kind)
    rel = (group(m, "rel") or "").lower()
    delta = relative_step(rel) if rel and rel != "that" else 0
    shift = dt.timedelta(days=step(group(m, "beyond")))  # "the day before last Tuesday's hearing"
    if rel in ANAPHORIC_REL and ctx.last_day is not None:  # "down from the previous Friday"
        day = cal.weekday_strict(ctx.last_day, number_, step(rel))
        return Resolved((day + shift).isoformat() + pod, "day", "previous_date", kind)
    if delta:
        day = cal.weekday_strict(ctx.ref, number_, delta)
    else:
        day = cal.weekday_near(ctx.ref, number_, _weekday_direction(ctx.direction(m)))
    return Resolved((day + shift).isoformat() + pod, "day", ctx.ref_source, kind)


def _weekday_direction(way: str | None) -> str | None:
    """News convention: "said Friday" is the past one (or today), "meet Monday" and "will meet" the coming one."""
    return None if way == "present" else way


def deictic(m: re.Match, ctx: Context) -> Resolved | None:
    word = m.group("word").lower()
    pod = _pod(m) or ("TNI" if word == "tonight" else "")
    if word == "last" and pod not in ("TNI", "TEV"):
        return None  # "last morning" is not said
    offset = int(lookup("deictic_day", word)) + step(group(m, "beyond"))
    kind = "TIME" if pod else "DATE"
    if ctx.ref is None:
        return Resolved("XXXX-XX-XX" + pod, "day", None, kind)
    return Resolved((ctx.ref + dt.timedelta(days=offset)).isoformat() + pod, "day", ctx.ref_source, kind)


def overnight(m: re.Match, ctx: Context) -> Resolved | None:
    """'shelled the city overnight': in news, the night before the reference; 'will stay overnight': the
    coming one. A day named just before is no better guide (the dev sets go both ways), so it is not used."""
    if ctx.ref is None:
        return Resolved("XXXX-XX-XXTNI", "day", None)
    offset = 0 if ctx.direction(m) == "future" else -1
    night = (ctx.ref + dt.timedelta(days=offset)).isoformat() + "TNI"
    return Resolved(night, "day", ctx.ref_source, moves_focus=False)


def clock(m: re.Match, ctx: Context) -> Resolved | None:
    time = _clock(m)
    if time is None:
        return None
    day: str
    if ctx.ref is None:
        day = "XXXX-XX-XX"
    elif group(m, "weekday"):
        number_ = int(lookup("weekday", m.group("weekday")))
        day = cal.weekday_near(ctx.ref, number_, _weekday_direction(ctx.direction(m))).isoformat()
    elif group(m, "deictic"):
        offset = int(lookup("deictic_day", m.group("deictic")))
        day = (ctx.ref + dt.timedelta(days=offset)).isoformat()
    elif group(m, "month"):
        month, day_ = int(lookup("month", m.group("month"))), int(m.group("day"))
        resolved = _day(cal.date_year(ctx.ref, month, day_, ctx.direction(m)), month, day_, None)
        if resolved is None:
            return None
        day = resolved.value
    else:
        return Resolved(f"{ctx.ref.isoformat()}T{time}", "time", ctx.ref_source, floating=True)
    return Resolved(f"{day}T{time}", "time", ctx.ref_source)


def _clock(m: re.Match) -> str | None:
    if group(m, "hour"):
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


def second_day(m: re.Match, ctx: Context) -> Resolved | None:
    """'on April 24 and 25': a bare day number right after a full date is a day of the same month."""
    if (
        ctx.last_day is None
        or ctx.last_day_end < 0
        or ctx.text[ctx.last_day_end : m.start()].strip() != "and"
    ):
        return None
    day = int(m.group("day"))
    if not ctx.last_day.day < day <= 31:
        return None
    return _day(ctx.last_day.year, ctx.last_day.month, day, "previous_date")


def not_temporal(m: re.Match, ctx: Context) -> None:
    """'24 hours a day', 'High Noon', 'the March for Life': matched only to keep their parts untagged."""
    return None


def nth_day(m: re.Match, ctx: Context) -> Resolved | None:
    """'today is the eighth day of the strike': in the present tense, the reference day itself."""
    if ctx.ref is None or ctx.direction(m) != "present":
        return None
    return ctx.relative(ctx.ref.isoformat(), "day")


def reference(m: re.Match, ctx: Context) -> Resolved | None:
    return Resolved(str(lookup("ref_word", m.group("word"))), None, None)


def year(m: re.Match, ctx: Context) -> Resolved | None:
    return Resolved(m.group("year"), "year", None)


def spelled_year(m: re.Match, ctx: Context) -> Resolved | None:
    return Resolved(str(year_number(m.group("year"))), "year", None)


def decade(m: re.Match, ctx: Context) -> Resolved | None:
    if group(m, "century"):
        return Resolved(m.group("century") + m.group("decade"), "decade", None)
    digit = m.group("short") or str(lookup("decade_word", m.group("word")))
    return Resolved("19" + digit, "decade", None)


def century(m: re.Match, ctx: Context) -> Resolved | None:
    ordinal = int(m.group("ord"))
    return Resolved(f"{ordinal - 1:02d}", "century", None) if 1 <= ordinal <= 21 else None
