"""The document pass: what an event takes from its context, and which mentions are one event.

- Date: a reporting clause without a time of its own ("he said", "the minister added") happened at the
  article's now, the dateline's day else the publication date (``reporting_time``): news reports what was
  said for that day's paper. An event told in the past perfect ("as Japan had agreed") with no day of its
  own happened before the story, on no day it gives: PAST_REF (``anterior``). Any other event without a
  date in its own clause takes the story's current day (the last explicit day-level date of an earlier
  event, else the publication date), marked ``inherited``. A month or a vaguer date ("last month") dates its own event only: it does not become the
  story's day.
- A planned trip: a meeting or agreement still to come, of the trip's traveller, a few sentences after it
  is announced, takes its place and date when its own clause gives none.
- Purpose: what a trip is made for ("travel to Moscow this weekend for talks") takes the trip's place and
  date when its own clause gives none.
- Place: an event without a place in its own clause takes the place of the visit under way it belongs to
  (a visit in the same sentence, or the latest visit that shares an actor with it), else, unless it is a
  visit itself or a meeting or agreement still to come, the dateline's city.
- Mentions: a later mention of the same meeting or visit ("met ...", then "the talks ...") is folded into
  the first one's ``mentions`` when nothing contradicts it (actors, date, modality, and which occurrence
  it picks out: "the next meeting", "the April meeting", "meetings" name others; see occurrence.py).
  Statements are never folded: two statements are two speech acts.
"""

from __future__ import annotations

from dataclasses import replace

from .model import Event, EventDate, Location, Reference
from .occurrence import Occurrence, dates_agree, family, mood

ORPHAN_REACH = 600  # characters: a bare "the talks" refers back a few sentences at most
FUTURE = {"planned", "hypothetical"}
DAY_GRANULARITIES = {"day", "time", "hour", "minute", "second", "part_of_day", None}
NO_OCCURRENCE = Occurrence()


def inherit_dates(
    events: list[Event],
    reference: Reference | None,
    background: set[int] = frozenset(),
    reports: set[int] = frozenset(),
    now: str | None = None,
    anterior: set[int] = frozenset(),
) -> None:
    """``background``: ids of events told in a relative clause; their dates do not move the story's day.
    ``reports``: ids of reporting clauses, dated ``now`` (the dateline's day, else the reference's)."""
    story_day: EventDate | None = None
    if reference is not None:
        value = reference.date.isoformat()
        story_day = EventDate(None, None, None, value, "DATE", "day", "inherited", value)
        now = now or value
    reporting_day = EventDate(None, None, None, now, "DATE", "day", "reporting_time", now) if now else None
    for event in events:
        if event.date is not None:
            day = len(event.date.value) == 10 and event.date.granularity in DAY_GRANULARITIES
            if day and id(event) not in background and event.date.source == "explicit":
                story_day = replace(event.date, source="inherited")
        elif id(event) in anterior:
            event.date = EventDate(None, None, None, "PAST_REF", "DATE", None, "anterior", "PAST_REF")
        elif id(event) in reports and reporting_day is not None:
            event.date = reporting_day
        elif story_day is not None:
            event.date = story_day


def inherit_purpose(events: list[Event], trips: dict[int, Event]) -> None:
    """What a trip is made for ("travel to Moscow this weekend for talks") happens where the trip goes and
    when it is made, unless its own clause says otherwise (``inherited``)."""
    for event in events:
        trip = trips.get(id(event))
        if trip is not None:
            _inherit_from_trip(event, trip)


def inherit_planned_visit(events: list[Event]) -> None:
    """A meeting or agreement still to come, of someone whose trip is announced just before ("Ferri will
    visit Cairo next week ... Ferri is expected to meet Kamal"), is planned for that trip: its place and
    date, when its own clause gives none (``inherited``)."""
    trips = [e for e in events if e.type == "visit" and e.modality in FUTURE and e.location is not None]
    for event in events:
        if event.type not in ("meeting", "agreement") or event.modality not in FUTURE:
            continue
        names = {a.name for a in event.actors}
        trip = next(
            (
                t
                for t in reversed(trips)
                if 0 < event.trigger.start - t.trigger.start <= ORPHAN_REACH
                and names & {a.name for a in t.actors if a.role == "visitor"}
            ),
            None,
        )
        if trip is not None:
            _inherit_from_trip(event, trip)


def _inherit_from_trip(event: Event, trip: Event) -> None:
    """The trip's own place and date, where the event's clause gives none (``inherited``)."""
    if event.location is None and trip.location is not None and trip.location.source == "explicit":
        event.location = replace(trip.location, source="inherited")
    if event.date is None and trip.date is not None and trip.date.source == "explicit":
        event.date = replace(trip.date, source="inherited")


def inherit_locations(events: list[Event], dateline: Location | None) -> None:
    # only a visit that is under way or done locates what happens during it; a planned trip does not
    visits = [e for e in events if e.type == "visit" and e.location is not None and e.modality == "asserted"]
    for event in events:
        if event.location is not None:
            continue
        names = {a.name for a in event.actors}
        same_sentence = [v for v in visits if v.sentence == event.sentence]
        earlier = [
            v for v in visits if v.trigger.start < event.trigger.start and names & {a.name for a in v.actors}
        ]
        source = (same_sentence or earlier[-1:] or [None])[0]
        if source is not None:
            event.location = replace(source.location, source="inherited")
        elif (
            dateline is not None
            and event.type != "visit"
            and (event.type == "statement" or event.modality == "asserted")
        ):
            # a visit goes elsewhere: where it is reported from is not its place; nor is it the place of a
            # meeting or an agreement still to come ("Aydin will meet Stavrou in July"), wherever it is held
            event.location = dateline


