"""The real server: gunicorn started as `make run` starts it, called with curl."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.integration
CURL = shutil.which("curl")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def curl(*args: str) -> tuple[int, str]:
    """(HTTP status, body) of one curl call."""
    out = subprocess.run(
        [CURL, "-s", "-w", "\n%{http_code}", *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=60,
    )
    body, _, status = out.stdout.rpartition("\n")
    return int(status), body


def start_gunicorn(log_path, workers: int = 2, **env: str) -> tuple[subprocess.Popen, str]:
    """gunicorn as `make run` starts it, on a free loopback port; its log lines go to ``log_path``
    (a file, not a pipe nobody reads: a full pipe would block the server)."""
    port = free_port()
    environ = dict(os.environ, PORT=str(port), HOST="127.0.0.1", WORKERS=str(workers), **env)
    environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    environ.pop("NEWS_EVENTS_METRICS_SET_UP", None)
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "service.web.wsgi:application()"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(gunicorn, cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited: {log_path.read_text(errors='replace')[-2000:]}")
        try:
            if curl("--max-time", "5", f"{url}/readyz")[0] == 200:
                return process, url
        except subprocess.CalledProcessError:
            pass
        time.sleep(0.3)
    stop(process)
    pytest.fail("gunicorn did not become ready in 90 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def readme_curl_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.startswith("curl ")]


def test_readme_has_curl_examples():
    assert len(readme_curl_commands()) >= 4


@pytest.mark.parametrize("command", readme_curl_commands())
def test_readme_curl_commands_work_as_written(server, command):
    port = server.rsplit(":", 1)[1]
    command = command.replace("localhost:8000", f"127.0.0.1:{port}")
    out = subprocess.run(
        command, shell=True, capture_output=True, text=True, cwd=ROOT, timeout=60, check=True
    )
    body = json.loads(out.stdout)
    assert "type" not in body or "status" not in body, body  # not a problem document


def test_seed_article_as_plain_text(server):
    status, body = curl(
        "--data-binary",
        "@seeds/putin-xi-beijing-2024-05-16.txt",
        "-H",
        "Content-Type: text/plain",
        f"{server}/v1/extract?published_at=2024-05-16",
    )
    assert status == 200
    answer = json.loads(body)
    assert {"meeting", "statement", "visit"} <= {e["type"] for e in answer["events"]}
    text = (ROOT / "seeds/putin-xi-beijing-2024-05-16.txt").read_text(encoding="utf-8")
    for event in answer["events"]:
        assert text[event["trigger"]["start"] : event["trigger"]["end"]] == event["trigger"]["text"]
    beijing = [p for p in answer["places"] if p["name"] == "Beijing"]  # the gazetteer, in the workers
    assert beijing and all(p["country"] == "CHN" and 39 < p["lat"] < 41 for p in beijing)
    assert all(text[p["start"] : p["end"]] == p["text"] for p in answer["places"])


@pytest.mark.parametrize(
    ("args", "status"),
    [
        (["-X", "POST", "-H", "Content-Type: application/json", "-d", '{"text": '], 400),
        (["-X", "DELETE"], 405),
        (["-X", "POST", "-H", "Content-Type: application/xml", "-d", "<a/>"], 415),
        (["-X", "POST", "-H", "Content-Type: application/json", "-d", '{"text": []}'], 422),
    ],
)
def test_errors_over_the_wire_are_problems(server, args, status):
    got, body = curl("-i", *args, f"{server}/v1/extract")
    assert got == status
    head, _, payload = body.partition("\n\n")  # text mode folds \r\n
    assert "application/problem+json" in head.lower()
    assert json.loads(payload)["status"] == status


def test_unknown_route_is_a_problem(server):
    status, body = curl(f"{server}/nowhere")
    assert status == 404
    assert json.loads(body)["title"] == "Not Found"


# --- issue 6 over the wire ------------------------------------------------------------------------


def raw_request(url: str, head: bytes, body_parts=(), timeout: float = 20) -> bytes:
    """Send a hand-written request (headers, then body pieces) and read the whole answer."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(head)
        for part in body_parts:
            try:
                sock.sendall(part)
            except OSError:  # the server answered and closed early: that is the point
                break
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(server):
    head = (
        b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 50000000\r\nConnection: close\r\n\r\n"
    )
    started = time.monotonic()
    answer = raw_request(server, head)  # not one byte of the 50 MB is sent
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"application/problem+json" in answer
    assert time.monotonic() - started < 10


