"""Who is who in one document: canonical names, countries and titles for mentions.

``NameIndex`` is built once per document from the named entities. It maps a short
mention ("Putin", "Mr. Xi") to the fullest name the document gives ("Vladimir Putin"),
and a country name or demonym to its ISO 3166 alpha-3 code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from . import lexicon

_POSSESSIVE = re.compile(r"[’']s?$")
KIND_BY_LABEL = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "country",
    "NORP": "group",
    "LOC": "country",
}


@cache
def _titles() -> frozenset[str]:
    return frozenset(entry["text"] for entry in lexicon.load("titles"))


@cache
def _countries() -> dict[str, str]:
    """Lower-cased country name or demonym -> ISO alpha-3."""
    table = {}
    for entry in lexicon.load("countries"):
        for name in (*entry["names"], *entry.get("demonyms", ())):
            table[name.lower()] = entry["id"]
    return table


def country_code(text: str) -> str | None:
    text = _POSSESSIVE.sub("", text.strip()).lower()
    text = re.sub(r"^the\s+", "", text)
    return _countries().get(text)


def split_title(words: list[str]) -> tuple[str | None, list[str]]:
    """('President', ['Vladimir', 'Putin']) from 'President Vladimir Putin' (longest title first)."""
    titles = _titles()
    for size in range(min(4, len(words) - 1), 0, -1):
        candidate = " ".join(words[:size]).lower().replace(".", "")
        if candidate in titles:
            return " ".join(words[:size]), words[size:]
    return None, words


def clean_words(text: str) -> list[str]:
    words = [_POSSESSIVE.sub("", w) for w in text.split()]
    if words and words[0].lower() == "the":
        words = words[1:]
    return [w for w in words if w]


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    kind: str
    title: str | None
    country: str | None


class NameIndex:
    def __init__(self, doc: Doc):
        self.people: list[list[str]] = []
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                _, words = split_title(clean_words(ent.text))
                if words and words not in self.people:
                    self.people.append(words)
        # Fullest first, so a short mention resolves to the longest name that contains it.
        self.people.sort(key=len, reverse=True)

    def full_name(self, words: list[str]) -> str:
        for name in self.people:
            if _contains(name, words):
                return " ".join(name)
        return " ".join(words)

    def entity(self, span: Span) -> Entity:
        """Canonical entity for a named-entity span (PERSON, ORG, GPE, NORP)."""
        title, words = split_title(clean_words(span.text))
        label = span.label_
        code = country_code(" ".join(words)) if label in ("GPE", "NORP", "LOC") else None
        if label == "PERSON":
            return Entity(self.full_name(words), "person", title, None)
        kind = KIND_BY_LABEL.get(label, "organization")
        if label == "GPE" and code is None:
            kind = "place"
        return Entity(" ".join(words) or span.text, kind, title, code)


def _contains(full: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(full[i : i + n] == part for i in range(len(full) - n + 1))
