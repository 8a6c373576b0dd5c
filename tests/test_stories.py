"""Stories (service/stories): the merge rules on pairs written for them, order independence, blocking.

Each case is an API answer written by hand (the JSON ``POST /v1/extract`` gives), so the rules are tested
apart from the extraction; the batch endpoint's, the command line's and Spark's tests run the model.
"""

from __future__ import annotations

import random

import pytest

from service.stories import block_key, boundary_key, group_stories, mentions_of
from service.stories.group import candidates
from service.stories.keys import mention_from_json, mention_to_json, window_of
from service.stories.match import evidence, score
from service.stories.rules import rules


def event(eid, type_="meeting", *, actors=(), date=None, source="explicit", place=None, subtype=None, **kw):
    """One event of an answer: actors as names (or (name, country)), date as a TIMEX3 value."""
    people = [
        {"name": a, "country": None, "kind": "person"}
        if isinstance(a, str)
        else dict(zip(("name", "country", "kind"), a, strict=True))
        for a in actors
    ]
    return {
        "id": eid,
        "type": type_,
        "subtype": subtype
        or {"meeting": "talks", "agreement": "agreement", "statement": "say"}.get(type_, type_),
        "trigger": {"text": kw.get("word", type_), "start": 0, "end": 1},
        "actors": people,
        "date": {"value": date, "source": source} if date else None,
        "location": {"name": place, "source": kw.get("place_source", "explicit"), "country": None}
        if place
        else None,
        "modality": kw.get("modality", "asserted"),
    }


def answer(published, *events, doc_id=None):
    return {"id": doc_id, "events": list(events), "meta": {"published_at": published, "reference": None}}


def stories_of(*answers):
    return group_stories([(a["id"] if a["id"] is not None else i, a) for i, a in enumerate(answers)])


def together(stories, *members):
    """Are these (document, event) members in one story?"""
    story_of = {(m["document"], m["event"]): s["id"] for s in stories for m in s["members"]}
    return len({story_of[m] for m in members}) == 1


def test_a_meeting_and_its_communique_and_agreement_are_one_story():
    talks = answer(
        "2024-05-16", event("e1", actors=["Xi Jinping", "Vladimir Putin"], date="2024-05-16"), doc_id="a"
    )
    outcome = answer(
        "2024-05-17",
        event("e1", "agreement", actors=["Xi Jinping", "Vladimir Putin"], date="2024-05-16"),
        event("e2", "statement", subtype="joint_statement", actors=["Xi Jinping"], date="2024-05-16"),
        doc_id="b",
    )
    stories = stories_of(talks, outcome)
    assert together(stories, ("a", "e1"), ("b", "e1"), ("b", "e2"))
    (story,) = [s for s in stories if len(s["members"]) == 3]
    assert story["type"] == "meeting"
    assert story["sources"] == 2 and story["first_reported"] == "2024-05-16"
    assert story["date"] == {"value": "2024-05-16", "granularity": "day"}
    assert "Xi Jinping" in story["actors"] and "Vladimir Putin" in story["actors"]


def test_planned_wednesday_and_yesterdays_report_are_one_story():
    # Monday's preview: "will meet on Wednesday"; Thursday's report: "met yesterday" -- both resolved.
    preview = answer(
        "2024-05-13",
        event("e1", actors=["Olaf Scholz", "Emmanuel Macron"], date="2024-05-15", modality="planned"),
        doc_id="mon",
    )
    report = answer(
        "2024-05-16", event("e4", actors=["Scholz", "Emmanuel Macron"], date="2024-05-15"), doc_id="thu"
    )
    assert together(stories_of(preview, report), ("mon", "e1"), ("thu", "e4"))


