"""The gunicorn worker `make run` uses: gthread, with read and send deadlines, and gunicorn's own
protocol errors answered as problem+json.

Why threads: a slow client (one sending its headers or body a byte at a time, or not reading a
large answer) then holds one cheap thread, not the process. The CPU work stays one extraction at a
time per worker behind the admission gate (``admission.py``), so threads add no parallel parse.

What gunicorn's gthread worker lacks, added here:
- a deadline for a request's headers (``EVENTS_HEADER_TIMEOUT_S``, from its first byte) and one for
  its body (``EVENTS_BODY_TIMEOUT_S``, from the end of the headers): a client that trickles bytes
  gets 408 and is closed. gunicorn's own keep-alive setting bounds an idle connection.
- a send timeout (``EVENTS_SEND_TIMEOUT_S``): an answer the client does not read in that time is
  abandoned and the connection closed.
- its error pages (400 bad request line, 414, 431, 501 ...) as problem+json with the security
  headers and a request id, instead of HTML.
- gunicorn's access log off: the service writes its own (``middleware.py``).
- a closing connection's wait for the client's own close in a thread, not on the worker's main loop
  (``_Conn.close``).
"""

from __future__ import annotations

import errno
import json
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from gunicorn import glogging
from gunicorn.http import errors as http_errors
from gunicorn.http.parser import RequestParser
from gunicorn.workers.gthread import TConn, ThreadWorker
from werkzeug.exceptions import RequestTimeout

from ..config import Settings
from . import metrics
from .body import CLOSE_CONNECTION
from .middleware import SECURITY_HEADERS


class ReadTimeout(RequestTimeout):
    """The client took longer than the header or body deadline: 408, and the connection closes."""

    description = "The request was not received in time; send it at once."


class Logger(glogging.Logger):
    """gunicorn's logger without its access log: the service logs each request itself, without the
    query string or header values gunicorn's line carries."""

    access_log_enabled = False

    def access(self, resp, req, environ, request_time):
        return None


