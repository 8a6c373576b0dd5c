"""Which words report a statement (and whose it is): the extractor end to end on sentences written for it."""

from __future__ import annotations

import datetime as dt

import pytest

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


def test_a_statement_in_the_next_sentence_is_not_the_content_of_the_previous_one(pipeline):
    text = (
        "Maria Lopez, president of the teachers union, which represents city educators, said she hopes "
        "the rally sends a message that “parents are standing up.”\n“Let us get back to work,” said Mr. Smith."
    )
    events = [e for e in pipeline.extract(text, PUBLISHED).events if e.type == "statement"]
    assert [m.trigger.text for e in events for m in e.mentions].count("said") == 2


def test_reported_content_stays_part_of_its_report(pipeline):
    found = statements(pipeline, "The minister said that the envoy claimed the talks had failed.")
    assert "claimed" not in found


def test_a_participle_after_a_plain_report_is_a_further_statement(pipeline):
    found = statements(
        pipeline, "The minister said the plan was sound, adding that it would be funded next year."
    )
    assert {"said", "adding"} <= set(found)


def test_a_participle_elaborating_praise_is_that_praise(pipeline):
    found = statements(pipeline, "The minister praised the plan, calling it a model for the region.")
    assert "praised" in found and "calling" not in found


def test_a_pull_quote_is_attributed_to_the_name_after_the_dash(pipeline):
    text = "“We can do better than this.” ―\xa0Anna Berg\n“Vote early.” ― Paul Stone"
    events = [e for e in pipeline.extract(text, PUBLISHED).events if e.type == "statement"]
    assert {a.name for e in events for a in e.actors} == {"Anna Berg", "Paul Stone"}


def test_noting_or_stressing_something_is_a_statement(pipeline):
    assert statements(pipeline, "The governor stressed the importance of the new budget.").get(
        "stressed"
    ) == ["governor"]


def test_declining_to_comment_is_a_statement(pipeline):
    events = pipeline.extract("Through a spokesman, the senator declined to comment.", PUBLISHED).events
    assert [(e.trigger.text, e.cameo) for e in events] == [("declined to comment", "012")]


def test_a_share_of_those_polled_is_the_speaker(pipeline):
    assert statements(pipeline, "In the survey, 63 percent said the economy was improving.").get("said") == [
        "63 percent"
    ]


def test_as_stated_leaves_the_speaker_open(pipeline):
    found = statements(
        pipeline, 'The phone is claimed to be "a revolution" as stated on the company website.'
    )
    assert found.get("stated") == []


def test_an_unknown_noun_that_warns_of_a_clause_is_a_speaker(pipeline):
    assert statements(pipeline, "Still, the fund warned that the exit will raise costs.").get("warned") == [
        "fund"
    ]


def test_an_inanimate_threat_without_a_clause_is_no_statement(pipeline):
    assert "threatens" not in statements(pipeline, "The drought threatens the harvest.")


def test_raising_concerns_is_a_statement(pipeline):
    assert statements(pipeline, "The senator raised concerns about the budget.").get("raised") == ["senator"]


def test_a_transcript_speaker_before_a_colon_is_the_speaker_whatever_its_entity_label(pipeline):
    text = 'Partial transcript:\n\n"HOLT: Governor, I don’t want to interrupt, but I want to try to get an answer.'
    events = [e for e in pipeline.extract(text, PUBLISHED).events if e.rule == "statement.colon_attribution"]
    assert [a.name for e in events for a in e.actors] == ["HOLT"]


def test_reports_inside_a_transcript_turn_belong_to_that_turn(pipeline):
    text = 'The exchange went on.\n\n"HOLT: Governor, I have to ask you, because as the Journal wrote, voters are worried.\n'
    events = [e for e in pipeline.extract(text, PUBLISHED).events if e.type == "statement"]
    assert [e.rule for e in events] == ["statement.colon_attribution"]


def test_a_recently_announced_product_reports_the_announcement(pipeline):
    text = "Pre-orders of the recently announced tablet began Tuesday."
    assert statements(pipeline, text).get("announced") == []


def test_a_speech_noun_with_its_content_clause_reports_a_statement(pipeline):
    text = "The firm released the update in response to complaints that the device was too loud."
    assert "complaints" in statements(pipeline, text)


def test_a_headline_whose_first_verb_is_parsed_as_the_subject_keeps_its_company(pipeline):
    assert statements(pipeline, "Sony releases PlayStation SDK, announces upcoming update").get(
        "announces"
    ) == ["Sony"]


def test_a_bare_plural_names_a_kind_of_event_not_one_that_happened(pipeline):
    events = pipeline.extract("The handset plays music as well as making phone calls.", PUBLISHED).events
    assert [e.type for e in events] == []


def test_a_determined_standalone_noun_still_reports_an_event(pipeline):
    events = pipeline.extract("The phone calls between the two leaders lasted an hour.", PUBLISHED).events
    assert [e.type for e in events] == ["meeting"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("In a statement, one of the club’s lawyers, Tom Vance, said the deal was legal.", "Tom Vance"),
        ("Some of the senators said the bill was flawed.", "senators"),
        ("A number of local officials said the bill was flawed.", "local officials"),
    ],
)
def test_one_of_a_group_speaks_by_its_name_else_as_the_group(pipeline, text, speaker):
    assert statements(pipeline, text).get("said") == [speaker]


def test_saying_after_an_attack_is_a_further_statement(pipeline):
    found = statements(pipeline, "The senator attacked the plan, saying it would raise taxes.")
    assert found.get("saying") == ["senator"] and "attacked" in found
