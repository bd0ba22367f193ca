"""The endpoint under attack: no federation by any spelling, bounded query memory, a lane for
the pages' own queries, protocol mistakes answered 400 (see docs/service.md, "Limits")."""
from __future__ import annotations

import itertools
import socket
import sys
import threading
import time

import pyoxigraph as ox
import pytest
from service_fixtures import LiveServer, http, service_store

from newsgraph.service import query_service
from newsgraph.service.sparql_text import query_form, uses_service

pytestmark = pytest.mark.slow

BASE = "https://w3id.org/newsgraph/data/"
CROSS_SORT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it (none are expected)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.contacts = 0
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.contacts += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join(2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def guarded_server(service_store):
    live = LiveServer({"STORE_PATH": service_store, "BASE_IRI": BASE, "QUERY_TIMEOUT": 5})
    yield live
    live.stop()


def known_bypasses(url: str) -> list[str]:
    """The three spellings that passed the old textual guard."""
    return [
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ OPTIONAL {{ ?a ex:x\\#y ?c }} "
        f"SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX ex: <http://example.org/> SELECT * WHERE {{ OPTIONAL {{ ?a ex:x\\'y ?c }} "
        f"SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c .SERVICE <{url}> {{ ?s ?p ?o }} }}",
    ]


def service_spellings(url: str) -> list[str]:
    """SERVICE calls written every way the grammar allows around them: keyword case, what stands
    before (escaped names, strings with escapes, IRIs with escapes, comments), SILENT, and the
    patterns a call can sit in."""
    keywords = ["SERVICE", "service", "Service", "sErViCe"]
    before = [
        "", "?a ?b ?c .", "?a ?b ?c.", "?a ?b ?c ;", "?a ex:x\\#y ?c .", "?a ex:x\\'y ?c .",
        "?a ex:x\\.y ?c .", "?a ex:x%41y ?c .", "?a ?b 'it\\'s' .", '?a ?b "say \\"hi\\"" .',
        "?a ?b '''a'' # '''' .", '?a ?b """x""" .', "?a ?b '\\u0041 # ' .", "?a <http://e/\\u0070#x> ?c .",
        "?a ?b ?c # comment\n", "?a ?b ?c .#\n", "?a ?b \"\\\\\" .", "?a ?b ?c FILTER(?c < 3)",
    ]
    wrappers = ["{pat}", "OPTIONAL {{ {pat} }}", "{{ ?x ?y ?z }} UNION {{ {pat} }}", "MINUS {{ {pat} }}",
                "FILTER EXISTS {{ {pat} }}", "{{ SELECT * WHERE {{ {pat} }} }}", "GRAPH ?g {{ {pat} }}"]
    silent = ["", "SILENT "]
    out = []
    for kw, pre, wrap, sil in itertools.product(keywords, before, wrappers, silent):
        call = f"{pre} {kw} {sil}<{url}> {{ ?s ?p ?o }}"
        out.append("PREFIX ex: <http://example.org/> SELECT * WHERE { " + wrap.format(pat=call) + " }")
    return out


def test_the_three_known_bypasses_are_refused_and_the_listener_is_never_contacted(guarded_server, listener):
    for query in known_bypasses(listener.url):
        reply = http("POST", guarded_server.endpoint, data={"query": query})
        assert reply.status == 403, (query, reply.status, reply.text)
        assert "SERVICE" in reply.text
    time.sleep(0.3)
    assert listener.contacts == 0


def test_no_spelling_of_a_service_call_reaches_a_listener(guarded_server, listener):
    queries = service_spellings(listener.url)[::7]  # a spread of every kind; the check below takes all
    statuses = set()
    for query in queries:
        reply = http("POST", guarded_server.endpoint, data={"query": query})
        statuses.add(reply.status)
        assert reply.status in (400, 403), (query, reply.status, reply.text)
    time.sleep(0.3)
    assert listener.contacts == 0
    assert 403 in statuses


def test_the_check_refuses_every_spelling_that_oxigraph_would_send(listener):
    """Oxigraph itself (here, in the test process, with network) judges what is a SERVICE call:
    each spelling that made it contact the listener must be one the check refuses."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/x#y"),
                      ox.Literal("it's")))
    calls, allowed = 0, []
    for query in service_spellings(listener.url):
        before = listener.contacts
        try:
            list(store.query(query))
        except (SyntaxError, OSError, RuntimeError):
            pass
        if listener.contacts > before:  # counted on accept, before Oxigraph sees the closed socket
            calls += 1
            if not uses_service(query):
                allowed.append(query)
    assert calls > 100
    assert allowed == []
    assert all(uses_service(q) for q in service_spellings(listener.url))


@pytest.mark.parametrize("query", [
    'SELECT ?service WHERE { ?s <http://example.org/SERVICE> "SERVICE" }',
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:a.SERVICE ?o }",
    "SELECT * WHERE { ?s ?p '''a SERVICE <http://example.org/> { } call''' }",
])
def test_a_name_string_or_iri_that_spells_service_is_not_a_call(query):
    assert not uses_service(query)
    assert query_form(query) == "SELECT"


def test_query_form_reads_past_the_prologue():
    assert query_form("BASE <http://a/> PREFIX : <http://b/> PREFIX ex: <http://c/> ask {}") == "ASK"
    assert query_form("# a comment\nINSERT DATA { <a> <b> <c> }") == "INSERT"
    assert query_form("PREFIX ex <http://c/> SELECT * {}") is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the network sandbox is seccomp (Linux)")
def test_query_workers_cannot_reach_the_network_even_past_the_check(service_store, listener, monkeypatch):
    service = query_service.QueryService(service_store, BASE, timeout=10, workers=1, reserved=0)
    try:
        assert service.wait_ready(60)
        assert service.sandbox_error is None
        monkeypatch.setattr(query_service, "uses_service", lambda text: False)  # as if the check were fooled
        with pytest.raises(query_service.QueryRefused, match="no network calls"):
            service.query(f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        assert service.query("ASK { ?s ?p ?o }").boolean is True  # the worker still answers
    finally:
        service.close()
    time.sleep(0.3)
    assert listener.contacts == 0


def test_a_query_past_the_memory_limit_is_stopped_with_a_clear_503_and_its_worker_replaced(service_store):
    live = LiveServer({"STORE_PATH": service_store, "BASE_IRI": BASE, "QUERY_TIMEOUT": 60,
                       "QUERY_MEMORY_MB": 400, "QUERY_WORKERS": 1, "RESERVED_WORKERS": 0})
    try:
        reply = http("GET", live.endpoint, {"query": CROSS_SORT}, timeout=90)
        assert reply.status == 503, reply.text
        assert "400 MB" in reply.text and "memory" in reply.text
        assert "time limit" not in reply.text
        assert live.service.wait_ready(60)
        again = http("GET", live.endpoint, {"query": "ASK { ?s ?p ?o }"})
        assert again.status == 200 and again.json()["boolean"] is True
    finally:
        live.stop()


def test_entity_pages_are_served_while_every_open_worker_runs_a_slow_query(service_store):
    live = LiveServer({"STORE_PATH": service_store, "BASE_IRI": BASE, "QUERY_TIMEOUT": 6,
                       "QUERY_WORKERS": 2, "RESERVED_WORKERS": 1})
    try:
        person = http("GET", live.endpoint, {"query": "PREFIX ng: <https://w3id.org/newsgraph/ns#> "
                                                      "SELECT ?p WHERE { ?p a ng:Person } LIMIT 1"}).json()
        page = person["results"]["bindings"][0]["p"]["value"]
        finished = {}

        def slow(n):
            finished[n] = (http("GET", live.endpoint, {"query": SLOW}, timeout=30).status, time.monotonic())

        threads = [threading.Thread(target=slow, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        time.sleep(0.5)
        entity = http("GET", page.replace(BASE, live.url), headers={"Accept": "text/html"}, timeout=30)
        entity_done = time.monotonic()
        for t in threads:
            t.join(30)
        assert entity.status == 200, entity.text[:300]
        assert all(status == 503 for status, _ in finished.values())
        assert entity_done < min(done for _, done in finished.values()), "the entity page waited for the slow queries"
    finally:
        live.stop()


def test_an_open_query_past_the_waiting_limit_is_answered_busy_at_once(service_store):
    live = LiveServer({"STORE_PATH": service_store, "BASE_IRI": BASE, "QUERY_TIMEOUT": 4,
                       "QUERY_WORKERS": 1, "RESERVED_WORKERS": 0, "MAX_WAITING_QUERIES": 1})
    try:
        finished = []

        def slow():
            http("GET", live.endpoint, {"query": SLOW}, timeout=30)
            finished.append(time.monotonic())

        threads = [threading.Thread(target=slow) for _ in range(2)]  # one runs, one waits
        for t in threads:
            t.start()
            time.sleep(0.3)
        reply = http("GET", live.endpoint, {"query": "ASK { ?s ?p ?o }"})
        busy_done = time.monotonic()
        for t in threads:
            t.join(30)
        assert reply.status == 503 and "busy" in reply.text and "waiting" in reply.text
        assert reply.header("Retry-After")
        assert len(finished) == 2 and busy_done < min(finished), "the busy answer waited for a worker"
        assert live.service.wait_ready(30)
        assert http("GET", live.endpoint, {"query": "ASK { ?s ?p ?o }"}).status == 200
    finally:
        live.stop()


def test_an_unknown_charset_is_a_400(guarded_server):
    reply = http("POST", guarded_server.endpoint, data=b"ASK { ?s ?p ?o }",
                 headers={"Content-Type": "application/sparql-query; charset=x-bogus"})
    assert reply.status == 400 and "x-bogus" in reply.text


@pytest.mark.parametrize("value", ["not an iri", "relative/graph", "http://example.org/a b"])
def test_a_graph_uri_that_is_not_an_iri_is_a_400(guarded_server, value):
    for name in ("default-graph-uri", "named-graph-uri"):
        reply = http("GET", guarded_server.endpoint, {"query": "ASK { ?s ?p ?o }", name: value})
        assert reply.status == 400 and name in reply.text, (name, reply.status, reply.text)


def test_a_repeated_query_is_answered_from_the_kept_answers_until_a_new_state_is_published(service_store, tmp_path):
    from newsgraph.loader.precompute import publish
    from newsgraph.loader.store import GraphStore
    from service_fixtures import copy_store

    store = copy_store(service_store, tmp_path / "store")
    live = LiveServer({"STORE_PATH": store, "BASE_IRI": BASE})
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    try:
        first = http("POST", live.endpoint, data={"query": count})
        again = http("POST", live.endpoint, data={"query": count})
        assert (first.header("X-Newsgraph-Cache"), again.header("X-Newsgraph-Cache")) == ("miss", "hit")
        assert again.body == first.body
        other_format = http("POST", live.endpoint, data={"query": count, "format": "csv"})
        assert other_format.header("X-Newsgraph-Cache") == "miss" and other_format.text.startswith("n")
        writer = GraphStore(store, base=BASE)
        graph = ox.NamedNode("https://example.org/graph/added")
        writer.raw.add(ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                               ox.Literal("one more"), graph))
        writer.mark_changed()
        publish(writer)
        writer.close()
        after = http("POST", live.endpoint, data={"query": count})
        assert after.header("X-Newsgraph-Cache") == "miss"
        n = lambda reply: int(reply.json()["results"]["bindings"][0]["n"]["value"])
        assert n(after) == n(first) + 1
    finally:
        live.stop()


def test_a_precomputed_page_is_kept_until_a_new_state_is_published(service_store, tmp_path):
    from newsgraph.loader.precompute import precompute, publish
    from newsgraph.loader.store import GraphStore
    from service_fixtures import copy_store

    store = copy_store(service_store, tmp_path / "store")
    writer = GraphStore(store, base=BASE)
    assert precompute(writer, parts=1)
    publish(writer)
    writer.close()
    live = LiveServer({"STORE_PATH": store, "BASE_IRI": BASE})
    try:
        first = http("GET", live.url + "queries/articles.json")
        assert first.header("X-Newsgraph-Precomputed") == "true"
        kept = live.app.extensions["newsgraph_kept_canned"]
        assert kept.get(live.service.signature(), "/queries/articles.json?") is not None
        assert http("GET", live.url + "queries/articles.json").body == first.body
        writer = GraphStore(store, base=BASE)  # a new state: one article fewer
        article = writer.article_ids()[0]
        writer.remove_articles([article])
        writer.mark_changed()
        publish(writer)
        writer.close()
        after = http("GET", live.url + "queries/articles.json")
        assert len(after.json()["rows"]) == len(first.json()["rows"]) - 1
    finally:
        live.stop()
