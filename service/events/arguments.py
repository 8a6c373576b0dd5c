"""Where the actors of an event are in the parse: subject, objects, "with"/"between" phrases, agents,
the subject of a support verb ("held talks", "issued a statement"), and the role each one plays."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Span, Token

from . import lexicon
from .gazetteer import Gazetteer
from .syntax import ACTOR_LABELS, coordinated, subject_of
from .triggers import Trigger, attribution_name

DEFAULT_ROLE = {"statement": "speaker", "meeting": "participant", "visit": "visitor", "agreement": "party"}
NOUN_PREPS = {"with", "between", "among", "by", "from", "of"}
SUPPORT_PREPS = {"in", "into", "for"}  # "engaged in talks", "arrived for talks"
# "In talks with Kato, Lyng asked ...", "After a cabinet meeting, Nakasone told ...": whoever acts in the
# clause took part in the meeting that frames it
FRAMING_PREPS = {"in", "during", "after"}  # "at" only for a meeting (framing.at): one attends a conference
FRAMING_WORDS = {
    "PROPN",
    "PRON",
}  # only a named or pronoun subject: "protesters gathered at the summit" did not


def argument_heads(trigger: Trigger, ent_of: dict[int, Span], gaz: Gazetteer) -> Iterator[tuple[Token, str]]:
    """(word, role) pairs: where the actors of the trigger's event are in the parse."""
    support_verbs = gaz.support_verbs
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
        if subject is None and head.dep_ == "acl":
            subject = _author(head.head, gaz)  # "resigned in a letter stating ...": its writer
        if subject is not None and passive_participle(head):
            # "Asked about the meeting, Wendt said ...": who was asked is the main clause's subject
            if object_role:
                yield subject, object_role
            subject = None
        if subject is not None:
            passive = subject.dep_ == "nsubjpass" and subject.head == head
            if not passive:
                yield subject, subject_role
            elif object_role and rule.subtype not in ("say", "report"):
                yield subject, object_role  # "China was urged": the addressee; "X is said to": nobody
        for child in head.children:
            if rule.type == "agreement" and not object_role and child.dep_ in ("dobj", "prep"):
                # "signed a deal with Brazil", "sign an accord with Moreau": the other party, on the verb or
                # on what is signed
                withs = [child] if child.dep_ == "prep" else [c for c in child.children if c.dep_ == "prep"]
                yield from (
                    (p, subject_role)
                    for c in withs
                    if c.lower_ == "with"
                    for p in c.children
                    if p.dep_ == "pobj" and _party_like(p, gaz)
                )
            if child.dep_ == "agent":
                yield from ((p, subject_role) for p in child.children if p.dep_ == "pobj")
            elif child.dep_ in ("dobj", "dative") and object_role and not rule.topic_object:
                yield child, object_role
            elif child.dep_ == "dobj" and rule.topic_object:
                # "discussed the treaty with Orlov": the partner, often hung on the topic by the parser
                yield from (
                    (p, object_role or subject_role)
                    for c in child.children
                    if c.dep_ == "prep" and c.lower_ == "with"
                    for p in c.children
                    if p.dep_ == "pobj" and _party_like(p, gaz)
                )
            elif (
                child.dep_ == "prep"
                and object_role
                and (child.lower_ in ("with", "between") or child in trigger.span)
            ):
                yield from ((p, object_role) for p in child.children if p.dep_ == "pobj")
        return
    yield from _noun_arguments(head, subject_role, object_role, ent_of, support_verbs)
    if rule.type in ("meeting", "visit") and not _has_own_subject(head, support_verbs):
        yield from ((s, subject_role) for s in _taking_part(head))


def passive_participle(head: Token) -> bool:
    """'Asked about ..., Wendt said', 'When pressed by reporters, he said': a past participle framing the
    clause, its subject the one it was done to."""
    return (
        head.tag_ == "VBN"
        and head.dep_ == "advcl"
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in head.children)
    )


def _party_like(token: Token, gaz: Gazetteer) -> bool:
    """A name, or a noun for people or countries ("with Brazil", "with the rebels"); not "with the aim"."""
    if token.ent_type_ in ACTOR_LABELS:
        return True
    descriptor = gaz.descriptors.get(token.lemma_.lower())
    return descriptor is not None and descriptor.kind != "document"


