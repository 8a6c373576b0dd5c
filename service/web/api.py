"""HTTP routes only: load the request through a schema, run the pipeline, dump through a schema."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import unquote_to_bytes

from flask import Blueprint, Response, current_app, g, request
from marshmallow import ValidationError
from werkzeug.http import parse_options_header

from schemas import (
    BatchRequestSchema,
    BatchResponseSchema,
    DocumentSchema,
    ExtractQuerySchema,
    HealthSchema,
    InfoSchema,
    StorySchema,
)
from schemas.request import SURROGATE

from .. import __version__
from ..events.actors import ROLES
from ..events.model import Extraction
from ..events.triggers import catalog
from ..pipeline import Document, Pipeline, TooManyTokens
from ..render import answer, dump
from ..stories import batch_stories
from . import metrics
from .errors import PayloadTooLarge, Problem, UnsupportedMediaType, ValidationFailed
from .middleware import limited
from .openapi import spec_yaml
from .upload import MalformedMultipart, Part, read_parts

bp = Blueprint("api", __name__)
document_schema = DocumentSchema()
query_schema = ExtractQuerySchema()
batch_schema = BatchRequestSchema()
batch_response = BatchResponseSchema()
story_list = StorySchema(many=True)
READY_PROBE = "President Putin met Xi Jinping in Beijing on Thursday."


def pipeline() -> Pipeline:
    return current_app.extensions["events.pipeline"]


def settings():
    return current_app.extensions["events.settings"]


def json_response(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/json")


def _check_uncompressed() -> None:
    encoding = request.headers.get("Content-Encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        raise UnsupportedMediaType(
            f"Content-Encoding {encoding} is not accepted; send the body uncompressed."
        )


def _body_text() -> str:
    _check_uncompressed()
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"Only UTF-8 is accepted, not charset={charset}.")
    try:
        return request.get_data(cache=False).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(f"The body is not valid UTF-8 (byte {exc.start}).") from exc


class _NotJson(ValueError):
    """Valid for Python's json module, but not JSON (RFC 8259) or ambiguous."""


def _no_constants(name: str):
    raise _NotJson(f"{name} is not a JSON value")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    for key, _ in pairs:  # a key is named in the answer's errors: it must be text that can be sent back
        if found := SURROGATE.search(key):
            escaped = key.encode("utf-8", "backslashreplace").decode("utf-8")
            problem = f"Contains an unpaired surrogate (U+{ord(found.group()):04X}) at {found.start()}."
            raise ValidationFailed({escaped: [problem]})
    body = dict(pairs)
    if len(body) != len(pairs):
        seen: set[str] = set()
        duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise _NotJson(f"the key {duplicate!r} appears twice")
    return body


