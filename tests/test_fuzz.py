"""schemathesis: requests generated from openapi.yaml against the app; no 5xx, every answer as the
contract says (status, content type, headers, body schema). A bounded run inside `make test`
(FUZZ_EXAMPLES per operation, default 25); the README shows a longer one.

The schema is loaded at collection time and the app passed per call: schemathesis's
``from_fixture`` relies on a pytest attribute that pytest 9 removed.
"""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from service.web import create_app

from .conftest import ROOT

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
CONFIG = schemathesis.config.SchemathesisConfig.from_path(ROOT / "schemathesis.toml")
schema = schemathesis.openapi.from_path(ROOT / "openapi.yaml", config=CONFIG)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_app_keeps_the_contract(case, app):
    case.call_and_validate(app=app)


@pytest.fixture(scope="module")
def locked_app(pipeline, settings):
    return create_app(replace(settings, api_keys=("fuzz-key",)), pipeline=pipeline)


@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_with_keys_set_the_answers_keep_the_contract_too(case, locked_app):
    case.call_and_validate(app=locked_app)