def test_an_undated_plan_looks_forward_and_an_undated_report_back():
    plan = answer(
        "2024-05-13",
        event("e1", actors=["Olaf Scholz"], date="2024-05-13", source="inherited", modality="planned"),
    )
    done = answer("2024-05-13", event("e1", actors=["Olaf Scholz"], date="2024-05-13", source="inherited"))
    later = mentions_of("b", answer("2024-05-20", event("e1", actors=["Olaf Scholz"], date="2024-05-17")))[0]
    earlier = mentions_of("c", answer("2024-05-10", event("e1", actors=["Olaf Scholz"], date="2024-05-08")))[
        0
    ]
    plan, done = mentions_of("a", plan)[0], mentions_of("a", done)[0]
    assert "date_window" in evidence(plan, later) and "date_window" in evidence(done, earlier)
    # what is planned has not happened before its article, what is reported as done not after it
    assert evidence(plan, earlier) is None and evidence(done, later) is None
    # ministers "are meeting" on Monday: the conference that ended on Wednesday may be theirs
    ended = mentions_of("d", answer("2024-05-16", event("e1", actors=["Olaf Scholz"], date="2024-05-15")))[0]
    assert evidence(done, ended) is not None
    hoped = answer(
        "2024-05-13",
        event("e1", actors=["Olaf Scholz"], date="2024-05-13", source="inherited", modality="hypothetical"),
    )
    hoped = mentions_of("a", hoped)[0]
    assert "date_window_far" in evidence(hoped, later) and "date_window" in evidence(hoped, earlier)


@pytest.mark.parametrize(
    ("source", "stated"),
    [
        ("explicit", True),
        ("continued", True),
        ("inherited", False),
        ("reporting_time", False),
        ("dateline", False),
    ],
)
def test_only_a_date_of_the_texts_own_is_stated(source, stated):
    (m,) = mentions_of("a", answer("2024-05-16", event("e1", date="2024-05-16", source=source)))
    assert m.stated is stated and (m.window[0] < m.window[1]) is not stated


def test_an_earlier_meeting_of_the_same_body_stays_apart():
    june = answer(
        "2024-06-20", event("e1", actors=["OPEC"], date="2024-06-20", place="Vienna"), doc_id="june"
    )
    earlier = answer(
        "2024-06-21", event("e2", actors=["OPEC"], date="2024-06-02", place="Vienna"), doc_id="recap"
    )
    assert score(mentions_of("june", june)[0], mentions_of("recap", earlier)[0]) is None
    assert not together(stories_of(june, earlier), ("june", "e1"), ("recap", "e2"))


def test_dates_agree_at_the_coarser_granularity():
    june = answer("2024-06-20", event("e1", actors=["OPEC"], date="2024-06"), doc_id="a")
    day = answer("2024-06-28", event("e1", actors=["OPEC"], date="2024-06-27"), doc_id="b")
    july = answer("2024-07-02", event("e1", actors=["OPEC"], date="2024-07-01"), doc_id="c")
    a, b, c = (mentions_of(x["id"], x)[0] for x in (june, day, july))
    assert "date_coarse" in evidence(a, b)
    assert evidence(a, c) is None


def test_places_that_conflict_keep_events_apart_but_a_city_and_its_country_do_not():
    vienna = mentions_of(
        "a", answer("2024-06-20", event("e1", actors=["OPEC"], date="2024-06-20", place="Vienna"))
    )[0]
    geneva = mentions_of(
        "b", answer("2024-06-20", event("e1", actors=["OPEC"], date="2024-06-20", place="Geneva"))
    )[0]
    austria = mentions_of(
        "c", answer("2024-06-20", event("e1", actors=["OPEC"], date="2024-06-20", place="Austria"))
    )[0]
    assert evidence(vienna, geneva) is None
    assert evidence(vienna, austria) is not None


def test_a_group_and_its_members_agree_as_participants():
    g20 = mentions_of(
        "a", answer("2024-09-09", event("e1", actors=["the Group of Twenty"], date="2024-09-09"))
    )[0]
    member = mentions_of(
        "b", answer("2024-09-10", event("e1", actors=[("Narendra Modi", "IND", "person")], date="2024-09-09"))
    )[0]
    other = mentions_of("c", answer("2024-09-10", event("e1", actors=["Nordic Council"], date="2024-09-09")))[
        0
    ]
    assert "actor_member" in evidence(g20, member)
    assert "actors_differ" in evidence(g20, other)
    assert score(g20, member) > score(g20, other)


