"""The Flask application: SPARQL endpoint, dumps, descriptions, and the pages (service/pages.py).

    from newsgraph.service.app import create_app
    app = create_app({"STORE_PATH": "newsgraph-store"})
    app.extensions["newsgraph"].query("SELECT ...")   # a QueryService (query_service.py)

Config keys: STORE_PATH (store folder; default $NEWSGRAPH_STORE or the user's data folder),
BASE_IRI (default newsgraph.loader.terms.resolve_base()), QUERY_TIMEOUT (seconds, default 30),
ROW_LIMIT (default 10000), QUERY_WORKERS (query processes, default 2), RESERVED_WORKERS (more
processes kept for the pages' own queries, default 1), QUERY_MEMORY_MB (a query worker's memory
limit, default 2048), MAX_WAITING_QUERIES (client queries that may wait for a worker, default 32),
ANSWER_CACHE_MB (/sparql answers kept per store state, default 64; 0: none),
ALLOW_SERVICE (allow federated SERVICE calls, default False), CONTENT_SECURITY_POLICY (the
header's value); the per-client budget (service/limits.py): CLIENT_BUDGET (seconds of
query-backed requests per CLIENT_WINDOW seconds, default 60 per 60; 0: none), CLIENT_CONCURRENCY
(query-backed requests at once, default 4; 0: no limit), TRUSTED_PROXIES (addresses or networks
whose X-Forwarded-For names the client; default none).
"""
from __future__ import annotations

import importlib
import importlib.util

from flask import Flask, request
from newsgraph.ontology import terms
from newsgraph.loader.store import default_store_path

from . import limits
from .query_service import QueryService

DEFAULTS = {
    "STORE_PATH": None,
    "BASE_IRI": None,
    "QUERY_TIMEOUT": 30,
    "ROW_LIMIT": 10000,
    "QUERY_WORKERS": 2,
    "RESERVED_WORKERS": 1,
    "QUERY_MEMORY_MB": 2048,
    "MAX_WAITING_QUERIES": 32,
    "ANSWER_CACHE_MB": 64,
    "ALLOW_SERVICE": False,
    "CONTENT_SECURITY_POLICY": ("default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; "
                                "form-action 'self'; frame-ancestors 'none'"),
    "CLIENT_BUDGET": 60,
    "CLIENT_WINDOW": 60,
    "CLIENT_CONCURRENCY": 4,
    "TRUSTED_PROXIES": (),
}
EXPOSED_HEADERS = ("X-Newsgraph-Truncated, X-Newsgraph-Row-Limit, X-Newsgraph-Count, X-Newsgraph-Elapsed, "
                   "X-Newsgraph-Cache, "
                   "Content-Disposition")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(DEFAULTS)
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
