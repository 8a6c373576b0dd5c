"""An extraction as the API's JSON: one function for the web layer, the command line and Spark.

``render`` is exactly what ``POST /v1/extract`` answers for a document, dumped through the same
marshmallow ``ExtractResponseSchema``, so every way of running the extraction gives the same JSON.
``answer`` is the same data before the dump, for callers that dump it inside a larger schema
(the batch endpoint: its schema nests this one, and dumping twice would cost twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from schemas import ExtractResponseSchema

from . import __version__
from .events.model import Extraction
from .language import non_english_warning

_response = ExtractResponseSchema()


def answer(
    extraction: Extraction,
    *,
    text: str,
    doc_id: str | None,
    published_at: dt.datetime | None,
    model_info: dict[str, str],
    processing_ms: float,
    extra_warnings: Iterable[str] = (),
) -> dict:
    """The data of ``POST /v1/extract``'s answer for the document ``text``, before the schema
    dumps it (``processing_ms`` is the caller's). Warnings: the extraction's, then a non-English
    notice, then ``extra_warnings`` (request-level notices, e.g. a field given twice)."""
    reference = extraction.reference
    warnings = list(extraction.warnings)
    if language := non_english_warning(text):
        warnings.append(language)
    warnings.extend(extra_warnings)
    return {
        "id": doc_id,
        "events": extraction.events,
        "dates": extraction.dates,
        "places": extraction.places,
        "warnings": warnings,
        "meta": {
            "model": model_info,
            "service_version": __version__,
            "published_at": published_at.isoformat() if published_at else None,
            "reference": {"value": reference.value.isoformat(), "source": reference.source}
            if reference
            else None,
            "processing_ms": round(processing_ms, 2),
        },
    }


def dump(data: dict) -> dict:
    """``answer``'s data as ``POST /v1/extract`` sends it, through its schema."""
    return _response.dump(data)


def render(extraction: Extraction, **context) -> dict:
    """The answer of ``POST /v1/extract``, dumped through its schema (``context``: see ``answer``)."""
    return dump(answer(extraction, **context))
