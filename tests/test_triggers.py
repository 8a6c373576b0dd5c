"""Trigger rules on short sentences written for them (the real model: rules match lemmas and POS)."""

from __future__ import annotations

import pytest

from service.events import lexicon
from service.events.triggers import TriggerMatcher, catalog


@pytest.fixture(scope="module")
def triggers(nlp):
    return TriggerMatcher(nlp.vocab)


def found(nlp, triggers, sentence):
    return [(t.rule.type, t.span.text) for t in triggers(nlp(sentence))]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The minister said the talks went well.", ("statement", "said")),
        ("Blinken urged China to end its support.", ("statement", "urged")),
        ("Russia and China pledged to cooperate.", ("statement", "pledged")),
        ("The two sides issued a joint statement.", ("statement", "joint statement")),
        ("Putin met Xi in Beijing.", ("meeting", "met")),
        ("The leaders held talks on trade.", ("meeting", "talks")),
        ("Biden spoke to Macron by phone.", ("meeting", "spoke to")),
        ("The president arrived in Paris.", ("visit", "arrived")),
        ("It was his first state visit.", ("visit", "state visit")),
        ("The ministers signed a trade pact.", ("agreement", "signed")),
    ],
)
def test_rule_families_fire(nlp, triggers, sentence, expected):
    assert expected in found(nlp, triggers, sentence)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Sign up for our free newsletter.", "Sign"),
        ("She wore a statement necklace to the gala.", "statement"),
    ],
)
def test_non_event_uses_give_nothing(nlp, triggers, sentence, word):
    assert all(text != word for _, text in found(nlp, triggers, sentence))


def test_every_rule_has_an_id_a_type_and_a_cameo_code():
    for entry in lexicon.load("triggers"):
        assert entry["id"]
        if not entry.get("veto"):
            assert entry["type"] in {"meeting", "statement", "visit", "agreement"}
            assert entry["cameo"].isdigit()


def test_catalog_groups_subtypes_by_type():
    types = catalog()
    assert types["meeting"]["meet"] == "040"
    assert types["agreement"]["sign"] == "057"
