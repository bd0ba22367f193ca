"""The index page (the catalogue of canned queries and the store's counts; its rows, one per
canned query, as /.json and /.csv) and the data model page."""
from __future__ import annotations

from flask import current_app, render_template, url_for

from newsgraph.queries import catalog as catalog_mod
from newsgraph.queries import stats

from . import renderers
from .canned import describe_query
from .context import base, service
from .limits import OncePerChange
from .query_service import QueryError


def store_counts() -> dict[str, int]:
    """The index page's counts (queries/stats.rq), computed once per store change (they read the whole store);
    while one request computes them, others show the last counts (none before the first)."""
    cache = current_app.extensions.setdefault("newsgraph_index_counts", OncePerChange())
    try:
        return cache.get(service().signature(), lambda: store_stats(service())) or {}
    except QueryError as exc:
        current_app.logger.warning("counts for the index page failed: %s", exc)
        return cache.last() or {}


def store_stats(query_service) -> dict[str, int]:
    """The store's counts by class, as `newsgraph stats`, the index page and VoID give them."""
    return stats.counts(lambda sparql: query_service.query(sparql, row_limit=0).rows, query_service.base)


def index(suffix: str | None = None):
    fmt = renderers.requested(suffix, ("html", "json", "csv"))
    queries = [describe_query(q) for q in catalog_mod.catalog().values()]
    if fmt != "html":
        rows = [[q["name"], q["title"], q["description"], q["view"], url_for("pages.canned", name=q["name"]),
                 " ".join(p["name"] for p in q["params"])] for q in queries]
        table = renderers.Table(["name", "title", "description", "view", "url", "params"], rows,
                                extra={"counts": store_counts()})
        return renderers.rows_response(fmt, table, filename="queries.csv")
    return render_template("index.html", queries=queries, counts=store_counts(), base=base())


def model():
    return render_template("model.html", base=base())
