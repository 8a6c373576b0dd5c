"""Every place mention of a document, resolved to a gazetteer entry by the document's own context.

Mentions: spaCy's GPE and LOC entities (FAC ones only when the gazetteer knows them), split at
commas ("Paris, Texas" is two mentions), and the dateline's city. The small model tags many towns
as ORG or PERSON, or not at all; such a name is taken when the gazetteer knows it *and* the text
says it is a place: a locative word before it ("in Giza"), a place noun after it ("Punjab
province"), or a place beside it in a list or after a comma ("Kisumu, Migori and Homa Bay").

Resolution: a mention's candidates are all the entries its name can mean; each scores the rules of
``lexicons/geo_rules.jsonl`` it meets. The context rules read what the *other* mentions resolved to
(their countries and regions), the dateline, and the countries of the events' actors; population
is the last resort. It runs twice: first against what each mention means on its own, then against
the first pass's answers, so "Paris" follows "Texas" wherever in the article Texas is named.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..events import lexicon
from ..events.model import Location, Place
from .index import Entry, GeoIndex, fold

PLACE_LABELS = ("GPE", "LOC")
KNOWN_ONLY_LABELS = ("FAC",)  # buildings and sites: listed only when the gazetteer knows the name
OTHER_LABELS = (
    "ORG",
    "PERSON",
    "NORP",
    "PRODUCT",
    "FAC",
    "WORK_OF_ART",
    "EVENT",
    "LAW",
)  # a place tagged wrong
_PART = re.compile(r"[^,]+")
_POSSESSIVE = re.compile(r"[’']s?$")
_POSSESSIVE_AFTER = re.compile(r"[’']s\b")
_WORD = re.compile(r"[^\s-]+")
QUALIFIER_GAPS = (", ", " (", ",")
JOINING_GAPS = (" of ", " of the ", " and ", "-")
MAX_NAME_CHARS = 200  # longer than any place name
LIST_GAPS = (", ", " and ", ", and ", " or ", "; ")
MAX_REGION_NAMES = 3  # the names inside a region the document gives add evidence up to three
MAX_SIBLINGS = 3  # each other region of the same country named adds evidence, up to three
MAX_SHARED = 2  # other names that can mean a town of the same region add evidence up to two
ABBREVIATION_LENGTH = 4  # "US", "UK", "NSW": all capitals this short mean a country or a region, not a town
RANK = {"city": 0, "district": 1, "region": 2, "country": 3, "macroregion": 4, "continent": 4}
WIDE = ("continent", "macroregion")  # areas of several countries: no country, no context rule
SMALL_TOWN = 10_000  # people: a common word is a town's name only where the text says so
STRONG_SOURCES = ("qualifier", "place_noun", "context_region")  # the text itself says which place
PERSON_SOURCES = ("qualifier", "place_noun")  # a person's name: a town of the region named is not enough
CONTEXT_MARGIN = 0.5  # a reading that won by less (a power of ten of population) is too weak to lean on
# what may continue a name the tagger cut short: "Guinea" -Bissau, "Rio Grande" do Sul, "Mission" Viejo
_CONTINUATION = re.compile(r"(?:-| (?:d[aeiou]|dos|das|del|la|le|upon|on) | )[A-Z][\w'’]*")
_NOUN_OF = re.compile(r"\b([a-z]+) of (?:the )?$")
_NEXT_NAME = re.compile(r"(?:, | \()([A-Z][\w.]*(?: [A-Z][\w.]*)*)")  # "Lyme, Connecticut"
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’.-])(?:[A-Z][\w'’.-]*\s){0,2}[A-Z][\w'’.-]*(?=$)")


@dataclass(slots=True)
class Mention:
    text: str
    start: int
    end: int
    entries: list[Entry]
    kind_noun: str | None = None  # "region" or "town" when a place noun follows ("Punjab province")
    qualifier: Mention | None = None  # "Texas" for "Paris" in "Paris, Texas"
    listed: bool = False  # a name before it ends with a list's comma or "and": "Zaire, Bundibugyo"
    follower: Mention | None = None  # the name after it on a list: "Kisumu" after "Siaya" in "Siaya, Kisumu"
    leader: Mention | None = None  # the name before it on a list
    partial: bool = False  # found under part of its name ("North Dallas" as Dallas)
    label: str = "GPE"  # the entity tagger's label
    abbreviates: Mention | None = None  # "Springfield" for "Ill." in "Springfield, Ill."
    dateline: bool = False
    winner: Entry | None = None
    margin: float = 0.0  # by how much the winner beat the next reading
    source: str = "unresolved"


@dataclass(slots=True)
class Context:
    """What the document says about where it is, counted per mention key (a key never supports itself)."""

    countries: dict[str, Counter] = field(default_factory=dict)  # ISO alpha-2 -> keys naming it
    regions: dict[str, Counter] = field(default_factory=dict)  # "US.TX" -> keys inside it
    region_countries: dict[str, Counter] = field(default_factory=dict)  # countries whose regions are named
    fixed_countries: set[str] = field(default_factory=set)  # actors' countries
    qualified: dict[str, int] = field(default_factory=dict)  # key -> the place a qualifier made it once
    towns: dict[str, set[str]] = field(default_factory=dict)  # "US.IL" -> keys that can mean a town there
    scores: dict[tuple, tuple[float, list[str]]] = field(default_factory=dict)  # see _score

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

    def region_names(self, code: str | None, key: str) -> int:
        """How many other names the document places inside the region: "Lebanon" beside Hanover and
        New Hampshire."""
        return sum(1 for k in self.regions.get(code, ()) if k != key)

    def shared(self, code: str | None, key: str) -> int:
        """How many other names can mean a town of the region: Springfield, Decatur and Peoria are all
        in Illinois."""
        return len(self.towns.get(code, set()) - {key})

    def siblings(self, code: str | None, key: str) -> int:
        return sum(1 for k in self.region_countries.get(code, ()) if k != key)


class PlaceResolver:
    """Build once per process (``index``: the opened gazetteer); call once per document."""

    def __init__(self, index: GeoIndex, words: frozenset[str] = frozenset()):
        """``words``: common English words (``dictionary_words``); without them every small town is kept."""
        self.index, self.words = index, words
        self.weights = {rule["id"]: float(rule["weight"]) for rule in lexicon.load("geo_rules")}
        words = {entry["id"]: frozenset(entry["words"]) for entry in lexicon.load("geo_words")}
        self.locative, self.locative_person = words["locative"], words["locative_person"]
        self.nouns = {
            **dict.fromkeys(words["region_nouns"], "region"),
            **dict.fromkeys(words["town_nouns"], "town"),
        }
        self.prefixes, self.suffixes = words["partial_prefixes"], words["partial_suffixes"]
        self.feature_words, self.not_after = words["feature_words"], words["not_after"]
        self.state_bodies = words["state_bodies"]
        not_places = lexicon.load("geo_not_places")
        self.not_places = {fold(name) for entry in not_places for name in entry.get("names", ())}
        self.not_place_patterns = [re.compile(e["pattern"]) for e in not_places if "pattern" in e]
        self.generic = self.feature_words | self.prefixes | self.suffixes | set(self.nouns)
        countries = lexicon.load("countries")
        names = {fold(name) for entry in countries for name in entry["names"]}
        # "Chinese president": a demonym describes an actor, it is not a place
        self.demonyms = {fold(d) for entry in countries for d in entry.get("demonyms", ())} - names
        self.alpha2 = {iso3: iso2 for iso2, iso3 in index.alpha3.items()}
        self.abbreviations, self.abbreviated = _abbreviations(index)
        self.county_nouns = frozenset(words["county_nouns"])
        self.short_forms = {fold(row["short"]): row["long"] for row in lexicon.load("geo_short_forms")}

    def __call__(
        self, doc: Doc, text: str, dateline: Location | None = None, actor_countries: set[str] = frozenset()
    ) -> list[Place]:
        mentions = _Mentions(self, doc, text).collect(dateline)
        context = Context(fixed_countries={self.alpha2[c] for c in actor_countries if c in self.alpha2})
        for mention in mentions:
            for entry in mention.entries:
                if entry.feature == "city" and entry.admin1:
                    context.towns.setdefault(entry.admin1, set()).add(fold(mention.text))
        for _ in range(2):
            for mention in mentions:
                self._resolve(mention, context)
            context = Context(fixed_countries=context.fixed_countries, towns=context.towns)
            for mention in mentions:  # a name read as another name of a place, or narrowly, is too weak
                if (
                    mention.winner is not None
                    and not mention.winner.alternate
                    and mention.margin >= CONTEXT_MARGIN
                ):
                    context.add(fold(mention.text), mention.winner)
                    if mention.source == "qualifier":  # "Paris, Texas" ... "Paris": the same Paris
                        context.qualified[fold(mention.text)] = mention.winner.geonames_id
        for mention in mentions:
            self._resolve(mention, context)
        surnames = _surnames(doc)
        return [
            self._place(m)
            for m in mentions
            if not (self._a_word(m) or (surnames and _a_person(m, surnames, text)))
        ]

    def _a_word(self, mention: Mention) -> bool:
        """An English word or title ("members of Congress", "the Pope's visit") read as a small town
        where nothing in the text says it is a place: every reading is a town of fewer than SMALL_TOWN
        people (a county called after it aside), and no qualifier, place noun, region of the document or dateline chose
        it. A LOC stays ("the Pacific"): the tagger says it is a place, the gazetteer only lacks it."""
        if mention.winner is None or mention.label == "LOC" or not self.words or _placed_by_text(mention):
            return False
        readings = [
            e for e in mention.entries if not (e.alternate and e.feature == "district")
        ]  # Pope County
        if not readings or any(e.feature != "city" or e.population >= SMALL_TOWN for e in readings):
            return False  # "Burma", "Mecca", "Bombay": other names of large places
        return mention.text.lower() in self.words

    def lookup(self, name: str, dateline: bool = False) -> tuple[list[Entry], bool, int]:
        """The entries ``name`` can mean; whether they were found under part of it only; and how many
        leading characters the place leaves out ("SOS Children's Villages Sudan" is Sudan, from 24)."""
        entries = self._filter(name, self.index.lookup(name), dateline)
        if entries:
            return entries, False, 0
        words = name.split()
        if len(words) > 1 and words[-1].lower() in self.suffixes:
            entries = self._filter(name, self.index.lookup(" ".join(words[:-1])), dateline)
            if words[-1].lower() in self.county_nouns:  # "Alpine County" is neither a town nor a shire
                entries = []  # of Alpine: the gazetteer lacks it (its counties go by their whole name)
        if not entries and (expanded := self._expanded(words)):  # "FT. WORTH", "Mt. Juliet"
            found = self.lookup(expanded, dateline)
            if found[0]:
                return found
        if (
            not entries
            and len(words) > 1
            and words[0].lower() in self.prefixes
            and not self._generic(words[1:])
        ):
            entries = self._filter(name, self.index.lookup(" ".join(words[1:])), dateline)
        if entries:
            return entries, True, 0
        for word in list(_WORD.finditer(name))[1:]:  # the last words, when they are a well-known place
            tail = name[word.start() :]
            if not tail[:1].isupper() or self._generic(tail.split()):
                continue  # "Salinas Valley" is not The Valley, Anguilla
            entries = [e for e in self._filter(tail, self.index.lookup(tail), dateline) if _well_known(e)]
            if entries:
                return entries, True, word.start()
        return [], False, 0

    def not_a_place(self, name: str) -> bool:
        """A name that on its own means something else: a disease named after a place ("Ebola", "Zika")."""
        return fold(name) in self.not_places or any(p.fullmatch(name) for p in self.not_place_patterns)

    def _expanded(self, words: list[str]) -> str | None:
        """The name with its first word written out, when that word is a short form ("Ft." -> "Fort")."""
        long = self.short_forms.get(fold(words[0])) if len(words) > 1 else None
        return f"{long} {' '.join(words[1:])}" if long else None

    def _generic(self, words: list[str]) -> bool:
        """A single word that names a kind of place, not a place: "Valley", "Bay", "Central"."""
        return len(words) == 1 and fold(words[0]) in self.generic

    @staticmethod
    def _filter(name: str, entries: list[Entry], dateline: bool) -> list[Entry]:
        letters = len(name.replace(".", ""))
        if name.isupper() and letters <= ABBREVIATION_LENGTH and not dateline:
            # "UK" and "US" are countries, "NSW" a region; "UN" or "TV" is none of the towns so called
            kept = ("country",) if letters <= 2 else ("country", "region")
            entries = [e for e in entries if e.feature in kept]
        # "England" is the region's own name before it is another name of the United Kingdom
        if any(not e.alternate and e.feature in ("region", "country") for e in entries):
            entries = [e for e in entries if not (e.alternate and e.feature == "country")]
        # "Pittsburgh" is Pittsburgh's own name before it is a spelling of the smaller Pittsburg
        own = max((e.population for e in entries if not e.alternate), default=-1)
        return [e for e in entries if not (e.alternate and e.feature == "city" and e.population <= own)]

    def _resolve(self, mention: Mention, context: Context) -> None:
        if not mention.entries:
            return
        if _contradicted(mention):  # "Stroud, Ontario": none of the Strouds we know is in Ontario
            mention.winner, mention.source = None, "unresolved"
            return
        key = fold(mention.text)
        scored = [self._score(entry, mention, key, context) for entry in mention.entries]
        best = max(range(len(scored)), key=lambda i: scored[i][0])
        mention.winner = mention.entries[best]
        others = [score for i, (score, _) in enumerate(scored) if i != best]
        mention.margin = scored[best][0] - max(others) if others else math.inf
        source = "only_entry" if len(scored) == 1 else scored[best][1]
        mention.source = f"partial:{source}" if mention.partial else source

    def _score(self, entry: Entry, mention: Mention, key: str, context: Context) -> tuple[float, str]:
        w = self.weights
        own: list[str] = []  # what this mention's own surroundings say, first in the source's order
        if _qualified(mention) and _holds(mention.qualifier, entry):
            own.append("qualifier")
        elif context.qualified.get(key) == entry.geonames_id:
            own.append("qualified_before")
        town = mention.abbreviates and mention.abbreviates.winner
        if town and entry.admin1 == town.admin1:
            own.append("abbreviation")
        if mention.kind_noun and _kind(entry) == mention.kind_noun:
            own.append("place_noun")
        listed = ["list_kind"] if _same_kind_as_list_neighbour(entry, mention) else []
        cached = (key, id(entry), id(mention.entries))
        if cached not in context.scores:  # a name repeated in a document scores its readings once
            context.scores[cached] = self._document_score(entry, key, context, _outnumbered(entry, mention))
        score, document_fired = context.scores[cached]
        fired = own + document_fired + listed
        return score + sum(w[rule] for rule in own + listed), (fired[0] if fired else "population")

    def _document_score(
        self, entry: Entry, key: str, context: Context, outnumbered: bool
    ) -> tuple[float, list[str]]:
        """What the rest of the document and the entry itself say for the reading ``key`` -> ``entry``,
        the same wherever the name stands: its context rules (in firing order) and their score."""
        w = self.weights
        fired: list[str] = []
        shared = 0
        if entry.feature == "country":
            if context.country(entry.country, key):
                fired.append("context_country")
            if any(context.country(n, key) for n in self.index.neighbours.get(entry.country, ())):
                fired.append("neighbour")
        elif entry.feature not in WIDE:
            if context.region(entry.admin1, key):
                fired.append("context_region")
                more = min(context.region_names(entry.admin1, key), MAX_REGION_NAMES) - 1
            elif context.country(entry.country, key):
                fired.append("context_country" if entry.feature == "city" else "context_country_region")
            siblings = (
                min(context.siblings(entry.country, key), MAX_SIBLINGS) if entry.feature == "region" else 0
            )
            if siblings:
                fired.append("sibling_region")
            shared = min(context.shared(entry.admin1, key), MAX_SHARED) if entry.feature == "city" else 0
            if shared:
                fired.append("shared_region")
        score = sum(w[rule] for rule in fired)
        if shared:
            score += w["shared_region"] * (shared - 1)  # one weight per other name, up to two
        if "context_region" in fired:
            score += w["more_region_names"] * more  # each further name inside the region, up to two
        if "sibling_region" in fired:
            score += w["sibling_region"] * (siblings - 1)  # one weight per region named, up to three
        if not outnumbered:
            score += w.get(f"feature_{'country' if entry.feature in WIDE else entry.feature}", 0.0)
        if entry.capital:
            score += w["capital"]
        if entry.alternate and entry.feature not in ("country", *WIDE):
            score += w["alternate_name"]
        score += w["population"] * math.log10(entry.population + 1)
        return score, fired

    def _place(self, mention: Mention) -> Place:
        e = mention.winner
        if e is None:
            return Place(
                mention.text, mention.start, mention.end, None, None, None, None, None, None, "unresolved"
            )
        country = self.index.alpha3.get(e.country) if e.country else None
        gid = e.geonames_id if e.geonames_id > 0 else None  # a macro-region has no GeoNames id
        return Place(
            mention.text, mention.start, mention.end, e.name, gid,
            round(e.lat, 5), round(e.lon, 5), country, e.feature, mention.source,
        )  # fmt: skip


class _Mentions:
    """The place mentions of one document."""

    def __init__(self, resolver: PlaceResolver, doc: Doc, text: str):
        self.resolver, self.doc, self.text = resolver, doc, text
        self.found: dict[tuple[int, int], Mention] = {}
        self.starts: dict[int, Mention] = {}  # by offset, so a neighbour is found without a scan
        self.ends: dict[int, Mention] = {}
        self.lookups: dict[tuple[str, bool], tuple[list[Entry], bool, int]] = {}
        self.regions: set[str] = set()  # the first-order regions the document names ("IN.13" for Kerala)
        self.paired: set[int] = set()  # where two towns of such a region joined by "and" start

    def lookup(self, name: str, dateline: bool = False) -> tuple[list[Entry], bool, int]:
        """``PlaceResolver.lookup``, once per document for each name as written (its case decides
        whether it is an abbreviation) and dateline or not (a dateline is never one)."""
        key = (name, dateline)
        if key not in self.lookups:
            self.lookups[key] = self.resolver.lookup(name, dateline)
        return self.lookups[key]

    def collect(self, dateline: Location | None) -> list[Mention]:
        if dateline is not None:
            self.add(dateline.start, dateline.end, dateline=True)
        taken = set()
        for ent in self.doc.ents:
            if ent.label_ in PLACE_LABELS or ent.label_ in KNOWN_ONLY_LABELS:
                known_only = ent.label_ in KNOWN_ONLY_LABELS
                parts = [
                    self.add(s, e, known_only, label=ent.label_, whole=known_only)
                    for s, e in self._parts(ent)
                ]
                for first, second in itertools.pairwise(parts):
                    if first is not None and second is not None:
                        first.qualifier = second
                taken.update(range(ent.start, ent.end))
        self._state_abbreviations()
        self._mistagged(taken)
        mentions = self._joined(sorted(self.found.values(), key=lambda m: m.start))
        mentions = self._places_only(mentions)
        for first, second in itertools.pairwise(mentions):
            gap = self.text[first.end : second.start]
            if first.qualifier is None and gap in QUALIFIER_GAPS:
                first.qualifier = second
            if gap.removesuffix("the ") in LIST_GAPS:  # "China, Japan, and the United Kingdom"
                first.follower, second.listed = second, True
                second.leader = first
        return mentions

    def _state_abbreviations(self) -> None:
        """A state after a town ("SPRINGFIELD, Ill. —", "Austin, TX", "Kingston, Ont."): the abbreviation
        is the state's mention and the town's qualifier. A town the tagger missed is taken when the
        gazetteer has it in that state."""
        abbreviations = self.resolver.abbreviations
        spans = sorted(self.found)  # the tagger's spans by offset: a long list is not scanned per match
        for match in self.resolver.abbreviated.finditer(self.text):
            start, end = match.span(1)
            regions = abbreviations[match.group(1)]
            town = self.ends.get(match.start()) or self._town_before(match.start(), regions)
            if town is None:
                continue
            for span in _overlapping(spans, start, end):  # the tagger's "Ill", "MD"
                if span in self.found:
                    self._drop(span)
            state = Mention(match.group(1), start, end, list(regions), abbreviates=town)
            self.found[(start, end)] = self.starts[start] = self.ends[end] = state
            town.qualifier = state

    def _town_before(self, end: int, regions: list[Entry]) -> Mention | None:
        codes = {e.admin1 for e in regions}
        run = _CAPITALISED_BEFORE.search(self.text, max(0, end - 60), end)
        if run is None:
            return None
        starts = [run.start()] + [run.start() + space.end() for space in re.finditer(r"\s+", run.group())]
        for start in starts:  # the longest name first: "Glen Ellyn", then "Ellyn"
            if (start, end) in self.found:
                return self.found[(start, end)]
            mention = self.add(start, end, evidence=lambda entries: any(e.admin1 in codes for e in entries))
            if mention is not None:
                return mention
        return None

    def _drop(self, span: tuple[int, int]) -> None:
        mention = self.found.pop(span)
        for table, offset in ((self.starts, mention.start), (self.ends, mention.end)):
            if table.get(offset) is mention:
                del table[offset]
        before = (
            mention.start
        )  # a qualifier is the next part of its entity, after a comma: "Springfield, Ill"
        while before > 0 and self.text[before - 1] in ", \t\r\n":
            before -= 1
        other = self.ends.get(before)
        if other is not None and other.qualifier is mention:
            other.qualifier = None

    def _places_only(self, mentions: list[Mention]) -> list[Mention]:
        """Not a disease ("West Nile virus"); and a name the gazetteer does not know only where the text
        says it is a place, so that a person or a firm the tagger called GPE is not listed. A list of
        places vouches for its members: "Kampungu, Makonono, Kaluamba and Mombo"."""
        mentions = [m for m in mentions if not self._disease(m)]
        kept = [self._is_place(m) for m in mentions]
        changed = True
        while changed:  # along the list both ways: only neighbours in the text can be list neighbours
            changed = False
            for order in (range(1, len(mentions)), range(len(mentions) - 2, -1, -1)):
                for i in order:
                    j = i - 1 if order.step == 1 else i + 1
                    if not kept[i] and kept[j] and self._listed(mentions[i], mentions[j]):
                        kept[i] = changed = True
        return [m for m, keep in zip(mentions, kept, strict=True) if keep]

    def _disease(self, mention: Mention) -> bool:
        after = self.text[mention.end : mention.end + 25].split(maxsplit=1)
        last = mention.text.rsplit(maxsplit=1)[-1].lower()  # "West Nile Virus" tagged whole
        if last in self.resolver.not_after or (
            after and after[0].lower().strip(".,;:)") in self.resolver.not_after
        ):
            return True
        return self.resolver.not_a_place(mention.text) and not self._said_to_be_place(mention)

    def _said_to_be_place(self, mention: Mention) -> bool:
        """A place noun after it, its region or country after it ("Lyme, Connecticut"), or "in", "near"
        before it."""
        if mention.kind_noun:
            return True
        if after := _NEXT_NAME.match(self.text, mention.end):
            outer = after.group(1)
            if not self.resolver.not_a_place(outer) and any(
                e.feature in ("region", "country") for e in self.lookup(outer)[0]
            ):
                return True
        before = self.text[max(0, mention.start - 30) : mention.start].split()
        return bool(before) and before[-1].lower() in self.resolver.locative_person

    def _is_place(self, mention: Mention) -> bool:
        if mention.entries or mention.label == "LOC" or mention.dateline or mention.kind_noun:
            return True
        if self.resolver.feature_words & {w.lower() for w in mention.text.split()}:
            return True
        before = [w.lower() for w in self.text[max(0, mention.start - 30) : mention.start].split()]
        if before and before[-1] == "the":
            before.pop()
        if before and before[-1] == "of":  # "shares of Cineplex"; but "outside of", "the island of"
            before.pop()
            if before and before[-1] in self.resolver.feature_words:
                return True
        return bool(before) and before[-1] in self.resolver.locative

    def _listed(self, one: Mention, other: Mention) -> bool:
        return self.text[one.end : other.start] in LIST_GAPS or self.text[other.end : one.start] in LIST_GAPS

    def _joined(self, mentions: list[Mention]) -> list[Mention]:
        """A name the tagger cut in two: "Democratic Republic" + "of the" + "Congo"."""
        out: list[Mention] = []
        for mention in mentions:
            last = out[-1] if out else None
            if last is not None and not last.entries and self.text[last.end : mention.start] in JOINING_GAPS:
                name = self.text[last.start : mention.end]
                if entries := self._entries(name):
                    out[-1] = Mention(
                        name, last.start, mention.end, entries, self._kind_noun(last.start, mention.end)
                    )
                    continue
            out.append(mention)
        return out

    def add(
        self, start: int, end: int, known_only=False, dateline=False, evidence=None, label="GPE", whole=False
    ) -> Mention | None:
        """``evidence``: which entries are enough for a name the tagger did not call a place; ``whole``:
        only under its whole name, not part of it (but a place after a comma inside it)."""
        end = self._continued(start, end, dateline)
        name = self.text[start:end]
        if name.lower().startswith("the "):
            start, name = start + 4, name[4:]
        if possessive := _POSSESSIVE.search(name):
            end, name = end - len(possessive.group()), name[: possessive.start()]
        key = fold(name)
        if not key or not name[:1].isupper() or key in self.resolver.demonyms:
            return None
        if (start, end) in self.found:
            return self.found[(start, end)]
        entries, partial, skip = self.lookup(name, dateline)
        if whole and partial and not (skip and self.text[start + skip - 2 : start + skip] == ", "):
            return None  # only a place glued on after a comma: "Pandi, Bulacan"
        start, name = start + skip, name[skip:]
        if known_only and not any(not e.alternate for e in entries):
            return None
        if evidence is not None and not (entries and evidence(entries)):
            return None
        mention = Mention(
            name, start, end, entries, self._kind_noun(start, end), partial=partial, label=label
        )
        mention.dateline = dateline
        self.found[(start, end)] = self.starts[start] = self.ends[end] = mention
        return mention

    def _continued(self, start: int, end: int, dateline: bool) -> int:
        """The end of the longest name the gazetteer knows whole that starts here (one word more at most)."""
        more = _CONTINUATION.match(self.text, end)
        if more is None:
            return end
        return more.end() if self._entries(self.text[start : more.end()], dateline) else end

    def _parts(self, ent: Span):
        for part in _PART.finditer(self.text, ent.start_char, ent.end_char):
            start = part.start() + len(part.group()) - len(part.group().lstrip())
            end = part.end() - len(part.group()) + len(part.group().rstrip())
            if end > start:
                yield start, end

    def _mistagged(self, taken: set[int]) -> None:
        """Names the tagger called something else, or nothing, taken where the text says they are places."""
        spans = [ent for ent in self.doc.ents if ent.label_ in OTHER_LABELS]
        spans += [s for s in _proper_runs(self.doc) if not taken & set(range(s.start, s.end))]
        self.regions = {e.admin1 for m in self.found.values() if _regional(m) for e in m.entries}
        spans = [part for span in spans for part in self._split(span)]
        covered = bytearray(len(self.text))
        for m in self.found.values():
            covered[m.start : m.end] = b"\x01" * (m.end - m.start)
        spans = [s for s in spans if 1 not in covered[s.start_char : s.end_char]]
        pending = spans
        for _ in range(3):  # a list of places is taken one neighbour at a time
            left = []
            for span in pending:
                whole = span.label_ == "ORG"  # "the University of California" is no place, nor California
                if (
                    self._evidence(span) is None
                    or self.add(span.start_char, span.end_char, evidence=self._trusted(span), whole=whole)
                    is None
                ):
                    left.append(span)
            if len(left) == len(pending):
                break
            pending = left
        for span in pending:  # "the U.S. Centers for Disease Control", "SOS Children's Villages Sudan"
            if span.label_ == "ORG":
                self._edge_place(span)

    def _edge_place(self, org: Span) -> None:
        """A country named at the start or the end of the name of one of its state's bodies ("the U.S.
        Centers for Disease Control", "the Ministry of Health of Uganda"); regions and towns are too often
        common words there ("Centre for ...", "South ..."); or right after a name, where it says which
        country's branch it is ("Taco Bell Canada"). Elsewhere the country is only part of the name ("China
        Daily", "Voice of America", "Kenya Red Cross"); a name that is the country's own is the country."""
        if org[0].lower_ == "the":
            org = org[1:]
        if self.add(org.start_char, org.end_char, evidence=_country, whole=True):
            return  # the name is the country's own ("Angola's worst outbreak")
        state_body = any(token.lower_ in self.resolver.state_bodies for token in org)
        for size in range(min(3, len(org) - 1), 0, -1):
            for part in (org[:size], org[-size:]):
                capitalised = all(t.text[:1].isupper() for t in part)
                # at the end, right after the name, it says where a branch is ("Taco Bell Canada")
                branch = part.start > org.start and org.doc[part.start - 1].lower_ != "of"
                if not (state_body or branch):
                    continue
                if capitalised and self.add(part.start_char, part.end_char, evidence=_country, whole=True):
                    return

    def _evidence(self, span: Span) -> str | None:
        doc, r = self.doc, self.resolver
        before = span.start - 1
        if before >= 0 and doc[before].lower_ == "the":
            before -= 1
        cues = {"PERSON": r.locative_person, "NORP": ()}.get(span.label_, r.locative)  # "in Muslim areas"
        if before >= 0 and doc[before].lower_ in cues:
            return "locative"
        if span.end < len(doc) and doc[span.end].lower_ in r.nouns:
            return "noun"
        if self._listed_with_place(span):
            return "list"
        if span.start_char in self.paired:
            return "region"
        return None

    def _split(self, span: Span) -> list[Span]:
        """ "Kochi and Thrissur", which the tagger took for one organisation, is two names (unless the
        gazetteer knows it whole: "Trinidad and Tobago")."""
        left, sep, right = span.text.partition(" and ")
        if not sep or not left[:1].isupper() or not right[:1].isupper() or self._entries(span.text):
            return [span]
        parts = (
            self.doc.char_span(span.start_char, span.start_char + len(left), label=span.label_),
            self.doc.char_span(span.end_char - len(right), span.end_char, label=span.label_),
        )
        if None in parts:
            return [span]
        if all(self._town_of_named_region(part) for part in parts):  # "Kochi and Thrissur" in Kerala
            self.paired.update(part.start_char for part in parts)
        return list(parts)

    def _town_of_named_region(self, span: Span) -> bool:
        """A town of a region the document names ("Kochi" in a story on Kerala), by its own name."""
        return any(
            e.feature == "city" and not e.alternate and e.admin1 in self.regions
            for e in self._entries(span.text)
        )

    def _entries(self, name: str, dateline: bool = False) -> list[Entry]:
        """The entries of ``name`` when the gazetteer knows it whole, else none."""
        entries, partial, _ = self.lookup(name, dateline)
        return [] if partial else entries

    def _trusted(self, span: Span):
        """Which gazetteer answers the evidence is enough for: a town by its own name, others by any."""
        return lambda entries: any(e.feature != "city" or not e.alternate for e in entries)

    def _listed_with_place(self, span: Span) -> bool:
        for gap in LIST_GAPS:
            before = self.ends.get(span.start_char - len(gap))
            after = self.starts.get(span.end_char + len(gap))
            if before is not None and before.entries and self.text[before.end : span.start_char] == gap:
                return True
            if after is not None and after.entries and self.text[span.end_char : after.start] == gap:
                return True
        return False

    def _kind_noun(self, start: int, end: int) -> str | None:
        """A place noun after the name ("Punjab province") or before it ("the state of Washington")."""
        before = _NOUN_OF.search(self.text[max(0, start - 30) : start].lower())
        return self._noun_after(end) or (before and self.resolver.nouns.get(before.group(1)))

    def _noun_after(self, end: int) -> str | None:
        rest = self.text[end : end + 20].split(maxsplit=1)
        return self.resolver.nouns.get(rest[0].lower().strip(".,;:)")) if rest else None


