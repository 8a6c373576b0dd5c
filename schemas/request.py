"""Request bodies: every field validated, unknown fields rejected by name."""

from __future__ import annotations

import datetime as dt

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates


class PublishedAt(fields.Field):
    """An ISO 8601 date (``2024-05-16``) or date-time (``2024-05-16T08:30:00+02:00``)."""

    default_error_messages = {"invalid": "Not a valid ISO 8601 date or date-time."}

    def _deserialize(self, value, attr, data, **kwargs) -> dt.datetime:
        if not isinstance(value, str) or not 8 <= len(value) <= 40:
            raise self.make_error("invalid")
        try:
            return dt.datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise self.make_error("invalid") from exc

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.isoformat()


class DocumentSchema(Schema):
    class Meta:
        unknown = RAISE

    text = fields.String(required=True, metadata={"description": "Raw article text (UTF-8)."})
    published_at = PublishedAt(
        load_default=None,
        allow_none=True,
        metadata={
            "description": "Publication time; relative dates are resolved against it.",
            "type": "string",
            "example": "2024-05-16",
        },
    )
    id = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=256),
        metadata={"description": "Your identifier, echoed back."},
    )

    @validates("text")
    def _not_blank(self, value: str, **kwargs) -> None:
        if not value.strip():
            raise ValidationError("Text is empty or whitespace only.")


class DocumentItem(fields.Raw):
    """A batch item, kept raw here and loaded with ``DocumentSchema`` one by one by the API, so
    one bad item is reported by its index while the others are answered. The contract shows it
    as a ``Document``."""


class BatchRequestSchema(Schema):
    class Meta:
        unknown = RAISE

    documents = fields.List(DocumentItem(), required=True, validate=validate.Length(min=1))


class ExtractQuerySchema(Schema):
    """Query parameters of ``POST /v1/extract`` (used with a ``text/plain`` body)."""

    class Meta:
        unknown = RAISE

    published_at = PublishedAt(load_default=None, metadata={"type": "string"})
    id = fields.String(load_default=None, validate=validate.Length(max=256))
