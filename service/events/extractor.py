"""The extraction core: a parsed spaCy ``Doc`` in, an ``Extraction`` out. No Flask here.

Per document: triggers -> arguments (actors, clause date, clause place, modality) -> document pass
(inherit dates and places from context, fold repeated mentions of one event into one event).
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

from ..geo import GeoIndex, PlaceResolver, locate
from .actors import ActorFinder
from .arguments import passive_participle
from .context import inherit_dates, inherit_locations, inherit_planned_visit, inherit_purpose, merge_mentions
from .discourse import Discourse, appositive_people, audiences, contents
from .entities import NameIndex, actor_entities
from .gazetteer import Gazetteer
from .locations import LocationFinder
from .modality import Modality
from .model import Event, EventDate, Extraction, Location, Mention, Reference, Span, TimeExpression
from .occurrence import MARKER_DEPS, OCCURRENCE_WORDS, occurrences
from .scoring import confidence
from .syntax import hangs_on, subject_of
from .temporal import TemporalTagger, calendar_date
from .triggers import Trigger, TriggerMatcher

# "praised the ties, calling them ...": a participle elaborating an evaluative speech act (praise,
# criticism, threat, appeal) is that act; after a plain report ("said ..., adding ...") it is a further
# statement (the seed convention for the first, PolNeAR's for the second).
PARTICIPLES_FOLD = True
PLAIN_REPORTS = {"say", "report", "attribution"}
# "attacked the plan, saying ...": a participle that itself reports words is a further statement
# even after an evaluative act (PolNeAR annotates it apart); "calling it ..." only elaborates the act.
FURTHER_REPORTS = {"say"}
# A noun trigger in these positions names the topic, not a report of the event: "asked about the visit".
TOPIC_PREPS = {"about", "on", "over", "regarding", "concerning", "despite", "against"}
STANDALONE_DEPS = {"pobj", "dobj", "nsubj", "nsubjpass", "attr", "ROOT"}
SENTENCE_ENDS = {".", "?", "!"}
ANNOUNCING = {"announce", "unveil", "declare", "proclaim", "pledge", "promise", "propose"}
NOUN_MODIFIERS = {"compound", "nmod", "amod", "poss"}
# an event's own vague time is its date ("said recently": PAST_REF), better than a day it does not say
VAGUE_OWN_TIMES = {"PAST_REF", "FUTURE_REF"}
FRAMING_DATE_PREPS = {
    "in",
    "during",
    "at",
}  # "in talks with X yesterday, Y asked": the clause's day is the talks'
TIMING_VERBS = {"start", "begin", "end", "open", "close", "run", "last", "take", "schedule", "set"}
# participles of speaking whose date a following reporting verb continues: "Speaking yesterday, he said"
SPEAKING = {"speak", "talk", "address", "testify", "brief", "answer", "comment", "say", "tell"}
SPEECH_PLACE_PREPS = {"in", "at"}  # "speaking in Istanbul", "speaking at the airport": where it was said
# nouns and verbs of agreeing whose "for" + date is the period agreed on, not its day
COVERING = {"agreement", "deal", "accord", "pact", "treaty", "quota", "agree", "sign", "set", "fix"}
ABSORBING_DEPS = {"dobj", "pobj", "prep", "attr", "oprd", "npadvmod", "conj", "xcomp"}


class EventExtractor:
    """Build once per process (it compiles the lexicons); call once per document."""

    def __init__(self, vocab, places: PlaceResolver | None = None, words: frozenset[str] = frozenset()):
        """``words``: common English words, so that "Congress" is not read as a small town."""
        self.places = places or PlaceResolver(GeoIndex.open(), words)
        self.gazetteer = Gazetteer()
        self.gazetteer.build_matcher(vocab)
        self.triggers = TriggerMatcher(vocab, self.gazetteer)
        self.modality = Modality()
        self.temporal = TemporalTagger()

    def __call__(
        self, doc: Doc, published_at: dt.datetime | None = None, text: str | None = None
    ) -> Extraction:
        """``text`` is the text ``doc`` was parsed from, when the caller has it: ``doc.text``
        rebuilds it token by token, which costs as much as a tenth of the extraction."""
        text = doc.text if text is None else text
        warnings = []
        if published_at is not None:
            reference = Reference(published_at, "published_at")
        else:
            reference = self.temporal.find_reference(doc, text)
            if reference is None:
                warnings.append("no published_at and no date in the text: relative dates are left unresolved")
        dates = self.temporal(doc, reference, text)
        ents = appositive_people(doc, actor_entities(doc, self.gazetteer), self.gazetteer)
        names = NameIndex(doc, self.gazetteer, ents)
        discourse = Discourse(doc, names, self.gazetteer, ents)
        find_location = LocationFinder(doc, self.gazetteer, text)
        # the headline and the dateline ("PARIS, March 3 -") are not part of the story's sentences
        story_start = find_location.dateline_end
        find_actors = ActorFinder(
            doc, names, self.gazetteer, story_start, discourse, find_location.modifier_place
        )
        story_dates = [d for d in dates if d.start >= story_start]
        triggers = self.triggers(doc)
        heads = {t.head.i: t for t in triggers}
        spoken = _transcript_lines(triggers)
        events: list[Event] = []
        orphans: set[int] = set()
        kept: list[Trigger] = []  # noun mentions without participants: kept only as a mention of an event
        for trigger in triggers:
            if _absorbed(trigger, heads) or _nested(trigger, heads):
                continue
            if trigger.rule.type == "statement" and trigger.head.i in spoken:
                continue  # "PENCE: ... as the Journal wrote ...": words inside the speaker's turn
            actors = find_actors(trigger)
            reported = self._reported(trigger, actors)
            if reported is False:
                continue
            told = story_dates if trigger.span.start_char >= story_start else dates
            event = self._event(trigger, actors, find_location, told)
            if reported is None:
                orphans.add(id(event))
            events.append(event)
            kept.append(trigger)
        inherit_purpose(events, _purposes(events, kept))
        inherit_planned_visit(events)
        background = {id(e) for e, t in zip(events, kept, strict=True) if _in_background_clause(t.head)}
        reports = {id(e) for e, t in zip(events, kept, strict=True) if _reporting_clause(t)}
        anterior = {id(e) for e, t in zip(events, kept, strict=True) if _past_perfect(t.head)}
        now = _dateline_day(dates, find_location.dateline, find_location.dateline_end)
        inherit_dates(events, reference, background, reports, now, anterior)
        inherit_locations(events, find_location.dateline)
        events = merge_mentions(events, orphans, occurrences(doc, events, dates))
        for number, event in enumerate(events, start=1):
            event.id = f"e{number}"
        actor_countries = {a.country for e in events for a in e.actors if a.country}
        places = self.places(doc, text, find_location.dateline, actor_countries)
        locate(events, places)
        return Extraction(events=events, dates=dates, reference=reference, warnings=warnings, places=places)

    def _event(self, trigger: Trigger, actors, find_location, dates) -> Event:
        head, rule = trigger.head, trigger.rule
        mood, cue = ("asserted", None) if rule.source else self.modality(head)
        span = _span(trigger.span)
        sentence = _span(head.sent)
        event = Event(
            id="",
            type=rule.type,
            subtype=rule.subtype,
            cameo=rule.cameo,
            trigger=span,
            sentence=sentence,
            rule=rule.id,
            actors=actors,
            date=_clause_date(head, dates),
            location=find_location(head) or _continued_place(head, find_location),
            modality=mood,
            modality_cue=cue,
            format=rule.format or ("in_person" if rule.type == "meeting" else None),
            mentions=[Mention(span, sentence, rule.id)],
        )
        event.confidence = confidence(event, trigger)
        return event

    def _reported(self, trigger: Trigger, actors) -> bool | None:
        """Is this a report of an event (True), a word that merely looks like a trigger (False), or a
        bare noun that can only be a further mention of an event already reported (None)?"""
        head, rule = trigger.head, trigger.rule
        if rule.source == "pobj" and actors and all(a.kind == "document" for a in actors):
            return False  # "according to the figures": an evidential; nobody is reported to say anything
        if head.pos_ in ("VERB", "AUX") or rule.source:
            # "China was urged to ...", "Asked about the talks, Wendt said": the speaker left open
            passive = any(c.dep_ == "nsubjpass" for c in head.children) or passive_participle(head)
            passive = passive or (
                head.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in head.children)
            )
            if (rule.type == "statement" or rule.speaker == "actor") and not passive:
                role = rule.subject_role or "speaker"
                actors = [a for a in actors if a.role in (role, "visitor", "participant", "party")]
            if actors or (passive and rule.type == "statement"):
                return True  # "the iMac is said to be faster": a report whose speaker is left open
            subject = subject_of(head)
            if subject is None and rule.type in ("statement", "meeting") and _nonfinite(head):
                return True  # "campaigns to deceive the public", "by negotiating at the convention"
            if subject is not None and rule.type == "agreement" and subject.lemma_.lower() in contents():
                return True  # "That pact, agreed last year": what was agreed, its parties left open
            # "Then he said.": a pronoun we cannot resolve still reports a statement.
            return (
                subject is not None
                and subject.pos_ == "PRON"
                and subject.lower_ not in ("this", "that", "what")
            )
        if rule.type == "statement" and _possessed_by_actor(head, actors):
            return True  # "Trump's claim that ...", "his remarks": whoever owns the words made them
        if rule.type == "statement" and _states_content(head):
            return True  # "in response to complaints that it had not ...": someone complained
        if head.dep_ == "pobj" and head.head.lower_ in TOPIC_PREPS:
            return False  # "asked about the visit"
        issued = head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_ in self.gazetteer.support_verbs
        # "the communique issued at the conclusion of the conference": one was issued
        issued = issued or any(
            c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_ in self.gazetteer.support_verbs
            for c in head.children
        )
        if rule.type == "statement" and not (issued or head.dep_ in ("nsubj", "ROOT")):
            return False  # "addressed Trump's comments" names a topic; "issued a statement" reports one
        if rule.type == "statement" and issued and head.dep_ not in ("dobj", "nsubjpass"):
            return True  # "the communique issued at the conclusion of the conference"
        if actors:
            return True
        if rule.standalone and _generic(trigger):
            return None  # "as well as making phone calls": what something can do, not an occurrence
        if rule.standalone and (head.pos_ == "PROPN" or head.dep_ in STANDALONE_DEPS or head.ent_type_):
            return True
        if (
            rule.type == "statement"
            and head.dep_ == "nsubj"
            and head.head.lemma_ in self.gazetteer.backward_predicates
        ):
            return None  # "The announcement came on Friday": a further mention of words reported before
        if rule.type == "statement":
            return head.dep_ in ("nsubj", "ROOT")  # "The statement caused a sell-off": one was made
        return None


def _purposes(events: list[Event], triggers: list[Trigger]) -> dict[int, Event]:
    """Event id -> the trip it is the purpose of: "will travel to Moscow this weekend for talks", "flew to
    Paris on Friday to sign an accord"."""
    trips = {t.head.i: e for e, t in zip(events, triggers, strict=True) if e.type == "visit"}
    out = {}
    for event, trigger in zip(events, triggers, strict=True):
        head = trigger.head
        if head.dep_ == "pobj" and head.head.lower_ == "for":
            trip = trips.get(head.head.head.i)
        elif head.dep_ in ("advcl", "xcomp") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in head.children
        ):
            trip = trips.get(head.head.i)
        else:
            trip = None
        if trip is not None and trip is not event:
            out[id(event)] = trip
    return out


