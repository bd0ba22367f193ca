"""The SPARQL endpoint, with real clients against a running server (see docs/service.md)."""
from __future__ import annotations

import csv
import io
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from service_fixtures import (
    NG,
    clean_env,
    copy_store,
    free_port,
    http,
    json_key,
    limited_server,
    newsgraph_command,
    read_line,
    reference,
    server,
    service_store,
    wait_until_up,
)
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.slow

PREFIXES = "PREFIX ng: <https://w3id.org/newsgraph/ns#>\nPREFIX schema: <http://schema.org/>\n"
ARTICLES = PREFIXES + """SELECT ?article ?title WHERE {
  GRAPH ?g { ?article a ng:Article ; schema:headline ?title }
} ORDER BY ?article"""
MEETINGS_BY_CLASS = PREFIXES + """SELECT ?class (COUNT(DISTINCT ?m) AS ?n) WHERE {
  ?m a ?class . ?m ng:participant ?p .
} GROUP BY ?class ORDER BY ?class"""
CONSTRUCT_ARTICLES = PREFIXES + """CONSTRUCT { ?article schema:headline ?title } WHERE {
  GRAPH ?g { ?article a ng:Article ; schema:headline ?title }
}"""
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def json_rows(doc: dict) -> list[tuple]:
    names = doc["head"]["vars"]
    return [tuple(json_key(b.get(n)) for n in names) for b in doc["results"]["bindings"]]


# -- real clients ------------------------------------------------------------------------------------

def test_sparqlwrapper_select_json_matches_the_store(server, reference):
    expected = reference.select(ARTICLES)
    assert len(expected) == 12
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(ARTICLES)
    client.setReturnFormat(JSON)
    doc = client.queryAndConvert()
    assert json_rows(doc) == expected
    assert doc["head"]["vars"] == ["article", "title"]
    assert "truncated" not in doc["head"]


def test_sparqlwrapper_select_xml_csv_tsv_and_post(server, reference):
    expected = reference.select(ARTICLES)
    titles = [row[1][1] for row in expected]

    client = SPARQLWrapper(server.endpoint)
    client.setQuery(ARTICLES)
    client.setReturnFormat(XML)
    dom = client.queryAndConvert()
    results = dom.getElementsByTagName("result")
    assert len(results) == len(expected)
    assert [r.getElementsByTagName("literal")[0].firstChild.data for r in results] == titles

    client.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode("utf-8"))))
    assert rows[0] == ["article", "title"]
    assert [r[1] for r in rows[1:]] == titles

    client.setReturnFormat(TSV)
    lines = client.queryAndConvert().decode("utf-8").splitlines()
    assert lines[0] == "?article\t?title" and len(lines) == len(expected) + 1

    for method in ("form", "direct"):  # POST form-encoded, and POST application/sparql-query
        client = SPARQLWrapper(server.endpoint)
        client.setMethod(POST)
        if method == "direct":
            client.setRequestMethod(POSTDIRECTLY)
        client.setQuery(ARTICLES)
        client.setReturnFormat(JSON)
        assert json_rows(client.queryAndConvert()) == expected, method


def test_sparqlwrapper_ask_and_aggregate(server, reference):
    client = SPARQLWrapper(server.endpoint)
    client.setReturnFormat(JSON)
    client.setQuery(PREFIXES + "ASK { ?m a ng:PhoneCall }")
    assert client.queryAndConvert()["boolean"] is True
    client.setQuery(PREFIXES + "ASK { ?m a ng:NoSuchClass }")
    assert client.queryAndConvert()["boolean"] is False
    client.setQuery(MEETINGS_BY_CLASS)
    assert json_rows(client.queryAndConvert()) == reference.select(MEETINGS_BY_CLASS)


def test_sparqlwrapper_construct_as_turtle(server, reference):
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(CONSTRUCT_ARTICLES)
    client.setReturnFormat(TURTLE)
    body = client.queryAndConvert()
    triples = {q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)}
    expected = set(reference.store.query(CONSTRUCT_ARTICLES, use_default_graph_as_union=True))
    assert triples == expected and len(triples) == 12