def _proper_runs(doc: Doc) -> list[Span]:
    """Maximal runs of capitalised proper nouns outside any entity: "Bundibugyo", "Da Nang"."""
    runs, start = [], None
    for token in doc:
        inside = token.pos_ == "PROPN" and token.text[:1].isupper() and not token.ent_type_
        if inside and start is None:
            start = token.i
        elif not inside and start is not None:
            runs.append(doc[start : token.i])
            start = None
    if start is not None:
        runs.append(doc[start:])
    return runs


def dictionary_words(nlp) -> frozenset[str]:
    """The English nouns and adjectives the model's lemmatizer knows (WordNet's index, in the model):
    empty for a pipeline without one, which turns the common-word rule off."""
    try:
        lemmatizer = nlp.get_pipe("lemmatizer")
        lemmatizer = getattr(lemmatizer, "lemmatizer", lemmatizer)  # inside our cached stand-in
        table = lemmatizer.lookups.get_table("lemma_index")
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(word for pos in ("noun", "adj") if pos in table for word in table[pos])


def _surnames(doc: Doc) -> dict[str, list[tuple[int, int]]]:
    """The last names of the people the document names in full ("Alicia Machado"), with where."""
    names: dict[str, list[tuple[int, int]]] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text[:1].isupper():
            names.setdefault(fold(ent[-1].text), []).append((ent.start_char, ent.end_char))
    return names


