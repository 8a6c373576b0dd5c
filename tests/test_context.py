"""Places, dates, modality and merged mentions: what an event takes from its clause and its context."""

from __future__ import annotations

import datetime as dt

import pytest

PUBLISHED = dt.datetime(2024, 5, 16)


def extract(pipeline, text):
    return pipeline.extract(text, PUBLISHED).events


def event_at(pipeline, text, trigger):
    found = [e for e in extract(pipeline, text) if any(m.trigger.text == trigger for m in e.mentions)]
    assert found, [e.trigger.text for e in extract(pipeline, text)]
    return found[0]


def test_a_place_in_the_clause_is_explicit(pipeline):
    location = event_at(pipeline, "The prime minister arrived in Tokyo on Monday.", "arrived").location
    assert (location.name, location.source, location.country) == ("Tokyo", "explicit", "JPN")


def test_a_place_in_a_nested_clause_is_not_the_events_own(pipeline):
    text = "Xi met the Russian president, who arrived in Beijing before dawn."
    met = event_at(pipeline, text, "met")
    assert met.location.name == "Beijing" and met.location.source == "inherited"


def test_a_place_merely_mentioned_nearby_is_not_taken(pipeline):
    text = "Officials said on Friday that exports to Germany fell."
    assert event_at(pipeline, text, "said").location is None


def test_a_dateline_places_the_article(pipeline):
    text = "KYIV (Reuters) - The foreign minister said on Monday that talks would resume."
    location = event_at(pipeline, text, "said").location
    assert (location.name, location.source) == ("Kyiv", "dateline")


def test_a_date_from_another_clause_does_not_date_the_event(pipeline):
    text = "Meloni's state visit will be her first trip abroad since taking office last week."
    date = event_at(pipeline, text, "state visit").date
    assert (date.value, date.source) == ("2024-05-16", "inherited")


@pytest.mark.parametrize(
    ("text", "trigger", "modality", "cue"),
    [
        ("The ministers met in Rome.", "met", "asserted", None),
        ("The ministers will meet in Rome.", "meet", "planned", "will"),
        ("He is scheduled to attend a meeting with the governor.", "meeting", "planned", "scheduled"),
        ("The ministers did not meet in Rome.", "meet", "negated", "not"),
        ("The ministers could meet in Rome.", "meet", "hypothetical", "could"),
        ("If the leaders meet, they will sign a deal.", "meet", "hypothetical", "If"),
    ],
)
def test_modality_and_its_cue(pipeline, text, trigger, modality, cue):
    event = event_at(pipeline, text, trigger)
    assert event.modality == modality
    assert (event.modality_cue.text if event.modality_cue else None) == cue


def test_a_later_mention_of_the_same_meeting_is_one_event(pipeline):
    text = (
        "Biden met Kishida at the White House on Wednesday. "
        "Ahead of the talks, aides said trade would dominate."
    )
    meetings = [e for e in extract(pipeline, text) if e.type == "meeting"]
    assert len(meetings) == 1
    assert [m.trigger.text for m in meetings[0].mentions] == ["met", "talks"]


def test_different_meetings_stay_apart(pipeline):
    text = "Biden met Kishida on Wednesday. Blinken will meet Wang Yi in Beijing next month."
    assert len([e for e in extract(pipeline, text) if e.type == "meeting"]) == 2


def test_confidence_is_a_probability_that_ranks_named_verbs_above_bare_nouns(pipeline):
    text = "Putin met Xi in Beijing. The summit drew crowds."
    events = extract(pipeline, text)
    assert all(0 <= e.confidence <= 1 for e in events)
    met = event_at(pipeline, text, "met")
    assert all(met.confidence >= e.confidence for e in events)


def test_meetings_have_a_format(pipeline):
    assert event_at(pipeline, "Biden held a phone call with Xi.", "phone call").format == "phone"
    assert event_at(pipeline, "Biden met Xi in Woodside.", "met").format == "in_person"


