"""How the pages show RDF terms: a cell for a template (text, link, tooltip), a plain value for
JSON and CSV, and short forms of IRIs (person/dong-jun, ng:Meeting)."""
from __future__ import annotations

import pyoxigraph as ox
from flask import url_for

from newsgraph.ontology import terms

from .context import base

# the prefixes short forms use, the first that fits
SHORT_PREFIXES = [("ng", terms.NS), ("role", terms.ROLE_NS), ("schema", terms.SCHEMA), ("prov", terms.PROV),
                  ("skos", terms.SKOS), ("rdfs", terms.RDFS), ("rdf", terms.RDF), ("org", terms.ORG),
                  ("xsd", terms.XSD), ("owl", terms.OWL)]


def local_path(iri: str) -> str | None:
    """The page of an IRI of ours ({base}id/...), else None."""
    prefix = base() + "id/"
    if iri.startswith(prefix) and len(iri) > len(prefix):
        return url_for("pages.entity", path=iri[len(prefix):])
    return None


def short_iri(iri: str) -> str:
    """A readable form: person/dong-jun for our IRIs, ng:Meeting for vocabulary terms."""
    prefix = base() + "id/"
    if iri.startswith(prefix):
        return iri[len(prefix):]
    for name, ns in SHORT_PREFIXES:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{name}:{iri[len(ns):]}"
    return iri


def cell(term, label: str | None = None) -> dict:
    """What a template needs to show an RDF term: text, an optional link, a tooltip."""
    if term is None:
        return {"text": "", "href": None, "title": None, "iri": False}
    if isinstance(term, ox.NamedNode):
        href = local_path(term.value)
        if href is None and term.value.startswith(("http://", "https://")):
            href = term.value
        return {"text": label or short_iri(term.value), "href": href, "title": term.value, "iri": True,
                "external": href is not None and not href.startswith("/")}
    if isinstance(term, ox.BlankNode):
        return {"text": f"_:{term.value}", "href": None, "title": None, "iri": False}
    title = None
    if isinstance(term, ox.Literal):
        if term.language:
            title = f"@{term.language}"
        elif term.datatype.value != terms.XSD_STRING:
            title = short_iri(term.datatype.value)
    return {"text": term.value, "href": None, "title": title, "iri": False}


def plain(term) -> str | None:
    """A cell for JSON and CSV: the term's value as a plain string; None for unbound."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def value(term) -> str | None:
    return None if term is None else term.value
