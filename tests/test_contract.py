"""openapi.yaml is the contract: the committed file, the code and live answers must agree."""

from __future__ import annotations

import pytest
import yaml
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from service.web.openapi import spec_yaml

from .conftest import ROOT


@pytest.fixture(scope="module")
def contract() -> dict:
    return yaml.safe_load((ROOT / "openapi.yaml").read_text(encoding="utf-8"))


def test_committed_contract_matches_the_code():
    committed = (ROOT / "openapi.yaml").read_text(encoding="utf-8")
    assert committed == spec_yaml(), "openapi.yaml is stale: run `make openapi` and commit it"


def test_contract_is_valid_openapi_3_1(contract):
    assert contract["openapi"] == "3.1.0"
    validate(contract)


def answer_validator(contract: dict, component: str) -> OAS31Validator:
    return OAS31Validator({"$ref": f"#/components/schemas/{component}", "components": contract["components"]})


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "component"),
    [
        (
            "post",
            "/v1/extract",
            {"json": {"text": "Putin met Xi in Beijing on Thursday.", "published_at": "2024-05-16"}},
            "ExtractResponse",
        ),
        ("post", "/v1/extract", {"json": {"text": "He said so."}}, "ExtractResponse"),
        (
            "post",
            "/v1/extract/batch",
            {"json": {"documents": [{"text": "Xi met Putin."}, {"text": ""}]}},
            "BatchResponse",
        ),
        ("get", "/v1/info", {}, "Info"),
        ("get", "/healthz", {}, "Health"),
        ("get", "/readyz", {}, "Health"),
        ("post", "/v1/extract", {"json": {"text": 1}}, "Problem"),
        ("get", "/missing", {}, "Problem"),
    ],
)
def test_live_answers_follow_the_contract(client, contract, method, path, kwargs, component):
    response = getattr(client, method)(path, **kwargs)
    answer_validator(contract, component).validate(response.get_json())
    documented = contract["paths"].get(path, {}).get(method, {}).get("responses", {})
    if documented:
        assert str(response.status_code) in documented


def test_seed_answer_follows_the_contract(client, contract, seed):
    body = client.post(
        "/v1/extract", json={"text": seed["text"], "published_at": seed["published_at"]}
    ).get_json()
    answer_validator(contract, "ExtractResponse").validate(body)