@pytest.mark.parametrize("fmt, rdf_format", [
    ("ntriples", ox.RdfFormat.N_TRIPLES), ("nquads", ox.RdfFormat.N_QUADS),
    ("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML),
])
def test_construct_formats_by_parameter_and_accept(server, fmt, rdf_format):
    by_param = http("GET", server.endpoint, {"query": CONSTRUCT_ARTICLES, "format": fmt})
    assert by_param.status == 200, by_param.text
    assert len(list(ox.parse(by_param.body, format=rdf_format))) == 12
    by_accept = http("GET", server.endpoint, {"query": CONSTRUCT_ARTICLES},
                     headers={"Accept": rdf_format.media_type})
    assert by_accept.header("Content-Type").startswith(rdf_format.media_type)
    assert len(list(ox.parse(by_accept.body, format=rdf_format))) == 12


def test_rdflib_sparqlstore(server, reference):
    import rdflib
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(server.endpoint))
    rows = list(graph.query(ARTICLES))
    assert [(str(a), str(t)) for a, t in rows] == [(r[0][1], r[1][1]) for r in reference.select(ARTICLES)]
    types = set(graph.objects(rdflib.URIRef(str(rows[0][0])), rdflib.RDF.type))
    assert rdflib.URIRef(NG + "Article") in types
    assert graph.query(PREFIXES + "ASK { ?a a ng:Article }").askAnswer is True