def test_a_relative_clause_does_not_set_the_storys_day(pipeline):
    text = "Kishida, who arrived in Washington on Monday, praised the alliance. Biden held talks with him."
    talks = event_at(pipeline, text, "talks")
    assert (talks.date.value, talks.date.source) == ("2024-05-16", "inherited")


def test_a_nouns_date_can_hang_on_its_verb(pipeline):
    text = "The prime minister will address a joint meeting of Congress on Friday."
    date = event_at(pipeline, text, "meeting").date
    assert (date.value, date.source) == ("2024-05-17", "explicit")


def test_a_bare_later_mention_joins_the_meeting_people_held_not_an_empty_summit(pipeline):
    text = (
        "Biden met Kishida on Wednesday ahead of a trilateral summit. Aides said the talks were productive."
    )
    meeting = event_at(pipeline, text, "met")
    assert "talks" in [m.trigger.text for m in meeting.mentions]


@pytest.mark.parametrize(
    "text",
    [
        "Acme unveiled a folding tablet. The announcement came at a press event in Oslo.",
        "Acme unveiled a folding tablet. The announcement was no surprise.",
    ],
)
def test_a_bare_speech_noun_said_to_come_or_be_refers_back(pipeline, text):
    assert all(e.type != "statement" for e in extract(pipeline, text))


def test_a_speech_noun_that_does_something_still_reports_words(pipeline):
    text = "Acme unveiled a folding tablet. The statement lifted its shares."
    assert any(e.trigger.text == "statement" for e in extract(pipeline, text))


# -- reporting time and place (issue 12) ------------------------------------------------------------


def test_a_reporting_clause_is_dated_the_datelines_day_not_the_last_date_told(pipeline):
    text = (
        "FISHERY TALKS END\n\nOSLO, May 15 - The fisheries ministers met on Monday in Bergen. "
        "Hansen later told a news conference that the talks went well."
    )
    told = event_at(pipeline, text, "told")
    assert (told.date.value, told.date.source) == ("2024-05-15", "reporting_time")
    met = event_at(pipeline, text, "met")
    assert (met.date.value, met.date.source) == ("2024-05-13", "explicit")


def test_without_a_dateline_a_reporting_clause_is_dated_the_publication_day(pipeline):
    text = "The envoys met on Monday. The foreign minister said the meeting was useful."
    said = event_at(pipeline, text, "said")
    assert (said.date.value, said.date.source) == ("2024-05-16", "reporting_time")


def test_a_reporting_clause_continues_a_dated_speech(pipeline):
    text = "Speaking to reporters in Madrid on Tuesday, the minister said the deal was fair."
    said = event_at(pipeline, text, "said")
    assert (said.date.value, said.date.source, said.date.text) == ("2024-05-14", "continued", "Tuesday")


def test_a_speech_set_beside_the_subject_dates_and_places_the_reporting_verb(pipeline):
    text = (
        "ANKARA, May 16 - Turkish President Kemal Aydin, speaking to reporters in Istanbul on Tuesday, "
        "said the two neighbours had to settle their disputes."
    )
    events = extract(pipeline, text)
    said = event_at(pipeline, text, "said")
    assert (said.date.value, said.date.source) == ("2024-05-14", "continued")
    assert (said.location.name, said.location.source) == ("Istanbul", "explicit")
    assert [e.type for e in events] == ["statement"]  # speaking to the press is the statement, not a meeting


def test_a_speech_to_an_audience_elsewhere_does_not_place_the_speaker(pipeline):
    text = (
        "LIMA, May 16 - Speaking to an audience in Cusco by video link, the minister said the plan was fair."
    )
    said = event_at(pipeline, text, "said")
    assert said.location is None or said.location.name != "Cusco"


