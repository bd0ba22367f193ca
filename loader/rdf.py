"""The RDF mapping: one article's records as quads in its named graph, with the terms of
newsgraph.ontology.terms (see ontology/README.md).

`ArticleMapper` writes the article node and evidence nodes; `facts_quads` hands each fact
kind's graph part (loader/facts/<kind>/graph.py, in the registry's order) a `FactMapper`, which
adds the nodes any kind may point at (countries, organizations, places, posts)."""
from __future__ import annotations

import hashlib

from pyoxigraph import Literal, NamedNode, Quad

from newsgraph.ontology.terms import (
    PREF_LABEL, RDF_TYPE, RDFS_LABEL, ROLE_LABEL, WAS_DERIVED_FROM, XSD, article_graph, article_iri, country_iri,
    date_literal, ng, organization_iri, place_iri, post_iri, role_iri, schema)

from . import facts as fact_kinds
from .records import Article, DateValue, Evidence


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


# -- facts ---------------------------------------------------------------------------------------

class FactMapper:
    """One article's facts on their way into its graph (through the ArticleMapper `m`): the nodes
    any kind may point at, whose IRIs are built from their content and so are the same in every
    article (countries, organizations, places, posts), and the nodes each kind's graph part made,
    by kind name, for the kinds after it (a statement points at its meeting)."""

    def __init__(self, m: ArticleMapper, countries: set[str]):
        self.m = m
        self.base = m.base
        self.countries = countries
        self.nodes: dict[str, object] = {}

    def fact_node(self, segment: str, *parts) -> NamedNode:
        """A node of this article's own (`<article>/<segment>/<hash of parts>`), for one fact."""
        return NamedNode(f"{self.m.node.value}/{segment}/{_hash(*parts)}")

    def from_article(self, node: NamedNode, evidence) -> None:
        """Mark `node` as read in this article, with each of `evidence` (None items skipped)."""
        for ev in evidence:
            if ev is not None:
                self.m.add(node, ng("evidence"), self.m.evidence(ev))
        self.m.add(node, WAS_DERIVED_FROM, self.m.node)

    def country(self, name: str) -> NamedNode:
        node = country_iri(self.base, name)
        self.m.add(node, RDF_TYPE, ng("Country"))
        self.m.add(node, RDF_TYPE, ng("Place"))
        self.m.add(node, PREF_LABEL, name)
        self.m.add(node, RDFS_LABEL, name)
        return node

    def organization(self, name: str) -> NamedNode:
        node = organization_iri(self.base, name)
        self.m.add(node, RDF_TYPE, ng("Organization"))
        self.m.add(node, PREF_LABEL, name)
        return node

    def place(self, name: str) -> NamedNode:
        if name in self.countries:
            return self.country(name)
        node = place_iri(self.base, name)
        self.m.add(node, RDF_TYPE, ng("Place"))
        self.m.add(node, RDFS_LABEL, name)
        return node

    def post(self, role: str, country: str | None, organization: str | None, title: str | None = None) -> NamedNode:
        title = title if role == "other" else None
        node = post_iri(self.base, role, country, organization, title)
        m = self.m
        m.add(node, RDF_TYPE, ng("Post"))
        m.add(node, ng("role"), role_iri(role))
        label = ROLE_LABEL.get(role, role)
        if country:
            m.add(node, ng("postCountry"), self.country(country))
        if organization:
            m.add(node, ng("postOrganization"), self.organization(organization))
        where = " of ".join(p for p in (organization, country) if p)
        if title:  # "Minister of Finance (Canada)", "Secretary-General (NATO)"
            m.add(node, RDFS_LABEL, f"{title} ({', '.join(dict.fromkeys(p for p in (organization, country) if p))})")
        else:
            m.add(node, RDFS_LABEL, f"{label} ({where})" if organization else f"{label} of {where}")
        return node


def facts_quads(base: str, article: Article, facts, countries: set[str]) -> list[Quad]:
    """The article's graph with its facts: each kind of the registry (loader/facts), in its
    order, maps its records through its graph part and leaves its nodes for the kinds after it."""
    mapper = ArticleMapper(base, article)
    mapper.map_article()
    fm = FactMapper(mapper, countries)
    for kind in fact_kinds.KINDS:
        part = kind.part("graph")
        if part is not None:
            fm.nodes[kind.name] = part.graph(fm, getattr(facts, kind.name))
    return _dedupe(mapper.quads)


def _dedupe(quads: list[Quad]) -> list[Quad]:
    seen = set()
    out = []
    for q in quads:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out
