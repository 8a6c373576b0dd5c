"""Pipeline memory and batching: the string store stays flat, results are plain data, batches equal singles.

Speed is measured by bench/, never asserted here; these tests fail on behaviour only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import string
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import spacy

from service import memory
from service import pipeline as pipeline_module
from service.config import Settings
from service.pipeline import Document, Pipeline, _chunks

ROOT = Path(__file__).resolve().parent.parent

PUBLISHED = dt.datetime(2024, 5, 16)
PLAIN = (str, int, float, bool, type(None), dt.date, dt.datetime)


def invented(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(9))


def new_words_text(rng: random.Random) -> tuple[str, list[str]]:
    words = [invented(rng) for _ in range(5)]
    a, b, c, d, e = words
    text = (
        f"President {a.title()} {b.title()} met {c.title()} in {d.title()} on Tuesday "
        f"and said the {e} talks were productive."
    )
    return text, words


def leaves(value, path="result"):
    """Every leaf of an extraction, with its path: dataclasses, lists, tuples and dicts are walked."""
    if dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from leaves(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}[{key!r}]")
    else:
        yield path, value


def test_string_store_does_not_grow_with_new_words(pipeline: Pipeline):
    rng = random.Random(5)
    pipeline.extract(new_words_text(rng)[0], PUBLISHED)  # anything lazy is built by now
    before = len(pipeline.nlp.vocab.strings)
    seen = []
    for _ in range(60):
        text, words = new_words_text(rng)
        result = pipeline.extract(text, PUBLISHED)
        assert result.events, text  # the texts do exercise the extractor
        seen.extend(words)
    assert len(pipeline.nlp.vocab.strings) == before
    assert not any(word in pipeline.nlp.vocab.strings for word in seen)
    assert not any(word in pipeline.nlp.vocab for word in seen)


def test_extract_many_does_not_grow_the_string_store(pipeline: Pipeline):
    rng = random.Random(6)
    before = len(pipeline.nlp.vocab.strings)
    documents = [Document(new_words_text(rng)[0], PUBLISHED) for _ in range(40)]
    results = list(pipeline.extract_many(documents, batch_size=8))
    assert len(results) == 40
    assert len(pipeline.nlp.vocab.strings) == before


def test_results_are_plain_python_data(pipeline: Pipeline, seed):
    """Nothing created inside the memory zone (Doc, Token, Span, a string hash) escapes it."""
    results = [pipeline.extract(seed["text"], dt.datetime.fromisoformat(seed["published_at"]))]
    results += list(pipeline.extract_many([Document(seed["text"])]))
    for result in results:
        assert result.events
        for path, value in leaves(result):
            assert isinstance(value, PLAIN), f"{path} is a {type(value).__module__}.{type(value).__name__}"


def test_extract_many_equals_extract_across_chunks(pipeline: Pipeline, seed):
    texts = [
        seed["text"],
        "Xi will visit Paris on Monday.",
        "Blinken urged China to end its support for Russia, he said on Friday.",
        "The two leaders signed a joint statement in Beijing.",
        "No event here at all.",
    ]
    documents = [Document(t, PUBLISHED if i % 2 else None) for i, t in enumerate(texts)]
    singles = [pipeline.extract(d.text, d.published_at) for d in documents]
    for batch_size in (1, 2, 16):
        assert list(pipeline.extract_many(documents, batch_size=batch_size)) == singles


def test_extract_many_is_lazy_and_yields_outside_the_zone(pipeline: Pipeline):
    consumed = []

    def documents():
        for i in range(5):
            consumed.append(i)
            yield Document(f"Minister {i} said the talks went well.", PUBLISHED)

    results = pipeline.extract_many(documents(), batch_size=2)
    assert consumed == []
    first = next(results)
    assert first.events
    assert consumed == [0, 1]  # one chunk read, not the whole input
    assert not pipeline.nlp.vocab.in_memory_zone  # the caller may call extract() between items
    assert pipeline.extract("Xi said so.", PUBLISHED).events
    assert len([first, *results]) == 5


def test_concurrent_callers_get_the_same_results(pipeline: Pipeline, seed):
    """gthread workers call one Pipeline from several threads: zones must not interleave."""
    texts = [seed["text"], "Putin met Xi in Beijing on Thursday.", "Xi will visit Paris on Monday."] * 3
    expected = [pipeline.extract(t, PUBLISHED) for t in texts]
    got: dict[int, object] = {}

    def work(i: int) -> None:
        got[i] = pipeline.extract(texts[i], PUBLISHED)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(texts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [got[i] for i in range(len(texts))] == expected


def test_spacys_lemmatizer_cache_is_bounded(spacy_nlp, monkeypatch: pytest.MonkeyPatch):
    """Where components.py's stand-in is not used, spaCy's own lemmatizer cache is bounded."""
    pipeline = Pipeline(spacy_nlp)
    caches = pipeline._clean_up.lemma_caches
    assert caches, "the model's rule lemmatizer cache was not found"
    monkeypatch.setattr(memory, "LEMMA_CACHE_LIMIT", 20)
    rng = random.Random(7)
    for _ in range(30):
        pipeline.extract(new_words_text(rng)[0], PUBLISHED)
        assert all(len(cache) <= 20 for cache in caches)


def test_hash_tables_keep_their_size_over_zones_of_new_words():
    """Without the rebuilds, preshed's tombstones double both tables every so many new words."""
    nlp = spacy.blank("en")
    leftovers = memory.ZoneLeftovers(nlp)
    assert len(leftovers.tables) == 2, "the lexeme table was not found"
    rng = random.Random(11)

    def zone_of_new_words() -> None:
        with nlp.memory_zone():
            nlp(" ".join(invented(rng) for _ in range(100)))
        leftovers()

    zone_of_new_words()  # the first sizes the tables for a zone's own words
    sized = [table.table.capacity for table in leftovers.tables]
    for _ in range(60):  # 6,000 new words
        zone_of_new_words()
        assert [table.table.capacity for table in leftovers.tables] == sized
    assert all(table.rebuilds for table in leftovers.tables)


