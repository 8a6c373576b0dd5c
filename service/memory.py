"""What ``nlp.memory_zone()`` leaves behind, cleaned up between requests.

Inside a zone, every word the vocabulary does not hold is a new, transient lexeme: built for the
request (a dozen attribute functions per word), then dropped. A freshly loaded model holds about
a thousand lexemes, so without ``settle_vocabulary`` even "the" is rebuilt for every request.

A zone frees the strings and lexemes of words first seen inside it, but three things still grow
with every new word a long-running worker sees:

- spaCy's rule lemmatizer's ``(orth, pos, morph) -> lemmas`` dict, which the zone does not cover
  (where ``components.py``'s stand-in, which bounds its own caches, does not replace it);
- the hash tables that index strings (``StringStore._map``) and lexemes (``Vocab._by_orth``).
  preshed deletes a key by leaving a tombstone, counts tombstones as filled, and on resize always
  doubles. So a table that only ever holds the same live keys still doubles every few hundred
  thousand new words, without end. ``TableCompactor`` rebuilds a table from its live entries,
  at the same capacity, once tombstones take a tenth of it.
"""

from __future__ import annotations

import ctypes
import gc
import logging

from preshed.maps import PreshMap
from spacy.language import Language

log = logging.getLogger(__name__)

MAX_WORD = 40  # longer strings in a model's store are labels and features, not words
# en_core_web_sm's store has 84,000 words; a model with vectors can have a million, which would cost
# seconds of start-up and ~100 MB. Beyond this many, the shortest are settled (the frequent words).
MAX_SETTLED = 150_000
TOKENIZER_CACHE_SPARE = 10_000  # spaCy's default size, left for what a caller outside zones adds
LEMMA_CACHE_LIMIT = 20_000  # entries; each distinct unseen word form adds one
# Rebuild once tombstones hold a tenth of the cells: a table at most half full of live keys then
# keeps room for a request's own new words below preshed's resize at 60% filled.
TOMBSTONE_SHARE = 0.1


def settle_vocabulary(nlp: Language) -> int:
    """Make every word of the model's string store (about 84,000 for en_core_web_sm, punctuation
    and numbers included) a permanent lexeme with a cached tokenization. Outside any zone, before
    fork: the workers share them copy-on-write. Returns how many.

    The tokenizer caches how it split a whitespace-delimited chunk, but never inside a memory zone,
    and at most ``max_cache_size`` chunks (10,000). So a worker that only ever works inside zones
    split every word of every request anew: on 84 articles, 0.45 CPU s in zones against 0.11 with
    a warm cache. With the settled words cached: 0.15-0.19 s, for about a second of start-up."""
    if nlp.vocab.in_memory_zone:
        raise RuntimeError("settle_vocabulary inside a memory zone would make nothing permanent")
    words = [s for s in nlp.vocab.strings if 0 < len(s) <= MAX_WORD and not any(c.isspace() for c in s)]
    if len(words) > MAX_SETTLED:
        words = sorted(words, key=len)[:MAX_SETTLED]
    tokenizer = nlp.tokenizer
    if isinstance(getattr(tokenizer, "max_cache_size", None), int):
        tokenizer.max_cache_size = max(tokenizer.max_cache_size, len(words) + TOKENIZER_CACHE_SPARE)
    for word in words:
        nlp.vocab[word]  # creates the lexeme, in the vocabulary's own memory
        tokenizer(word)  # caches the word's split (a word with a special case is not cached)
    return len(words)


# glibc's mallopt parameters (malloc.h) and the values measured for a batch worker (below).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
HOLD_TRIM_BYTES = 256 * 2**20  # free memory kept at the top of the heap before giving it back
HOLD_MMAP_BYTES = 32 * 2**20  # below this, blocks come from the heap, not a fresh mmap (glibc's max)


