"""Prometheus metrics (``prometheus_client``), also right with several gunicorn workers.

With ``PROMETHEUS_MULTIPROC_DIR`` set (gunicorn.conf.py sets it up before any worker starts)
every worker writes its samples to files there and ``/metrics`` adds them up across workers;
without it (tests, one process) the default registry is used.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

REQUESTS = Counter(
    "events_http_requests_total", "HTTP requests answered, by route, method and status.",
    ["route", "method", "status"],
)  # fmt: skip
LATENCY = Histogram(
    "events_http_request_duration_seconds",
    "Time from request start to answer, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120),
)
ERRORS = Counter("events_http_errors_total", "Answers with a 4xx or 5xx status, by status.", ["status"])
EVENTS = Counter("events_extracted_total", "Events extracted, by event type.", ["type"])
DOCUMENTS = Counter("events_documents_total", "Documents extracted (single and batch items).")
TIMEOUTS = Counter("events_request_timeouts_total", "Requests stopped by the time limit.")
SHED = Counter(
    "events_requests_shed_total",
    "Requests answered 503 because they waited past the queue deadline, or too many waited.",
)
# Label values are bounded: a client can send any method name, each would be a new series.
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def method_label(method: str) -> str:
    return method if method in KNOWN_METHODS else "other"


def observe(route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route, method, str(status)).inc()
    LATENCY.labels(route).observe(seconds)
    if status >= 400:
        ERRORS.labels(str(status)).inc()


def count_events(events) -> None:
    DOCUMENTS.inc()
    for event in events:
        EVENTS.labels(event.type).inc()


def exposition() -> tuple[bytes, str]:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return generate_latest(registry), CONTENT_TYPE_LATEST
