"""Calendar arithmetic and TIMEX3 value formatting."""

from __future__ import annotations

import datetime as dt

ONE_DAY = dt.timedelta(days=1)


def day(d: dt.date) -> str:
    return d.isoformat()


def month(year: int, month_: int) -> str:
    return f"{year:04d}-{month_:02d}"


def week(d: dt.date) -> str:
    year, number, _ = d.isocalendar()
    return f"{year:04d}-W{number:02d}"


def easter(year: int) -> dt.date:
    """Easter Sunday (Gregorian, the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def quarter_of(d: dt.date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(year: int, month_: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month_ - 1) + delta
    return index // 12, index % 12 + 1


def add_quarters(year: int, quarter: int, delta: int) -> tuple[int, int]:
    index = year * 4 + (quarter - 1) + delta
    return index // 4, index % 4 + 1


def weekday_near(ref: dt.date, weekday: int, direction: str | None) -> dt.date:
    """The ``weekday`` (1 = Monday) on or before ``ref`` for the past (the news default), on or after it
    for the future."""
    if direction == "future":
        return ref + dt.timedelta(days=(weekday - ref.isoweekday()) % 7)
    return ref - dt.timedelta(days=(ref.isoweekday() - weekday) % 7)


def weekday_strict(ref: dt.date, weekday: int, step: int) -> dt.date:
    """'last Friday' (step -1): the latest Friday before ``ref``; 'next Friday' (+1): the first after."""
    if step < 0:
        return ref - dt.timedelta(days=(ref.isoweekday() - weekday - 1) % 7 + 1)
    return ref + dt.timedelta(days=(weekday - ref.isoweekday() - 1) % 7 + 1)


# How far the tense may move a month or date away from the nearest reading: "in December", future tense,
# in a March article is nine months ahead; "the year ended March 31" in October is seven months back.
MONTHS_REACH = 10
DAYS_REACH = 300


def month_year(ref: dt.date, month_: int, direction: str | None) -> int:
    """The year of a bare month name: the nearest one, unless the tense points the other way."""

    def distance(y: int) -> int:
        return (y - ref.year) * 12 + month_ - ref.month

    return _nearest_year(ref.year, distance, MONTHS_REACH, direction)


def date_year(ref: dt.date, month_: int, day_: int, direction: str | None) -> int:
    """The year of a month and day without one, by the same logic at day precision."""

    def distance(y: int) -> int:
        last = 28 if month_ == 2 else 30 if month_ in (4, 6, 9, 11) else 31
        return (dt.date(y, month_, min(day_, last)) - ref).days

    return _nearest_year(ref.year, distance, DAYS_REACH, direction)


def _nearest_year(ref_year: int, distance, reach: int, direction: str | None) -> int:
    """The nearest of three candidate years by ``distance`` (past wins a tie), moved one year the
    way the tense points when the nearest lies the other way and the next one is within ``reach``."""
    year = min((ref_year - 1, ref_year, ref_year + 1), key=lambda y: (abs(distance(y)), distance(y) > 0))
    if direction == "past" and distance(year) > 0 and abs(distance(year - 1)) <= reach:
        return year - 1
    if direction == "future" and distance(year) < 0 and distance(year + 1) <= reach:
        return year + 1
    return year


def weekend(ref: dt.date, direction: str | None) -> str:
    """The weekend before ``ref`` (or this one, at the weekend); the coming one for the future."""
    if ref.isoweekday() >= 6:
        return week(ref) + "-WE"
    if direction == "future":
        return week(ref) + "-WE"
    return week(ref - dt.timedelta(days=7)) + "-WE"


def nth_weekday(year: int, month_: int, weekday: int, n: int) -> dt.date:
    """The n-th ``weekday`` of a month (n = -1: the last)."""
    if n > 0:
        first = dt.date(year, month_, 1)
        return first + dt.timedelta(days=(weekday - first.isoweekday()) % 7 + 7 * (n - 1))
    y, m = add_months(year, month_, 1)
    last = dt.date(y, m, 1) - ONE_DAY
    return last - dt.timedelta(days=(last.isoweekday() - weekday) % 7)
