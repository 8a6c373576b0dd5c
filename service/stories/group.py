"""Mentions of one block into stories, the same whatever their order.

Pairs are merged best first (score, then the members' keys break ties), a merge allowed only when no
pair across the two clusters is forbidden and the date windows of all their members still meet: chaining
cannot join a meeting to last month's meeting of the same body through reports that give no date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from functools import cache
from itertools import combinations

from .keys import Mention, mergeable, signature, window_of
from .match import score
from .rules import rules


def candidates(ordered: list[Mention]) -> list[tuple[int, int]]:
    """The pairs of a block worth scoring: those sharing a participant (their own or, for events naming
    none, their article's), a place or a stated day. Others could not reach the threshold."""
    postings: dict[str, list[int]] = {}
    for i, m in enumerate(ordered):
        for key in signature(m) if mergeable(m) else ():
            postings.setdefault(key, []).append(i)
    return sorted({pair for posting in postings.values() for pair in combinations(posting, 2)})


def cluster(mentions: list[Mention]) -> list[list[Mention]]:
    """Stories of one block, each a list of mentions, in a canonical order."""
    ordered = sorted(mentions, key=lambda m: m.key)
    threshold = rules().limits["threshold"]
    merges = []
    for i, j in candidates(ordered):
        s = score(ordered[i], ordered[j])
        if s is not None and s >= threshold:
            merges.append((-s, i, j))

    @cache
    def forbidden(i: int, j: int) -> bool:
        return score(ordered[i], ordered[j]) is None

    parent = list(range(len(ordered)))
    members = {i: {i} for i in parent}
    # the days every member's window allows: a story's dates must agree, not only its pairs'
    span = {i: m.window for i, m in enumerate(ordered)}
    tolerance = dt.timedelta(days=rules().limits["near_days"])

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for _, i, j in sorted(merges):
        ri, rj = root(i), root(j)
        if ri == rj or any(forbidden(min(x, y), max(x, y)) for x in members[ri] for y in members[rj]):
            continue
        first, last = max(span[ri][0], span[rj][0]), min(span[ri][1], span[rj][1])
        if first - last > tolerance:
            continue
        parent[rj] = ri
        members[ri] |= members.pop(rj)
        span[ri] = (first, last) if first <= last else (last, first)
    return sorted(([ordered[i] for i in sorted(group)] for group in members.values()), key=lambda g: g[0].key)


# the story's type: the visit that held the talks, the meeting that reached the agreement or issued the
# communique; its outcomes only when there is nothing else
_HEADS = ("visit", "meeting", "agreement", "statement")


def _date(group: list[Mention]) -> dict | None:
    """The most specific stated date that agrees with every other stated date of the story."""
    stated = sorted({m.date_value for m in group if m.stated and m.date_value})
    best = None
    for value in stated:
        first, last, granularity = window_of(value)
        span = (last - first).days
        if all((w := window_of(other)) and w[0] <= last and first <= w[1] for other in stated) and (
            best is None or span < best[0]
        ):
            best = (span, value, granularity)
    return {"value": best[1], "granularity": best[2]} if best else None


def record(group: list[Mention]) -> dict:
    """A story as the API answers it."""
    members = [{"document": m.document, "event": m.event} for m in group]
    digest = hashlib.sha1(json.dumps([list(m.key) for m in group]).encode("utf-8")).hexdigest()
    types = {m.type for m in group}
    names = Counter(name for m in group for name in m.names)
    places = Counter(m.place_name for m in group if m.place_name and m.place_stated) or Counter(
        m.place_name for m in group if m.place_name
    )
    published = sorted(m.published for m in group if m.published)
    return {
        "id": f"s-{digest[:16]}",
        "type": next(t for t in _HEADS if t in types),
        "members": members,
        "actors": sorted(names, key=lambda n: (-names[n], n)),
        "date": _date(group),
        "location": min(places, key=lambda p: (-places[p], p)) if places else None,
        "first_reported": published[0].isoformat() if published else None,
        "sources": len({str(m.document) for m in group}),
    }
