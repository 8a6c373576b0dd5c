"""The admission gate (service/web/admission.py): one holder, the newest waiter next, a deadline."""

from __future__ import annotations

import threading
import time

import pytest

from service.web.admission import Gate, _gate, admitted


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


# --- the settings through the app: EVENTS_QUEUE_DEADLINE_S and EVENTS_QUEUE_MAX_WAITING ------------------


def _posting(client, outcome: dict, name: str) -> threading.Thread:
    def post():
        outcome[name] = client.post("/v1/extract", json={"text": "Putin met Xi Jinping in Beijing."})

    thread = threading.Thread(target=post)
    thread.start()
    return thread


def test_with_no_queue_deadline_a_request_waits_for_the_slot_and_is_served(pipeline):
    """``EVENTS_QUEUE_DEADLINE_S=0``: waits; the bound on waiters is off too (nobody is refused)."""
    from .test_hardening import make_app

    client = make_app(pipeline, queue_deadline_s=0, queue_max_waiting=1).test_client()
    outcome: dict = {}
    with admitted(0):  # another request holds the worker's extraction slot, longer than any deadline
        threads = [_posting(client, outcome, name) for name in ("first", "second", "third")]
        waiting(_gate, 3)  # three wait at once, over the bound of 1
        time.sleep(0.5)
        assert outcome == {}
    for thread in threads:
        thread.join(timeout=60)
    assert [outcome[name].status_code for name in ("first", "second", "third")] == [200, 200, 200]


def test_one_waiter_over_the_setting_refuses_the_oldest_with_503_and_retry_after(pipeline):
    """``EVENTS_QUEUE_MAX_WAITING=1`` with a deadline: a second waiter refuses the first at once (it
    would be served last), with the deadline's Retry-After; the newest is served when the slot frees."""
    from .test_hardening import make_app

    client = make_app(pipeline, queue_deadline_s=30, queue_max_waiting=1).test_client()
    outcome: dict = {}
    with admitted(0):
        first = _posting(client, outcome, "first")
        waiting(_gate, 1)
        second = _posting(client, outcome, "second")
        first.join(timeout=20)  # refused while the slot is still held, long before the 30 s deadline
        assert list(outcome) == ["first"] and outcome["first"].status_code == 503
    second.join(timeout=60)
    assert outcome["second"].status_code == 200
    refused = outcome["first"]
    assert refused.mimetype == "application/problem+json" and refused.headers["Retry-After"] == "30"
