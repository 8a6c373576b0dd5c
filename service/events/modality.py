"""Modality of an event from its clause: asserted, planned, negated or hypothetical, with the cue."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from . import lexicon
from .model import Span


@cache
def _cues() -> dict[str, tuple[str, str]]:
    """Lower-cased cue word -> (modality, rule id)."""
    return {
        word: (entry["modality"], entry["id"])
        for entry in lexicon.load("modality")
        for word in entry["words"]
    }


def modality(head: Token) -> tuple[str, Span | None]:
    """Look at the trigger's auxiliaries, negation and governing verbs ("is scheduled to attend")."""
    cues = _cues()
    token: Token | None = head
    for _ in range(3):
        if token is None:
            break
        for child in token.children:
            if child.dep_ in ("aux", "auxpass", "neg", "mark") and child.lower_ in cues:
                return cues[child.lower_][0], _span(child)
        if token.lower_ in cues and token is not head:
            return cues[token.lower_][0], _span(token)
        if token.dep_ not in ("xcomp", "conj", "pcomp", "dobj") or token.head is token:
            break
        token = token.head
    return "asserted", None


def _span(token: Token) -> Span:
    return Span(token.text, token.idx, token.idx + len(token))
