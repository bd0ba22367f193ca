"""The HTML pages: the query catalogue, canned queries (HTML, JSON, CSV), the SPARQL editor,
entity pages at the entities' own IRIs, a data-model page and a name search.

    /                          the catalogue of canned queries, links to the editor, dumps, model
    /queries/NAME              a parameter form, the results (table; timeline for view: timeline),
                               the SPARQL, "open in editor", CSV and JSON downloads
    /queries/NAME.json         {"columns": [...], "rows": [[...]], "truncated": false}
    /queries/NAME.csv          the same as CSV
    /editor                    a SPARQL editor (CodeMirror 5, shipped) running against /sparql
    /id/...                    the entity {base}id/...: HTML, or Turtle / JSON-LD / N-Triples by
                               Accept (or ?format=ttl|jsonld|nt)
    /search?q=NAME             entities whose name contains NAME
    /model                     the data model in brief

Everything is rendered by Jinja with autoescaping; no template marks data as safe, and no page
has inline script or style (the app sends a Content-Security-Policy that forbids them): all
behaviour is in static/*.js, all styling in static/style.css. Canned-query parameters are bound
through pyoxigraph substitutions, never spliced into query text; entity IRIs are checked, then
written with pyoxigraph's own N-Triples serialisation.
"""
from __future__ import annotations

import csv
import io
import json
import re
import time
from collections import OrderedDict, defaultdict
from datetime import datetime, timezone
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from werkzeug.exceptions import NotFound

from newsgraph.loader import rdf
from newsgraph.queries import catalog as catalog_mod
from newsgraph.queries import precomputed

from .limits import OncePerChange
from .query_service import OPEN, PAGES, KeptPerState, QueryError, QueryResult, QuerySyntaxError, QueryTimeout, QueryUnavailable

bp = Blueprint("pages", __name__, template_folder="templates", static_folder="static",
               static_url_path="/assets")

NG = rdf.NS
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA = rdf.SCHEMA
PROV = rdf.PROV
XSD = rdf.XSD
ROLE_NS = rdf.ROLE_NS
SHORT_PREFIXES = [("ng", NG), ("role", ROLE_NS), ("schema", SCHEMA), ("prov", PROV), ("skos", SKOS),
                  ("rdfs", RDFS), ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                  ("org", "http://www.w3.org/ns/org#"), ("xsd", XSD), ("owl", "http://www.w3.org/2002/07/owl#")]
SPARQL_PREFIXES = """PREFIX ng: <https://w3id.org/newsgraph/ns#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
MEETING_KINDS = {"InPersonMeeting": "in person", "Visit": "visit", "PhoneCall": "phone call", "VideoCall": "video call"}
ENTITY_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$")
RDF_MEDIA = [("text/turtle", "turtle"), ("application/ld+json", "jsonld"), ("application/n-triples", "ntriples"),
             ("application/x-turtle", "turtle")]
RDF_FORMAT_NAMES = {"ttl": "turtle", "turtle": "turtle", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
                    "nt": "ntriples", "ntriples": "ntriples"}
RDF_CONTENT_TYPES = {"turtle": "text/turtle; charset=utf-8", "jsonld": "application/ld+json",
                     "ntriples": "application/n-triples"}
ENTITY_ROW_LIMIT = 2000
# entity pages and canned-query pages answered from precomputed answers kept per store state
# (KeptPerState), the most recently used; a page's body over KEPT_PAGE_MAX_BYTES is not kept
PAGES_KEPT = 512
KEPT_PAGE_MAX_BYTES = 2 << 20


# -- helpers ---------------------------------------------------------------------------------------

def _service():
    return current_app.extensions["newsgraph"]


def _base() -> str:
    return _service().base


def local_path(iri: str) -> str | None:
    """The page of an IRI of ours ({base}id/...), else None."""
    prefix = _base() + "id/"
    if iri.startswith(prefix) and len(iri) > len(prefix):
        return url_for("pages.entity", path=iri[len(prefix):])
    return None


def short_iri(iri: str) -> str:
    """A readable form: person/dong-jun for our IRIs, ng:Meeting for vocabulary terms."""
    prefix = _base() + "id/"
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
        elif term.datatype.value != XSD + "string":
            title = short_iri(term.datatype.value)
    return {"text": term.value, "href": None, "title": title, "iri": False}


def plain(term) -> str | None:
    """A cell for JSON and CSV: the term's value as a plain string; None for unbound."""
    if term is None:
        return None
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def _value(term) -> str | None:
    return None if term is None else term.value


def run(sparql: str, substitutions=None, row_limit: int | None = None, lane: str = PAGES):
    """A query of the pages; `lane` OPEN where the client's values decide what it costs."""
    return _service().query(sparql, substitutions=substitutions, row_limit=row_limit, lane=lane)


def select(sparql: str, row_limit: int = ENTITY_ROW_LIMIT) -> list[dict]:
    """Rows of a SELECT as dicts of terms."""
    result = run(catalog_mod.with_base(SPARQL_PREFIXES + sparql, _base()), row_limit=row_limit)
    return [dict(zip(result.columns, row)) for row in result.rows]


def error_page(status: int, title: str, message: str):
    return render_template("error.html", title=title, message=message), status


def wants_json_error() -> bool:
    return request.path.endswith(".json")


# -- the catalogue -----------------------------------------------------------------------------------

def describe_query(query: catalog_mod.CannedQuery) -> dict:
    params = []
    for p in query.params:
        params.append({
            "name": p.name, "type": p.type, "default": p.default, "allowed": p.allowed,
            "description": p.description, "required": p.required,
        })
    return {"name": query.name, "title": query.title, "description": query.description, "view": query.view,
            "params": params}


def load_query(name: str) -> catalog_mod.CannedQuery:
    queries = catalog_mod.catalog()
    if name not in queries:
        abort(404, description=f"no canned query named {name!r} (known: {', '.join(queries)})")
    return queries[name]


STATS = """
SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  {
    VALUES ?kind { "Person" "Tenure" "Meeting" }
    GRAPH ?derived { ?x a ?c }
    ?c rdfs:subClassOf* ?class .
    FILTER(STRAFTER(STR(?class), "#") = ?kind)
  } UNION {
    VALUES ?kind { "Article" "Statement" }
    GRAPH ?g { ?x a ?class }
    FILTER(?g != ?derived && STRAFTER(STR(?class), "#") = ?kind)
  }
} GROUP BY ?kind
"""