def test_a_date_modifying_a_noun_does_not_date_the_verb(pipeline):
    praised = event_at(pipeline, "The premier praised the March agreement with Chile.", "praised")
    assert (praised.date.value, praised.date.source) == ("2024-05-16", "reporting_time")


def test_a_later_event_without_a_date_keeps_the_storys_day(pipeline):
    text = "The ministers met on Monday in Bergen. They held talks with the mayor."
    talks = event_at(pipeline, text, "talks")
    assert (talks.date.value, talks.date.source) == ("2024-05-13", "inherited")


def test_this_weekend_written_on_a_friday_is_the_coming_weekend(pipeline):
    events = pipeline.extract("The leaders will meet this weekend.", dt.datetime(2024, 5, 17)).events
    assert events[0].date.value == "2024-W20-WE"  # Saturday 18 and Sunday 19 May


def test_a_dateline_under_a_headline_places_what_is_said(pipeline):
    text = (
        "MINISTERS WEIGH NEW TARIFF\n\nSEOUL, May 15 - The trade minister said on Friday that exports rose."
    )
    location = event_at(pipeline, text, "said").location
    assert (location.name, location.source) == ("Seoul", "dateline")


def test_a_headline_in_capitals_with_a_dash_is_not_a_dateline(pipeline):
    text = "U.S. - JAPAN TALKS END\n\nTOKYO, May 15 - The envoy said the talks went well."
    assert event_at(pipeline, text, "said").location.name == "Tokyo"


def test_here_is_the_datelines_city(pipeline):
    text = "LISBON, May 15 - The Brazilian president arrived here on Tuesday for talks."
    location = event_at(pipeline, text, "arrived").location
    assert (location.name, location.source) == ("Lisbon", "dateline")


def test_the_dateline_is_never_an_actor_nor_the_date_of_the_first_sentence(pipeline):
    text = "LIMA, May 15 - The trade minister will visit Tokyo next week."
    visit = event_at(pipeline, text, "visit")
    assert "Peru" not in {a.name for a in visit.actors} and "LIMA" not in {a.text for a in visit.actors}
    assert visit.date.text == "next week"


def test_a_visit_does_not_take_the_datelines_city(pipeline):
    text = "ROME, May 15 - The delegation's trip was cut short."
    assert event_at(pipeline, text, "trip").location is None


def test_a_planned_visit_does_not_place_what_is_said_before_it(pipeline):
    text = "LONDON, May 15 - Howard will visit Tokyo next week. Howard said the trip would ease tensions."
    said = event_at(pipeline, text, "said")
    assert (said.location.name, said.location.source) == ("London", "dateline")


def test_a_meeting_held_somewhere_takes_that_place(pipeline):
    text = "The ministers attended a conference held in Wellington."
    location = event_at(pipeline, text, "conference").location
    assert (location.name, location.source) == ("Wellington", "explicit")


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        (
            "In talks with Eva Gruber yesterday, Pavel Novak asked Austria to open its market.",
            "talks",
            "2024-05-15",
        ),
        (
            "Senator Maria Lopez yesterday predicted during a visit to Lima that the bill would pass.",
            "visit",
            "2024-05-15",
        ),
        ("The minister's trip, which starts tomorrow, will ease tensions.", "trip", "2024-05-17"),
        ("The envoy will make a visit to Lima starting next Wednesday.", "visit", "2024-05-22"),
    ],
)
def test_a_meeting_noun_takes_the_date_of_the_clause_it_frames_or_of_its_timing(
    pipeline, text, trigger, value
):
    date = event_at(pipeline, text, trigger).date
    assert (date.value, date.source) == (value, "explicit")


def test_an_events_own_vague_time_is_its_date(pipeline):
    date = event_at(pipeline, "The president said recently that land would be shared.", "said").date
    assert (date.value, date.source, date.text) == ("PAST_REF", "explicit", "recently")


