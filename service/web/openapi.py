"""The OpenAPI 3.1 contract, generated from the marshmallow schemas with apispec.

``openapi.yaml`` at the top of the repository is this output, committed; a test regenerates
it and fails on any difference, so the file and the code cannot drift apart.
"""

from __future__ import annotations

from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.yaml_utils import dict_to_yaml

import schemas
from schemas.request import DATE_PATTERN, DocumentItem

PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
HEADERS = {
    "X-Request-ID": {
        "description": "The request id: the client's X-Request-ID when it is sane (1-128 of "
        "A-Z a-z 0-9 . _ : @ / + = -), else a generated one. Also in problem bodies and every log line.",
        "required": True,
        "schema": {"type": "string", "maxLength": 128},
    },
    "WWW-Authenticate": {
        "description": "The scheme to authenticate with.",
        "required": True,
        "schema": {"type": "string", "example": 'Bearer realm="news-events"'},
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "required": False,
        "schema": {"type": "string"},
    },
}
EXTRA_HEADERS = {"401": ["WWW-Authenticate"], "503": ["Retry-After"]}
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "One of EVENTS_API_KEYS."},
    "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "One of EVENTS_API_KEYS.",
    },
}
# Keys are optional: only when EVENTS_API_KEYS is set (the empty requirement says so).
PROTECTED = [{}, {"bearer": []}, {"apiKey": []}]
OPEN: list = []
REQUEST_ID_PARAMETER = {
    "name": "X-Request-ID",
    "in": "header",
    "required": False,
    "description": "Your request id, echoed back when sane; otherwise one is generated.",
    "schema": {"type": "string"},
}
ERRORS = {
    "400": "Malformed or truncated JSON, nesting too deep, a duplicate key, NaN/Infinity, or invalid UTF-8.",
    "401": "Missing or invalid API key (only when EVENTS_API_KEYS is set).",
    "404": "No such route.",
    "405": "Method not allowed on this route.",
    "413": "Body, text, batch length or batch characters over its limit (GET /v1/info).",
    "415": "Missing or unsupported media type, a charset other than UTF-8, or a compressed body. A form-encoded "
    "body (curl -d) is refused with what to send instead: --data-binary @article.txt -H 'Content-Type: text/plain'.",
    "422": "Validation failed; `errors` names each field.",
    "500": "Unexpected server error (never carries a stack trace).",
    "503": "Not ready, or the request took longer than the time limit (EVENTS_REQUEST_TIMEOUT_S).",
}


def _headers(code: str) -> dict:
    names = ["X-Request-ID", *EXTRA_HEADERS.get(code, [])]
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def _errors(*codes: str) -> dict:
    return {
        code: {"description": ERRORS[code], "headers": _headers(code), "content": PROBLEM} for code in codes
    }


def _ok(schema: str, description: str) -> dict:
    return {
        "200": {
            "description": description,
            "headers": _headers("200"),
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }
    }


