"""The Flask application: SPARQL endpoint, dumps, descriptions, and the pages (service/pages.py).

    from newsgraph.service.app import create_app
    app = create_app({"STORE_PATH": "newsgraph-store"})
    app.extensions["newsgraph"].query("SELECT ...")   # a QueryService (query_service.py)

Config keys (their defaults and help are loader/settings.py's, listed in docs/settings.md):
STORE_PATH, BASE_IRI, QUERY_TIMEOUT, ROW_LIMIT, QUERY_WORKERS, RESERVED_WORKERS (processes kept
for the pages' own queries), QUERY_MEMORY_MB, MAX_WAITING_QUERIES, ANSWER_CACHE_MB, ALLOW_SERVICE,
CONTENT_SECURITY_POLICY, and the per-client budget (service/limits.py): CLIENT_BUDGET,
CLIENT_WINDOW, CLIENT_CONCURRENCY, TRUSTED_PROXIES.
"""
from __future__ import annotations

import importlib
import importlib.util

from flask import Flask, request
from newsgraph.ontology import terms
from newsgraph.loader import settings
from newsgraph.loader.store import default_store_path

from . import limits
from .query_service import QueryService

EXPOSED_HEADERS = ("X-Newsgraph-Truncated, X-Newsgraph-Row-Limit, X-Newsgraph-Count, X-Newsgraph-Elapsed, "
                   "X-Newsgraph-Cache, "
                   "Content-Disposition")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(settings.service_config())  # the defaults: loader/settings.py (docs/settings.md)
    app.config.update(config or {})
    if not app.config["STORE_PATH"]:
        app.config["STORE_PATH"] = default_store_path()
    app.config["BASE_IRI"] = terms.resolve_base(app.config["BASE_IRI"])
    app.config["QUERY_TIMEOUT"] = float(app.config["QUERY_TIMEOUT"])
    app.config["ROW_LIMIT"] = int(app.config["ROW_LIMIT"])

    app.extensions["newsgraph"] = QueryService(
        app.config["STORE_PATH"], app.config["BASE_IRI"], timeout=app.config["QUERY_TIMEOUT"],
        row_limit=app.config["ROW_LIMIT"], workers=int(app.config["QUERY_WORKERS"]),
        allow_service=bool(app.config["ALLOW_SERVICE"]), prefixes=terms.PREFIXES,
        reserved=int(app.config["RESERVED_WORKERS"]), memory_mb=float(app.config["QUERY_MEMORY_MB"]),
        max_waiting=int(app.config["MAX_WAITING_QUERIES"]), answer_cache_mb=float(app.config["ANSWER_CACHE_MB"]),
    )

    limits.install(app)

    from . import describe, dumps, sparql

    app.register_blueprint(sparql.bp)
    app.register_blueprint(dumps.bp)
    app.register_blueprint(describe.bp)
    if importlib.util.find_spec("newsgraph.service.pages") is not None:
        # part B's pages; once the module exists, an error in it must show, not be skipped
        app.register_blueprint(importlib.import_module("newsgraph.service.pages").bp)

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"])
        headers["X-Content-Type-Options"] = "nosniff"
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Access-Control-Allow-Origin", "*")
        headers.setdefault("Access-Control-Expose-Headers", EXPOSED_HEADERS)
        if request.method == "OPTIONS":  # CORS preflight (Flask answers OPTIONS for every route)
            headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, OPTIONS"
            headers["Access-Control-Allow-Headers"] = (
                request.headers.get("Access-Control-Request-Headers") or "Accept, Content-Type")
            headers["Access-Control-Max-Age"] = "86400"
        return response

    return app
