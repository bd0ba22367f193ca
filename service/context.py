"""What every page reads through: the app's query service, its base IRI, the pages' SELECTs, the
pages kept per store state, and the HTML error page."""
from __future__ import annotations

from flask import current_app, render_template

from newsgraph.loader import settings
from newsgraph.ontology import terms
from newsgraph.queries import catalog as catalog_mod

from .kept import KeptPerState
from .query_service import PAGES

# the namespaces the pages' own SELECTs use
SPARQL_PREFIXES = terms.sparql_prefixes("ng", "schema", "skos", "prov", "rdfs")


def service():
    return current_app.extensions["newsgraph"]


def base() -> str:
    return service().base


def run(sparql: str, substitutions=None, row_limit: int | None = None, lane: str = PAGES):
    """A query of the pages; `lane` OPEN where the client's values decide what it costs."""
    return service().query(sparql, substitutions=substitutions, row_limit=row_limit, lane=lane)


def select(sparql: str, row_limit: int | None = None) -> list[dict]:
    """Rows of a SELECT (without its PREFIX lines; relative IRIs against the base) as dicts of
    terms, at most `row_limit` (by default the setting entity_row_limit)."""
    row_limit = settings.value("entity_row_limit") if row_limit is None else row_limit
    result = run(catalog_mod.with_base(SPARQL_PREFIXES + sparql, base()), row_limit=row_limit)
    return [dict(zip(result.columns, row)) for row in result.rows]


def error_page(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message), status


def kept(name: str) -> KeptPerState:
    """The pages kept per store state under `name` (entity pages, precomputed canned-query pages)."""
    return current_app.extensions.setdefault(f"newsgraph_kept_{name}", KeptPerState(settings.value("pages_kept")))