def test_rebuilt_tables_keep_every_live_entry():
    nlp = spacy.blank("en")
    kept = [f"kept{i}" for i in range(1000)]
    for word in kept:
        nlp.vocab[word]  # a permanent string and lexeme
    leftovers = memory.ZoneLeftovers(nlp)
    lexemes = leftovers.tables[1].table
    with nlp.memory_zone():
        nlp(" ".join(f"passing{i}" for i in range(lexemes.capacity)))
    leftovers()
    assert all(table.rebuilds == 1 for table in leftovers.tables)
    assert lexemes is memory._lexeme_table(nlp.vocab)  # rebuilt in place: the vocabulary's own object
    assert all(word in nlp.vocab and nlp.vocab[word].text == word for word in kept)
    assert nlp.vocab["kept7"].shape_ == "xxxxd" and nlp.vocab.strings["kept7"] == nlp.vocab["kept7"].orth
    assert "passing1" not in nlp.vocab and "passing1" not in nlp.vocab.strings
    doc = nlp("kept3 and passing2")
    assert [t.text for t in doc] == ["kept3", "and", "passing2"]


def test_settled_words_outlive_a_zone_and_new_ones_do_not():
    nlp = spacy.blank("en")
    for word in ("minister", "talks", "3rd", "co-operation"):
        nlp.vocab.strings.add(word)
    assert "minister" not in nlp.vocab
    assert memory.settle_vocabulary(nlp) >= 2
    with nlp.memory_zone():
        nlp("The minister held talks with Zorbladine.")
    assert "minister" in nlp.vocab and "talks" in nlp.vocab
    assert "Zorbladine" not in nlp.vocab
    with nlp.memory_zone(), pytest.raises(RuntimeError):
        memory.settle_vocabulary(nlp)


