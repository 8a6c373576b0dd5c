"""Where an event happened: a place in its own clause ("in Beijing", "at the Great Hall")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .entities import country_code
from .model import Location

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPOSITIONS = {"in", "at", "to", "inside", "near"}


class LocationFinder:
    def __init__(self, doc: Doc):
        self.ent_of = {t.i: ent for ent in doc.ents for t in ent if ent.label_ in PLACE_LABELS}

    def __call__(self, head: Token) -> Location | None:
        """A place attached to the trigger by a preposition, or a visit's direct object."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in PLACE_PREPOSITIONS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (location := self._place(pobj)):
                        return location
            if child.dep_ == "dobj" and head.lemma_ in ("visit", "tour") and (location := self._place(child)):
                return location
        return None

    def _place(self, token: Token) -> Location | None:
        ent = self.ent_of.get(token.i)
        if ent is None:
            return None
        return Location(ent.text, ent.text, ent.start_char, ent.end_char, "explicit", country_code(ent.text))