def _author(noun: Token, gaz: Gazetteer) -> Token | None:
    """Who issued the document a participle describes: "issued a statement saying", "said in a letter stating"."""
    descriptor = gaz.descriptors.get(noun.lemma_.lower())
    if descriptor is None or descriptor.kind != "document":
        return None
    sender = [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children]
    if sender and sender[0].dep_ == "pobj":
        return sender[0]  # "a letter from Japan's prime minister promising ...": its sender
    if noun.dep_ == "dobj" and noun.head.lemma_ in gaz.support_verbs:
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ == "in":
        verb = noun.head.head
    else:
        return None
    subject = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
    return subject if subject is not None and subject.dep_ != "nsubjpass" else None


def _has_own_subject(head: Token, support_verbs) -> bool:
    """A possessor or a support verb's subject already says who held the meeting ("Putin's visit")."""
    if any(c.dep_ == "poss" and c.ent_type_ not in ("DATE", "TIME") for c in head.children):
        return True  # "Tuesday's meeting" says when, not who
    governor = head.head
    return governor.lemma_ in support_verbs or (
        governor.lower_ in SUPPORT_PREPS and governor.head.lemma_ in support_verbs
    )


def _taking_part(head: Token) -> list[Token]:
    """The subject of the clause a meeting or visit frames ("In talks with X, Lyng asked"), or of the
    participle that holds it ("Joe Clark, winding up a two-day visit to Washington, said")."""
    governor = head.head
    # "at a meeting with Nakasone" frames a participant too; "at the annual conference" only an attendee
    partnered = any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in head.children)
    attended = partnered or head.lemma_.lower() in _framed_at() or head.lower_ in _framed_at()
    framing = governor.lower_ in FRAMING_PREPS or (governor.lower_ == "at" and attended)
    if head.dep_ == "pobj" and framing and governor.head.pos_ in ("VERB", "AUX"):
        verb = governor.head
    elif head.dep_ == "dobj" and governor.tag_ == "VBG" and governor.dep_ in ("advcl", "acl"):
        verb = governor
    else:
        return []
    subject = subject_of(verb)
    if subject is None or subject.pos_ not in FRAMING_WORDS or subject.dep_ == "nsubjpass":
        return []
    # "..., Nakasone told Tamura to ...": the named person spoken to was there too
    spoken_to = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.ent_type_ == "PERSON"]
    return coordinated(subject) + [m for c in spoken_to for m in coordinated(c)]


@cache
def _framed_at() -> frozenset[str]:
    """Meeting nouns whose attendees take part ("at a Cabinet meeting"), unlike "at the conference"."""
    return frozenset(
        w for e in lexicon.load("discourse") if e["id"].startswith("framing.") for w in e["words"]
    )


def _noun_arguments(head: Token, subject_role: str, object_role: str | None, ent_of, support_verbs):
    """Possessors and "with"/"between" phrases of a noun, and the subject of its support verb ("held talks")."""
    own = ent_of.get(head.i)  # "the Worldwide Developers Conference" is not its own participant
    for child in head.children:
        if own is not None and child.i in range(own.start, own.end):
            continue
        if child.dep_ == "poss" or (child.dep_ in ("compound", "amod") and child.ent_type_ in ACTOR_LABELS):
            yield child, subject_role
        elif child.dep_ == "prep" and child.lower_ in NOUN_PREPS:
            role = subject_role if child.lower_ in ("by", "from", "between", "among") else object_role
            if child.lower_ == "of" and head.lemma_ not in ("visit", "trip", "meeting"):
                continue
            yield from ((p, role or subject_role) for p in child.children if p.dep_ == "pobj")
        elif child.dep_ == "prep" and child.lower_ == "to" and head.lemma_ in ("visit", "trip"):
            yield from ((p, "host") for p in child.children if p.dep_ == "pobj")
    governor = head.head
    if head.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and not any(
        c.dep_ == "prep" and c.lower_ in ("with", "between", "among") for c in head.children
    ):
        # "prepare a summit in Ottawa next month between Reagan and Mulroney": the parser hangs the
        # "between" phrase on the verb; no verb takes "between" people, the meeting does
        verb = governor.head if head.dep_ == "pobj" else governor
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "between" and child.i > head.i:
                yield from ((p, subject_role) for p in child.children if p.dep_ == "pobj")
    support = support_verbs
    if head.dep_ in ("dobj", "attr", "nsubjpass", "oprd") and governor.lemma_ in support:
        subject = subject_of(governor)
    elif head.dep_ == "pobj" and governor.lower_ in SUPPORT_PREPS and governor.head.lemma_ in support:
        subject = subject_of(governor.head)  # "engaged in talks", "are in negotiations"
    else:
        subject = None
    if subject is not None and subject.i != head.i:
        yield subject, subject_role
