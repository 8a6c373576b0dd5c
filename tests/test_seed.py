"""The whole pipeline on the seed article, checked against its gold events in seeds/."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture(scope="module")
def result(pipeline, seed):
    return pipeline.extract(seed["text"], dt.datetime.fromisoformat(seed["published_at"]))


def matches(event, gold) -> bool:
    start = event.trigger.start
    return event.type == gold["type"] and gold["span"][0] <= start < gold["span"][1]


def all_mentions(result):
    for event in result.events:
        for mention in event.mentions:
            yield event, mention


def test_finds_most_required_gold_events(result, seed):
    required = [g for g in seed["events"] if g.get("required", True)]
    found = [
        g
        for g in required
        if any(
            e.type == g["type"] and g["span"][0] <= m.trigger.start < g["span"][1]
            for e, m in all_mentions(result)
        )
    ]
    assert len(found) / len(required) >= 0.8, [g["trigger"]["text"] for g in required if g not in found]


def test_finds_each_kind_of_event(result):
    assert {"meeting", "statement", "visit"} <= {e.type for e in result.events}


def test_nothing_in_forbidden_spans(result, seed):
    for zone in seed["forbidden"]:
        a, b = zone["span"]
        for event in result.events:
            if a <= event.trigger.start < b:
                assert "actor" in zone
                assert all(zone["actor"] not in actor.name for actor in event.actors)


def test_every_span_points_into_the_text(result, seed):
    text = seed["text"]
    for event in result.events:
        spans = [event.trigger, event.sentence, *event.actors, *(m.trigger for m in event.mentions)]
        spans += [p for p in (event.date, event.location) if p is not None and p.start is not None]
        for span in spans:
            assert text[span.start : span.end] == span.text
    for date in result.dates:
        assert text[date.start : date.end] == date.text


def test_events_carry_actors_and_ids(result):
    assert [e.id for e in result.events] == [f"e{i}" for i in range(1, len(result.events) + 1)]
    with_actors = [e for e in result.events if e.actors]
    assert len(with_actors) / len(result.events) >= 0.6
