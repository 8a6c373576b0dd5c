"""The admission gate: one extraction at a time per worker process, and a deadline for waiting.

Many threads of a worker may hold requests (reading slow bodies, writing answers), but the parse
holds the GIL: running two at once only adds switching. So a request takes the worker's one slot
for its CPU work, after its body has been read and before its answer is written. A request that
could not start within ``EVENTS_QUEUE_DEADLINE_S`` is answered 503 with ``Retry-After`` instead of
being computed for a client that has likely given up. ``/healthz`` never takes the slot.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Iterator

from . import metrics
from .errors import Problem

_slot = threading.Lock()  # per process: each gunicorn worker has its own after fork


class Overloaded(Problem):
    status = 503
    title = "Service Unavailable"

    def __init__(self, waited: float):
        super().__init__(
            f"The server is busy: the request waited {waited:.1f} s without starting; retry later.",
            headers={"Retry-After": str(max(1, math.ceil(waited)))},
        )


@contextlib.contextmanager
def admitted(deadline_s: float) -> Iterator[None]:
    """Hold the worker's extraction slot, or raise Overloaded after ``deadline_s`` (0: wait forever)."""
    if not _slot.acquire(timeout=deadline_s if deadline_s > 0 else -1):
        metrics.SHED.inc()
        raise Overloaded(deadline_s)
    try:
        yield
    finally:
        _slot.release()
