"""Actors of an event: who, from the dependency parse around the trigger, in which role.

Arguments are found on the parse (subject, object, "with"/"between" phrases, the subject of a support
verb: "held talks", "issued a statement"), then resolved: names to the fullest name in the document,
descriptors ("the Chinese president", "the two countries") to the actors they stand for, clear pronouns
to the nearest person (or coordinated group) before them.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from .entities import NameIndex
from .gazetteer import Descriptor, Gazetteer, clean_words
from .model import Actor
from .triggers import Trigger, attribution_name

ROLES = {
    "meeting": ("participant",),
    "statement": ("speaker", "addressee", "target"),
    "visit": ("visitor", "host"),
    "agreement": ("party",),
}
DEFAULT_ROLE = {"statement": "speaker", "meeting": "participant", "visit": "visitor", "agreement": "party"}
ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
CLAUSE_CLIMB = {"conj", "xcomp", "advcl", "acl", "pcomp"}
NOUN_PREPS = {"with", "between", "among", "by", "from", "of"}
SUPPORT_PREPS = {"in", "into", "for"}  # "engaged in talks", "arrived for talks"
GROUP_NUMBERS = {"two", "both", "three", "all"}
NOT_ACTORS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "WORK_OF_ART", "LAW", "PRODUCT"}
UNKNOWN_SPEAKER = Descriptor("person", False)
STATEMENT_DOCUMENTS = {"statement", "communique", "communiqué", "declaration"}


class ActorFinder:
    """Built per document: knows its named entities; remembers who issued the latest joint statement."""

    def __init__(self, doc: Doc, names: NameIndex, gazetteer: Gazetteer):
        self.doc = doc
        self.names = names
        self.gaz = gazetteer
        self.ent_of: dict[int, Span] = {t.i: ent for ent in names.ents for t in ent}
        self.people = [e for e in names.ents if e.label_ == "PERSON"]
        self.actor_ents = [e for e in names.ents if e.label_ in ACTOR_LABELS]
        self.authors: list[Actor] = []
        self.joint_authors = False

    def __call__(self, trigger: Trigger) -> list[Actor]:
        actors: list[Actor] = []
        seen: set[tuple[str, str]] = set()
        rule = trigger.rule
        # The subject of a plain reporting verb is its actor even when the noun is unknown ("the announcer
        # said", "donors will convene"); verbs with inanimate readings ("the deployment threatens") stay strict.
        strict = rule.speaker or trigger.head.pos_ != "VERB"
        lenient_role = None if strict else (rule.subject_role or DEFAULT_ROLE[rule.type])
        for token, role in self.argument_heads(trigger):
            lenient = role == lenient_role
            members = _coordinated(token)
            if not self.resolve(token, role, lenient):
                members = []  # "the deployment and the alliance, which threaten": not actors
            for member in members:
                for actor in self.resolve(member, role, lenient):
                    if (actor.name, actor.role) not in seen:
                        seen.add((actor.name, actor.role))
                        actors.append(actor)
        self._remember_authors(trigger, actors)
        return actors

    def _remember_authors(self, trigger: Trigger, actors: list[Actor]) -> None:
        """Who issued a statement document ("pledged in a joint statement"): "the statement said" is theirs.
        A joint statement's several authors are not displaced by a later single signer."""
        if trigger.rule.type not in ("statement", "agreement"):
            return
        head = trigger.head
        documents = [
            t for t in head.sent if t.lemma_ in STATEMENT_DOCUMENTS and (t == head or head in t.ancestors)
        ]
        authors = [a for a in actors if a.kind != "document" and a.role in ("speaker", "party")]
        if not documents or not authors:
            return
        joint = any(c.lower_ == "joint" for d in documents for c in d.children)
        if joint or (len(authors) > 1 and not self.joint_authors):
            self.authors, self.joint_authors = authors, joint
        elif not self.authors:
            self.authors = authors

    # -- where the arguments are -------------------------------------------------------------

    def argument_heads(self, trigger: Trigger) -> Iterator[tuple[Token, str]]:
        head, rule = trigger.head, trigger.rule
        subject_role = rule.subject_role or DEFAULT_ROLE[rule.type]
        object_role = rule.object_role
        if rule.source == "pobj":  # "according to X"
            yield from ((p, subject_role) for t in trigger.span for p in t.children if p.dep_ == "pobj")
            return
        if rule.source in ("left", "right"):  # "PENCE: ...", '"..." ― Jane Doe'
            words = attribution_name(trigger)
            if words:
                yield words[-1], subject_role
            return
        if head.pos_ in ("VERB", "AUX"):
            subject = subject_of(head)
            if subject is not None:
                passive = subject.dep_ == "nsubjpass" and subject.head == head
                if not passive:
                    yield subject, subject_role
                elif object_role and rule.subtype not in ("say", "report"):
                    yield subject, object_role  # "China was urged": the addressee; "X is said to": nobody
            for child in head.children:
                if child.dep_ == "agent":
                    yield from ((p, subject_role) for p in child.children if p.dep_ == "pobj")
                elif child.dep_ in ("dobj", "dative") and object_role:
                    yield child, object_role
                elif (
                    child.dep_ == "prep"
                    and object_role
                    and (child.lower_ in ("with", "between") or child in trigger.span)
                ):
                    yield from ((p, object_role) for p in child.children if p.dep_ == "pobj")
            return
        yield from self._noun_arguments(head, subject_role, object_role)

    def _noun_arguments(self, head: Token, subject_role: str, object_role: str | None):
        own = self.ent_of.get(head.i)  # "the Worldwide Developers Conference" is not its own participant
        for child in head.children:
            if own is not None and child.i in range(own.start, own.end):
                continue
            if child.dep_ == "poss" or (
                child.dep_ in ("compound", "amod") and child.ent_type_ in ACTOR_LABELS
            ):
                yield child, subject_role
            elif child.dep_ == "prep" and child.lower_ in NOUN_PREPS:
                role = subject_role if child.lower_ in ("by", "from", "between", "among") else object_role
                if child.lower_ == "of" and head.lemma_ not in ("visit", "trip", "meeting"):
                    continue
                yield from ((p, role or subject_role) for p in child.children if p.dep_ == "pobj")
            elif child.dep_ == "prep" and child.lower_ == "to" and head.lemma_ in ("visit", "trip"):
                yield from ((p, "host") for p in child.children if p.dep_ == "pobj")
        governor = head.head
        support = self.gaz.support_verbs
        if head.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and governor.lemma_ in support:
            subject = subject_of(governor)
        elif head.dep_ == "pobj" and governor.lower_ in SUPPORT_PREPS and governor.head.lemma_ in support:
            subject = subject_of(governor.head)  # "engaged in talks", "are in negotiations"
        else:
            subject = None
        if subject is not None and subject.i != head.i:
            yield subject, subject_role

    # -- who the arguments are ----------------------------------------------------------------

    def resolve(self, token: Token, role: str, lenient: bool = False) -> list[Actor]:
        """Actors a word stands for. ``lenient``: the subject of a plain verb of saying is a speaker
        even when its noun is not in the descriptor lexicon ("the announcer said")."""
        ent = self.ent_of.get(token.i)
        if ent is not None and ent.label_ in ACTOR_LABELS and token.pos_ != "ADJ":
            return self._named(ent, role, allow_place=lenient)
        number = self.gaz.pronouns.get(token.lower_)
        if number is not None and token.pos_ == "PRON":
            return self._pronoun(token, role, number)
        descriptor = self.gaz.descriptors.get(token.lemma_.lower())
        if (
            descriptor is None
            and lenient
            and token.pos_ in ("NOUN", "PROPN")
            and token.ent_type_ not in NOT_ACTORS
        ):
            descriptor = UNKNOWN_SPEAKER
        if descriptor is None or token.pos_ not in ("NOUN", "PROPN"):
            return []
        return self._descriptor(token, role, descriptor)

    def _named(
        self, ent: Span, role: str, resolved_by: str = "name", mention: Span | None = None, allow_place=False
    ):
        entity = self.names.entity(ent)
        if entity.kind == "place" and not allow_place:
            return []  # a city as the subject of "said" speaks for its authorities; elsewhere it is a place
        at = mention or _strip_possessive(ent)
        return [
            Actor(
                entity.name,
                at.text,
                at.start_char,
                at.end_char,
                role,
                entity.kind,
                entity.title,
                entity.country,
                resolved_by,
            )
        ]

    def _pronoun(self, token: Token, role: str, number: str) -> list[Actor]:
        mention = self.doc[token.i : token.i + 1]
        if number == "singular":
            ent = self._antecedent_person(token)
            return self._named(ent, role, "pronoun", mention) if ent is not None else []
        if number == "plural":
            group = self._antecedent_group(token)
            return [a for ent in group for a in self._named(ent, role, "pronoun", mention)]
        return []

    def _antecedent_person(self, token: Token) -> Span | None:
        """The subject person of this sentence (before the pronoun), else of the previous two; else the nearest.
        A person known to be of the other gender ("she" after "Mr. Trump") is skipped."""
        gender = self.gaz.pronoun_gender.get(token.lower_)
        for sent in _sentences_back(token, 3):
            candidates = [
                e
                for e in self.people
                if sent.start <= e.start < min(sent.end, token.i) and self._gender(e) in (None, gender)
            ]
            subject = next((e for e in candidates if e.root.dep_ in SUBJECTS), None)
            if subject is not None or candidates:
                return subject or max(reversed(candidates), key=lambda e: self._salience(e, token))
        return None

    def _salience(self, ent: Span, before: Token) -> int:
        """How often the document has named this person so far: the topic is the likelier antecedent."""
        name = self.names.entity(ent).name
        return sum(1 for e in self.people if e.start < before.i and self.names.entity(e).name == name)

    def _gender(self, ent: Span) -> str | None:
        person = self.names.person(self.gaz.split_title(clean_words(ent.text))[1])
        return person.gender if person is not None else None

    def _antecedent_group(self, token: Token) -> list[Span]:
        """'Putin and Xi ... They': the nearest coordinated pair of named actors before the pronoun."""
        for sent in _sentences_back(token, 2):
            for t in sent:
                if t.i >= token.i or t.dep_ not in SUBJECTS:
                    continue
                members = [self.ent_of.get(m.i) for m in _coordinated(t)]
                if len(members) > 1 and all(m is not None and m.label_ in ACTOR_LABELS for m in members):
                    return members
        return []

    def _descriptor(self, token: Token, role: str, descriptor) -> list[Actor]:
        phrase = _descriptor_phrase(token)
        mention = self.doc[phrase[0].i : phrase[-1].i + 1]
        lemma = token.lemma_.lower()
        if any(t.lower_ in GROUP_NUMBERS for t in token.children) and descriptor.kind in (
            "country",
            "person",
        ):
            group = self._last_named(token, "person" if descriptor.kind == "person" else "country", 2)
            if len(group) == 2:
                return [a for ent in group for a in self._named(ent, role, "group", mention)]
        if (
            descriptor.kind == "document"
            and lemma in STATEMENT_DOCUMENTS
            and role == "speaker"
            and self.authors
        ):
            return [
                Actor(
                    a.name,
                    mention.text,
                    mention.start_char,
                    mention.end_char,
                    role,
                    a.kind,
                    a.title,
                    a.country,
                    "descriptor",
                )
                for a in self.authors
            ]
        country = next(
            (
                c
                for t in token.children
                if t.dep_ in ("amod", "compound", "poss") and (c := self.gaz.country_code(t.text))
            ),
            None,
        )
        definite = any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that") for c in token.children)
        if descriptor.office and token.tag_ in ("NN", "NNP") and definite:
            name = self.names.holder(lemma, country)
            if name is not None:
                person = self.names.person(name.split())
                return [
                    Actor(
                        name,
                        mention.text,
                        mention.start_char,
                        mention.end_char,
                        role,
                        "person",
                        person.title if person else None,
                        country or (person.country if person else None),
                        "descriptor",
                    )
                ]
        words = [t.text for t in phrase if t.dep_ not in ("det", "poss", "case") and t.tag_ != "POS"]
        if not words:
            return []
        plural = token.tag_ in ("NNS", "NNPS")
        kind = descriptor.kind if descriptor.kind != "person" else ("group" if plural else "person")
        return [
            Actor(
                " ".join(words),
                mention.text,
                mention.start_char,
                mention.end_char,
                role,
                kind,
                None,
                country,
                "descriptor",
            )
        ]

    def _last_named(self, token: Token, kind: str, count: int) -> list[Span]:
        """The latest coordinated pair of named actors of ``kind`` before the token ("Russia and China"),
        else the last ``count`` distinct ones."""
        for ent in reversed([e for e in self.actor_ents if e.end <= token.i]):
            members = [self.ent_of.get(m.i) for m in _coordinated(ent.root)]
            if len(members) == count and all(
                m is not None and m.end <= token.i and self.names.entity(m).kind == kind for m in members
            ):
                return sorted(members, key=lambda m: m.start)
        found: list[Span] = []
        names: set[str] = set()
        for ent in reversed([e for e in self.actor_ents if e.end <= token.i]):
            entity = self.names.entity(ent)
            if entity.kind == kind and entity.name not in names:
                names.add(entity.name)
                found.insert(0, ent)
                if len(found) == count:
                    break
        return found


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, climbing coordinated and complement clauses ("X arrived and met ...")."""
    for _ in range(4):
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                # "the president, who arrived": the relative pronoun stands for the noun it modifies
                return verb.head if verb.dep_ == "relcl" and child.tag_ in ("WP", "WDT") else child
        if verb.dep_ == "relcl":
            return verb.head
        adjacent = _adjacent_subject(verb)
        if adjacent is not None:
            return adjacent
        if verb.dep_ not in CLAUSE_CLIMB or verb.head is verb:
            return None
        verb = verb.head
        if verb.pos_ not in ("VERB", "AUX"):
            return None
    return None


def _adjacent_subject(verb: Token) -> Token | None:
    """Parse repair: "... after Antony Blinken last month urged China" is often parsed without a subject
    for "urged"; a name right before the verb (past adverbs and dates) is its subject."""
    i = verb.i - 1
    while i >= verb.sent.start and (
        verb.doc[i].dep_ in ("advmod", "npadvmod", "aux", "neg") or verb.doc[i].ent_type_ == "DATE"
    ):
        i -= 1
    if i < verb.sent.start or (i == verb.i - 1 and verb.dep_ == "conj"):
        return None
    token = verb.doc[i]
    if (
        token.ent_type_ in ACTOR_LABELS
        and token.dep_ in ("pobj", "nmod", "compound", "dobj")
        and token.head != verb
    ):
        return token
    return None


def is_actor_like(token: Token, gazetteer: Gazetteer) -> bool:
    """Could this word name an actor (a name, a personal pronoun, a descriptor noun)?"""
    if token.ent_type_ in ACTOR_LABELS or token.lower_ in gazetteer.pronouns:
        return True
    descriptor = gazetteer.descriptors.get(token.lemma_.lower())
    return descriptor is not None and descriptor.kind != "document"


def _coordinated(token: Token) -> list[Token]:
    """'Putin and Xi' -> [Putin, Xi]."""
    out = [token]
    for conj in token.conjuncts:
        if conj.i not in {t.i for t in out}:
            out.append(conj)
    return out


def _descriptor_phrase(token: Token) -> list[Token]:
    """The descriptor's noun phrase, contiguous, without clauses or coordinated members (max 8 words)."""
    start, end = token.i, token.i
    for child in token.children:
        if child.i < token.i and child.dep_ in (
            "amod",
            "compound",
            "nummod",
            "det",
            "poss",
            "nmod",
            "quantmod",
        ):
            start = min(start, child.left_edge.i)
        elif child.i > token.i and child.dep_ == "prep" and child.lower_ == "of":
            stop = next(
                (t.i for t in child.subtree if t.dep_ in ("cc", "relcl", "punct")), child.right_edge.i + 1
            )
            end = max(end, stop - 1)
    end = min(end, start + 7)
    return [t for t in token.doc[start : end + 1] if not t.is_punct]


def _sentences_back(token: Token, count: int) -> list[Span]:
    sents, sent = [], token.sent
    for _ in range(count):
        sents.append(sent)
        if sent.start == 0:
            break
        sent = token.doc[sent.start - 1].sent
    return sents


def _strip_possessive(ent: Span) -> Span:
    if len(ent) > 1 and ent[-1].tag_ == "POS":
        return ent[:-1]
    return ent
