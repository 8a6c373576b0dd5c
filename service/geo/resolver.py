"""Every place mention of a document, resolved to a gazetteer entry by the document's own context.

Mentions are spaCy's GPE and LOC entities (FAC ones only when the gazetteer knows them), split at
commas ("Paris, Texas" is two mentions), and the dateline's city. A mention's candidates are all
the entries its name can mean; each scores the rules of ``lexicons/geo_rules.jsonl`` it meets. The
context rules read what the *other* mentions resolved to (their countries and regions), the
dateline, and the countries of the events' actors; population is the last resort. Resolution runs
twice: first against what each mention means on its own, then against the first pass's answers,
so "Paris" follows "Texas" wherever in the article Texas is named.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..events import lexicon
from ..events.model import Location, Place
from .index import Entry, GeoIndex, fold

PLACE_LABELS = ("GPE", "LOC")
KNOWN_ONLY_LABELS = ("FAC",)  # buildings and sites: listed only when the gazetteer knows the name
_PART = re.compile(r"[^,]+")
_POSSESSIVE = re.compile(r"[’']s?$")
QUALIFIER_GAPS = (", ", " (", ",")


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    entries: list[Entry]
    qualifier: Mention | None = None  # "Texas" for "Paris" in "Paris, Texas"
    winner: Entry | None = None
    source: str = "unresolved"


@dataclass(slots=True)
class Context:
    """What the document says about where it is, counted per mention key (a key never supports itself)."""

    countries: dict[str, Counter] = field(default_factory=dict)  # ISO alpha-2 -> keys naming it
    regions: dict[str, Counter] = field(default_factory=dict)  # "US.TX" -> keys inside it
    region_countries: dict[str, Counter] = field(default_factory=dict)  # countries whose regions are named
    fixed_countries: set[str] = field(default_factory=set)  # actors' countries

    def add(self, key: str, entry: Entry) -> None:
        if entry.country:
            self.countries.setdefault(entry.country, Counter())[key] += 1
        if entry.admin1 and entry.feature != "country":
            self.regions.setdefault(entry.admin1, Counter())[key] += 1
        if entry.feature == "region":
            self.region_countries.setdefault(entry.country, Counter())[key] += 1

    @staticmethod
    def _has(table: dict[str, Counter], code: str | None, key: str) -> bool:
        keys = table.get(code)
        return bool(keys) and any(k != key for k in keys)

    def country(self, code: str | None, key: str) -> bool:
        return code in self.fixed_countries or self._has(self.countries, code, key)

    def region(self, code: str | None, key: str) -> bool:
        return self._has(self.regions, code, key)

    def sibling(self, code: str | None, key: str) -> bool:
        return self._has(self.region_countries, code, key)


class PlaceResolver:
    """Build once per process (``index``: the opened gazetteer); call once per document."""

    def __init__(self, index: GeoIndex):
        self.index = index
        self.weights = {rule["id"]: float(rule["weight"]) for rule in lexicon.load("geo_rules")}
        countries = lexicon.load("countries")
        names = {fold(name) for entry in countries for name in entry["names"]}
        # "Chinese president": a demonym describes an actor, it is not a place
        self.demonyms = {fold(d) for entry in countries for d in entry.get("demonyms", ())} - names
        self.alpha2 = {iso3: iso2 for iso2, iso3 in index.alpha3.items()}

    def __call__(
        self, doc: Doc, text: str, dateline: Location | None = None, actor_countries: set[str] = frozenset()
    ) -> list[Place]:
        mentions = self._mentions(doc, text, dateline)
        context = Context(fixed_countries={self.alpha2[c] for c in actor_countries if c in self.alpha2})
        for _ in range(2):
            for mention in mentions:
                self._resolve(mention, context)
            context = Context(fixed_countries=context.fixed_countries)
            for mention in mentions:
                if mention.winner is not None:
                    context.add(fold(mention.text), mention.winner)
        for mention in mentions:
            self._resolve(mention, context)
        return [self._place(m) for m in mentions]

    def _mentions(self, doc: Doc, text: str, dateline: Location | None) -> list[Mention]:
        found: dict[tuple[int, int], Mention] = {}
        lookups: dict[str, list[Entry]] = {}

        def add(start: int, end: int, known_only: bool) -> Mention | None:
            name = text[start:end]
            if name.lower().startswith("the "):
                start, name = start + 4, name[4:]
            if possessive := _POSSESSIVE.search(name):
                end, name = end - len(possessive.group()), name[: possessive.start()]
            key = fold(name)
            if not key or not name[:1].isupper() or key in self.demonyms or (start, end) in found:
                return found.get((start, end))
            if key not in lookups:
                lookups[key] = self.index.lookup(name)
            entries = lookups[key]
            if known_only and not any(not e.alternate for e in entries):
                return None
            found[(start, end)] = mention = Mention(name, start, end, entries)
            return mention

        if dateline is not None:
            add(dateline.start, dateline.end, False)
        for ent in doc.ents:
            if ent.label_ not in PLACE_LABELS and ent.label_ not in KNOWN_ONLY_LABELS:
                continue
            parts = []
            for part in _PART.finditer(text, ent.start_char, ent.end_char):
                start = part.start() + len(part.group()) - len(part.group().lstrip())
                end = part.end() - len(part.group()) + len(part.group().rstrip())
                if end > start:
                    parts.append(add(start, end, ent.label_ in KNOWN_ONLY_LABELS))
            for first, second in itertools.pairwise(parts):
                if first is not None and second is not None:
                    first.qualifier = second
        mentions = sorted(found.values(), key=lambda m: m.start)
        for first, second in itertools.pairwise(mentions):
            if first.qualifier is None and text[first.end : second.start] in QUALIFIER_GAPS:
                first.qualifier = second
        return mentions

    def _resolve(self, mention: Mention, context: Context) -> None:
        if not mention.entries:
            return
        key = fold(mention.text)
        scored = [self._score(entry, mention, key, context) for entry in mention.entries]
        best = max(range(len(scored)), key=lambda i: scored[i][0])
        mention.winner = mention.entries[best]
        mention.source = "only_entry" if len(scored) == 1 else scored[best][1]

    def _score(self, entry: Entry, mention: Mention, key: str, context: Context) -> tuple[float, str]:
        w = self.weights
        fired: list[str] = []
        if mention.qualifier is not None and _holds(mention.qualifier, entry):
            fired.append("qualifier")
        if entry.feature == "country":
            if context.country(entry.country, key):
                fired.append("context_country")
            if any(context.country(n, key) for n in self.index.neighbours.get(entry.country, ())):
                fired.append("neighbour")
        elif entry.feature != "continent":
            if context.region(entry.admin1, key):
                fired.append("context_region")
            if context.country(entry.country, key):
                fired.append("context_country" if entry.feature == "city" else "context_country_region")
            if entry.feature == "region" and context.sibling(entry.country, key):
                fired.append("sibling_region")
        score = sum(w[rule] for rule in fired)
        score += w.get(f"feature_{'country' if entry.feature == 'continent' else entry.feature}", 0.0)
        if entry.capital:
            score += w["capital"]
        if entry.alternate and entry.feature not in ("country", "continent"):
            score += w["alternate_name"]
        score += w["population"] * math.log10(entry.population + 1)
        return score, (fired[0] if fired else "population")

    def _place(self, mention: Mention) -> Place:
        e = mention.winner
        if e is None:
            return Place(
                mention.text, mention.start, mention.end, None, None, None, None, None, None, "unresolved"
            )
        country = self.index.alpha3.get(e.country) if e.country else None
        return Place(
            mention.text, mention.start, mention.end, e.name, e.geonames_id,
            round(e.lat, 5), round(e.lon, 5), country, e.feature, mention.source,
        )  # fmt: skip


def _holds(qualifier: Mention, entry: Entry) -> bool:
    """Is ``entry`` inside one of the regions or countries the qualifier can mean?"""
    for outer in qualifier.entries:
        if outer.feature == "country" and outer.country == entry.country:
            return True
        if outer.feature == "region" and outer.admin1 == entry.admin1 and entry.feature != "region":
            return True
    return False
