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


def month_year(ref: dt.date, month_: int, direction: str | None) -> int:
    """The year of a bare month name: this year's if it is this month; otherwise the past one for past
    tense, the coming one for future tense, and the nearest one when the tense says nothing."""
    if month_ == ref.month:
        return ref.year
    if direction == "past":
        return ref.year if month_ < ref.month else ref.year - 1
    if direction == "future":
        return ref.year if month_ > ref.month else ref.year + 1
    return min(
        (ref.year - 1, ref.year, ref.year + 1), key=lambda y: abs((y - ref.year) * 12 + month_ - ref.month)
    )


def date_year(ref: dt.date, month_: int, day_: int, direction: str | None) -> int:
    """The year of a month and day without one, by the same logic at day precision."""

    def make(y: int) -> dt.date:
        return dt.date(y, month_, min(day_, 28 if month_ == 2 else 30 if month_ in (4, 6, 9, 11) else 31))

    years = (ref.year - 1, ref.year, ref.year + 1)
    if direction == "past":
        return max(y for y in years if make(y) <= ref)
    if direction == "future":
        return min(y for y in years if make(y) >= ref)
    return min(years, key=lambda y: abs((make(y) - ref).days))


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