def _json_body() -> object:
    if request.mimetype != "application/json":
        raise UnsupportedMediaType(f"Send application/json, not {request.mimetype or 'no Content-Type'}.")
    raw = _body_text()
    try:
        return json.loads(raw, parse_constant=_no_constants, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise Problem(f"Malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}.") from exc
    except RecursionError as exc:
        raise Problem("Malformed JSON: nested too deeply.") from exc
    except _NotJson as exc:
        raise Problem(f"Malformed JSON: {exc}.") from exc
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        raise Problem("Malformed JSON: a number is too long.") from exc


def _load(schema, data) -> dict:
    try:
        return schema.load(data)
    except ValidationError as exc:
        errors = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise ValidationFailed(errors) from exc


def _check_length(text: str) -> None:
    limit = settings().max_text_chars
    if len(text) > limit:
        raise PayloadTooLarge(f"The text has {len(text)} characters; the limit is {limit}.")


FORM_ENCODED = (
    "A form-encoded body (curl -d) is not accepted: it loses the text's newlines. Send the file as it is "
    "with --data-binary @article.txt -H 'Content-Type: text/plain', or as multipart with -F file=@article.txt."
)
TEXT_PART_TYPES = ("text/", "application/octet-stream")  # what browsers and curl -F send for a .txt file


def _uploaded_text(query: dict) -> tuple[str, dict]:
    """A multipart body: one part ``file`` (a file or a field; UTF-8 text), read as a text/plain body
    would be; ``published_at`` and ``id`` may come as parts or as query parameters."""
    _check_uncompressed()
    boundary = request.mimetype_params.get("boundary")
    if not boundary:
        raise Problem("The multipart body has no boundary parameter in its Content-Type.")
    try:
        parts = read_parts(request.get_data(cache=False), boundary)
    except MalformedMultipart as exc:
        raise Problem(f"Malformed multipart body: {exc}.") from exc
    names = [part.name for part in parts]
    errors = {name: ["Given more than once."] for name in set(names) if names.count(name) > 1}
    if "file" not in names:
        errors["file"] = ["Send one part named file with the text (curl -F file=@article.txt)."]
    if errors:
        raise ValidationFailed(errors)
    fields = {part.name: _part_text(part) for part in parts}
    g.overridden = sorted(k for k in query if k in fields)
    text = fields.pop("file")
    return text, {**query, **fields}


def _part_text(part: Part) -> str:
    mimetype, params = parse_options_header(part.headers.get("Content-Type", "text/plain"))
    if not mimetype.startswith(TEXT_PART_TYPES):
        raise UnsupportedMediaType(f"The part {part.name} must be UTF-8 text, not {mimetype}.")
    charset = params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"Only UTF-8 is accepted, not charset={charset} (part {part.name}).")
    try:
        return part.data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(f"The part {part.name} is not valid UTF-8 (byte {exc.start}).") from exc