def store_counts() -> dict[str, int]:
    """The index page's counts, computed once per store change (they read the whole store: 0.7 s
    on 10,000 articles, growing with it); while one request computes them, others show the last
    counts (none before the first)."""
    cache = current_app.extensions.setdefault("newsgraph_index_counts", OncePerChange())

    def compute() -> dict[str, int]:
        derived = str(rdf.derived_graph(_base()))
        return {row["kind"].value: int(row["n"].value) for row in select(STATS.replace("?derived", derived))}

    try:
        return cache.get(_service().signature(), compute) or {}
    except QueryError as exc:
        current_app.logger.warning("counts for the index page failed: %s", exc)
        return cache.last() or {}


@bp.route("/")
def index():
    queries = [describe_query(q) for q in catalog_mod.catalog().values()]
    return render_template("index.html", queries=queries, counts=store_counts(), base=_base())


# -- canned queries ---------------------------------------------------------------------------------

class BadParameters(Exception):
    pass


def _param_values() -> dict[str, str]:
    """The parameters given in the query string, stripped (an empty one means: not given).
    Names starting with "_" are the page's own (`_page`, `_size`), never a query's."""
    return {key: request.args.get(key, "").strip() for key in request.args if not key.startswith("_")}


# The HTML table shows the result a page at a time: a listing of 10,000 rows is 7-15 MB of HTML
# and about a second of rendering; JSON and CSV give every row (up to the row limit).
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000


def _paging() -> tuple[int, int]:
    """(page, size) from `_page` (1-based) and `_size`; BadParameters when one is not a whole
    number in its range."""
    out = []
    for key, default, top in (("_page", 1, None), ("_size", PAGE_SIZE, MAX_PAGE_SIZE)):
        raw = request.args.get(key, "").strip() or str(default)
        if not raw.isdigit() or int(raw) < 1 or (top and int(raw) > top):
            limit = f" from 1 to {top}" if top else " of 1 or more"
            raise BadParameters(f"{key} must be a whole number{limit}, not {raw!r}")
        out.append(int(raw))
    return out[0], out[1]


def _substitutions(query: catalog_mod.CannedQuery, values: dict[str, str]) -> dict:
    for p in query.params:
        if p.required and not values.get(p.name) and p.default in (None, ""):
            raise BadParameters(f"parameter {p.name!r} is required ({p.description or p.type})")
    try:
        return query.substitutions(values)
    except catalog_mod.QueryError as exc:
        raise BadParameters(str(exc)) from None


def editor_sparql(query: catalog_mod.CannedQuery, substitutions: dict) -> str:
    """The canned query with its parameter values written into it (a VALUES block at the start
    of the outer WHERE group, which binds them as the substitutions do), for the editor."""
    body = "\n".join(line for line in query.text(_base()).splitlines() if not line.startswith("#+"))
    if not substitutions:
        return body.strip() + "\n"
    names = " ".join(f"?{v.value}" for v in substitutions)
    terms = " ".join(str(t) for t in substitutions.values())
    values = f"\n  # the parameters, as /queries/{query.name} binds them\n  VALUES ({names}) {{ ({terms}) }}"
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        m = re.search(r"\bWHERE\s*\{", line, re.I)
        if m:
            lines[i] = line[:m.end()] + values + line[m.end():]
            return "\n".join(lines).strip() + "\n"
    return body.strip() + "\n"


TIMELINE_COLUMNS = {"kind", "status", "date", "start", "end", "first_attested", "last_attested"}


def _hidden_columns(query: catalog_mod.CannedQuery, columns: list[str], rows: list[list], values: dict) -> set[str]:
    """Parameter columns echo the form: hidden in the HTML table when the parameter has a value
    or the column is empty (but not those the timeline reads)."""
    hidden = set()
    for p in query.params:
        if p.name not in columns or (query.view == "timeline" and p.name in TIMELINE_COLUMNS):
            continue
        i = columns.index(p.name)
        given = values.get(p.name) or p.default not in (None, "")
        if given or all(row[i] is None for row in rows):
            hidden.add(p.name)
    return hidden


@bp.route("/queries/<name>")
def canned(name: str):
    """A canned query's page; one answered from its precomputed answer is kept per store state
    (building it reads and renders the whole answer)."""
    signature, kept = _service().signature(), _kept("canned")
    body_and_headers = kept.get(signature, request.full_path)
    if body_and_headers is not None:
        return Response(body_and_headers[0], headers=body_and_headers[1])
    response = current_app.make_response(_canned(name))
    if (response.status_code == 200 and response.headers.get("X-Newsgraph-Precomputed") == "true"
            and (response.content_length or 0) <= KEPT_PAGE_MAX_BYTES):
        kept.put(signature, request.full_path, (response.get_data(), list(response.headers.items())))
    return response