def test_two_bodies_that_differ_never_merge_through_an_article_naming_neither():
    opec = answer(
        "2024-06-27", event("e1", actors=[("OPEC", None, "organization")], date="2024-06-26"), doc_id="a"
    )
    nordic = answer(
        "2024-06-27", event("e1", actors=[("Nordic ministers", None, "group")], date="2024-06-26"), doc_id="b"
    )
    vague = answer("2024-06-27", event("e1", date="2024-06-26"), doc_id="c")
    a, b = mentions_of("a", opec)[0], mentions_of("b", nordic)[0]
    assert evidence(a, b) is None
    assert not together(stories_of(opec, nordic, vague), ("a", "e1"), ("b", "e1"))


def test_only_pairs_sharing_a_participant_place_or_stated_day_are_compared():
    vague = [answer("2024-05-16", event("e1", date="2024-05-16", source="inherited"), doc_id=d) for d in "ab"]
    assert candidates([m for d in vague for m in mentions_of(d["id"], d)]) == []
    assert not together(stories_of(*vague), ("a", "e1"), ("b", "e1"))
    dated = [answer("2024-05-16", event("e1", date="2024-05-15"), doc_id=d) for d in "ab"]
    assert len(candidates([m for d in dated for m in mentions_of(d["id"], d)])) == 1
    assert together(stories_of(*dated), ("a", "e1"), ("b", "e1"))


def test_an_articles_participants_are_evidence_across_articles_only():
    opec = [("OPEC", None, "organization")]
    one = answer(
        "2024-06-27", event("e1", actors=opec, date="2024-06-26"), event("e2", "agreement"), doc_id="a"
    )
    other = answer("2024-06-28", event("e1", "agreement", actors=opec, date="2024-06-26"), doc_id="b")
    meeting, bare = mentions_of("a", one)
    (agreement,) = mentions_of("b", other)
    assert "actor_context" not in evidence(meeting, bare)
    assert "actor_context" in evidence(bare, agreement)


def test_a_story_is_of_the_type_of_its_gathering():
    visit = answer("2024-05-16", event("e1", "visit", actors=["Xi Jinping"], date="2024-05-16"), doc_id="a")
    talks = answer("2024-05-17", event("e1", actors=["Xi Jinping"], date="2024-05-16"), doc_id="b")
    deal = answer(
        "2024-05-17", event("e1", "agreement", actors=["Xi Jinping"], date="2024-05-16"), doc_id="c"
    )
    assert [s["type"] for s in stories_of(visit, talks)] == ["visit"]
    assert [s["type"] for s in stories_of(deal, talks)] == ["meeting"]
    assert [s["type"] for s in stories_of(deal)] == ["agreement"]


def test_types_merge_only_by_an_explicit_rule():
    talks = mentions_of("a", answer("2024-05-16", event("e1", actors=["Xi Jinping"], date="2024-05-16")))[0]
    remark = mentions_of(
        "b", answer("2024-05-16", event("e1", "statement", actors=["Xi Jinping"], date="2024-05-16"))
    )[0]
    assert remark.family is None and evidence(talks, remark) is None
    assert rules().compatible[frozenset(("meeting", "agreement"))][0] == "compatible.meeting.agreement"


def test_descriptors_are_not_participants():
    names = ("trade ministers", "Delegates", "Four trade ministers", "Both leaders", "Nordic ministers")
    groups = [(name, None, "group") for name in names]
    (m,) = mentions_of("a", answer("2024-05-16", event("e1", actors=groups)))
    assert m.actors == {"nordic ministers"} and m.bodies == {"nordic ministers"}