class _Deadline:
    """The socket as the request parser reads it: every ``recv`` waits at most until the deadline of
    the current phase (headers, then body). Writes go to the socket itself, with the send timeout."""

    def __init__(self, sock, header_timeout: float, send_timeout: float):
        self.sock = sock
        self.header_timeout = header_timeout
        self.send_timeout = send_timeout
        self.deadline: float | None = None  # None: no request under way, the next recv starts one

    def start(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds if seconds > 0 else float("inf")

    def reset(self) -> None:
        self.deadline = None

    def recv(self, size: int) -> bytes:
        if self.deadline is None:
            self.start(self.header_timeout)
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise ReadTimeout()
        self.sock.settimeout(None if remaining == float("inf") else remaining)
        try:
            return self.sock.recv(size)
        except TimeoutError:
            raise ReadTimeout() from None
        finally:
            self.sock.settimeout(self.send_timeout or None)

    def __getattr__(self, name):  # gettimeout, settimeout, ... for gunicorn's body drain
        return getattr(self.sock, name)


class _Conn(TConn):
    def __init__(self, cfg, sock, client, server, settings: Settings):
        super().__init__(cfg, sock, client, server)
        self.settings = settings
        self.reader: _Deadline | None = None

    def init(self):
        super().init()
        if self.reader is None and isinstance(self.parser, RequestParser):
            self.reader = _Deadline(self.sock, self.settings.header_timeout_s, self.settings.send_timeout_s)
            self.parser.unreader.sock = self.reader

    def close(self, graceful=False):
        """gunicorn's graceful close sends the FIN, then waits up to 2 s for the client's (RFC 9112
        9.6), on the worker's main thread, which meanwhile accepts, dispatches and closes nothing: a
        client answered 408 that kept its socket open held every other connection of the worker for
        2 s. The FIN goes now; the waiting is left to a thread."""
        if not graceful:
            return super().close()
        try:
            self.sock.shutdown(socket.SHUT_WR)
            _LINGER.submit(super().close, True)
        except (OSError, RuntimeError):  # already gone, or the worker is exiting
            super().close()
        return None


# Threads only wait there (a recv with a timeout); made on first use, so in the worker, not the master.
_LINGER = ThreadPoolExecutor(max_workers=8, thread_name_prefix="linger")


def _status_of(exc: BaseException) -> tuple[int, str, str]:
    """(status, title, detail) of an error gunicorn's parser raised before the app was called."""
    if isinstance(exc, RequestTimeout):
        return 408, "Request Timeout", exc.description
    if isinstance(exc, http_errors.LimitRequestLine):
        return 414, "URI Too Long", "The request line is too long."
    if isinstance(exc, http_errors.LimitRequestHeaders):
        return 431, "Request Header Fields Too Large", "The request headers are too large or too many."
    if isinstance(exc, http_errors.UnsupportedTransferCoding):
        return 501, "Not Implemented", "Only the chunked transfer coding is accepted."
    if isinstance(exc, http_errors.ExpectationFailed):
        return 417, "Expectation Failed", "Only Expect: 100-continue is accepted."
    if isinstance(exc, http_errors.ForbiddenProxyRequest):
        return 403, "Forbidden", "Proxy requests are not accepted from this address."
    if isinstance(exc, http_errors.ParseException):
        return 400, "Bad Request", f"The request is not valid HTTP/1.1 ({type(exc).__name__})."
    return 500, "Internal Server Error", "The server failed to process the request."


def problem_bytes(status: int, title: str, detail: str) -> bytes:
    """A whole HTTP/1.1 answer: problem+json with the headers every answer of the app carries."""
    request_id = uuid.uuid4().hex
    body = json.dumps(
        {"type": "about:blank", "title": title, "status": status, "detail": detail, "request_id": request_id}
    ).encode()
    headers = {
        "Server": "news-events",
        "Connection": "close",
        "Content-Type": "application/problem+json",
        "Content-Length": str(len(body)),
        "X-Request-ID": request_id,
        **SECURITY_HEADERS,
    }
    head = f"HTTP/1.1 {status} {title}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + b"\r\n" + body


def _closing(app):
    """The app marks a request whose body it could not read to the end (too large, malformed, too
    slow): its connection closes after the answer, since where the next request starts is unknown."""

    def closing_app(environ, start_response):
        def start(status, headers, exc_info=None):
            if environ.get(CLOSE_CONNECTION):
                start_response.__self__.force_close()  # gunicorn's Response
            return start_response(status, headers, exc_info)

        return app(environ, start)

    return closing_app


class Worker(ThreadWorker):
    """gthread with deadlines and problem+json protocol errors (the module's docstring says why)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.settings = Settings.from_env()

    def accept(self, listener):
        """gthread's accept, with a connection whose parser reads through a deadline."""
        try:
            client_sock, client_addr = listener.accept()
            self.nr_conns += 1
            client_sock.setblocking(True)
            self.enqueue_req(_Conn(self.cfg, client_sock, client_addr, listener.getsockname(), self.settings))
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise

    def handle(self, conn):
        try:
            return super().handle(conn)
        finally:
            if conn.reader is not None:
                conn.reader.reset()  # a kept-alive connection's next request gets its own deadlines

    def handle_request(self, req, conn):
        if conn.reader is not None:
            conn.reader.start(self.settings.body_timeout_s)
        conn.sock.settimeout(self.settings.send_timeout_s or None)
        try:
            return super().handle_request(req, conn)
        except TimeoutError:
            self.log.warning("answer abandoned: the client did not read it within the send timeout")
            return False

    def _keepalive_after(self, conn, keepalive):
        try:
            return super()._keepalive_after(conn, keepalive)
        except Exception:  # an unread body that is malformed: where the next request starts is unknown
            return False

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = _closing(self.wsgi)

    def handle_error(self, req, client, addr, exc):
        status, title, detail = _status_of(exc)
        if status == 500:
            self.log.exception("error before the app was called")
        else:
            self.log.warning("invalid request: %s %s", status, type(exc).__name__)
        metrics.observe("unmatched", "other", status, 0.0)
        try:
            client.settimeout(1.0)
            client.sendall(problem_bytes(status, title, detail))
        except OSError:
            self.log.debug("the problem could not be sent")
