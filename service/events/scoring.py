"""Confidence of an event: how much evidence the parse gives that it was reported as it is output.

A transparent sum of evidence, capped to [0.05, 0.95], so that it ranks: named actors and a verb
trigger with its own subject weigh most; a noun without participants, a rule that needs a
complement, or a movement verb weigh least.
"""

from __future__ import annotations

from .model import Event
from .triggers import Trigger

WEAK_SUBTYPES = {"report", "travel", "mislead", "broadcast", "interview", "debate"}


def confidence(event: Event, trigger: Trigger) -> float:
    score = 0.35
    if event.actors:
        score += 0.2
    if any(a.resolved_by == "name" for a in event.actors):
        score += 0.15
    elif any(a.resolved_by in ("descriptor", "group") and a.kind != "document" for a in event.actors):
        score += 0.05
    if trigger.head.pos_ == "VERB":
        score += 0.1
    if len(event.actors) > 1 and event.type in ("meeting", "agreement"):
        score += 0.05
    if not event.actors and trigger.head.pos_ == "VERB":
        score -= 0.15  # a doer the sentence leaves open: "to deceive the public"
    if event.subtype in WEAK_SUBTYPES or trigger.rule.complement:
        score -= 0.1
    if trigger.rule.id.startswith("meeting.call"):
        score -= 0.1
    return round(min(max(score, 0.05), 0.95), 2)
