"""Where an event happened: a place in its own clause ("in Beijing", "at the Great Hall"), "here" (the
dateline's city), or the dateline's city ("BEIJING (Reuters) -", also under a headline). Inheriting from
the visit an event belongs to is done by the document pass (context.py), which sees all events.
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
# "PARIS, March 3 -", "KYIV (Reuters) -": a line-start city in capitals, then an optional date and agency.
DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+){0,3}?)(,[^\n—–(]{0,40})?[ \t]*(\([^)\n]{1,40}\)[ \t]*)?[—–-]{1,2}\s",
    re.M,
)
DATELINE_REACH = 400  # characters: a headline and a blank line may come first
TOPIC_PREPOSITIONS = {"about", "regarding", "concerning"}  # what is talked about, not where
# "the city of Davao", "the port of Gdansk": a noun that names the place after "of"
PLACE_NOUNS = {
    "city",
    "town",
    "village",
    "port",
    "province",
    "capital",
    "region",
    "state",
    "island",
    "district",
}
HERE = {"here"}  # "said here", "arrived here": the place the article was filed from
# A meeting noun's participle names where it took place: "a conference held in New Zealand".
HOLDING = {"hold", "convene", "stage", "host", "organize", "organise"}


class LocationFinder:
    def __init__(self, doc: Doc, gazetteer: Gazetteer, text: str):
        self.gaz = gazetteer
        self.ent_of = {t.i: ent for ent in doc.ents for t in ent if ent.label_ in PLACE_LABELS}
        self.dateline, self.dateline_end = _dateline(text, gazetteer)
        self.any_ent = {t.i: ent for ent in doc.ents for t in ent}
        self.place_names = {ent.text.lower() for ent in doc.ents if ent.label_ in PLACE_LABELS}
        if self.dateline is not None:
            self.place_names.add(self.dateline.name.lower())

    def modifier_place(self, token: Token) -> Span | None:
        """A place name modifying an event noun ("the Geneva talks", "the Taupo meeting"): where it was
        held, or the name it goes by ("the Uruguay round"), not who took part. A country read as a place
        only when the tagger misread it (a country the tagger knows is a party: "the Iran talks")."""
        if token.dep_ != "compound" or token.head.pos_ not in ("NOUN", "PROPN") or token.i > token.head.i:
            return None
        ent = self.any_ent.get(token.i)
        if ent is None:
            return None
        country = self.gaz.country(ent.text) is not None
        if ent.label_ in PLACE_LABELS:
            return None if country else ent
        if ent.label_ in ("PERSON", "ORG") and (ent.text.lower() in self.place_names or country):
            return ent
        return None

    def __call__(self, head: Token) -> Location | None:
        """The nearest place attached by a preposition within the trigger's own clause."""
        if head.lemma_ in ("visit", "tour"):
            for child in head.children:
                if child.dep_ == "dobj" and (location := self._place(child)):
                    return location
        clause = _clause_tokens(head)
        if head.pos_ in ("NOUN", "PROPN"):
            held = [c for c in head.children if c.dep_ == "acl" and c.lemma_ in HOLDING]
            clause += [t for c in held for t in _clause_tokens(c)]
        for token in clause:
            if (
                token.dep_ == "pobj"
                and token.head.lower_ in PLACE_PREPOSITIONS
                and (location := self._place(token))
            ):
                return location
        if self.dateline is not None and any(t.lower_ in HERE and t.dep_ == "advmod" for t in clause):
            return self.dateline
        named = next((e for c in head.lefts if (e := self.modifier_place(c)) is not None), None)
        return _location(named, "explicit", self.gaz) if named is not None else None

    def place(self, token: Token) -> Location | None:
        """The place a word names, in the event's own words (``explicit``), or None."""
        return self._place(token)

    def _place(self, token: Token) -> Location | None:
        ent = self.ent_of.get(token.i)
        if ent is None and token.lemma_.lower() in PLACE_NOUNS:
            # "in the southern city of Davao": the place the noun names, whatever label the tagger gave it
            named = [
                p
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for p in c.children
                if p.dep_ == "pobj" and p.pos_ == "PROPN"
            ]
            ent = next((p.doc[p.left_edge.i : p.i + 1] for p in named), None)
        if ent is None:
            return None
        return _location(ent, "explicit", self.gaz)


def _clause_tokens(head: Token) -> list[Token]:
    """Tokens of the trigger's clause, breadth first, not entering nested clauses nor what it is about
    ("asked about last week's meeting in Brussels": that meeting's place)."""
    out, frontier = [], [head]
    while frontier and len(out) < 40:
        token = frontier.pop(0)
        for child in token.children:
            if child.dep_ in CLAUSE_DEPS or (child.dep_ == "prep" and child.lower_ in TOPIC_PREPOSITIONS):
                continue
            out.append(child)
            frontier.append(child)
    return out


def _location(ent: Span, source: str, gazetteer: Gazetteer) -> Location:
    name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    start = ent.start_char + (len(ent.text) - len(name))
    return Location(name, name, start, ent.end_char, source, gazetteer.country_code(name))


def find_dateline(text: str) -> re.Match | None:
    """The first line that opens like a dateline with a date or an agency ("TOKYO, May 3 -"), else a bare
    "CITY -" that opens the text, or opens a paragraph whose line goes on in lower case ("WASHINGTON --
    President Obama said ..."): a headline in capitals ("U.S. - JAPAN TALKS") below a title is no dateline."""
    found = list(DATELINE.finditer(text[:DATELINE_REACH]))
    return next((m for m in found if m.group(2) or m.group(3)), None) or next(
        (m for m in found if m.start() == 0 or _opens_story_paragraph(text, m)), None
    )


def _opens_story_paragraph(text: str, match: re.Match) -> bool:
    line_end = text.find("\n", match.end())
    rest = text[match.end() : line_end if line_end >= 0 else len(text)]
    return text[: match.start()].rstrip(" \t").endswith("\n\n") and any(c.islower() for c in rest)


def _dateline(text: str, gazetteer: Gazetteer) -> tuple[Location | None, int]:
    found = find_dateline(text)
    if found is None:
        return None, 0
    city = found.group(1).strip()
    start = found.start(1)
    place = Location(city.title(), city, start, start + len(city), "dateline", gazetteer.country_code(city))
    return place, found.end()
