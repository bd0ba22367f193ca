"""What every page reads through: the app's query service, its base IRI, the pages' SELECTs, the
pages kept per store state, and the HTML error page."""
from __future__ import annotations

from flask import current_app, render_template

from newsgraph.ontology import terms
from newsgraph.queries import catalog as catalog_mod

from .kept import KeptPerState
from .query_service import PAGES

# the namespaces the pages' own SELECTs use
SPARQL_PREFIXES = terms.sparql_prefixes("ng", "schema", "skos", "prov", "rdfs")
ENTITY_ROW_LIMIT = 2000
# entity pages and canned-query pages answered from precomputed answers are kept per store state
# (KeptPerState), the most recently used; a page's body over KEPT_PAGE_MAX_BYTES is not kept
PAGES_KEPT = 512
KEPT_PAGE_MAX_BYTES = 2 << 20


def service():
    return current_app.extensions["newsgraph"]


def base() -> str:
    return service().base


def run(sparql: str, substitutions=None, row_limit: int | None = None, lane: str = PAGES):
    """A query of the pages; `lane` OPEN where the client's values decide what it costs."""
    return service().query(sparql, substitutions=substitutions, row_limit=row_limit, lane=lane)


def select(sparql: str, row_limit: int = ENTITY_ROW_LIMIT) -> list[dict]:
    """Rows of a SELECT (without its PREFIX lines; relative IRIs against the base) as dicts of terms."""
    result = run(catalog_mod.with_base(SPARQL_PREFIXES + sparql, base()), row_limit=row_limit)
    return [dict(zip(result.columns, row)) for row in result.rows]


def error_page(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message), status


def kept(name: str) -> KeptPerState:
    return current_app.extensions.setdefault(f"newsgraph_kept_{name}", KeptPerState(PAGES_KEPT))