def test_settled_words_keep_their_tokenization_cached():
    """spaCy caches no tokenization inside a zone, and 10,000 chunks at most: settling makes room
    for every settled word, so the cache filled before fork is the one the workers use."""
    nlp = spacy.blank("en")
    for word in [f"w{i}" for i in range(12_000)] + ["co-operation", "U.S."]:
        nlp.vocab.strings.add(word)
    settled = memory.settle_vocabulary(nlp)
    assert settled >= 12_002
    assert nlp.tokenizer.max_cache_size >= settled + memory.TOKENIZER_CACHE_SPARE
    with nlp.memory_zone():
        assert [t.text for t in nlp("co-operation with the U.S.")] == [
            "co",
            "-",
            "operation",
            "with",
            "the",
            "U.S.",
        ]


def test_a_large_store_settles_its_shortest_words(monkeypatch: pytest.MonkeyPatch):
    nlp = spacy.blank("en")
    for word in ("peace", "accords", "x" * 30):
        nlp.vocab.strings.add(word)
    shorter = [s for s in nlp.vocab.strings if 0 < len(s) < 30 and not any(c.isspace() for c in s)]
    monkeypatch.setattr(memory, "MAX_SETTLED", len(shorter))
    memory.settle_vocabulary(nlp)
    assert "peace" in nlp.vocab and "x" * 30 not in nlp.vocab


def test_unused_components_are_not_loaded():
    nlp = pipeline_module.load_model(Settings().spacy_model)
    spacys = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"}
    assert set(nlp.component_names) == spacys | {"paragraph_breaks"}  # paragraphs.py: no model, a few lines


def test_chunks_end_at_the_size_or_the_character_budget():
    docs = [Document("x" * n) for n in (5, 5, 5, 30, 5, 5, 5, 5)]
    sizes = [[len(d.text) for d in chunk] for chunk in _chunks(docs, size=3, max_chars=12)]
    assert sizes == [[5, 5], [5], [30], [5, 5], [5, 5]]  # a text longer than the budget goes alone
    assert [len(c) for c in _chunks(docs, size=3, max_chars=10_000)] == [3, 3, 2]
    assert list(_chunks([], size=3, max_chars=10)) == []


def test_extract_many_with_a_small_character_budget_equals_extract(
    pipeline: Pipeline, seed, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(pipeline_module, "MAX_BATCH_CHARS", 60)
    texts = ["Xi will visit Paris on Monday.", seed["text"], "Putin met Xi in Beijing.", "Biden said so."]
    documents = [Document(t, PUBLISHED) for t in texts]
    assert list(pipeline.extract_many(documents)) == [pipeline.extract(t, PUBLISHED) for t in texts]


HELD_PROBE = """
import sys
from service.memory import hold_freed_memory
held = sys.argv[1] == "hold" and hold_freed_memory()
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096
blocks = [bytearray(2**20) for _ in range(100)]
before = rss()
del blocks
print(held, (before - rss()) // 2**20)
"""


def test_freed_memory_is_held_for_the_next_request():
    """With glibc's defaults, 100 freed blocks of 1 MB go back to the kernel (and fault in again on
    the next request); after hold_freed_memory() they stay with the process."""
    if not Path("/proc/self/statm").exists():
        pytest.skip("needs /proc")

    def freed_mb(mode: str) -> tuple[str, int]:
        out = subprocess.run(
            [sys.executable, "-c", HELD_PROBE, mode], capture_output=True, text=True, check=True, cwd=ROOT
        )
        held, mb = out.stdout.split()
        return held, int(mb)

    held, kept_back = freed_mb("hold")
    if held != "True":
        pytest.skip("not glibc: hold_freed_memory does nothing here")
    assert kept_back < 10
    assert freed_mb("default")[1] >= 90
