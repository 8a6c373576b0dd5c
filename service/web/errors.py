"""Every error answers ``application/problem+json`` (RFC 9457): never HTML, never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, json
from werkzeug.exceptions import HTTPException

PROBLEM_TYPE = "https://github.com/news-events/news-events/blob/main/docs/problems.md#"
log = logging.getLogger(__name__)


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
            "type": PROBLEM_TYPE + self.title.lower().replace(" ", "-"),
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
