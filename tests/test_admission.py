"""The admission gate (service/web/admission.py): one holder, the newest waiter next, a deadline."""

from __future__ import annotations

import threading
import time

from service.web.admission import Gate


def test_the_slot_goes_to_the_newest_waiter_and_an_old_one_runs_into_its_deadline():
    gate = Gate()
    assert gate.acquire(0.1)
    order: list[str] = []

    def wait(name: str, timeout: float):
        if gate.acquire(timeout):
            order.append(name)
            gate.release()
        else:
            order.append(f"{name} gave up")

    old = threading.Thread(target=wait, args=("old", 0.6))
    old.start()
    time.sleep(0.1)
    new = threading.Thread(target=wait, args=("new", 5))
    new.start()
    time.sleep(0.1)
    gate.release()  # the newest waiter gets the slot, and passes it to the old one when done
    new.join()
    old.join()
    assert order == ["new", "old"]


def test_a_waiter_past_its_deadline_is_refused_and_the_slot_stays_usable():
    gate = Gate()
    assert gate.acquire(None)
    assert not gate.acquire(0.05)
    gate.release()
    assert gate.acquire(0.05)
    gate.release()
