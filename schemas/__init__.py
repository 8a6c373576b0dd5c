"""marshmallow schemas: what the API loads (requests) and dumps (responses, problems)."""

from .request import BatchRequestSchema, DocumentSchema, ExtractQuerySchema
from .response import (
    BatchResponseSchema,
    ExtractResponseSchema,
    HealthSchema,
    InfoSchema,
    ProblemSchema,
    StorySchema,
)

__all__ = [
    "BatchRequestSchema",
    "BatchResponseSchema",
    "DocumentSchema",
    "ExtractQuerySchema",
    "ExtractResponseSchema",
    "HealthSchema",
    "InfoSchema",
    "ProblemSchema",
    "StorySchema",
]
