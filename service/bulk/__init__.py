"""What the command line and Spark share: records checked as the API checks a document, one model
per process (loaded on first use, never at import), and chunks of documents run through ``nlp.pipe``
and rendered as the API's JSON.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from marshmallow import ValidationError

from schemas import DocumentSchema

from ..pipeline import Document, Pipeline
from ..render import render

FIELDS = ("id", "text", "published_at")
_document_schema = DocumentSchema()
_pipelines: dict[str, Pipeline] = {}


class BadRecord(ValueError):
    """A record the API would refuse; the message says why, per field."""


@dataclass(frozen=True, slots=True)
class Record:
    id: str | None
    text: str
    published_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that passed validation but broke the extraction itself."""

    reason: str


def pipeline_for(model_name: str) -> Pipeline:
    """This process's pipeline for ``model_name``, loaded the first time it is asked for."""
    pipeline = _pipelines.get(model_name)
    if pipeline is None:
        pipeline = _pipelines[model_name] = Pipeline.load(model_name)
    return pipeline


def _reason(messages: object) -> str:
    if isinstance(messages, Mapping):
        parts = []
        for name, value in messages.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            parts.append(text if name == "_schema" else f"{name}: {text}")
        return "; ".join(parts)
    return str(messages)


def check_record(
    raw: object,
    *,
    max_text_chars: int,
    default_published_at: str | None = None,
    default_id: str | None = None,
) -> Record:
    """Load a record with the API's own ``DocumentSchema``; fields other than id, text and
    published_at are ignored (a corpus may carry gold annotations along)."""
    if not isinstance(raw, Mapping):
        raise BadRecord(f"expected a JSON object with a text field, got {type(raw).__name__}")
    data = {name: raw[name] for name in FIELDS if name in raw}
    if data.get("published_at") is None and default_published_at is not None:
        data["published_at"] = default_published_at
    if data.get("id") is None and default_id is not None:
        data["id"] = default_id
    try:
        loaded = _document_schema.load(data)
    except ValidationError as exc:
        raise BadRecord(_reason(exc.messages)) from exc
    if len(loaded["text"]) > max_text_chars:
        raise BadRecord(f"text: {len(loaded['text'])} characters; the limit is {max_text_chars}")
    return Record(loaded["id"], loaded["text"], loaded["published_at"])


def extract_records(pipeline: Pipeline, records: Sequence[Record], batch_size: int) -> list[dict | Failure]:
    """The API's answer for each record, in order. ``meta.processing_ms`` is the chunk's time
    shared out over its documents. If the batch breaks, each document is tried on its own so only
    the one that breaks is reported."""
    if not records:
        return []
    started = time.perf_counter()
    documents = [Document(r.text, r.published_at) for r in records]
    try:
        extractions: list = list(pipeline.extract_many(documents, batch_size=batch_size))
    except Exception:
        extractions = []
        for document in documents:
            try:
                extractions.append(pipeline.extract(document.text, document.published_at))
            except Exception as exc:  # reported for this record, the others go on
                extractions.append(Failure(f"extraction failed: {type(exc).__name__}: {exc}"))
    per_doc_ms = (time.perf_counter() - started) * 1000 / len(records)
    model_info = pipeline.model_info
    return [
        extraction
        if isinstance(extraction, Failure)
        else render(
            extraction,
            text=record.text,
            doc_id=record.id,
            published_at=record.published_at,
            model_info=model_info,
            processing_ms=per_doc_ms,
        )
        for record, extraction in zip(records, extractions, strict=True)
    ]
