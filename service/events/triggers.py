"""Event triggers: lexicon patterns (``lexicons/triggers.jsonl``) matched on lemmas, POS and the parse.

A rule is one JSON line: ``id``, ``type``, ``subtype``, ``cameo``, a token ``pattern`` (spaCy Matcher
syntax, fixed length: see ``patterns.py``), the
``head`` index of the trigger word inside the pattern, role hints, and constraints on the parse:

- ``complement``: the verb must report content (a clause, a quote, a parenthetical: "..., he added")
- ``requires_dep`` / ``requires_all_dep`` / ``forbids_dep``: dependency labels of the head's children:
  one of / all of / none of
- ``requires_mark``: the head's subordinating word must be one of these ("as X put it")
- ``object``: ``actor`` / ``person`` / ``non_actor``: what the direct (or passive) object must be;
  ``actor_if_any``: an actor when there is one ("met the envoy", not "met the deadline")
- ``object_lemmas`` / ``forbids_object_lemmas``: the direct object's lemma must / must not be one of these
- ``destination``: a movement verb only counts with a place it goes to ("flew to Beijing")
- ``quoted_object``: the object (or predicate) holds quoted words ('calls the plan "a disaster"')
- ``topic_object``: the direct object is the topic ("discussed Afghanistan"); partners come with "with"
- ``standalone``: a noun that reports an event even without participants ("at the summit")

Rules with ``"veto": true`` mark non-event uses ("sign up", "so-called"): a trigger on a vetoed token is
dropped. Several rules may match one head; the longest match whose constraints hold wins.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from spacy.tokens import Doc, Span, Token

from . import lexicon
from .gazetteer import Gazetteer
from .patterns import TokenPatterns

COMPLEMENT_DEPS = {"ccomp", "parataxis"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
DESTINATION_PREPS = {"to", "into", "in", "at", "through", "across", "around", "toward", "towards", "from"}
QUOTES = {'"', "“", "”", "'", "‘", "’", "''", "``", ":"}
# personal pronouns as objects, and the reciprocal "each other" / "one another"
PRONOUN_OBJECTS = {"him", "her", "them", "us", "me", "you", "they", "he", "she", "we", "other", "another"}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    type: str
    subtype: str
    cameo: str
    head: int = -1
    object_role: str | None = None
    subject_role: str | None = None
    format: str | None = None
    source: str | None = None
    complement: bool = False
    complement_or_dep: bool = False  # requires_dep is also met by reported content (a quote)
    requires_dep: tuple[str, ...] = ()
    requires_all_dep: tuple[str, ...] = ()
    forbids_dep: tuple[str, ...] = ()
    requires_mark: tuple[str, ...] = ()  # a subordinating word on the head: "as" in "as X put it"
    object: str | None = None
    object_lemmas: tuple[str, ...] = ()
    forbids_object_lemmas: tuple[str, ...] = ()
    destination: bool = False
    quoted_object: bool = False  # the object holds quoted words: 'calls Obamacare "a crazy system"'
    topic_object: bool = False  # the direct object is what is talked about ("discussed Afghanistan"), not who
    standalone: bool = False
    family: str | None = None
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Trigger:
    """One matched trigger: its words, the head word the arguments hang on, and the rule."""

    span: Span
    head: Token
    rule: Rule


_LIST_FIELDS = {
    "requires_dep",
    "requires_all_dep",
    "forbids_dep",
    "requires_mark",
    "object_lemmas",
    "forbids_object_lemmas",
}


def _rule(entry: dict) -> Rule:
    names = {f.name for f in fields(Rule)}
    values = {k: tuple(v) if k in _LIST_FIELDS else v for k, v in entry.items() if k in names}
    return Rule(**values)


class TriggerMatcher:
    def __init__(self, vocab, gazetteer: Gazetteer | None = None, entries: tuple[dict, ...] | None = None):
        self.gaz = gazetteer or Gazetteer()
        self.matcher = TokenPatterns()
        self.rules: dict[str, Rule] = {}
        self.vetoes: dict[str, int] = {}
        for entry in entries if entries is not None else lexicon.load("triggers"):
            self.matcher.add(entry["id"], entry["pattern"])
            if entry.get("veto"):
                self.vetoes[entry["id"]] = entry.get("head", 0)
            else:
                self.rules[entry["id"]] = _rule(entry)
        self.order = {rule_id: n for n, rule_id in enumerate(self.rules)}

    def __call__(self, doc: Doc) -> list[Trigger]:
        vetoed: set[int] = set()
        candidates: dict[int, list[Trigger]] = {}
        for rule_id, start, end in self.matcher(doc):
            span = doc[start:end]
            if rule_id in self.vetoes:
                vetoed.add(span[self.vetoes[rule_id]].i)
                continue
            rule = self.rules[rule_id]
            head = span[rule.head]
            candidates.setdefault(head.i, []).append(Trigger(span, head, rule))
        found = []
        for i in sorted(candidates):
            if i in vetoed:
                continue
            ranked = sorted(candidates[i], key=lambda t: (-len(t.span), self.order[t.rule.id]))
            chosen = next((t for t in ranked if self.holds(t)), None)
            if chosen is not None:
                found.append(chosen)
        return found

    def holds(self, trigger: Trigger) -> bool:
        """Do the rule's constraints hold on the parse around the trigger?"""
        rule, head = trigger.rule, trigger.head
        if rule.standalone and head.ent_type_ in PLACE_LABELS:
            return False  # "the Moscone West Convention Center" is a place, not a gathering
        if rule.source in ("left", "right"):
            return bool(attribution_name(trigger))
        deps = {child.dep_ for child in head.children}
        content = rule.complement_or_dep and self._reports_content(head)
        if rule.requires_dep and not deps & set(rule.requires_dep) and not content:
            return False
        if not set(rule.requires_all_dep) <= deps:
            return False
        if rule.forbids_dep and deps & set(rule.forbids_dep):
            return False
        if rule.requires_mark:  # the head's subordinating words are read only for the rules that ask
            marks = {c.lower_ for c in head.children if c.dep_ == "mark"}
            if not marks & set(rule.requires_mark):
                return False
        if rule.complement and not self._reports_content(head):
            return False
        obj = _object(head)
        if rule.object_lemmas and obj is not None and obj.lemma_.lower() not in rule.object_lemmas:
            return False
        if obj is not None and obj.lemma_.lower() in rule.forbids_object_lemmas:
            return False  # "meet the deadline"
        if rule.object == "non_actor" and obj is not None and self._actor_like(obj):
            return False
        if (
            rule.object == "actor_if_any"
            and obj is not None
            and not self._actor_like(obj)
            and obj.pos_ != "PROPN"
        ):
            return False  # "meet the test", "was met with outrage": no one is met
        if rule.object in ("actor", "person") and (obj is None or not self._actor_like(obj)):
            return False
        if rule.object == "person" and obj is not None and obj.ent_type_ in ("ORG",):
            return False
        if rule.quoted_object and not _quoted_object(head):
            return False
        return not (rule.destination and not _has_destination(head))

    def _actor_like(self, token: Token) -> bool:
        if token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") or token.lower_ in PRONOUN_OBJECTS:
            return True
        descriptor = self.gaz.descriptors.get(token.lemma_.lower())
        return descriptor is not None and descriptor.kind != "document"

    @staticmethod
    def _reports_content(head: Token) -> bool:
        """A clause, a quote or a parenthetical ('"...," he added') makes the verb a speech act."""
        # a parenthetical ("...," he added) is parataxis; a verb that is itself a ccomp is content, not a report
        if head.dep_ == "parataxis" or any(c.dep_ in COMPLEMENT_DEPS for c in head.children):
            return True
        if any(c.dep_ == "prep" and c.lower_ in ("on", "about") for c in head.children):
            return True  # "commented on", "wrote about"
        obj = next((c for c in head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj.left_edge.text in QUOTES  # 'reported "2,521 shooting incidents"'
        # '"...," he added' / 'she added: "..."': a quote just before the subject or right after the verb
        subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
        before = subject.left_edge.i if subject is not None and subject.i < head.i else head.i
        doc = head.doc
        near = [doc[i] for i in (before - 1, before - 2, head.i + 1, head.i + 2) if 0 <= i < len(doc)]
        return any(t.text in QUOTES for t in near)


def attribution_name(trigger: Trigger) -> list[Token]:
    """The name a punctuation mark attributes to: 'PENCE: ...' at a line start (up to four words before
    the colon), or '"..." ― Jane Doe' (the name right after a dash that follows a quote or starts a line)."""
    mark, doc = trigger.head, trigger.head.doc
    if trigger.rule.source == "left":
        words: list[Token] = []
        i = mark.i - 1
        while i >= 0 and len(words) < 4 and doc[i].pos_ in ("PROPN", "NOUN") and "\n" not in doc[i].text:
            words.insert(0, doc[i])
            i -= 1
        before = doc[i] if i >= 0 else None
        line_start = (
            before is None
            or "\n" in before.text
            or before.text in QUOTES
            or (words[:1] and words[0].is_sent_start)
        )
        return words if words and line_start else []
    before = doc[mark.i - 1] if mark.i > 0 else None
    after_quote = mark.text[0] in QUOTES or before is None or not before.text.strip() or before.text in QUOTES
    name: list[Token] = []
    for token in doc[mark.i + 1 : mark.i + 7]:
        if token.is_space and not name and "\n" not in token.text:
            continue  # '" ―\xa0Jane Doe'
        if token.ent_type_ != "PERSON" and not (token.pos_ == "PROPN" and token.is_title):
            break
        name.append(token)
    return name[:4] if after_quote else []


def _object(head: Token) -> Token | None:
    found = {child.dep_: child for child in head.children}
    # "called Scholz" is often parsed as a predicate ("oprd") when there is no direct object
    return found.get("dobj") or found.get("nsubjpass") or found.get("oprd")


def _quoted_object(head: Token) -> bool:
    """Quoted words inside the verb's object or predicate ("called Trump a 'pathological liar'")."""
    return any(
        t.text in QUOTES and t.text != ":"
        for c in head.children
        if c.dep_ in ("dobj", "oprd")
        for t in c.subtree
    )


def _has_destination(head: Token) -> bool:
    for child in head.children:
        if child.dep_ == "dobj" and child.ent_type_ in PLACE_LABELS:
            return True
        places = [p for p in child.children if p.dep_ == "pobj" and p.ent_type_ in PLACE_LABELS]
        if child.dep_ == "prep" and child.lower_ in DESTINATION_PREPS and places:
            return True
        if child.dep_ == "advmod" and child.lower_ in ("abroad", "overseas"):
            return True
    return False


def catalog(entries: tuple[dict, ...] | None = None) -> dict[str, dict[str, str]]:
    """Event type -> {subtype: CAMEO code}, as the trigger lexicon defines them."""
    types: dict[str, dict[str, str]] = {}
    for entry in entries if entries is not None else lexicon.load("triggers"):
        if not entry.get("veto"):
            types.setdefault(entry["type"], {})[entry["subtype"]] = entry["cameo"]
    return types
