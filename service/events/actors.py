"""Actors of an event: who the words that ``arguments.py`` finds around the trigger stand for.

Names resolve to the fullest name in the document,
descriptors ("the Chinese president", "the two countries") to the actors they stand for, clear pronouns
to the nearest person (or coordinated group) before them.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .arguments import DEFAULT_ROLE, argument_heads
from .discourse import Discourse, audiences, contents, outlets, pair_nouns
from .entities import NameIndex
from .gazetteer import Descriptor, Gazetteer
from .model import Actor
from .syntax import ACTOR_LABELS, coordinated, descriptor_phrase, strip_possessive
from .triggers import Trigger

ROLES = {
    "meeting": ("participant",),
    "statement": ("speaker", "addressee", "target"),
    "visit": ("visitor", "host"),
    "agreement": ("party",),
}
# "the two leaders", "both countries": the pair named last; "two speechwriters", "all the experts" are new people
GROUP_NUMBERS = {"two": 2, "both": 2, "three": 3}
DEFINITE = {"the", "these", "those", "both"}
NOT_ACTORS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "WORK_OF_ART", "LAW", "PRODUCT"}
UNKNOWN_SPEAKER = Descriptor("person", False)
POLLED_SHARE = Descriptor("group", False)
DEICTIC_DETERMINERS = {"this", "these"}
STATEMENT_DOCUMENTS = {"statement", "communique", "communiqué", "declaration"}


class ActorFinder:
    """Built per document: knows its named entities; remembers who issued the latest joint statement."""

    def __init__(
        self,
        doc: Doc,
        names: NameIndex,
        gazetteer: Gazetteer,
        story_start: int = 0,
        discourse: Discourse | None = None,
        modifier_place=None,
    ):
        """``story_start``: where the story begins after its headline and dateline; a name before it is
        an actor only for what the headline itself reports ("PARIS" never is)."""
        self.doc = doc
        self.names = names
        self.gaz = gazetteer
        self.all_ents: dict[int, Span] = {t.i: ent for ent in names.ents for t in ent}
        self.story_ents = {i: e for i, e in self.all_ents.items() if e.start_char >= story_start}
        self.story_start = story_start
        self.discourse = discourse
        self.modifier_place = modifier_place  # Token -> Span | None: "the Taupo meeting" names a place
        self.audiences = audiences()
        self.outlets = outlets()
        self.contents = contents()
        self.ent_of = self.all_ents
        # a surname the tagger took for an organization ("Jobs") is the person named in full before
        self.people = [e for e in names.ents if e.label_ == "PERSON" or names.entity(e).kind == "person"]
        self.actor_ents = [e for e in names.ents if e.label_ in ACTOR_LABELS]
        self.authors: list[Actor] = []
        self.joint_authors = False

    def __call__(self, trigger: Trigger) -> list[Actor]:
        in_story = trigger.span.start_char >= self.story_start
        self.ent_of = self.story_ents if in_story else self.all_ents
        actors: list[Actor] = []
        seen: set[tuple[str, str]] = set()
        rule = trigger.rule
        # The subject of a plain reporting verb is its actor even when the noun is unknown ("the announcer
        # said", "donors will convene"); verbs with inanimate readings ("the deployment threatens") stay strict.
        # ... unless the verb reports a clause ("the fund warned that ..."): only a speaker does that.
        reports_clause = any(c.dep_ == "ccomp" for c in trigger.head.children)
        strict = (rule.speaker and not reports_clause) or (trigger.head.pos_ != "VERB" and not rule.source)
        lenient_role = None if strict else (rule.subject_role or DEFAULT_ROLE[rule.type])
        for token, role in argument_heads(trigger, self.ent_of, self.gaz):
            if role != "speaker" and self._audience(token):
                continue  # "told reporters", "told Reuters", "talks with a group of reporters": no actor
            if rule.type != "statement" and token.lemma_.lower() in self.contents:
                continue  # "That pact, agreed last year": what was agreed, not who agreed
            if token.head == trigger.head and self.modifier_place and self.modifier_place(token) is not None:
                continue  # "the Uruguay meeting": its place or its name, not a participant
            lenient = role == lenient_role
            members = coordinated(token)
            # "WALLACE: ..." at a line start names its speaker whatever the tagger took the word for
            any_label = rule.source in ("left", "right")
            if not self.resolve(token, role, lenient, any_label):
                members = []  # "the deployment and the alliance, which threaten": not actors
            for member in members:
                for actor in self.resolve(member, role, lenient, any_label):
                    if (actor.name, actor.role) not in seen:
                        seen.add((actor.name, actor.role))
                        actors.append(actor)
        if not actors and rule.type in ("meeting", "visit"):
            actors = self._deictic(trigger)
        self._remember_authors(trigger, actors)
        return actors

    def _deictic(self, trigger: Trigger) -> list[Actor]:
        """'"The purpose of this trip is ...," Lyng said': a meeting or visit the speaker calls "this" is
        the speaker's own."""
        head = trigger.head
        if self.discourse is None or head.pos_ != "NOUN":
            return []
        if not any(c.dep_ == "det" and c.lower_ in DEICTIC_DETERMINERS for c in head.children):
            return []
        role = trigger.rule.subject_role or DEFAULT_ROLE[trigger.rule.type]
        return [a for ent in self.discourse.quoted_speaker(head) for a in self._named(ent, role, "pronoun")]

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

    # -- who the arguments are ----------------------------------------------------------------

    def resolve(self, token: Token, role: str, lenient: bool = False, any_label: bool = False) -> list[Actor]:
        """Actors a word stands for. ``lenient``: the subject of a plain verb of saying is a speaker
        even when its noun is not in the descriptor lexicon ("the announcer said")."""
        if token.idx < self.story_start and self.ent_of is self.story_ents:
            return []  # the headline or the dateline ("LIMA, May 3 - The minister ...")
        number = self.gaz.pronouns.get(token.lower_)
        if number == "partitive" and (member := _partitive_member(token)) is not None:
            return self.resolve(member, role, lenient, any_label)
        if number in ("partitive", "indefinite") and lenient and token.dep_ == "nsubj":
            return [self._as_written(token, role)]  # "some say", "everyone I interviewed agreed"
        ent = self.ent_of.get(token.i)
        if ent is not None and ent.label_ in ACTOR_LABELS and token.pos_ != "ADJ":
            return self._named(ent, role, allow_place=lenient)
        if number is not None and token.pos_ == "PRON":
            return self._pronoun(token, role, number)
        if token.pos_ == "PROPN" and (surname := self._surname(token, role)):
            return surname
        if token.pos_ in ("NOUN", "PROPN") and (named := self._appositive_name(token)) is not None:
            return self._named(named, role)  # "The minister of the economy, Ildefonso Guajardo, argues"
        descriptor = self.gaz.descriptors.get(token.lemma_.lower())
        if descriptor is None and lenient and token.ent_type_ == "PERCENT" and token.pos_ == "NOUN":
            descriptor = POLLED_SHARE  # "63 percent said": the share of those polled speaks
        if (
            descriptor is None
            and lenient
            and token.pos_ in ("NOUN", "PROPN")
            and (token.ent_type_ not in NOT_ACTORS or any_label)
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
        at = mention or strip_possessive(ent)
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

    def _as_written(self, token: Token, role: str) -> Actor:
        """A quantifier or an indefinite pronoun that speaks: a group no one can name, kept as written."""
        at = self.doc[token.i : token.i + 1]
        return Actor(token.text, at.text, at.start_char, at.end_char, role, "group", None, None, "descriptor")

    def _appositive_name(self, token: Token) -> Span | None:
        """The name a descriptor is set beside: who it is, whoever else holds that office in the text."""
        for child in token.children:
            ent = self.ent_of.get(child.i)
            if child.dep_ == "appos" and ent is not None and ent.label_ in ("PERSON", "ORG"):
                return ent
        return None

    def _audience(self, token: Token) -> bool:
        """The press or the public an actor speaks to ("reporters", "a small group of reporters", "Reuters",
        "CNN", "the crowd")."""
        words = [
            token,
            *(p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children),
        ]
        if token.pos_ == "PROPN" and token.lower_ in self.outlets:
            return True  # "told The Boston Globe", "told CNN": the press, as "told Reuters"
        return any(w.lemma_.lower() in self.audiences or w.lower_ in self.audiences for w in words)

    def _surname(self, token: Token, role: str) -> list[Actor]:
        """'de Clercq said' where the tagger found no name: the one person of the document so called."""
        person = self.names.surname(token.text)
        if person is None:
            return []
        left = token.i
        while (
            left > token.sent.start
            and self.doc[left - 1].dep_ in ("compound", "nmod")
            and (self.doc[left - 1].head == token and not self.doc[left - 1].is_punct)
        ):
            left -= 1
        mention = self.doc[left : token.i + 1]
        return [
            Actor(
                " ".join(person.words),
                mention.text,
                mention.start_char,
                mention.end_char,
                role,
                "person",
                person.title,
                person.country,
                "name",
            )
        ]

    def _pronoun(self, token: Token, role: str, number: str) -> list[Actor]:
        """What the discourse pass resolved the pronoun to (discourse.py)."""
        mention = self.doc[token.i : token.i + 1]
        if number not in ("singular", "plural", "deictic") or self.discourse is None:
            return []
        if number == "deictic" and role != "speaker" and token.lower_ in ("we", "us"):
            return []  # '"We wish to reach an agreement," Weizsaecker said': "we" is his side, not he
        if (speaker := self.discourse.unnamed(token)) is not None:
            return [  # "..., a U.N. spokesman said. ..., he said": the spokesman, as the text describes him
                replace(
                    a,
                    text=mention.text,
                    start=mention.start_char,
                    end=mention.end_char,
                    resolved_by="pronoun",
                )
                for a in self.resolve(speaker, role, lenient=True)
            ]
        return [
            a for ent in self.discourse.pronoun(token) for a in self._named(ent, role, "pronoun", mention)
        ]

    def _descriptor(self, token: Token, role: str, descriptor) -> list[Actor]:
        if descriptor.kind == "document" and role == "addressee":
            return []  # one tells people, not a statement
        if descriptor.kind == "document" and role == "speaker":
            senders = [
                p for c in token.children if c.dep_ == "prep" and c.lower_ == "from" for p in c.children
            ]
            found = [a for p in senders if p.dep_ == "pobj" for a in self.resolve(p, role, lenient=True)]
            if found:
                return found  # "a statement from the president's office said": who it came from
        phrase = descriptor_phrase(token)
        mention = self.doc[phrase[0].i : phrase[-1].i + 1]
        lemma = token.lemma_.lower()
        count = next((GROUP_NUMBERS[t.lower_] for t in token.children if t.lower_ in GROUP_NUMBERS), 0)
        if count and descriptor.kind in ("country", "person") and _definite(token):
            group = self._last_named(token, "person" if descriptor.kind == "person" else "country", count)
            if len(group) == count:
                return [a for ent in group for a in self._named(ent, role, "group", mention)]
        if count and lemma in pair_nouns() and _definite(token):
            group = self._last_pair(
                token, ("person", "country"), count
            )  # "both sides", "the two delegations"
            if group:
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
        if (countries := self._countries_of(token, descriptor)) is not None:
            return [a for ent in countries for a in self._named(ent, role, "descriptor", mention)]
        country = next(
            (
                c
                for t in token.children
                if t.dep_ in ("amod", "compound", "poss") and (c := self.gaz.country_code(t.text))
            ),
            None,
        )
        definite = any(c.dep_ == "poss" or c.lower_ in ("the", "this", "that") for c in token.children)
        # "Putin's new defense secretary": an office held for a named person is of that person's country
        owners = [
            self.names.entity(e) for c in token.children if c.dep_ == "poss" and (e := self.ent_of.get(c.i))
        ]
        owner = next((o for o in owners if o.kind == "person"), None)
        if owner is not None and country is None:
            country = owner.country
            definite = definite and country is not None
        if descriptor.office and token.tag_ in ("NN", "NNP") and definite:
            name = self.names.holder(lemma, country, token.idx)
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
        # the descriptor itself may be a possessor ("the company's conference"): keep it
        words = [
            t.text
            for t in phrase
            if t == token or (t.dep_ not in ("det", "poss", "case") and t.tag_ != "POS")
        ]
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

    def _countries_of(self, token: Token, descriptor) -> list[Span] | None:
        """'The foreign ministers of Iran and Iraq', 'French and German finance ministers': people of
        several named countries stand for each of them."""
        if descriptor.kind != "person" or token.tag_ != "NNS":
            return None
        owners = [
            *(c for c in token.children if c.dep_ in ("amod", "compound") and c.i < token.i),
            *(p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children),
        ]
        for owner in owners:
            members = [self.ent_of.get(m.i) for m in coordinated(owner)]
            if len(members) > 1 and all(
                m is not None and self.names.entity(m).kind == "country" for m in members
            ):
                return members
        return None

    def _last_pair(self, token: Token, kinds: tuple[str, ...], count: int) -> list[Span]:
        """The latest coordinated group of ``count`` named actors, all of one of ``kinds``, before the token
        ("Russia and China")."""
        for ent in reversed([e for e in self.actor_ents if e.end <= token.i]):
            members = [self.ent_of.get(m.i) for m in coordinated(ent.root)]
            if len(members) != count or not all(m is not None and m.end <= token.i for m in members):
                continue
            member_kinds = {self.names.entity(m).kind for m in members}
            if len(member_kinds) == 1 and member_kinds <= set(kinds):  # all of one kind, one of ``kinds``
                return sorted(members, key=lambda m: m.start)
        return []

    def _last_named(self, token: Token, kind: str, count: int) -> list[Span]:
        """The latest coordinated pair of named actors of ``kind`` before the token ("Russia and China"),
        else the last ``count`` distinct ones."""
        if pair := self._last_pair(token, (kind,), count):
            return pair
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


def _definite(token: Token) -> bool:
    """'the two countries', 'their two leaders', 'both sides': a group the reader already knows."""
    return any(c.lower_ in DEFINITE or c.dep_ == "poss" for c in token.children)


def _partitive_member(token: Token) -> Token | None:
    """'one of the attorneys, Jane Roe,' -> Roe; 'some of the senators' -> senators."""
    children = list(token.children)
    named = next((c for c in children if c.dep_ == "appos" and c.ent_type_ in ACTOR_LABELS), None)
    of = next((c for c in children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((p for p in of.children if p.dep_ == "pobj"), None) if of is not None else None
    return named or group
