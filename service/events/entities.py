"""Who is who in one document: canonical names, kinds, countries and titles for mentions.

``NameIndex`` is built once per document from its named entities. It maps a short mention ("Putin",
"Mr. Xi") to the fullest name the document gives ("Vladimir Putin"), remembers the titles and countries
the text (or the actor dictionary) gives each person, so that "the Chinese president" can be resolved to
the person the article names, and turns places used as actors ("Beijing said") into their country.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .gazetteer import Gazetteer, clean_words

KIND_BY_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group", "LOC": "place"}
CONTEXT_POS = {"PROPN", "ADJ", "NOUN", "ADP", "DET"}
# labels the small tagger gives a lone surname ("Dubois" GPE, "Wendt" PRODUCT): a person named in full before
MISREAD_LABELS = {"ORG", "GPE", "LOC", "PRODUCT", "FAC", "NORP"}


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    kind: str
    title: str | None
    country: str | None


@dataclass(slots=True)
class Person:
    words: list[str]
    country: str | None = None
    title: str | None = None
    offices: set[str] = field(default_factory=set)  # lower-case office words: president, minister ...
    gender: str | None = None
    first: int = 10**9  # where the document first names this person (character offset)
    # The words in lower case, for lookups; set once, since a person's words never change.
    lower: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.lower = _lowered(self.words)


def actor_entities(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """The document's named entities, corrected by the actor dictionary where they miss or mislabel."""
    known = gazetteer.known_spans(doc)
    covered = {t for span in known for t in range(span.start, span.end)}
    kept = [
        e for e in doc.ents if not covered & set(range(e.start, e.end)) or e.label_ == known_label(e, known)
    ]
    kept_tokens = {t for e in kept for t in range(e.start, e.end)}
    added = [k for k in known if not kept_tokens & set(range(k.start, k.end))]
    surnames = {e[-1].lower_ for e in kept + added if e.label_ == "PERSON"}
    kept = [part for e in kept for part in _split_pair(e, surnames)]
    return sorted((e for e in map(_without_verbs, kept + added) if e is not None), key=lambda e: e.start)


def _split_pair(ent: Span, surnames: set[str]) -> list[Span]:
    """'Hale and Orlov' tagged as one name is two people, when each is a person the document names."""
    cc = [t for t in ent if t.dep_ == "cc" and t.lower_ in ("and", "or")]
    if ent.label_ not in ("PERSON", "ORG") or len(cc) != 1 or cc[0].i in (ent.start, ent.end - 1):
        return [ent]
    i = cc[0].i
    parts = [Span(ent.doc, ent.start, i, label="PERSON"), Span(ent.doc, i + 1, ent.end, label="PERSON")]
    return parts if all(p[-1].lower_ in surnames for p in parts) else [ent]


def _without_verbs(ent: Span) -> Span | None:
    """A headline in title case runs a name into its verb ("Obama Says Museum ..." tagged "Obama Says"):
    a name ends before the verb."""
    end = ent.end
    while end > ent.start and ent.doc[end - 1].pos_ in ("VERB", "AUX"):
        end -= 1
    if end == ent.end:
        return ent
    return Span(ent.doc, ent.start, end, label=ent.label_) if end > ent.start else None


def known_label(ent: Span, known: list[Span]) -> str | None:
    return next((k.label_ for k in known if k.start < ent.end and ent.start < k.end), None)


