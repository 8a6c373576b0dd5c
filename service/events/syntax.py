"""Small helpers over the dependency parse, shared by the argument and actor modules."""

from __future__ import annotations

from spacy.tokens import Span, Token

ACTOR_LABELS = {"PERSON", "ORG", "GPE", "NORP"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
TIME_LABELS = {"DATE", "TIME"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
CLAUSE_CLIMB = {"conj", "xcomp", "advcl", "acl", "pcomp"}
# a gerund after these prepositions shares the clause's subject ("was speaking after briefing leaders").
# Not "for", "against", "on", whose gerund is often the object's ("praised Lind for meeting Novak"); not "by"
# and "before" yet: "promoted it by saying" and "before signing a statement" restate or lead to the main
# act, and the annotated sets count them apart (see the closing note of the actors-reuters branch)
GERUND_PREPS = {"after", "while", "upon", "without", "since"}
QUOTING = {"quote", "cite"}  # "quoted the minister as saying": the minister said it


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, climbing coordinated and complement clauses ("X arrived and met ...")."""
    for _ in range(4):
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        # "12:15 p.m.  Trump says ...": a live blog's time stamp parsed as a second subject is not the speaker
        # two subjects ("MANILA, March 3 - President Aquino announced"): the dateline parsed as one; the
        # nearer is the verb's own
        named = [c for c in subjects if c.ent_type_ not in TIME_LABELS]
        child = min(named, key=lambda c: abs(c.i - verb.i)) if named else (subjects[0] if subjects else None)
        if child is not None:
            # "the president, who arrived": the relative pronoun stands for the noun it modifies, and for
            # the name right before it when the parser hangs the clause higher ("the senators, including
            # Mitchell who urged")
            if verb.dep_ == "relcl" and child.tag_ in ("WP", "WDT"):
                before = child.i - 1 - (child.i > 0 and child.doc[child.i - 1].text == ",")
                named = child.doc[before] if before >= 0 else None
                if child.lower_ in ("who", "whom") and _placed(named, verb.head):
                    # "called Bai, owner of X, in Junction City, who", "the mayor of Lyon, who said"
                    return _person_before(child) or _owner_of_place(verb.head)
                if named is not None and named.ent_type_ in ACTOR_LABELS and named != verb.head:
                    return named
                return verb.head
            # headline "Acme releases X, announces Y" parsed with "releases" as the subject
            inner = None
            if child.pos_ == "VERB" and child.tag_ == "VBZ":
                inner = next(
                    (c for c in child.children if c.dep_ in ("nsubj", "compound") and c.i < child.i), None
                )
            return inner if inner is not None else child
        if verb.dep_ == "relcl":
            return verb.head
        adjacent = adjacent_subject(verb)
        if adjacent is not None:
            return adjacent
        if verb.dep_ not in CLAUSE_CLIMB or verb.head is verb:
            return None
        if verb.tag_ == "VBN" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children):
            return None  # "the phone, as stated on the website": the phone stated nothing
        verb = verb.head
        if verb.pos_ == "ADP" and verb.lower_ == "as" and verb.head.lemma_ in QUOTING:
            # "Wendt quoted Kessler as saying ...": who said it is who was quoted
            return next((c for c in verb.head.children if c.dep_ == "dobj"), None)
        if verb.pos_ == "ADP" and verb.lower_ in GERUND_PREPS and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "was speaking after briefing leaders": who spoke briefed
        if verb.pos_ not in ("VERB", "AUX"):
            return None
    return None


def _placed(named: Token | None, head: Token) -> bool:
    """A place right before "who" or as the noun it hangs on: "who" stands for a person, never a place."""
    return any(t is not None and t.ent_type_ in PLACE_LABELS for t in (named, head))


def _owner_of_place(token: Token) -> Token:
    """'the mayor of Lyon': the noun a place hangs on, for a "who" the parser hung on the place."""
    start = token
    for _ in range(3):
        if token.pos_ == "NOUN" and not token.ent_type_:
            return token
        if token.head is token:
            break
        token = token.head
    return start


def _person_before(relative: Token) -> Token | None:
    """The nearest person named before a relative "who" in its sentence."""
    for token in reversed(relative.doc[relative.sent.start : relative.i]):
        if token.ent_type_ == "PERSON":
            return token
    return None


def adjacent_subject(verb: Token) -> Token | None:
    """Parse repair: "... after Antony Blinken last month urged China" is often parsed without a subject
    for "urged"; a name right before the verb (past adverbs and dates) is its subject. Before an
    infinitive only the governing verb's object is ("asked Japan to begin"), not a place one went to
    ("took to Twitter overnight to accuse": who took)."""
    i = verb.i - 1
    while i >= verb.sent.start and (
        verb.doc[i].dep_ in ("advmod", "npadvmod", "aux", "neg") or verb.doc[i].ent_type_ == "DATE"
    ):
        i -= 1
    if i < verb.sent.start or (i == verb.i - 1 and verb.dep_ == "conj"):
        return None
    token = verb.doc[i]
    if any(t.tag_ == "TO" for t in verb.doc[i + 1 : verb.i]) and (
        token.dep_ != "dobj" or verb.dep_ == "advcl"
    ):
        return None  # "visit China next month to discuss": a purpose, whoever visits discusses
    if (
        token.ent_type_ in ACTOR_LABELS
        and token.dep_ in ("pobj", "nmod", "compound", "dobj")
        and token.head != verb
    ):
        return token
    if token.text == "," and verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].is_punct:
        return _before_apposition(verb.doc, i, verb.sent.start)
    return None


def _before_apposition(doc, comma: int, floor: int) -> Token | None:
    """'..., Willy de Clercq, external relations commissioner of the EC, said.': the name before the
    appositive that closes the sentence."""
    for j in range(comma - 1, max(floor, comma - 10) - 1, -1):
        if doc[j].pos_ in ("VERB", "AUX"):
            return None
        if doc[j].text == ",":
            name = doc[j - 1] if j > floor else None
            return name if name is not None and name.ent_type_ in ACTOR_LABELS else None
    return None


def coordinated(token: Token) -> list[Token]:
    """'Putin and Xi' -> [Putin, Xi]. Without a conjunction ("and", "or") among them, a conj link is the
    parser joining two phrases, not a coordination."""
    out = [token]
    # "Lyng and Trade representative Clayton Yeutter asked": the first member parsed as a modifier of the
    # second; a name modifying a name with its own "and" is a member
    out += [
        c
        for c in token.subtree
        if c.i < token.i
        and c.dep_ in ("nmod", "compound")
        and c.ent_type_ in ACTOR_LABELS
        and any(g.dep_ == "cc" for g in c.children)
    ]
    # "Girard and U.S. President John Carver will meet": the parser made both names subjects of the verb
    if token.dep_ in SUBJECTS:
        out += [s for s in _cosubjects(token) if s not in out]
    conjuncts = token.conjuncts
    if not any(c.dep_ in ("cc", "preconj") for t in (token, *conjuncts) for c in t.children):
        return out
    # "Mehra and Pakistani President Tariq Hassan": the name, not the title the parser made the conjunct
    for conj in map(_named_after_title, conjuncts):
        if conj.i not in {t.i for t in out}:
            out.append(conj)
    return out


def _cosubjects(token: Token) -> list[Token]:
    """Other subjects of the same verb joined to this one by a conjunction between them; or a name the parser
    cut off before a conjunction it hung on the verb ("LISBON, Sept 12 - Portugal and Spain agreed")."""
    out = []
    doc, left = token.doc, token.left_edge.i
    if left >= 2 and doc[left - 1].dep_ == "cc" and doc[left - 1].head == token.head:
        before = doc[left - 2]
        if (
            before.ent_type_ in ACTOR_LABELS
            and before.pos_ == "PROPN"
            and before.head not in (token, token.head)
        ):
            out.append(before)
    for other in token.head.children:
        if other.dep_ != token.dep_ or other == token:
            continue
        lo, hi = sorted((token, other), key=lambda t: t.i)
        if any(c.dep_ == "cc" and lo.i < c.i < hi.right_edge.i for c in lo.children):
            out.append(other)
    return out


def _named_after_title(token: Token) -> Token:
    """A conjunct that is a title the name right after it was split from ("President" + "Tariq Hassan",
    hung on the first member as an apposition): the name's head."""
    doc = token.doc
    if (
        token.ent_type_
        or token.pos_ != "PROPN"
        or token.i + 1 >= len(doc)
        or doc[token.i + 1].ent_iob_ != "B"
    ):
        return token
    if doc[token.i + 1].ent_type_ != "PERSON":
        return token
    end = token.i + 2
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[token.i + 1 : end].root


def descriptor_phrase(token: Token) -> list[Token]:
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
        elif (
            child.i > token.i
            and child.dep_ == "prep"
            and child.lower_ == "of"
            and not any(c.dep_ == "pcomp" for c in child.children)  # "accused the rebels of sabotaging"
        ):
            stop = next(
                (t.i for t in child.subtree if t.dep_ in ("cc", "relcl", "punct")), child.right_edge.i + 1
            )
            end = max(end, stop - 1)
    start = max(start, token.i - 7)  # the window always holds the descriptor itself
    end = min(end, start + 7)
    return [t for t in token.doc[start : end + 1] if not t.is_punct or t.i == token.i]


def sentences_back(token: Token, count: int) -> list[Span]:
    sents, sent = [], token.sent
    for _ in range(count):
        sents.append(sent)
        if sent.start == 0:
            break
        sent = token.doc[sent.start - 1].sent
    return sents


def strip_possessive(ent: Span) -> Span:
    if len(ent) > 1 and ent[-1].tag_ == "POS":
        return ent[:-1]
    return ent


def hangs_on(token: Token, head: Token) -> bool:
    """Up the parse from ``token`` (a time expression's root) to ``head`` within four steps, through
    prepositions and nouns only: another verb on the way means the expression is that verb's."""
    for _ in range(4):
        if token == head:
            return True
        if token.head is token or token.pos_ in ("VERB", "AUX"):
            return False
        token = token.head
    return token == head
