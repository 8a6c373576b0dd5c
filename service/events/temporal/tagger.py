"""The tagger the extractor calls: rules find spans, resolvers value them in text order."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Doc

from ..model import Reference, Span, TimeExpression
from .context import Context
from .resolve import RESOLVERS
from .rules import candidates, rules

_FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")
DATELINE_CHARS = 400  # a reference date must be near the top of the text: a dateline or first sentence


class TemporalTagger:
    """Build once per process (compiles the rules); call once per document."""

    def __init__(self) -> None:
        missing = {r.kind for r in rules()} - RESOLVERS.keys()
        if missing:
            raise ValueError(f"timex_rules.jsonl: no resolver for kind(s) {sorted(missing)}")

    def find_reference(self, doc: Doc, text: str) -> Reference | None:
        """A complete date in the dateline or the first lines, when no publication time is given.
        ``text`` is the text ``doc`` was parsed from (the extractor's, so ``doc.text`` is built once)."""
        ctx = Context(doc, None, None, text)
        first_sentence_end = (
            next(iter(doc.sents)).end_char if doc.has_annotation("SENT_START") and len(doc) else 0
        )
        for rule, m in candidates(ctx.text[:DATELINE_CHARS]):
            if rule.kind not in ("calendar", "dateparser"):
                continue
            resolved = RESOLVERS[rule.kind](m, ctx)
            if resolved and _FULL_DAY.fullmatch(resolved.value):
                source = "dateline" if m.start() < first_sentence_end else "text"
                when = dt.datetime.fromisoformat(resolved.value)
                return Reference(when, source, Span(m.group(0), m.start(), m.end()))
        return None

    def __call__(self, doc: Doc, reference: Reference | None, text: str) -> list[TimeExpression]:
        ctx = Context(
            doc, reference.date if reference else None, reference.source if reference else None, text
        )
        found: list[TimeExpression] = []
        floating: list[int] = []
        for rule, m in candidates(text):
            ctx.position = m.start()
            resolved = RESOLVERS[rule.kind](m, ctx)
            if resolved is None:
                continue
            # "a year earlier" must not move the focus it shifts
            if resolved.anchor != "previous_date" and resolved.moves_focus:
                ctx.remember(resolved.value)
                if resolved.granularity == "quarter":
                    ctx.last_quarter_at = m.end()
            ctx.last_granularity = resolved.granularity
            ctx.last_day_end = m.end() if _FULL_DAY.match(resolved.value) else -1
            found.append(
                TimeExpression(
                    text=m.group(0),
                    start=m.start(),
                    end=m.end(),
                    type=resolved.type or rule.type,
                    value=resolved.value,
                    granularity=resolved.granularity,
                    anchor=resolved.anchor,
                    rule=rule.id,
                )
            )
            if resolved.floating:
                floating.append(len(found) - 1)
        for index in floating:
            found[index] = _with_sentence_day(doc, found, index)
        return found


def _with_sentence_day(doc: Doc, found: list[TimeExpression], index: int) -> TimeExpression:
    """'at 10:35 a.m. (0735 GMT) Friday', 'Friday ... at 10 p.m.': a bare clock time takes the nearest day
    named in its own sentence; otherwise it keeps the reference's day."""
    clock = found[index]
    span = doc.char_span(clock.start, clock.end, alignment_mode="expand")
    if span is None:
        return clock
    sentence = span.sent
    days = [
        e
        for e in found
        if e is not clock and sentence.start_char <= e.start < sentence.end_char and _FULL_DAY.match(e.value)
    ]
    if not days:
        return clock
    nearest = min(days, key=lambda e: abs(e.start - clock.start))
    value = nearest.value[:10] + clock.value[10:]
    return replace(clock, value=value, anchor="previous_date")


def calendar_date(value: str) -> str:
    """The date part of a TIMEX3 value: '2024-05-16TNI' -> '2024-05-16'."""
    return value.split("T", 1)[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", value) else value
