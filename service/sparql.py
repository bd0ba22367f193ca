"""The SPARQL 1.1 Protocol endpoint at /sparql (read-only; the default graph is the union of all graphs).

GET ?query=..., POST application/x-www-form-urlencoded (query=...), POST application/sparql-query
(the body is the query); default-graph-uri and named-graph-uri (repeatable) set the dataset.
The result format comes from the `format` parameter (also read as `output` and `results`, as
SPARQLWrapper sends them) or else the Accept header. See docs/service.md.
"""
from __future__ import annotations

import functools

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, redirect, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from newsgraph.loader import settings
from newsgraph.ontology import terms

from . import renderers
from .query_service import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    QueryError,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    QueryUnavailable,
    check_query,
)

bp = Blueprint("sparql", __name__)


# Accept header -> format; the order breaks ties (the first is the default)
RESULT_MEDIA = [
    ("application/sparql-results+json", "json"), ("application/json", "json"),
    ("application/sparql-results+xml", "xml"), ("application/xml", "xml"), ("text/xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv"),
]
GRAPH_MEDIA = [
    ("text/turtle", "turtle"), ("application/x-turtle", "turtle"), ("application/turtle", "turtle"),
    ("text/n3", "turtle"), ("application/n-triples", "ntriples"), ("application/n-quads", "nquads"),
    ("application/ld+json", "jsonld"), ("application/json", "jsonld"),
    ("application/rdf+xml", "rdfxml"), ("application/xml", "rdfxml"), ("text/xml", "rdfxml"),
]
# `format` parameter values (names and media types) -> format
RESULT_NAMES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    **{media: name for media, name in RESULT_MEDIA},
}
GRAPH_NAMES = {
    "turtle": "turtle", "ttl": "turtle", "n3": "turtle", "ntriples": "ntriples", "nt": "ntriples",
    "n-triples": "ntriples", "nquads": "nquads", "nq": "nquads", "n-quads": "nquads",
    "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld", "rdfxml": "rdfxml", "rdf+xml": "rdfxml",
    "rdf": "rdfxml", "xml": "rdfxml",
    **{media: name for media, name in GRAPH_MEDIA},
}
FORMAT_PARAMS = ("format", "output", "results")

SD = terms.SD
FORMATS_NS = terms.FORMATS
SD_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
              "Turtle", "N-Triples", "N-Quads", "JSON-LD", "RDF_XML"]


class ProtocolError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def text_response(status: int, message: str, **headers) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, mimetype="text/plain",
                    headers={"Cache-Control": "no-store", **headers})


@bp.route("/sparql", methods=["GET", "POST"])
def sparql():
    try:
        params, query = _read_request()
    except ProtocolError as exc:
        return text_response(exc.status, str(exc))
    if query is None:
        if request.method == "GET":
            return _no_query()
        return text_response(400, "no query: send `query` (form field or URL parameter) or a body of type "
                                  "application/sparql-query")
    service = current_app.extensions["newsgraph"]
    try:
        kind = check_query(query, service.allow_service)
        results_format, graph_format = _negotiate(kind, params)
        timeout = _timeout(params)
        default_graphs = _graph_iris(params, "default-graph-uri")
        named_graphs = _graph_iris(params, "named-graph-uri")
        result = service.query_serialized(
            query, results_format=results_format, graph_format=graph_format, timeout=timeout,
            default_graph_uris=default_graphs if default_graphs or named_graphs else None,
            named_graph_uris=named_graphs if default_graphs or named_graphs else None,
        )
    except ProtocolError as exc:
        return text_response(exc.status, str(exc))
    except QuerySyntaxError as exc:
        return text_response(400, str(exc))
    except QueryRefused as exc:
        return text_response(403, str(exc))
    except QueryTimeout as exc:
        return text_response(503, str(exc), **{"Retry-After": "5"})
    except QueryUnavailable as exc:
        return text_response(503, f"the store is not available: {exc}")
    except QueryError as exc:
        current_app.logger.warning("query failed: %s", exc)
        return text_response(500, str(exc))
    response = Response(result.body, status=200, content_type=result.media_type)
    response.headers["X-Newsgraph-Truncated"] = "true" if result.truncated else "false"
    response.headers["X-Newsgraph-Row-Limit"] = str(service.row_limit)
    response.headers["X-Newsgraph-Count"] = str(result.count)
    response.headers["X-Newsgraph-Elapsed"] = f"{result.elapsed:.3f}"
    response.headers["X-Newsgraph-Cache"] = "hit" if result.cached else "miss"
    response.headers["Cache-Control"] = "no-store"
    response.vary.add("Accept")
    return response


def _read_request() -> tuple[dict[str, list[str]], str | None]:
    """The protocol parameters (lists of values) and the query text (None when absent)."""
    params: dict[str, list[str]] = {k: request.args.getlist(k) for k in request.args}
    query = None
    if request.method == "POST":
        most = settings.value("max_query_bytes")
        if request.content_length and request.content_length > most:
            raise ProtocolError(413, f"the request body is larger than {most:,} bytes")
        mimetype = request.mimetype
        if mimetype == "application/sparql-update":
            raise ProtocolError(403, "SPARQL Update is not allowed: this endpoint is read-only")
        if mimetype == "application/sparql-query":
            charset = request.mimetype_params.get("charset", "utf-8")
            try:
                query = request.get_data(as_text=False).decode(charset, errors="replace")
            except LookupError:
                raise ProtocolError(400, f"unknown charset {charset!r}: send the query in UTF-8") from None
            if "query" in params:
                raise ProtocolError(400, "give the query either in the body or as `query`, not both")
        elif mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key in request.form:
                params.setdefault(key, []).extend(request.form.getlist(key))
        elif request.content_length:
            raise ProtocolError(415, f"unsupported content type {mimetype or '(none)'}: send "
                                     "application/x-www-form-urlencoded or application/sparql-query")
    if "update" in params:
        raise ProtocolError(403, "SPARQL Update is not allowed: this endpoint is read-only")
    if query is None and "query" in params:
        values = params["query"]
        if len(values) != 1:
            raise ProtocolError(400, "give exactly one `query` parameter")
        query = values[0]
    return params, query


