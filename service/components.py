"""Exact, faster stand-ins for two of spaCy's components: the attribute ruler and the rule lemmatizer.

Together they took a sixth of en_core_web_sm's time on news (84 PolNeAR articles, warm: 1.6 and 0.3
of 12.6 CPU s; the lemmatizer 1.0 cold), for work that is mostly dictionary lookups:

- ``AttributeRuler`` runs spaCy's ``Matcher``, whose ``IN``/``NOT_IN`` predicates are Python calls
  at every token for every pattern. Here each pattern is looked up by its first token's word or
  tag, and which one-token patterns a token matches is cached by the attributes they read.
- ``Lemmatizer`` (rule mode) caches only some of its paths; base forms are worked out from the
  morphology string at every token. Its result depends only on the token's text, POS and
  morphology, so here every result is cached under that key.

Both write the very same annotations (``tests/test_components.py`` compares them token by token
with spaCy's own). ``speed_up`` swaps them in only where a pipeline's components are spaCy's own
classes and its patterns use only what is implemented here; anything else keeps spaCy's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from .memory import LEMMA_CACHE_LIMIT

# The caches are cleared when full: every word form first seen adds entries. Measured on 351 news
# articles, twice over: a plan is cheap to redo (5,000 entries cost 0.71 s against 0.49 s unbounded),
# a lemma is not (spaCy searches lists; memory.LEMMA_CACHE_LIMIT's 20,000 entries 1.6 s, as unbounded;
# 10,000 3.9 s).
PLAN_CACHE_LIMIT = 5_000
MATCH_ATTRS = {"LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH, "NORM": NORM, "TAG": TAG, "DEP": DEP}
FLAG_ATTRS = {"IS_SPACE": IS_SPACE}
# Token-only attributes: spaCy's ruler also writes what it sets to the lexeme, a no-op for these.
SET_ATTRS = frozenset({POS, TAG, DEP, LEMMA, MORPH})
KEY_ORDER = (LOWER, ORTH, NORM, TAG, DEP)  # a pattern is indexed by the most selective of these
EQ, IN, NOT_IN, REGEX = range(4)


class Unsupported(ValueError):
    """A pattern or setting this module does not implement: spaCy's component stays."""


def speed_up(nlp: Language) -> list[str]:
    """Replace the attribute ruler and the rule lemmatizer by their stand-ins where that is exact.
    Returns the names of the replaced components."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer  # here: importing this module loads no language

    replaced = []
    for name, component in list(nlp.pipeline):
        try:
            if type(component) is AttributeRuler:
                stand_in = IndexedAttributeRuler(component)
            elif type(component) in (Lemmatizer, EnglishLemmatizer) and component.mode == "rule":
                stand_in = CachedLemmatizer(component)
            else:
                continue
        except Unsupported:
            continue
        _built.append(stand_in)
        nlp.replace_pipe(name, STAND_IN_FACTORY)
        replaced.append(name)
    return replaced


# spaCy adds components only through a factory; this one hands over the instance built above.
STAND_IN_FACTORY = "news_events_stand_in"
_built: list = []


@Language.factory(STAND_IN_FACTORY)
def _stand_in(nlp: Language, name: str):
    return _built.pop()


class _Component:
    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)


class _Rules:
    """Token patterns found by their first token's key value, plus those with no key."""

    def __init__(self):
        self.by_key: dict[tuple[int, int], list] = defaultdict(list)
        self.unkeyed: list = []

    def add(self, rule, key: tuple[int, Iterable[int]] | None) -> None:
        if key is None:
            self.unkeyed.append(rule)
        else:
            for value in key[1]:
                self.by_key[(key[0], value)].append(rule)

    def starting_at(self, row: tuple) -> Iterator:
        for column, value in enumerate(row):
            yield from self.by_key.get((column, value), ())
        yield from self.unkeyed