def _reporting_clause(trigger: Trigger) -> bool:
    """A verb that reports words ("said", "told reporters", "urged"), or an event told as going on ("are
    meeting", "is visiting"): without a time of its own, it happens at the article's now."""
    head = trigger.head
    if head.pos_ not in ("VERB", "AUX"):
        return False
    going_on = head.tag_ == "VBG" and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in head.children)
    return trigger.rule.type == "statement" or going_on


def _past_perfect(head: Token) -> bool:
    """'as Japan had previously agreed': told as before the story's time, on no day the story gives."""
    return head.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in head.children)


def _dateline_day(dates: list[TimeExpression], dateline, dateline_end: int) -> str | None:
    """The day a dateline gives ("TOKYO, April 21 -"): the article's now."""
    for expr in dates:
        if dateline is None or expr.start >= dateline_end:
            break
        if expr.start < dateline.end:
            continue
        value = calendar_date(expr.value)
        if len(value) == 10 and value[:4].isdigit():
            return value
    return None


def _transcript_lines(triggers: list[Trigger]) -> set[int]:
    """Token indices of what a line-start "NAME:" attributes: the rest of that line is the speaker's turn."""
    spoken: set[int] = set()
    for trigger in triggers:
        if trigger.rule.source != "left":
            continue
        doc = trigger.head.doc
        i = trigger.head.i + 1
        while i < len(doc) and "\n" not in doc[i].text:
            spoken.add(i)
            i += 1
    return spoken


