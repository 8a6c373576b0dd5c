"""A token-pattern matcher for fixed-length patterns in spaCy's Matcher syntax, indexed by first word.

The trigger lexicon uses the subset of spaCy's token-pattern language that needs no operators: per token,
``LEMMA``/``LOWER``/``ORTH``/``TEXT``/``POS``/``TAG``/``DEP``/``ENT_TYPE`` equal to a value or ``{"IN": [...]}``.
spaCy's ``Matcher`` evaluates every pattern at every token; here the first token's word (its string hash) is
looked up in a dict, so the cost per document is a few lookups per token whatever the size of the lexicon.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.attrs import LEMMA, LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

ATTRIBUTES = {
    "LEMMA": lambda t: t.lemma_,
    "LOWER": lambda t: t.lower_,
    "ORTH": lambda t: t.text,
    "TEXT": lambda t: t.text,
    "POS": lambda t: t.pos_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "ENT_TYPE": lambda t: t.ent_type_,
}
LEXICAL = ("LEMMA", "LOWER", "ORTH", "TEXT")
ARRAY_ATTRS = {"LEMMA": LEMMA, "LOWER": LOWER, "ORTH": ORTH}
SAME_VALUE = {"TEXT": "ORTH"}  # one index entry, looked up once


class PatternError(ValueError):
    """A pattern uses something this matcher does not support (an operator, an unknown attribute)."""


def _values(spec) -> frozenset[str]:
    return frozenset(spec["IN"]) if isinstance(spec, dict) else frozenset([spec])


class TokenPatterns:
    def __init__(self):
        self.index: dict[tuple[str, int], list[tuple[str, list[dict]]]] = defaultdict(list)
        self.first_attributes: set[str] = set()

    def add(self, key: str, pattern: list[dict]) -> None:
        compiled = []
        for token_spec in pattern:
            unknown = set(token_spec) - ATTRIBUTES.keys()
            if unknown:
                raise PatternError(f"{key}: unsupported pattern keys {sorted(unknown)}")
            compiled.append({attr: _values(value) for attr, value in token_spec.items()})
        first = compiled[0]
        attr = next((a for a in LEXICAL if a in first), None)
        if attr is None:
            raise PatternError(f"{key}: the first token needs a LEMMA, LOWER, ORTH or TEXT")
        values, attr = first[attr], SAME_VALUE.get(attr, attr)
        self.first_attributes.add(attr)
        for value in values:
            self.index[(attr, get_string_id(value))].append((key, compiled))

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(key, start, end) for every match, like spaCy's Matcher."""
        found = []
        index = self.index
        # Only the attributes some pattern starts with, read as string hashes in one array: no
        # Token object is made for a word no pattern starts with.
        keyed_by = [attr for attr in LEXICAL if attr in self.first_attributes]
        if not keyed_by or not len(doc):
            return found
        rows = doc.to_array([ARRAY_ATTRS[attr] for attr in keyed_by]).reshape(len(doc), -1).tolist()
        for i, row in enumerate(rows):
            for attr, value in zip(keyed_by, row, strict=True):
                candidates = index.get((attr, value))
                if candidates:
                    found.extend((key, i, i + len(p)) for key, p in candidates if _matches(doc, i, p))
        return found


def _matches(doc: Doc, start: int, pattern: list[dict]) -> bool:
    if start + len(pattern) > len(doc):
        return False
    return all(_token_matches(doc[start + n], spec) for n, spec in enumerate(pattern))


def _token_matches(token: Token, spec: dict) -> bool:
    return all(ATTRIBUTES[attr](token) in values for attr, values in spec.items())