def test_a_person_outside_the_lexicon_is_known_by_surname_and_one_inside_by_every_alias():
    (full,) = mentions_of(
        "a", answer("2024-06-19", event("e1", actors=["Rilwanu Lukman"], date="2024-06-19"))
    )
    (short,) = mentions_of("b", answer("2024-06-20", event("e1", actors=["Lukman"], date="2024-06-19")))
    assert "actor_shared" in evidence(full, short)
    (xi,) = mentions_of("c", answer("2024-05-16", event("e1", actors=["Xi"])))
    assert xi.actors == {"person.xi_jinping"}


def test_every_event_is_in_exactly_one_story_and_documents_without_id_go_by_index():
    docs = [
        answer(
            "2024-05-16",
            event("e1", actors=["Xi Jinping"], date="2024-05-16"),
            event("e2", "statement", actors=["Xi"]),
        ),
        answer("2024-05-16", event("e1", actors=["Xi Jinping"], date="2024-05-16"), doc_id="named"),
    ]
    stories = stories_of(*docs)
    members = [(m["document"], m["event"]) for s in stories for m in s["members"]]
    assert sorted(members, key=str) == sorted([(0, "e1"), (0, "e2"), ("named", "e1")], key=str)
    assert together(stories, (0, "e1"), ("named", "e1"))


def corpus() -> list[dict]:
    """Several meetings of overlapping people, reported by several articles with and without dates."""
    out = []
    for day in (3, 10, 20):
        for k in range(3):
            out.append(
                answer(
                    f"2024-03-{day + k:02d}",
                    event(
                        "e1",
                        actors=["OPEC", ("Saudi Arabia", "SAU", "country")][: 1 + k % 2],
                        date=f"2024-03-{day:02d}",
                    ),
                    event("e2", "agreement", actors=["OPEC"], date=f"2024-03-{day + 1:02d}"),
                    event("e3", actors=["Nordic Council"], date=f"2024-03-{day:02d}"),
                    event("e4", "statement", actors=["Haitham al-Ghais"]),
                    doc_id=f"d{day}-{k}",
                )
            )
    return out


def test_the_same_documents_in_any_order_give_the_same_stories():
    docs = corpus()
    expected = stories_of(*docs)
    assert any(len(s["members"]) > 2 for s in expected)
    for seed in range(5):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        for d in shuffled:
            random.Random(seed).shuffle(d["events"])
        assert stories_of(*shuffled) == expected


def test_meetings_of_one_body_on_different_days_stay_apart_in_the_corpus():
    stories = stories_of(*corpus())
    assert together(stories, ("d10-0", "e1"), ("d10-1", "e1"), ("d10-2", "e2"))
    for s in stories:
        days = {m["document"].split("-")[0] for m in s["members"]}
        assert len(days) == 1, s


@pytest.mark.parametrize(
    ("value", "first", "last", "granularity"),
    [
        ("2024-05-16", "2024-05-16", "2024-05-16", "day"),
        ("2024-05", "2024-05-01", "2024-05-31", "month"),
        ("2024-W20", "2024-05-13", "2024-05-19", "week"),
        ("2024-W20-WE", "2024-05-18", "2024-05-19", "weekend"),
        ("2024-Q2", "2024-04-01", "2024-06-30", "quarter"),
        ("2024-05-16T10:00", "2024-05-16", "2024-05-16", "day"),
        ("2024", "2024-01-01", "2024-12-31", "year"),
    ],
)
def test_calendar_values_as_windows(value, first, last, granularity):
    got = window_of(value)
    assert (got[0].isoformat(), got[1].isoformat(), got[2]) == (first, last, granularity)
    assert window_of("PRESENT_REF") is None and window_of("P2D") is None


def test_an_undated_report_early_in_a_month_is_blocked_with_the_month_before():
    meeting = mentions_of("a", answer("2024-06-29", event("e1", actors=["OPEC"], date="2024-06-29")))[0]
    report = mentions_of(
        "b", answer("2024-07-02", event("e1", actors=["OPEC"], date="2024-07-02", source="inherited"))
    )[0]
    plan = mentions_of(
        "c",
        answer(
            "2024-06-28",
            event("e1", actors=["OPEC"], date="2024-06-28", source="inherited", modality="planned"),
        ),
    )[0]
    assert block_key(meeting) == block_key(report) == "gathering:2024-06"
    assert block_key(plan) == "gathering:2024-07"