def test_an_event_told_as_going_on_happens_at_the_articles_now(pipeline):
    text = "The envoys met last Friday in Geneva. Negotiators are meeting to try to settle the dispute."
    meeting = event_at(pipeline, text, "meeting")
    assert (meeting.date.value, meeting.date.source) == ("2024-05-16", "reporting_time")


def test_an_event_in_the_past_perfect_without_a_day_is_before_the_story(pipeline):
    text = "The envoys met on Monday. Tokyo wants a fair market, as Japan had agreed."
    agreed = event_at(pipeline, text, "agreed")
    assert (agreed.date.value, agreed.date.source) == ("PAST_REF", "anterior")
    met = event_at(pipeline, "The ministers said they had met on Monday.", "met")
    assert (met.date.value, met.date.source) == ("2024-05-13", "explicit")


def meetings(pipeline, text):
    return [e for e in extract(pipeline, text) if e.type == "meeting"]


def test_the_next_meeting_is_another_meeting_dated_by_the_verb_that_times_it(pipeline):
    text = (
        "The ministers met in Geneva on Monday. "
        "The next meeting of the council will be held in Vienna on December 9."
    )
    met, following = meetings(pipeline, text)
    assert [m.trigger.text for m in met.mentions] == ["met"]
    assert following.trigger.text == "meeting"
    assert (following.date.value, following.date.source) == ("2024-12-09", "explicit")


def test_a_meeting_to_be_held_on_a_day_takes_that_day(pipeline):
    text = "Diplomats said the issue would be raised at a meeting to be held in Oslo on June 3."
    (meeting,) = meetings(pipeline, text)
    assert meeting.date.value == "2024-06-03"


@pytest.mark.parametrize(
    ("text", "later"),
    [
        (
            "The governors met in Lisbon on Tuesday. The talks followed the previous meeting in Madrid.",
            "meeting",
        ),
        (
            "The governors met in Lisbon on Tuesday. The talks recalled the 12th meeting of the board.",
            "meeting",
        ),
        ("The council met in Lisbon on Tuesday. December's session had been stormy.", "session"),
        ("The council met in Lisbon on Tuesday. The April meeting had been stormy.", "meeting"),
    ],
)
def test_a_mention_that_picks_out_another_occurrence_is_not_folded(pipeline, text, later):
    (met,) = [e for e in meetings(pipeline, text) if e.trigger.text == "met"]
    assert later not in [m.trigger.text for m in met.mentions]
    assert any(e.trigger.text == later for e in meetings(pipeline, text))


def test_meetings_in_the_plural_are_not_the_one_meeting(pipeline):
    text = "Biden met Kishida at the White House on Wednesday. Aides said such meetings were rare."
    (met,) = [e for e in meetings(pipeline, text) if e.trigger.text == "met"]
    assert [m.trigger.text for m in met.mentions] == ["met"]


def test_a_news_conference_after_the_talks_is_not_the_talks(pipeline):
    text = "The trade ministers met in Tokyo on Sunday. Afterwards they gave a news conference."
    (met,) = [e for e in meetings(pipeline, text) if e.trigger.text == "met"]
    assert [m.trigger.text for m in met.mentions] == ["met"]


def test_a_later_mention_with_an_agreeing_coarser_date_is_the_same_meeting(pipeline):
    text = "Biden met Kishida at the White House on Wednesday. The talks this week covered trade."
    (meeting,) = meetings(pipeline, text)
    assert [m.trigger.text for m in meeting.mentions] == ["met", "talks"]


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("2024-06", "2024-06-25", True),
        ("2024-W26", "2024-06-25", True),
        ("2024-W26-WE", "2024-06-24", False),
        ("2024-Q2", "2024-06-25", True),
        ("2024-06-19", "2024-W26", False),
        ("1986-04", "1987-06-29", False),
        ("PAST_REF", "PAST_REF", True),
    ],
)
def test_dates_agree_when_the_days_they_cover_overlap(a, b, agree):
    from service.events.occurrence import dates_agree

    assert dates_agree(a, b) is agree


