"""Issue 6 through the Flask test client: bad input, odd text, time limit, access, request ids,
logs and metrics."""

from __future__ import annotations

import io
import json
import logging
import time

import pytest

from service.config import Settings
from service.web import create_app
from service.web.admission import admitted
from service.web.logs import JsonFormatter, RequestIdFilter
from service.web.middleware import key_is_valid

from .test_api import assert_spans_point_into
from .test_errors import assert_problem

SENTENCE = "President Vladimir Putin met Xi Jinping in Beijing on Thursday."


def make_app(pipeline, **settings):
    app = create_app(Settings(max_body_bytes=300_000, max_text_chars=100_000, **settings), pipeline=pipeline)
    app.config["TESTING"] = True
    return app


# --- 1. bad input: a clear 4xx problem, and the server stays healthy --------------------------------

JSON_ERRORS = [
    pytest.param({"text": ""}, 422, {"text"}, id="text-empty"),
    pytest.param({"text": " \t\n\u00a0\u3000"}, 422, {"text"}, id="text-unicode-whitespace"),
    pytest.param({"text": 12.5}, 422, {"text"}, id="text-number"),
    pytest.param({"text": ["a", "b"]}, 422, {"text"}, id="text-list"),
    pytest.param({"text": {"body": "a"}}, 422, {"text"}, id="text-object"),
    pytest.param({"text": None}, 422, {"text"}, id="text-null"),
    pytest.param({"id": "x"}, 422, {"text"}, id="text-missing"),
    pytest.param({"text": "hi", "colour": 1, "size": 2}, 422, {"colour", "size"}, id="unknown-fields-named"),
    pytest.param({"text": "hi", "published_at": "yesterday"}, 422, {"published_at"}, id="date-words"),
    pytest.param({"text": "hi", "published_at": 20240516}, 422, {"published_at"}, id="date-number"),
    pytest.param({"text": "hi", "published_at": "2024-02-30"}, 422, {"published_at"}, id="date-feb-30"),
    pytest.param({"text": "hi", "published_at": "2024-13-01"}, 422, {"published_at"}, id="date-month-13"),
    pytest.param({"text": "hi", "published_at": "0001-01-01"}, 422, {"published_at"}, id="date-year-1"),
    pytest.param({"text": "hi", "published_at": "9999-12-31"}, 422, {"published_at"}, id="date-year-9999"),
    pytest.param({"text": "hi", "published_at": "1799-12-31"}, 422, {"published_at"}, id="date-before-1800"),
    pytest.param({"text": "hi", "published_at": "2200-01-01"}, 422, {"published_at"}, id="date-after-2199"),
    pytest.param({"text": "hi", "published_at": "+12024-01-01"}, 422, {"published_at"}, id="date-5-digits"),
    pytest.param({"text": "hi", "published_at": True}, 422, {"published_at"}, id="date-bool"),
    pytest.param({"text": "hi", "id": 5}, 422, {"id"}, id="id-number"),
    pytest.param({"text": "hi", "id": "x" * 257}, 422, {"id"}, id="id-too-long"),
    pytest.param({"text": "a" * 100_001}, 413, None, id="text-over-limit"),
    pytest.param({"text": "hi", "\ud800": 1}, 422, {"\\ud800"}, id="key-lone-surrogate"),
    pytest.param({"text": "hi", "a\udfffb": {"\ud800": 1}}, 422, {"\\ud800"}, id="nested-key-surrogate"),
]


@pytest.mark.parametrize(("body", "status", "fields"), JSON_ERRORS)
def test_json_body_errors(client, body, status, fields):
    sent = json.dumps(body)  # ASCII: a lone surrogate travels as its escape, as a client sends it
    problem = assert_problem(client.post("/v1/extract", data=sent, content_type="application/json"), status)
    if fields:
        assert set(problem["errors"]) == fields


@pytest.mark.parametrize("day", ["1800-01-01", "2199-12-31"])
def test_published_at_may_be_any_day_of_the_years_1800_to_2199(client, day):
    response = client.post("/v1/extract", json={"text": SENTENCE, "published_at": day})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["meta"]["published_at"].startswith(day)