def hold_freed_memory() -> bool:
    """Keep memory a request freed for the next request instead of handing it back to the kernel.

    glibc adapts its thresholds as blocks are freed, and in a batch worker it kept giving the heap
    back and faulting it in again: on 84 articles in batches of 8, in process, 165,000 page faults
    and 0.5 s of system time for 12.7 s of user time (raw ``nlp.pipe``, outside memory zones: 750
    and 0.02 s). With fixed thresholds: 50 faults, no system time, 6 % less CPU in all. The price:
    a worker's RSS stays at its high-water mark (the bench's peak RSS is unchanged).
    Call it in the master before fork (``gunicorn.conf.py``); on other C libraries it does nothing.
    Returns whether both thresholds were set."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, HOLD_MMAP_BYTES) and mallopt(M_TRIM_THRESHOLD, HOLD_TRIM_BYTES))


class ZoneLeftovers:
    """Bounds what a memory zone does not free; call it after each zone has closed."""

    def __init__(self, nlp: Language):
        self.lemma_caches = [
            pipe.cache
            for _, pipe in nlp.pipeline
            if hasattr(pipe, "lemmatize") and isinstance(getattr(pipe, "cache", None), dict)
        ]
        self.tables = [TableCompactor(nlp.vocab.strings._map, _replace_string_table(nlp.vocab.strings))]
        if (lexemes := _lexeme_table(nlp.vocab)) is not None:
            self.tables.append(TableCompactor(lexemes, lambda fresh: _swap_tables(lexemes, fresh)))

    def __call__(self) -> None:
        for cache in self.lemma_caches:
            if len(cache) > LEMMA_CACHE_LIMIT:
                cache.clear()
        for table in self.tables:
            table()


class TableCompactor:
    """Rebuilds a preshed table without its tombstones, outside any memory zone (where every key
    in it is live). ``install(fresh)`` puts the rebuilt table in the old one's place and returns
    the table in use from then on (``fresh`` itself, or the old object holding the new cells)."""

    def __init__(self, table: PreshMap, install, share: float = TOMBSTONE_SHARE):
        self.table, self.install, self.share = table, install, share
        # Filled cells at the last rebuild. What is added since counts as tombstones, though some may
        # be permanent keys (the settled words): the next rebuild tells them apart.
        self.live = len(table)
        self.rebuilds = 0

    def __call__(self) -> bool:
        if len(self.table) - self.live <= self.share * self.table.capacity:
            return False
        fresh = PreshMap(initial_size=self.table.capacity)
        for key, value in self.table.items():
            fresh[key] = value
        self.table = self.install(fresh)
        self.live = len(self.table)
        self.rebuilds += 1
        return True


def _replace_string_table(strings):
    def install(fresh: PreshMap) -> PreshMap:
        strings._map = fresh  # a public attribute
        return fresh

    return install


def _lexeme_table(vocab) -> PreshMap | None:
    """``Vocab._by_orth``: private to Cython, but the vocabulary reports it to the garbage collector."""
    tables = [ref for ref in gc.get_referents(vocab) if isinstance(ref, PreshMap)]
    if len(tables) != 1 or _fields(tables[0]) is None:
        log.warning("spaCy's lexeme table was not found: it will grow with every new word")
        return None
    return tables[0]


def _fields(table: PreshMap) -> int | None:
    """The byte offset of the table's two fields, ``MapStruct* c_map`` then ``Pool mem`` (preshed's
    maps.pxd), checked against what they must hold; None if the layout is not the expected one."""
    (pool,) = gc.get_referents(table)
    words = PreshMap.__basicsize__ // 8
    for i in range(2, words):
        if ctypes.c_void_p.from_address(id(table) + 8 * i).value == id(pool):
            c_map = ctypes.c_void_p.from_address(id(table) + 8 * (i - 1)).value
            # MapStruct: cells, value_for_empty_key, value_for_del_key, length, filled
            length, filled = (ctypes.c_uint64.from_address(c_map + 8 * k).value for k in (3, 4))
            if c_map and (length, filled) == (table.capacity, len(table)):
                return 8 * (i - 1)
    return None


def _swap_tables(table: PreshMap, fresh: PreshMap) -> PreshMap:
    """Swap the contents (``c_map`` and the ``mem`` that owns it) of two tables in place: the
    vocabulary keeps its object, now holding the rebuilt cells; ``fresh`` takes the old ones and
    frees them when it goes. Each object still owns exactly one Pool, so refcounts stay right."""
    offset = _fields(table)
    if offset is None or _fields(fresh) != offset:
        raise RuntimeError("preshed's PreshMap layout changed; not swapping")
    for field in (offset, offset + 8):
        mine = ctypes.c_void_p.from_address(id(table) + field)
        theirs = ctypes.c_void_p.from_address(id(fresh) + field)
        mine.value, theirs.value = theirs.value, mine.value
    return table
