"""Descriptions: the dataset's VoID + DCAT at /.well-known/void, the ontology at /ns (and /ns.ttl).

Both are Turtle unless the Accept header asks for JSON-LD (application/ld+json), N-Triples or
RDF/XML. The VoID counts come from the store through the query service (the same counts as
`newsgraph stats`) and are read once per store change, whatever the Host header.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request
from newsgraph.loader import snapshots
from newsgraph.ontology import terms

from newsgraph.queries import stats

from . import renderers
from .overview import store_stats
from .limits import OncePerChange
from .query_service import QueryError, QueryTimeout
from .sparql import text_response

bp = Blueprint("describe", __name__)

LICENSE = terms.LICENSE
ONTOLOGY = terms.ONTOLOGY
VOID, DCAT, DCTERMS, FOAF, XSD = terms.VOID, terms.DCAT, terms.DCTERMS, terms.FOAF, terms.XSD
RDF_TYPE = terms.RDF_TYPE
PREFIXES = {"void": VOID, "dcat": DCAT, "dcterms": DCTERMS, "foaf": FOAF, "xsd": XSD, "ng": terms.NS,
            "schema": terms.SCHEMA, "sd": terms.SD}
VOCABULARIES = [terms.NS, terms.SCHEMA, terms.PROV, terms.ORG, terms.SKOS]
DISTRIBUTIONS = [  # (format parameter, media type, title)
    ("nquads", "application/n-quads", "N-Quads"),
    ("trig", "application/trig", "TriG"),
    ("turtle", "text/turtle", "Turtle (union of all graphs)"),
    ("jsonld", "application/ld+json", "JSON-LD"),
]
OUTPUT_FORMATS = ("turtle", "jsonld", "ntriples", "rdfxml")

ARTICLES_QUERY = "\n" + terms.sparql_prefixes("ng", "schema") + """SELECT ?article (SAMPLE(?t) AS ?title) (SAMPLE(?p) AS ?published) WHERE {
  GRAPH ?g { ?article a ng:Article . OPTIONAL { ?article schema:headline ?t } OPTIONAL { ?article schema:datePublished ?p } }
} GROUP BY ?article ORDER BY ?article
"""


def _negotiated_format() -> str:
    # plain JSON asks for JSON-LD here (the descriptions have no rows)
    return renderers.negotiate(OUTPUT_FORMATS, also={"application/json": "jsonld"})


def _rdf_response(turtle: bytes, fmt: str, prefixes: dict) -> Response:
    if fmt == "turtle":
        body = turtle
    elif fmt == "jsonld":
        body = to_jsonld(turtle, prefixes)
    else:
        triples = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES if fmt == "ntriples" else ox.RdfFormat.RDF_XML,
                            prefixes=prefixes if fmt == "rdfxml" else None)
    response = Response(body, content_type=renderers.RENDERERS[fmt].media_type)
    response.vary.add("Accept")
    return response


def to_jsonld(turtle: bytes, prefixes: dict) -> bytes:
    """Turtle to compact JSON-LD (rdflib), with the prefixes as the context."""
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(data=turtle, format="turtle")
    return graph.serialize(format="json-ld", context=dict(prefixes), auto_compact=True, indent=1).encode("utf-8")


# -- the ontology ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def ontology_turtle() -> bytes:
    return resources.files("newsgraph.ontology").joinpath("newsgraph.ttl").read_bytes()


@lru_cache(maxsize=1)
def _ontology_prefixes() -> dict:
    import rdflib

    graph = rdflib.Graph(bind_namespaces="none")
    graph.parse(data=ontology_turtle(), format="turtle")
    return {p: str(ns) for p, ns in graph.namespaces() if p}


@lru_cache(maxsize=1)
def _ontology_jsonld() -> bytes:
    return to_jsonld(ontology_turtle(), _ontology_prefixes())


def _ontology(fmt: str) -> Response:
    if fmt == "jsonld":
        response = Response(_ontology_jsonld(), content_type=renderers.RENDERERS["jsonld"].media_type)
        response.vary.add("Accept")
    else:
        response = _rdf_response(ontology_turtle(), fmt, _ontology_prefixes())
    response.headers["Cache-Control"] = "public, max-age=3600"
    response.headers["Link"] = f'<{ONTOLOGY}>; rel="describedby"'
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/ns", methods=["GET"])
def ontology():
    return _ontology(_negotiated_format())


@bp.route("/ns.ttl", methods=["GET"])
def ontology_ttl():
    return _ontology("turtle")


@bp.route("/ns.jsonld", methods=["GET"])
def ontology_jsonld():
    return _ontology("jsonld")


# -- VoID + DCAT -----------------------------------------------------------------------------------

def _timestamp(seconds: float) -> ox.Literal:
    when = dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).replace(microsecond=0)
    return ox.Literal(when.isoformat().replace("+00:00", "Z"), datatype=ox.NamedNode(XSD + "dateTime"))


def store_dates(path: Path) -> tuple[float | None, float | None]:
    """(created, modified) in seconds: the store's IDENTITY file is written once, when the store
    is created; the published pointer is replaced with each state readers see (else the change
    marker, replaced after each commit, else the newest file)."""
    created = modified = None
    try:
        created = (path / "IDENTITY").stat().st_mtime
    except OSError:
        try:
            created = path.stat().st_mtime
        except OSError:
            pass
    try:
        modified = (path / snapshots.FOLDER / snapshots.POINTER).stat().st_mtime
    except OSError:
        modified = None
    try:
        modified = modified or (path / snapshots.CHANGE_MARKER).stat().st_mtime
    except OSError:
        try:
            modified = max(p.stat().st_mtime for p in path.iterdir())
        except (OSError, ValueError):
            pass
    return created, modified


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(int(n)), datatype=ox.NamedNode(XSD + "integer"))


def void_figures(service) -> dict:
    """What the description reads from the store (three queries over the whole store): the
    counts of `newsgraph stats`, the number of quads, and the sources, already written as Turtle
    (every article with its title and date, the larger part of the document on a large store,
    and the same whatever the server's root)."""
    counts = store_stats(service)
    articles = service.query(ARTICLES_QUERY, row_limit=0)  # every source, whatever ROW_LIMIT
    size = service.store_size()
    title, date, article_class = ox.NamedNode(DCTERMS + "title"), ox.NamedNode(DCTERMS + "date"), terms.ng("Article")
    sources, triples = [], []
    for row in articles.rows:
        article, headline, published = (row + [None, None, None])[:3]
        if not isinstance(article, ox.NamedNode):
            continue
        sources.append(str(article))
        triples.append(ox.Triple(article, RDF_TYPE, article_class))
        if headline is not None:
            triples.append(ox.Triple(article, title, headline))
        if published is not None:
            triples.append(ox.Triple(article, date, published))
    return {"counts": counts, "size": size, "sources": " ,\n    ".join(sources).encode("utf-8"),
            "articles_turtle": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""}


def void_triples(service, root: str, figures: dict) -> list[ox.Triple]:
    """The VoID + DCAT description of the dataset behind `service`, for a server at `root`,
    but for its sources (see `void_turtle`)."""
    counts, size = figures["counts"], figures["size"]

    def n(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    def v(local: str) -> ox.NamedNode:
        return n(VOID + local)

    def d(local: str) -> ox.NamedNode:
        return n(DCAT + local)

    def t(local: str) -> ox.NamedNode:
        return n(DCTERMS + local)

    doc = n(root + ".well-known/void")
    ds = n(root + ".well-known/void#dataset")
    endpoint, dump = n(root + "sparql"), n(root + "dump")
    out = [
        ox.Triple(doc, RDF_TYPE, v("DatasetDescription")),
        ox.Triple(doc, t("title"), ox.Literal("Description of the newsgraph dataset", language="en")),
        ox.Triple(doc, n(FOAF + "primaryTopic"), ds),
        ox.Triple(ds, RDF_TYPE, v("Dataset")),
        ox.Triple(ds, RDF_TYPE, d("Dataset")),
        ox.Triple(ds, t("title"), ox.Literal("newsgraph", language="en")),
        ox.Triple(ds, t("description"), ox.Literal(
            "A knowledge graph read from news articles: actors (people, organisations, countries), the offices "
            "they hold, the meetings between them and their statements, each fact linked to its evidence in the "
            "article text. One named graph per article, a derived graph with one node per real person, meeting "
            "and tenure, and the ontology graph.", language="en")),
        ox.Triple(ds, t("license"), n(LICENSE)),
        ox.Triple(ds, t("conformsTo"), n(ONTOLOGY)),
        ox.Triple(ds, v("triples"), _int(size["quads"])),
        ox.Triple(ds, v("entities"), _int(sum(counts.get(k, 0) for k in ("Person", "Organization", "Country")))),
        ox.Triple(ds, v("uriSpace"), ox.Literal(service.base)),
        ox.Triple(ds, v("sparqlEndpoint"), endpoint),
        ox.Triple(ds, v("dataDump"), dump),
        ox.Triple(ds, v("feature"), n(terms.FORMATS + "N-Quads")),
        ox.Triple(ds, d("keyword"), ox.Literal("news", language="en")),
        ox.Triple(ds, d("keyword"), ox.Literal("knowledge graph", language="en")),
    ]
    created, modified = store_dates(service.store_path)
    if created is not None:
        out.append(ox.Triple(ds, t("created"), _timestamp(created)))
    if modified is not None:
        out.append(ox.Triple(ds, t("modified"), _timestamp(modified)))
    out += [ox.Triple(ds, v("vocabulary"), n(iri)) for iri in VOCABULARIES]
    for kind in stats.classes():  # the class partitions, articles first, from the registry as it stands
        part = ox.BlankNode()
        out += [ox.Triple(ds, v("classPartition"), part), ox.Triple(part, v("class"), terms.ng(kind)),
                ox.Triple(part, v("entities"), _int(counts.get(kind, 0)))]
    service_node = ox.BlankNode()
    out += [
        ox.Triple(ds, d("accessService"), service_node),
        ox.Triple(service_node, RDF_TYPE, d("DataService")),
        ox.Triple(service_node, d("endpointURL"), endpoint),
        ox.Triple(service_node, d("endpointDescription"), endpoint),
        ox.Triple(service_node, t("conformsTo"), n(terms.SPARQL_PROTOCOL)),
        ox.Triple(service_node, d("servesDataset"), ds),
    ]
    for fmt, media, title in DISTRIBUTIONS:
        dist = ox.BlankNode()
        url = root + "dump" + ("" if fmt == "nquads" else f"?format={fmt}")
        out += [
            ox.Triple(ds, d("distribution"), dist),
            ox.Triple(dist, RDF_TYPE, d("Distribution")),
            ox.Triple(dist, t("title"), ox.Literal(f"{title}, gzip-compressed", language="en")),
            ox.Triple(dist, d("downloadURL"), n(url)),
            ox.Triple(dist, d("accessURL"), n(url)),
            ox.Triple(dist, d("mediaType"), n(terms.MEDIA_TYPES + media)),
            ox.Triple(dist, d("compressFormat"), n(terms.MEDIA_TYPES + "application/gzip")),
            ox.Triple(dist, t("license"), n(LICENSE)),
        ]
    return out


class Computing(Exception):
    """The figures are being computed by another request, and none are known yet."""


def void_turtle(service, root: str) -> bytes:
    """The description as Turtle. The figures are read once per store change, whatever the root
    (one request reads them; the others meanwhile get the previous state's, or Computing when
    there is none). The part that names the root is written per request, and the sources are
    appended as they were written once (a Turtle document may repeat its prefixes)."""
    cache = current_app.extensions.setdefault("newsgraph_void_figures", OncePerChange())
    figures = cache.get(service.signature(), lambda: void_figures(service))
    if figures is None:
        raise Computing()
    head = ox.serialize(void_triples(service, root, figures), format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    if not figures["sources"]:
        return head
    dataset = str(ox.NamedNode(root + ".well-known/void#dataset")).encode("utf-8")
    return b"".join([head, b"\n", dataset, b" <", DCTERMS.encode(), b"source>\n    ", figures["sources"], b" .\n\n",
                     figures["articles_turtle"]])


@bp.route("/.well-known/void", methods=["GET"])
def void():
    service = current_app.extensions["newsgraph"]
    fmt = _negotiated_format()
    try:
        body = void_turtle(service, request.url_root)
    except Computing:
        return text_response(503, "the dataset description is being computed; try again in a few seconds",
                             **{"Retry-After": "2"})
    except QueryTimeout as exc:
        return text_response(503, f"the dataset description could not be computed in time: {exc}")
    except QueryError as exc:
        return text_response(503, f"the dataset description is not available: {exc}")
    response = _rdf_response(body, fmt, PREFIXES)
    response.headers["Cache-Control"] = "no-cache"
    return response
