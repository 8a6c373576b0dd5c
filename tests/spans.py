"""One check for every answer: each span's text is exactly the submitted text at its offsets."""

from __future__ import annotations

from service.events.model import Extraction


def assert_extraction_spans(text: str, result: Extraction) -> None:
    for event in result.events:
        spans = [event.trigger, event.sentence, *event.actors, *(m.trigger for m in event.mentions)]
        spans += [p for p in (event.date, event.location) if p is not None and p.start is not None]
        for span in spans:
            assert text[span.start : span.end] == span.text
    for date in result.dates:
        assert text[date.start : date.end] == date.text
    for place in result.places:
        assert text[place.start : place.end] == place.text
