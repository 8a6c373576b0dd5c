"""Mentions of one block into stories, the same whatever their order.

Two stages, one block per mention and then one per story: mentions are merged within their block (type
family and month), then the stories of neighbouring months within a block around the month boundary nearest
them (``boundary_key``), so that reports on both sides of a boundary can still meet.

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

from .keys import Mention, block_key, mergeable, signature, window_of
from .match import score
from .rules import rules


def candidates(ordered: list[Mention], apart: list[int] | None = None) -> list[tuple[int, int]]:
    """The pairs of a block worth scoring: those sharing a participant (their own or, for events naming
    none, their article's), a place or a stated day. Others could not reach the threshold. ``apart``: a
    label per mention (its first-stage block); then only pairs of two labels are worth scoring again."""
    postings: dict[str, list[int]] = {}
    for i, m in enumerate(ordered):
        for key in signature(m) if mergeable(m) else ():
            postings.setdefault(key, []).append(i)
    return sorted(
        {
            pair
            for posting in postings.values()
            for pair in combinations(posting, 2)
            if apart is None or apart[pair[0]] != apart[pair[1]]
        }
    )


def cluster(mentions: list[Mention]) -> list[list[Mention]]:
    """Stories of one block, each a list of mentions, in a canonical order."""
    return join([[m] for m in mentions])


def join(groups: list[list[Mention]], apart: list[str] | None = None) -> list[list[Mention]]:
    """Groups of mentions merged into stories, whatever their order: each pair of mentions of two
    groups is scored (``apart``: a label per group; groups of one label are not compared again)."""
    tagged = sorted(((m, g) for g, group in enumerate(groups) for m in group), key=lambda x: x[0].key)
    ordered = [m for m, _ in tagged]
    label = [apart[g] if apart else str(g) for _, g in tagged]
    threshold = rules().limits["threshold"]
    merges = []
    for i, j in candidates(ordered, label if apart else None):
        s = score(ordered[i], ordered[j])
        if s is not None and s >= threshold:
            merges.append((-s, i, j))

    @cache
    def forbidden(i: int, j: int) -> bool:
        return score(ordered[i], ordered[j]) is None

    # each group starts as one cluster, rooted at its first mention in canonical order
    first_of: dict[int, int] = {}
    for i, (_, g) in enumerate(tagged):
        first_of.setdefault(g, i)
    parent = [first_of[g] for _, g in tagged]
    members: dict[int, set[int]] = {}
    for i, r in enumerate(parent):
        members.setdefault(r, set()).add(i)
    # the days every member's window allows: a story's dates must agree, not only its pairs'
    span = {r: _span(ordered[i].window for i in sorted(group)) for r, group in members.items()}
    tolerance = dt.timedelta(days=rules().limits["near_days"])

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for _, i, j in sorted(merges):
        ri, rj = root(i), root(j)
        if ri == rj or any(forbidden(min(x, y), max(x, y)) for x in members[ri] for y in members[rj]):
            continue
        narrowed, gap = _narrowed(span[ri], span[rj])
        if gap > tolerance:
            continue
        parent[rj] = ri
        members[ri] |= members.pop(rj)
        span[ri] = narrowed
    return sorted(([ordered[i] for i in sorted(group)] for group in members.values()), key=lambda g: g[0].key)


def _span(windows) -> tuple[dt.date, dt.date] | None:
    """The days a group's windows all allow (as ``join`` narrows them merge by merge)."""
    out = None
    for window in windows:
        if window is None:
            return None
        out = window if out is None else _narrowed(out, window)[0]
    return out


def _narrowed(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> tuple[tuple, dt.timedelta]:
    """The days both windows allow, and how far apart they are (zero or less when they meet); windows
    that do not meet narrow to the days between them."""
    first, last = max(a[0], b[0]), min(a[1], b[1])
    return ((first, last) if first <= last else (last, first)), first - last


def boundary_key(group: list[Mention]) -> str:
    """The second block a first-stage story is compared in: its family and the month boundary nearest
    the middle of its likeliest days. Reports of a meeting of the 29th blocked in June and of an undated
    report of the 3rd blocked in July meet at the June/July boundary; each story has one such key."""
    head = group[0]
    if not mergeable(head):
        return block_key(head)
    first = min(m.likely[0] for m in group)
    last = max(m.likely[1] for m in group)
    middle = first + (last - first) / 2
    if middle.day > 15:  # nearer the next month's start
        middle = (middle.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return f"{head.family}:{middle:%Y-%m}|"


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
