"""The store's counts by class (the index page's figures and the VoID class partitions): the
classes of every fact kind in the registry, plus articles and evidence.

A class the derivation gives one node per real thing is counted in the derived graph; the
others (PER_ARTICLE) are only read per article and counted across the article graphs."""
from __future__ import annotations

from newsgraph.loader.facts import KINDS
from newsgraph.ontology import terms

CLASSES = tuple(dict.fromkeys(["Article"] + [c for kind in KINDS for c in kind.classes] + ["Evidence"]))
PER_ARTICLE = ("Article", "Country", "Post", "Statement", "Evidence")


def _values(names) -> str:
    return " ".join(f'"{n}"' for n in names)


def stats_query(derived: str) -> str:
    """The counting SELECT (?kind ?n) for the derived graph `derived` (<...>)."""
    return terms.sparql_prefixes("ng", "rdfs") + f"""SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  {{
    VALUES ?kind {{ {_values(c for c in CLASSES if c not in PER_ARTICLE)} }}
    GRAPH {derived} {{ ?x a ?c }}
    ?c rdfs:subClassOf* ?class .
    FILTER(STRAFTER(STR(?class), "#") = ?kind)
  }} UNION {{
    VALUES ?kind {{ {_values(c for c in CLASSES if c in PER_ARTICLE)} }}
    GRAPH ?g {{ ?x a ?class }}
    FILTER(?g != {derived} && STRAFTER(STR(?class), "#") = ?kind)
  }}
}} GROUP BY ?kind
"""


def counts(service) -> dict[str, int]:
    """{class local name: count} of the store behind the query service (every class of CLASSES
    that has any)."""
    result = service.query(stats_query(str(terms.derived_graph(service.base))), row_limit=0)
    return {row[0].value: int(row[1].value) for row in result.rows if row[0] is not None and row[1] is not None}