RAW_ERRORS = [
    pytest.param(b"null", "application/json", 422, id="json-null"),
    pytest.param(b'"text"', "application/json", 422, id="json-string"),
    pytest.param(b"42", "application/json", 422, id="json-number"),
    pytest.param(b"[]", "application/json", 422, id="json-list"),
    pytest.param(b"", "application/json", 400, id="empty-body"),
    pytest.param(b'{"text": "hi"', "application/json", 400, id="truncated"),
    pytest.param(b"{'text': 'hi'}", "application/json", 400, id="single-quotes"),
    pytest.param(b'{"text": "hi",}', "application/json", 400, id="trailing-comma"),
    pytest.param(b'{"text": NaN}', "application/json", 400, id="nan"),
    pytest.param(b'{"text": "hi", "id": -Infinity}', "application/json", 400, id="infinity"),
    pytest.param(b'{"text": 1' + b"1" * 5000 + b"}", "application/json", 400, id="huge-integer"),
    pytest.param(b'{"text": "hi", "id": 1e999999}', "application/json", 422, id="huge-float"),
    pytest.param(b'{"text": "a", "text": "b"}', "application/json", 400, id="duplicate-key"),
    pytest.param(
        b'{"documents": [{"text": "a", "id": "1", "id": "2"}]}', "application/json", 400, id="dup-nested"
    ),
    pytest.param(b'{"text": "caf\xe9"}', "application/json", 400, id="latin1-bytes-in-json"),
    pytest.param(b'{"text": "\\ud800 alone"}', "application/json", 422, id="lone-surrogate"),
    pytest.param(b'{"text": "hi", "id": "\\udfff"}', "application/json", 422, id="lone-surrogate-id"),
    pytest.param(b"[" * 100_000 + b"]" * 100_000, "application/json", 400, id="nested-100000"),
    pytest.param(b'{"text": ' + b"[" * 500 + b"]" * 500 + b"}", "application/json", 422, id="nested-500"),
    pytest.param(b"\xc3\x28 bad", "text/plain", 400, id="plain-invalid-utf8"),
    pytest.param(b"  \n ", "text/plain", 422, id="plain-blank"),
    pytest.param("caf\xe9".encode("latin-1"), "text/plain; charset=latin-1", 415, id="plain-latin1"),
    pytest.param(b'{"text": "hi"}', "application/json; charset=utf-16", 415, id="json-utf16"),
    pytest.param(b'{"text": "hi"}', None, 415, id="no-content-type"),
    pytest.param(b"text=hi", "multipart/form-data; boundary=x", 400, id="multipart-malformed"),
    pytest.param(b"<doc><text>hi</text></doc>", "text/xml", 415, id="text-xml"),
]


