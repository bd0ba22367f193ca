"""The vocabulary's one home: every namespace, prefix, IRI builder and typed-literal helper.

No other module spells a namespace IRI; they import it from here (SPARQL text gets its PREFIX
lines from `sparql_prefixes`). The classes and properties themselves are described in
newsgraph.ttl (see ontology/README.md).

IRIs are built from content, never from counters or load order, so the same article gives the
same IRIs on every run and machine:
  {base}graph/article/{id}          the named graph of one article
  {base}id/article/{id}             the article itself ({id} = first 16 hex of its text's SHA-256)
  {base}id/article/{id}/evidence/{h} one piece of evidence ({h} hashes what it points at)
  {base}graph/derived               what is recomputed across articles
"""
from __future__ import annotations

import os
import re
import unicodedata
from urllib.parse import urlsplit

from pyoxigraph import Literal, NamedNode

# ours
NS = "https://w3id.org/newsgraph/ns#"
ONTOLOGY = "https://w3id.org/newsgraph/ns"
ONTOLOGY_GRAPH = NamedNode(ONTOLOGY)
ROLE_NS = "https://w3id.org/newsgraph/role/"
DEFAULT_BASE = "https://w3id.org/newsgraph/data/"

# reused vocabularies
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
SH = "http://www.w3.org/ns/shacl#"
VOID = "http://rdfs.org/ns/void#"
DCAT = "http://www.w3.org/ns/dcat#"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"  # IANA's register: a media type as an IRI

# what the data is published under, and the protocol the endpoint speaks (the VoID description)
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"

PREFIXES = {
    "ng": NS,
    "role": ROLE_NS,
    "schema": SCHEMA,
    "prov": PROV,
    "org": ORG,
    "skos": SKOS,
    "rdfs": RDFS,
    "xsd": XSD,
    "dcterms": DCTERMS,
}

# terms used by name in code
RDF_TYPE = NamedNode(RDF + "type")
RDF_LANG_STRING = RDF + "langString"
RDF_DIR_LANG_STRING = RDF + "dirLangString"
RDFS_LABEL = NamedNode(RDFS + "label")
PREF_LABEL = NamedNode(SKOS + "prefLabel")
ALT_LABEL = NamedNode(SKOS + "altLabel")
WAS_DERIVED_FROM = NamedNode(PROV + "wasDerivedFrom")
DCTERMS_IDENTIFIER = NamedNode(DCTERMS + "identifier")
XSD_STRING = XSD + "string"
XSD_INTEGER = NamedNode(XSD + "integer")

# a date's datatype says its precision (keys are records.Precision values)
DATATYPE = {
    "day": NamedNode(XSD + "date"),
    "month": NamedNode(XSD + "gYearMonth"),
    "year": NamedNode(XSD + "gYear"),
}


def ng(local: str) -> NamedNode:
    return NamedNode(NS + local)


def schema(local: str) -> NamedNode:
    return NamedNode(SCHEMA + local)


def sparql_prefixes(*names: str) -> str:
    """PREFIX lines for SPARQL text: the named prefixes, or all of `PREFIXES`."""
    chosen = names or tuple(PREFIXES)
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in chosen)


def resolve_base(base: str | None = None) -> str:
    """The base IRI: the argument, else $NEWSGRAPH_BASE_IRI, else the default; always ends in / or #.
    Raises ValueError, saying why, for anything that is not an absolute http(s) IRI with a host."""
    base = base or os.environ.get("NEWSGRAPH_BASE_IRI") or DEFAULT_BASE
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"base IRI must start with http:// or https://, got {base!r}")
    try:
        NamedNode(base)
    except ValueError as exc:
        raise ValueError(f"base IRI {base!r} is not a valid IRI ({exc})") from None
    if not urlsplit(base).hostname:
        raise ValueError(f"base IRI {base!r} has no host name")
    return base if base.endswith(("/", "#")) else base + "/"


def date_literal(value) -> Literal:
    """A date (records.DateValue) typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return Literal(value.iso(), datatype=DATATYPE[value.precision])


def integer(n: int) -> Literal:
    return Literal(str(n), datatype=XSD_INTEGER)


def article_graph(base: str, article_id: str) -> NamedNode:
    return NamedNode(f"{base}graph/article/{article_id}")


def article_iri(base: str, article_id: str) -> NamedNode:
    return NamedNode(f"{base}id/article/{article_id}")


def derived_graph(base: str) -> NamedNode:
    return NamedNode(f"{base}graph/derived")


def article_id_of_graph(base: str, graph: NamedNode) -> str | None:
    prefix = f"{base}graph/article/"
    return graph.value[len(prefix):] if graph.value.startswith(prefix) else None


def slug(text: str) -> str:
    """The IRI-safe form of a name: accents dropped, lower case, words joined by hyphens."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


# the kinds of meeting and of post, as the ontology names them
MEETING_CLASS = {"in_person": "InPersonMeeting", "visit": "Visit", "phone_call": "PhoneCall", "video_call": "VideoCall"}
KIND_OF_CLASS = {v: k for k, v in MEETING_CLASS.items()}
ROLE_LABEL = {
    "defence_minister": "defence minister", "foreign_minister": "foreign minister", "head_of_state": "head of state",
    "head_of_government": "head of government", "party_leader": "party leader", "state_councilor": "state councilor",
    "spokesperson": "spokesperson", "legislator": "legislator", "military_commander": "military commander",
    "other": "office",
}


def role_iri(role: str) -> NamedNode:
    return NamedNode(ROLE_NS + role)


def country_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}id/country/{slug(name)}")


def organization_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}id/organization/{slug(name)}")


def place_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}id/place/{slug(name)}")


def post_iri(base: str, role: str, country: str | None, organization: str | None, title: str | None = None) -> NamedNode:
    """One IRI per post: an `other` post's title is part of it ("Minister of Finance" and
    "Minister of Trade" of one country are two posts)."""
    parts = [p for p in (country, organization) if p]
    tail = f"/{slug(title)}" if title and role == "other" else ""
    return NamedNode(f"{base}id/post/{'/'.join(slug(p) for p in parts)}/{role}{tail}")


def person_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}id/person/{slug(name)}")
