"""Temporal expressions: find them and give each a TIMEX3 value relative to a reference time.

First version: spaCy's DATE/TIME entities, valued by dateparser against the reference.
"""

from __future__ import annotations

import datetime as dt
import re

import dateparser
from spacy.tokens import Doc

from .model import Reference, TimeExpression

_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}
_YEAR = re.compile(r"^\d{4}$")


class TemporalTagger:
    def find_reference(self, doc: Doc) -> Reference | None:
        """A dateline or explicit full date early in the text, when no publication time is given."""
        for ent in doc.ents:
            if ent.label_ == "DATE" and ent.start_char < 300:
                parsed = dateparser.parse(ent.text, settings={"REQUIRE_PARTS": ["day", "month", "year"]})
                if parsed:
                    return Reference(parsed, "text", None)
        return None

    def __call__(self, doc: Doc, reference: Reference | None) -> list[TimeExpression]:
        found = []
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            value, granularity = self._value(ent.text, reference)
            found.append(
                TimeExpression(
                    text=ent.text,
                    start=ent.start_char,
                    end=ent.end_char,
                    type=ent.label_,
                    value=value,
                    granularity=granularity,
                    anchor=reference.source if reference else None,
                    rule="spacy.ent",
                )
            )
        return found

    def _value(self, text: str, reference: Reference | None) -> tuple[str, str | None]:
        if _YEAR.match(text):
            return text, "year"
        if reference is None:
            return "XXXX-XX-XX", None
        settings = dict(_SETTINGS, RELATIVE_BASE=reference.value)
        parsed = dateparser.parse(text, settings=settings)
        if parsed is None:
            return "XXXX-XX-XX", None
        return parsed.date().isoformat(), "day"


def calendar_date(value: str) -> str:
    """The date part of a TIMEX3 value: '2024-05-16TNI' -> '2024-05-16'."""
    return value.split("T", 1)[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", value) else value


__all__ = ["TemporalTagger", "calendar_date", "dt"]
