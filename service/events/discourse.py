"""The document's discourse: who each actor mention refers to, built once per document and read by every
event (``actors.py``).

A deterministic multi-pass sieve after Lee et al. (2013, Stanford's rule-based coreference): the precise
passes run first and over the whole document, so that the later, riskier ones build on their chains.

1. Exact and full names, surnames and aliases: ``NameIndex`` (entities.py) gives every name mention the
   fullest name of the document ("Lyng" -> "Richard Lyng").
2. Appositives and roles: "Willy de Clercq, external relations commissioner of the EC," names a person
   (whatever label the tagger gave it) who holds that office; so does a title before a name.
3. Descriptor heads with agreement: "the commissioner" is the person of the document who holds that
   office (the one, else the latest named); "the two countries" the latest coordinated pair of countries.
4. Pronouns last: the nearest sentence with a mention that agrees in number, gender and kind, its subject
   preferred, then the most often named; a pronoun joins its antecedent's chain, so that '"...," he said'
   after a quotation of several sentences still reaches the name before it. A pronoun that reports
   ("he said") after a sentence reported by an unnamed speaker ("..., a U.N. spokesman said.") is that
   speaker, and never someone named inside its own report ("Hale and Orlov met, he said").
5. The speaker sieve: "I" and "we" inside a quotation are whoever it is attributed to ('"We say ...,"
   de Clercq said', 'Lopez said: "I will ..."').

Every mention in the chains is a named entity span: an actor is always reported with its name. An unnamed
speaker a pronoun stands for is kept apart (``unnamed``) and reported as the text describes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from . import lexicon
from .entities import NameIndex
from .gazetteer import Gazetteer, clean_words
from .syntax import ACTOR_LABELS, SUBJECTS, coordinated

SHOUTED_WORDS = 3
APPOSITION_WORDS = 6  # "external relations commissioner of the EC": the office comes early
# Narrative sentences a pronoun looks back over (Lee et al.'s window: three); "they" only two, as a group
# is rarely taken up further. A sentence inside a quotation does not count: '"...," he said' looks past it.
ATTRIBUTION_WORDS = (
    4  # '," said Jane Doe' / '," Doe told reporters': the attribution follows the quote closely
)
PRONOUN_REACH = {"singular": 3, "plural": 2}
QUOTES = {'"', "“", "”", "``", "''"}


@dataclass(frozen=True, slots=True)
class Mention:
    """A mention in a chain: where it is, and the named entities it stands for (two for "they")."""

    token: int
    sentence: int  # index of the sentence's first token
    subject: bool
    ents: tuple[Span, ...]
    gender: str | None  # of a single person: "m", "f" or unknown


@cache
def contents() -> frozenset[str]:
    """Lemmas of what an agreement or a meeting produces ("the pact"): never its party or participant."""
    return frozenset(
        w for e in lexicon.load("discourse") if e["id"].startswith("content.") for w in e["words"]
    )


@cache
def audiences() -> frozenset[str]:
    """Lemmas and names of audiences ("told reporters", "told Reuters"): where words went, never an actor."""
    return frozenset(
        w for e in lexicon.load("discourse") if e["id"].startswith("audience.") for w in e["words"]
    )


@cache
def pair_nouns() -> frozenset[str]:
    """Group nouns that, counted and definite ("both sides"), stand for the latest named pair."""
    return frozenset(w for e in lexicon.load("discourse") if e["id"].startswith("pair.") for w in e["words"])


@cache
def plain_speech() -> frozenset[str]:
    """Lemmas of plain reporting verbs ("said", "added", "told"): who does them next is who did them last."""
    return frozenset(
        w for e in lexicon.load("discourse") if e["id"].startswith("speech.") for w in e["words"]
    )


def outlets() -> frozenset[str]:
    """Last words of news outlets' names ("The Boston Globe", "CNN"): told one, words went to the press."""
    return frozenset(
        w for e in lexicon.load("discourse") if e["id"].startswith("outlet.") for w in e["words"]
    )


def appositive_people(doc: Doc, ents: list[Span], gaz: Gazetteer) -> list[Span]:
    """Pass 2: a name whose appositive is a person's office or role ("Willy de Clercq, external relations
    commissioner of the EC,"), or that a person's role noun introduces ("Bombay broker Dinesh Walji"), is a
    person, whatever label the tagger gave it."""
    return [
        Span(doc, e.start, e.end, label="PERSON")
        if e.label_ in ("ORG", "") and (_office_appositive(e, gaz) is not None or _role_before(e, gaz))
        else e
        for e in ents
        if not _shouted_phrase(e, gaz)
    ]