def _generic(trigger: Trigger) -> bool:
    """A bare plural with no determiner, possessor, number or name: a kind of event, not one that happened."""
    head = trigger.head
    return (
        head.tag_ == "NNS"
        and not head.ent_type_
        and not any(
            c.dep_ in ("det", "poss", "nummod", "compound", "amod", "prep") and c not in trigger.span
            for c in head.children
        )
    )


def _states_content(head: Token) -> bool:
    """A speech noun with its content clause ("the claim that taxes fell")."""
    return any(
        c.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in head.children
    )


def _possessed_by_actor(head: Token, actors) -> bool:
    """A speech noun whose possessor resolved to its speaker ("Trump's claim", "her remarks")."""
    owners = [c for c in head.children if c.dep_ == "poss"]
    spans = [(o.left_edge.idx, o.idx + len(o)) for o in owners]
    return any(a.role == "speaker" and any(lo <= a.start < hi for lo, hi in spans) for a in actors)


def _in_background_clause(head: Token) -> bool:
    """'Kishida, who arrived on Monday, ...': a relative clause tells background, not the story's day."""
    return any(t.dep_ in ("relcl", "acl") for t in (head, *head.ancestors))


def _nonfinite(head: Token) -> bool:
    """An infinitive, a gerund or a participle modifying a noun ("the recently announced phone") whose doer
    the sentence leaves open."""
    infinitive = head.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)
    participle = head.tag_ == "VBN" and head.dep_ in ("amod", "acl") and head.lemma_ in ANNOUNCING
    return (
        infinitive or participle or (head.tag_ == "VBG" and head.dep_ in ("pcomp", "acl", "advcl", "xcomp"))
    )