def _negotiate(kind: str | None, params: dict[str, list[str]]) -> tuple[str, str]:
    """(results format, graph format) from `format`/`output`/`results`, else Accept."""
    requested = [v.strip().lower() for p in FORMAT_PARAMS for v in params.get(p, []) if v.strip()]
    results_format = graph_format = None
    if requested:
        for value in requested:
            results_format = results_format or RESULT_NAMES.get(value)
            graph_format = graph_format or GRAPH_NAMES.get(value)
        wanted = results_format if kind in ("select", "ask") else graph_format if kind == "graph" else True
        if not wanted:
            if not results_format and not graph_format:
                raise ProtocolError(400, f"unknown format {requested[0]!r}: use one of "
                                         f"{', '.join(RESULT_FORMATS)} (SELECT, ASK) or "
                                         f"{', '.join(GRAPH_FORMATS)} (CONSTRUCT, DESCRIBE)")
            if kind == "graph":
                raise ProtocolError(400, f"format {requested[0]!r} is for SELECT and ASK results; a CONSTRUCT "
                                         f"or DESCRIBE result comes as {', '.join(GRAPH_FORMATS)}")
            raise ProtocolError(400, f"format {requested[0]!r} is for graphs (CONSTRUCT, DESCRIBE); a SELECT or "
                                     f"ASK result comes as {', '.join(RESULT_FORMATS)}")
    accepted = _accepted(request.headers.get("Accept", ""))
    return results_format or accepted[0], graph_format or accepted[1]


@functools.lru_cache(maxsize=256)
def _accepted(header: str) -> tuple[str, str]:
    """(results format, graph format) an Accept header asks for (clients send a few, often)."""
    accept = parse_accept_header(header, MIMEAccept)
    best = accept.best_match([m for m, _ in RESULT_MEDIA]) if accept else None
    results_format = dict(RESULT_MEDIA).get(best, "json")
    best = accept.best_match([m for m, _ in GRAPH_MEDIA]) if accept else None
    return results_format, dict(GRAPH_MEDIA).get(best, "turtle")


def _graph_iris(params: dict[str, list[str]], name: str) -> list[str] | None:
    """The graph IRIs given as `name` (None when none), each checked to be an absolute IRI."""
    values = params.get(name) or None
    for value in values or ():
        try:
            ox.NamedNode(value)
        except ValueError:
            raise ProtocolError(400, f"{name} {value!r} is not an absolute IRI") from None
    return values


def _timeout(params: dict[str, list[str]]) -> float | None:
    values = params.get("timeout")
    if not values:
        return None
    try:
        value = float(values[0])
    except ValueError:
        raise ProtocolError(400, f"timeout {values[0]!r} is not a number of seconds") from None
    if not value > 0:
        raise ProtocolError(400, "timeout must be more than 0 seconds")
    return value


# -- GET /sparql without a query --------------------------------------------------------------------

DESCRIPTION_FORMATS = ("turtle", "html", "ntriples", "jsonld", "rdfxml")


def _no_query() -> Response:
    """A browser goes to the editor; any other client gets the service description."""
    fmt = renderers.negotiate(DESCRIPTION_FORMATS)
    if fmt == "html":
        return redirect(request.script_root + "/editor", code=303)
    endpoint = request.base_url
    body = ox.serialize(service_description(endpoint, request.url_root), format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt][0]),
                        prefixes={"sd": SD, "formats": FORMATS_NS, "void": terms.VOID,
                                  "dcterms": terms.DCTERMS} if fmt in ("turtle", "rdfxml") else None)
    response = Response(body, content_type=GRAPH_FORMATS[fmt][1])
    response.vary.add("Accept")
    return response


def _node(url: str) -> ox.NamedNode | ox.BlankNode:
    try:
        return ox.NamedNode(url)
    except ValueError:
        return ox.BlankNode()


def service_description(endpoint: str, root: str) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint (as triples)."""
    service = _node(endpoint)
    rdf_type = terms.RDF_TYPE
    sd = lambda local: ox.NamedNode(SD + local)
    cfg = current_app.config
    dataset, default_graph = ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode(terms.ENTAILMENT + "Simple")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, sd("Graph")),
        ox.Triple(service, ox.NamedNode(terms.DCTERMS + "description"), ox.Literal(
            "Read-only SPARQL 1.1 Query endpoint of newsgraph. The default graph is the union of all graphs "
            "(one named graph per article, the derived graph and the ontology). "
            f"Queries stop after {cfg['QUERY_TIMEOUT']:g} s; results are cut after {cfg['ROW_LIMIT']} rows "
            "(header X-Newsgraph-Truncated: true). SPARQL Update and SERVICE are refused.", language="en")),
    ]
    void = _node(root + ".well-known/void")
    if isinstance(void, ox.NamedNode):
        triples.append(ox.Triple(service, ox.NamedNode(terms.RDFS + "seeAlso"), void))
    triples += [ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + f)) for f in SD_FORMATS]
    return triples
