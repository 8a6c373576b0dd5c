"""Where an event happened: a place in its own clause ("in Beijing", "at the Great Hall"), or the
dateline's city ("BEIJING (Reuters) -"). Inheriting from the visit an event belongs to is done by the
extractor, which sees all events of the document.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .gazetteer import Gazetteer
from .model import Location

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPOSITIONS = {"in", "at", "to", "inside", "near", "outside", "into", "on"}
# Nested clauses have their own places: "met the president, who arrived in Beijing".
CLAUSE_DEPS = {"relcl", "ccomp", "advcl", "acl", "xcomp", "conj", "parataxis", "csubj", "appos", "pcomp"}
DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}?)(?:,[^\n—–(]{0,40})?\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s")


class LocationFinder:
    def __init__(self, doc: Doc, gazetteer: Gazetteer, text: str):
        self.gaz = gazetteer
        self.ent_of = {t.i: ent for ent in doc.ents for t in ent if ent.label_ in PLACE_LABELS}
        self.dateline = _dateline(text, gazetteer)

    def __call__(self, head: Token) -> Location | None:
        """The nearest place attached by a preposition within the trigger's own clause."""
        if head.lemma_ in ("visit", "tour"):
            for child in head.children:
                if child.dep_ == "dobj" and (location := self._place(child)):
                    return location
        for token in _clause_tokens(head):
            if (
                token.dep_ == "pobj"
                and token.head.lower_ in PLACE_PREPOSITIONS
                and (location := self._place(token))
            ):
                return location
        return None

    def _place(self, token: Token) -> Location | None:
        ent = self.ent_of.get(token.i)
        if ent is None:
            return None
        return _location(ent, "explicit", self.gaz)


def _clause_tokens(head: Token) -> list[Token]:
    """Tokens of the trigger's clause, breadth first, not entering nested clauses."""
    out, frontier = [], [head]
    while frontier and len(out) < 40:
        token = frontier.pop(0)
        for child in token.children:
            if child.dep_ in CLAUSE_DEPS:
                continue
            out.append(child)
            frontier.append(child)
    return out


def _location(ent: Span, source: str, gazetteer: Gazetteer) -> Location:
    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    start = ent.start_char + (len(ent.text) - len(name))
    return Location(name, name, start, ent.end_char, source, gazetteer.country_code(name))


def _dateline(text: str, gazetteer: Gazetteer) -> Location | None:
    found = DATELINE.match(text[:120])
    if found is None:
        return None
    city = found.group(1).strip()
    start = found.start(1)
    return Location(city.title(), city, start, start + len(city), "dateline", gazetteer.country_code(city))