def _a_person(mention: Mention, surnames: dict[str, list[tuple[int, int]]], text: str) -> bool:
    """A town's name the document gives a person ("Machado said"), where nothing says it is the town:
    no qualifier or place noun chose it (a region of the document is not enough: every state has its
    Clinton), it is no dateline, and no "in" or "near" comes before it (but "in Scott's hand" is the
    person's). Countries and regions are left alone ("Jordan", "Georgia")."""
    spans = surnames.get(fold(mention.text))
    if not spans or all(s <= mention.start < e for s, e in spans):
        return False  # not named for a person, or only inside that person's own name
    if (mention.winner and mention.winner.feature not in ("city", "district")) or _placed_by_text(
        mention, PERSON_SOURCES
    ):
        return False
    if _POSSESSIVE_AFTER.match(text, mention.end):
        return True  # "in Scott's hand"
    before = text[max(0, mention.start - 12) : mention.start].split()
    return not (before and before[-1].lower() in ("in", "near"))


def _placed_by_text(mention: Mention, sources: tuple[str, ...] = STRONG_SOURCES) -> bool:
    """Does the text say which place it is: a qualifier holding it, a place noun, a region the
    document names (of ``sources``), or the dateline?"""
    if mention.dateline or mention.source.removeprefix("partial:") in sources:
        return True
    return bool(mention.qualifier and mention.winner and _holds(mention.qualifier, mention.winner))