def _role_before(ent: Span, gaz: Gazetteer) -> bool:
    """'broker Dinesh Walji', 'analyst Jane Roe': a lower-case person noun right before a name of two words."""
    if ent.start == 0 or len([t for t in ent if t.is_alpha]) < 2:
        return False
    role = ent.doc[ent.start - 1]
    descriptor = gaz.descriptors.get(role.lemma_.lower())
    return role.is_lower and role.pos_ == "NOUN" and descriptor is not None and descriptor.kind == "person"


def _shouted_phrase(ent: Span, gaz: Gazetteer) -> bool:
    """'BAKER MEETING UNDERSCORES', 'CLARK SAYS HE EXPECTS': in a headline in capitals the tagger takes
    words for a name; a name of three words or more in capitals that no lexicon knows is none."""
    words = [t for t in ent if not t.is_punct]
    return (
        len(words) >= SHOUTED_WORDS
        and all(t.is_upper for t in words)
        and gaz.known_actor(ent.text) is None
        and gaz.country(ent.text) is None
    )


def _office_appositive(ent: Span, gaz: Gazetteer) -> Token | None:
    """The office noun of ", <office phrase>," right after the name (read on the surface: the small
    parser often misses the apposition)."""
    doc = ent.doc
    if ent.end >= len(doc) or doc[ent.end].text != ",":
        return None
    for token in doc[ent.end + 1 : min(len(doc), ent.end + 1 + APPOSITION_WORDS)]:
        if token.pos_ in ("VERB", "AUX", "PRON") or token.is_punct or token.ent_type_ == "PERSON":
            return None
        descriptor = gaz.descriptors.get(token.lemma_.lower())
        if descriptor is not None and descriptor.office and token.tag_ in ("NN", "NNP"):
            return token
    return None


def _quoted_sentences(doc: Doc) -> set[int]:
    """Starts of the sentences told wholly inside quotation marks (a paragraph break closes a quotation)."""
    inside, quoted = False, set()
    for sentence in doc.sents:
        words = 0
        for token in sentence:
            if token.text in QUOTES or token.text.startswith(("“", "”")):
                inside = not inside if token.text in ('"', "``", "''") else token.text.startswith("“")
            elif "\n\n" in token.text:
                inside = False
            elif not token.is_punct and not token.is_space and not inside:
                words += 1
        if words == 0:
            quoted.add(sentence.start)
    return quoted


def _main_clause(verb: Token) -> bool:
    """The sentence's own clause: its root, or a verb coordinated with it ("hinted ..., but dismissed")."""
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def _reported_by(pronoun: Token) -> set[int]:
    """Words of what a pronoun's verb reports ("Hale and Orlov discussed Afghanistan, he said"): who is
    named in the report is rarely who reports it."""
    if pronoun.dep_ != "nsubj":
        return set()
    return {t.i for c in pronoun.head.children if c.dep_ in ("ccomp", "parataxis") for t in c.subtree}


def _plural_noun_subject(sentence: Span, before: Token) -> bool:
    """A plural common noun as the subject of the sentence's own clause ("Some officials hinted ..."):
    "they" most likely stands for it, and it names no one (Lee et al.: agreement before distance)."""
    return any(
        t.i < before.i and t.dep_ == "nsubj" and t.tag_ == "NNS" and not t.ent_type_ and _main_clause(t.head)
        for t in sentence
    )


