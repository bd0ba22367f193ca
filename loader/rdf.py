"""The RDF mapping: one article's records as quads in its named graph, with the terms of
newsgraph.ontology.terms (see ontology/README.md)."""
from __future__ import annotations

import hashlib

from pyoxigraph import Literal, NamedNode, Quad

from newsgraph.ontology.terms import (  # noqa: F401 (names others still take from here)
    ALT_LABEL, DATATYPE, DCTERMS_IDENTIFIER, DEFAULT_BASE, KIND_OF_CLASS, MEETING_CLASS, NS, ONTOLOGY_GRAPH, PREF_LABEL,
    PREFIXES, PROV, RDF_TYPE, RDFS_LABEL, ROLE_LABEL, ROLE_NS, SCHEMA, SKOS, WAS_DERIVED_FROM, XSD, article_graph,
    article_id_of_graph, article_iri, country_iri, date_literal, derived_graph, ng, organization_iri, person_iri,
    place_iri, post_iri, resolve_base, role_iri, schema)
from newsgraph.ontology.terms import integer as _int
from newsgraph.ontology.terms import slug as _slug

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
    """Maps one article's Facts into its graph, next to the article node (uses ArticleMapper)."""

    def __init__(self, m: ArticleMapper, countries: set[str]):
        self.m = m
        self.base = m.base
        self.countries = countries
        self.actor_nodes: dict[str, NamedNode] = {}

    def actor(self, key: str, actor) -> NamedNode:
        m = self.m
        if actor.kind == "country":
            node = country_iri(self.base, actor.name)
            self.country(actor.name)
        else:
            kind, _, local = key.partition(":")
            node = NamedNode(f"{m.node.value}/{kind}/{local}")
            m.add(node, RDF_TYPE, ng("Person" if actor.kind == "person" else "Organization"))
            m.add(node, PREF_LABEL, actor.name)
            for label in sorted(actor.labels - {actor.name}):
                m.add(node, ALT_LABEL, label)
            m.add(node, WAS_DERIVED_FROM, m.node)
        for ev in actor.mentions:
            m.add(node, ng("evidence"), m.evidence(ev))
        self.actor_nodes[key] = node
        return node

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

    def office(self, office) -> NamedNode:
        m = self.m
        title = office.title if office.role == "other" else None
        node = NamedNode(f"{m.node.value}/tenure/{_hash(office.person, office.role, office.country, office.organization, *([title] if title else []))}")
        m.add(node, RDF_TYPE, ng("Tenure"))
        m.add(node, ng("holder"), self.actor_nodes[office.person])
        m.add(node, ng("post"), self.post(office.role, office.country, office.organization, title))
        if office.start is not None:
            m.add(node, ng("start"), date_literal(office.start))
        if office.end is not None:
            m.add(node, ng("end"), date_literal(office.end))
            m.add(node, ng("evidence"), m.evidence(office.end_evidence))
        if m.article.published is not None and office.attested:
            m.add(node, ng("firstAttested"), date_literal(m.article.published))
            m.add(node, ng("lastAttested"), date_literal(m.article.published))
        m.add(node, ng("evidence"), m.evidence(office.evidence))
        if office.start_evidence is not None:
            m.add(node, ng("evidence"), m.evidence(office.start_evidence))
        m.add(node, WAS_DERIVED_FROM, m.node)
        return node

    def meeting(self, n: int, meeting) -> NamedNode:
        m = self.m
        node = NamedNode(f"{m.node.value}/meeting/{_hash(meeting.kind, *sorted(meeting.participants), meeting.start, n)}")
        m.add(node, RDF_TYPE, ng(MEETING_CLASS[meeting.kind]))
        for p in meeting.participants:
            m.add(node, ng("participant"), self.actor_nodes[p])
        if meeting.host:
            m.add(node, ng("host"), self.actor_nodes[meeting.host])
        if meeting.visitor:
            m.add(node, ng("visitor"), self.actor_nodes[meeting.visitor])
        _add_when(m, node, meeting.start, meeting.end)
        if meeting.place:
            m.add(node, ng("place"), self.place(meeting.place))
        m.add(node, ng("status"), ng(meeting.status))
        if meeting.framework:
            m.add(node, ng("framework"), self.organization(meeting.framework))
        for ev in meeting.evidence:
            m.add(node, ng("evidence"), m.evidence(ev))
        m.add(node, WAS_DERIVED_FROM, m.node)
        return node

    def statement(self, statement, meeting_nodes: list[NamedNode]) -> NamedNode:
        m = self.m
        ev = statement.evidence
        node = NamedNode(f"{m.node.value}/statement/{_hash(ev.start, ev.end, statement.kind)}")
        m.add(node, RDF_TYPE, ng("Statement"))
        m.add(node, RDF_TYPE, schema("Quotation"))
        if statement.speaker:
            m.add(node, ng("speaker"), self.actor_nodes[statement.speaker])
        m.add(node, ng("text"), statement.text)
        m.add(node, ng("speechKind"), ng(statement.kind))
        if statement.date is not None:
            m.add(node, ng("date"), date_literal(statement.date))
        if statement.meeting is not None:
            m.add(node, ng("madeAt"), meeting_nodes[statement.meeting])
        m.add(node, ng("evidence"), m.evidence(ev))
        m.add(node, WAS_DERIVED_FROM, m.node)
        return node


def _add_when(m: ArticleMapper, node: NamedNode, start, end) -> None:
    if start is None:
        return
    if end is not None and end != start:
        m.add(node, ng("startDate"), date_literal(start))
        m.add(node, ng("endDate"), date_literal(end))
    else:
        m.add(node, ng("date"), date_literal(start))


def facts_quads(base: str, article: Article, facts, countries: set[str]) -> list[Quad]:
    """The article's graph with its facts: actors, tenures, meetings, statements and evidence."""
    mapper = ArticleMapper(base, article)
    mapper.map_article()
    fm = FactMapper(mapper, countries)
    for key, actor in facts.actors.items():
        fm.actor(key, actor)
    for office in facts.offices:
        fm.office(office)
    meeting_nodes = [fm.meeting(n, mt) for n, mt in enumerate(facts.meetings)]
    for st in facts.statements:
        fm.statement(st, meeting_nodes)
    return _dedupe(mapper.quads)


def _dedupe(quads: list[Quad]) -> list[Quad]:
    seen = set()
    out = []
    for q in quads:
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out