def _canned(name: str):
    fmt = None
    for suffix in (".json", ".csv"):
        if name.endswith(suffix):
            name, fmt = name[: -len(suffix)], suffix[1:]
    try:
        query = load_query(name)
    except NotFound:
        if fmt == "json":
            return _json({"error": f"no canned query named {name!r}"}, 404)
        if fmt == "csv":
            return _text(404, f"no canned query named {name!r}")
        raise
    values = _param_values()
    info = describe_query(query)
    try:
        page, size = _paging() if fmt is None else (1, PAGE_SIZE)
    except BadParameters as exc:
        return error_page(400, "No such page", str(exc))
    try:
        subs = _substitutions(query, values)
    except BadParameters as exc:
        if fmt == "json":
            return _json({"error": str(exc)}, 400)
        if fmt == "csv":
            return _text(400, str(exc))
        missing_only = not any(values.values())
        status = 200 if missing_only else 400
        return render_template("query.html", query=info, values=values, error=str(exc), result=None,
                               sparql=query.sparql, editor_query=editor_sparql(query, {}),
                               downloads=None, missing=missing_only), status
    try:
        result = _precomputed(query, subs)
        if result is None:
            text = query.narrowed(subs, _base(), lambda sparql, s: run(sparql, substitutions=s, lane=OPEN).rows)
            result = run(text, substitutions=subs, lane=OPEN)
    except (QueryTimeout, QueryUnavailable) as exc:  # a limit, or no store: the server is fine
        return _failure(fmt, 503, str(exc))
    except QuerySyntaxError as exc:
        return _failure(fmt, 500, f"the canned query {name!r} is broken: {exc}")
    except QueryError as exc:
        return _failure(fmt, 500, str(exc))
    if fmt is not None:
        rows = [[plain(t) for t in row] for row in result.rows]
    if fmt == "json":
        response = _json({"columns": result.columns, "rows": rows, "truncated": result.truncated})
        return _flag(response, result)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(result.columns)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
        response = Response(buf.getvalue(), content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{query.name}.csv"'
        return _flag(response, result)
    hidden = _hidden_columns(query, result.columns, result.rows, values)
    shown = [i for i, c in enumerate(result.columns) if c not in hidden]
    total = len(result.rows)
    pages = max(1, -(-total // size))
    page = min(page, pages)
    first = (page - 1) * size
    table = {
        "columns": [result.columns[i] for i in shown],
        "rows": [[cell(row[i]) | {"value": plain(row[i]) or ""} for i in shown] for row in result.rows[first:first + size]],
    }
    args = {k: v for k, v in values.items() if v}
    suffix = ("?" + urlencode(args)) if args else ""

    def page_url(n: int) -> str:
        extra = {"_page": n} | ({"_size": size} if size != PAGE_SIZE else {})
        return url_for("pages.canned", name=query.name) + "?" + urlencode(args | extra)
    pager = {"page": page, "pages": pages, "first": first + 1, "last": min(first + size, total), "total": total,
             "prev": page_url(page - 1) if page > 1 else None, "next": page_url(page + 1) if page < pages else None}
    downloads = {"csv": url_for("pages.canned", name=f"{query.name}.csv") + suffix,
                 "json": url_for("pages.canned", name=f"{query.name}.json") + suffix}
    computed = (datetime.fromtimestamp(result.precomputed, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
                if result.precomputed is not None else None)
    page_html = render_template("query.html", query=info, values=values, error=None, table=table, computed=computed,
                                result=result, sparql=query.sparql, editor_query=editor_sparql(query, subs),
                                downloads=downloads, missing=False, row_limit=_service().row_limit, pager=pager)
    return _flag(Response(page_html, content_type="text/html; charset=utf-8"), result)


def _precomputed(query: catalog_mod.CannedQuery, subs: dict) -> QueryResult | None:
    """The loader's precomputed answer for the default parameters, when the store has not
    changed since (see newsgraph.queries.precomputed); None: run the query."""
    if not precomputed.is_default(query, subs):
        return None
    service = _service()
    started = time.monotonic()
    answer = precomputed.read(service.store_path, query, _base(), service.row_limit)
    if answer is None:
        return None
    return QueryResult(kind="select", columns=answer.columns, rows=answer.rows, truncated=answer.truncated,
                       elapsed=time.monotonic() - started, precomputed=answer.computed_at)


def _flag(response: Response, result) -> Response:
    response.headers["X-Newsgraph-Truncated"] = "true" if result.truncated else "false"
    response.headers["X-Newsgraph-Precomputed"] = "false" if result.precomputed is None else "true"
    response.headers["Cache-Control"] = "no-store"
    return response


def _json(data, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, content_type="application/json")


def _text(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type="text/plain; charset=utf-8")


def _failure(fmt: str | None, status: int, message: str):
    if fmt == "json":
        return _json({"error": message}, status)
    if fmt == "csv":
        return _text(status, message)
    return error_page(status, "The query failed", message)


# -- the editor ----------------------------------------------------------------------------------------

EXAMPLES = [
    ("Meetings of a person, with the sentence each was read from", """PREFIX ng:     <https://w3id.org/newsgraph/ns#>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>

SELECT ?meeting ?kind ?date ?article ?headline ?sentence
WHERE {
  GRAPH ?d {
    ?person a ng:Person ; skos:prefLabel "Dong Jun" .
    ?mention ng:resolvesTo ?person .
  }
  GRAPH ?g {
    ?meeting ng:participant ?mention ; a ?kind ; ng:evidence ?ev .
    OPTIONAL { ?meeting ng:date ?date }
    ?ev ng:article ?article ; ng:sentence ?sentence .
    OPTIONAL { ?article schema:headline ?headline }
  }
}
ORDER BY STR(?date)
"""),
    ("Trace facts to the exact text they were read from", """PREFIX ng:     <https://w3id.org/newsgraph/ns#>
PREFIX schema: <http://schema.org/>

SELECT ?fact ?rule ?span
WHERE {
  GRAPH ?g {
    ?fact ng:evidence ?ev .
    ?ev ng:article ?article ; ng:start ?start ; ng:end ?end ; ng:derivedBy ?rule .
    ?article schema:articleBody ?body .
    BIND (SUBSTR(?body, ?start + 1, ?end - ?start) AS ?span)
  }
}
LIMIT 50
"""),
    ("People and how many articles mention them", """PREFIX ng:   <https://w3id.org/newsgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?person ?name (COUNT(DISTINCT ?article) AS ?articles)
WHERE {
  GRAPH ?d { ?person a ng:Person ; skos:prefLabel ?name ; ng:mentionedIn ?article . }
}
GROUP BY ?person ?name
ORDER BY DESC(?articles) ?name
"""),
    ("Direct quotes with their speaker", """PREFIX ng:   <https://w3id.org/newsgraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>

SELECT ?speaker ?text ?article
WHERE {
  GRAPH ?g {
    ?s a ng:Statement ; ng:speechKind ng:direct ; ng:text ?text ;
       ng:speaker ?mention ; ng:evidence/ng:article ?article .
  }
  ?mention ng:resolvesTo ?who . ?who skos:prefLabel ?speaker .
}
"""),
    ("Everything about one meeting (CONSTRUCT)", """PREFIX ng: <https://w3id.org/newsgraph/ns#>

CONSTRUCT { ?m ?p ?o }
WHERE {
  GRAPH ?d { ?m a ng:VideoCall ; ng:sourceCount ?n ; ?p ?o }
}
LIMIT 40
"""),
]


@bp.route("/editor")
def editor():
    examples = [{"title": title, "sparql": text} for title, text in EXAMPLES]
    for q in catalog_mod.catalog().values():
        try:
            subs = q.substitutions({})
        except catalog_mod.QueryError:
            subs = {}
        examples.append({"title": f"Canned: {q.title}", "sparql": editor_sparql(q, subs)})
    initial = request.args.get("query") or examples[0]["sparql"]
    return render_template("editor.html", examples=examples, initial=initial, base=_base(),
                           endpoint=url_for("sparql.sparql") if "sparql.sparql" in current_app.view_functions
                           else "/sparql")


# -- search and the model ------------------------------------------------------------------------------

SEARCH = """
SELECT ?entity (SAMPLE(?name) AS ?label) (SAMPLE(?type) AS ?kind) ?q WHERE {
  GRAPH <graph/derived> { ?entity a ?type ; skos:prefLabel ?name . }
  FILTER(?type IN (ng:Person, ng:Organization))
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?q))))
} GROUP BY ?entity ?q ORDER BY ?label LIMIT 200
"""
SEARCH_OTHER = """
SELECT ?entity (SAMPLE(?name) AS ?label) (SAMPLE(?type) AS ?kind) ?q WHERE {
  GRAPH ?g { ?entity a ?type ; skos:prefLabel|rdfs:label ?name . }
  FILTER(?type IN (ng:Country, ng:Place, ng:Post))
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(STR(?q))))
} GROUP BY ?entity ?q ORDER BY ?label LIMIT 200
"""


@bp.route("/search")
def search():
    q = (request.args.get("q") or "").strip()
    hits = []
    if q:
        seen = set()
        for sparql in (SEARCH, SEARCH_OTHER):
            result = run(catalog_mod.with_base(SPARQL_PREFIXES + sparql, _base()), substitutions={ox.Variable("q"): ox.Literal(q)},
                         lane=OPEN)
            for entity, label, kind, _ in result.rows:
                if entity.value in seen:
                    continue
                seen.add(entity.value)
                hits.append({"entity": cell(entity, label.value if label else None),
                             "kind": short_iri(kind.value) if kind else ""})
    return render_template("search.html", q=q, hits=hits)


@bp.route("/model")
def model():
    return render_template("model.html", base=_base())


# -- entity pages ----------------------------------------------------------------------------------------

def _negotiate_entity() -> str:
    fmt = request.args.get("format")
    if fmt:
        name = RDF_FORMAT_NAMES.get(fmt.lower())
        if name is None and fmt.lower() != "html":
            abort(400, description=f"unknown format {fmt!r} (html, ttl, jsonld, nt)")
        return name or "html"
    accept = request.accept_mimetypes
    if not accept:
        return "html"
    best = accept.best_match(["text/html", "application/xhtml+xml"] + [m for m, _ in RDF_MEDIA])
    if best in (None, "text/html", "application/xhtml+xml"):
        return "html"
    return dict(RDF_MEDIA)[best]


def entity_node(path: str) -> ox.NamedNode:
    if not ENTITY_PATH.match(path) or "//" in path or path.startswith("/"):
        abort(404)
    try:
        return ox.NamedNode(_base() + "id/" + path)
    except ValueError:
        abort(404)


@bp.route("/id/<path:path>")
def entity(path: str):
    node = entity_node(path)
    fmt = _negotiate_entity()
    kept = _kept("entities").get(_service().signature(), node.value) if fmt == "html" else None
    if kept is not None:  # built for this store state: no query at all
        return _entity_response(kept)
    iri = str(node)  # <...>, escaped by pyoxigraph
    try:
        exists = run(f"ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }}").boolean
    except QueryError as exc:
        return error_page(503, "The store is not available", str(exc))
    if not exists:
        if fmt != "html":
            return _text(404, f"Nothing is known about {node.value}.")
        return error_page(404, "Not found", f"Nothing is known about {node.value}.")
    if fmt != "html":
        construct = (f"CONSTRUCT {{ {iri} ?p ?o . ?s ?q {iri} }} WHERE {{ "
                     f"{{ SELECT DISTINCT ?p ?o WHERE {{ {iri} ?p ?o }} }} UNION "
                     f"{{ SELECT DISTINCT ?s ?q WHERE {{ ?s ?q {iri} }} }} }}")
        try:
            result = _service().query_serialized(construct, graph_format=fmt, lane=PAGES)
        except QueryError as exc:
            return _text(503, str(exc))
        response = Response(result.body, content_type=RDF_CONTENT_TYPES[fmt])
        response.vary.add("Accept")
        return response
    try:
        page = entity_page(node)
    except QueryTimeout as exc:
        return error_page(503, "The page took too long", str(exc))
    return _entity_response(page)


def _entity_response(page) -> Response:
    response = Response(render_template("entity.html", page=page,
                                        formats={"Turtle": "?format=ttl", "JSON-LD": "?format=jsonld",
                                                 "N-Triples": "?format=nt"}))
    response.vary.add("Accept")
    return response


def _kept(name: str) -> KeptPerState:
    return current_app.extensions.setdefault(f"newsgraph_kept_{name}", KeptPerState(PAGES_KEPT))


def entity_page(node: ox.NamedNode):
    """An entity page's content (a dozen queries), kept per store state."""
    signature, kept = _service().signature(), _kept("entities")
    page = kept.get(signature, node.value)
    if page is None:
        page = EntityPage(node).build()
        kept.put(signature, node.value, page)
    return page


def _kind_of(types: set[str]) -> str:
    for t in ("Person", "Organization", "Country", "Place", "Post", "Tenure", "Meeting", "Statement",
              "Evidence", "Article"):
        if NG + t in types:
            return t
    for t in MEETING_KINDS:
        if NG + t in types:
            return "Meeting"
    return "Thing"


def _date_text(date=None, start=None, end=None) -> str:
    if date is not None:
        return date.value
    if start is not None or end is not None:
        return f"{_value(start) or '?'} – {_value(end) or '?'}"
    return ""


class EntityPage:
    """Gathers what the store knows about one IRI, with evidence, for entity.html."""

    def __init__(self, node: ox.NamedNode):
        self.node = node
        self.iri = str(node)
        self.base = _base()
        self.derived_iri = rdf.derived_graph(self.base).value
        self.derived = str(rdf.derived_graph(self.base))  # <...>, for query text

    def build(self) -> dict:
        out_rows = select(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {self.iri} ?p ?o }} }}")
        in_rows = select(f"SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {self.iri} }} }} LIMIT 500", row_limit=500)
        types = {r["o"].value for r in out_rows if r["p"].value == RDF_TYPE}
        kind = _kind_of(types)
        iris = {r["o"].value for r in out_rows if isinstance(r["o"], ox.NamedNode)}
        iris |= {r["s"].value for r in in_rows if isinstance(r["s"], ox.NamedNode)}
        labels = self.labels(iris)
        own = self.own_label(out_rows)
        if own is None and kind in ("Meeting", "Tenure"):
            own = self.fact_labels([self.node.value]).get(self.node.value)
        evidence_refs = [r for r in in_rows if r["p"].value == NG + "article"]
        in_rows = [r for r in in_rows if r["p"].value != NG + "article"]
        page = {
            "iri": self.node.value, "kind": kind, "types": sorted(short_iri(t) for t in types),
            "label": own or short_iri(self.node.value),
            "evidence_count": len(evidence_refs),
            "alt_labels": sorted({r["o"].value for r in out_rows if r["p"].value == SKOS + "altLabel"}),
            "properties": self.properties(out_rows, labels),
            "incoming": [{"subject": cell(r["s"], labels.get(r["s"].value)), "predicate": short_iri(r["p"].value)}
                         for r in in_rows if isinstance(r["s"], ox.NamedNode)],
            "incoming_truncated": len(in_rows) >= 500,
            "sections": [],
            "body": None,
            "resolves_to": [cell(r["o"], labels.get(r["o"].value)) for r in out_rows
                            if r["p"].value == NG + "resolvesTo"],
        }
        sections = page["sections"]
        if kind == "Person" or kind == "Organization":
            sections += [self.offices(), self.meetings(f"?meeting ng:participant {self.iri} ."),
                         self.statements(), self.mentions()]
        if kind == "Meeting":
            sections += [self.meeting_facts(), self.reports(), self.made_at()]
        if kind == "Tenure":
            sections += [self.tenure_facts(), self.reports()]
        if kind == "Post":
            sections += [self.holders(f"VALUES ?post {{ {self.iri} }}")]
        if kind == "Country":
            sections += [self.holders(f"GRAPH ?pg {{ ?post ng:postCountry {self.iri} }}"),
                         self.meetings(f"?meeting ng:place {self.iri} .", title="Meetings held here")]
        elif kind == "Place":
            sections += [self.meetings(f"?meeting ng:place {self.iri} .", title="Meetings held here")]
        if kind == "Article":
            sections += [self.article_contents()]
            body = [r["o"].value for r in out_rows if r["p"].value == SCHEMA + "articleBody"]
            page["body"] = body[0] if body else None
        if kind == "Evidence":
            sections += [self.evidence_span()]
        if kind in ("Statement", "Tenure", "Meeting", "Person", "Organization") and not self.is_derived(out_rows):
            sections += [self.own_evidence()]
        page["sections"] = [s for s in sections if s and (s.get("items") or s.get("facts"))]
        return page

    # -- small pieces --------------------------------------------------------------------------
    def is_derived(self, out_rows) -> bool:
        return any(r["p"].value == RDF_TYPE and r["g"].value == self.derived_iri for r in out_rows)

    def own_label(self, out_rows) -> str | None:
        for prop in (SKOS + "prefLabel", RDFS + "label", SCHEMA + "headline", NG + "text", NG + "sentence"):
            for r in out_rows:
                if r["p"].value == prop:
                    return r["o"].value
        return None

    def labels(self, iris: set[str]) -> dict[str, str]:
        """Display names for IRIs: prefLabel, rdfs:label, headline or statement text."""
        iris = [i for i in iris if i.startswith(("http://", "https://"))]
        out: dict[str, str] = {}
        for chunk in range(0, len(iris), 200):
            values = " ".join(str(ox.NamedNode(i)) for i in iris[chunk:chunk + 200])
            rows = select(f"""SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }}
                              ?s skos:prefLabel|rdfs:label|schema:headline|ng:sentence ?l }} GROUP BY ?s""")
            for r in rows:
                if r["label"] is not None:
                    text = r["label"].value
                    out[r["s"].value] = text if len(text) <= 100 else text[:97].rstrip() + "…"

        out.update(self.fact_labels([i for i in iris if i not in out]))
        return out

    def fact_labels(self, iris: list[str]) -> dict[str, str]:
        """Readable names for meetings ("video call: Dong Jun, Sergei Shoigu, 2024-01-31") and
        tenures ("Dong Jun, defence minister of China")."""
        out: dict[str, str] = {}
        for chunk in range(0, len(iris), 200):
            values = " ".join(str(ox.NamedNode(i)) for i in iris[chunk:chunk + 200])
            # one self-contained branch per attribute, each starting from the IRIs: OPTIONALs
            # here were joined by hashing their whole right side (every participant, every
            # post label of every article), seconds on a big store
            branches = [
                "GRAPH ?g { ?s a ?type ; ng:participant ?p . ?p skos:prefLabel ?pn }",
                "GRAPH ?g { ?s a ?type ; ng:date|ng:startDate ?d }",
                "GRAPH ?g { ?s a ?type ; ng:holder ?h . ?h skos:prefLabel ?hn }",
                "GRAPH ?g { ?s a ?type ; ng:post ?po } GRAPH <graph/derived> { ?po rdfs:label ?pl }",
                "GRAPH ?g { ?s a ?type }",
            ]
            union = " UNION ".join(f"{{ VALUES ?s {{ {values} }} {b} }}" for b in branches)
            rows = select(f"""SELECT ?s ?type ?pn ?d ?hn ?pl WHERE {{ {union}
                FILTER(?type IN (ng:InPersonMeeting, ng:Visit, ng:PhoneCall, ng:VideoCall, ng:Tenure)) }}""",
                          row_limit=100_000)
            facts: dict[str, dict] = {}
            for r in rows:
                f = facts.setdefault(r["s"].value, {"type": r["type"].value, "people": [], "date": None,
                                                    "holder": None, "post": None})
                if r["pn"] is not None and r["pn"].value not in f["people"]:
                    f["people"].append(r["pn"].value)
                for key, var in (("date", "d"), ("holder", "hn"), ("post", "pl")):
                    if f[key] is None and r[var] is not None:
                        f[key] = r[var].value
            for iri, f in facts.items():
                kind = f["type"][len(NG):]
                if kind == "Tenure":
                    out[iri] = ", ".join(v for v in (f["holder"], f["post"]) if v) or "tenure"
                else:
                    text = MEETING_KINDS.get(kind, "meeting") + ": " + (", ".join(sorted(f["people"])) or "?")
                    out[iri] = text + (f", {f['date']}" if f["date"] else "")
        return out

    def properties(self, out_rows, labels) -> list[dict]:
        """Each (predicate, object) once, with the graphs stating it."""
        merged: OrderedDict = OrderedDict()
        skip = {SCHEMA + "articleBody"}
        for r in out_rows:
            if r["p"].value in skip:
                continue
            key = (r["p"].value, str(r["o"]))
            entry = merged.setdefault(key, {"predicate": short_iri(r["p"].value), "predicate_iri": r["p"].value,
                                            "object": cell(r["o"], labels.get(_value(r["o"]))), "graphs": []})
            g = r.get("g")
            if g is not None:
                entry["graphs"].append(self.graph_cell(g.value))
        entries = sorted(merged.values(), key=lambda e: (e["predicate"] != "rdf:type", e["predicate"], e["object"]["text"]))
        grouped: OrderedDict = OrderedDict()
        for e in entries:
            grouped.setdefault(e["predicate_iri"], {"predicate": e["predicate"], "predicate_iri": e["predicate_iri"],
                                                    "values": []})["values"].append(e)
        return list(grouped.values())

    def graph_cell(self, graph: str) -> dict:
        prefix = self.base + "graph/article/"
        if graph.startswith(prefix):
            return {"text": "article " + graph[len(prefix):len(prefix) + 8],
                    "href": local_path(self.base + "id/article/" + graph[len(prefix):])}
        if graph == self.derived_iri:
            return {"text": "derived", "href": None}
        return {"text": short_iri(graph), "href": None}

    def evidence_for(self, facts: list[str], via_resolution: bool) -> dict[str, list[dict]]:
        """Evidence sentences and their articles for facts: their own evidence, or (derived facts)
        the evidence of the article-level facts that resolve to them."""
        if not facts:
            return {}
        values = " ".join(str(ox.NamedNode(f)) for f in facts)
        link = "?local ng:resolvesTo ?fact ." if via_resolution else "BIND(?fact AS ?local)"
        rows = select(f"""SELECT DISTINCT ?fact ?sentence ?article ?headline ?published ?start ?rule WHERE {{
            VALUES ?fact {{ {values} }}
            {link}
            GRAPH ?g {{
              ?local ng:evidence ?ev . ?ev ng:article ?article .
              OPTIONAL {{ ?ev ng:sentence ?sentence }}
              OPTIONAL {{ ?ev ng:start ?start }}
              OPTIONAL {{ ?ev ng:derivedBy ?rule }}
              OPTIONAL {{ ?article schema:headline ?headline }}
              OPTIONAL {{ ?article schema:datePublished ?published }}
            }}
        }} ORDER BY STR(?published) ?article ?start""")
        out: dict[str, list[dict]] = defaultdict(list)
        seen = set()
        for r in rows:
            key = (r["fact"].value, _value(r["sentence"]), r["article"].value)
            if key in seen:
                continue
            seen.add(key)
            out[r["fact"].value].append({
                "sentence": _value(r["sentence"]) or "(from the article's metadata)",
                "article": cell(r["article"], _value(r["headline"])),
                "published": _value(r["published"]) or "date unknown",
                "rule": _value(r["rule"]),
            })
        return out

    # -- sections ------------------------------------------------------------------------------
    def offices(self) -> dict:
        rows = select(f"""SELECT DISTINCT ?tenure ?post ?office ?start ?end ?first ?last ?sources WHERE {{
            GRAPH {self.derived} {{ ?tenure a ng:Tenure ; ng:holder {self.iri} ; ng:post ?post .
              OPTIONAL {{ ?tenure ng:sourceCount ?sources }}
              OPTIONAL {{ ?tenure ng:start ?start }} OPTIONAL {{ ?tenure ng:end ?end }}
              OPTIONAL {{ ?tenure ng:firstAttested ?first }} OPTIONAL {{ ?tenure ng:lastAttested ?last }} }}
            OPTIONAL {{ GRAPH ?pg {{ ?post rdfs:label ?office }} }}
        }}""")
        facts = self.dedupe(rows, "tenure")
        evidence = self.evidence_for([r["tenure"].value for r in facts], via_resolution=True)
        items = []
        for r in sorted(facts, key=lambda r: _value(r["start"]) or _value(r["first"]) or "9999"):
            details = []
            if r["start"] is not None or r["end"] is not None:
                details.append(f"from {_value(r['start']) or 'an unknown date'} to {_value(r['end']) or 'an unknown date'}")
            if r["first"] is not None:
                details.append(f"attested {_value(r['first'])} – {_value(r['last'])}")
            if r["sources"] is not None:
                details.append(f"{r['sources'].value} article(s)")
            items.append({"fact": cell(r["tenure"], "tenure"),
                          "title": cell(r["post"], _value(r["office"])),
                          "details": details, "evidence": evidence.get(r["tenure"].value, [])})
        return {"title": "Offices", "items": items}

    def meetings(self, where: str, title: str = "Meetings") -> dict:
        """Derived meetings matching `where` (a pattern on ?meeting in the derived graph)."""
        rows = select(f"""SELECT DISTINCT ?meeting ?class ?date ?start ?end ?status ?sources ?place ?place_label WHERE {{
            GRAPH {self.derived} {{ {where}
              ?meeting a ?class ; ng:status ?status ; ng:sourceCount ?sources .
              OPTIONAL {{ ?meeting ng:date ?date }} OPTIONAL {{ ?meeting ng:startDate ?start }}
              OPTIONAL {{ ?meeting ng:endDate ?end }} }}
            OPTIONAL {{ GRAPH {self.derived} {{ ?meeting ng:place ?place }} OPTIONAL {{ ?place rdfs:label ?place_label }} }}
        }}""")
        rows = [r for r in rows if r["class"].value.startswith(NG) and r["class"].value[len(NG):] in MEETING_KINDS]
        facts = self.dedupe(rows, "meeting")
        names = self.participants([r["meeting"].value for r in facts])
        evidence = self.evidence_for([r["meeting"].value for r in facts], via_resolution=True)
        items = []
        for r in sorted(facts, key=lambda r: _date_text(r["date"], r["start"], r["end"]) or "9999"):
            kind = MEETING_KINDS[r["class"].value[len(NG):]]
            when = _date_text(r["date"], r["start"], r["end"]) or "date unknown"
            details = [when, r["status"].value.rsplit("#", 1)[-1]]
            if r["place"] is not None:
                details.append("in " + (_value(r["place_label"]) or short_iri(r["place"].value)))
            details.append(f"{r['sources'].value} article(s)")
            items.append({"fact": cell(r["meeting"], "meeting"), "title": {"text": kind, "href": None},
                          "people": names.get(r["meeting"].value, []), "details": details,
                          "evidence": evidence.get(r["meeting"].value, [])})
        return {"title": title, "items": items}

    def participants(self, meetings: list[str]) -> dict[str, list[dict]]:
        if not meetings:
            return {}
        values = " ".join(str(ox.NamedNode(m)) for m in meetings)
        rows = select(f"""SELECT DISTINCT ?meeting ?p ?name WHERE {{ VALUES ?meeting {{ {values} }}
            GRAPH {self.derived} {{ ?meeting ng:participant ?p . ?p skos:prefLabel ?name }} }} ORDER BY ?name""")
        out: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            out[r["meeting"].value].append(cell(r["p"], r["name"].value))
        return out

    def statements(self) -> dict:
        rows = select(f"""SELECT DISTINCT ?statement ?text ?kind ?date ?sentence ?article ?headline ?published ?start ?meeting WHERE {{
            GRAPH {self.derived} {{ ?local ng:resolvesTo {self.iri} }}
            GRAPH ?g {{ ?statement ng:speaker ?local ; ng:text ?text ; ng:speechKind ?kind ; ng:evidence ?ev .
              ?ev ng:article ?article . OPTIONAL {{ ?ev ng:sentence ?sentence }} OPTIONAL {{ ?ev ng:start ?start }}
              OPTIONAL {{ ?statement ng:date ?date }}
              OPTIONAL {{ ?article schema:headline ?headline }} OPTIONAL {{ ?article schema:datePublished ?published }} }}
            OPTIONAL {{ GRAPH ?g {{ ?statement ng:madeAt ?m }} ?m ng:resolvesTo ?meeting }}
        }} ORDER BY STR(?published) ?article ?start""")
        items = []
        for r in self.dedupe(rows, "statement"):
            details = [r["kind"].value.rsplit("#", 1)[-1] + (" quote" if r["kind"].value.endswith("direct") and
                                                             not r["kind"].value.endswith("indirect") else " speech")]
            if r["date"] is not None:
                details.append(r["date"].value)
            items.append({"fact": cell(r["statement"], "statement"), "quote": r["text"].value,
                          "details": details, "meeting": cell(r["meeting"], "at this meeting") if r["meeting"] else None,
                          "evidence": [{"sentence": _value(r["sentence"]) or "",
                                        "article": cell(r["article"], _value(r["headline"])),
                                        "published": _value(r["published"]) or "date unknown", "rule": None}]})
        return {"title": "Statements", "items": items}

    def mentions(self) -> dict:
        rows = select(f"""SELECT DISTINCT ?article ?headline ?published WHERE {{
            GRAPH {self.derived} {{ {self.iri} ng:mentionedIn ?article }}
            OPTIONAL {{ GRAPH ?g {{ ?article schema:headline ?headline }} }}
            OPTIONAL {{ GRAPH ?g2 {{ ?article schema:datePublished ?published }} }}
        }} ORDER BY STR(?published)""")
        items = [{"fact": None, "title": cell(r["article"], _value(r["headline"])),
                  "details": [_value(r["published"]) or "date unknown"], "evidence": []}
                 for r in self.dedupe(rows, "article")]
        return {"title": "Mentioned in", "items": items}

    def holders(self, posts: str) -> dict:
        """The derived tenures of the posts that `posts` (a pattern binding ?post) gives."""
        rows = select(f"""SELECT DISTINCT ?tenure ?holder ?name ?post ?office ?start ?end ?first ?last WHERE {{
            {{ SELECT DISTINCT ?post WHERE {{ {posts} }} }}
            GRAPH {self.derived} {{ ?tenure a ng:Tenure ; ng:post ?post ; ng:holder ?holder . ?holder skos:prefLabel ?name .
              OPTIONAL {{ ?tenure ng:start ?start }} OPTIONAL {{ ?tenure ng:end ?end }}
              OPTIONAL {{ ?tenure ng:firstAttested ?first }} OPTIONAL {{ ?tenure ng:lastAttested ?last }} }}
            OPTIONAL {{ GRAPH ?pg2 {{ ?post rdfs:label ?office }} }}
        }}""")
        facts = self.dedupe(rows, "tenure")
        items = []
        for r in sorted(facts, key=lambda r: (_value(r["office"]) or "", (_value(r["start"]) or _value(r["first"]) or "9999") + "~")):
            details = [f"from {_value(r['start']) or '?'} to {_value(r['end']) or '?'}"]
            if r["first"] is not None:
                details.append(f"attested {_value(r['first'])} – {_value(r['last'])}")
            items.append({"fact": cell(r["tenure"], "tenure"), "title": cell(r["holder"], r["name"].value),
                          "details": [_value(r["office"]) or short_iri(r["post"].value)] + details, "evidence": []})
        return {"title": "Holders", "items": items}

    def meeting_facts(self) -> dict:
        rows = select(f"""SELECT DISTINCT ?role ?who ?name WHERE {{
            VALUES ?role {{ ng:participant ng:host ng:visitor }}
            GRAPH ?g {{ {self.iri} ?role ?who }} OPTIONAL {{ ?who skos:prefLabel ?name }} }} ORDER BY ?name""")
        people, seen = defaultdict(list), set()
        for r in rows:
            if (r["role"].value, r["who"].value) not in seen:
                seen.add((r["role"].value, r["who"].value))
                people[r["role"].value].append(cell(r["who"], _value(r["name"])))
        facts = select(f"""SELECT ?class ?date ?start ?end ?status ?sources ?place ?place_label WHERE {{
            GRAPH ?g {{ {self.iri} a ?class ; ng:status ?status .
              OPTIONAL {{ {self.iri} ng:date ?date }} OPTIONAL {{ {self.iri} ng:startDate ?start }}
              OPTIONAL {{ {self.iri} ng:endDate ?end }} OPTIONAL {{ {self.iri} ng:sourceCount ?sources }} }}
            OPTIONAL {{ GRAPH ?g {{ {self.iri} ng:place ?place }} OPTIONAL {{ ?place rdfs:label ?place_label }} }}
        }} LIMIT 20""")
        items = []
        for r in facts:
            kind = r["class"].value[len(NG):]
            if kind not in MEETING_KINDS:
                continue
            details = [_date_text(r["date"], r["start"], r["end"]) or "date unknown", r["status"].value.rsplit("#", 1)[-1]]
            if r["sources"] is not None:
                details.append(f"{r['sources'].value} article(s)")
            items.append({"fact": None, "title": {"text": MEETING_KINDS[kind], "href": None},
                          "people": [cell(r["place"], _value(r["place_label"]))] if r["place"] is not None else [],
                          "details": details, "evidence": []})
            break
        for role, title in ((NG + "participant", "Participants"), (NG + "host", "Host"), (NG + "visitor", "Visitor")):
            if people.get(role):
                items.append({"fact": None, "title": {"text": title, "href": None}, "people": people[role],
                              "details": [], "evidence": []})
        return {"title": "What and who", "items": items}

    def tenure_facts(self) -> dict:
        rows = select(f"""SELECT DISTINCT ?holder ?name ?post ?office WHERE {{
            GRAPH ?g {{ {self.iri} ng:holder ?holder ; ng:post ?post }}
            OPTIONAL {{ ?holder skos:prefLabel ?name }} OPTIONAL {{ ?post rdfs:label ?office }} }}""")
        items = []
        for r in self.dedupe(rows, "holder"):
            items.append({"fact": None, "title": cell(r["holder"], _value(r["name"])),
                          "details": ["holds " + (_value(r["office"]) or short_iri(r["post"].value))],
                          "post": cell(r["post"], _value(r["office"])), "evidence": []})
        return {"title": "Who and what", "items": items}

    def reports(self) -> dict:
        rows = select(f"""SELECT DISTINCT ?local ?article ?headline ?published WHERE {{
            GRAPH {self.derived} {{ ?local ng:resolvesTo {self.iri} }}
            GRAPH ?g {{ ?local prov:wasDerivedFrom ?article .
              OPTIONAL {{ ?article schema:headline ?headline }} OPTIONAL {{ ?article schema:datePublished ?published }} }}
        }} ORDER BY STR(?published)""")
        evidence = self.evidence_for([r["local"].value for r in rows], via_resolution=False)
        items = [{"fact": cell(r["local"], "report"), "title": cell(r["article"], _value(r["headline"])),
                  "details": [_value(r["published"]) or "date unknown"],
                  "evidence": evidence.get(r["local"].value, [])} for r in self.dedupe(rows, "local")]
        return {"title": "Reported in", "items": items}

    def made_at(self) -> dict:
        rows = select(f"""SELECT DISTINCT ?statement ?text ?name ?article ?headline WHERE {{
            GRAPH {self.derived} {{ ?local ng:resolvesTo {self.iri} }}
            GRAPH ?g {{ ?statement ng:madeAt ?local ; ng:text ?text ; prov:wasDerivedFrom ?article .
              OPTIONAL {{ ?article schema:headline ?headline }}
              OPTIONAL {{ ?statement ng:speaker ?sp . ?sp skos:prefLabel ?name }} }}
        }}""")
        items = [{"fact": cell(r["statement"], "statement"), "quote": r["text"].value,
                  "details": [("said by " + r["name"].value) if r["name"] is not None else "speaker unknown"],
                  "evidence": [{"sentence": "", "article": cell(r["article"], _value(r["headline"])),
                                "published": "", "rule": None}]}
                 for r in self.dedupe(rows, "statement")]
        return {"title": "Statements made at this meeting", "items": items}

    def article_contents(self) -> dict:
        article_id = self.node.value.rsplit("/", 1)[-1]
        graph = str(rdf.article_graph(self.base, article_id))
        rows = select(f"""SELECT ?s ?type (SAMPLE(?l) AS ?label) WHERE {{ GRAPH {graph} {{
              ?s a ?type . FILTER(?type IN (ng:Person, ng:Organization, ng:Tenure, ng:InPersonMeeting, ng:Visit,
                                              ng:PhoneCall, ng:VideoCall, ng:Statement))
              OPTIONAL {{ ?s skos:prefLabel|ng:text ?l }} }} }} GROUP BY ?s ?type ORDER BY ?type ?label""")
        groups: dict[str, list] = OrderedDict()
        names = self.fact_labels([r["s"].value for r in rows if r["label"] is None])
        for r in rows:
            kind = r["type"].value[len(NG):]
            kind = "Meeting" if kind in MEETING_KINDS else kind
            groups.setdefault(kind, []).append(cell(r["s"], _value(r["label"]) or names.get(r["s"].value)))
        items = [{"fact": None, "title": {"text": f"{kind} ({len(cells)})", "href": None}, "people": cells,
                  "details": [], "evidence": []} for kind, cells in groups.items()]
        return {"title": "Read from this article", "items": items}

    def evidence_span(self) -> dict:
        rows = select(f"""SELECT ?sentence ?article ?headline ?start ?end ?span WHERE {{ GRAPH ?g {{
            {self.iri} ng:article ?article . OPTIONAL {{ {self.iri} ng:sentence ?sentence }}
            OPTIONAL {{ ?article schema:headline ?headline }}
            OPTIONAL {{ {self.iri} ng:start ?start ; ng:end ?end . ?article schema:articleBody ?body
                        BIND(SUBSTR(?body, ?start + 1, ?end - ?start) AS ?span) }} }} }} LIMIT 1""")
        items = []
        for r in rows:
            details = [f"characters {r['start'].value}–{r['end'].value}"] if r["start"] is not None else []
            items.append({"fact": None, "title": {"text": "The span", "href": None}, "quote": _value(r["span"]),
                          "details": details,
                          "evidence": [{"sentence": _value(r["sentence"]) or "",
                                        "article": cell(r["article"], _value(r["headline"])),
                                        "published": "", "rule": None}]})
        return {"title": "Evidence", "items": items}

    def own_evidence(self) -> dict:
        evidence = self.evidence_for([self.node.value], via_resolution=False).get(self.node.value, [])
        if not evidence:
            return {}
        return {"title": "Evidence", "items": [{"fact": None, "title": {"text": "Read from", "href": None},
                                                "details": [], "evidence": evidence}]}

    @staticmethod
    def dedupe(rows: list[dict], key: str) -> list[dict]:
        seen, out = set(), []
        for r in rows:
            k = _value(r[key])
            if k in seen:
                continue
            seen.add(k)
            out.append(r)
        return out


@bp.app_errorhandler(404)
def not_found(exc):
    """Not found: JSON for .json, text for .csv and for clients that do not take HTML."""
    message = getattr(exc, "description", None) or "There is no page here."
    if request.path.endswith(".json"):
        return _json({"error": message}, 404)
    accept = request.accept_mimetypes
    if request.path.endswith(".csv") or (accept and not accept.accept_html):
        return _text(404, message)
    return error_page(404, "Not found", message)
