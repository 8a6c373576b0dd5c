"""Response bodies, dumped from the core's dataclasses. Offsets are Python code-point offsets."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

MODALITIES = ("asserted", "planned", "negated", "hypothetical")
EVENT_TYPES = ("meeting", "statement", "visit", "agreement")
PLACE_FEATURES = ("country", "continent", "macroregion", "region", "district", "city")


class SpanSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Code-point offset, inclusive."})
    end = fields.Integer(required=True, metadata={"description": "Code-point offset, exclusive."})


class ActorSchema(SpanSchema):
    name = fields.String(required=True, metadata={"description": "Fullest name the document gives."})
    role = fields.String(required=True, metadata={"example": "speaker"})
    kind = fields.String(
        required=True,
        validate=validate.OneOf(("person", "organization", "country", "group", "place", "document")),
    )
    title = fields.String(allow_none=True)
    country = fields.String(allow_none=True, metadata={"description": "ISO 3166 alpha-3."})
    resolved_by = fields.String(metadata={"description": "name, descriptor, pronoun or group."})


DATE_SOURCES = ("explicit", "continued", "reporting_time", "anterior", "inherited")


class EventDateSchema(Schema):
    text = fields.String(allow_none=True)
    start = fields.Integer(allow_none=True)
    end = fields.Integer(allow_none=True)
    value = fields.String(required=True, metadata={"description": "Calendar value (TIMEX3 date part)."})
    timex = fields.String(allow_none=True, metadata={"description": "The expression's own TIMEX3 value."})
    type = fields.String(required=True)
    granularity = fields.String(allow_none=True)
    source = fields.String(
        required=True,
        validate=validate.OneOf(DATE_SOURCES),
        metadata={
            "description": "explicit: a time expression of the event's own clause; continued: the date of the "
            'speech a reporting clause continues ("Speaking yesterday, he said"); reporting_time: a reporting '
            "clause without a time of its own, dated the article's now (dateline day, else published_at); "
            'anterior: told in the past perfect ("had agreed") with no day of its own: PAST_REF; '
            "inherited: the story's current day from the context."
        },
    )


class GeoFields(Schema):
    """Where a place is: its GeoNames entry (all null when the gazetteer has no entry for it)."""

    geonames_id = fields.Integer(allow_none=True, metadata={"description": "GeoNames id of the entry."})
    lat = fields.Float(allow_none=True, metadata={"description": "Latitude, WGS84 degrees."})
    lon = fields.Float(allow_none=True, metadata={"description": "Longitude, WGS84 degrees."})
    feature = fields.String(
        allow_none=True,
        validate=validate.OneOf(PLACE_FEATURES),
        metadata={"description": "What kind of place the entry is."},
    )


class LocationSchema(SpanSchema, GeoFields):
    name = fields.String(required=True)
    source = fields.String(required=True, validate=validate.OneOf(("explicit", "inherited", "dateline")))
    country = fields.String(allow_none=True)


class PlaceSchema(SpanSchema, GeoFields):
    name = fields.String(required=True, allow_none=True, metadata={"description": "The gazetteer's name."})
    country = fields.String(allow_none=True, required=True, metadata={"description": "ISO 3166 alpha-3."})
    source = fields.String(
        required=True,
        metadata={"description": "The rule that picked the entry (lexicons/geo_rules.jsonl), or unresolved."},
    )


class MentionSchema(Schema):
    trigger = fields.Nested(SpanSchema, required=True)
    sentence = fields.Nested(SpanSchema, required=True)
    rule = fields.String(required=True)


class EventSchema(Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    subtype = fields.String(required=True)
    cameo = fields.String(required=True, metadata={"description": "CAMEO event code."})
    rule = fields.String(required=True, metadata={"description": "Id of the trigger rule that fired."})
    trigger = fields.Nested(SpanSchema, required=True)
    sentence = fields.Nested(SpanSchema, required=True, metadata={"description": "Evidence sentence."})
    actors = fields.List(fields.Nested(ActorSchema), required=True)
    date = fields.Nested(EventDateSchema, allow_none=True, required=True)
    location = fields.Nested(LocationSchema, allow_none=True, required=True)
    modality = fields.String(required=True, validate=validate.OneOf(MODALITIES))
    modality_cue = fields.Nested(SpanSchema, allow_none=True)
    format = fields.String(allow_none=True, metadata={"description": "Meetings: in_person, phone, video."})
    confidence = fields.Float(required=True, validate=validate.Range(0, 1))
    mentions = fields.List(fields.Nested(MentionSchema), required=True)


class TimeExpressionSchema(SpanSchema):
    type = fields.String(required=True, validate=validate.OneOf(("DATE", "TIME", "DURATION", "SET")))
    value = fields.String(required=True, metadata={"description": "TIMEX3 value."})
    granularity = fields.String(allow_none=True)
    anchor = fields.String(
        allow_none=True, metadata={"description": "What a relative value was resolved against."}
    )
    rule = fields.String(allow_none=True)


class ModelInfoSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)
    spacy_version = fields.String(required=True)


class ReferenceSchema(Schema):
    value = fields.String(required=True)
    source = fields.String(required=True, metadata={"description": "published_at, dateline or text."})


class MetaSchema(Schema):
    model = fields.Nested(ModelInfoSchema, required=True)
    service_version = fields.String(required=True)
    published_at = fields.String(allow_none=True, required=True)
    reference = fields.Nested(ReferenceSchema, allow_none=True, required=True)
    processing_ms = fields.Float(required=True)


class ExtractResponseSchema(Schema):
    id = fields.String(allow_none=True)
    events = fields.List(fields.Nested(EventSchema), required=True)
    dates = fields.List(fields.Nested(TimeExpressionSchema), required=True)
    places = fields.List(
        fields.Nested(PlaceSchema),
        required=True,
        metadata={
            "description": "Every place mention, resolved to a GeoNames entry (null coordinates if not)."
        },
    )
    warnings = fields.List(fields.String(), required=True)
    meta = fields.Nested(MetaSchema, required=True)


class ProblemSchema(Schema):
    """RFC 9457 problem details, as ``application/problem+json``."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        metadata={"description": "Messages per field (validation failures)."},
    )
    request_id = fields.String()


