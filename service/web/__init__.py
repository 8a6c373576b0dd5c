"""The web layer: the Flask app factory, routes, errors, middleware, logs, metrics and the contract."""

from __future__ import annotations

from flask import Flask


def create_app(settings=None, pipeline=None) -> Flask:
    """The app factory: settings from the environment unless given; the model loaded here, once."""
    from ..config import Settings
    from ..pipeline import Pipeline
    from . import api, body, errors, middleware, pages

    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.json.ensure_ascii = False
    app.extensions["events.settings"] = settings
    app.extensions["events.pipeline"] = pipeline or Pipeline.load(settings.spacy_model)
    errors.register(app)
    middleware.register(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.wsgi_app = body.StrictInput(app.wsgi_app, settings.max_body_bytes)  # the body whole, or an error
    return app
