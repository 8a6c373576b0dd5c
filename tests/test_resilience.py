"""Issue 16 over the wire: slow clients, overload and malformed HTTP against gunicorn as `make run`
starts it. Raw sockets where curl cannot send the request."""

from __future__ import annotations

import json
import socket
import subprocess
import threading
import time

import pytest

from .test_integration import curl, start_gunicorn, stop

pytestmark = pytest.mark.integration
SECURITY = (b"x-content-type-options: nosniff", b"content-security-policy: ", b"x-request-id: ")


def address(url: str) -> tuple[str, int]:
    host, port = url.removeprefix("http://").split(":")
    return host, int(port)


def exchange(url: str, data: bytes, *, half_close: bool = False, timeout: float = 30) -> bytes:
    """Send raw bytes, optionally half-close, and read the answer until the server closes."""
    with socket.create_connection(address(url), timeout=timeout) as sock:
        try:
            sock.sendall(data)
            if half_close:
                sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before taking everything
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
    return answer


def problem(answer: bytes) -> tuple[int, dict, bytes]:
    """(status, problem body, lower-cased head) of a raw answer that must be a problem+json."""
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 "), answer[:300]
    status = int(head.split()[1])
    lower = head.lower()
    assert b"content-type: application/problem+json" in lower, answer[:600]
    for header in SECURITY:
        assert header in lower, (header, answer[:600])
    document = json.loads(body[: int(lower.split(b"content-length: ")[1].split(b"\r\n")[0])])
    assert document["status"] == status and document["request_id"]
    return status, document, lower


def post(path: str, body: bytes, *headers: bytes) -> bytes:
    lines = [b"POST " + path.encode() + b" HTTP/1.1", b"Host: x", *headers]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def chunked(*pieces: bytes) -> bytes:
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


JSON = b"Content-Type: application/json"
CHUNKED = b"Transfer-Encoding: chunked"


# --- finding 3: bodies over the limit in any framing, or shorter than declared ---------------------


def test_a_terminated_chunked_body_over_the_limit_is_413_not_cut_and_processed(server):
    document = json.dumps({"text": "Putin met Xi Jinping in Beijing on Thursday."}).encode()
    padding = b" " * (2_000_000 - len(document) + 10)  # valid JSON, 10 bytes over the limit
    answer = exchange(server, post("/v1/extract", chunked(document, padding), JSON, CHUNKED))
    assert problem(answer)[0] == 413


def test_a_chunked_body_at_the_limit_is_still_accepted(server):
    document = json.dumps({"text": "Putin met Xi Jinping in Beijing on Thursday."}).encode()
    padding = b" " * (2_000_000 - len(document))
    answer = exchange(
        server, post("/v1/extract", chunked(document, padding), JSON, CHUNKED, b"Connection: close")
    )
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]


def test_a_body_shorter_than_its_content_length_is_400_not_processed(server):
    document = json.dumps({"text": "Putin met Xi Jinping in Beijing on Thursday."}).encode()
    request = post("/v1/extract", document, JSON, b"Content-Length: %d" % (len(document) + 500))
    status, body, _ = problem(exchange(server, request, half_close=True))
    assert status == 400
    assert "Content-Length" in body["detail"]


# --- finding 4: malformed chunked encoding ---------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"zz\r\n{}\r\n0\r\n\r\n",  # bad chunk size
        b"2\r\n{}XX0\r\n\r\n",  # missing CRLF after the data
        b"2;a b\r\n{}\r\n0\r\n\r\n",  # bad extension
        b"2\r\n{}\r\n0\r\nBad Trailer\r\n\r\n",  # bad trailer
    ],
    ids=["size", "crlf", "extension", "trailer"],
)
def test_malformed_chunking_is_400_and_no_traceback(server, server_log, body):
    before = server_log.read_text()
    status, _, _ = problem(exchange(server, post("/v1/extract", body, JSON, CHUNKED), half_close=True))
    assert status == 400
    time.sleep(0.2)
    new = server_log.read_text()[len(before) :]
    assert "Traceback" not in new and '"level": "error"' not in new, new[-2000:]