@pytest.mark.parametrize(("data", "content_type", "status"), RAW_ERRORS)
def test_raw_body_errors(client, data, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_problem(client.post("/v1/extract", data=data, headers=headers), status)


def test_the_server_stays_healthy_after_bad_input(client):
    for body, *_ in (p.values for p in JSON_ERRORS):
        client.post("/v1/extract", data=json.dumps(body), content_type="application/json")
    for data, content_type, _ in (p.values for p in RAW_ERRORS):
        client.post("/v1/extract", data=data, headers={"Content-Type": content_type or ""})
    assert client.get("/readyz").status_code == 200
    assert client.post("/v1/extract", json={"text": SENTENCE}).status_code == 200


def test_a_compressed_body_is_415(client):
    import gzip

    data = gzip.compress(json.dumps({"text": SENTENCE}).encode())
    headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    assert_problem(client.post("/v1/extract", data=data, headers=headers), 415)


def test_plain_text_over_the_character_limit_is_413(client, settings):
    text = "é" * (settings.max_text_chars + 1)  # 2 bytes each: under the byte limit, over the text limit
    problem = assert_problem(client.post("/v1/extract", data=text.encode(), content_type="text/plain"), 413)
    assert str(settings.max_text_chars) in problem["detail"]


def test_plain_text_query_errors_are_named(client):
    problem = assert_problem(
        client.post("/v1/extract?published_at=soon&shade=1", data=b"hi", content_type="text/plain"), 422
    )
    assert set(problem["errors"]) == {"published_at", "shade"}


@pytest.mark.parametrize(
    ("content_type", "data"),
    [
        ("text/plain", b"Putin met Xi on Thursday."),
        ("application/json", b'{"text": "Putin met Xi on Thursday."}'),
    ],
)
def test_a_query_parameter_given_twice_is_422_not_one_value_dropped(client, content_type, data):
    url = "/v1/extract?published_at=2024-05-16&published_at=2020-01-01&id=a&id=a"
    problem = assert_problem(client.post(url, data=data, content_type=content_type), 422)
    assert problem["errors"] == {"id": ["Given more than once."], "published_at": ["Given more than once."]}


@pytest.mark.parametrize("query", ["id=%FF", "id=%ED%A0%80", "published_at=2024-05-16&id=a%C3"])
def test_a_query_that_is_not_utf8_is_400_not_kept_as_its_escapes(client, query):
    problem = assert_problem(
        client.post(f"/v1/extract?{query}", data=b"Xi met Putin.", content_type="text/plain"), 400
    )
    assert "UTF-8" in problem["detail"]


def test_query_escapes_are_decoded_and_a_lone_percent_kept(client):
    answer = client.post(
        "/v1/extract?id=caf%C3%A9+%25ZZ%ZZ", data=b"Xi met Putin.", content_type="text/plain"
    )
    assert answer.status_code == 200 and answer.get_json()["id"] == "café %ZZ%ZZ"


def test_a_lone_surrogate_in_a_batch_items_key_is_422_not_500(client):
    body = {"documents": [{"text": "Xi met Putin.", "\udc00": 1}]}
    sent = json.dumps(body)
    problem = assert_problem(
        client.post("/v1/extract/batch", data=sent, content_type="application/json"), 422
    )
    assert problem["errors"] == {"\\udc00": ["Contains an unpaired surrogate (U+DC00) at 0."]}


def test_the_batch_refuses_query_parameters_rather_than_ignoring_them(client):
    """Each document carries its own ``published_at``: one in the batch's query would date nothing."""
    body = {"documents": [{"text": "Putin met Xi on Thursday."}]}
    problem = assert_problem(client.post("/v1/extract/batch?published_at=2024-05-16", json=body), 422)
    assert set(problem["errors"]) == {"published_at"}
    assert client.post("/v1/extract/batch", json=body).status_code == 200


@pytest.mark.parametrize(
    ("given", "read"),
    [
        ("2024-05-16", "2024-05-16T00:00:00"),
        ("2024-05-16T08:30Z", "2024-05-16T08:30:00+00:00"),
        ("2024-05-16 23:30:15-05:00", "2024-05-16T23:30:15-05:00"),
        ("2024-05-16T08:30:00.250+05:30", "2024-05-16T08:30:00.250000+05:30"),
    ],
)
def test_published_at_is_echoed_as_read_the_same_instant_and_local_day(client, given, read):
    """README, "Dates": ``meta.published_at`` is the value given in ISO 8601's full form."""
    answer = client.post("/v1/extract", json={"text": "Putin met Xi on Thursday.", "published_at": given})
    assert answer.status_code == 200 and answer.get_json()["meta"]["published_at"] == read


class Untouchable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    read_from = False

    def readable(self):
        return True

    def readinto(self, buffer):
        Untouchable.read_from = True
        raise AssertionError("the body was read")


def test_a_declared_length_over_the_limit_is_refused_without_reading(app):
    environ = {"CONTENT_LENGTH": str(50_000_000), "CONTENT_TYPE": "application/json"}
    body = Untouchable()
    with app.test_client() as client:
        response = client.post("/v1/extract", environ_overrides={**environ, "wsgi.input": body})
    assert_problem(response, 413)
    assert not Untouchable.read_from


def test_a_streamed_body_over_the_limit_is_cut_off(app, settings):
    class Endless(io.RawIOBase):
        served = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"a" * len(buffer)
            Endless.served += len(buffer)
            return len(buffer)

    environ = {"wsgi.input": Endless(), "wsgi.input_terminated": True, "CONTENT_TYPE": "text/plain"}
    response = app.test_client().post("/v1/extract", environ_overrides=environ)
    assert_problem(response, 413)
    assert Endless.served < settings.max_body_bytes * 2


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"documents": []}, 422),
        ({"documents": "abc"}, 422),
        ({"documents": {"text": "a"}}, 422),
        ({"documents": None}, 422),
        ({}, 422),
        ({"documents": [{"text": "a"}], "extra": 1}, 422),
        ({"documents": [{"text": "a"}] * 9}, 413),
        ({"documents": [{"text": "a" * 80_000}] * 3}, 413),  # over max_batch_chars
    ],
)
def test_batch_errors(client, body, status):
    assert_problem(client.post("/v1/extract/batch", json=body), status)


