"""The direction of a relative expression, read from the tense of the verb that governs it.

The cue words (future auxiliaries, "plan"-like heads, scheduling verbs) are tables in timex_words.jsonl.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .tables import tables

PRESENT_BE = frozenset({"is", "are", "am", "'s", "'re"})
PERFECT = frozenset({"has", "have", "'ve", "had", "'d"})
PRESENT_PERFECT = frozenset({"has", "have", "'ve", "'s"})


def direction(doc: Doc, start: int, end: int) -> str | None:
    """'past', 'future', 'present' or None (no verb to read)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    token = span.root
    if token.dep_ == "poss" or (token.dep_ == "compound" and token.head.dep_ == "pobj"):
        return None  # "Friday's purchases", "under a June agreement": the noun's event, not the verb's
    bound = False  # the expression closes a state: "until Tuesday"
    target = False  # the expression names the time a plan is for: "scheduled for Friday", "delayed to Monday"
    for _ in range(8):
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux":
            break
        if token.head is token:
            break
        if token.dep_ in ("prep", "dative"):
            bound = bound or token.lower_ in tables()["until_prep"]
            target = target or token.lower_ in tables()["target_prep"]
        token = token.head
    if token.pos_ not in ("VERB", "AUX"):
        return None
    if (
        token.lemma_ in tables()["schedule_verb"]
        and token.tag_ == "VBD"
        and token.idx >= end
        and not (bound or target)
    ):
        return "past"  # "On Friday, the government planned to pay", "The court on Monday delayed": the act
    tense = _tense(token, depth=0)
    if bound and _holds_now(token, tense):
        return "future"  # "has given them until 9 a.m. Tuesday": a state that holds now ends later
    return tense


def _holds_now(verb: Token, tense: str | None) -> bool:
    """A present or present-perfect clause: what it states still holds at the reference time."""
    if tense == "present":
        return True
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    return tense == "past" and bool(auxes & PRESENT_PERFECT) and verb.tag_ == "VBN"


def _tense(verb: Token, depth: int) -> str | None:
    cues = tables()
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if any(w in cues["future_aux"] for w in words):
        return "future"
    if verb.lemma_ in cues["schedule_verb"]:  # "had been scheduled to expire Friday": that Friday is past
        return "past" if "had" in words else "future"
    if "going" in words or (verb.tag_ == "VBG" and words & PRESENT_BE):
        return "future"  # "is going to meet", "is meeting Friday"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if words & PERFECT or (verb.tag_ == "VBN" and not auxes):
        return (
            "past"  # "has met", "have been searching since", bare participles: "the deal, announced Friday"
        )
    if "to" in words and depth < 2 and verb.head is not verb:
        head = verb.head
        if head.pos_ == "ADJ" and head.dep_ == "acomp" and head.head is not head:
            governing = _tense(head.head, depth + 1)  # "had been due to expire": the copula's tense
        else:
            governing = _tense(head, depth + 1)
        bare = head.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass") for c in head.children)
        if (governing != "past" or bare) and (
            head.lemma_ in cues["future_head"] or head.lower_ in cues["future_aux"]
        ):
            return "future"  # "plans to meet Friday", "talks set to resume Monday", "is to resume"
        return governing
    if not auxes and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "acl", "xcomp", "conj") and depth < 2:
        return _tense(verb.head, depth + 1)  # "rising from $29.75 in March" takes the main verb's tense
    if verb.tag_ == "MD":
        return "future" if verb.lower_ in cues["future_aux"] else None
    if verb.tag_ in ("VBZ", "VBP") or words & PRESENT_BE:
        return "present"
    return None
