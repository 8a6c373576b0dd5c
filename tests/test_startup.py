"""Start-up: the model is a setting, loaded by the app factory, and a missing one stops gunicorn in one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from service.config import Settings
from service.pipeline import ModelNotFound, load_model

from .conftest import ROOT


def test_model_name_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("EVENTS_SPACY_MODEL", "en_core_web_trf")
    assert Settings.from_env().spacy_model == "en_core_web_trf"


def test_missing_model_raises_a_clear_error():
    with pytest.raises(ModelNotFound, match="not installed"):
        load_model("no_such_pipeline_xyz")


def test_importing_the_service_loads_no_model():
    # Loading any English pipeline imports spacy.lang.en; importing our modules must not.
    probe = "import sys, service, service.web.api, service.pipeline, service.web.wsgi; print('spacy.lang.en' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False", "a model was loaded at import time"


@pytest.mark.integration
def test_gunicorn_stops_with_one_line_when_the_model_is_missing():
    env = dict(os.environ, EVENTS_SPACY_MODEL="no_such_pipeline_xyz", PORT="0", WORKERS="1")
    gunicorn = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "service.web.wsgi:application()"]
    out = subprocess.run(gunicorn, check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    errors = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "no_such_pipeline_xyz" in errors[0] and "pip install" in errors[0]
    assert "Traceback" not in out.stderr