def test_default_and_named_graph_uris(server, reference):
    graph = reference.select(f"SELECT ?g WHERE {{ GRAPH ?g {{ ?a a <{NG}Article> }} }} ORDER BY ?g LIMIT 1")[0][0][1]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    only_one = http("GET", server.endpoint, {"query": count, "default-graph-uri": graph})
    expected = len(list(reference.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    assert int(only_one.json()["results"]["bindings"][0]["n"]["value"]) == expected
    named = http("POST", server.endpoint, data={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": graph})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [graph]


# -- errors and limits ----------------------------------------------------------------------------

def test_malformed_query_is_400_with_the_position(server):
    bad = "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = ) }"
    for reply in (http("GET", server.endpoint, {"query": bad}),
                  http("POST", server.endpoint, data=bad.encode(), headers={"Content-Type": "application/sparql-query"})):
        assert reply.status == 400, reply.text
        assert reply.header("Content-Type").startswith("text/plain")
        assert "syntax error" in reply.text and re.search(r"\b3:\d+", reply.text), reply.text
    assert http("GET", server.endpoint, {"query": "   "}).status == 400
    assert http("GET", server.endpoint, {"query": ARTICLES, "format": "yaml"}).status == 400
    assert http("GET", server.endpoint, {"query": CONSTRUCT_ARTICLES, "format": "csv"}).status == 400


def test_updates_are_refused(server, reference):
    before = len(reference)
    insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }"
    replies = [
        http("GET", server.endpoint, {"query": insert}),
        http("POST", server.endpoint, data={"query": "PREFIX x: <http://x/>\n# comment\nDROP ALL"}),
        http("POST", server.endpoint, data={"update": insert}),
        http("POST", server.endpoint, data=insert.encode(), headers={"Content-Type": "application/sparql-update"}),
        http("GET", server.endpoint, {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}),
    ]
    for reply in replies:
        assert reply.status == 403, reply.text
    assert "read-only" in replies[0].text and "INSERT" in replies[0].text
    assert "SERVICE" in replies[-1].text
    assert len(reference) == before
    ask = http("GET", server.endpoint, {"query": "ASK { <http://example.org/s> ?p ?o }"}).json()
    assert ask["boolean"] is False


def test_timeout_stops_the_query_and_others_are_served_meanwhile(limited_server):
    slow: dict = {}

    def run_slow():
        slow["reply"] = http("GET", limited_server.endpoint, {"query": SLOW}, timeout=30)
        slow["done"] = time.monotonic()

    thread = threading.Thread(target=run_slow)
    started = time.monotonic()
    thread.start()
    time.sleep(0.3)
    quick = http("GET", limited_server.endpoint, {"query": "ASK { ?s ?p ?o }"}, timeout=10)
    quick_done = time.monotonic()
    thread.join(20)
    assert quick.status == 200 and quick.json()["boolean"] is True
    reply = slow["reply"]
    assert reply.status in (503, 504), reply.text
    assert "time limit" in reply.text and "1 s" in reply.text
    assert slow["done"] - started < 5, "the timeout answer took too long"
    assert quick_done < slow["done"], "the quick query waited for the slow one"
    # the pool recovers: the killed worker is replaced
    assert limited_server.service.wait_ready(30)
    again = http("GET", limited_server.endpoint, {"query": "ASK { ?s ?p ?o }"})
    assert again.status == 200


def test_row_limit_truncation_is_signalled(limited_server):
    reply = http("GET", limited_server.endpoint, {"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert reply.status == 200
    assert reply.header("X-Newsgraph-Truncated") == "true"
    assert reply.header("X-Newsgraph-Row-Limit") == "5"
    doc = reply.json()
    assert len(doc["results"]["bindings"]) == 5
    assert doc["head"]["truncated"] is True and doc["head"]["rowLimit"] == 5
    csv_reply = http("GET", limited_server.endpoint, {"query": "SELECT * WHERE { ?s ?p ?o }", "format": "csv"})
    assert csv_reply.header("X-Newsgraph-Truncated") == "true" and len(csv_reply.text.splitlines()) == 6
    graph = http("GET", limited_server.endpoint, {"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "ntriples"})
    assert graph.header("X-Newsgraph-Truncated") == "true" and len(graph.text.splitlines()) == 5
    small = http("GET", limited_server.endpoint, {"query": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2"})
    assert small.header("X-Newsgraph-Truncated") == "false" and "truncated" not in small.json()["head"]


# -- protocol extras ---------------------------------------------------------------------------------

def test_cors_and_security_headers(server):
    reply = http("GET", server.endpoint, {"query": "ASK {}"}, headers={"Origin": "http://example.org"})
    assert reply.header("Access-Control-Allow-Origin") == "*"
    assert "X-Newsgraph-Truncated" in reply.header("Access-Control-Expose-Headers")
    preflight = http("OPTIONS", server.endpoint, headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status in (200, 204)
    assert preflight.header("Access-Control-Allow-Origin") == "*"
    assert "POST" in preflight.header("Access-Control-Allow-Methods")
    assert "content-type" in preflight.header("Access-Control-Allow-Headers").lower()
    for url in (server.endpoint, server.url + "no-such-page", server.url + "ns"):
        r = http("GET", url)
        csp = r.header("Content-Security-Policy")
        assert csp and "default-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert r.header("X-Content-Type-Options") == "nosniff", url


def test_service_description_and_browser_redirect(server):
    reply = http("GET", server.endpoint, headers={"Accept": "text/turtle"})
    assert reply.status == 200 and reply.header("Content-Type").startswith("text/turtle")
    triples = [q.triple for q in ox.parse(reply.body, format=ox.RdfFormat.TURTLE)]
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(server.endpoint)
    assert ox.Triple(endpoint, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                     ox.NamedNode(sd + "Service")) in triples
    assert ox.Triple(endpoint, ox.NamedNode(sd + "endpoint"), endpoint) in triples
    assert ox.Triple(endpoint, ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph")) in triples
    browser = http("GET", server.endpoint, headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert browser.status in (302, 303) and browser.header("Location").endswith("/editor")


def test_query_service_api(server):
    service = server.app.extensions["newsgraph"]
    from newsgraph.service.query_service import QueryRefused, QuerySyntaxError

    result = service.query(PREFIXES + "SELECT ?title ?article WHERE { GRAPH ?g { ?article schema:headline ?title } }",
                           substitutions={"article": ox.NamedNode("https://w3id.org/newsgraph/data/id/article/x")})
    assert result.kind == "select" and result.columns == ["title", "article"] and result.rows == []
    articles = service.query(ARTICLES)
    assert len(articles.rows) == 12 and isinstance(articles.rows[0][0], ox.NamedNode)
    assert service.query("ASK { ?s ?p ?o }").boolean is True
    assert all(isinstance(t, ox.Triple) for t in service.query(CONSTRUCT_ARTICLES).triples)
    with pytest.raises(QuerySyntaxError, match=r"1:\d+"):
        service.query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(QueryRefused):
        service.query("CLEAR ALL")


# -- a peer: Oxigraph's own server on a copy of the store ------------------------------------------

def test_same_rows_as_oxigraph_server(server, service_store, tmp_path):
    beside = Path(sys.executable).with_name("oxigraph")
    oxigraph = str(beside) if beside.exists() else shutil.which("oxigraph")
    assert oxigraph, "the `oxigraph` command (PyPI package oxigraph) is not installed"
    copy = copy_store(service_store, tmp_path / "peer-store")
    port = free_port()
    log = (tmp_path / "oxigraph.log").open("wb")
    proc = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(copy), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=log, stderr=subprocess.STDOUT)
    try:
        peer = f"http://127.0.0.1:{port}/query"
        wait_until_up(f"http://127.0.0.1:{port}/")
        for query in (ARTICLES, MEETINGS_BY_CLASS,
                      "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p"):
            ours = http("GET", server.endpoint, {"query": query}, headers={"Accept": "application/sparql-results+json"})
            theirs = http("GET", peer, {"query": query}, headers={"Accept": "application/sparql-results+json"})
            assert ours.status == theirs.status == 200, theirs.text
            assert json_rows(ours.json()) == json_rows(theirs.json())
            assert json_rows(ours.json()), query
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


# -- loading while serving ----------------------------------------------------------------------------

NEW_TITLE = "Harbour council approves new ferry line to the northern islands"
NEW_ARTICLE = f"""{NEW_TITLE}

The harbour council voted on Tuesday to approve a new ferry line between the old port and the northern islands, ending a debate that had lasted for more than two years.

Council members said the service would start next spring and would run every hour during the summer season, with fewer crossings in the winter months.

Local business owners welcomed the decision, saying that better connections would bring more visitors to the islands and help shops that have struggled since the old ferry was retired.
"""
QUADS_OF_NEW = PREFIXES + f"""SELECT (COUNT(*) AS ?n) WHERE {{
  GRAPH ?g {{ ?a schema:headline "{NEW_TITLE}" . ?s ?p ?o }}
}}"""


def test_serve_command_while_loading(service_store, tmp_path):
    """`newsgraph serve` on a store, `newsgraph load` into it meanwhile: the new article shows up,
    and every query sees it completely or not at all."""
    store = copy_store(service_store, tmp_path / "live-store")
    serve = subprocess.Popen(newsgraph_command("serve", "--store", store, "--port", "0", "--workers", "1"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env())
    try:
        first = read_line(serve, 30)
        match = re.search(r"http://127\.0\.0\.1:\d+/", first)
        assert match, first + serve.stderr.read() if serve.poll() is not None else first
        endpoint = match.group(0) + "sparql"

        def new_quads() -> int:
            reply = http("GET", endpoint, {"query": QUADS_OF_NEW})
            assert reply.status == 200, reply.text
            return int(reply.json()["results"]["bindings"][0]["n"]["value"])

        assert new_quads() == 0
        articles_before = len(http("GET", endpoint, {"query": ARTICLES}).json()["results"]["bindings"])
        source = tmp_path / "in" / "harbour.txt"
        source.parent.mkdir()
        source.write_text(NEW_ARTICLE, encoding="utf-8")

        seen: list[int] = []
        errors: list[str] = []
        stop = threading.Event()

        def poll():
            while not stop.is_set():
                try:
                    seen.append(new_quads())
                except AssertionError as exc:
                    errors.append(str(exc))

        poller = threading.Thread(target=poll)
        poller.start()
        try:
            load = subprocess.run(newsgraph_command("load", source, "--store", store, "-q"), check=False,
                                  capture_output=True, text=True, env=clean_env(), timeout=120)
        finally:
            time.sleep(0.2)
            stop.set()
            poller.join(10)
        assert load.returncode == 0, load.stdout + load.stderr
        assert not errors, f"{len(errors)} of {len(errors) + len(seen)} queries failed during the load: {errors[0]}"
        final = new_quads()
        assert final > 0, "the loaded article is not visible to the running server"
        assert set(seen) <= {0, final}, f"a query saw part of the article: {sorted(set(seen))}"
        after = http("GET", endpoint, {"query": ARTICLES}).json()["results"]["bindings"]
        assert len(after) == articles_before + 1
        assert NEW_TITLE in {b["title"]["value"] for b in after}
    finally:
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(15)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait(5)
            raise
        finally:
            errors_text = serve.stderr.read()
            serve.stdout.close()
            serve.stderr.close()
    assert serve.returncode == 0, errors_text


@pytest.mark.parametrize("derived_by", ["this version", "an older one"])
def test_serve_warns_when_the_derived_graph_is_from_another_version(service_store, tmp_path, derived_by):
    """A store derived by an older newsgraph still serves, but `newsgraph serve` says on its
    standard error that some answers may miss facts and how to recompute them; a current one
    starts without a word there."""
    from newsgraph.ontology import terms
    from newsgraph.loader.derive import DERIVATION_VERSION

    store = copy_store(service_store, tmp_path / "store")
    if derived_by != "this version":
        raw = ox.Store(str(store))
        graph = terms.derived_graph("https://w3id.org/newsgraph/data/")
        raw.remove(ox.Quad(graph, terms.schema("version"), ox.Literal(DERIVATION_VERSION), graph))
        raw.flush()
        del raw
        shutil.rmtree(store / "newsgraph-snapshots")  # an older newsgraph published none: serve does
    serve = subprocess.Popen(newsgraph_command("serve", "--store", store, "--port", "0", "--workers", "1"),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env())
    try:
        assert "serving" in read_line(serve, 60)
    finally:
        serve.send_signal(signal.SIGTERM)
        _, err = serve.communicate(timeout=30)
    if derived_by == "this version":
        assert "warning" not in err, err
    else:
        assert f"warning: {store}: the derived graph" in err and "run `newsgraph load`" in err, err
