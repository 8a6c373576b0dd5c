"""Event triggers: lexicon patterns (``lexicons/triggers.jsonl``) matched on lemmas and POS.

A rule is one JSON line: ``id``, ``type``, ``subtype``, ``cameo``, a spaCy Matcher ``pattern``,
the ``head`` index of the trigger word inside the pattern, and optional role hints. Rules with
``"veto": true`` mark non-event uses ("sign up"): a trigger on a vetoed token is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from . import lexicon


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    type: str
    subtype: str
    cameo: str
    head: int = -1
    object_role: str | None = None
    subject_role: str | None = None
    format: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """One matched trigger: its words, the head word the arguments hang on, and the rule."""

    span: Span
    head: Token
    rule: Rule


class TriggerMatcher:
    def __init__(self, vocab, entries: tuple[dict, ...] | None = None):
        self.matcher = Matcher(vocab)
        self.rules: dict[str, Rule] = {}
        self.vetoes: dict[str, int] = {}
        for entry in entries if entries is not None else lexicon.load("triggers"):
            self.matcher.add(entry["id"], [entry["pattern"]])
            if entry.get("veto"):
                self.vetoes[entry["id"]] = entry.get("head", 0)
                continue
            fields = {k: entry[k] for k in Rule.__slots__ if k in entry}
            self.rules[entry["id"]] = Rule(**fields)

    def __call__(self, doc: Doc) -> list[Trigger]:
        vetoed: set[int] = set()
        found: dict[int, Trigger] = {}
        for match_id, start, end in self.matcher(doc):
            rule_id = doc.vocab.strings[match_id]
            if rule_id in self.vetoes:
                vetoed.add(start + self.vetoes[rule_id])
                continue
            rule = self.rules[rule_id]
            span = doc[start:end]
            head = span[rule.head]
            best = found.get(head.i)
            # The longest match on a head word wins ("joint statement" over "statement").
            if best is None or len(span) > len(best.span):
                found[head.i] = Trigger(span, head, rule)
        return [t for i, t in sorted(found.items()) if i not in vetoed]


def catalog(entries: tuple[dict, ...] | None = None) -> dict[str, dict[str, str]]:
    """Event type -> {subtype: CAMEO code}, as the trigger lexicon defines them."""
    types: dict[str, dict[str, str]] = {}
    for entry in entries if entries is not None else lexicon.load("triggers"):
        if not entry.get("veto"):
            types.setdefault(entry["type"], {})[entry["subtype"]] = entry["cameo"]
    return types
