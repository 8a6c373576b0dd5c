"""What ``nlp.memory_zone()`` leaves behind, cleaned up between requests.

Inside a zone, every word the vocabulary does not hold is a new, transient lexeme: built for the
request (a dozen attribute functions per word), then dropped. A freshly loaded model holds about
a thousand lexemes, so without ``settle_vocabulary`` even "the" is rebuilt for every request.

A zone frees the strings and lexemes of words first seen inside it, but two things still grow
with every new word a long-running worker sees:

- the rule lemmatizer's ``(orth, pos, morph) -> lemmas`` dict, which the zone does not cover;
- the string store's hash table. preshed deletes a key by leaving a tombstone, counts tombstones
  as filled, and on resize always doubles. So a table that only ever holds the same live strings
  still doubles every few hundred thousand new words (about 5,000 news articles of unseen names).
  Rebuilding it from its live entries drops the tombstones and keeps its size steady.
"""

from __future__ import annotations

from preshed.maps import PreshMap
from spacy.language import Language
from spacy.strings import StringStore

LEMMA_CACHE_LIMIT = 20_000  # entries; each distinct unseen word form adds one
# Rebuild once tombstones hold a fifth of the cells: well before preshed's resize at 60% filled.
TOMBSTONE_SHARE = 0.2


def settle_vocabulary(nlp: Language) -> int:
    """Make every word of the model's string store (about 74,000 for en_core_web_sm) a permanent
    lexeme. Outside any zone, before fork: the workers share them copy-on-write. Returns how many."""
    if nlp.vocab.in_memory_zone:
        raise RuntimeError("settle_vocabulary inside a memory zone would make nothing permanent")
    words = [string for string in nlp.vocab.strings if string.isalpha()]
    for word in words:
        nlp.vocab[word]  # creates the lexeme, in the vocabulary's own memory
    return len(words)


class ZoneLeftovers:
    """Bounds the caches a memory zone does not free; call it after each zone has closed."""

    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        self.lemma_caches = [
            pipe.cache
            for _, pipe in nlp.pipeline
            if hasattr(pipe, "lemmatize") and isinstance(getattr(pipe, "cache", None), dict)
        ]

    def __call__(self) -> None:
        for cache in self.lemma_caches:
            if len(cache) > LEMMA_CACHE_LIMIT:
                cache.clear()
        compact_string_table(self.strings)


def compact_string_table(strings: StringStore, share: float = TOMBSTONE_SHARE) -> bool:
    """Rebuild the store's hash table, same capacity, without its tombstones once they fill
    ``share`` of it. Only outside a memory zone, where every key in the table is a live one."""
    table = strings._map
    tombstones = len(table) - len(strings)  # len(table) counts filled cells, tombstones included
    if tombstones <= share * table.capacity:
        return False
    fresh = PreshMap(initial_size=table.capacity)
    for key, value in table.items():
        fresh[key] = value
    strings._map = fresh
    return True