def test_a_body_compressed_by_its_transfer_coding_is_501_not_read_as_it_is(server):
    """gunicorn's parser passes "gzip, chunked" through de-chunked but still compressed: the app must
    refuse it (501, as any coding but chunked), not take the compressed bytes for the text."""
    import gzip

    coded = gzip.compress(json.dumps({"text": "Putin met Xi Jinping in Beijing."}).encode())
    request = post("/v1/extract", chunked(coded), JSON, b"Transfer-Encoding: gzip, chunked")
    status, document, _ = problem(exchange(server, request, half_close=True))
    assert status == 501 and "gzip" in document["detail"], document


def test_expect_100_continue_and_chunked_bodies_are_answered(server):
    for header in (b"Expect: 100-continue", CHUNKED):
        body = json.dumps({"text": "Putin met Xi Jinping in Beijing."}).encode()
        framed = chunked(body) if header == CHUNKED else body
        length = [] if header == CHUNKED else [b"Content-Length: %d" % len(body)]
        answer = exchange(server, post("/v1/extract", framed, JSON, header, b"Connection: close", *length))
        assert b"HTTP/1.1 200" in answer and b'"type": "meeting"' in answer, answer[:300]


# --- finding 5: gunicorn's own errors are problems with the security headers ------------------------


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        (b"GARBAGE\r\n\r\n", 400),
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9000 + b"\r\n\r\n", 431),
        (b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"X-A: b\r\n" * 120 + b"\r\n", 431),
        (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: foo\r\n\r\n", 501),
        (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 400),  # length unknown
        (b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", 400),
        (b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\nContent-Length: 2\r\n\r\n{}", 417),
    ],
    ids=[
        "request-line",
        "uri",
        "header-size",
        "header-count",
        "transfer-encoding",
        "gzip-not-chunked",
        "version",
        "expectation",
    ],
)
def test_errors_gunicorn_raises_are_problems(server, request_bytes, status):
    got, document, head = problem(exchange(server, request_bytes, half_close=True))
    assert got == status, document
    assert b"server: news-events" in head and b"gunicorn" not in head
    assert "<html" not in json.dumps(document).lower()


# --- finding 6: one access log, the service's --------------------------------------------------------


def test_only_the_service_logs_access_and_never_the_query_or_headers(server, server_log):
    status, _ = curl(
        "-A", "AgentSecret/1.0", "-e", "https://referer.example/secret", "-u", "alice-user:pw",
        "-H", "X-Request-ID: access-16", f"{server}/healthz?token=query-secret",
    )  # fmt: skip
    assert status == 200
    time.sleep(0.3)
    text = server_log.read_text()
    lines = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert [line["logger"] for line in lines if line["request_id"] == "access-16"] == ["service.access"]
    assert not any(line["logger"] == "gunicorn.access" for line in lines)
    for secret in ("query-secret", "AgentSecret", "referer.example", "alice-user"):
        assert secret not in text


# --- finding 7: bounded metric labels ---------------------------------------------------------------


def test_unknown_methods_share_one_metric_label(server):
    for method in ("AAAA", "BBBB", "PROPFIND"):
        assert curl("-X", method, f"{server}/healthz")[0] == 405
    _, text = curl(f"{server}/metrics")
    assert 'method="other"' in text
    assert "AAAA" not in text and "BBBB" not in text and "PROPFIND" not in text


# --- finding 8: no shared control socket -------------------------------------------------------------


def test_no_control_socket_in_home(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    process, url = start_gunicorn(tmp_path / "server.log", workers=1, HOME=str(home), XDG_RUNTIME_DIR="")
    try:
        assert curl(f"{url}/healthz")[0] == 200
        assert not list(home.rglob("*.ctl")), list(home.rglob("*"))
    finally:
        stop(process)
    assert not list(home.rglob("*.ctl"))


# --- findings 1 and 2: slow clients and overload ------------------------------------------------------


class Trickle(threading.Thread):
    """A slow client: sends ``head`` then one byte of ``rest`` every ``pause`` seconds until stopped."""

    def __init__(self, url: str, head: bytes, rest: bytes, pause: float = 0.5):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(address(url), timeout=60)
        self.head, self.rest, self.pause = head, rest, pause
        self.stopped = threading.Event()

    def run(self):
        try:
            self.sock.sendall(self.head)
            for byte in self.rest:
                if self.stopped.wait(self.pause):
                    break
                self.sock.sendall(bytes([byte]))
        except OSError:
            pass  # closed by the server's read timeout: what it should do

    def close(self):
        self.stopped.set()
        self.sock.close()


def non_reading_client(url: str, text: str) -> socket.socket:
    """Posts a legal long text and reads only the first bytes of its large answer."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(120)
    sock.connect(address(url))
    body = json.dumps({"text": text}).encode()
    sock.sendall(post("/v1/extract", body, JSON, b"Content-Length: %d" % len(body)))
    assert sock.recv(12).startswith(b"HTTP/1.1 200")  # computed; the rest is never read
    return sock


def timed_curl(*args: str) -> tuple[int, float]:
    started = time.monotonic()
    try:
        status = curl("--max-time", "20", *args)[0]
    except subprocess.SubprocessError:  # a curl timeout: a failure, with its time
        status = 0
    return status, time.monotonic() - started


def test_slow_and_non_reading_clients_leave_the_service_available(tmp_path, seed):
    process, url = start_gunicorn(tmp_path / "server.log", workers=2)
    long_text = (seed["text"] + "\n\n") * 30  # about 100,000 characters: an answer of megabytes
    clients: list = []
    try:
        clients += [non_reading_client(url, long_text) for _ in range(2)]  # one after the other
        slow = [
            Trickle(url, b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-Slow: " + b"a" * 1000) for _ in range(4)
        ] + [
            Trickle(url, post("/v1/extract", b"", JSON, b"Content-Length: 2000"), b'{"text": "' + b"a" * 1000)
            for _ in range(4)
        ]
        for client in slow:
            client.start()
        clients += slow
        time.sleep(2)
        for _ in range(3):
            status, seconds = timed_curl(f"{url}/healthz")
            assert status == 200 and seconds < 1.5, (status, seconds)
        body = ["-H", "Content-Type: text/plain", "--data-binary", "@seeds/putin-xi-beijing-2024-05-16.txt"]
        status, seconds = timed_curl(*body, f"{url}/v1/extract?published_at=2024-05-16")
        assert status == 200 and seconds < 5, (status, seconds)
    finally:
        for client in clients:
            client.close()
        stop(process)


def test_overload_is_shed_with_503_and_healthz_stays_quick(tmp_path, seed):
    process, url = start_gunicorn(tmp_path / "server.log", workers=2)
    body = json.dumps({"text": seed["text"], "published_at": "2024-05-16"})
    statuses: list[int] = []
    heads: list[bytes] = []

    def client():
        answer = exchange(url, post("/v1/extract", body.encode(), JSON, b"Connection: close",
                                    b"Content-Length: %d" % len(body.encode())), timeout=120)  # fmt: skip
        statuses.append(int(answer.split()[1]))
        heads.append(answer.partition(b"\r\n\r\n")[0].lower())

    try:
        threads = [threading.Thread(target=client) for _ in range(48)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        status, seconds = timed_curl(f"{url}/healthz")
        for thread in threads:
            thread.join(timeout=180)
        assert status == 200 and seconds < 1.5, (status, seconds)
        assert set(statuses) <= {200, 503}, statuses
        assert 503 in statuses and 200 in statuses, statuses
        shed = [head for head, got in zip(heads, statuses, strict=True) if got == 503]
        assert all(b"retry-after: " in head and b"application/problem+json" in head for head in shed)
    finally:
        stop(process)


def test_texts_of_any_characters_finish_inside_a_time_limit(tmp_path):
    # Before issue 16 a run of 20,000 such characters took 30-60 s of CPU (quadratic): 200,000 never
    # finished. Now 2-2.5 s of CPU in process (README); the limit leaves room for a shared machine.
    process, url = start_gunicorn(tmp_path / "server.log", workers=1, EVENTS_REQUEST_TIMEOUT_S="30")
    kinds = ["$%\"'(),:" * 25_000, "\U0001f600" * 200_000, "!?" * 100_000, "-–—…" * 50_000]
    try:
        for text in kinds:
            path = tmp_path / "body.json"
            path.write_text(json.dumps({"text": text}, ensure_ascii=False), encoding="utf-8")
            status, body = curl("-H", "Content-Type: application/json", "--data-binary", f"@{path}",
                                f"{url}/v1/extract")  # fmt: skip
            assert status == 200, (text[:8], body[:300])
        for text in ["a " * 100_000, "a,b," * 50_000]:  # 100,000 and 200,000 tokens: over EVENTS_MAX_TOKENS
            path.write_text(json.dumps({"text": text}), encoding="utf-8")
            status, body = curl("-H", "Content-Type: application/json", "--data-binary", f"@{path}",
                                f"{url}/v1/extract")  # fmt: skip
            assert status == 413 and "EVENTS_MAX_TOKENS" in json.loads(body)["detail"], body[:300]
    finally:
        stop(process)


# --- the read and idle deadlines of the settings table, shortened: 408 for slow headers and bodies,
# --- an idle kept-alive connection closed, and none of it holding up the worker. (The send timeout is
# --- not shown here: loopback's send buffer grows to 4 MB, tcp_wmem, so the kernel takes any answer a
# --- test can cheaply make whole.) ----------------------------------------------------------------------


def test_read_and_idle_deadlines_are_settings_and_close_their_connections(tmp_path):
    deadlines = {f"EVENTS_{name}_TIMEOUT_S": "1" for name in ("HEADER", "BODY", "IDLE")}
    process, url = start_gunicorn(tmp_path / "server.log", workers=1, **deadlines)
    requests = {  # the idle one is read first: its closing time is its own
        "kept alive, then idle": b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "headers never finished": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a",
        "a body shorter than declared": post("/v1/extract", b'{"text": "Xi', JSON, b"Content-Length: 100"),
    }
    sockets = {}
    try:
        for case in requests:
            sockets[case] = socket.create_connection(address(url), timeout=20)
            time.sleep(0.1)
        started = time.monotonic()
        for case, data in requests.items():
            sockets[case].sendall(data)
        answers, closed_after = {}, {}
        for case, sock in sockets.items():  # the server closes its side; ours stay open, as a slow
            answers[case] = b""  # client's would
            while chunk := sock.recv(65536):
                answers[case] += chunk
            closed_after[case] = time.monotonic() - started
        # gunicorn waits up to 2 s for a closed connection's client to close too; on the worker's I/O
        # loop that held every other connection meanwhile (the idle close took 5 s). How quickly
        # /healthz answers beside such clients is measured by `make soak-abuse`, not asserted here.
        status, _ = timed_exchange(url, b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert status == 200
        assert 0.5 < closed_after["kept alive, then idle"] < 3, closed_after  # the 1 s setting, not 5 s
        assert all(seconds < 3 for seconds in closed_after.values()), closed_after
        assert problem(answers["headers never finished"])[0] == 408
        assert problem(answers["a body shorter than declared"])[0] == 408
        assert answers["kept alive, then idle"].startswith(b"HTTP/1.1 200")
    finally:
        for sock in sockets.values():
            sock.close()
        stop(process)


def timed_exchange(url: str, data: bytes) -> tuple[int, float]:
    started = time.monotonic()
    answer = exchange(url, data, timeout=10)
    return int(answer.split()[1]), time.monotonic() - started
