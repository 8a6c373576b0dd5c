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


@pytest.fixture(scope="module")
def server():
    assert CURL, "curl is needed for the integration tests"
    port = free_port()
    env = dict(os.environ, PORT=str(port), HOST="127.0.0.1", WORKERS="2")
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "service.wsgi:application()"]
    process = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                if curl(f"{url}/readyz")[0] == 200:
                    break
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail("gunicorn did not become ready in 60 s")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


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
