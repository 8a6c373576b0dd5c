"""dateparser for fully written-out dates in formats and languages the rules do not cover
("08/07/1998", "1998-08-07", "7 août 1998").

It is only ever asked about a complete date, never a relative one: its relative parsing has traps the
news rules avoid (a bare weekday is always taken from the past, even across a year boundary; "last
Friday"/"next Friday" give None; PREFER_DATES_FROM does not respect RELATIVE_BASE consistently).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import dateparser

SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "DATE_ORDER": "MDY",  # US news convention for 08/07/1998
}


@lru_cache(maxsize=4096)
def parse_date(text: str) -> dt.date | None:
    """A complete calendar date, or None; cached because dateparser costs milliseconds per call."""
    parsed = dateparser.parse(text, settings=SETTINGS)
    return parsed.date() if parsed else None
