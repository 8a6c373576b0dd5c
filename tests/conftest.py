"""Shared fixtures: the real model loads once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from service.config import Settings
from service.pipeline import Pipeline, load_model
from service.web import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MODEL = Settings().spacy_model


@pytest.fixture(scope="session")
def nlp():
    """The model as the service loads it (components.py's stand-ins included)."""
    return load_model(MODEL)


@pytest.fixture(scope="session")
def spacy_nlp():
    """The model as spaCy loads it."""
    return spacy.load(MODEL)


@pytest.fixture(scope="session")
def pipeline(nlp) -> Pipeline:
    return Pipeline(nlp)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(max_body_bytes=300_000, max_text_chars=100_000, max_batch_documents=8)


@pytest.fixture(scope="session")
def app(pipeline, settings):
    app = create_app(settings, pipeline=pipeline)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


def load_seed(name: str) -> dict:
    """A seed article with its gold events (seeds/<name>.txt and .gold.json)."""
    gold = json.loads((SEEDS / f"{name}.gold.json").read_text(encoding="utf-8"))
    gold["text"] = (SEEDS / gold["text_file"]).read_text(encoding="utf-8")
    return gold


@pytest.fixture(scope="session")
def seed() -> dict:
    return load_seed("putin-xi-beijing-2024-05-16")


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    return tmp_path_factory.mktemp("gunicorn") / "server.log"


@pytest.fixture(scope="module")
def server(server_log):
    """gunicorn as `make run` starts it, one per test module that asks (integration and resilience)."""
    from .test_integration import CURL, start_gunicorn, stop

    assert CURL, "curl is needed for the integration tests"
    process, url = start_gunicorn(server_log)
    try:
        yield url
    finally:
        stop(process)
