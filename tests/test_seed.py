"""The whole pipeline on the seed article, checked against its gold events in seeds/."""

from __future__ import annotations

import datetime as dt

import pytest

from .spans import assert_extraction_spans


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
    assert_extraction_spans(text, result)


def same_name(predicted: str, accepted: list[str]) -> bool:
    """Loose match on the last word or containment ("Putin" ~ "Vladimir Putin"), as readers accept."""
    p = predicted.lower().replace("’s", "").split()
    for name in accepted:
        a = name.lower().split()
        if p and a and (p[-1] == a[-1] or " ".join(a) in " ".join(p) or " ".join(p) in " ".join(a)):
            return True
    return False


def matched_pairs(result, seed):
    """(gold, event) for every gold event some mention of a predicted event matches."""
    for gold in seed["events"]:
        for event, mention in all_mentions(result):
            if event.type == gold["type"] and gold["span"][0] <= mention.trigger.start < gold["span"][1]:
                yield gold, event
                break


def test_required_actors_are_found_by_their_names(result, seed):
    wanted = [(a, e) for g, e in matched_pairs(result, seed) for a in g["actors"] if a.get("required", True)]
    found = [a for a, e in wanted if any(same_name(x.name, a["names"]) for x in e.actors)]
    assert len(found) / len(wanted) >= 0.85, [a["names"][0] for a, _ in wanted if a not in found]


def test_places_and_modality_follow_the_gold(result, seed):
    pairs = list(matched_pairs(result, seed))
    placed = [(g, e) for g, e in pairs if g.get("location") and g.get("location_required", True)]
    assert all(e.location and same_name(e.location.name, g["location"]) for g, e in placed)
    moods = [(g, e) for g, e in pairs if g.get("modality")]
    assert sum(g["modality"] == e.modality for g, e in moods) / len(moods) >= 0.9


def test_events_carry_actors_and_ids(result):
    assert [e.id for e in result.events] == [f"e{i}" for i in range(1, len(result.events) + 1)]
    with_actors = [e for e in result.events if e.actors]
    assert len(with_actors) / len(result.events) >= 0.6