def test_blocks_by_family_and_month():
    may = mentions_of("a", answer("2024-05-16", event("e1", date="2024-05-16"), event("e2", "statement")))
    assert block_key(may[0]) == "gathering:2024-05"
    assert block_key(may[1]) == "single:a"
    august = mentions_of("b", answer("2024-08-16", event("e1", date="2024-08-16")))[0]
    assert block_key(august) != block_key(may[0])


def test_a_mention_survives_its_json_form():
    """Spark carries mentions between its stages as JSON text: every field must come back."""
    mentions = [m for d in corpus() for m in mentions_of(d["id"], d)]
    assert [mention_from_json(mention_to_json(m)) for m in mentions] == mentions


def test_one_articles_gathering_here_and_its_meeting_elsewhere_stay_apart():
    here = {"place": "Taupo", "place_source": "dateline"}
    first = answer(
        "2024-03-22",
        event("e1", actors=["GATT"], **here),
        event("e2", place="Uruguay", word="meeting"),
        doc_id="a",
    )
    second = answer("2024-03-23", event("e1", actors=["GATT"], **here), doc_id="b")
    stories = stories_of(first, second)
    assert together(stories, ("a", "e1"), ("b", "e1"))
    assert not together(stories, ("a", "e1"), ("a", "e2"))
    # a report from London of the Vienna meeting: its participants, not the dateline, decide
    london = answer(
        "2024-06-29",
        event("e1", actors=["OPEC"], place="Vienna"),
        event("e2", actors=[("Saudi Arabia", "SAU", "country")], place="London", place_source="dateline"),
    )
    assert evidence(*mentions_of("d", london)) is not None
    # what the gathering reached, reported from elsewhere, is not set apart by the dateline
    accords = mentions_of(
        "c",
        answer(
            "2024-06-29",
            event("e1", "agreement", place="Oslo", place_source="dateline"),
            event("e2", "agreement", place="Vienna"),
        ),
    )
    assert evidence(*accords) is not None


def test_reports_on_both_sides_of_a_month_boundary_meet_in_the_second_stage():
    held = answer("2024-06-28", event("e1", actors=["OPEC"], date="2024-06-28"), doc_id="a")
    later = answer("2024-07-05", event("e1", actors=["OPEC"], source="inherited"), doc_id="b")
    first, second = mentions_of("a", held)[0], mentions_of("b", later)[0]
    assert block_key(first) == "gathering:2024-06" and block_key(second) == "gathering:2024-07"
    assert boundary_key([first]) == boundary_key([second]) == "gathering:2024-07|"
    assert together(stories_of(held, later), ("a", "e1"), ("b", "e1"))
    # a meeting of the same body a month earlier stays apart
    earlier = answer("2024-05-29", event("e1", actors=["OPEC"], date="2024-05-29"), doc_id="c")
    assert not together(stories_of(held, later, earlier), ("a", "e1"), ("c", "e1"))


def test_one_articles_held_and_hypothetical_talks_of_one_person_are_not_paired():
    article = answer(
        "2024-03-24",
        event("e1", actors=["Jose Concepcion"], place="Taupo", place_source="dateline"),
        event(
            "e2", actors=["Jose Concepcion"], place="Taupo", place_source="dateline", modality="hypothetical"
        ),
        doc_id="a",
    )
    held, would = mentions_of("a", article)
    assert "tense_differs" in evidence(held, would)
    assert not together(stories_of(article), ("a", "e1"), ("a", "e2"))
    # across articles a plan and its report are one story
    plan = answer("2024-03-20", event("e1", actors=["Jose Concepcion"], modality="planned"), doc_id="p")
    report = answer("2024-03-24", event("e1", actors=["Jose Concepcion"]), doc_id="r")
    assert together(stories_of(plan, report), ("p", "e1"), ("r", "e1"))