class Discourse:
    """Chains of one document. ``ents`` are the actor entities (already corrected by passes 1 and 2)."""

    def __init__(self, doc: Doc, names: NameIndex, gaz: Gazetteer, ents: list[Span]):
        self.doc = doc
        self.names = names
        self.gaz = gaz
        self.ent_of = {t.i: e for e in ents for t in e if e.label_ in ACTOR_LABELS}
        self.mentions: list[Mention] = []
        self.by_sentence: dict[int, list[Mention]] = {}  # sentence start -> its mentions, in order
        self.named: dict[str, int] = {}  # canonical name -> mentions so far: salience
        self.resolved: dict[int, tuple[Span, ...]] = {}  # pronoun token -> the entities it stands for
        # pronoun token -> the unnamed speaker it stands for ("a U.N. spokesman said. ... he said")
        self.described: dict[int, Token] = {}
        self.quoted = _quoted_sentences(doc)
        self.speaker_of: dict[int, tuple[Span, ...]] = {}  # "I"/"we" inside a quotation -> its speaker
        self.quoted_by: dict[int, tuple[Span, ...]] = {}  # every word inside a quotation -> its speaker
        # each token's sentence start, found once: token.sent walks its whole sentence on every call
        self.sentence_start = [s.start for s in doc.sents for _ in range(s.start, s.end)]
        for ent in ents:
            if ent.label_ in ACTOR_LABELS and (office := _office_appositive(ent, gaz)) is not None:
                self._learn_office(ent, office)
        self._build()
        self._quotation_speakers()

    # -- passes 2 and 4, in text order ----------------------------------------------------------

    def _learn_office(self, ent: Span, office: Token) -> None:
        person = self.names.person(self.gaz.split_title(clean_words(ent.text))[1])
        if person is not None:
            person.offices.add(office.lemma_.lower())

    def _build(self) -> None:
        seen: set[int] = set()
        for token in self.doc:
            ent = self.ent_of.get(token.i)
            if ent is not None and ent.root.i == token.i and id(ent) not in seen:
                seen.add(id(ent))
                if self.names.entity(ent).kind in ("person", "organization", "country", "group"):
                    self._add(self._mention(token, (ent,)))
                continue
            if ent is None and token.pos_ == "PROPN" and (surname := self._surname(token)) is not None:
                self._add(self._mention(token, (surname,)))  # "Clark today held talks": a surname untagged
                continue
            number = self.gaz.pronouns.get(token.lower_)
            if token.pos_ != "PRON" or number not in ("singular", "plural"):
                continue
            found = self._antecedent(token, number)
            if not found and (speaker := self._unnamed_speaker(token, number)) is not None:
                self.described[token.i] = speaker
            elif found:
                self.resolved[token.i] = found
                self._add(self._mention(token, found))

    def _surname(self, token: Token) -> Span | None:
        """A subject the tagger did not take for a name, which is the surname of a person named before."""
        if token.dep_ not in SUBJECTS:
            return None
        if self.names.surname(token.text) is None:
            return None
        return Span(self.doc, token.i, token.i + 1, label="PERSON")

    def _add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.by_sentence.setdefault(mention.sentence, []).append(mention)
        name = self.names.entity(mention.ents[0]).name
        self.named[name] = self.named.get(name, 0) + 1

    def _mention(self, token: Token, ents: tuple[Span, ...]) -> Mention:
        gender = None
        if len(ents) == 1:
            gender = self.gaz.pronoun_gender.get(token.lower_) or self._gender(ents[0])
        return Mention(token.i, self.sentence_start[token.i], token.dep_ in SUBJECTS, ents, gender)

    def _gender(self, ent: Span) -> str | None:
        person = self.names.person(self.gaz.split_title(clean_words(ent.text))[1])
        return person.gender if person is not None else None

    def _antecedent(self, token: Token, number: str) -> tuple[Span, ...]:
        """Its own sentence before the pronoun: the subject, else the most often named. Earlier sentences,
        nearest first: the nearest subject within reach, else the nearest sentence's most often named (a
        list of names after a split abbreviation, "Sens. Moynihan, Dodd ...", is no subject)."""
        gender = self.gaz.pronoun_gender.get(token.lower_)
        sentence = token.sent
        reach = PRONOUN_REACH[number]
        fallback: tuple[Span, ...] = ()
        reported = _reported_by(token)
        while reach > 0:
            candidates = [
                m
                for m in self.by_sentence.get(sentence.start, ())
                if m.token < token.i and m.token not in reported and self._agrees(m, number, gender)
            ]
            if number == "plural" and (group := self._coordinated(sentence, token)):
                return group
            if number == "plural" and _plural_noun_subject(sentence, token):
                return ()  # "Some officials hinted that France and Italy might ... They": the officials
            if sentence != token.sent and self._speaker_unnamed(sentence, token, gender) is not None:
                return ()  # "Ortega will chair it, a U.N. spokesman said. ..., he said": the spokesman
            subject = next((m for m in candidates if m.subject), None)
            if subject is not None:
                return subject.ents
            if candidates and (sentence == token.sent or not fallback):
                fallback = max(reversed(candidates), key=self._salience).ents
                if sentence == token.sent:
                    return fallback
            if sentence.start == 0:
                break
            reach -= 0 if sentence.start in self.quoted else 1
            sentence = self.doc[sentence.start - 1].sent
        return fallback

    def _unnamed_speaker(self, token: Token, number: str) -> Token | None:
        """The unnamed speaker a pronoun that speaks stands for (``_speaker_unnamed``), in the narrative
        sentences within reach."""
        if number != "singular":
            return None
        gender = self.gaz.pronoun_gender.get(token.lower_)
        sentence, reach = token.sent, PRONOUN_REACH[number]
        while sentence.start > 0 and reach > 0:
            sentence = self.doc[sentence.start - 1].sent
            if sentence.start in self.quoted:
                continue
            if (speaker := self._speaker_unnamed(sentence, token, gender)) is not None:
                return speaker
            if self.by_sentence.get(sentence.start):
                return None
            reach -= 1
        return None

    def _speaker_unnamed(self, sentence: Span, pronoun: Token, gender: str | None) -> Token | None:
        """A pronoun that speaks ("he said", "he added") after a sentence reported by a speaker the text
        does not name ("..., a U.N. spokesman said."): that speaker goes on speaking (Lee et al.: the
        subject of the main clause first), not a person named inside what was reported."""
        speech = plain_speech()
        if pronoun.dep_ != "nsubj" or pronoun.head.lemma_ not in speech:
            return None
        root = sentence.root
        if root.lemma_ not in speech:
            return None
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.tag_ != "NN" or subject.ent_type_ or subject.i in self.ent_of:
            return None
        descriptor = self.gaz.descriptors.get(subject.lemma_.lower())
        if descriptor is None or descriptor.kind != "person":
            return None
        word = subject.lower_
        said_gender = (
            "f" if word.endswith(("woman", "women")) else "m" if word.endswith(("man", "men")) else None
        )
        return subject if None in (gender, said_gender) or gender == said_gender else None

    def _agrees(self, mention: Mention, number: str, gender: str | None) -> bool:
        if number == "singular":
            return (
                len(mention.ents) == 1
                and self.names.entity(mention.ents[0]).kind == "person"
                and mention.gender in (None, gender)
            )
        return len(mention.ents) > 1

    def _coordinated(self, sentence: Span, before: Token) -> tuple[Span, ...]:
        """'Putin and Xi ... They': a coordinated subject of named actors."""
        for t in sentence:
            if t.i >= before.i or t.dep_ not in SUBJECTS or not _main_clause(t.head):
                continue  # "hinted that France and Italy might": a reported clause's subject is no topic
            members = [self.ent_of.get(m.i) for m in coordinated(t)]
            if len(members) > 1 and all(m is not None for m in members):
                return tuple(members)
        return ()

    def _salience(self, mention: Mention) -> int:
        """How often the document has named this entity so far: the topic is the likelier antecedent."""
        return self.named.get(self.names.entity(mention.ents[0]).name, 0)

    # -- the speaker sieve: "I" and "we" inside a quotation are whoever the quotation is attributed to --

    def _quotation_speakers(self) -> None:
        opened: int | None = None
        for token in self.doc:
            if "\n\n" in token.text:
                opened = None
            elif token.text in QUOTES or token.text.startswith(("“", "”")):
                closing = opened is not None and (token.text in ('"', "''") or token.text.startswith("”"))
                if not closing:
                    opened = token.i
                    continue
                speaker = self._attributed(token.i) or self._attributed_before(opened)
                for inner in self.doc[opened + 1 : token.i]:
                    if speaker:
                        self.quoted_by[inner.i] = speaker
                    if speaker and self.gaz.pronouns.get(inner.lower_) == "deictic" and inner.lower_ != "you":
                        self.speaker_of[inner.i] = speaker
                opened = None

    def _attributed(self, close: int) -> tuple[Span, ...]:
        """'...," he said' / '...," de Clercq told reporters': the subject of the verb right after it."""
        for token in self.doc[close + 1 : close + 1 + ATTRIBUTION_WORDS]:
            if token.dep_ == "nsubj" and token.head.pos_ == "VERB" and token.head.i > close:
                return self._who(token)
        return ()

    def _attributed_before(self, opened: int) -> tuple[Span, ...]:
        """'Lyng said: "..."': the subject of the verb right before the quotation."""
        for token in reversed(self.doc[max(0, opened - ATTRIBUTION_WORDS) : opened]):
            if token.pos_ == "VERB":
                subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
                return self._who(subject) if subject is not None else ()
        return ()

    def _who(self, token: Token) -> tuple[Span, ...]:
        ent = self.ent_of.get(token.i)
        if ent is not None:
            return (ent,)
        if token.i in self.resolved:
            return self.resolved[token.i]
        surname = self._surname(token) if token.pos_ == "PROPN" else None
        return (surname,) if surname is not None else ()

    # -- what actors.py asks ---------------------------------------------------------------------

    def quoted_speaker(self, token: Token) -> tuple[Span, ...]:
        """Whoever the quotation holding the word is attributed to, or nothing outside a quotation."""
        return self.quoted_by.get(token.i, ())

    def unnamed(self, token: Token) -> Token | None:
        """The unnamed speaker's noun a pronoun stands for ("a U.N. spokesman said. ... he said"), or None."""
        return self.described.get(token.i)

    def pronoun(self, token: Token) -> tuple[Span, ...]:
        """The named entities a pronoun stands for ("he", or "I" inside a quotation), or nothing."""
        return self.resolved.get(token.i) or self.speaker_of.get(token.i, ())
