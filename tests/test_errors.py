"""Every error is application/problem+json with type, title, status and detail: never HTML."""

from __future__ import annotations

import json

import pytest
import werkzeug.exceptions

from service.web import create_app

HTTP_EXCEPTIONS = [
    cls
    for cls in vars(werkzeug.exceptions).values()
    if isinstance(cls, type) and issubclass(cls, werkzeug.exceptions.HTTPException) and cls.code
]


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = json.loads(response.data)
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


@pytest.fixture(scope="module")
def raising_app(pipeline, settings):
    app = create_app(settings, pipeline=pipeline)

    @app.get("/raise/<int:code>")
    def _raise(code):
        werkzeug.exceptions.abort(code)

    @app.get("/crash")
    def _crash():
        raise RuntimeError("secret internal detail")

    return app


@pytest.mark.parametrize("exc", HTTP_EXCEPTIONS, ids=lambda c: f"{c.code}-{c.__name__}")
def test_every_http_exception_is_a_problem(raising_app, exc):
    response = raising_app.test_client().get(f"/raise/{exc.code}")
    assert_problem(response, exc.code)


def test_unexpected_error_is_a_500_problem_without_details(raising_app):
    body = assert_problem(raising_app.test_client().get("/crash"), 500)
    assert "secret" not in json.dumps(body)


BAD_REQUESTS = [
    pytest.param(
        "post",
        "/v1/extract",
        {"data": b'{"text": ', "content_type": "application/json"},
        400,
        id="truncated-json",
    ),
    pytest.param(
        "post",
        "/v1/extract",
        {"data": b"\xff\xfe{}", "content_type": "application/json"},
        400,
        id="invalid-utf8",
    ),
    pytest.param("get", "/v1/nowhere", {}, 404, id="unknown-route"),
    pytest.param("get", "/v1/extract", {}, 405, id="wrong-method"),
    pytest.param(
        "post",
        "/v1/extract",
        {"data": b"x" * 400_000, "content_type": "text/plain"},
        413,
        id="body-too-large",
    ),
    pytest.param("post", "/v1/extract", {"json": {"text": "a" * 100_001}}, 413, id="text-too-long"),
    pytest.param(
        "post",
        "/v1/extract",
        {"data": "text=hi", "content_type": "application/x-www-form-urlencoded"},
        415,
        id="form",
    ),
    pytest.param(
        "post", "/v1/extract", {"data": "<text/>", "content_type": "application/xml"}, 415, id="xml"
    ),
    pytest.param(
        "post",
        "/v1/extract",
        {"data": b'{"text": "hi"}', "content_type": "application/json; charset=latin-1"},
        415,
        id="charset",
    ),
    pytest.param("post", "/v1/extract", {"json": {"text": 7}}, 422, id="text-number"),
    pytest.param("post", "/v1/extract", {"json": {"text": "   \n"}}, 422, id="text-blank"),
    pytest.param(
        "post", "/v1/extract", {"json": {"text": "hi", "published_at": "yesterday"}}, 422, id="bad-date"
    ),
    pytest.param("post", "/v1/extract", {"json": {"text": "hi", "colour": "red"}}, 422, id="unknown-field"),
    pytest.param("post", "/v1/extract", {"json": ["text"]}, 422, id="not-an-object"),
    pytest.param("post", "/v1/extract/batch", {"json": {"documents": []}}, 422, id="batch-empty"),
    pytest.param(
        "post", "/v1/extract/batch", {"json": {"documents": [{"text": "a"}] * 9}}, 413, id="batch-too-long"
    ),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), BAD_REQUESTS)
def test_bad_requests_get_the_right_status(client, method, path, kwargs, status):
    assert_problem(getattr(client, method)(path, **kwargs), status)


def test_validation_failure_names_each_field(client):
    body = assert_problem(client.post("/v1/extract", json={"published_at": 5, "shade": 1}), 422)
    assert set(body["errors"]) == {"text", "published_at", "shade"}


def test_405_says_which_methods_are_allowed(client):
    response = client.get("/v1/extract")
    assert "POST" in response.headers["Allow"]
