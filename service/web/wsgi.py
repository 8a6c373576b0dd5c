"""gunicorn entry point: ``gunicorn 'service.web.wsgi:application()'``."""

from __future__ import annotations

import sys

from ..pipeline import ModelNotFound
from . import create_app


def application():
    try:
        return create_app()
    except ModelNotFound as exc:
        sys.exit(f"error: {exc}")  # one line, no traceback: the operator knows what to install