def _nested(trigger: Trigger, heads: dict[int, Trigger]) -> bool:
    """A statement inside what another statement reports ("X said Y claims ...") is its content."""
    if trigger.rule.type != "statement":
        return False
    token = trigger.head
    for _ in range(6):
        if token.head is token:
            return False
        if token.dep_ in ("ccomp", "parataxis"):
            other = heads.get(token.head.i)
            if other is not None and other.rule.type == "statement":
                return not _across_sentences(trigger.head, other.head)
        token = token.head
    return False


def _across_sentences(a: Token, b: Token) -> bool:
    """A full stop or a line break between two words: the parse joined two sentences ('"...," he said.
    Smith said ...'), so neither verb reports the other."""
    lo, hi = sorted((a.i, b.i))
    return any(t.text in SENTENCE_ENDS or "\n" in t.text for t in a.doc[lo + 1 : hi])


def _absorbed(trigger: Trigger, heads: dict[int, Trigger]) -> bool:
    """A noun that completes a verb trigger of the same type is part of it ("pledged in a joint
    statement", "spoke to Xi at a dinner", "signed a deal"); so is "his first trip" after "the visit will be"."""
    head = trigger.head
    if trigger.rule.type == "meeting" and _press_speech_continued(head, heads):
        return True  # "Aydin, speaking to reporters in Istanbul, said": one statement, not a meeting too
    if trigger.rule.type == "meeting" and _told_audience(head, heads):
        return True  # "Wendt told a regular news briefing that ...": where the words went, not a meeting
    if (
        PARTICIPLES_FOLD
        and head.pos_ == "VERB"
        and head.tag_ == "VBG"
        and head.dep_ == "advcl"
        and trigger.rule.type == "statement"
        and head.lemma_ not in FURTHER_REPORTS
    ):
        other = heads.get(head.head.i)  # "praised the ties, calling them ...": one speech act
        return (
            other is not None and other.rule.type == "statement" and other.rule.subtype not in PLAIN_REPORTS
        )
    if head.pos_ not in ("NOUN", "PROPN"):
        return False
    if head.dep_ != "attr" and any(
        c.dep_ in MARKER_DEPS and c.lower_ in OCCURRENCE_WORDS for c in head.lefts
    ):
        return False  # "to discuss it in its next meeting": that meeting is an event of its own (but
        # "the visit will be his first trip" is that visit)
    governor = heads.get(head.head.i)
    if head.dep_ == "nsubj" and governor is not None and governor.rule.type == trigger.rule.type:
        return True  # "the statement condemned ...": the noun is the speaker of that statement
    token = head
    for _ in range(5):
        if token.dep_ not in ABSORBING_DEPS or token.head is token:
            break
        if token.dep_ == "conj" and token.pos_ in ("NOUN", "PROPN") and token.head.pos_ in ("NOUN", "PROPN"):
            break  # "the OECD meeting in May and the G-7 meeting in June": two occurrences, not one
        token = token.head
        other = heads.get(token.i)
        if other is not None and other.rule.type == trigger.rule.type and other is not trigger:
            return True
        if head.dep_ == "attr":
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if any((o := heads.get(s.i)) and o.rule.type == trigger.rule.type for s in subjects):
                return True
    return False


