"""Trigger rules on short sentences written for them (the real model: rules match lemmas, POS and the parse)."""

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
        ("The senator condemned the attack on the embassy.", ("statement", "condemned")),
        ("Officials warned that prices would rise.", ("statement", "warned")),
        ("“We are ready,” the mayor added.", ("statement", "added")),
        ("According to the ministry, the plant will close.", ("statement", "According to")),
        ("Putin met Xi in Beijing.", ("meeting", "met")),
        ("The leaders held talks on trade.", ("meeting", "talks")),
        ("Biden spoke to Macron by phone.", ("meeting", "spoke to")),
        ("Macron called Scholz on Tuesday.", ("meeting", "called")),
        ("The firm unveiled the phone at the Worldwide Developers Conference.", ("meeting", "Conference")),
        ("The president arrived in Paris.", ("visit", "arrived")),
        ("It was his first state visit.", ("visit", "state visit")),
        ("The king will lay a wreath at the memorial.", ("visit", "lay")),
        ("The delegation flew to Tokyo on Monday.", ("visit", "flew")),
        ("The ministers signed a trade pact.", ("agreement", "signed")),
        ("The plan adds red tape, as one banker put it.", ("statement", "put it")),
        ("The two mayors agreed to consult each other often.", ("meeting", "consult")),
        ("The minister met his Thai counterpart in Hanoi.", ("meeting", "met")),
        ("Senator Ruth Bell offered some pointed advice to the governor.", ("statement", "offered")),
        ("The senator calls the tax plan ‘a crazy system’ during a rally.", ("statement", "calls")),
        ("The governor endorsed the mayor on Tuesday.", ("statement", "endorsed")),
        ("Critics charged that the agency had hidden the report.", ("statement", "charged")),
        ("The crowd chanted that the election was stolen.", ("statement", "chanted")),
        ("The senator likened the budget to a shell game.", ("statement", "likened")),
    ],
)
def test_rule_families_fire(nlp, triggers, sentence, expected):
    assert expected in found(nlp, triggers, sentence)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Sign up for our free newsletter.", "Sign"),
        ("She wore a statement necklace to the gala.", "statement"),
        ("The company failed to meet the deadline.", "meet"),
        ("The so-called reform was dropped.", "called"),
        ("He added salt to the soup.", "added"),
        ("The team went home early.", "went"),
        ("The pipes were delivered in a great deal of haste.", "deal"),
        ("Correction: An earlier version of this story misspelled a name.", ":"),
        ("Source: national statistics office.", ":"),
        ("If you put it on the table, it will fall.", "put it"),
        ("The firm offered a discount to new buyers.", "offered"),
        ("Members of Congress voted against the bill.", "Congress"),
        ("The fund sold bonds to meet expected redemptions.", "meet"),
        ("The ruling was met with outrage by the crowd.", "met"),
    ],
)
def test_non_event_uses_give_nothing(nlp, triggers, sentence, word):
    assert all(text != word for _, text in found(nlp, triggers, sentence))


def test_calling_something_a_name_is_a_statement_not_a_phone_call(nlp, triggers):
    assert found(nlp, triggers, "They called the plan a disaster.") == [("statement", "called")]


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Russia welcomed China's efforts to broker peace.", "statement"),
        ("Xi welcomed Putin at the airport.", "visit"),
    ],
)
def test_welcome_is_praise_or_hosting_by_its_object(nlp, triggers, sentence, kind):
    assert (kind, "welcomed") in found(nlp, triggers, sentence)


def test_every_rule_has_an_id_a_type_and_a_cameo_code():
    for entry in lexicon.load("triggers"):
        assert entry["id"]
        if not entry.get("veto"):
            assert entry["type"] in {"meeting", "statement", "visit", "agreement"}
            assert entry["cameo"].isdigit() and len(entry["cameo"]) == 3


def test_catalog_groups_subtypes_by_type():
    types = catalog()
    assert types["meeting"]["meet"] == "040"
    assert types["meeting"]["phone_call"] == "041"
    assert types["visit"]["host"] == "043"
    assert types["agreement"]["sign"] == "057"
    assert types["statement"]["appeal"] == "020"


def test_patterns_outside_the_supported_syntax_are_refused_at_load_time(nlp):
    from service.events.patterns import PatternError

    bad = {
        "id": "x",
        "type": "meeting",
        "subtype": "meet",
        "cameo": "040",
        "pattern": [{"LEMMA": "meet", "OP": "?"}],
    }
    with pytest.raises(PatternError):
        TriggerMatcher(nlp.vocab, entries=(bad,))


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("The senator spoke about the budget.", "spoke about"),
        ("She railed against the deal.", "railed against"),
    ],
)
def test_speaking_about_something_is_a_statement_not_a_meeting(nlp, triggers, sentence, trigger):
    assert ("statement", trigger) in found(nlp, triggers, sentence)


def test_calling_someone_without_quoted_words_is_no_statement(nlp, triggers):
    assert ("statement", "called") not in found(
        nlp, triggers, "The minister called the ambassador on Monday."
    )
