"""The resolver for each rule ``kind`` of timex_rules.jsonl."""

from __future__ import annotations

from .days import (
    calendar,
    century,
    clock,
    dateparser,
    decade,
    deictic,
    holiday,
    not_temporal,
    nth_day,
    overnight,
    reference,
    second_day,
    spelled_year,
    week_of,
    weekday,
    year,
)
from .durations import duration, set_
from .relative import ago, anaphoric, half, quarter, relative_unit, season, then, units_from, year_ago

RESOLVERS = {
    "calendar": calendar,
    "dateparser": dateparser,
    "week_of": week_of,
    "holiday": holiday,
    "weekday": weekday,
    "deictic": deictic,
    "clock": clock,
    "overnight": overnight,
    "nth_day": nth_day,
    "second_day": second_day,
    "not_temporal": not_temporal,
    "reference": reference,
    "year": year,
    "spelled_year": spelled_year,
    "decade": decade,
    "century": century,
    "relative_unit": relative_unit,
    "ago": ago,
    "year_ago": year_ago,
    "units_from": units_from,
    "anaphoric": anaphoric,
    "then": then,
    "quarter": quarter,
    "half": half,
    "season": season,
    "duration": duration,
    "set": set_,
}