def test_batch_reports_every_kind_of_bad_item_by_index(client):
    documents = [
        None,
        "just a string",
        {"text": SENTENCE, "published_at": "2024-05-16", "id": "ok"},
        {"text": "  "},
        {"text": "hi", "colour": "red"},
        {"text": "a" * 100_001},
        {"text": "Blinken urged China to end its support.", "published_at": "soon"},
        {"text": "\ud800"},
    ]
    data = json.dumps({"documents": documents})  # escapes the lone surrogate as JSON may
    response = client.post("/v1/extract/batch", data=data, content_type="application/json")
    assert response.status_code == 200
    body = response.get_json()
    assert [r["status"] for r in body["results"]] == [422, 422, 200, 422, 422, 413, 422, 422]
    assert body["failed"] == 7
    assert body["results"][2]["result"]["id"] == "ok"
    assert set(body["results"][4]["error"]["errors"]) == {"colour"}
    assert set(body["results"][6]["error"]["errors"]) == {"published_at"}


def test_json_body_with_query_parameters_body_wins_with_a_warning(client):
    body = client.post(
        "/v1/extract?published_at=2020-01-01&id=q", json={"text": SENTENCE, "published_at": "2024-05-16"}
    ).get_json()
    assert body["id"] == "q"
    assert body["meta"]["published_at"] == "2024-05-16T00:00:00"
    assert any("published_at was given in the body and the query" in w for w in body["warnings"])


# --- 2. odd but valid text: 200 with correct offsets ------------------------------------------------

ODD_TEXTS = {
    "nul-and-controls": "Putin\x00 met\x01 Xi\x7f in \x1bBeijing\x0c on Thursday.\r\n\x85Xi said\x00 so.",
    "emoji": "🇷🇺 Putin 🤝 met Xi 👨‍👩‍👧 in Beijing 🏯 on Thursday. Macron said 😀 it was good.",
    "cjk": "习近平 met Putin in 北京 on Thursday. 普京说 the talks went well.",
    "rtl": "Putin met Xi in Beijing. التقى الرئيس الروسي بالرئيس الصيني. Netanyahu said שלום to Biden.",
    "combining": "Pu\u0301tin met X\u0308i in Bei\u0300jing on Thu\u0327rsday. Zo\u0308e said Ame\u0301lie left.",
    "zero-width-and-bidi-marks": "Putin\u200b met\u200d Xi\u2060 in \u202eBeijing\u202c on\ufeff Thursday.",
    "astral-math": "𝐏𝐮𝐭𝐢𝐧 met 𝒳𝒾 in 𝔅𝔢𝔦𝔧𝔦𝔫𝔤. Putin said 𝟐𝟎𝟐𝟒 was a good year.",
    "only-punctuation": "!!! ??? ... ,,, ;;; --- ''' \"\"\" ((( ))) [[[ ]]] {{{ }}} ### @@@ %%% &&& ***" * 20,
    "html": '<html><body><p class="lead">President <b>Putin</b> met <a href="/xi">Xi Jinping</a> '
    "in Beijing on Thursday.</p><script>alert('x')</script><!-- said --></body></html>",
    "one-line-no-spaces": "PutinmetXiinBeijingonThursday." * 100,
    "newlines-only-between": "Putin\n\n\n\nmet\n\n\nXi\n\n\nin\n\nBeijing\n\n\n\n.",
    "numbers-only": "1234567890 " * 200,
    "french": "Le président Emmanuel Macron a rencontré le chancelier allemand à Berlin jeudi pour "
    "discuter de la guerre en Ukraine, a déclaré l'Élysée dans un communiqué.",
    "chinese": "习近平主席星期四在北京会见了俄罗斯总统普京，双方讨论了乌克兰问题。",
    "russian": "Президент России Владимир Путин встретился с председателем КНР Си Цзиньпином в Пекине.",
}
NON_ENGLISH = {"french", "chinese", "russian"}


