"""Modality of an event from its clause: asserted, planned, negated or hypothetical, with the cue."""

from __future__ import annotations

from spacy.tokens import Token

from . import lexicon
from .model import Span

CUE_DEPS = {"aux", "auxpass", "neg", "mark", "advmod", "det", "acomp"}
# Climb from the trigger to the verbs that govern it: "is scheduled to attend a meeting", "if they meet".
CLIMB_DEPS = {"xcomp", "conj", "pcomp", "dobj", "pobj", "prep", "advcl"}
QUANTITY_NEGATIONS = {"little", "nothing"}  # "have said little publicly"


class Modality:
    """Built once: the cue table from ``lexicons/modality.jsonl``."""

    def __init__(self):
        self.cues = {word: entry["modality"] for entry in lexicon.load("modality") for word in entry["words"]}

    def __call__(self, head: Token) -> tuple[str, Span | None]:
        token = head
        for _ in range(4):
            for child in token.children:
                word = child.lower_
                if child.dep_ in CUE_DEPS and word in self.cues and (child.dep_ != "det" or word == "no"):
                    return self.cues[word], _span(child)
                if child.dep_ == "dobj" and word in QUANTITY_NEGATIONS and token is head:
                    return "negated", _span(child)
            if token is not head and token.lower_ in self.cues and token.pos_ in ("VERB", "ADJ", "AUX"):
                return self.cues[token.lower_], _span(token)
            if token.dep_ not in CLIMB_DEPS or token.head is token:
                break
            if token.dep_ == "conj" and token.tag_ in ("VBD", "VBZ", "VBP"):
                break  # a finite conjunct has its own tense: "will be ..., and Blinken urged"
            if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
                break  # "after arriving", "because ...": a subordinate clause keeps its own modality
            token = token.head
        return "asserted", None


def _span(token: Token) -> Span:
    return Span(token.text, token.idx, token.idx + len(token))
