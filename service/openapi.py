"""The OpenAPI 3.1 contract, generated from the marshmallow schemas with apispec.

``openapi.yaml`` at the top of the repository is this output, committed; a test regenerates
it and fails on any difference, so the file and the code cannot drift apart.
"""

from __future__ import annotations

from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

import schemas
from schemas.request import DocumentItem

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
ERRORS = {
    "400": "Malformed JSON or invalid UTF-8.",
    "401": "Missing or invalid API key (when keys are configured).",
    "404": "No such route.",
    "405": "Method not allowed on this route.",
    "413": "Body, text or batch over its limit.",
    "415": "Unsupported media type or charset.",
    "422": "Validation failed; `errors` names each field.",
    "500": "Unexpected server error (never carries a stack trace).",
    "503": "Not ready, or the request took longer than the time limit.",
}


def _errors(*codes: str) -> dict:
    return {code: {"description": ERRORS[code], "content": PROBLEM} for code in codes}


def _ok(schema: str, description: str) -> dict:
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }
    }


PUBLISHED_AT = {
    "name": "published_at",
    "in": "query",
    "required": False,
    "description": "With a text/plain body: ISO 8601 publication date or date-time.",
    "schema": {"type": "string", "example": "2024-05-16"},
}
ID = {
    "name": "id",
    "in": "query",
    "required": False,
    "description": "With a text/plain body: your identifier, echoed back.",
    "schema": {"type": "string", "maxLength": 256},
}

PATHS = {
    "/v1/extract": {
        "post": {
            "summary": "Extract events and temporal expressions from one article.",
            "operationId": "extract",
            "parameters": [PUBLISHED_AT, ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Document"}},
                    "text/plain": {"schema": {"type": "string", "minLength": 1}},
                },
            },
            "responses": {
                **_ok("ExtractResponse", "Events and dates found in the text."),
                **_errors("400", "401", "413", "415", "422", "500", "503"),
            },
        }
    },
    "/v1/extract/batch": {
        "post": {
            "summary": "Extract from several articles; results in input order, invalid items reported by index.",
            "operationId": "extractBatch",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}}},
            },
            "responses": {
                **_ok("BatchResponse", "One result or problem per document, in input order."),
                **_errors("400", "401", "413", "415", "422", "500", "503"),
            },
        }
    },
    "/healthz": {
        "get": {
            "summary": "The process is alive.",
            "operationId": "healthz",
            "responses": _ok("Health", "Alive."),
        }
    },
    "/readyz": {
        "get": {
            "summary": "The model is loaded and a tiny extraction works.",
            "operationId": "readyz",
            "responses": {**_ok("Health", "Ready."), **_errors("503")},
        }
    },
    "/v1/info": {
        "get": {
            "summary": "Service and model versions, event types with roles, limits.",
            "operationId": "info",
            "responses": {**_ok("Info", "About this service."), **_errors("401")},
        }
    },
    "/openapi.yaml": {
        "get": {
            "summary": "This contract.",
            "operationId": "openapi",
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 document.",
                    "content": {"application/yaml": {"schema": {"type": "string"}}},
                }
            },
        }
    },
}

# Nested schemas before the ones that nest them: apispec registers a nested schema on first use.
COMPONENTS = {
    "Problem": schemas.ProblemSchema,
    "Document": schemas.DocumentSchema,
    "BatchRequest": schemas.BatchRequestSchema,
    "ExtractResponse": schemas.ExtractResponseSchema,
    "BatchResponse": schemas.BatchResponseSchema,
    "Info": schemas.InfoSchema,
    "Health": schemas.HealthSchema,
}


def _document_item(converter, field, **kwargs) -> dict:
    """Batch items are loaded one by one, but the contract shows their real shape."""
    return {"$ref": "#/components/schemas/Document"} if isinstance(field, DocumentItem) else {}


def build_spec() -> APISpec:
    from . import __version__

    marshmallow_plugin = MarshmallowPlugin()
    spec = APISpec(
        title="news-events",
        version=__version__.split("+")[0],
        openapi_version="3.1.0",
        plugins=[marshmallow_plugin],
        info={
            "description": "Turns news text into structured events: meetings, statements, visits and "
            "agreements with actors, TIMEX3 dates, places, modality and the character "
            "offsets (Python code points) that prove every piece.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
    )
    marshmallow_plugin.converter.add_attribute_function(_document_item)
    for name, schema in COMPONENTS.items():
        spec.components.schema(name, schema=schema)
    for path, operations in PATHS.items():
        spec.path(path=path, operations=operations)
    return spec


@cache
def spec_yaml() -> str:
    return build_spec().to_yaml()


if __name__ == "__main__":  # make openapi: python -m service.openapi > openapi.yaml
    print(spec_yaml(), end="")
