"""Stories through the batch endpoint (``"stories": true``), on articles written for the rules."""

from __future__ import annotations

from service.stories import batch_stories

from .corpus import without_timing

PREVIEW = "Chancellor Olaf Scholz will meet President Emmanuel Macron in Paris on Wednesday, officials said."
REPORT = (
    "Olaf Scholz met Emmanuel Macron in Paris on Wednesday. "
    "The two leaders signed an agreement on defence cooperation."
)
EARLIER = "Olaf Scholz met Emmanuel Macron in Berlin on Tuesday to discuss the budget."
REMARK = "Xi Jinping said on Thursday that China wants peace."
DOCUMENTS = [
    {"id": "preview", "text": PREVIEW, "published_at": "2024-05-13"},
    {"id": "report", "text": REPORT, "published_at": "2024-05-16"},
    {"id": "earlier", "text": EARLIER, "published_at": "2024-04-12"},
    {"text": REMARK, "published_at": "2024-05-16"},
]


def batch(client, documents, **extra):
    response = client.post("/v1/extract/batch", json={"documents": documents, **extra})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def story_of(stories):
    return {(m["document"], m["event"]): s["id"] for s in stories for m in s["members"]}


def test_stories_group_the_reports_of_one_meeting_and_keep_an_earlier_one_apart(client):
    body = batch(client, DOCUMENTS, stories=True)
    stories, where = body["stories"], story_of(body["stories"])
    # the preview's planned meeting, the report's meeting and the agreement signed at it: one story
    assert where["preview", "e1"] == where["report", "e1"] == where["report", "e2"]
    assert where["earlier", "e1"] != where["report", "e1"]
    (summit,) = [s for s in stories if s["id"] == where["report", "e1"]]
    assert summit["sources"] == 2 and summit["first_reported"] == "2024-05-13"
    assert summit["date"] == {"value": "2024-05-15", "granularity": "day"} and summit["location"] == "Paris"
    assert set(summit["actors"]) >= {"Olaf Scholz", "Emmanuel Macron"}


def test_every_event_is_in_exactly_one_story_and_a_document_without_id_goes_by_index(client):
    body = batch(client, DOCUMENTS, stories=True)
    members = [(m["document"], m["event"]) for s in body["stories"] for m in s["members"]]
    events = [
        (item["result"]["id"] if item["result"]["id"] is not None else item["index"], e["id"])
        for item in body["results"]
        for e in item["result"]["events"]
    ]
    assert len(members) == len(set(members)) and sorted(members, key=str) == sorted(events, key=str)
    assert (3, "e1") in members


def test_the_answers_are_the_same_with_and_without_stories(client):
    plain = batch(client, DOCUMENTS)
    with_stories = batch(client, DOCUMENTS, stories=True)
    assert "stories" not in plain and "stories" not in batch(client, DOCUMENTS, stories=False)
    strip = [without_timing(item["result"]) for item in plain["results"]]
    assert strip == [without_timing(item["result"]) for item in with_stories["results"]]


def test_any_order_of_the_documents_gives_the_same_stories(client):
    named = DOCUMENTS[:3]
    expected = batch(client, named, stories=True)["stories"]
    assert batch(client, named[::-1], stories=True)["stories"] == expected
    assert batch(client, [named[1], named[2], named[0]], stories=True)["stories"] == expected


def test_a_failed_item_has_no_story_and_the_others_still_do(client):
    body = batch(client, [DOCUMENTS[1], {"text": " "}], stories=True)
    assert body["failed"] == 1
    assert {m["document"] for s in body["stories"] for m in s["members"]} == {"report"}
    assert body["stories"] == batch_stories(body["results"])


def test_stories_must_be_a_json_boolean(client):
    for value in ("yes", 1, None):
        response = client.post("/v1/extract/batch", json={"documents": DOCUMENTS[:1], "stories": value})
        assert response.status_code == 422
        assert "stories" in response.get_json()["errors"]