PUBLISHED_AT = {
    "name": "published_at",
    "in": "query",
    "required": False,
    "description": "With a text/plain body: ISO 8601 publication date or date-time.",
    "schema": {"type": "string", "pattern": DATE_PATTERN, "example": "2024-05-16"},
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
            "security": PROTECTED,
            "parameters": [PUBLISHED_AT, ID, REQUEST_ID_PARAMETER],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Document"}},
                    "text/plain": {"schema": {"type": "string", "minLength": 1, "pattern": r"\S"}},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "description": "An upload (curl -F file=@article.txt): read as a text/plain body.",
                            "required": ["file"],
                            "properties": {
                                "file": {
                                    "type": "string",
                                    "minLength": 1,
                                    "pattern": r"\S",
                                    "contentMediaType": "text/plain",
                                    "description": "The article: a UTF-8 text file.",
                                },
                                "published_at": {"type": "string", "pattern": DATE_PATTERN},
                                "id": {"type": "string", "maxLength": 256},
                            },
                            "additionalProperties": False,
                        },
                        "encoding": {"file": {"contentType": "text/plain, application/octet-stream"}},
                    },
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
            "security": PROTECTED,
            "parameters": [REQUEST_ID_PARAMETER],
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
            "security": OPEN,
            "parameters": [REQUEST_ID_PARAMETER],
            "responses": _ok("Health", "Alive."),
        }
    },
    "/readyz": {
        "get": {
            "summary": "The model is loaded and a tiny extraction works.",
            "operationId": "readyz",
            "security": OPEN,
            "parameters": [REQUEST_ID_PARAMETER],
            "responses": {**_ok("Health", "Ready."), **_errors("503")},
        }
    },
    "/v1/info": {
        "get": {
            "summary": "Service and model versions, event types with roles, limits.",
            "operationId": "info",
            "security": PROTECTED,
            "parameters": [REQUEST_ID_PARAMETER],
            "responses": {**_ok("Info", "About this service."), **_errors("401")},
        }
    },
    "/metrics": {
        "get": {
            "summary": "Prometheus metrics, summed over all gunicorn workers.",
            "operationId": "metrics",
            "security": PROTECTED,
            "parameters": [REQUEST_ID_PARAMETER],
            "responses": {
                "200": {
                    "description": "Prometheus text exposition format: events_http_requests_total, "
                    "events_http_request_duration_seconds, events_http_errors_total, events_extracted_total, "
                    "events_documents_total, events_request_timeouts_total.",
                    "headers": _headers("200"),
                    "content": {"text/plain": {"schema": {"type": "string"}}},
                },
                **_errors("401"),
            },
        }
    },
    "/openapi.yaml": {
        "get": {
            "summary": "This contract (open with keys set: it is public, and /docs loads it).",
            "operationId": "openapi",
            "security": OPEN,
            "parameters": [REQUEST_ID_PARAMETER],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 document.",
                    "headers": _headers("200"),
                    "content": {"application/yaml": {"schema": {"type": "object"}}},
                },
            },
        }
    },
}


def _page(summary: str, operation_id: str, description: str) -> dict:
    return {
        "get": {
            "summary": summary,
            "operationId": operation_id,
            "security": OPEN,
            "parameters": [REQUEST_ID_PARAMETER],
            "responses": {
                "200": {
                    "description": description,
                    "headers": _headers("200"),
                    "content": {"text/html": {"schema": {"type": "string"}}},
                }
            },
        }
    }


PATHS |= {
    "/": _page(
        "The extraction page: the text with its events marked, a timeline and a table.",
        "page",
        "An HTML page; its script and style are the service's own files (/static/).",
    ),
    "/docs": _page("This contract as interactive documentation (Swagger UI).", "docs", "An HTML page."),
    "/problems": _page(
        "Every problem type, one section each: a problem's `type` is /problems#<slug>.",
        "problems",
        "An HTML page.",
    ),
}
TOP_LEVEL = ("openapi", "info", "paths", "components")  # the order readers expect

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
    """Batch items are loaded one by one: a ``Document`` is answered, anything else is reported with
    its index (``results[i].error``) while the other items are still answered, so the request as a
    whole accepts any item."""
    if not isinstance(field, DocumentItem):
        return {}
    return {
        "anyOf": [{"$ref": "#/components/schemas/Document"}, {}],
        "description": "A Document; an invalid item gets its own problem in results, by index.",
    }


def build_spec() -> APISpec:
    from .. import __version__

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
    for name, header in HEADERS.items():
        spec.components.header(name, header)
    for name, scheme in SECURITY_SCHEMES.items():
        spec.components.security_scheme(name, scheme)
    for path, operations in PATHS.items():
        spec.path(path=path, operations=operations)
    return spec


@cache
def spec_yaml() -> str:
    spec = build_spec().to_dict()
    ordered = {key: spec[key] for key in TOP_LEVEL if key in spec}
    return dict_to_yaml(ordered | spec)


if __name__ == "__main__":  # make openapi: python -m service.web.openapi > openapi.yaml
    print(spec_yaml(), end="")