class BatchItemSchema(Schema):
    index = fields.Integer(required=True)
    status = fields.Integer(required=True, metadata={"description": "200, or the item's error status."})
    result = fields.Nested(ExtractResponseSchema, allow_none=True, required=True)
    error = fields.Nested(ProblemSchema, allow_none=True, required=True)


class StoryMemberSchema(Schema):
    document = fields.Raw(
        required=True,
        metadata={
            "description": "The document's id, or its index in the request when it has none.",
            "oneOf": [{"type": "string"}, {"type": "integer"}],
        },
    )
    event = fields.String(
        required=True, metadata={"description": "The event's id in that document, e.g. e3."}
    )


class StoryDateSchema(Schema):
    value = fields.String(required=True, metadata={"description": "Calendar value (TIMEX3)."})
    granularity = fields.String(required=True)


class StorySchema(Schema):
    """One real-world event and every event of every document that reports it."""

    id = fields.String(
        required=True, metadata={"description": "Derived from the members: stable across runs."}
    )
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    members = fields.List(fields.Nested(StoryMemberSchema), required=True)
    actors = fields.List(
        fields.String(), required=True, metadata={"description": "Names, most reported first."}
    )
    date = fields.Nested(
        StoryDateSchema,
        allow_none=True,
        required=True,
        metadata={
            "description": "The most specific date stated in a report that agrees with all the others."
        },
    )
    location = fields.String(allow_none=True, required=True)
    first_reported = fields.String(
        allow_none=True, required=True, metadata={"description": "Earliest publication date of a member."}
    )
    sources = fields.Integer(required=True, metadata={"description": "How many documents report it."})


class BatchResponseSchema(Schema):
    results = fields.List(fields.Nested(BatchItemSchema), required=True)
    failed = fields.Integer(required=True)
    stories = fields.List(
        fields.Nested(StorySchema),
        metadata={
            "description": "Only when the request asks for `stories`: every event of every answered "
            "document in exactly one story."
        },
    )


class RoleSchema(Schema):
    type = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    subtypes = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "Subtype -> CAMEO code."},
    )


class InfoSchema(Schema):
    service = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    model = fields.Nested(ModelInfoSchema, required=True)
    event_types = fields.List(fields.Nested(RoleSchema), required=True)
    limits = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    offsets = fields.String(required=True)


class HealthSchema(Schema):
    status = fields.String(required=True)
    detail = fields.String()
