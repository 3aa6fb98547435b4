"""Flask application serving the LiverTox knowledge graph over the SPARQL 1.1 Protocol.

The source folder is ``server/``; the package is ``livertox_kg.server`` (pyproject's package-dir).
"""

from __future__ import annotations

if __name__ != "livertox_kg.server":  # e.g. `import server` from the checkout's root: a second copy
    raise ImportError(f"import livertox_kg.server, not {__name__} (server/ is its source folder)")

import logging
import time

from flask import Flask, g, request

from livertox_kg.server.config import ServerConfig

__all__ = ["create_app", "ServerConfig"]

READ_ENDPOINTS = r"^/(sparql|\.well-known/void|health|dump/.*)$"


def create_app(config: ServerConfig | None = None) -> Flask:
    """App factory: one evaluator pool per process, blueprints for protocol, description, metrics."""
    from flask_cors import CORS

    from livertox_kg.server import describe, metrics, sparql
    from livertox_kg.server.state import State

    cfg = config or ServerConfig.from_env()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = cfg.max_request_bytes
    app.config["MAX_FORM_MEMORY_SIZE"] = cfg.max_request_bytes
    app.extensions["livertox"] = State(cfg)
    from livertox_kg.server.fastpath import FastQuery

    app.wsgi_app = FastQuery(app.wsgi_app, app.extensions["livertox"])  # query operations skip Flask
    app.register_blueprint(sparql.bp)
    app.register_blueprint(describe.bp)
    app.register_blueprint(metrics.bp)
    from livertox_kg.server import linked_data, ui  # researcher-facing pages and dereferenceable IRIs

    app.register_blueprint(ui.bp)
    app.register_blueprint(linked_data.bp)
    CORS(app, resources={READ_ENDPOINTS: {"origins": "*"}}, send_wildcard=True, expose_headers=["ETag", "X-Query-Form"],
         methods=["GET", "POST", "HEAD", "OPTIONS"])
    gunicorn_log = logging.getLogger("gunicorn.error")
    if gunicorn_log.handlers:  # under gunicorn: query log lines go to its error log (access log has times)
        ours = logging.getLogger("livertox_kg")
        ours.handlers, ours.propagate = gunicorn_log.handlers, False
        ours.setLevel(gunicorn_log.level)

    @app.before_request
    def _start():
        g.started = time.perf_counter()

    @app.after_request
    def _done(response):
        endpoint = request.endpoint or "other"
        metrics.observe(endpoint, response.status_code)
        if endpoint == "sparql.sparql" and response.status_code >= 400:
            metrics.query_seconds("sparql").observe(time.perf_counter() - g.get("started", 0))
        return response

    @app.errorhandler(413)
    def _too_large(e):
        return sparql.text(413, f"request too large (limit {cfg.max_request_bytes} bytes)")

    @app.errorhandler(405)
    def _method(e):
        resp = sparql.text(405, f"method {request.method} not allowed here")
        resp.headers["Allow"] = ", ".join(e.valid_methods or [])
        return resp

    @app.errorhandler(404)
    def _missing(e):
        return sparql.text(404, f"no resource at {request.path}")

    return app
