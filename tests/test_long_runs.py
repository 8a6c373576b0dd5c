"""Long runs of non-word characters are cut into tokens before spaCy (pipeline.tokens), offsets exact."""

from __future__ import annotations

import pytest

import service.pipeline
from service.config import Settings
from service.pipeline import RUN_PIECE, Document, TooManyTokens, tokens
from service.web import create_app

from .test_api import assert_spans_point_into
from .test_errors import assert_problem

RUNS = [
    "$%\"'(),:" * 500,
    "\U0001f600" * 3000,
    "! " * 2000,
    "-–—…" * 1000,
    "Putin met Xi Jinping in Beijing on Thursday. " + "!?" * 500 + " Xi will visit Paris on Monday.",
    "abc" + "." * 40 + "def " + "*" * 17 + "  ghi" + "\n" * 30 + "end",
]


@pytest.mark.parametrize("text", RUNS, ids=range(len(RUNS)))
def test_the_doc_holds_the_text_exactly_with_runs_cut_into_short_tokens(nlp, text):
    doc = tokens(nlp, text)
    assert doc.text == text
    assert all(len(token.text) <= RUN_PIECE for token in doc if not token.is_space)
    assert len(doc) < len(text) // 4 + 40  # not one token a character


def test_text_without_long_runs_goes_to_spacy_unchanged(nlp, seed):
    assert tokens(nlp, seed["text"]) is seed["text"]
    assert tokens(nlp, "Wait... what?! " + "\n" * 40 + "Yes.") == "Wait... what?! " + "\n" * 40 + "Yes."


def test_a_text_with_runs_is_extracted_with_exact_offsets(client):
    text = RUNS[4]
    body = client.post("/v1/extract", json={"text": text, "published_at": "2024-05-16"}).get_json()
    assert {"meeting", "visit"} <= {event["type"] for event in body["events"]}
    assert_spans_point_into(text, body)


def test_a_long_text_parsed_in_parts_gives_the_answer_of_one_parse(pipeline, seed, monkeypatch):
    import service.pipeline

    text = (seed["text"] + "\n\n") * 3 + "Xi will visit Paris on Monday. " * 20
    whole = pipeline.extract(text)
    monkeypatch.setattr(service.pipeline, "PART_CHARS", 1500)
    assert len(service.pipeline._parts(text, 1500)) > 3
    assert "".join(service.pipeline._parts(text, 1500)) == text
    parts = pipeline.extract(text)
    assert [(e.type, e.trigger.start, e.trigger.end) for e in parts.events] == [
        (e.type, e.trigger.start, e.trigger.end) for e in whole.events
    ]
    for event in parts.events:
        assert text[event.trigger.start : event.trigger.end] == event.trigger.text


# --- tokens, not characters, set the parser's time: a request's tokens are bounded ------------------


def test_a_text_of_more_tokens_than_the_limit_is_refused_before_it_is_parsed(pipeline):
    with pytest.raises(TooManyTokens) as refused:
        pipeline.extract("a b " * 60, max_tokens=100)
    assert (refused.value.tokens, refused.value.limit) == (120, 100)
    assert pipeline.extract("Putin met Xi Jinping in Beijing.", max_tokens=100).events


def test_the_limit_counts_every_part_of_a_long_text(pipeline, monkeypatch):
    monkeypatch.setattr(service.pipeline, "PART_CHARS", 100)
    text = "Putin met Xi Jinping in Beijing on Thursday. " * 20  # 20 parts of 9 tokens
    with pytest.raises(TooManyTokens) as refused:
        pipeline.extract(text, max_tokens=150)
    assert refused.value.tokens == 180
    assert pipeline.extract(text, max_tokens=180).events  # at the limit: parsed


def test_a_batchs_limit_is_for_its_documents_together(pipeline):
    documents = [Document("Putin met Xi Jinping in Beijing.")] * 3  # 7 tokens each
    assert len(list(pipeline.extract_many(documents, max_tokens=21))) == 3
    with pytest.raises(TooManyTokens):
        list(pipeline.extract_many(documents, max_tokens=20))
    with pytest.raises(TooManyTokens):
        list(pipeline.extract_many(documents, batch_size=1, max_tokens=20))  # over chunks too


def test_over_the_token_limit_the_api_answers_413_saying_which_setting(pipeline):
    app = create_app(Settings(max_tokens=20), pipeline=pipeline)
    client = app.test_client()
    problem = assert_problem(client.post("/v1/extract", json={"text": "a " * 21}), 413)
    assert "20 tokens" in problem["detail"] and "EVENTS_MAX_TOKENS" in problem["detail"]
    assert client.post("/v1/extract", json={"text": "Putin met Xi Jinping in Beijing."}).status_code == 200
    batch = {"documents": [{"text": "Putin met Xi Jinping in Beijing on Thursday."}] * 3}
    problem = assert_problem(client.post("/v1/extract/batch", json=batch), 413)
    assert "together" in problem["detail"]
    assert client.get("/v1/info").get_json()["limits"]["max_tokens"] == 20
