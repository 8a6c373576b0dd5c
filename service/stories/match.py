"""Do two mentions report one real-world event? A score from the named weights of story_rules.jsonl,
or ``None`` when a rule forbids the pair (types that never go together, dates or places that conflict).

Every piece of evidence is named after its rule (``evidence``), so one can read why a pair merged.
"""

from __future__ import annotations

from .keys import Mention
from .rules import rules

_FINE = frozenset(("day", "weekend", "week"))
_GATHERINGS = frozenset(("meeting", "visit"))


def _date(a: Mention, b: Mention) -> str | None:
    """'same', 'coarse', 'near', 'window', 'window_far' or 'conflict'; None when a date is missing."""
    if a.window is None or b.window is None:
        return None
    gap = max(a.window[0], b.window[0]) - min(a.window[1], b.window[1])
    if a.stated and b.stated:
        fine = a.granularity in _FINE and b.granularity in _FINE
        if gap.days <= 0:
            return "same" if fine else "coarse"
        return "near" if fine and gap.days <= rules().limits["near_days"] else "conflict"
    if gap.days > 0:
        return "conflict"
    near = max(a.likely[0], b.likely[0]) <= min(a.likely[1], b.likely[1])
    return "window" if near else "window_far"


def _linked(a: frozenset[str], b: frozenset[str]) -> bool:
    """A group one names has a member the other names ("OPEC" and "Saudi Arabia")."""
    members = rules().members
    return any(members.get(k, frozenset()) & b for k in a) or any(members.get(k, frozenset()) & a for k in b)


def _agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) or _linked(a, b)


def _bodies_differ(a: Mention, b: Mention) -> bool:
    """Both name the bodies that met, and they are others ("Nordic ministers" and OPEC): never one event.
    People alone do not decide it: a name of a person is often partial or misread."""
    return bool(a.bodies and b.bodies) and not _agree(a.bodies, b.bodies) and not a.actors & b.actors


def _places_conflict(a: Mention, b: Mention) -> bool:
    return a.place_stated and b.place_stated and _places_differ(a, b)


def _tenses_differ(a: Mention, b: Mention) -> bool:
    """One article tells one gathering as held and one as to come ("this meeting", "would go to
    Wellington for talks"): most often two occurrences, as its extraction found. Evidence, not a veto:
    a meeting noun takes the mood of its clause ("ministers will attend the meeting")."""
    if a.document != b.document or a.type != b.type or a.type not in _GATHERINGS:
        return False
    return {a.modality, b.modality} in ({"asserted", "planned"}, {"asserted", "hypothetical"})


def _placed_apart(a: Mention, b: Mention) -> bool:
    """One article tells two events of a type at two places, one of them its own ("the talks here" and
    "the Uruguay meeting"): its extraction kept them apart as two occurrences, and so do stories."""
    return (
        a.document == b.document
        and a.type == b.type
        and a.type in _GATHERINGS  # "the accord reached there", reported from Oslo, is the Vienna one
        and (a.place_stated or b.place_stated)
        and _places_differ(a, b)
        # "OPEC met in Vienna" and "the Saudi minister attended the meeting", datelined London: the
        # dateline is only a guess, and a shared participant says it is the one gathering
        and not _agree(a.actors, b.actors)
    )


def _places_differ(a: Mention, b: Mention) -> bool:
    if not (a.place and b.place) or a.place == b.place:
        return False
    # a place and its country do not conflict ("Vienna" and "Austria")
    return not (a.place_code and a.place_code == b.place_country) and not (
        b.place_code and b.place_code == a.place_country
    )


def evidence(a: Mention, b: Mention) -> dict[str, float] | None:
    """The named pieces of the pair's score, or None when the pair may not merge."""
    table = rules()
    if a.family is None or a.family != b.family:
        return None
    pairing = table.compatible.get(frozenset((a.type, b.type)))
    if pairing is None:
        return None
    date = _date(a, b)
    if date in (None, "conflict") or _places_conflict(a, b) or _bodies_differ(a, b) or _placed_apart(a, b):
        return None
    w = table.weights
    found = {pairing[0]: pairing[1], f"date_{date}": w[f"date_{date}"]}
    shared = a.actors & b.actors
    if shared:
        found["actor_shared"] = w["actor_shared"] * min(len(shared), 2)
    elif _linked(a.actors, b.actors):
        found["actor_member"] = w["actor_member"]
    elif a.actors and b.actors:
        found["actors_differ"] = w["actors_differ"]
    elif a.document != b.document and _agree(a.actors or a.context, b.actors or b.context):
        found["actor_context"] = w[
            "actor_context"
        ]  # an article's context says nothing between its own events
    if a.place and a.place == b.place:
        found["place_same"] = w["place_same"]
    if _tenses_differ(a, b):
        found["tense_differs"] = w["tense_differs"]
    if a.word and a.word == b.word:
        found["same_word"] = w["same_word"]
    return found


def score(a: Mention, b: Mention) -> float | None:
    found = evidence(a, b)
    return None if found is None else round(sum(found.values()), 6)
