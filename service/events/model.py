"""The extraction's domain objects: plain dataclasses, no spaCy and no Flask.

Every span is a pair of Python code-point offsets into the submitted text, and
its ``text`` equals ``submitted[start:end]``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Reference:
    """The moment relative expressions are resolved against, and where it came from."""

    value: dt.datetime
    source: str  # "published_at" | "dateline" | "text"
    span: Span | None = None  # where in the text it was found, for "dateline"/"text"

    @property
    def date(self) -> dt.date:
        return self.value.date()


@dataclass(frozen=True, slots=True)
class TimeExpression:
    text: str
    start: int
    end: int
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2024-05-16, 2024-W19, P2D, PAST_REF, XXXX-XX-XX ...
    granularity: str | None = None  # day, week, month, quarter, season, year, decade, century, time, ...
    anchor: str | None = None  # "published_at" | "dateline" | "text" | None (absolute or unresolved)
    rule: str | None = None


@dataclass(slots=True)
class Actor:
    name: str  # canonical name in this document ("Vladimir Putin")
    text: str  # the mention itself ("the Russian president")
    start: int
    end: int
    role: str  # speaker, addressee, target, participant, visitor, host, party
    kind: str = "person"  # person, organization, country, group
    title: str | None = None
    country: str | None = None  # ISO 3166 alpha-3
    resolved_by: str = "name"  # name, descriptor, pronoun, group


@dataclass(slots=True)
class EventDate:
    """``text``/``start``/``end`` are None when the date comes from the publication time alone."""

    text: str | None
    start: int | None
    end: int | None
    value: str  # calendar value for the timeline: 2024-05-16 (a TIME's date part), 2024-04, ...
    type: str
    granularity: str | None
    source: str  # "explicit" | "continued" | "reporting_time" | "anterior" | "inherited"
    timex: str | None = None  # the expression's own TIMEX3 value: 2024-05-16TNI


@dataclass(slots=True)
class Location:
    name: str
    text: str
    start: int
    end: int
    source: str  # "explicit" | "inherited" | "dateline"
    country: str | None = None
    # the gazetteer entry of the place, from the document's resolved places (service/geo)
    geonames_id: int | None = None
    lat: float | None = None
    lon: float | None = None
    feature: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A place mention and the GeoNames entry it was resolved to (all None when it was not)."""

    text: str
    start: int
    end: int
    name: str | None  # the gazetteer's name
    geonames_id: int | None
    lat: float | None
    lon: float | None
    country: str | None  # ISO 3166 alpha-3
    feature: str | None  # country, continent, macroregion, region, district, city
    source: str  # the rule that picked the entry (service/geo/resolver.py), "unresolved" if none


@dataclass(frozen=True, slots=True)
class Mention:
    trigger: Span
    sentence: Span
    rule: str


@dataclass(slots=True)
class Event:
    id: str
    type: str  # meeting | statement | visit | agreement
    subtype: str
    cameo: str
    trigger: Span
    sentence: Span
    rule: str
    actors: list[Actor] = field(default_factory=list)
    date: EventDate | None = None
    location: Location | None = None
    modality: str = "asserted"  # asserted | planned | negated | hypothetical
    modality_cue: Span | None = None
    format: str | None = None  # meetings: in_person | phone | video
    confidence: float = 0.5
    mentions: list[Mention] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    events: list[Event]
    dates: list[TimeExpression]
    reference: Reference | None
    warnings: list[str] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
