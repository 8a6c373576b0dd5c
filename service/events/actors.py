"""Actors of an event: who, from the dependency parse around the trigger, in which role."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from .entities import NameIndex, clean_words, country_code, split_title
from .model import Actor
from .triggers import Trigger

ROLES = {
    "meeting": ("participant",),
    "statement": ("speaker", "addressee", "target"),
    "visit": ("visitor", "host"),
    "agreement": ("party",),
}
DEFAULT_ROLE = {"statement": "speaker", "meeting": "participant", "visit": "visitor", "agreement": "party"}
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
PERSONAL_PRONOUNS = {"he", "she", "they", "we", "i", "him", "her", "them"}
PEOPLE_NOUNS = {
    "leader",
    "official",
    "analyst",
    "minister",
    "president",
    "diplomat",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "country",
    "government",
    "delegation",
    "source",
    "expert",
}
CLAUSE_CLIMB = {"conj", "xcomp", "advcl", "ccomp"}


class ActorFinder:
    """Built per document: knows its named entities and noun chunks."""

    def __init__(self, doc: Doc, names: NameIndex):
        self.doc = doc
        self.names = names
        self.ent_of: dict[int, Span] = {t.i: ent for ent in doc.ents for t in ent}
        self.chunk_of: dict[int, Span] = {t.i: chunk for chunk in doc.noun_chunks for t in chunk}

    def __call__(self, trigger: Trigger) -> list[Actor]:
        actors: list[Actor] = []
        seen: set[tuple[str, str]] = set()
        for token, role in self._argument_heads(trigger):
            for member in _coordinated(token):
                actor = self._actor(member, role)
                if actor and (actor.name, actor.role) not in seen:
                    seen.add((actor.name, actor.role))
                    actors.append(actor)
        return actors

    def _argument_heads(self, trigger: Trigger) -> Iterator[tuple[Token, str]]:
        head, rule = trigger.head, trigger.rule
        subject_role = rule.subject_role or DEFAULT_ROLE[rule.type]
        if head.pos_ in ("VERB", "AUX"):
            subject = subject_of(head)
            if subject is not None:
                yield subject, subject_role
            for child in head.children:
                if child.dep_ == "agent":
                    yield from ((pobj, subject_role) for pobj in child.children if pobj.dep_ == "pobj")
                elif child.dep_ in ("dobj", "dative") and rule.object_role:
                    yield child, rule.object_role
                elif child.dep_ == "prep" and child.lower_ in ("with", "to") and rule.object_role:
                    yield from ((p, rule.object_role) for p in child.children if p.dep_ == "pobj")
            for word in trigger.span:  # "spoke to Xi": the preposition is part of the trigger
                if word.dep_ == "prep" and word.head == head and rule.object_role is None:
                    yield from ((p, "participant") for p in word.children if p.dep_ == "pobj")
            return
        for child in head.children:
            if child.dep_ == "poss" or (
                child.dep_ in ("compound", "amod") and child.ent_type_ in ACTOR_LABELS
            ):
                yield child, subject_role
            elif child.dep_ == "prep" and child.lower_ in ("with", "between", "by", "among"):
                yield from ((p, subject_role) for p in child.children if p.dep_ == "pobj")
        if head.dep_ in ("dobj", "attr", "nsubjpass"):
            subject = subject_of(head.head)
            if subject is not None:
                yield subject, subject_role

    def _actor(self, token: Token, role: str) -> Actor | None:
        ent = self.ent_of.get(token.i)
        if ent is not None and ent.label_ in ACTOR_LABELS:
            entity = self.names.entity(ent)
            mention = _strip_possessive(ent)
            return Actor(
                entity.name,
                mention.text,
                mention.start_char,
                mention.end_char,
                role,
                entity.kind,
                entity.title,
                entity.country,
            )
        if token.lower_ in PERSONAL_PRONOUNS:
            return self._pronoun(token, role)
        chunk = self.chunk_of.get(token.i)
        if chunk is None or token.lemma_.lower() not in PEOPLE_NOUNS:
            return None
        words = clean_words(chunk.text)
        title, _ = split_title(words[-1:])
        country = next((c for w in words if (c := country_code(w))), None)
        kind = (
            "group"
            if token.tag_ in ("NNS", "NNPS") or token.lemma_ in ("country", "government")
            else "person"
        )
        return Actor(
            " ".join(words),
            chunk.text,
            chunk.start_char,
            chunk.end_char,
            role,
            kind,
            title if kind == "person" else None,
            country,
        )

    def _pronoun(self, token: Token, role: str) -> Actor | None:
        """A clear pronoun: the nearest preceding person (he/she) in this or the previous sentence."""
        if token.lower_ not in ("he", "she", "him", "her"):
            return None
        start = token.sent.start
        previous = self.doc[start - 1].sent.start if start > 0 else start
        for ent in reversed([e for e in self.doc.ents if previous <= e.start < token.i]):
            if ent.label_ == "PERSON":
                name = self.names.entity(ent).name
                return Actor(name, token.text, token.idx, token.idx + len(token), role, "person")
        return None


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, climbing coordinated and complement clauses ("X arrived and met ...")."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ not in CLAUSE_CLIMB or verb.head is verb:
            return None
        verb = verb.head
    return None


def _coordinated(token: Token) -> list[Token]:
    """'Putin and Xi' -> [Putin, Xi]."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i not in {t.i for t in out}:
            out.append(conj)
    return out


def _strip_possessive(ent: Span) -> Span:
    if len(ent) > 1 and ent[-1].tag_ == "POS":
        return ent[:-1]
    return ent
