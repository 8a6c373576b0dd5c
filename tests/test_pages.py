"""The pages (/, /docs, /problems), their assets and headers; problem types that resolve on the service;
uploads (multipart) and form-encoded bodies. The browser itself: test_browser.py."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import werkzeug.exceptions

from service.web import create_app
from service.web.errors import problem_types

from .test_errors import BAD_REQUESTS, HTTP_EXCEPTIONS, assert_problem

WEB = Path(__file__).resolve().parent.parent / "service" / "web"
PAGES = ["/", "/docs", "/problems"]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> and <style> elements."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.inline: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open = tag

    def handle_data(self, data):
        if self._open in ("script", "style") and data.strip():
            self.inline.append(data)

    def handle_endtag(self, tag):
        self._open = None


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def csp(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response.headers["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_only_their_own_assets_under_a_strict_csp(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    policy = csp(response)
    assert policy["default-src"] == ["'none'"]
    for directive in ("script-src", "style-src", "connect-src", "img-src"):
        assert set(policy.get(directive, [])) <= {"'self'", "data:"}, directive
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    page = parse(response.get_data(as_text=True))
    assert not page.inline, "no inline script or style: the CSP would block it"
    assert not [attrs for _, attrs in page.tags if "style" in attrs or any(a.startswith("on") for a in attrs)]
    urls = [attrs.get("src") or attrs.get("href") for _, attrs in page.tags]
    for url in filter(None, urls):
        assert url.startswith(("/", "#")), f"{url} leaves the service"
        if url.startswith("/static/"):
            asset = client.get(url)
            assert asset.status_code == 200, url
            assert asset.content_length > 0


def test_pages_their_assets_and_the_contract_stay_open_when_keys_are_set(pipeline, settings):
    client = create_app(replace(settings, api_keys=("k",)), pipeline=pipeline).test_client()
    for path in [*PAGES, "/static/page.js", "/static/swagger-ui/swagger-ui-bundle.js", "/openapi.yaml"]:
        assert client.get(path).status_code == 200, path  # /docs loads the contract without a key
    assert client.get("/v1/info").status_code == 401


def test_our_scripts_styles_and_templates_name_no_outside_address():
    for path in [*WEB.glob("static/*"), *WEB.glob("templates/*")]:
        text = path.read_text(encoding="utf-8")
        addresses = set(re.findall(r"https?://[^\s\"'<>)]+", text)) - {"http://www.w3.org/2000/svg"}
        assert not addresses, (path.name, addresses)


def test_swagger_ui_serves_its_release_files_only(client):
    assert client.get("/static/swagger-ui/swagger-ui-bundle.js").mimetype == "text/javascript"
    assert client.get("/static/swagger-ui/swagger-ui.css").mimetype == "text/css"
    assert client.get("/static/swagger-ui/index.html").status_code == 404
    assert client.get("/static/swagger-ui/swagger-ui.js").status_code == 404  # shipped, not used


def test_the_docs_script_keeps_swagger_ui_on_this_origin():
    script = (WEB / "static" / "docs.js").read_text(encoding="utf-8")
    assert 'url: "/openapi.yaml"' in script
    assert "validatorUrl: null" in script  # its default sends the contract to an outside validator


# --- problem types ------------------------------------------------------------------------------


def test_every_problem_type_has_a_section_on_the_problems_page(client):
    page = parse(client.get("/problems").get_data(as_text=True))
    anchors = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    slugs = [t["slug"] for t in problem_types()]
    assert len(slugs) == len(set(slugs))
    assert set(slugs) <= anchors
    for problem in problem_types():
        assert problem["when"] and problem["fix"] and 400 <= problem["status"] < 600


def assert_type_resolves(client, body: dict) -> None:
    if body["type"] == "about:blank":
        return
    path, _, slug = body["type"].partition("#")
    assert path == "/problems"
    page = client.get(path)
    assert page.status_code == 200
    assert f'id="{slug}"' in page.get_data(as_text=True)


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), BAD_REQUESTS)
def test_problem_types_resolve_on_the_service(client, method, path, kwargs, status):
    body = assert_problem(getattr(client, method)(path, **kwargs), status)
    assert body["type"].startswith("/problems#")
    assert_type_resolves(client, body)


@pytest.fixture(scope="module")
def aborting_client(pipeline, settings):
    app = create_app(settings, pipeline=pipeline)
    app.add_url_rule("/abort/<int:status>", "abort", werkzeug.exceptions.abort)
    return app.test_client()


@pytest.mark.parametrize("exc", HTTP_EXCEPTIONS, ids=lambda c: f"{c.code}-{c.__name__}")
def test_every_http_error_has_a_documented_type_or_about_blank(aborting_client, exc):
    body = assert_problem(aborting_client.get(f"/abort/{exc.code}"), exc.code)
    assert_type_resolves(aborting_client, body)
    if body["type"] == "about:blank":  # RFC 9457: then the title is the status phrase
        assert body["title"] == exc().name


# --- uploads and form-encoded bodies ------------------------------------------------------------

SENTENCE = "President Vladimir Putin met Xi Jinping in Beijing on Thursday.\n\nXi said the talks went well."


def upload(client, data: bytes, query: str = "", **fields):
    form = {"file": (io.BytesIO(data), "article.txt", "text/plain"), **fields}
    return client.post(f"/v1/extract{query}", data=form, content_type="multipart/form-data")


def test_a_multipart_upload_is_answered_as_the_same_text_plain_body(client):
    plain = client.post(
        "/v1/extract?published_at=2024-05-16", data=SENTENCE.encode(), content_type="text/plain"
    )
    uploaded = upload(client, SENTENCE.encode(), "?published_at=2024-05-16")
    as_field = upload(client, SENTENCE.encode(), published_at="2024-05-16", id="a1")
    assert plain.status_code == uploaded.status_code == as_field.status_code == 200
    assert uploaded.get_json()["events"] == plain.get_json()["events"] == as_field.get_json()["events"]
    assert as_field.get_json()["id"] == "a1"
    [event] = [e for e in uploaded.get_json()["events"] if e["type"] == "meeting"]
    assert event["date"]["value"] == "2024-05-16"


@pytest.mark.parametrize("query", ["?published_at=yesterday", "?id=" + "x" * 300, "?colour=red"])
def test_an_invalid_query_is_refused_even_when_a_part_gives_the_same_field(client, query):
    # the part would win over the query parameter, but a bad query is still the client's mistake
    response = upload(client, SENTENCE.encode(), query, published_at="2024-05-16", id="a1")
    assert_problem(response, 422)
    json_body = client.post(f"/v1/extract{query}", json={"text": SENTENCE, "published_at": "2024-05-16"})
    assert_problem(json_body, 422)


def test_an_uploaded_text_keeps_its_offsets_and_every_character(client):
    text = "🙂 Café\r\nPutin met Xi Jinping in Beijing.\r\n"
    body = upload(client, text.encode()).get_json()
    [event] = [e for e in body["events"] if e["type"] == "meeting"]
    trigger = event["trigger"]
    assert text[trigger["start"] : trigger["end"]] == trigger["text"] == "met"


@pytest.mark.parametrize(
    ("data", "content_type", "status", "field"),
    [
        (b"\xff\xfeP\x00", "text/plain", 400, None),
        (b"   \n", "text/plain", 422, "text"),
        (b"Putin met Xi.", "image/png", 415, None),
        (b"Putin met Xi.", "text/plain; charset=latin-1", 415, None),
    ],
)
def test_a_bad_upload_is_a_problem(client, data, content_type, status, field):
    form = {"file": (io.BytesIO(data), "a.txt", content_type)}
    body = assert_problem(client.post("/v1/extract", data=form, content_type="multipart/form-data"), status)
    if field:
        assert field in body["errors"]


def test_an_upload_needs_exactly_one_file_named_file(client):
    none = client.post("/v1/extract", data={"published_at": "2024-05-16"}, content_type="multipart/form-data")
    assert "file" in assert_problem(none, 422)["errors"]
    other = {"file": (io.BytesIO(b"Xi met Putin."), "a.txt"), "notes": (io.BytesIO(b"x"), "b.txt")}
    body = assert_problem(client.post("/v1/extract", data=other, content_type="multipart/form-data"), 422)
    assert set(body["errors"]) == {"notes"}
    unknown = upload(client, b"Xi met Putin.", colour="red")
    assert set(assert_problem(unknown, 422)["errors"]) == {"colour"}


def test_a_form_encoded_body_is_told_what_to_send_instead(client):
    response = client.post(
        "/v1/extract", data="Putin met Xi.", content_type="application/x-www-form-urlencoded"
    )
    body = assert_problem(response, 415)
    assert "--data-binary @article.txt -H 'Content-Type: text/plain'" in body["detail"]


def multipart(client, body: bytes, boundary: str = "b0undary"):
    return client.post("/v1/extract", data=body, content_type=f"multipart/form-data; boundary={boundary}")


def test_the_text_may_come_as_a_plain_part_and_is_never_altered(client):
    field = b'--b0undary\r\nContent-Disposition: form-data; name="file"\r\n\r\n%s\r\n--b0undary--\r\n'
    answer = multipart(client, field % SENTENCE.encode()).get_json()
    assert any(e["type"] == "meeting" for e in answer["events"])
    broken = field % b"Putin met Xi \xff in Beijing."  # Flask's form parser would make it U+FFFD
    assert "not valid UTF-8" in assert_problem(multipart(client, broken), 400)["detail"]


@pytest.mark.parametrize(
    "body",
    [
        b'--b0undary\r\nContent-Disposition: form-data; name="file"\r\n\r\nPutin met Xi.',  # cut short
        b"--b0undary\r\nContent-Type: text/plain\r\n\r\nPutin met Xi.\r\n--b0undary--\r\n",  # no name
    ],
)
def test_a_malformed_multipart_body_is_a_400(client, body):
    assert "Malformed multipart" in assert_problem(multipart(client, body), 400)["detail"]
