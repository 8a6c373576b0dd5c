"""Which words report a statement (and whose it is): the extractor end to end on sentences written for it."""

from __future__ import annotations

import datetime as dt

PUBLISHED = dt.datetime(2024, 3, 5, tzinfo=dt.UTC)


def statements(pipeline, text):
    return {
        e.trigger.text: sorted(a.name for a in e.actors)
        for e in pipeline.extract(text, PUBLISHED).events
        if e.type == "statement"
    }


def test_a_possessed_speech_noun_reports_its_owners_words(pipeline):
    text = "Senator Maria Lopez spoke in Ohio. Reporters checked Lopez's claim that taxes fell."
    assert statements(pipeline, text).get("claim") == ["Maria Lopez"]


def test_a_bare_speech_noun_as_an_object_stays_a_topic(pipeline):
    assert "claim" not in statements(pipeline, "Reporters checked the claim about taxes.")