class IndexedAttributeRuler(_Component):
    """spaCy's AttributeRuler for fixed-length patterns of equality, IN, NOT_IN and REGEX tests on
    LOWER, ORTH/TEXT, NORM, TAG, DEP and IS_SPACE. As in spaCy, every pattern is matched against the
    annotations as they were before the ruler, and where several matches set one attribute of a
    token, the pattern added last wins."""

    def __init__(self, ruler: AttributeRuler):
        self.vocab = ruler.vocab
        self.columns: list[int] = []  # the token attributes patterns read, in to_array order
        self.one_token, self.longer = _Rules(), _Rules()
        for number, (entry, attrs) in enumerate(zip(ruler.patterns, ruler.attrs, strict=True)):
            if not set(attrs) <= SET_ATTRS:
                raise Unsupported(f"attribute ruler pattern {number} sets {sorted(attrs)}")
            for pattern in entry["patterns"]:
                tests = [self._compile(token) for token in pattern]
                rule = (number, tests, entry.get("index", 0), dict(attrs))
                (self.one_token if len(tests) == 1 else self.longer).add(rule, self._key(tests[0]))
        self.plans: dict[tuple, _Plan] = {}
        self.shared_plans: dict[tuple, _Plan] = {}

    def _column(self, attr: int) -> int:
        if attr not in self.columns:
            self.columns.append(attr)
        return self.columns.index(attr)

    def _compile(self, token: dict) -> list[tuple]:
        tests = []
        for name, spec in token.items():
            if name in FLAG_ATTRS and isinstance(spec, bool):
                tests.append((self._column(FLAG_ATTRS[name]), EQ, int(spec)))
            elif name not in MATCH_ATTRS:
                raise Unsupported(f"attribute ruler pattern key {name!r}")
            elif isinstance(spec, str):
                tests.append((self._column(MATCH_ATTRS[name]), EQ, self.vocab.strings.add(spec)))
            elif isinstance(spec, dict) and len(spec) == 1 and set(spec) <= {"IN", "NOT_IN", "REGEX"}:
                op, value = next(iter(spec.items()))
                column = self._column(MATCH_ATTRS[name])
                if op == "REGEX":
                    tests.append((column, REGEX, re.compile(value)))
                else:
                    hashes = frozenset(self.vocab.strings.add(v) for v in value)
                    tests.append((column, IN if op == "IN" else NOT_IN, hashes))
            else:
                raise Unsupported(f"attribute ruler pattern {name}: {spec!r}")
        return tests

    def _key(self, tests: list[tuple]) -> tuple[int, Iterable[int]] | None:
        keyed = [(column, [arg] if op == EQ else arg) for column, op, arg in tests if op in (EQ, IN)]
        keyed = [k for k in keyed if self.columns[k[0]] in KEY_ORDER]
        return min(keyed, key=lambda k: KEY_ORDER.index(self.columns[k[0]]), default=None)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = list(map(tuple, doc.to_array(self.columns).reshape(len(doc), -1).tolist()))
        plans = [self._plan(row) for row in rows]
        writes = [plan.attrs for plan in plans]
        longer_matches = self._longer_matches(rows, plans)
        for position, matched in longer_matches.items():
            writes[position] = _merged(sorted(plans[position].matched + tuple(matched), key=lambda m: m[0]))
        attrs = sorted(set().union(*writes))
        if attrs:
            columns = doc.to_array(attrs).reshape(len(doc), len(attrs)).T.tolist()
            for attr, values in zip(attrs, columns, strict=True):
                for position, written in enumerate(writes):
                    if attr in written:
                        values[position] = written[attr]
            doc.from_array(attrs, numpy.asarray(columns, dtype="uint64").T)
        return doc

    def _plan(self, row: tuple) -> _Plan:
        """What the one-token patterns write to a token, and which longer patterns may start there:
        both depend only on the attributes in its row, so they are worked out once per row."""
        plan = self.plans.get(row)
        if plan is None:
            if len(self.plans) >= PLAN_CACHE_LIMIT:
                self.plans.clear()
            matched = [(r[0], r[3]) for r in self.one_token.starting_at(row) if self._holds(row, r[1][0])]
            matched.sort(key=lambda m: m[0])  # spaCy applies matches by pattern number, then position
            longer = tuple(r for r in self.longer.starting_at(row) if self._holds(row, r[1][0]))
            # Rows are many (one per word form and tag), plans few: rows share one plan object.
            content = (tuple(m[0] for m in matched), tuple(map(id, longer)))
            plan = self.shared_plans.get(content)
            if plan is None:
                plan = self.shared_plans[content] = _Plan(_merged(matched), tuple(matched), longer)
            self.plans[row] = plan
        return plan

    def _longer_matches(self, rows: list[tuple], plans: list[_Plan]) -> dict[int, list]:
        found: dict[int, list] = defaultdict(list)
        for start, plan in enumerate(plans):
            for number, tests, index, attrs in plan.longer:
                end = start + len(tests)
                # the first token's tests held when the plan was made
                if end <= len(rows) and all(
                    self._holds(rows[start + n], tests[n]) for n in range(1, len(tests))
                ):
                    found[start + index if index >= 0 else end + index].append((number, attrs))
        return found

    def _holds(self, row: tuple, tests: list[tuple]) -> bool:
        for column, op, arg in tests:
            value = row[column]
            if op == EQ:
                if value != arg:
                    return False
            elif op == IN:
                if value not in arg:
                    return False
            elif op == NOT_IN:
                if value in arg:
                    return False
            elif not arg.search(self.vocab.strings[value]):
                return False
        return True


class _Plan(NamedTuple):
    attrs: dict[int, int]  # what the one-token patterns write, merged
    matched: tuple[tuple[int, dict], ...]  # (pattern number, attrs) of each, in order
    longer: tuple  # longer patterns whose first token's tests this token passes


def _merged(matched: Iterable[tuple[int, dict]]) -> dict[int, int]:
    out: dict[int, int] = {}
    for _, attrs in matched:
        out.update(attrs)
    return out


class CachedLemmatizer(_Component):
    """spaCy's rule lemmatizer with every result cached under (text, POS, morphology), the only
    things its rules read. Like spaCy's, it keeps the lemmas the attribute ruler set."""

    def __init__(self, lemmatizer: Lemmatizer):
        if lemmatizer.overwrite:
            raise Unsupported("a lemmatizer that overwrites lemmas")
        self.lemmatizer = lemmatizer
        self.vocab = lemmatizer.vocab
        self.cache: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lemmas = []
        add, cache = self.vocab.strings.add, self.cache
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            text = cache.get(key)
            if text is None:
                if len(cache) >= LEMMA_CACHE_LIMIT:
                    cache.clear()
                text = cache[key] = self.lemmatizer.lemmatize(doc[i])[0]
                self.lemmatizer.cache.pop(key, None)  # the one cache is this one, which is bounded
            lemmas.append(add(text))
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64"))
        return doc