def _query() -> dict:
    """The query parameters, in UTF-8 and each given once: werkzeug keeps an undecodable escape as
    its letters ("%FF"), and a second value would be dropped, both silently."""
    try:
        unquote_to_bytes(request.query_string.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(
            f"The query string is not valid UTF-8 once percent-decoded (byte {exc.start})."
        ) from exc
    if twice := sorted(k for k, values in request.args.lists() if len(values) > 1):
        raise ValidationFailed({name: ["Given more than once."] for name in twice})
    return request.args.to_dict()


def _extract_request() -> dict:
    # The query is checked on its own, whatever the body: a part or a JSON field that wins over a
    # query parameter does not make an invalid query parameter acceptable.
    query = _query()
    if query and (errors := query_schema.validate(query)):
        raise ValidationFailed(errors)  # also rejects unknown parameters by name
    if request.mimetype in ("text/plain", "multipart/form-data"):
        if request.mimetype == "text/plain":
            text, params = _body_text(), query
        else:
            text, params = _uploaded_text(query)
            if errors := query_schema.validate(params):
                raise ValidationFailed(errors)
        return _load(document_schema, {**params, "text": text})
    if request.mimetype == "application/x-www-form-urlencoded":
        raise UnsupportedMediaType(FORM_ENCODED)
    body = _json_body()
    if query and isinstance(body, dict):  # query parameters fill what the JSON body leaves out
        g.overridden = sorted(k for k in query if k in body)
        body = {**query, **body}
    return _load(document_schema, body)


def _answer(extraction: Extraction, document: dict, started: float) -> dict:
    """The document's answer, not yet dumped: the route dumps it alone or inside the batch's schema."""
    overridden = [
        f"{name} was given in the body and the query; the body's value was used"
        for name in g.get("overridden", ())
    ]
    metrics.count_events(extraction.events)
    g.events_found = g.get("events_found", 0) + len(extraction.events)
    return answer(
        extraction,
        text=document["text"],
        doc_id=document.get("id"),
        published_at=document.get("published_at"),
        model_info=pipeline().model_info,
        processing_ms=(time.perf_counter() - started) * 1000,
        extra_warnings=overridden,
    )


@bp.post("/v1/extract")
@limited
def extract() -> Response:
    started = time.perf_counter()
    document = _extract_request()
    _check_length(document["text"])
    with _token_limit("The text"):
        extraction = pipeline().extract(document["text"], document["published_at"], settings().max_tokens)
    return json_response(dump(_answer(extraction, document, started)))


@contextmanager
def _token_limit(what: str) -> Iterator[None]:
    try:
        yield
    except TooManyTokens as exc:
        raise PayloadTooLarge(
            f"{what} holds more than {exc.limit} tokens (words and marks; {exc.tokens} counted when the "
            f"limit was passed), and the parser's time grows with them. Send less text, or raise "
            f"EVENTS_MAX_TOKENS on the server."
        ) from None


def _problem_item(index: int, problem: Problem) -> dict:
    return {"index": index, "status": problem.status, "result": None, "error": problem.to_dict()}


@bp.post("/v1/extract/batch")
@limited
def extract_batch() -> Response:
    started = time.perf_counter()
    if request.args:  # each document carries its own published_at and id: a query one would be ignored
        raise ValidationFailed(
            {name: ["Unknown field: the batch takes no query parameter."] for name in request.args}
        )
    body = _load(batch_schema, _json_body())
    limit = settings().max_batch_documents
    if len(body["documents"]) > limit:
        raise PayloadTooLarge(f"The batch has {len(body['documents'])} documents; the limit is {limit}.")
    items: list[dict | None] = []
    valid: list[tuple[int, dict]] = []
    for index, raw in enumerate(body["documents"]):
        try:
            document = _load(document_schema, raw)
            _check_length(document["text"])
        except Problem as problem:
            items.append(_problem_item(index, problem))
            continue
        items.append(None)
        valid.append((index, document))
    total, char_limit = sum(len(d["text"]) for _, d in valid), settings().max_batch_chars
    if total > char_limit:
        raise PayloadTooLarge(
            f"The batch's texts have {total} characters together; the limit is {char_limit}."
        )
    documents = [Document(d["text"], d["published_at"]) for _, d in valid]
    extractions = pipeline().extract_many(documents, settings().batch_size, settings().max_tokens)
    with _token_limit("The batch's texts together"):
        for (index, document), extraction in zip(valid, extractions, strict=True):
            items[index] = {
                "index": index,
                "status": 200,
                "result": _answer(extraction, document, started),
                "error": None,
            }
    failed = sum(1 for item in items if item["status"] != 200)
    answered = batch_response.dump({"results": items, "failed": failed})
    if body["stories"]:  # built from the answer as dumped: the JSON the command line and Spark group too
        answered["stories"] = story_list.dump(batch_stories(answered["results"]))
    return json_response(answered)


@bp.get("/healthz")
def healthz() -> Response:
    return json_response(HealthSchema().dump({"status": "ok"}))


def _not_ready(detail: str) -> Problem:
    return Problem(detail, status=503, title="Service Unavailable", headers={"Retry-After": "5"})


@bp.get("/readyz")
def readyz() -> Response:
    try:
        ready = bool(pipeline().extract(READY_PROBE).events)
    except Exception as exc:  # readiness must answer, whatever broke
        raise _not_ready(f"The model is not ready: {type(exc).__name__}.") from exc
    if not ready:
        raise _not_ready("The model loaded but found no event in the probe sentence.")
    return json_response(HealthSchema().dump({"status": "ready", "detail": pipeline().model_info["name"]}))


@bp.get("/v1/info")
def info() -> Response:
    types = [{"type": t, "roles": list(ROLES[t]), "subtypes": subtypes} for t, subtypes in catalog().items()]
    body = {
        "service": {"name": "news-events", "version": __version__},
        "model": pipeline().model_info,
        "event_types": types,
        "limits": settings().limits(),
        "offsets": "Python code points: text[start:end] == span text",
    }
    return json_response(InfoSchema().dump(body))


@bp.get("/metrics")
def prometheus_metrics() -> Response:
    body, content_type = metrics.exposition()
    return Response(body, content_type=content_type)


@bp.get("/openapi.yaml")
def openapi() -> Response:
    return Response(spec_yaml(), mimetype="application/yaml")
