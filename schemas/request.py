"""Request bodies: every field validated, unknown fields rejected by name."""

from __future__ import annotations

import datetime as dt
import re

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates

EARLIEST, LATEST = dt.datetime(1800, 1, 1), dt.datetime(2199, 12, 31, 23, 59, 59)
SURROGATE = re.compile("[\ud800-\udfff]")
# The shape of the accepted dates, also in the contract: years 1800-2199, each month's days (only a
# 29 February of a common year gets past it, to be refused by the parser).
DATE_PATTERN = (
    r"^(18|19|20|21)\d\d-"
    r"((0[13578]|1[02])-(0[1-9]|[12]\d|3[01])|(0[469]|11)-(0[1-9]|[12]\d|30)|02-(0[1-9]|1\d|2\d))"
    r"([T ]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$"
)
DATE_SHAPE = re.compile(DATE_PATTERN)


class PublishedAt(fields.Field):
    """An ISO 8601 date (``2024-05-16``) or date-time (``2024-05-16T08:30:00+02:00``), years 1800-2199."""

    default_error_messages = {
        "invalid": "Not a valid ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm[:ss][+hh:mm]).",
        "range": "Out of range: the date must fall in the years 1800 to 2199.",
    }

    def _deserialize(self, value, attr, data, **kwargs) -> dt.datetime:
        if not isinstance(value, str) or not 8 <= len(value) <= 40:
            raise self.make_error("invalid")
        if not DATE_SHAPE.fullmatch(value):
            raise self.make_error("invalid")
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise self.make_error("invalid") from exc
        if not EARLIEST <= parsed.replace(tzinfo=None) <= LATEST:
            raise self.make_error("range")
        return parsed

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.isoformat()


class UnicodeString(fields.String):
    """A string of Unicode scalar values: JSON can spell a lone surrogate (``"\\ud800"``), which is
    not text and cannot be encoded back into an answer."""

    default_error_messages = {"surrogate": "Contains an unpaired surrogate (U+{code:04X}) at {index}."}

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        if found := SURROGATE.search(text):
            raise self.make_error("surrogate", code=ord(found.group()), index=found.start())
        return text


class DocumentSchema(Schema):
    class Meta:
        unknown = RAISE

    text = UnicodeString(
        required=True,
        metadata={
            "description": "Raw article text (UTF-8), not blank; at most max_text_chars characters "
            "(GET /v1/info), longer gets 413.",
            "pattern": r"\S",
        },
    )
    published_at = PublishedAt(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Publication time, ISO 8601 date or date-time in the years 1800-2199; "
            "relative dates are resolved against it.",
            "type": "string",
            "pattern": DATE_PATTERN,
            "example": "2024-05-16",
        },
    )
    id = UnicodeString(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=256),
        metadata={"description": "Your identifier, echoed back."},
    )

    @validates("text")
    def _not_blank(self, value: str, **kwargs) -> None:
        if not value.strip():
            raise ValidationError("Text is empty or whitespace only.")


class JsonBoolean(fields.Boolean):
    """``true`` or ``false`` only: not 1, "yes" or "true" in quotes."""

    def _deserialize(self, value, attr, data, **kwargs) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


class DocumentItem(fields.Raw):
    """A batch item, kept raw here and loaded with ``DocumentSchema`` one by one by the API, so
    one bad item is reported by its index while the others are answered. The contract shows it
    as a ``Document``."""


class BatchRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    documents = fields.List(DocumentItem(allow_none=True), required=True, validate=validate.Length(min=1))
    stories = JsonBoolean(
        load_default=False,
        metadata={
            "description": "Also group the events of all documents into stories (top-level `stories`): "
            "one story per real-world event, with every document that reports it."
        },
    )


class ExtractQuerySchema(Schema):
    """Query parameters of ``POST /v1/extract`` (used with a ``text/plain`` body)."""

    class Meta:
        unknown = RAISE

    published_at = PublishedAt(load_default=None, metadata={"type": "string", "pattern": DATE_PATTERN})
    id = UnicodeString(load_default=None, validate=validate.Length(max=256))
