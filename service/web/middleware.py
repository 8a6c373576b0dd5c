"""What every request goes through: request id, API keys, CORS, security headers, access log,
metrics, and the per-request time limit.
"""

from __future__ import annotations

import contextlib
import ctypes
import hmac
import logging
import re
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from functools import wraps

from flask import Flask, Response, current_app, g, request

from . import admission, metrics
from .errors import RequestTimeout, Unauthorized, problem_response
from .logs import access_log, request_id_var

log = logging.getLogger(__name__)
REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")  # anything else is replaced, not echoed
OPEN_PATHS = {"/healthz", "/readyz"}  # stay open when API keys are set (any method: 405 stays 405)
PAGES = {"/", "/docs", "/problems", "/openapi.yaml"}  # pages, their assets and the contract hold no data
PAGE_ASSETS = "/static/"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}
CORS_ALLOW_HEADERS = "Authorization, Content-Type, X-API-Key, X-Request-ID"
CORS_EXPOSE_HEADERS = "X-Request-ID, Retry-After, WWW-Authenticate"


def _settings():
    return current_app.extensions["events.settings"]


def _presented_key() -> str | None:
    auth = request.headers.get("Authorization", "")
    scheme, _, credentials = auth.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get("X-API-Key") or None


def key_is_valid(presented: str, keys: tuple[str, ...]) -> bool:
    """Constant time in the key's content: every configured key is compared, no early exit."""
    given = presented.encode("utf-8", "surrogatepass")
    found = False
    for key in keys:
        found |= hmac.compare_digest(given, key.encode("utf-8"))
    return found


def _cors_origin() -> str | None:
    origins = _settings().cors_origins
    origin = request.headers.get("Origin")
    if not origins or not origin:
        return None
    if "*" in origins:
        return "*"
    return origin if origin in origins else None


def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path in PAGES or path.startswith(PAGE_ASSETS)


def _before() -> Response | None:
    g.started = time.perf_counter()
    incoming = request.headers.get("X-Request-ID", "")
    g.request_id = incoming if REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_id_token = request_id_var.set(g.request_id)
    if (
        request.method == "OPTIONS"
        and _cors_origin()
        and request.headers.get("Access-Control-Request-Method")
    ):
        g.preflight = True
        return Response(status=204)  # a CORS preflight carries no credentials: answered before the key check
    keys = _settings().api_keys
    if keys and not _is_open(request.path):
        presented = _presented_key()
        if presented is None:
            return problem_response(
                Unauthorized("An API key is required: send Authorization: Bearer <key> or X-API-Key.")
            )
        if not key_is_valid(presented, keys):
            return problem_response(Unauthorized("The API key is not valid."))
    return None


def _after(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers["X-Request-ID"] = g.get("request_id", "")
    origin = _cors_origin()
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
        if origin != "*":
            response.headers.add("Vary", "Origin")
        if g.get("preflight"):
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
    elif _settings().cors_origins:
        response.headers.add("Vary", "Origin")
    _record(response)
    return response


def _record(response: Response) -> None:
    seconds = time.perf_counter() - g.get("started", time.perf_counter())
    route = request.url_rule.rule if request.url_rule else "unmatched"  # bounded label values
    metrics.observe(route, metrics.method_label(request.method), response.status_code, seconds)
    access_log.info(
        "request",
        extra={
            "request_id": g.get("request_id"),
            "method": request.method,
            "route": route,
            "path": request.path if request.url_rule else None,
            "status": response.status_code,
            "duration_ms": round(seconds * 1000, 2),
            "bytes_in": request.content_length,
            "bytes_out": response.content_length,
            "remote_addr": request.remote_addr,
            "events": g.get("events_found"),
        },
    )


def _teardown(exc: BaseException | None) -> None:
    token = g.pop("request_id_token", None)
    if token is not None:
        request_id_var.reset(token)


def register(app: Flask) -> None:
    app.before_request(_before)
    app.after_request(_after)
    app.teardown_request(_teardown)


class _Expired(BaseException):
    """Raised by the alarm inside the guarded block only; a BaseException so no `except Exception`
    in the pipeline swallows it."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the block after ``seconds`` with a 503 problem; 0 seconds: no limit. In the main thread
    (the sync worker) SIGALRM raises; in another (the threaded worker) a timer thread raises the same
    exception in this one (``PyThreadState_SetAsyncExc``). Either lands between two Python bytecodes,
    so spaCy's tokenizer and parser are interrupted wherever they call back into Python."""
    if seconds <= 0:
        yield
        return
    try:  # around the whole `with`: a stop that lands while the timer is being disarmed counts too
        with _alarm(seconds) if threading.current_thread() is threading.main_thread() else _timer(seconds):
            yield
    except _Expired:
        metrics.TIMEOUTS.inc()
        log.warning("request stopped by the time limit", extra={"limit_s": seconds})
        raise RequestTimeout(seconds) from None


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def _ring(signum, frame):
        if armed:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_in(thread_id: int, exception) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exception)


@contextlib.contextmanager
def _timer(seconds: float) -> Iterator[None]:
    guard = threading.Lock()  # the timer raises only while the block runs, never after it
    armed = [True]
    target = threading.get_ident()

    def _ring():
        with guard:
            if armed[0]:
                _raise_in(target, ctypes.py_object(_Expired))

    timer = threading.Timer(seconds, _ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with guard:
            armed[0] = False
            _raise_in(target, None)  # withdraw an exception raised but not yet delivered


def limited(view):
    """Decorator for the extraction routes: the body is read first (no slot held while a slow client
    sends it), then the view waits for the worker's extraction slot (``admission.py``) and runs under
    the request time limit."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        request.get_data()  # cached for the view; a body error (400, 408, 413) is raised here
        settings = _settings()
        with (
            admission.admitted(settings.queue_deadline_s, settings.queue_max_waiting),
            time_limit(settings.request_timeout_s),
        ):
            return view(*args, **kwargs)

    return wrapper