def _abbreviations(index: GeoIndex) -> tuple[dict[str, list[Entry]], re.Pattern]:
    """``lexicons/geo_abbreviations.jsonl``: each abbreviation's regions ("WA": Washington and Western
    Australia), and the pattern that finds one right after a place and its comma."""
    regions: dict[str, list[Entry]] = {}
    for row in lexicon.load("geo_abbreviations"):
        entries = [
            e for e in index.lookup(row["name"]) if e.feature == "region" and e.admin1 == row["admin1"]
        ]
        for abbreviation in row["abbreviations"]:
            regions.setdefault(abbreviation, []).extend(entries[:1])
    names = "|".join(re.escape(a) for a in sorted(regions, key=len, reverse=True))
    return regions, re.compile(rf", ?({names})(?!\w)")


def _same_kind_as_list_neighbour(entry: Entry, mention: Mention) -> bool:
    """States and countries on a list are of one kind: "Georgia and Alabama" are two states, "Georgia and
    Armenia" two countries. Only a neighbour's clear reading counts (a reading of an earlier pass), and
    not a qualifier's ("Paris, Texas" is no list)."""
    if entry.feature not in ("region", "country"):
        return False
    return any(
        other.winner is not None
        and other.margin >= CONTEXT_MARGIN
        and other.winner.feature == entry.feature
        and (entry.feature == "country" or other.winner.country == entry.country)
        for other in (mention.leader, mention.follower)
        if other is not None and mention.qualifier is not other and other.qualifier is not mention
    )