def test_the_next_meeting_is_planned_whatever_the_clause_says_of_it(pipeline):
    text = "The board met on Monday. It agreed that the matter should be studied and reported to the next meeting."
    following = [e for e in meetings(pipeline, text) if e.trigger.text == "meeting"]
    assert [e.modality for e in following] == ["planned"]


def test_the_previous_meeting_took_place_whatever_the_clause_says_of_it(pipeline):
    text = "The ministers met in Lisbon on Tuesday. They will report on the outcome of the previous meeting."
    previous = [e for e in meetings(pipeline, text) if e.trigger.text == "meeting"]
    assert [e.modality for e in previous] == ["asserted"]


def test_an_agreement_takes_the_date_it_was_signed(pipeline):
    text = "Analysts welcomed the agreement signed in Geneva in December 2023."
    (agreement,) = [e for e in extract(pipeline, text) if e.type == "agreement"]
    assert (agreement.date.value, agreement.date.source) == ("2023-12", "explicit")


def test_two_mentions_of_the_next_meeting_are_one_event_dated_by_the_one_that_says_when(pipeline):
    text = (
        "The board met on Monday. It will report to the next meeting. "
        "The next meeting will be held in Oslo on June 3."
    )
    following = [e for e in meetings(pipeline, text) if e.trigger.text == "meeting"]
    assert len(following) == 1 and len(following[0].mentions) == 2
    assert (following[0].date.value, following[0].modality) == ("2024-06-03", "planned")


def test_the_talks_after_their_first_meeting_are_that_meeting(pipeline):
    text = (
        "Biden and Xi held their first meeting in a year at a California estate on Wednesday. "
        "The talks lasted four hours."
    )
    (meeting,) = meetings(pipeline, text)
    assert [m.trigger.text for m in meeting.mentions] == ["meeting", "talks"]


def test_the_meeting_here_is_the_gathering_the_article_reports_from(pipeline):
    text = "Delegates said the meeting here had reached a consensus on farm trade."
    assert [e.trigger.text for e in meetings(pipeline, text)] == ["meeting"]


def test_a_bare_mention_refers_to_the_gathering_here_throughout_the_article(pipeline):
    filler = " ".join(f"Exports of the {n} sector rose last year, officials said." for n in range(15))
    text = (
        "WELLINGTON, May 16 - Delegates said they were pleased with the gathering here. "
        f"{filler} The meeting gave ministers a chance to talk. The session was described as informal."
    )
    assert len(text) > 900
    (meeting,) = meetings(pipeline, text)
    assert [m.trigger.text for m in meeting.mentions] == ["gathering", "meeting", "session"]


def test_conjoined_meeting_nouns_are_two_occurrences(pipeline):
    text = (
        "Rivera said the forum belongs to a series that includes the OECD meeting in March "
        "and the G-7 meeting in Venice in June."
    )
    dated = sorted(e.date.value for e in meetings(pipeline, text) if e.date.source == "explicit")
    assert dated == ["2024-03", "2024-06"]


def test_a_place_naming_a_meeting_is_its_place_not_a_participant(pipeline):
    text = (
        "TAUPO, New Zealand, May 16 - Ministers said the Taupo meeting had been useful. "
        "Concepcion said the Uruguay meeting had been a success."
    )
    names = {a.name for e in meetings(pipeline, text) for a in e.actors}
    assert not names & {"Taupo", "Uruguay"}


def test_a_bare_mention_with_a_place_of_its_own_is_another_occurrence(pipeline):
    text = (
        "TAUPO, New Zealand, May 16 - Ministers met for talks here on Monday. "
        "The Uruguay meeting was considered successful."
    )
    places = sorted(e.location.name for e in meetings(pipeline, text))
    assert places == ["Taupo", "Uruguay"]


