"""Long runs of non-word characters are cut into tokens before spaCy (pipeline.tokens), offsets exact."""

from __future__ import annotations

import pytest

from service.pipeline import RUN_PIECE, tokens

from .test_api import assert_spans_point_into

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
