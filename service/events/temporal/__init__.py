"""Temporal expressions: find them in the text and give each a TIMEX3 value against a reference time.

Spans come from one pass of data-driven regex rules over the text (``lexicons/timex_rules.jsonl``);
the spaCy parse is read only to decide the direction (past or future) of a relative expression.
"""

from .tagger import TemporalTagger, calendar_date

__all__ = ["TemporalTagger", "calendar_date"]
