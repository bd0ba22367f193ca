"""The name search at /search?q=NAME: entities whose name contains NAME (people and organisations
from the derived graph first, then countries, places and posts), also as /search.json and
/search.csv (columns entity, label, kind)."""
from __future__ import annotations

import pyoxigraph as ox
from flask import render_template, request

from newsgraph.queries import catalog as catalog_mod

from . import renderers
from .cells import cell, short_iri
from .context import SPARQL_PREFIXES, base, run
from .query_service import OPEN

SEARCH = """
SELECT ?entity (SAMPLE(?name) AS ?label) (SAMPLE(?type) AS ?kind) ?q WHERE {
  GRAPH <graph/derived> { ?entity a ?type ; skos:prefLabel ?name . }
  FILTER(?type IN (ng:Person, ng:Organization))
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?q))))
} GROUP BY ?entity ?q ORDER BY ?label LIMIT 200
"""
SEARCH_OTHER = """
SELECT ?entity (SAMPLE(?name) AS ?label) (SAMPLE(?type) AS ?kind) ?q WHERE {
  GRAPH ?g { ?entity a ?type ; skos:prefLabel|rdfs:label ?name . }
  FILTER(?type IN (ng:Country, ng:Place, ng:Post))
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?q))))
} GROUP BY ?entity ?q ORDER BY ?label LIMIT 200
"""


def hits(q: str) -> list[tuple]:
    """(entity, label, kind) terms of the entities named like `q`, each once."""
    found, seen = [], set()
    for sparql in (SEARCH, SEARCH_OTHER):
        result = run(catalog_mod.with_base(SPARQL_PREFIXES + sparql, base()),
                     substitutions={ox.Variable("q"): ox.Literal(q)}, lane=OPEN)
        for entity, label, kind, _ in result.rows:
            if entity.value in seen:
                continue
            seen.add(entity.value)
            found.append((entity, label, kind))
    return found


def search(suffix: str | None = None):
    fmt = renderers.requested(suffix, ("html", "json", "csv"))
    q = (request.args.get("q") or "").strip()
    found = hits(q) if q else []
    if fmt != "html":
        rows = [[entity.value, label.value if label else None, short_iri(kind.value) if kind else None]
                for entity, label, kind in found]
        return renderers.rows_response(fmt, renderers.Table(["entity", "label", "kind"], rows, extra={"q": q}),
                                       filename="search.csv")
    shown = [{"entity": cell(entity, label.value if label else None), "kind": short_iri(kind.value) if kind else ""}
             for entity, label, kind in found]
    return render_template("search.html", q=q, hits=shown)