def _regional(mention: Mention) -> bool:
    """A mention that names a region, not a country or a town: "Kerala", "Ill."."""
    return bool(mention.entries) and all(e.feature == "region" for e in mention.entries)


def _outnumbered(entry: Entry, mention: Mention) -> bool:
    """A region smaller than a town of its name gets no prior over it: "Portland" is Oregon's city,
    not Jamaica's parish; "Manchester" England's city. A district goes under a town only where it is
    that town's district: "Cornwall" is England's county, not the town in Ontario."""
    if entry.feature == "district":
        return not any(e.feature == "city" and e.admin1 == entry.admin1 for e in mention.entries)
    return entry.feature == "region" and any(
        e.feature == "city" and e.population > entry.population for e in mention.entries
    )


def _overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The spans of sorted ``spans`` that overlap ``start``..``end`` (no name is longer than
    MAX_NAME_CHARS)."""
    i = bisect.bisect_left(spans, (end,))
    out = []
    while i > 0 and spans[i - 1][0] > start - MAX_NAME_CHARS:
        i -= 1
        if spans[i][1] > start:
            out.append(spans[i])
    return out


def _country(entries: list[Entry]) -> bool:
    return entries[0].feature == "country"


def _well_known(entry: Entry) -> bool:
    return not entry.alternate and (
        entry.feature in ("country", *WIDE, "region") or entry.population >= 100_000
    )


def _kind(entry: Entry) -> str:
    return "town" if entry.feature == "city" else "region"


def _qualified(mention: Mention) -> bool:
    """Does the next name say where this one is? Only when one of this name's readings is of a lower
    rank (a town, a region: "Paris, Texas", "Lebanon, Pennsylvania", "Stroud, Ontario, Canada") and
    neither name is on a list ("Mexico, China, Japan"; "Rongo, Siaya, Kisumu")."""
    outer = mention.qualifier
    if outer is not None and outer.abbreviates is mention:  # "Athens, Ga.": never a list
        return bool(mention.entries)
    if outer is None or mention.listed or not outer.entries or not mention.entries:
        return False
    after = outer.follower
    if after is not None and _rank(after) <= _rank(outer):
        return False
    return _rank(outer) > _rank(mention, lowest=True)


def _contradicted(mention: Mention) -> bool:
    """A qualifier above every reading of the name that holds none of them: the place is one the
    gazetteer lacks ("Stroud, Ontario"; not "Kenya, Uganda", two countries)."""
    return (
        _qualified(mention)
        and _rank(mention.qualifier) > _rank(mention)
        and not any(_holds(mention.qualifier, e) for e in mention.entries)
    )


def _rank(mention: Mention, lowest: bool = False) -> int:
    ranks = [RANK[e.feature] for e in mention.entries]
    return (min if lowest else max)(ranks, default=-1)


def _holds(qualifier: Mention, entry: Entry) -> bool:
    """Is ``entry`` inside one of the regions or countries the qualifier can mean?"""
    for outer in qualifier.entries:
        if outer.feature == "country" and outer.country == entry.country and entry.feature != "country":
            return True
        if outer.feature == "region" and outer.admin1 == entry.admin1 and entry.feature != "region":
            return True
        if outer.feature == "district" and outer.admin1 == entry.admin1 and entry.feature == "city":
            return True  # the index keeps no second-order code for towns: the same region will do
    return False
