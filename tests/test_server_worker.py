"""The threaded worker class (service/web/server.py) in process, on a real loopback socket: what runs on
its I/O loop and what in a connection's own thread."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from concurrent.futures import Future

from gunicorn.config import Config

from service.web.server import Logger, Worker, _Conn


def _worker() -> Worker:
    cfg = Config()
    return Worker(1, os.getppid(), [], None, 30, cfg, Logger(cfg))


def _handled_in_a_thread(worker: Worker, conn: _Conn) -> tuple[threading.Thread, Future]:
    """``worker.handle(conn)`` in a thread of its own, as the worker's pool runs it."""
    outcome: Future = Future()
    thread = threading.Thread(target=lambda: outcome.set_result(worker.handle(conn)))
    thread.start()
    return thread, outcome


def test_a_connection_that_ends_is_closed_by_its_own_thread_not_by_the_io_loop():
    """gunicorn closes an ending connection gracefully (half-close, then read until the client closes, up
    to 2 s) in ``finish_request``, on the loop that accepts every connection: a client that never closes
    (a slowloris after its 408) stopped the loop, and /healthz waited behind it. The serving thread must
    have closed it already, so the loop's close does nothing."""
    worker = _worker()
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=10)
        served, address = listener.accept()
        conn = _Conn(worker.cfg, served, address, listener.getsockname(), worker.settings)
    worker.nr_conns = 1
    with client:
        client.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        client.shutdown(socket.SHUT_WR)  # so the graceful close in the thread ends without waiting
        thread, outcome = _handled_in_a_thread(worker, conn)
        thread.join(timeout=30)
        assert conn.sock.fileno() == -1, "the serving thread left the close to the I/O loop"
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk

    assert outcome.result() is False
    assert answer.startswith(b"HTTP/1.1 400 ") and b"application/problem+json" in answer
    worker.finish_request(conn, outcome)  # what the I/O loop then runs: nothing left to close
    assert worker.nr_conns == 0


def _served_pair(listener_address=("127.0.0.1", 0)):
    """A loopback connection whose both ends keep small fixed buffers (no autotuning: the kernel would
    otherwise take up to 4 MB, tcp_wmem, of an answer nobody reads): (client, served, address, local)."""
    with socket.create_server(listener_address) as listener:
        client = socket.socket()
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.settimeout(30)
        client.connect(listener.getsockname())
        served, address = listener.accept()
        served.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        return client, served, address, listener.getsockname()


def _serving(app) -> tuple[Worker, socket.socket, _Conn]:
    """A worker serving ``app`` and one loopback connection to it with small buffers: (worker, client, conn)."""
    worker = _worker()
    worker.wsgi = app
    client, served, address, local = _served_pair()
    worker.nr_conns = 1
    return worker, client, _Conn(worker.cfg, served, address, local, worker.settings)


def test_an_answer_the_client_does_not_take_is_abandoned_after_the_send_timeout(app, seed, monkeypatch):
    """README, "a send timeout": the answer's thread gives up after ``EVENTS_SEND_TIMEOUT_S`` and the
    connection closes; meanwhile the worker's extraction slot is free (the gate is released before the
    answer is written), so another extraction is served at once."""
    monkeypatch.setenv("EVENTS_SEND_TIMEOUT_S", "4")
    worker, client, conn = _serving(app)
    body = json.dumps({"text": (seed["text"] + "\n\n") * 3, "published_at": "2024-05-16"}).encode()
    head = b"POST /v1/extract HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    with client:
        client.sendall(head + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        started = time.monotonic()
        thread, outcome = _handled_in_a_thread(worker, conn)
        assert client.recv(12) == b"HTTP/1.1 200"  # computed; the client now reads nothing
        other = app.test_client().post("/v1/extract", json={"text": "Putin met Xi Jinping in Beijing."})
        assert other.status_code == 200 and thread.is_alive()  # served while the first answer waits
        thread.join(timeout=60)
        assert not thread.is_alive(), "the answer still waits for its client"
        assert outcome.result() is False and conn.sock.fileno() == -1  # abandoned, closed
        assert 4 <= time.monotonic() - started < 40
        answer = b"HTTP/1.1 200"
        while chunk := client.recv(65536):
            answer += chunk
    declared = int(answer.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    assert len(answer.partition(b"\r\n\r\n")[2]) < declared  # the rest was never sent


def test_without_a_send_timeout_the_answer_waits_for_its_client(app, monkeypatch):
    """``EVENTS_SEND_TIMEOUT_S=0``: no limit; a client that reads late still gets the whole answer."""
    monkeypatch.setenv("EVENTS_SEND_TIMEOUT_S", "0")
    worker, client, conn = _serving(app)
    with client:
        client.sendall(b"GET /openapi.yaml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        thread, _ = _handled_in_a_thread(worker, conn)
        time.sleep(2)
        assert thread.is_alive()  # still sending: the answer is larger than both buffers
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk
        thread.join(timeout=30)
    declared = int(answer.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
    assert len(answer.partition(b"\r\n\r\n")[2]) == declared
