"""The index page (the catalogue of canned queries and the store's counts; its rows, one per
canned query, as /.json and /.csv) and the data model page."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pyoxigraph as ox
from flask import current_app, render_template, url_for

from newsgraph.loader import facts as fact_kinds
from newsgraph.ontology import terms
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


# counted classes the index leaves out (it shows articles and the kinds' headline facts);
# any other class, a new kind's too, shows by its name
NOT_ON_INDEX = {"Organization", "Country", "Post", "Evidence"}
FIGURE_LABELS = {"Person": "people"}  # plurals that are not the class name + "s"
# the classes model.html describes by hand; a kind's other classes get a row from the ontology
DESCRIBED_ON_MODEL_PAGE = {"Article", "Evidence", "Person", "Organization", "Country", "Post", "Tenure", "Meeting",
                           "Statement", "Place"}


def index_figures() -> list[tuple[str, str]]:
    """(class, label) of the index page's counts, in stats order, from the registry as it stands."""
    return [(c, FIGURE_LABELS.get(c, c.lower() + "s")) for c in stats.classes() if c not in NOT_ON_INDEX]


@lru_cache(maxsize=1)
def _ontology_comments() -> dict[str, str]:
    """Each ng: class's rdfs:comment in ontology/newsgraph.ttl, by local name."""
    store = ox.Store()
    store.load(resources.files("newsgraph.ontology").joinpath("newsgraph.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    comment = ox.NamedNode(terms.RDFS + "comment")
    return {q.subject.value[len(terms.NS):]: q.object.value for q in store.quads_for_pattern(None, comment, None, None)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(terms.NS)}


def undescribed_classes() -> list[tuple[str, str]]:
    """(class, what it is) for the kinds' classes model.html does not describe by hand."""
    comments = _ontology_comments()
    return [(c, comments.get(c, "")) for k in fact_kinds.KINDS for c in k.classes if c not in DESCRIBED_ON_MODEL_PAGE]


def index(suffix: str | None = None):
    fmt = renderers.requested(suffix, ("html", "json", "csv"))
    queries = [describe_query(q) for q in catalog_mod.catalog().values()]
    if fmt != "html":
        rows = [[q["name"], q["title"], q["description"], q["view"], url_for("pages.canned", name=q["name"]),
                 " ".join(p["name"] for p in q["params"])] for q in queries]
        table = renderers.Table(["name", "title", "description", "view", "url", "params"], rows,
                                extra={"counts": store_counts()})
        return renderers.rows_response(fmt, table, filename="queries.csv")
    return render_template("index.html", queries=queries, counts=store_counts(), figures=index_figures(), base=base())


def model():
    return render_template("model.html", base=base(), more_classes=undescribed_classes())