def _span(span) -> Span:
    return Span(span.text, span.start_char, span.end_char)


def _clause_date(head: Token, dates: list[TimeExpression]) -> EventDate | None:
    """A temporal expression whose syntactic head chain reaches the trigger within its own clause."""
    sent = head.sent
    doc = head.doc
    governors = _noun_governors(head)
    found: list[tuple[int, EventDate]] = []
    for expr in dates:
        if not (sent.start_char <= expr.start < sent.end_char) or expr.type in ("DURATION", "SET"):
            continue
        value = calendar_date(expr.value)
        if not value[:4].isdigit() and value not in VAGUE_OWN_TIMES:
            continue  # unresolved: the context date is a better guess
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or _dates_a_noun(span.root, head) or _period_covered(span.root, head):
            continue
        # the event's own expression first ("this year's conference"), then its frame's ("Yesterday, at ...")
        rank = 0 if hangs_on(span.root, head) else None
        if rank is None and any(hangs_on(span.root, g) for g in governors):
            rank = 1
        if rank is None and any(hangs_on(span.root, s) for s in _speeches_continued(head)):
            rank = 2
        if rank is not None:
            source = "continued" if rank == 2 else "explicit"
            found.append(
                (
                    rank,
                    EventDate(
                        expr.text,
                        expr.start,
                        expr.end,
                        value,
                        expr.type,
                        expr.granularity,
                        source,
                        expr.value,
                    ),
                )
            )
    return min(found, key=lambda f: f[0])[1] if found else None


