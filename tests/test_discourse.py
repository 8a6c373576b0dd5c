"""The discourse pass (service/events/discourse.py): mention chains per document, read by every event."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Span

from service.events.actors import GROUP_NUMBERS, _definite
from service.events.discourse import Discourse, appositive_people, audiences
from service.events.entities import NameIndex, actor_entities
from service.events.gazetteer import Gazetteer

PUBLISHED = dt.datetime(2024, 5, 16)


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


def discourse(nlp, gazetteer, text):
    doc = nlp(text)
    ents = appositive_people(doc, actor_entities(doc, gazetteer), gazetteer)
    names = NameIndex(doc, gazetteer, ents)
    return doc, names, Discourse(doc, names, gazetteer, ents)


def pronoun_names(nlp, gazetteer, text, word, nth=0):
    doc, names, chains = discourse(nlp, gazetteer, text)
    token = [t for t in doc if t.text == word][nth]
    return [names.entity(e).name for e in chains.pronoun(token)]


def speakers(pipeline, text, trigger):
    events = pipeline.extract(text, PUBLISHED).events
    found = [e for e in events if any(m.trigger.text == trigger for m in e.mentions)]
    assert found, [e.trigger.text for e in events]
    return [a.name for a in found[0].actors if a.role == "speaker"], found[0]


def test_a_pronoun_takes_the_subject_of_the_sentence_before(nlp, gazetteer):
    text = "Finance Minister Anna Berg met Jonas Lind on Monday. She said taxes would fall."
    assert pronoun_names(nlp, gazetteer, text, "She") == ["Anna Berg"]


def test_a_pronoun_after_a_long_quotation_reaches_the_name_through_its_chain(nlp, gazetteer):
    text = (
        "Finance Minister Anna Berg said taxes would fall. "
        '"We have done the work," she told the parliament. '
        '"The numbers are clear. The budget is sound. Nobody doubts it. We will go on," she said.'
    )
    assert pronoun_names(nlp, gazetteer, text, "she", nth=1) == ["Anna Berg"]


def test_a_pronoun_skips_a_person_of_the_other_gender(nlp, gazetteer):
    text = "Mr. Oskar Brandt met Ms. Ida Holm in Oslo. She said the talks went well."
    assert pronoun_names(nlp, gazetteer, text, "She") == ["Ida Holm"]


def test_they_takes_a_coordinated_subject(nlp, gazetteer):
    text = "Vladimir Putin and Xi Jinping met in Beijing. They signed a joint statement."
    assert pronoun_names(nlp, gazetteer, text, "They") == ["Vladimir Putin", "Xi Jinping"]


def test_a_pronoun_with_nobody_before_it_stays_unresolved(nlp, gazetteer):
    assert pronoun_names(nlp, gazetteer, "He said the plan would fail.", "He") == []


def test_a_name_with_an_office_in_apposition_is_a_person(nlp, gazetteer):
    _doc, names, _ = discourse(
        nlp, gazetteer, "Pieter van Hoorn, trade commissioner of the union, said the talks would go on."
    )
    person = names.person(["van", "Hoorn"])
    assert person is not None and "commissioner" in person.offices


def test_the_audience_of_a_statement_is_listed_as_data():
    assert {"reporter", "reporters", "journalists", "conference"} <= audiences()


# -- through the extraction ----------------------------------------------------------------------


def test_he_said_after_a_quotation_is_the_speaker_named_before(pipeline):
    text = (
        "Trade Secretary Tomas Ruiz said exports would grow. "
        '"We are confident. The figures are good. Demand is strong," he said.'
    )
    names, _ = speakers(pipeline, text, "said")
    assert names == ["Tomas Ruiz"]
    events = pipeline.extract(text, PUBLISHED).events
    assert [a.name for a in events[-1].actors] == ["Tomas Ruiz"]


def test_told_reporters_gives_the_speaker_never_the_audience(pipeline):
    names, event = speakers(pipeline, "Senator Maria Lopez told reporters the bill would pass.", "told")
    assert names == ["Maria Lopez"] and [a.name for a in event.actors] == ["Maria Lopez"]


def test_a_news_conference_is_no_actor(pipeline):
    _, event = speakers(
        pipeline, "Chancellor Olaf Scholz told a news conference that he was confident.", "told"
    )
    assert [a.name for a in event.actors] == ["Olaf Scholz"]


def test_a_surname_the_tagger_missed_is_the_person_named_before(pipeline):
    text = (
        "The talks will go on, Pieter van Hoorn, trade commissioner of the union, said. "
        '"We will not hurry," van Hoorn said.'
    )
    events = pipeline.extract(text, PUBLISHED).events
    said = [e for e in events if e.type == "statement"]
    assert [[a.name for a in e.actors] for e in said] == [["Pieter van Hoorn"], ["Pieter van Hoorn"]]


def test_he_after_an_appositive_speaker(pipeline):
    text = (
        "The talks will go on, Pieter van Hoorn, trade commissioner of the union, said. "
        "He told reporters here the union would not hurry."
    )
    names, _ = speakers(pipeline, text, "told")
    assert names == ["Pieter van Hoorn"]


def test_the_two_countries_are_the_pair_named_before(pipeline):
    text = "Peru and Chile ended their dispute on Monday. The two countries signed a treaty."
    _, event = speakers(pipeline, text, "signed")
    assert {a.name for a in event.actors} == {"Peru", "Chile"}


@pytest.mark.parametrize(
    "text",
    [
        "Lena Park and Trade Representative Omar Haddad asked Japan to open its market.",
        "Senator Lena Park and Senator Omar Haddad urged Japan to open its market.",
        "On Monday, Lena Park and Trade representative Omar Haddad asked Japan to open its market.",
    ],
)
def test_a_coordinated_subject_keeps_both_members(pipeline, text):
    events = pipeline.extract(text, PUBLISHED).events
    assert {a.name for a in events[0].actors if a.role == "speaker"} == {"Lena Park", "Omar Haddad"}


def test_a_group_of_reporters_is_no_participant(pipeline):
    text = (
        "In an interview with a small group of reporters, Finance Minister Pavel Novak said taxes would fall."
    )
    events = pipeline.extract(text, PUBLISHED).events
    assert all("reporters" not in a.name for e in events for a in e.actors)


@pytest.mark.parametrize(
    ("text", "trigger", "who"),
    [
        (
            "In talks with Trade Minister Eva Gruber on Monday, Pavel Novak asked Austria to open its market.",
            "talks",
            {"Eva Gruber", "Pavel Novak"},
        ),
        (
            "After a cabinet meeting, Prime Minister Pavel Novak told ministers to cut spending.",
            "meeting",
            {"Pavel Novak"},
        ),
        (
            "Former Foreign Minister Pavel Novak made the proposal at a meeting with Eva Gruber.",
            "meeting",
            {"Pavel Novak", "Eva Gruber"},
        ),
        (
            "Foreign Secretary Pavel Novak, winding up a two-day visit to Vienna, said he expected progress.",
            "visit",
            {"Pavel Novak", "Austria"},
        ),
    ],
)
def test_whoever_acts_in_a_clause_took_part_in_the_meeting_that_frames_it(pipeline, text, trigger, who):
    _, event = speakers(pipeline, text, trigger)
    assert {a.name for a in event.actors} == who


def test_a_common_noun_subject_does_not_take_part_in_a_framing_meeting(pipeline):
    _, event = speakers(pipeline, "Protesters gathered at the summit in Vienna.", "summit")
    assert event.actors == []


def test_a_surname_the_tagger_missed_is_an_antecedent(nlp, gazetteer):
    text = "Foreign Secretary Pieter van Hoorn arrived on Monday. Later, van Hoorn met the mayor. He said the talks went well."
    assert pronoun_names(nlp, gazetteer, text, "He") == ["Pieter van Hoorn"]


def test_a_pronoun_prefers_the_nearest_subject_over_a_list_of_names(nlp, gazetteer):
    text = (
        "Foreign Secretary Pieter van Hoorn held talks with the senators. "
        "The talks included Senators Anna Berg, Jonas Lind and Ida Holm. He said the talks went well."
    )
    assert pronoun_names(nlp, gazetteer, text, "He") == ["Pieter van Hoorn"]


def test_what_was_agreed_is_no_party_but_the_agreement_is_reported(pipeline):
    text = "Japan and Chile are bound by a fishing pact.\n\nThat pact, agreed last year, expires in June."
    events = [e for e in pipeline.extract(text, PUBLISHED).events if e.trigger.text == "agreed"]
    assert events and all(a.name != "pact" for a in events[0].actors)


def test_a_headline_in_capitals_gives_no_name_of_its_words(nlp, gazetteer):
    doc = nlp("MINISTER MEETING UNDERSCORES ACCORD\n\nOSLO, May 15 - The minister said the accord holds.")
    ents = appositive_people(doc, actor_entities(doc, gazetteer), gazetteer)
    assert not any(len(e) >= 3 and e.text.isupper() for e in ents)


def test_a_surname_is_the_person_the_document_names_not_a_namesake_of_the_dictionary(nlp, gazetteer):
    _doc, names, _ = discourse(
        nlp, gazetteer, "Finance Minister Gerhard Stoltenberg met bankers. Stoltenberg said rates would hold."
    )
    assert {" ".join(p.words) for p in names.people} == {"Gerhard Stoltenberg"}


def test_a_statement_is_never_told(pipeline):
    _, event = speakers(pipeline, "Novak told the statement that the border would stay open.", "told")
    assert all(a.role != "addressee" for a in event.actors)


def test_i_and_we_inside_a_quotation_are_its_speaker(nlp, gazetteer):
    text = (
        'Trade Secretary Tomas Ruiz spoke on Monday.\n\n"We say that farming matters. I will not move," Ruiz '
        "told reporters."
    )
    assert pronoun_names(nlp, gazetteer, text, "We") == ["Tomas Ruiz"]
    assert pronoun_names(nlp, gazetteer, text, "I") == ["Tomas Ruiz"]


def test_a_quotation_attributed_before_it_has_that_speaker(nlp, gazetteer):
    text = 'Senator Maria Lopez said: "I will vote against the bill."'
    assert pronoun_names(nlp, gazetteer, text, "I") == ["Maria Lopez"]


def test_i_outside_any_quotation_stays_unresolved(nlp, gazetteer):
    assert pronoun_names(nlp, gazetteer, "Maria Lopez arrived. I think she will win.", "I") == []


def test_we_of_a_quotation_is_the_speaker_only_as_the_speaker(pipeline):
    text = 'Lena Park arrived.\n\n"We hope to sign an agreement with Chile," Park said.'
    names, _ = speakers(pipeline, text, "said")
    assert names == ["Lena Park"]
    _, signed = speakers(pipeline, text, "sign")
    assert "Lena Park" not in {a.name for a in signed.actors}


def test_who_stands_for_the_name_right_before_it(pipeline):
    text = "The issue was discussed with several of the senators, including Mitchell who urged Canada to act."
    names, _ = speakers(pipeline, text, "urged")
    assert names == ["Mitchell"]


def test_a_letter_from_someone_says_what_its_sender_says(pipeline):
    text = "Britain will study a letter from Prime Minister Yuki Ito promising his personal help."
    names, _ = speakers(pipeline, text, "promising")
    assert names == ["Yuki Ito"]


def test_whoever_acts_at_a_conference_only_attends_it(pipeline):
    _, event = speakers(pipeline, "At the annual conference, Pavel Novak unveiled a new phone.", "conference")
    assert event.actors == []


def test_this_trip_inside_a_quotation_is_the_speakers_own(pipeline):
    text = (
        "Opposition leader Hans Weber, a Bavarian conservative, predicted during a visit here that the bill "
        'will pass.\n\n"The aim of this trip is to show that our patience is running out," Karl Ottmar said.'
    )
    events = pipeline.extract(text, PUBLISHED).events
    trip = next(e for e in events if any(m.trigger.text == "trip" for m in e.mentions))
    assert [a.name for a in trip.actors] == ["Karl Ottmar"]


def test_this_trip_outside_a_quotation_takes_no_speaker(pipeline):
    text = "Karl Ottmar said on Monday that this trip to Lisbon was long planned."
    events = pipeline.extract(text, PUBLISHED).events
    trips = [e for e in events if any(m.trigger.text == "trip" for m in e.mentions)]
    assert all(a.resolved_by != "pronoun" for e in trips for a in e.actors)


def test_at_a_cabinet_meeting_the_speaker_and_the_person_told_take_part(pipeline):
    text = "At Tuesday's Cabinet meeting, Novak told Finance Minister Eva Lind to cut spending."
    events = pipeline.extract(text, PUBLISHED).events
    meeting = next(e for e in events if e.type == "meeting")
    assert {"Novak", "Eva Lind"} <= {a.name for a in meeting.actors}


def test_at_a_conference_the_speaker_only_attends(pipeline):
    text = "At the annual conference, Novak told Finance Minister Eva Lind to cut spending."
    events = pipeline.extract(text, PUBLISHED).events
    assert not [a for e in events if e.type == "meeting" for a in e.actors]


def test_a_between_phrase_the_parser_hangs_on_the_verb_names_the_meetings_participants(pipeline):
    text = (
        "The talks are expected to prepare a summit in Rome next month between President Ruth Adler "
        "and Prime Minister Jan Novak."
    )
    events = pipeline.extract(text, PUBLISHED).events
    summit = next(e for e in events if any(m.trigger.text == "summit" for m in e.mentions))
    assert [a.name for a in summit.actors] == ["Ruth Adler", "Jan Novak"]


def test_a_role_noun_before_a_name_makes_it_a_person_whatever_its_label(nlp, gazetteer):
    doc = nlp("Porto broker Tiago Salgueiro said prices would rise.")
    tagged = [Span(doc, 2, 4, label="ORG")]
    assert [e.label_ for e in appositive_people(doc, tagged, gazetteer)] == ["PERSON"]


def test_a_group_noun_before_a_name_does_not_make_it_a_person(nlp, gazetteer):
    doc = nlp("The ruling party Nova Esquerda said prices would rise.")
    tagged = [Span(doc, 3, 5, label="ORG")]
    assert [e.label_ for e in appositive_people(doc, tagged, gazetteer)] == ["ORG"]


def test_they_skips_a_pair_named_inside_a_reported_clause(nlp, gazetteer):
    text = (
        "Some European officials had hinted that France and Italy might settle their dispute, but this has "
        "been dismissed by other officials. They noted that talks had gone on for months."
    )
    assert pronoun_names(nlp, gazetteer, text, "They") == []


def test_they_still_takes_a_pair_that_is_the_sentences_own_subject(nlp, gazetteer):
    text = "France and Italy settled their dispute on Monday. They said talks had gone on for months."
    assert pronoun_names(nlp, gazetteer, text, "They") == ["France", "Italy"]


def test_they_after_a_plural_noun_subject_names_no_one(nlp, gazetteer):
    text = "Officials said France and Italy would meet soon. They said talks had gone on for months."
    assert pronoun_names(nlp, gazetteer, text, "They", nth=0) == []


def _statement_actors(pipeline, text):
    return [[(a.name, a.role) for a in e.actors] for e in pipeline.extract(text, PUBLISHED).events]


@pytest.mark.parametrize(
    "text",
    [
        "Senator Maria Lopez told The Denver Herald that the budget would pass.",
        "Senator Maria Lopez told CNN on Monday that the budget would pass.",
        "Senator Maria Lopez told Fox News that she was confident.",
        "Senator Maria Lopez told the crowd that taxes would fall.",
        "Senator Maria Lopez told the audience that taxes would fall.",
    ],
)
def test_a_news_outlet_or_a_crowd_told_is_no_actor(pipeline, text):
    assert _statement_actors(pipeline, text) == [[("Maria Lopez", "speaker")]]


def test_a_person_told_stays_the_addressee(pipeline):
    text = "Senator Maria Lopez told Mayor Tom Hale that the budget would pass."
    assert _statement_actors(pipeline, text) == [[("Maria Lopez", "speaker"), ("Tom Hale", "addressee")]]


def test_an_outlet_word_as_a_common_noun_is_no_outlet(pipeline):
    text = "The minister met the post commander on Monday."
    (meeting,) = pipeline.extract(text, PUBLISHED).events
    assert "post commander" in {a.name for a in meeting.actors}


def test_a_name_the_tagger_runs_into_a_headline_verb_ends_before_it(nlp, gazetteer):
    doc = nlp("Lopez Says Budget Will Pass\n\nMaria Lopez said the budget would pass.")
    says = next(t for t in doc if t.text == "Says")
    assert says.pos_ == "VERB"
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, doc[6:8].start, doc[6:8].end, label="PERSON")]
    names = [e.text for e in actor_entities(doc, gazetteer)]
    assert names == ["Lopez", "Maria Lopez"]
    assert NameIndex(doc, gazetteer).entity(actor_entities(doc, gazetteer)[0]).name == "Maria Lopez"


@pytest.mark.parametrize(
    ("phrase", "definite"),
    [
        ("The two leaders met.", True),
        ("Their two leaders met.", True),
        ("Both leaders met.", True),
        ("Two speechwriters met.", False),
        ("All the experts met.", True),
    ],
)
def test_only_a_definite_group_stands_for_the_pair_named_before(nlp, phrase, definite):
    """Lee et al.: an indefinite noun phrase ("two speechwriters") brings in new people."""
    subject = next(t for t in nlp(phrase) if t.dep_ == "nsubj")
    assert _definite(subject) is definite


def test_all_is_no_number_of_a_group():
    assert "all" not in GROUP_NUMBERS and GROUP_NUMBERS["two"] == GROUP_NUMBERS["both"] == 2
    assert GROUP_NUMBERS["three"] == 3


def test_a_descriptor_set_beside_a_name_is_that_name(pipeline):
    text = "Mexico wants a deal. The minister of the economy, Ildefonso Guajardo, argues that trade helps."
    names, _ = speakers(pipeline, text, "argues")
    assert names == ["Ildefonso Guajardo"]


def test_an_infinitive_takes_no_name_before_to_as_its_subject(pipeline):
    text = "Trump took to Twitter overnight to accuse the campaign of lying."
    names, _ = speakers(pipeline, text, "accuse")
    assert names == ["Donald Trump"]


def test_the_object_asked_to_act_is_the_infinitives_subject(pipeline):
    text = "Senator Paul Dunn asked Japan to begin negotiations on its rice policy."
    negotiations = next(e for e in pipeline.extract(text, PUBLISHED).events if e.type == "meeting")
    assert [a.name for a in negotiations.actors] == ["Japan"]


@pytest.mark.parametrize(
    ("text", "trigger", "speaker"),
    [
        ("Analysts studied the plan. Some note that it favors the rich.", "note", "Some"),
        ("Those close to the senator say she will run.", "say", "Those"),
        ("Others said the vote was close.", "said", "Others"),
    ],
)
def test_a_quantifier_or_indefinite_pronoun_that_speaks_is_kept_as_written(pipeline, text, trigger, speaker):
    names, event = speakers(pipeline, text, trigger)
    assert names == [speaker] and event.actors[0].kind == "group"


def test_a_quantifier_with_a_named_member_is_that_member(pipeline):
    names, _ = speakers(pipeline, "One of the attorneys, Jane Roe, said the case was weak.", "said")
    assert names == ["Jane Roe"]


def test_he_said_after_an_unnamed_spokesman_is_the_spokesman_not_a_name_he_reported(pipeline):
    text = (
        "GENEVA, Aug 20 - Secretary-General Pablo Ortega will chair the talks, a U.N. spokesman said. "
        "Both sides have accepted the agenda, he said."
    )
    events = pipeline.extract(text, PUBLISHED).events
    second = [e for e in events if e.type == "statement"][-1]
    assert [(a.name, a.text, a.resolved_by) for a in second.actors] == [("U.N. spokesman", "he", "pronoun")]


def test_he_said_after_a_named_speaker_still_takes_the_name(pipeline):
    text = "Pablo Ortega said the talks would start on time. Both sides have accepted the agenda, he said."
    events = [e for e in pipeline.extract(text, PUBLISHED).events if e.type == "statement"]
    assert [a.name for a in events[-1].actors] == ["Pablo Ortega"]


def test_she_does_not_take_an_unnamed_spokesman(pipeline):
    text = (
        "Trade Minister Susan Pike will travel to Ottawa, a government spokesman said. "
        "Canada wanted a deal, she said."
    )
    events = [e for e in pipeline.extract(text, PUBLISHED).events if e.type == "statement"]
    assert [a.name for a in events[-1].actors] == ["Susan Pike"]


@pytest.mark.parametrize("label", ["GPE", "PRODUCT", "LOC", "ORG"])
def test_a_surname_the_tagger_misreads_is_the_person_named_in_full(nlp, gazetteer, label):
    doc = nlp("Finance Minister Claire Dubois met bankers. Later Dubois spoke to the press.")
    full = next(e for e in doc.ents if e.text == "Claire Dubois")
    surname = Span(doc, len(doc) - 6, len(doc) - 5, label=label)
    assert surname.text == "Dubois"
    doc.ents = [Span(doc, full.start, full.end, label="PERSON"), surname]
    entity = NameIndex(doc, gazetteer, list(doc.ents)).entity(surname)
    assert (entity.name, entity.kind) == ("Claire Dubois", "person")


def test_a_capital_named_like_a_person_stays_the_capital(nlp, gazetteer):
    doc = nlp("Mayor Ana Lima met bankers. Later Lima said it would rain.")
    lima = next(Span(doc, t.i, t.i + 1, label="GPE") for t in doc if t.text == "Lima" and t.i > 3)
    assert lima.text == "Lima"
    doc.ents = [Span(doc, 1, 3, label="PERSON"), lima]
    assert NameIndex(doc, gazetteer, list(doc.ents)).entity(lima).kind != "person"


def test_he_who_reports_is_not_a_person_named_in_his_report(pipeline):
    text = (
        "State Department spokesman Charles Redford said the ministers would meet again. "
        "Robert Hale and Yuri Orlov also discussed Afghanistan, he said."
    )
    said = [e for e in pipeline.extract(text, PUBLISHED).events if e.trigger.text == "said"][-1]
    assert [a.name for a in said.actors] == ["Charles Redford"]


@pytest.mark.parametrize("label", ["PERSON", "ORG"])
def test_two_people_the_tagger_joined_into_one_name_are_two(nlp, gazetteer, label):
    doc = nlp("Robert Hale met Yuri Orlov. Hale and Orlov also discussed Afghanistan.")
    start = next(t.i for t in doc if t.text == "Hale" and t.i > 3)
    doc.ents = [
        Span(doc, 0, 2, label="PERSON"),
        Span(doc, 3, 5, label="PERSON"),
        Span(doc, start, start + 3, label=label),
    ]
    assert [e.text for e in actor_entities(doc, gazetteer) if e.start >= start] == ["Hale", "Orlov"]


def test_a_firm_named_for_two_people_the_text_does_not_name_stays_one(nlp, gazetteer):
    doc = nlp("Procter and Gamble said sales rose.")
    doc.ents = [Span(doc, 0, 3, label="ORG")]
    assert [e.text for e in actor_entities(doc, gazetteer)] == ["Procter and Gamble"]