def test_the_period_an_agreement_covers_is_not_its_date(pipeline):
    text = "Output in the fourth quarter will equal the levels set by the agreement for that quarter."
    (agreement,) = [e for e in extract(pipeline, text) if e.type == "agreement"]
    assert agreement.date.source == "inherited"


def test_the_agreement_in_force_is_the_one_a_later_mention_says_was_made_in_december(pipeline):
    text = (
        "LAGOS, May 16 - Lukman said the current agreement may only need a slight review. "
        "The agreement reached at a long session of ministers in December last year pegged output. "
        "Analysts expect the group will maintain the agreement."
    )
    (agreement,) = [e for e in extract(pipeline, text) if e.type == "agreement"]
    assert len(agreement.mentions) == 3 and agreement.date.value == "2023-12"


def test_an_accord_told_as_reached_is_not_an_earlier_one(pipeline):
    text = "Ministers praised the accord reached there. The December accord had failed."
    dates = sorted(e.date.value for e in extract(pipeline, text) if e.type == "agreement")
    assert dates == ["2023-12", "2024-05-16"]


def test_a_meeting_the_article_reports_is_not_dated_by_a_later_months_meeting(pipeline):
    text = "Ministers opened the meeting here. They said the meeting in April had failed."
    dates = sorted(e.date.value for e in meetings(pipeline, text))
    assert dates == ["2024-04", "2024-05-16"]


def test_the_next_meeting_named_inside_a_meeting_verb_is_an_event_of_its_own(pipeline):
    text = (
        "The council met on Monday and decided to discuss the budget again at its next ordinary meeting. "
        "The next ordinary meeting will be convened on June 3."
    )
    following = [e for e in meetings(pipeline, text) if e.modality == "planned"]
    assert len(following) == 1 and len(following[0].mentions) == 2
    assert following[0].date.value == "2024-06-03"


def test_a_communique_issued_at_a_conference_was_issued(pipeline):
    text = "Following are extracts from the communique issued at the conclusion of the conference here."
    assert [e.trigger.text for e in extract(pipeline, text) if e.type == "statement"] == ["communique"]


def test_the_meeting_at_this_resort_is_the_gathering_here_not_the_last_one_named(pipeline):
    text = (
        "TAUPO, New Zealand, May 16 - Ministers from 20 nations said they were pleased with the talks here. "
        "The Uruguay meeting was considered successful. "
        "The meeting at this tourist resort is described as informal."
    )
    by_place = {e.location.name: [m.trigger.text for m in e.mentions] for e in meetings(pipeline, text)}
    assert by_place == {"Taupo": ["talks", "meeting"], "Uruguay": ["meeting"]}


def test_a_communique_is_a_gatherings_outcome(pipeline):
    text = "The ministers issued a communique. Reporters read the final communique with care."
    subtypes = {e.subtype for e in extract(pipeline, text) if e.type == "statement"}
    assert "communique" in subtypes and "say" not in subtypes


def test_a_bare_dateline_under_a_headline_is_no_speaker_and_places_what_is_said(pipeline):
    text = (
        "Museum Opens in Lisbon\n\n"
        "LISBON -- President Rui Costa, opening the museum on Saturday, said it would tell a national story."
    )
    said = event_at(pipeline, text, "said")
    assert [a.name for a in said.actors] == ["Rui Costa"]
    assert (said.location.name, said.location.source) == ("Lisbon", "dateline")


def test_a_paragraph_in_capitals_with_a_dash_under_a_title_is_no_dateline(pipeline):
    text = "Talks end\n\nU.S. - JAPAN TALKS END\n\nThe envoy said in Tokyo that the talks went well."
    assert event_at(pipeline, text, "said").location.source == "explicit"


# -- what a trip is made for (session 6) ------------------------------------------------------------------


