"""news-events: a REST service that turns news text into structured events."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from flask import Flask

try:
    __version__ = version("news-events")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"


def create_app(settings=None, pipeline=None) -> Flask:
    """The app factory: settings from the environment unless given; the model loaded here, once."""
    from . import api, errors, middleware
    from .config import Settings
    from .pipeline import Pipeline

    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.ensure_ascii = False
    app.extensions["events.settings"] = settings
    app.extensions["events.pipeline"] = pipeline or Pipeline.load(settings.spacy_model)
    errors.register(app)
    middleware.register(app)
    app.register_blueprint(api.bp)
    return app
