"""gunicorn entry point: ``gunicorn 'service.wsgi:application()'``."""

from __future__ import annotations

import sys

from . import create_app
from .pipeline import ModelNotFound


def application():
    try:
        return create_app()
    except ModelNotFound as exc:
        sys.exit(f"error: {exc}")  # one line, no traceback: the operator knows what to install