@pytest.mark.parametrize("name", list(ODD_TEXTS))
def test_odd_but_valid_text_is_answered_with_true_offsets(client, name):
    text = ODD_TEXTS[name]
    response = client.post("/v1/extract", json={"text": text, "published_at": "2024-05-16"})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert_spans_point_into(text, body)
    language_warnings = [w for w in body["warnings"] if "non-English" in w]
    assert bool(language_warnings) == (name in NON_ENGLISH)


def test_odd_text_as_plain_text_keeps_offsets(client):
    text = ODD_TEXTS["nul-and-controls"] + ODD_TEXTS["emoji"]
    response = client.post("/v1/extract", data=text.encode(), content_type="text/plain; charset=UTF-8")
    assert response.status_code == 200
    assert_spans_point_into(text, response.get_json())


def test_one_200000_character_token(pipeline):
    app = create_app(Settings(), pipeline=pipeline)  # the default limits: 200,000 characters
    text = "A" * 200_000
    response = app.test_client().post("/v1/extract", json={"text": text})
    assert response.status_code == 200
    assert response.get_json()["events"] == []


def test_offsets_are_code_points_not_utf16_or_bytes(client):
    text = "😀😀 " + SENTENCE
    body = client.post("/v1/extract", json={"text": text}).get_json()
    [meeting] = [e for e in body["events"] if e["type"] == "meeting"]
    assert meeting["trigger"]["start"] == 3 + SENTENCE.index("met")
    assert_spans_point_into(text, body)


# --- 5. time limit ------------------------------------------------------------------------------------


def test_a_request_over_the_time_limit_is_a_503_and_the_app_goes_on(pipeline):
    app = make_app(pipeline, request_timeout_s=0.5, max_tokens=60_000)
    client = app.test_client()
    slow = "a " * 49_000  # 49,000 tokens, under the token limit: several seconds
    problem = assert_problem(client.post("/v1/extract", json={"text": slow}), 503)
    assert "time limit" in problem["detail"]
    after = client.post("/v1/extract", json={"text": SENTENCE})
    assert after.status_code == 200
    assert any(e["type"] == "meeting" for e in after.get_json()["events"])
    assert client.get("/readyz").status_code == 200
    batch = client.post("/v1/extract/batch", json={"documents": [{"text": SENTENCE}, {"text": slow}]})
    assert_problem(batch, 503)
    assert "Retry-After" in batch.headers


def test_the_limits_are_shown_in_info(client, settings):
    limits = client.get("/v1/info").get_json()["limits"]
    assert limits["request_timeout_s"] == settings.request_timeout_s
    assert limits["max_batch_chars"] == settings.max_batch_chars


# --- 6. access --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def locked(pipeline):
    return make_app(pipeline, api_keys=("key-one", "key-two"))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": "Basic a2V5LW9uZTo="},
        {"Authorization": "Bearer"},
        {"X-API-Key": "key-on"},
        {"X-API-Key": "key-one2"},
        {"Authorization": "Bearer ključ"},
    ],
)
@pytest.mark.parametrize("path", ["/v1/extract", "/v1/info", "/metrics", "/nowhere"])
def test_without_a_valid_key_it_is_401(locked, headers, path):
    client = locked.test_client()
    response = client.post(path, json={"text": SENTENCE}, headers=headers)
    if path != "/v1/extract":
        response = client.get(path, headers=headers)
    problem = assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "key-one" not in json.dumps(problem)


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": "Bearer key-one"}, {"Authorization": "bearer key-two"}, {"X-API-Key": "key-two"}],
)
def test_a_valid_key_lets_in(locked, headers):
    client = locked.test_client()
    assert client.post("/v1/extract", json={"text": SENTENCE}, headers=headers).status_code == 200
    assert client.get("/v1/info", headers=headers).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_stays_open(locked, path):
    assert locked.test_client().get(path).status_code == 200
    assert_problem(locked.test_client().delete(path), 405)  # a wrong method is still a 405