def merge_mentions(
    events: list[Event], orphans: set[int] = frozenset(), occurrences: dict[int, Occurrence] | None = None
) -> list[Event]:
    """``orphans`` (ids of bare noun mentions: "ahead of the talks") join a recent event or are dropped;
    ``occurrences`` (``occurrence.occurrences``): which occurrence each noun mention names. A mention
    that picks out another occurrence ("the next meeting", "the April meeting") is never folded into one
    that does not, and is an event of its own even when bare; so is "the talks here", the gathering the
    article is reported from."""
    occurrences = occurrences or {}
    merged: list[Event] = []
    kept: set[int] = set()  # bare mentions kept as events of their own
    for event in events:
        own = _occurrence(event, occurrences)
        if own.date is not None and not _own_date(event):
            event.date = own.date
        event.modality = mood(own, event.modality)
        twins = [m for m in reversed(merged) if _same_event(m, event, occurrences)]
        # a twin picked out as this one is first: "the conference" is the one of the article, not "the 77th"
        # and "the meeting at this resort" is the gathering here, not the last one named
        twins.sort(
            key=lambda m: (
                _occurrence(m, occurrences).markers != own.markers,
                own.here and not _occurrence(m, occurrences).here,
            )
        )
        # a bare "the talks" refers to a meeting someone was reported to hold, not to an empty "summit"
        # (a twin picked out as this one is, "the next meeting", is that meeting whoever holds it)
        # (or one kept for what it says itself: "the talks here", "the next meeting", its own date)
        twin = next(
            (m for m in twins if m.actors or id(event) not in orphans or own.markers or id(m) in kept), None
        )
        if (
            twin is not None
            and id(event) in orphans
            and event.trigger.start - twin.trigger.start > ORPHAN_REACH
            and not _occurrence(twin, occurrences).here
        ):
            twin = None  # the gathering the article is reported from is in scope throughout it
        if twin is None:
            # a bare mention set apart by its own place ("the Uruguay meeting" in talks held here) is
            # another occurrence, as one with its own date is
            elsewhere = any(m.type == event.type and _elsewhere(m, event) for m in merged)
            if id(event) not in orphans or own.markers or _own_date(event) or own.here or elsewhere:
                merged.append(event)
                if id(event) in orphans:
                    kept.add(id(event))
        else:
            if _own_date(event) and not _own_date(twin):
                twin.date = event.date  # "the next meeting ..., the next meeting will be held on May 9"
            twin.mentions.extend(event.mentions)
            known = {(a.name, a.role) for a in twin.actors}
            twin.actors.extend(a for a in event.actors if (a.name, a.role) not in known)
    return merged


def _same_event(first: Event, later: Event, occurrences: dict[int, Occurrence] | None = None) -> bool:
    if first.type != later.type or first.type == "statement" or family(first) != family(later):
        return False
    occurrences = occurrences or {}
    one, other = _occurrence(first, occurrences), _occurrence(later, occurrences)
    # a noun takes the mood of the clause it is named in ("would maintain the agreement"), which says
    # nothing of the occurrence it names; a verb's mood does ("met" and "will meet": two meetings)
    nouns = id(first) in occurrences and id(later) in occurrences and not other.markers
    moods = {first.modality, later.modality}
    if len(moods) > 1 and not (nouns and "negated" not in moods):
        return False
    if one.plural != other.plural or not _refers_to(other.markers, one.markers):
        return False  # "the next meeting", "the 77th meeting", "meetings like this": other occurrences
    # "met on Thursday" and "will meet on Friday", "the April meeting": two meetings; but when both pick
    # out the same occurrence ("the next meeting"), only a date the first one states can contradict
    # nor a date a noun for a standing state only took from its article ("the agreement may need a
    # review", then "the agreement reached in December"): it names the one in force, whenever made
    known = one.standing and not one.told and not one.markers
    guessed = (bool(one.markers) or known) and not _own_date(first)
    if (
        _own_date(later)
        and first.date
        and not guessed
        and not dates_agree(first.date.value, later.date.value)
    ):
        return False
    if _elsewhere(first, later):
        return False  # "talks here" and "the Geneva talks"
    names, later_names = {a.name for a in first.actors}, {a.name for a in later.actors}
    if not later_names:
        return True
    return bool(names) and later_names <= names


def _refers_to(later: frozenset[str], first: frozenset[str]) -> bool:
    """Markers that let a later mention name the first one's occurrence: the same ones, or none after an
    ordinal ("their first meeting ... the talks"); never none after "next" or "previous", which set an
    occurrence apart from the one the article is about."""
    return later == first or (not later and all(m.startswith("ordinal:") for m in first))


def _occurrence(event: Event, occurrences: dict[int, Occurrence]) -> Occurrence:
    """Which occurrence a mention names; a verb's event (no entry) names none in particular."""
    return occurrences.get(id(event), NO_OCCURRENCE)


def _elsewhere(first: Event, later: Event) -> bool:
    """The later mention names its own place, and it is not the first one's (nor in its country)."""
    a, b = first.location, later.location
    if a is None or b is None or b.source != "explicit" or a.name.lower() == b.name.lower():
        return False
    return not (a.country and a.country == b.country)


def _own_date(event: Event) -> bool:
    return event.date is not None and event.date.source == "explicit"
