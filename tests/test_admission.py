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
