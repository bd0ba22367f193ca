"""SHACL validation of the store with pySHACL, each violation traced to the article it came from."""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from newsgraph.ontology import terms

from .store import GraphStore

SH = rdflib.Namespace(terms.SH)


@dataclass
class Violation:
    focus: str
    path: str | None
    message: str
    severity: str
    articles: list[str]

    def line(self) -> str:
        where = ", ".join(self.articles) if self.articles else "no article (derived or ontology data)"
        prop = f" [{self.path}]" if self.path else ""
        return f"{self.severity}: {self.focus}{prop}: {self.message}\n    from: {where}"


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _package_graph(name: str) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=resources.files("newsgraph.ontology").joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return g


def validate_store(store: GraphStore) -> tuple[bool, list[Violation], int]:
    """(conforms, violations, triples checked) over the union of article and derived graphs."""
    data = rdflib.Graph()
    graphs_of: dict[str, set[str]] = {}
    for q in store.quads():
        if q.graph_name == terms.ONTOLOGY_GRAPH:
            continue
        s = _to_rdflib(q.subject)
        data.add((s, _to_rdflib(q.predicate), _to_rdflib(q.object)))
        if isinstance(q.graph_name, ox.NamedNode):
            graphs_of.setdefault(str(s), set()).add(q.graph_name.value)
    # the role scheme lives in the ontology; values of ng:role must be checked against it
    ontology = _package_graph("newsgraph.ttl")
    data += ontology
    conforms, report, _ = shacl_validate(
        data, shacl_graph=_package_graph("shapes.ttl"), ont_graph=ontology, inference="rdfs",
        allow_warnings=True,
    )
    sources = _article_sources(store)
    violations = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = report.value(result, SH.resultSeverity)
        articles = sorted(sources.get(g, g) for g in graphs_of.get(str(focus), ()))
        violations.append(Violation(
            focus=str(focus), path=str(path) if path is not None else None,
            message=str(message) if message is not None else "constraint not met",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            articles=articles,
        ))
    violations.sort(key=lambda v: (v.articles, v.focus, v.path or ""))
    return bool(conforms), violations, len(data)


def _article_sources(store: GraphStore) -> dict[str, str]:
    """Graph IRI -> "source file (article IRI)" for messages people can act on."""
    out = {}
    for row in store.query(
        terms.sparql_prefixes("ng") + "SELECT ?g ?a ?src WHERE { GRAPH ?g { ?a ng:sourceFile ?src } }"
    ):
        out[row["g"].value] = f"{row['src'].value} ({row['a'].value})"
    out[terms.derived_graph(store.base).value] = "derived graph (recomputed across articles)"
    return out