def test_in_a_thread_of_its_own_the_time_limit_stops_the_block_and_never_fires_after_it():
    import threading

    from service.web.errors import RequestTimeout
    from service.web.middleware import time_limit

    outcome = []

    def work():
        try:
            with time_limit(0.1):
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:  # Python code: interrupted between two bytecodes
                    pass
            outcome.append("ran to the end")
        except RequestTimeout:
            outcome.append("stopped")
        with time_limit(0.05):
            outcome.append("quick")
        time.sleep(0.2)  # the quick block's timer, cancelled, must not fire here
        outcome.append("after")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["stopped", "quick", "after"]


def test_keys_are_compared_in_constant_time_against_every_key(monkeypatch):
    import hmac

    calls = []
    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    assert key_is_valid("b", ("a", "b", "c"))
    assert len(calls) == 3  # no early exit on a match
    assert not key_is_valid("z", ("a", "b"))


def test_keys_are_never_logged_or_printed(locked, caplog):
    caplog.set_level(logging.DEBUG)
    client = locked.test_client()
    client.get("/v1/info", headers={"Authorization": "Bearer key-one"})
    client.get("/v1/info", headers={"X-API-Key": "key-nope"})
    formatter = JsonFormatter()
    lines = [formatter.format(record) for record in caplog.records]
    assert lines
    assert not any("key-one" in line or "key-nope" in line for line in lines)
    assert "key-one" not in repr(locked.extensions["events.settings"])


def test_cors_is_off_by_default(client):
    response = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_configured_origins_only(pipeline):
    client = make_app(pipeline, cors_origins=("https://app.example",), api_keys=("k",)).test_client()
    ok = client.get("/healthz", headers={"Origin": "https://app.example"})
    assert ok.headers["Access-Control-Allow-Origin"] == "https://app.example"
    assert "X-Request-ID" in ok.headers["Access-Control-Expose-Headers"]
    assert "Origin" in ok.headers["Vary"]
    other = client.get("/healthz", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    preflight = client.options(
        "/v1/extract",
        headers={
            "Origin": "https://app.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert preflight.status_code == 204  # no key needed for a preflight
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]


def test_cors_wildcard(pipeline):
    client = make_app(pipeline, cors_origins=("*",)).test_client()
    response = client.get("/healthz", headers={"Origin": "https://any.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("post", "/v1/extract", {"json": {"text": SENTENCE}}),
        ("post", "/v1/extract", {"json": {"text": 1}}),
        ("get", "/nowhere", {}),
        ("get", "/metrics", {}),
        ("get", "/openapi.yaml", {}),
    ],
)
def test_security_headers_on_every_answer(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Server" not in response.headers


# --- 7. request ids, logs, metrics -----------------------------------------------------------------


def test_a_sane_request_id_is_echoed_in_header_and_problem(client):
    response = client.post("/v1/extract", json={"text": 1}, headers={"X-Request-ID": "abc-123.x"})
    assert response.headers["X-Request-ID"] == "abc-123.x"
    assert response.get_json()["request_id"] == "abc-123.x"


@pytest.mark.parametrize("given", ["x" * 128, "A-Z.a_z:0@9/+=-"])
def test_a_request_id_of_up_to_128_of_the_readmes_characters_is_kept(client, given):
    assert client.get("/healthz", headers={"X-Request-ID": given}).headers["X-Request-ID"] == given


@pytest.mark.parametrize("given", ["", "has space", "x" * 129, "tab\there", "<script>", "ünï"])
def test_an_odd_request_id_is_replaced(client, given):
    response = client.get("/healthz", headers={"X-Request-ID": given.encode("utf-8").decode("latin-1")})
    echoed = response.headers["X-Request-ID"]
    assert echoed != given
    assert len(echoed) == 32
    assert echoed.isalnum()


def test_every_request_gets_its_own_id(client):
    ids = {client.get("/healthz").headers["X-Request-ID"] for _ in range(5)}
    assert len(ids) == 5


def test_access_log_is_json_with_the_request_id_and_without_the_text(client, caplog):
    caplog.set_level(logging.INFO)
    marker = "Zanzibarquux"
    text = f"{marker} met Xi in Beijing. {SENTENCE}"
    client.post("/v1/extract?id=doc-7", json={"text": text}, headers={"X-Request-ID": "req-42"})
    client.post("/v1/extract", json={"text": marker, "colour": marker}, headers={"X-Request-ID": "req-43"})
    formatter, id_filter = JsonFormatter(), RequestIdFilter()
    lines = []
    for record in caplog.records:
        id_filter.filter(record)
        lines.append(json.loads(formatter.format(record)))
    access = [line for line in lines if line["logger"] == "service.access"]
    assert [a["request_id"] for a in access] == ["req-42", "req-43"]
    assert access[0]["status"] == 200 and access[0]["route"] == "/v1/extract"
    assert access[0]["events"] >= 1 and access[0]["duration_ms"] >= 0
    assert access[1]["status"] == 422
    assert not any(marker in json.dumps(line) for line in lines)


def test_log_lines_outside_requests_have_a_null_request_id():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "started", None, None)
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] is None


def metric(client, name: str, **labels) -> float:
    text = client.get("/metrics").get_data(as_text=True)
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name) and all(f'{k}="{v}"' in line for k, v in labels.items()):
            head, value = line.rsplit(" ", 1)
            if head.split("{")[0] == name:
                total += float(value)
    return total


