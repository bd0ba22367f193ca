"""The RDF mapping: the one module that knows the ontology's terms (see ontology/README.md).

IRIs are built from content, never from counters or load order, so the same article gives the
same IRIs on every run and machine:
  {base}graph/article/{id}          the named graph of one article
  {base}id/article/{id}             the article itself ({id} = first 16 hex of its text's SHA-256)
  {base}id/article/{id}/evidence/{h} one piece of evidence ({h} hashes what it points at)
  {base}graph/derived               what is recomputed across articles
"""
from __future__ import annotations

import hashlib
import os

from pyoxigraph import Literal, NamedNode, Quad

from .records import Article, DateValue, Evidence, Precision

NS = "https://w3id.org/newsgraph/ns#"
ONTOLOGY_GRAPH = NamedNode("https://w3id.org/newsgraph/ns")
ROLE_NS = "https://w3id.org/newsgraph/role/"
DEFAULT_BASE = "https://w3id.org/newsgraph/data/"

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SCHEMA = "http://schema.org/"
PROV = "http://www.w3.org/ns/prov#"

PREFIXES = {
    "ng": NS,
    "role": ROLE_NS,
    "schema": SCHEMA,
    "prov": PROV,
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "dcterms": "http://purl.org/dc/terms/",
}


def ng(local: str) -> NamedNode:
    return NamedNode(NS + local)


def schema(local: str) -> NamedNode:
    return NamedNode(SCHEMA + local)


DATATYPE = {
    Precision.DAY: NamedNode(XSD + "date"),
    Precision.MONTH: NamedNode(XSD + "gYearMonth"),
    Precision.YEAR: NamedNode(XSD + "gYear"),
}


def resolve_base(base: str | None = None) -> str:
    """The base IRI: the argument, else $NEWSGRAPH_BASE_IRI, else the default; always ends in / or #."""
    base = base or os.environ.get("NEWSGRAPH_BASE_IRI") or DEFAULT_BASE
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"base IRI must start with http:// or https://, got {base!r}")
    return base if base.endswith(("/", "#")) else base + "/"


def date_literal(value: DateValue) -> Literal:
    """A date typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return Literal(value.iso(), datatype=DATATYPE[value.precision])


def literal_to_date(lit: Literal) -> DateValue:
    return DateValue.from_iso(lit.value)


def article_graph(base: str, article_id: str) -> NamedNode:
    return NamedNode(f"{base}graph/article/{article_id}")


def article_iri(base: str, article_id: str) -> NamedNode:
    return NamedNode(f"{base}id/article/{article_id}")


def derived_graph(base: str) -> NamedNode:
    return NamedNode(f"{base}graph/derived")


def article_id_of_graph(base: str, graph: NamedNode) -> str | None:
    prefix = f"{base}graph/article/"
    return graph.value[len(prefix):] if graph.value.startswith(prefix) else None


def _hash(*parts) -> str:
    return hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode()).hexdigest()[:12]


class ArticleMapper:
    """Collects the quads of one article's named graph."""

    def __init__(self, base: str, article: Article):
        self.base = base
        self.article = article
        self.graph = article_graph(base, article.id)
        self.node = article_iri(base, article.id)
        self.quads: list[Quad] = []

    def add(self, s, p, o) -> None:
        if o is None:
            return
        if not isinstance(o, (NamedNode, Literal)):
            o = Literal(o) if not isinstance(o, DateValue) else date_literal(o)
        self.quads.append(Quad(s, p, o, self.graph))

    def evidence(self, ev: Evidence) -> NamedNode:
        node = NamedNode(f"{self.node.value}/evidence/{_hash(ev.derived_by, ev.start, ev.end, ev.sentence)}")
        self.add(node, RDF_TYPE, ng("Evidence"))
        self.add(node, ng("article"), self.node)
        self.add(node, ng("derivedBy"), ev.derived_by)
        self.add(node, ng("sentence"), ev.sentence)
        if ev.start is not None:
            self.add(node, ng("start"), Literal(str(ev.start), datatype=NamedNode(XSD + "integer")))
            self.add(node, ng("end"), Literal(str(ev.end), datatype=NamedNode(XSD + "integer")))
        if ev.confidence is not None:
            self.add(node, ng("confidence"), Literal(f"{ev.confidence:.2f}", datatype=NamedNode(XSD + "decimal")))
        return node

    def map_article(self) -> None:
        a, n = self.article, self.node
        self.add(n, RDF_TYPE, ng("Article"))
        self.add(n, RDF_TYPE, schema("NewsArticle"))
        self.add(n, schema("headline"), a.title)
        if a.published is not None:
            self.add(n, schema("datePublished"), date_literal(a.published))
        if a.published_evidence is not None:
            self.add(n, ng("publishedEvidence"), self.evidence(a.published_evidence))
        self.add(n, ng("outlet"), a.outlet)
        if a.url:
            self.add(n, schema("url"), Literal(a.url, datatype=NamedNode(XSD + "anyURI")))
        self.add(n, schema("inLanguage"), a.language)
        self.add(n, ng("checksum"), a.checksum)
        self.add(n, ng("loadSignature"), a.signature)
        self.add(n, ng("sourceFile"), a.source)
        self.add(n, schema("articleBody"), a.body)


def article_quads(base: str, article: Article) -> list[Quad]:
    """Every quad of one article's named graph: the article, its evidence and its facts."""
    mapper = ArticleMapper(base, article)
    mapper.map_article()
    return mapper.quads
