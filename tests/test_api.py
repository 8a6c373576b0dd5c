"""The API through Flask's test client: routes, bodies, answers."""

from __future__ import annotations

import pytest

from service.web import create_app

SENTENCE = "President Vladimir Putin met Xi Jinping in Beijing on Thursday."


def assert_spans_point_into(text: str, body: dict) -> None:
    for event in body["events"]:
        for span in [
            event["trigger"],
            event["sentence"],
            *event["actors"],
            *(m["trigger"] for m in event["mentions"]),
        ]:
            assert text[span["start"] : span["end"]] == span["text"]
        for part in (event["date"], event["location"]):
            if part and part.get("start") is not None:
                assert text[part["start"] : part["end"]] == part["text"]
    for span in [*body["dates"], *body["places"]]:
        assert text[span["start"] : span["end"]] == span["text"]


def test_extract_json_finds_a_meeting_with_its_pieces(client):
    response = client.post("/v1/extract", json={"text": SENTENCE, "published_at": "2024-05-16", "id": "a1"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "a1"
    [meeting] = [e for e in body["events"] if e["type"] == "meeting"]
    assert meeting["trigger"]["text"] == "met"
    assert {a["name"] for a in meeting["actors"]} == {"Vladimir Putin", "Xi Jinping"}
    assert meeting["location"]["name"] == "Beijing"
    assert (meeting["location"]["feature"], meeting["location"]["country"]) == ("city", "CHN")
    [beijing] = body["places"]
    assert beijing["geonames_id"] == meeting["location"]["geonames_id"] and beijing["lat"] > 39
    assert meeting["modality"] == "asserted"
    assert 0 <= meeting["confidence"] <= 1
    assert_spans_point_into(SENTENCE, body)


def test_extract_meta_names_model_version_and_reference(client):
    body = client.post(
        "/v1/extract", json={"text": SENTENCE, "published_at": "2024-05-16T09:30:00+02:00"}
    ).get_json()
    meta = body["meta"]
    assert meta["model"]["name"]
    assert meta["service_version"]
    assert meta["published_at"] == "2024-05-16T09:30:00+02:00"
    assert meta["reference"]["source"] == "published_at"
    assert meta["processing_ms"] >= 0


def test_extract_plain_text_with_query_parameters(client):
    response = client.post(
        "/v1/extract?published_at=2024-05-16&id=plain",
        data=SENTENCE.encode(),
        content_type="text/plain; charset=utf-8",
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == "plain"
    assert body["meta"]["published_at"] == "2024-05-16T00:00:00"
    assert any(e["type"] == "meeting" for e in body["events"])


def test_without_published_at_nothing_is_resolved_against_the_clock(client):
    body = client.post("/v1/extract", json={"text": "Putin met Xi on Thursday."}).get_json()
    assert body["meta"]["reference"] is None
    assert body["warnings"]
    assert all(not d["value"][:1].isdigit() for d in body["dates"])


def test_batch_answers_in_order_and_reports_bad_items_by_index(client):
    documents = [
        {"id": "first", "text": SENTENCE, "published_at": "2024-05-16"},
        {"text": 42},
        {"id": "third", "text": "Blinken urged China to end its support.", "published_at": "2024-05-16"},
    ]
    response = client.post("/v1/extract/batch", json={"documents": documents})
    assert response.status_code == 200
    body = response.get_json()
    assert [r["index"] for r in body["results"]] == [0, 1, 2]
    assert [r["status"] for r in body["results"]] == [200, 422, 200]
    assert body["failed"] == 1
    assert body["results"][1]["error"]["errors"] == {"text": ["Not a valid string."]}
    assert body["results"][0]["result"]["id"] == "first"
    assert body["results"][2]["result"]["id"] == "third"
    assert any(e["type"] == "statement" for e in body["results"][2]["result"]["events"])


def test_batch_results_equal_single_results(client):
    texts = [SENTENCE, "Blinken urged China on Monday to end its support for Russia."]
    batch = client.post(
        "/v1/extract/batch", json={"documents": [{"text": t, "published_at": "2024-05-16"} for t in texts]}
    ).get_json()
    for text, item in zip(texts, batch["results"], strict=True):
        single = client.post("/v1/extract", json={"text": text, "published_at": "2024-05-16"}).get_json()
        assert item["result"]["events"] == single["events"]
        assert item["result"]["dates"] == single["dates"]


def test_health_and_readiness(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["status"] == "ready"


def test_readiness_is_a_503_problem_when_the_model_cannot_extract(settings):
    """A real pipeline that cannot parse (spaCy's blank English: no tagger, parser or entities) is
    loaded but not ready: 503 problem+json with Retry-After, while /healthz still says the process lives."""
    import spacy

    from service.pipeline import Pipeline

    client = create_app(settings, pipeline=Pipeline(spacy.blank("en"))).test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.mimetype == "application/problem+json"
    assert answer.headers["Retry-After"] == "5" and "not ready" in answer.get_json()["detail"]
    assert client.get("/healthz").status_code == 200


def test_info_lists_types_roles_and_limits(client, settings):
    body = client.get("/v1/info").get_json()
    types = {t["type"]: t for t in body["event_types"]}
    assert set(types) == {"meeting", "statement", "visit", "agreement"}
    assert "speaker" in types["statement"]["roles"]
    assert types["meeting"]["subtypes"]["meet"] == "040"
    assert body["limits"]["max_text_chars"] == settings.max_text_chars
    assert body["limits"]["max_batch_documents"] == settings.max_batch_documents


@pytest.mark.parametrize("path", ["/openapi.yaml"])
def test_contract_is_served(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert b"openapi: 3.1.0" in response.data
