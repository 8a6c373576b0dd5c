"""The threaded worker class (service/web/server.py) in process, on a real loopback socket: what runs on
its I/O loop and what in a connection's own thread."""

from __future__ import annotations

import os
import socket
import threading
from concurrent.futures import Future

from gunicorn.config import Config

from service.web.server import Logger, Worker, _Conn


def test_a_connection_that_ends_is_closed_by_its_own_thread_not_by_the_io_loop():
    """gunicorn closes an ending connection gracefully (half-close, then read until the client closes, up
    to 2 s) in ``finish_request``, on the loop that accepts every connection: a client that never closes
    (a slowloris after its 408) stopped the loop, and /healthz waited behind it. The serving thread must
    have closed it already, so the loop's close does nothing."""
    cfg = Config()
    worker = Worker(1, os.getppid(), [], None, 30, cfg, Logger(cfg))
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=10)
        served, address = listener.accept()
        conn = _Conn(cfg, served, address, listener.getsockname(), worker.settings)
    worker.nr_conns = 1
    with client:
        client.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        client.shutdown(socket.SHUT_WR)  # so the graceful close in the thread ends without waiting
        outcome: Future = Future()
        thread = threading.Thread(target=lambda: outcome.set_result(worker.handle(conn)))
        thread.start()
        thread.join(timeout=30)
        assert conn.sock.fileno() == -1, "the serving thread left the close to the I/O loop"
        answer = b""
        while chunk := client.recv(65536):
            answer += chunk

    assert outcome.result() is False
    assert answer.startswith(b"HTTP/1.1 400 ") and b"application/problem+json" in answer
    worker.finish_request(conn, outcome)  # what the I/O loop then runs: nothing left to close
    assert worker.nr_conns == 0
