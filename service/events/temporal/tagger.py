"""The tagger the extractor calls: rules find spans, resolvers value them in text order."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Doc

from ..model import Reference, Span, TimeExpression
from .resolve import RESOLVERS, Context
from .rules import candidates, rules

_FULL_DAY = re.compile(r"\d{4}-\d\d-\d\d")
DATELINE_CHARS = 400  # a reference date must be near the top of the text: a dateline or first sentence


class TemporalTagger:
    """Build once per process (compiles the rules); call once per document."""

    def __init__(self) -> None:
        missing = {r.kind for r in rules()} - RESOLVERS.keys()
        if missing:
            raise ValueError(f"timex_rules.jsonl: no resolver for kind(s) {sorted(missing)}")

    def find_reference(self, doc: Doc) -> Reference | None:
        """A complete date in the dateline or the first lines, when no publication time is given."""
        ctx = Context(doc, None, None, doc.text)
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

    def __call__(self, doc: Doc, reference: Reference | None) -> list[TimeExpression]:
        text = doc.text
        ctx = Context(
            doc, reference.date if reference else None, reference.source if reference else None, text
        )
        found = []
        for rule, m in candidates(text):
            ctx.position = m.start()
            resolved = RESOLVERS[rule.kind](m, ctx)
            if resolved is None:
                continue
            if resolved.anchor != "previous_date":  # "a year earlier" must not move the focus it shifts
                ctx.remember(resolved.value)
                if resolved.granularity == "quarter":
                    ctx.last_quarter_at = m.end()
            ctx.last_granularity = resolved.granularity
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
        return found


def calendar_date(value: str) -> str:
    """The date part of a TIMEX3 value: '2024-05-16TNI' -> '2024-05-16'."""
    return value.split("T", 1)[0] if re.match(r"^\d{4}-\d{2}-\d{2}T", value) else value
