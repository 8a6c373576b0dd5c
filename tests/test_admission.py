"""The admission gate (service/web/admission.py): one holder, the newest waiter next, a deadline."""

from __future__ import annotations

import threading
import time

import pytest

from service.web.admission import Gate


@pytest.mark.parametrize(("newest_first", "expected"), [(True, ["new", "old"]), (False, ["old", "new"])])
def test_the_slot_goes_to_the_newest_waiter_or_without_deadlines_the_oldest(newest_first, expected):
    gate = Gate(newest_first)
    assert gate.acquire(0.1)
    order: list[str] = []

    def wait(name: str, timeout: float):
        if gate.acquire(timeout):
            order.append(name)
            gate.release()
        else:
            order.append(f"{name} gave up")

    old = threading.Thread(target=wait, args=("old", 5))
    old.start()
    time.sleep(0.1)
    new = threading.Thread(target=wait, args=("new", 5))
    new.start()
    time.sleep(0.1)
    gate.release()  # one waiter gets the slot, and passes it to the other when done
    new.join()
    old.join()
    assert order == expected


def test_a_waiter_past_its_deadline_is_refused_and_the_slot_stays_usable():
    gate = Gate()
    assert gate.acquire(None)
    assert not gate.acquire(0.05)
    gate.release()
    assert gate.acquire(0.05)
    gate.release()


def waiting(gate: Gate, count: int) -> None:
    """Until ``count`` threads wait at the gate (they start in the order the test gives)."""
    while len(gate._waiters) < count:
        time.sleep(0.01)


def test_one_waiter_too_many_refuses_the_oldest_at_once_and_the_newest_is_served():
    gate = Gate(newest_first=True, max_waiting=2)
    assert gate.acquire(None)
    outcome: dict[str, bool] = {}

    def wait(name: str):
        outcome[name] = gate.acquire(60)  # far beyond the test: a refusal is not the deadline
        if outcome[name]:
            gate.release()

    threads = {name: threading.Thread(target=wait, args=(name,)) for name in ("first", "second", "third")}
    for count, name in enumerate(threads, start=1):
        threads[name].start()
        waiting(gate, min(count, 2))
    threads["first"].join(timeout=30)
    assert outcome == {"first": False}  # refused while the slot is still held
    gate.release()
    for thread in threads.values():
        thread.join(timeout=30)
    assert outcome == {"first": False, "second": True, "third": True}


def test_first_in_first_out_with_a_bound_refuses_the_newcomer():
    gate = Gate(newest_first=False, max_waiting=1)
    assert gate.acquire(None)
    first = threading.Thread(target=lambda: gate.acquire(60) and gate.release())
    first.start()
    waiting(gate, 1)
    assert not gate.acquire(60)  # at once: it would be served last
    gate.release()
    first.join(timeout=30)
    assert gate.acquire(0.1)
