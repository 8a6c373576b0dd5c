"""The extraction core: a parsed spaCy ``Doc`` in, an ``Extraction`` out. No Flask here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from spacy.tokens import Doc, Token

from .actors import ActorFinder
from .entities import NameIndex
from .locations import LocationFinder
from .modality import modality
from .model import Event, EventDate, Extraction, Location, Mention, Reference, Span, TimeExpression
from .temporal import TemporalTagger, calendar_date
from .triggers import Trigger, TriggerMatcher


class EventExtractor:
    """Build once per process (it compiles the lexicons); call once per document."""

    def __init__(self, vocab):
        self.triggers = TriggerMatcher(vocab)
        self.temporal = TemporalTagger()

    def __call__(self, doc: Doc, published_at: dt.datetime | None = None) -> Extraction:
        warnings = []
        if published_at is not None:
            reference = Reference(published_at, "published_at")
        else:
            reference = self.temporal.find_reference(doc)
            if reference is None:
                warnings.append("no published_at and no date in the text: relative dates are left unresolved")
        dates = self.temporal(doc, reference)
        names = NameIndex(doc)
        find_actors, find_location = ActorFinder(doc, names), LocationFinder(doc)
        events = []
        for trigger in self.triggers(doc):
            event = self._event(trigger, find_actors, find_location, dates)
            if event is not None:
                events.append(event)
        events = _merge_mentions(_inherit_context(events, reference))
        for number, event in enumerate(events, start=1):
            event.id = f"e{number}"
        return Extraction(events=events, dates=dates, reference=reference, warnings=warnings)

    def _event(self, trigger: Trigger, find_actors, find_location, dates) -> Event | None:
        head, rule = trigger.head, trigger.rule
        actors = find_actors(trigger)
        if not actors and head.pos_ != "VERB":
            return None  # a bare noun ("a deal") without participants is not an event report
        mood, cue = modality(head)
        span = _span(trigger.span)
        sentence = _span(head.sent)
        confidence = 0.5 + 0.2 * bool(actors) + 0.1 * (head.pos_ == "VERB") + 0.1 * (len(actors) > 1)
        return Event(
            id="",
            type=rule.type,
            subtype=rule.subtype,
            cameo=rule.cameo,
            trigger=span,
            sentence=sentence,
            rule=rule.id,
            actors=actors,
            date=_clause_date(head, dates),
            location=find_location(head),
            modality=mood,
            modality_cue=cue,
            format=rule.format or ("in_person" if rule.type == "meeting" else None),
            confidence=round(min(confidence, 0.95), 2),
            mentions=[Mention(span, sentence, rule.id)],
        )


def _span(span) -> Span:
    return Span(span.text, span.start_char, span.end_char)


def _clause_date(head: Token, dates: list[TimeExpression]) -> EventDate | None:
    """A temporal expression whose syntactic head chain reaches the trigger within its own clause."""
    sent = head.sent
    doc = head.doc
    for expr in dates:
        if not (sent.start_char <= expr.start < sent.end_char) or expr.type == "DURATION":
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is not None and _attached(span.root, head):
            value = calendar_date(expr.value)
            return EventDate(
                expr.text, expr.start, expr.end, value, expr.type, expr.granularity, "explicit", expr.value
            )
    return None


def _attached(token: Token, head: Token) -> bool:
    for _ in range(4):
        if token == head:
            return True
        if token.head is token or (token.pos_ == "VERB" and token != head):
            return False
        token = token.head
    return token == head


def _inherit_context(events: list[Event], reference: Reference | None) -> list[Event]:
    """Undated events take the last explicit date; events without place, the current visit's place."""
    last_date: EventDate | None = None
    place: Location | None = None
    for event in events:
        if event.date is not None:
            last_date = event.date
        elif last_date is not None:
            event.date = replace(last_date, source="inherited")
        elif reference is not None and event.modality == "asserted":
            value = reference.date.isoformat()
            event.date = EventDate(None, None, None, value, "DATE", "day", "inherited", value)
        if event.type == "visit" and event.location is not None:
            place = event.location
        elif event.location is None and place is not None:
            event.location = replace(place, source="inherited")
    return events


def _merge_mentions(events: list[Event]) -> list[Event]:
    """Same type, same sentence, same participants: one event with several mentions."""
    merged: list[Event] = []
    for event in events:
        names = {a.name for a in event.actors}
        twin = next(
            (
                m
                for m in merged
                if m.type == event.type
                and m.sentence == event.sentence
                and names
                and names <= {a.name for a in m.actors}
            ),
            None,
        )
        if twin is None:
            merged.append(event)
        else:
            twin.mentions.extend(event.mentions)
    return merged
