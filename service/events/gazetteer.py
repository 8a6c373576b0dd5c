"""Process-wide lookup tables built once from the lexicons: countries, well-known actors, descriptors.

``Gazetteer`` answers "which country is this word?" (names, demonyms, capitals and seats of government
as metonyms: "Beijing said" -> CHN), "who is this well-known person?" and "does this common noun name
an actor?" (descriptors, pronouns, titles). Nothing here is per request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from . import lexicon

_POSSESSIVE = re.compile(r"[’']s?$")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_WORD = re.compile(r"\w+\.?(?=\s|$)|\w+|[^\w\s]")  # close to spaCy's tokens: "Jong-un" -> Jong, -, un


@dataclass(frozen=True, slots=True)
class Country:
    code: str  # ISO 3166 alpha-3
    name: str  # the common English name
    metonym: bool  # the word was a capital or a seat of government, not the country's name
    seat: bool = False  # "the Kremlin", "the White House": an institution that speaks for the country


@dataclass(frozen=True, slots=True)
class KnownActor:
    name: str
    kind: str
    country: str | None
    office: str | None
    gender: str | None = None  # "m" / "f": which pronoun can refer back to them


@dataclass(frozen=True, slots=True)
class Descriptor:
    kind: str  # person, group, country, document
    office: bool  # an office ("president") that a named person of the document may hold


def normalize(text: str) -> str:
    """'the U.S.’s' -> 'u.s.': lower case, no article, no possessive."""
    return _THE.sub("", _POSSESSIVE.sub("", text.strip())).lower()


class Gazetteer:
    def __init__(self):
        self.countries: dict[str, Country] = {}
        self.country_names: dict[str, str] = {}
        for entry in lexicon.load("countries"):
            code, name = entry["id"], entry["names"][0]
            self.country_names[code] = name
            for word in (*entry["names"], *entry.get("demonyms", ())):
                self.countries.setdefault(word.lower(), Country(code, name, False))
            for word in entry.get("capitals", ()):
                self.countries.setdefault(word.lower(), Country(code, name, True))
            for word in entry.get("seats", ()):
                self.countries.setdefault(word.lower(), Country(code, name, True, seat=True))
        self.actors: dict[str, KnownActor] = {}
        for entry in lexicon.load("actors"):
            actor = KnownActor(
                entry["name"], entry["kind"], entry.get("country"), entry.get("office"), entry.get("gender")
            )
            for alias in (entry["name"], *entry.get("aliases", ())):
                self.actors.setdefault(alias.lower(), actor)
        self.descriptors: dict[str, Descriptor] = {}
        for entry in lexicon.load("descriptors"):
            for lemma in entry["lemmas"]:
                self.descriptors.setdefault(lemma, Descriptor(entry["kind"], bool(entry.get("office"))))
        self.pronouns: dict[str, str] = {
            word: entry["number"] for entry in lexicon.load("pronouns") for word in entry["words"]
        }
        self.pronoun_gender: dict[str, str] = {
            word: entry["gender"]
            for entry in lexicon.load("pronouns")
            if "gender" in entry
            for word in entry["words"]
        }
        self.titles = frozenset(entry["text"] for entry in lexicon.load("titles"))
        self.title_gender = {e["text"]: e["gender"] for e in lexicon.load("titles") if "gender" in e}
        self._matcher: PhraseMatcher | None = None
        self.support_verbs = frozenset(w for entry in lexicon.load("support_verbs") for w in entry["lemmas"])
        self.backward_predicates = frozenset(
            w for entry in lexicon.load("predicates") for w in entry["lemmas"]
        )

    def build_matcher(self, vocab) -> None:
        """Once per process, outside any memory zone: the dictionary's names as token patterns."""
        self._matcher = PhraseMatcher(vocab, attr="LOWER")
        for alias, actor in self.actors.items():
            label = "PERSON" if actor.kind == "person" else "ORG"
            self._matcher.add(label, [Doc(vocab, words=_WORD.findall(alias))])

    def known_spans(self, doc: Doc) -> list[Span]:
        """Mentions of dictionary actors, labelled PERSON/ORG: the small NER model misses many
        ("Xi Jinping" unlabelled, "Olaf Scholz" as ORG). The matcher is built once per vocab."""
        if self._matcher is None or self._matcher.vocab is not doc.vocab:
            self.build_matcher(doc.vocab)
        spans = [Span(doc, s, e, label=m) for m, s, e in self._matcher(doc)]
        # longest first, then no overlaps; a capitalised first word only ("Xi", not "xi")
        spans.sort(key=lambda sp: (-len(sp), sp.start))
        taken: set[int] = set()
        out = []
        for span in spans:
            capitalised = span[0].is_title or span[0].is_upper
            if capitalised and not taken & set(range(span.start, span.end)):
                taken.update(range(span.start, span.end))
                out.append(span)
        return sorted(out, key=lambda sp: sp.start)

    def country(self, text: str) -> Country | None:
        return self.countries.get(normalize(text))

    def country_code(self, text: str) -> str | None:
        found = self.country(text)
        return found.code if found else None

    def known_actor(self, text: str) -> KnownActor | None:
        return self.actors.get(normalize(text))

    def split_title(self, words: list[str]) -> tuple[str | None, list[str]]:
        """('President', ['Vladimir', 'Putin']) from 'President Vladimir Putin' (longest title first)."""
        for size in range(min(4, len(words) - 1), 0, -1):
            if " ".join(words[:size]).lower().replace(".", "") in self.titles:
                return " ".join(words[:size]), words[size:]
        return None, words


def clean_words(text: str) -> list[str]:
    """Words of a mention without a leading article and possessive endings."""
    words = [_POSSESSIVE.sub("", w) for w in text.split()]
    if words and words[0].lower() == "the":
        words = words[1:]
    return [w for w in words if w]
