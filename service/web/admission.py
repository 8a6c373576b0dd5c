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
At most ``EVENTS_QUEUE_MAX_WAITING`` requests wait (with a deadline set): one more, and the oldest
waiter, the one that would be served last, is refused at once. Each waiter holds one of the
worker's threads; without a bound, under 64 impatient clients all 32 threads of a worker sat out
their deadline at the gate, and a /healthz arriving then waited for a free thread up to 1 s.
``/healthz`` never takes the slot.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Iterator

from . import metrics
from .errors import Problem


class Overloaded(Problem):
    status = 503
    title = "Service Unavailable"

    def __init__(self, waited: float, deadline: float):
        super().__init__(
            f"The server is busy: the request waited {waited:g} s without starting; retry later.",
            headers={"Retry-After": str(max(1, math.ceil(deadline)))},
        )


class _Turn:
    def __init__(self):
        self.called = threading.Event()
        self.granted = False  # called with the slot; called without it: refused


class Gate:
    """One slot, handed on release to the newest waiter (``newest_first``), else to the oldest; with
    ``max_waiting``, a waiter that would be served last is refused when one more arrives."""

    def __init__(self, newest_first: bool = True, max_waiting: int = 0):
        self.newest_first = newest_first
        self.max_waiting = max_waiting  # 0: no bound
        self._lock = threading.Lock()
        self._busy = False
        self._waiters: list[_Turn] = []  # the newest last

    def acquire(self, timeout: float | None) -> bool:
        with self._lock:
            if not self._busy:
                self._busy = True
                return True
            if self.max_waiting and len(self._waiters) >= self.max_waiting:
                if not self.newest_first:
                    return False  # refused: the newcomer would be served last
                self._waiters.pop(0).called.set()  # refused: the oldest would be served last
            turn = _Turn()
            self._waiters.append(turn)
        turn.called.wait(timeout)
        with self._lock:
            if turn.granted:  # also when handed the slot just as the wait ran out
                return True
            if turn in self._waiters:
                self._waiters.remove(turn)
            return False

    def release(self) -> None:
        with self._lock:
            if self._waiters:
                turn = self._waiters.pop(-1 if self.newest_first else 0)
                turn.granted = True  # the slot passes on, still busy
                turn.called.set()
            else:
                self._busy = False


_gate = Gate()  # per process: each gunicorn worker has its own after fork


@contextlib.contextmanager
def admitted(deadline_s: float, max_waiting: int = 0) -> Iterator[None]:
    """Hold the worker's extraction slot, or raise Overloaded after ``deadline_s`` (0: wait forever),
    or sooner when more than ``max_waiting`` wait (bounded only with a deadline: without one nobody
    is refused)."""
    _gate.newest_first = deadline_s > 0
    _gate.max_waiting = max_waiting if deadline_s > 0 else 0
    started = time.monotonic()
    if not _gate.acquire(deadline_s if deadline_s > 0 else None):
        metrics.SHED.inc()
        raise Overloaded(round(time.monotonic() - started, 2), deadline_s)
    try:
        yield
    finally:
        _gate.release()
