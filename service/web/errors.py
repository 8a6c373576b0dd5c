"""Every error answers ``application/problem+json`` (RFC 9457): never HTML, never a stack trace."""

from __future__ import annotations

import json as jsonlib
import logging
from functools import cache
from importlib import resources

from flask import Flask, Response, g, json
from werkzeug.exceptions import HTTPException

PROBLEMS_PAGE = "/problems"  # every problem type explained, one anchor each (pages.py serves it)
log = logging.getLogger(__name__)


@cache
def problem_types() -> tuple[dict, ...]:
    """The documented problem types (problems.jsonl): slug, status, title, when, fix."""
    lines = resources.files(__package__).joinpath("problems.jsonl").read_text(encoding="utf-8")
    return tuple(jsonlib.loads(line) for line in lines.splitlines() if line.strip())


def problem_type(status: int, title: str) -> str:
    """``/problems#<slug>`` for a documented type (by title, else the one type of its status);
    ``about:blank`` otherwise, as RFC 9457 allows when the title is the status phrase."""
    slug = title.lower().replace(" ", "-")
    known = problem_types()
    if any(t["slug"] == slug for t in known):
        return f"{PROBLEMS_PAGE}#{slug}"
    same_status = [t for t in known if t["status"] == status]
    return f"{PROBLEMS_PAGE}#{same_status[0]['slug']}" if len(same_status) == 1 else "about:blank"


class Problem(Exception):
    """The one error base class: raise it (or a subclass) anywhere in the web layer."""

    status = 400
    title = "Bad Request"

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        title: str | None = None,
        errors: dict | None = None,
        headers: dict | None = None,
    ):
        super().__init__(detail)
        self.detail = detail
        self.status = status or self.status
        self.title = title or self.title
        self.errors = errors
        self.headers = headers or {}

    def to_dict(self) -> dict:
        body = {
            "type": problem_type(self.status, self.title),
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if self.errors:
            body["errors"] = self.errors
        request_id = g.get("request_id") if g else None
        if request_id:
            body["request_id"] = request_id
        return body


class ValidationFailed(Problem):
    status = 422
    title = "Unprocessable Content"

    def __init__(self, errors: dict, detail: str = "The request failed validation; see errors."):
        super().__init__(detail, errors=errors)


class PayloadTooLarge(Problem):
    status = 413
    title = "Content Too Large"


class UnsupportedMediaType(Problem):
    status = 415
    title = "Unsupported Media Type"


class Unauthorized(Problem):
    status = 401
    title = "Unauthorized"

    def __init__(self, detail: str):
        super().__init__(detail, headers={"WWW-Authenticate": 'Bearer realm="news-events"'})


class RequestTimeout(Problem):
    """The request ran over ``EVENTS_REQUEST_TIMEOUT_S``: answered 503, the worker stays healthy."""

    status = 503
    title = "Service Unavailable"

    def __init__(self, seconds: float):
        super().__init__(
            f"The request took longer than the time limit of {seconds:g} s; send a shorter text.",
            headers={"Retry-After": "1"},
        )


def problem_response(problem: Problem) -> Response:
    response = Response(
        json.dumps(problem.to_dict()), status=problem.status, mimetype="application/problem+json"
    )
    response.headers.update(problem.headers)
    return response


def from_http_exception(exc: HTTPException) -> Problem:
    headers = {k: v for k, v in exc.get_headers() if k.lower() in ("allow", "retry-after")}
    return Problem(exc.description or exc.name, status=exc.code or 500, title=exc.name, headers=headers)


def register(app: Flask) -> None:
    app.register_error_handler(Problem, problem_response)
    app.register_error_handler(HTTPException, lambda exc: problem_response(from_http_exception(exc)))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled error")
        return problem_response(
            Problem("The server failed to process the request.", status=500, title="Internal Server Error")
        )