def _noun_governors(head: Token) -> list[Token]:
    """Where a noun trigger's date may hang: the verb that governs it ("will address a joint meeting on
    Thursday"), the clause it frames ("In talks with Kato yesterday, Lyng asked", "predicted yesterday during a
    visit"), or its own clause of timing ("the trip, which starts tomorrow", "a visit starting next week")."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return []
    out = [c for c in head.children if c.dep_ in ("acl", "relcl") and c.lemma_ in TIMING_VERBS]
    if head.dep_ in ("dobj", "attr"):
        out.append(head.head)
    elif (
        head.dep_ == "pobj"
        and head.head.lower_ in FRAMING_DATE_PREPS
        and head.head.head.pos_ in ("VERB", "AUX")
    ):
        out.append(head.head.head)
    # "will make a visit to Lima starting next Wednesday": the timing clause hangs on the governing verb
    out += [c for g in out[-1:] for c in g.children if c.dep_ == "advcl" and c.lemma_ in TIMING_VERBS]
    return out


def _dates_a_noun(root: Token, head: Token) -> bool:
    """'hailed the May accord', 'welcomed Monday's vote': the date modifies a noun, and dates that noun's
    event, not the verb's."""
    return root.dep_ in NOUN_MODIFIERS and root.head.pos_ in ("NOUN", "PROPN") and root.head != head


def _period_covered(root: Token, head: Token) -> bool:
    """'the agreement for that quarter', 'a deal for 1988': the period an agreement covers, not when it
    was made."""
    return root.head.lower_ == "for" and root.dep_ == "pobj" and head.lemma_.lower() in COVERING


def _speeches_continued(head: Token) -> list[Token]:
    """'Speaking in Washington yesterday, he said ...': the reporting verb continues a dated speech; so
    does one whose subject carries it ("Aydin, speaking to reporters in Istanbul on Saturday, said")."""
    if head.pos_ not in ("VERB", "AUX"):
        return []
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    return [
        c
        for t in (head, *subjects)
        for c in t.children
        if c.dep_ in ("advcl", "acl")
        and c.tag_ == "VBG"
        and c.lemma_ in SPEAKING
        and (t is head or c.i > t.i)
    ]


def _told_audience(head: Token, heads: dict[int, Trigger]) -> bool:
    """A press gathering told something ("told a news conference"): the statement's audience."""
    told = heads.get(head.head.i)
    return (
        head.dep_ in ("dobj", "dative")
        and told is not None
        and told.rule.type == "statement"
        and (head.lemma_.lower() in audiences() or head.lower_ in audiences())
    )


def _press_speech_continued(head: Token, heads: dict[int, Trigger]) -> bool:
    """A participle of speaking to the press that a statement's reporting verb continues."""
    if head.tag_ != "VBG" or head.lemma_ not in SPEAKING:
        return False
    partners = [
        p for c in head.children if c.dep_ == "prep" and c.lower_ in ("to", "with") for p in c.children
    ]
    if not partners or not all(p.lemma_.lower() in audiences() or p.lower_ in audiences() for p in partners):
        return False
    verbs = [v for v in (head.head, head.head.head) if (t := heads.get(v.i)) and t.rule.type == "statement"]
    return any(head in _speeches_continued(v) for v in verbs)


def _continued_place(head: Token, find_location) -> Location | None:
    """'Aydin, speaking to reporters in Istanbul, said': a reporting verb without a place of its own was
    said where the speech it continues was given: a place the speaking itself is in, not its audience's
    ("speaking to an audience in Toronto via video")."""
    spots = [
        p
        for s in _speeches_continued(head)
        for c in s.children
        if c.dep_ == "prep" and c.lower_ in SPEECH_PLACE_PREPS
        for p in c.children
        if p.dep_ == "pobj"
    ]
    # "speaking at a party meeting in Sydney": where the gathering spoken at was
    spots += [
        p for s in spots for c in s.children if c.dep_ == "prep" and c.lower_ == "in" for p in c.children
    ]
    places = (find_location.place(p) for p in spots if p.dep_ == "pobj")
    return next((p for p in places if p is not None), None)