def test_a_chunked_body_over_the_limit_is_cut_off(server):
    head = (
        b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
        b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    chunk = b"%x\r\n%s\r\n" % (65536, b"a" * 65536)
    answer = raw_request(server, head, [chunk] * 40)  # 2.6 MB > 2 MB, never terminated
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_no_server_version_and_security_headers_over_the_wire(server):
    _, body = curl("-i", f"{server}/healthz")
    head = body.split("\n\n", 1)[0].lower()
    assert "server: news-events" in head
    assert "gunicorn" not in head
    assert "x-content-type-options: nosniff" in head
    assert "x-request-id: " in head


def test_logs_are_json_lines_with_request_ids_and_no_text(server, server_log):
    marker = "Quuxwidget"
    status, _ = curl(
        "-H", "Content-Type: application/json", "-H", "X-Request-ID: wire-1",
        "-d", json.dumps({"text": f"{marker} met Xi Jinping in Beijing on Thursday."}),
        f"{server}/v1/extract",
    )  # fmt: skip
    assert status == 200
    time.sleep(0.3)
    lines = [json.loads(line) for line in server_log.read_text().splitlines() if line.strip()]
    assert all({"ts", "level", "logger", "request_id", "message"} <= set(line) for line in lines)
    [access] = [line for line in lines if line["request_id"] == "wire-1"]
    assert access["logger"] == "service.access" and access["status"] == 200
    assert marker not in server_log.read_text()
    assert any(line["logger"] == "gunicorn.error" for line in lines)


def test_metrics_add_up_across_workers(server):
    def count() -> float:
        _, text = curl(f"{server}/metrics")
        return sum(
            float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("events_http_requests_total{") and 'route="/healthz"' in line
        )

    before = count()
    for _ in range(12):  # two workers: the requests land on both
        assert curl(f"{server}/healthz")[0] == 200
    assert count() == before + 12


def test_sigterm_lets_the_in_flight_request_finish(tmp_path, seed):
    process, url = start_gunicorn(tmp_path / "server.log", workers=1)
    text = (seed["text"] + "\n\n") * 6  # a few seconds of work
    body = tmp_path / "body.json"
    body.write_text(json.dumps({"text": text, "published_at": "2024-05-16"}), encoding="utf-8")
    try:
        request = subprocess.Popen(
            [CURL, "-s", "-w", "\n%{http_code}", "-H", "Content-Type: application/json",
             "--data-binary", f"@{body}", f"{url}/v1/extract"],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(1.0)  # the request is in the worker
        assert request.poll() is None, "the request finished before the signal: make it slower"
        process.send_signal(signal.SIGTERM)
        out, _ = request.communicate(timeout=120)
        payload, _, status = out.rpartition("\n")
        assert status == "200"
        answer = json.loads(payload)
        assert len(answer["events"]) > 10
        assert process.wait(timeout=60) == 0
    finally:
        stop(process)


def test_keys_and_time_limit_over_the_wire(tmp_path):
    log = tmp_path / "server.log"
    process, url = start_gunicorn(
        log, workers=1, EVENTS_API_KEYS="s3cret-one,s3cret-two", EVENTS_REQUEST_TIMEOUT_S="1"
    )
    sentence = json.dumps({"text": "Putin met Xi Jinping in Beijing on Thursday."})
    json_body = ["-H", "Content-Type: application/json", "-d"]
    try:
        assert curl(f"{url}/healthz")[0] == 200  # open
        status, body = curl("-i", *json_body, sentence, f"{url}/v1/extract")
        assert status == 401
        assert "www-authenticate: bearer" in body.lower()
        assert curl("-H", "X-API-Key: s3cret-thr", *json_body, sentence, f"{url}/v1/extract")[0] == 401
        key = ["-H", "Authorization: Bearer s3cret-two"]
        assert curl(*key, *json_body, sentence, f"{url}/v1/extract")[0] == 200
        slow = tmp_path / "slow.json"  # 45,000 tokens (under EVENTS_MAX_TOKENS): far over 1 s
        slow.write_text(json.dumps({"text": "a " * 45_000}), encoding="utf-8")
        started = time.monotonic()
        status, body = curl(*key, *json_body, f"@{slow}", f"{url}/v1/extract")
        assert status == 503, body
        assert time.monotonic() - started < 15
        assert json.loads(body)["title"] == "Service Unavailable"
        assert curl(*key, *json_body, sentence, f"{url}/v1/extract")[0] == 200  # the same worker goes on
    finally:
        stop(process)
    assert "s3cret" not in log.read_text()


# --- issue 13: what people type first -----------------------------------------------------------


def test_a_multipart_upload_is_answered_like_the_text_plain_body(server):
    seed = "seeds/putin-xi-beijing-2024-05-16.txt"
    query = f"{server}/v1/extract?published_at=2024-05-16"
    status, uploaded = curl("-F", f"file=@{seed}", query)
    assert status == 200
    _, plain = curl("--data-binary", f"@{seed}", "-H", "Content-Type: text/plain", query)
    assert json.loads(uploaded)["events"] == json.loads(plain)["events"]
    status, as_field = curl("-F", f"file=@{seed}", "-F", "published_at=2024-05-16", f"{server}/v1/extract")
    assert status == 200
    assert json.loads(as_field)["events"] == json.loads(plain)["events"]


def test_a_form_encoded_body_gets_a_415_that_says_what_to_send(server):
    status, body = curl("-d", "@seeds/putin-xi-beijing-2024-05-16.txt", f"{server}/v1/extract")
    assert status == 415
    problem = json.loads(body)
    assert "--data-binary @article.txt -H 'Content-Type: text/plain'" in problem["detail"]
    assert problem["type"] == "/problems#unsupported-media-type"
    status, page = curl(f"{server}/problems")
    assert status == 200 and 'id="unsupported-media-type"' in page


def test_the_pages_are_served_with_their_assets(server):
    for path in ("/", "/docs", "/problems", "/static/page.js", "/static/swagger-ui/swagger-ui-bundle.js"):
        assert curl(f"{server}{path}")[0] == 200, path
