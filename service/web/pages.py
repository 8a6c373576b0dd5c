"""What a person opens in a browser: the extraction page (/), the API docs (/docs, Swagger UI) and
the problem types (/problems). Every asset is a package file served here: no CDN, no inline code,
so each page's CSP allows the service's own scripts and styles and nothing else."""

from __future__ import annotations

from importlib import resources

from flask import Blueprint, Response, abort, render_template, send_from_directory

from .errors import problem_types

bp = Blueprint("pages", __name__)
SWAGGER_UI = resources.files("flask_swagger_ui") / "dist"  # Swagger UI 5's release files (Apache-2.0)
SWAGGER_FILES = {"swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE"}
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
TEXT_CSP = "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


def _page(template: str, csp: str = PAGE_CSP, **context) -> Response:
    response = Response(render_template(template, **context), mimetype="text/html")
    response.headers["Content-Security-Policy"] = csp  # the middleware keeps it (setdefault)
    return response


@bp.get("/")
def extraction_page() -> Response:
    return _page("index.html")


@bp.get("/docs")
def docs() -> Response:
    return _page("docs.html")


@bp.get("/problems")
def problems() -> Response:
    return _page("problems.html", TEXT_CSP, problem_types=problem_types())


@bp.get("/static/swagger-ui/<name>")
def swagger_ui(name: str) -> Response:
    if name not in SWAGGER_FILES:
        abort(404)
    return send_from_directory(str(SWAGGER_UI), name, mimetype="text/plain" if name == "LICENSE" else None)
