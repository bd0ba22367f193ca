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
from urllib.parse import urlsplit

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


def date_literal(value: DateValue) -> Literal:
    """A date typed by its precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
    return Literal(value.iso(), datatype=DATATYPE[value.precision])


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


# -- facts ---------------------------------------------------------------------------------------

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCTERMS_IDENTIFIER = NamedNode("http://purl.org/dc/terms/identifier")
PREF_LABEL = NamedNode(SKOS + "prefLabel")
ALT_LABEL = NamedNode(SKOS + "altLabel")
WAS_DERIVED_FROM = NamedNode(PROV + "wasDerivedFrom")
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
    return NamedNode(f"{base}id/country/{_slug(name)}")


def organization_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}id/organization/{_slug(name)}")


def place_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}id/place/{_slug(name)}")


def post_iri(base: str, role: str, country: str | None, organization: str | None, title: str | None = None) -> NamedNode:
    """One IRI per post: an `other` post's title is part of it ("Minister of Finance" and
    "Minister of Trade" of one country are two posts)."""
    parts = [p for p in (country, organization) if p]
    tail = f"/{_slug(title)}" if title and role == "other" else ""
    return NamedNode(f"{base}id/post/{'/'.join(_slug(p) for p in parts)}/{role}{tail}")


def person_iri(base: str, name: str) -> NamedNode:
    return NamedNode(f"{base}id/person/{_slug(name)}")


def _slug(text: str) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "x"


def _int(n: int) -> Literal:
    return Literal(str(n), datatype=NamedNode(XSD + "integer"))


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