def test_talks_a_trip_is_made_for_are_where_and_when_the_trip_goes(pipeline):
    text = (
        "BONN, May 16 - The foreign minister will travel to Moscow on Saturday for talks with Soviet leaders."
    )
    talks = event_at(pipeline, text, "talks")
    assert (talks.location.name, talks.location.source) == ("Moscow", "inherited")
    assert (talks.date.value, talks.date.source) == ("2024-05-18", "inherited")


def test_an_accord_a_trip_is_made_to_sign_is_signed_where_the_trip_goes(pipeline):
    text = "KYIV, May 16 - The president will fly to Paris on Friday to sign an accord with France."
    sign = event_at(pipeline, text, "sign")
    assert sign.location.name == "Paris"
    assert sign.date.value == "2024-05-17"


def test_a_meeting_with_its_own_place_keeps_it(pipeline):
    text = "BONN, May 16 - The minister will travel to Moscow on Saturday for talks in Minsk with Soviet leaders."
    assert event_at(pipeline, text, "talks").location.name == "Minsk"


def test_a_news_briefing_told_something_is_the_audience_not_a_meeting(pipeline):
    text = "BONN, May 16 - Spokesman Klaus Wendt told a regular news briefing that the talks would resume on Monday."
    events = extract(pipeline, text)
    assert [e.type for e in events if "briefing" in e.trigger.text] == []
    told = event_at(pipeline, text, "told")
    assert (told.date.value, told.date.source) == ("2024-05-16", "reporting_time")


def test_a_place_inside_what_was_asked_about_is_not_where_it_was_said(pipeline):
    text = (
        "BONN, May 16 - Asked about last week's meeting of defence ministers in Brussels, "
        "spokesman Klaus Wendt said Bonn backed the plan."
    )
    asked = event_at(pipeline, text, "Asked")
    assert asked.location is None or asked.location.name != "Brussels"


def test_a_meeting_still_to_come_is_not_placed_at_the_dateline(pipeline):
    text = "ANKARA, May 16 - President Kemal Aydin said on Thursday that he would meet Greek leaders in July."
    meet = event_at(pipeline, text, "meet")
    assert meet.modality in ("planned", "hypothetical") and meet.location is None
    said = event_at(pipeline, text, "said")
    assert (said.location.name, said.location.source) == ("Ankara", "dateline")


def test_a_meeting_held_today_is_placed_at_the_dateline(pipeline):
    text = "ANKARA, May 16 - President Kemal Aydin met Greek leaders on Thursday."
    assert event_at(pipeline, text, "met").location.name == "Ankara"


def test_told_a_rally_in_the_city_of_x_is_in_x(pipeline):
    text = (
        "MANILA, May 16 - The president told a rally in the southern city of Davao that the army would act."
    )
    told = event_at(pipeline, text, "told")
    assert (told.location.name, told.location.source) == ("Davao", "explicit")


def test_a_speech_at_a_meeting_in_a_city_places_the_reporting_verb(pipeline):
    text = "CANBERRA, May 16 - The prime minister, speaking at a party meeting in Sydney, said trade had doubled."
    said = event_at(pipeline, text, "said")
    assert said.location.name == "Sydney"


def test_a_meeting_planned_for_an_announced_trip_takes_its_place_and_date(pipeline):
    text = (
        "ROME, May 16 - Foreign Minister Carlo Ferri will visit Cairo next week, a spokesman said. "
        "Ferri is expected to meet President Hosni Kamal."
    )
    meet = event_at(pipeline, text, "meet")
    assert (meet.location.name, meet.location.source) == ("Cairo", "inherited")
    assert (meet.date.value, meet.date.source) == ("2024-W21", "inherited")


def test_a_meeting_held_is_not_placed_by_a_trip_announced(pipeline):
    text = (
        "ROME, May 16 - Foreign Minister Carlo Ferri will visit Cairo next week, a spokesman said. "
        "Ferri met President Hosni Kamal on Monday."
    )
    assert event_at(pipeline, text, "met").location.name != "Cairo"