def test_metrics_count_requests_latency_events_and_errors(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    before = {
        "requests": metric(client, "events_http_requests_total", route="/v1/extract", status="200"),
        "latency": metric(client, "events_http_request_duration_seconds_count", route="/v1/extract"),
        "meetings": metric(client, "events_extracted_total", type="meeting"),
        "errors": metric(client, "events_http_errors_total", status="422"),
        "unmatched": metric(client, "events_http_requests_total", route="unmatched"),
    }
    client.post("/v1/extract", json={"text": SENTENCE})
    client.post("/v1/extract", json={"text": 1})
    client.get("/no/such/path/12345")
    assert (
        metric(client, "events_http_requests_total", route="/v1/extract", status="200")
        == before["requests"] + 1
    )
    assert (
        metric(client, "events_http_request_duration_seconds_count", route="/v1/extract")
        == before["latency"] + 2
    )
    assert metric(client, "events_extracted_total", type="meeting") >= before["meetings"] + 1
    assert metric(client, "events_http_errors_total", status="422") == before["errors"] + 1
    assert metric(client, "events_http_requests_total", route="unmatched") == before["unmatched"] + 1
    assert "/no/such/path" not in client.get("/metrics").get_data(as_text=True)  # bounded labels


def test_documents_timeouts_and_shed_requests_are_counted(pipeline):
    client = make_app(pipeline, request_timeout_s=0.5, queue_deadline_s=0.2).test_client()
    documents = metric(client, "events_documents_total")
    client.post("/v1/extract", json={"text": SENTENCE})
    client.post("/v1/extract/batch", json={"documents": [{"text": SENTENCE}, {"text": "Xi spoke."}]})
    assert metric(client, "events_documents_total") == documents + 3
    timeouts = metric(client, "events_request_timeouts_total")
    assert_problem(client.post("/v1/extract", json={"text": "a " * 50_000}), 503)
    assert metric(client, "events_request_timeouts_total") == timeouts + 1
    shed = metric(client, "events_requests_shed_total")
    with admitted(0):  # another request holds the worker's extraction slot
        refused = client.post("/v1/extract", json={"text": SENTENCE})
    assert_problem(refused, 503)
    assert refused.headers["Retry-After"] == "1"
    assert metric(client, "events_requests_shed_total") == shed + 1
    assert client.post("/v1/extract", json={"text": SENTENCE}).status_code == 200  # the slot is free again