class NameIndex:
    def __init__(self, doc: Doc, gazetteer: Gazetteer, ents: list[Span] | None = None):
        self.gaz = gazetteer
        self.people: list[Person] = []
        self.ents = ents if ents is not None else actor_entities(doc, gazetteer)
        self.full_names = [
            _lowered(self.gaz.split_title(clean_words(e.text))[1]) for e in self.ents if e.label_ == "PERSON"
        ]
        for ent in self.ents:
            if ent.label_ == "PERSON":
                self._add_person(ent)
        # Fullest first, so a short mention resolves to the longest name that contains it.
        self.people.sort(key=lambda p: len(p.words), reverse=True)

    def _add_person(self, ent: Span) -> None:
        title, words = self.gaz.split_title(clean_words(ent.text))
        if not words:
            return
        words = _unshouted(words)
        known = self.gaz.known_actor(" ".join(words)) or self._known_inside(words)
        if known is not None and self._other_full_name(words, known.name.split()):
            known = None  # "Stoltenberg" after "Gerhard Stoltenberg" is he, not the dictionary's Jens
        if known is not None:
            words = known.name.split()  # the canonical name, not an epithet ("Crooked Hillary Clinton")
        context_title, context_country = self._context(ent)
        title = title or context_title
        person = self._find(words)
        if person is None:
            person = Person(words)
            # A fuller name absorbs what the shorter mentions taught us ("Putin", then "Vladimir Putin").
            for shorter in [p for p in self.people if _contains(person.lower, p.lower)]:
                self.people.remove(shorter)
                person.country, person.title, person.gender = shorter.country, shorter.title, shorter.gender
                person.offices |= shorter.offices
                person.first = min(person.first, shorter.first)
            self.people.append(person)
        person.first = min(person.first, ent.start_char)
        if known is not None:
            person.gender = known.gender
            person.country = person.country or known.country
            person.offices.update((known.office or "").split())
        person.country = context_country or person.country
        if title:
            person.gender = person.gender or self.gaz.title_gender.get(title.lower().rstrip("."))
            person.title = person.title or title
            person.offices.update(title.lower().replace(".", "").split())

    def _other_full_name(self, words: list[str], known: list[str]) -> bool:
        """The document names in full someone else whom these words also fit."""
        words, known = _lowered(words), _lowered(known)
        return any(
            _contains(full, words) and len(full) > len(words) and not _contains(known, full)
            for full in self.full_names
        )

    def _known_inside(self, words: list[str]):
        for size in range(len(words) - 1, 1, -1):
            for i in range(len(words) - size + 1):
                if (known := self.gaz.known_actor(" ".join(words[i : i + size]))) is not None:
                    return known
        return None

    def _context(self, ent: Span) -> tuple[str | None, str | None]:
        """Title and country written just before a name: 'Chinese President Xi Jinping'."""
        start = ent.start
        while start > ent.sent.start and ent.doc[start - 1].pos_ in CONTEXT_POS and ent.start - start < 6:
            start -= 1
        words = [t.text for t in ent.doc[start : ent.start] if t.pos_ != "DET"]
        country = next((c for w in words if (c := self.gaz.country_code(w))), None)
        for i in range(len(words)):
            rest = [w for w in words[i:] if not self.gaz.country_code(w)]
            if rest and " ".join(rest).lower().replace(".", "") in self.gaz.titles:
                return " ".join(rest), country
        return None, country

    def _find(self, words: list[str]) -> Person | None:
        # A set test first: one lookup per person keeps long texts with thousands of names linear enough.
        part = _lowered(words)
        if not part:
            return None
        return next((p for p in self.people if part[0] in p.lower and _contains(p.lower, part)), None)

    def person(self, words: list[str]) -> Person | None:
        words = _unshouted(words)
        found = self._find(words)
        if found is None and (known := self.gaz.known_actor(" ".join(words))) is not None:
            found = self._find(known.name.split())
        return found

    def entity(self, span: Span) -> Entity:
        """Canonical entity for a named-entity span (PERSON, ORG, GPE, NORP, LOC)."""
        title, words = self.gaz.split_title(clean_words(span.text))
        text = " ".join(words) or span.text
        if span.label_ == "PERSON":
            person = self.person(words)
            if person is None:
                return Entity(text, "person", title, None)
            return Entity(" ".join(person.words), "person", title or person.title, person.country)
        country = self.gaz.country(text)
        # "Dubois said", "Wang told": a surname the tagger took for an organization, a place or a product
        misread = span.label_ in MISREAD_LABELS and (country is None or span.label_ == "ORG")
        if misread and len(words) == 1 and (person := self.surname(words[0])) is not None:
            return Entity(" ".join(person.words), "person", title or person.title, person.country)
        if country is not None and country.seat:
            return Entity(text, "organization", None, country.code)
        if country is not None and span.label_ in ("GPE", "NORP", "LOC", "ORG", "FAC"):
            name = country.name if country.metonym or span.label_ == "NORP" else text
            return Entity(name, "country", None, country.code)
        known = self.gaz.known_actor(text)
        if known is not None:
            return Entity(known.name, known.kind, None, known.country)
        kind = KIND_BY_LABEL.get(span.label_, "organization")
        if span.label_ == "GPE":
            kind = "place"
        return Entity(text, kind, title, None)

    def surname(self, word: str) -> Person | None:
        """'Jobs' after 'Steve Jobs': the one person named in full whose last word this is; else whose first
        word it is, for names written family name first ("Wang" after "Wang Lin", "Park" after "Park Jin-soo")."""
        if self.gaz.known_actor(word) is not None:
            return None
        word = word.lower()
        for position in (-1, 0):
            found = [p for p in self.people if len(p.words) > 1 and p.lower[position] == word]
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def holder(self, office: str, country: str | None, before: int | None = None) -> str | None:
        """The one person of the document who holds ``office`` (of ``country``), if exactly one does; with
        ``before``, those named before that offset first ("The minister said he would report to Prime
        Minister Sakai": the minister is not Sakai, named after), else one named after it (a lead that names
        the minister later: "The trade minister said ... Minister Kenji Arakawa told")."""
        found = [
            p
            for p in self.people
            if (office in p.offices or (office == "leader" and p.offices))
            and (country is None or p.country == country)
        ]
        earlier = [p for p in found if before is not None and p.first < before]
        names = {" ".join(p.words) for p in earlier or found}
        return names.pop() if len(names) == 1 else None


def _unshouted(words: list[str]) -> list[str]:
    """'STOLTENBERG' in a headline in capitals is 'Stoltenberg' of the story."""
    return [w.title() for w in words] if all(w.isupper() for w in words) else words


def _lowered(words: list[str]) -> tuple[str, ...]:
    """Case aside: "De Clercq" opening a sentence is "Willy de Clercq"."""
    return tuple(w.lower() for w in words)


def _contains(full: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """``part`` is a run of ``full`` (both lower case: ``_lowered``)."""
    n = len(part)
    return any(full[i : i + n] == part for i in range(len(full) - n + 1))
