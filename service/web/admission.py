"""The admission gate: one extraction at a time per worker process, and a deadline for waiting.

Many threads of a worker may hold requests (reading slow bodies, writing answers), but the parse
holds the GIL: running two at once only adds switching. So a request takes the worker's one slot
for its CPU work, after its body has been read and before its answer is written. A request that
could not start within ``EVENTS_QUEUE_DEADLINE_S`` is answered 503 with ``Retry-After``.

The slot goes to the newest waiter (last in, first out): under overload the request most likely to
still have a client waiting is served, and the oldest ones, whose clients have likely given up, run
into the deadline without being computed. With one waiter, as under normal load, the order is moot.
Without a deadline (0) nobody is refused, so the oldest goes first: LIFO would starve it (the bench,
which runs so, saw a p99 of 116 s at concurrency 16).
``/healthz`` never takes the slot.
"""

from __future__ import annotations

import contextlib
import math
import threading
from collections.abc import Iterator

from . import metrics
from .errors import Problem


class Overloaded(Problem):
    status = 503
    title = "Service Unavailable"

    def __init__(self, waited: float):
        super().__init__(
            f"The server is busy: the request waited {waited:g} s without starting; retry later.",
            headers={"Retry-After": str(max(1, math.ceil(waited)))},
        )


class Gate:
    """One slot, handed on release to the newest waiter (``newest_first``), else to the oldest."""

    def __init__(self, newest_first: bool = True):
        self.newest_first = newest_first
        self._lock = threading.Lock()
        self._busy = False
        self._waiters: list[threading.Event] = []  # a stack: the newest last

    def acquire(self, timeout: float | None) -> bool:
        with self._lock:
            if not self._busy:
                self._busy = True
                return True
            turn = threading.Event()
            self._waiters.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # handed the slot just as the wait ran out
                return True
            self._waiters.remove(turn)
            return False

    def release(self) -> None:
        with self._lock:
            if self._waiters:
                self._waiters.pop(-1 if self.newest_first else 0).set()  # the slot passes on, still busy
            else:
                self._busy = False


_gate = Gate()  # per process: each gunicorn worker has its own after fork


@contextlib.contextmanager
def admitted(deadline_s: float) -> Iterator[None]:
    """Hold the worker's extraction slot, or raise Overloaded after ``deadline_s`` (0: wait forever)."""
    _gate.newest_first = deadline_s > 0
    if not _gate.acquire(deadline_s if deadline_s > 0 else None):
        metrics.SHED.inc()
        raise Overloaded(deadline_s)
    try:
        yield
    finally:
        _gate.release()
