"""Limits of the web service (service/limits.py, docs/service.md "Limits"): the per-client budget,
cheap pages while queries run away, threads, half-open connections, and whole-store figures
computed once per store change.

Servers are real (waitress from `limits.create_server`, as `newsgraph serve` makes it, on
127.0.0.1); different clients are different loopback source addresses (127.0.0.0/8 is all
loopback on Linux). No assertion here is about how fast something is, only about what answers
before what: the speed targets are in bench/service_load.py.
"""
from __future__ import annotations

import gc
import http.client
import itertools
import select
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from service_fixtures import build_store, copy_store
from newsgraph.service import limits

BASE = "https://w3id.org/newsgraph/data/"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # runs until stopped
TIMEOUT = 4  # the servers' query time limit: the runaway queries end at it
_addresses = (f"127.0.0.{n}" for n in itertools.count(10))  # a new client for each call of client()


def client() -> str:
    return next(_addresses)


# -- servers -----------------------------------------------------------------------------------------

class Server:
    """create_app(config) under `limits.create_server(**options)` on 127.0.0.1, in a thread."""

    def __init__(self, store: Path, config: dict | None = None, **options):
        from newsgraph.service.app import create_app

        self.app = create_app({"STORE_PATH": store, "BASE_IRI": BASE, "QUERY_TIMEOUT": TIMEOUT, **(config or {})})
        self.service = self.app.extensions["newsgraph"]
        self.service.start()
        self.server = limits.create_server(self.app, host="127.0.0.1", port=0, **options)
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        assert self.service.wait_ready(60), "query workers did not start"

    def stop(self) -> None:
        self.server.close()
        self.thread.join(3)
        self.server.task_dispatcher.shutdown(timeout=3)
        self.service.close()


def get(port: int, path: str, source: str = "127.0.0.1", headers: dict | None = None,
        timeout: float = 60) -> tuple[int, dict, bytes, float]:
    """(status, headers, body, monotonic time of the answer) of one GET from `source`."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, dict(resp.getheaders()), body, time.monotonic()
    finally:
        conn.close()


def sparql_path(query: str, **params) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


class Runaways:
    """Slow queries sent from their own clients in threads; `answers` collects (status, time)."""

    def __init__(self, port: int, count: int):
        self.answers: list[tuple[int, float]] = []
        self.threads = [threading.Thread(target=self._one, args=(port, client()), daemon=True) for _ in range(count)]
        for t in self.threads:
            t.start()

    def _one(self, port: int, source: str) -> None:
        status, _, _, at = get(port, sparql_path(SLOW), source)
        self.answers.append((status, at))

    def join(self) -> list[tuple[int, float]]:
        for t in self.threads:
            t.join(TIMEOUT * 4 + 30)
        return sorted(self.answers, key=lambda a: a[1])


def wait_until_workers_busy(port: int) -> None:
    """Until a quick query from another client cannot get a query worker within 0.3 s."""
    for attempt in range(100):  # each probe its own text: a kept answer would need no worker
        status, _, _, _ = get(port, sparql_path(f"ASK {{ ?s ?p ?o }} # probe {attempt}", timeout="0.3"), client())
        if status == 503:
            return
    raise AssertionError("the runaway queries never held the query workers")


@pytest.fixture(scope="module")
def limits_store(tmp_path_factory) -> Path:
    """The examples' store, with the canned queries' default answers precomputed (as a large
    load leaves them)."""
    from newsgraph.loader.precompute import precompute
    from newsgraph.loader.store import GraphStore

    path = copy_store(build_store(), tmp_path_factory.mktemp("limits") / "store")
    store = GraphStore(path, base=BASE)
    assert precompute(store, parts=1)
    del store
    gc.collect()
    return path


@pytest.fixture(scope="module")
def server(limits_store):
    """`newsgraph serve`'s defaults (threads, connections, budget), a 4 s time limit, and a
    3 s channel timeout (so the test of half-open connections ends soon)."""
    live = Server(limits_store, channel_timeout=3)
    yield live
    live.stop()


# -- the per-client budget --------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_that_waits_for_each_answer_never_exceeds_the_default_budget():
    clock = Clock()
    budget = limits.ClientBudget(seconds=60, window=60, concurrent=4, clock=clock)
    for _ in range(600):  # ten minutes of 0.9 s requests, 0.1 s apart
        token, refusal = budget.start("a")
        assert refusal is None, refusal
        clock.now += 0.9
        budget.finish("a", token)
        clock.now += 0.1
    assert 50 <= budget.used("a") < 60


def test_a_client_with_two_requests_at_a_time_runs_out_and_is_told_when_to_retry():
    clock = Clock()
    budget = limits.ClientBudget(seconds=60, window=60, concurrent=4, clock=clock)
    refused = None
    for step in range(120):
        tokens = [budget.start("a") for _ in range(2)]
        if any(refusal for _, refusal in tokens):
            refused = next(refusal for _, refusal in tokens if refusal)
            for token, _ in tokens:
                if token is not None:
                    budget.finish("a", token)
            break
        clock.now += 1
        for token, _ in tokens:
            budget.finish("a", token)
    assert refused is not None and 25 <= step <= 35, step
    assert "budget" in refused.message and 1 <= refused.retry_after <= 60
    assert budget.start("b")[1] is None  # another client is not concerned
    clock.now += refused.retry_after
    assert budget.start("a")[1] is None  # told the truth: it may go on after Retry-After


def test_the_fifth_request_at_once_is_refused_and_a_finished_one_makes_room():
    budget = limits.ClientBudget(seconds=60, window=60, concurrent=4, clock=Clock())
    tokens = [budget.start("a")[0] for _ in range(4)]
    token, refusal = budget.start("a")
    assert token is None and "at most 4" in refusal.message
    budget.finish("a", tokens[0])
    assert budget.start("a")[1] is None


def test_clients_without_recent_requests_are_forgotten():
    clock = Clock()
    budget = limits.ClientBudget(seconds=60, window=60, concurrent=4, clock=clock)
    for n in range(300):
        token, _ = budget.start(f"10.0.{n // 256}.{n % 256}")
        budget.finish(f"10.0.{n // 256}.{n % 256}", token)
    clock.now += 61
    for _ in range(256):
        token, _ = budget.start("b")
        budget.finish("b", token)
    assert budget.clients() == 1


def test_x_forwarded_for_names_the_client_only_behind_a_trusted_proxy():
    trusted = limits.parse_networks("10.0.0.0/8, ::1")
    assert limits.client_key("203.0.113.5", "198.51.100.7") == "203.0.113.5"
    assert limits.client_key("203.0.113.5", "198.51.100.7", trusted) == "203.0.113.5"
    assert limits.client_key("10.1.2.3", "198.51.100.7", trusted) == "198.51.100.7"
    # the left part is the client's to write: the right-most address not of a proxy counts
    assert limits.client_key("10.1.2.3", "1.2.3.4, 198.51.100.7, 10.9.9.9", trusted) == "198.51.100.7"
    assert limits.client_key("10.1.2.3", "nonsense", trusted) == "10.1.2.3"
    assert limits.client_key("2001:db8:1:2::5") == limits.client_key("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    with pytest.raises(ValueError, match="not an IP address"):
        limits.parse_networks(["proxy.example"])


def test_every_route_is_either_query_backed_or_free(limits_store):
    from newsgraph.service.app import create_app

    app = create_app({"STORE_PATH": limits_store, "BASE_IRI": BASE})
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - limits.QUERY_ENDPOINTS - limits.FREE_ENDPOINTS == set()
    assert not limits.QUERY_ENDPOINTS & limits.FREE_ENDPOINTS


def test_a_client_over_its_budget_gets_429_while_another_client_is_served(limits_store):
    live = Server(limits_store, {"CLIENT_BUDGET": 1})
    try:
        greedy, other = client(), client()
        status, _, _, _ = get(live.port, sparql_path(SLOW, timeout="1.5"), greedy)  # 1.5 s spent
        assert status == 503
        status, headers, body, _ = get(live.port, sparql_path("ASK { ?s ?p ?o }"), greedy)
        assert status == 429, body
        assert int(headers["Retry-After"]) >= 1
        assert headers["Content-Type"].startswith("text/plain") and b"budget" in body
        assert get(live.port, "/assets/style.css", greedy)[0] == 200  # files are not charged
        status, _, body, _ = get(live.port, sparql_path("ASK { ?s ?p ?o }"), other)
        assert status == 200 and b"true" in body
    finally:
        live.stop()


def test_a_client_with_four_queries_running_gets_429_for_a_fifth_while_another_is_served(server):
    greedy = client()
    answers: list[int] = []

    def slow() -> None:
        answers.append(get(server.port, sparql_path(SLOW, timeout="2"), greedy)[0])

    threads = [threading.Thread(target=slow) for _ in range(4)]
    for t in threads:
        t.start()
    wait_until_workers_busy(server.port)  # two of the four run, two wait for a worker
    fifth = get(server.port, sparql_path("ASK { ?s ?p ?o }", timeout="0.3"), greedy)
    other = get(server.port, sparql_path("ASK { ?s ?p ?o }"), client())
    for t in threads:
        t.join(30)
    assert fifth[0] == 429 and b"at most 4" in fifth[2], (fifth, answers)
    assert other[0] in (200, 503)  # served (503: no worker free while the four run)
    assert sorted(answers) == [503] * 4


def test_a_client_that_downloads_dumps_one_after_another_is_never_refused(server):
    source = client()
    statuses = [get(server.port, "/dump", source)[0] for _ in range(6)]  # streamed: charged once sent
    assert statuses == [200] * 6


# -- cheap pages while queries run away ---------------------------------------------------------------

def test_cheap_pages_answer_while_two_runaway_queries_hold_the_workers(server):
    cheap = ["/assets/style.css", "/ns", "/editor", "/", "/.well-known/void", "/queries/articles.json"]
    for path in cheap:  # the index and VoID figures are computed once, before
        assert get(server.port, path)[0] == 200, path
    runaways = Runaways(server.port, 2)
    wait_until_workers_busy(server.port)
    answered = {}
    for path in cheap:
        status, headers, _, at = get(server.port, path, client())
        assert status == 200, path
        answered[path] = at
        if path.startswith("/queries/"):
            assert headers["X-Newsgraph-Precomputed"] == "true"
    stopped = runaways.join()
    assert [status for status, _ in stopped] == [503, 503]
    late = {path: at for path, at in answered.items() if at >= stopped[-1][1]}
    assert not late, f"answered only after the runaway queries were stopped: {sorted(late)}"


def test_twelve_runaway_queries_leave_threads_for_static_files(server):
    runaways = Runaways(server.port, 12)
    wait_until_workers_busy(server.port)
    status, _, _, static_at = get(server.port, "/assets/style.css", client())
    ontology = get(server.port, "/ns", client())
    stopped = runaways.join()
    assert status == 200 and ontology[0] == 200
    assert len(stopped) == 12
    assert static_at < stopped[0][1] and ontology[3] < stopped[0][1], "waited for a runaway query's thread"


# -- connections ---------------------------------------------------------------------------------------

def test_half_open_connections_do_not_stop_a_request_and_are_dropped_at_the_channel_timeout(server):
    stalled = []
    try:
        for _ in range(150):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            s.sendall(b"GET /assets/style.css HTTP/1.1\r\nHo")  # and nothing more
            stalled.append(s)
        answer: dict = {}

        def normal() -> None:
            status, _, _, at = get(server.port, "/assets/style.css", client(), timeout=60)
            answer.update(status=status, at=at)

        requester = threading.Thread(target=normal)
        requester.start()
        first_drop = None
        open_ones = list(stalled)
        deadline = time.monotonic() + 3 + 2 + 30  # the channel timeout, cleanup interval, and room
        while open_ones and time.monotonic() < deadline:
            readable, _, _ = select.select(open_ones, [], [], 0.5)
            for s in readable:
                try:
                    data = s.recv(100)
                except OSError:
                    data = b""
                if not data:  # closed by the server
                    first_drop = first_drop or time.monotonic()
                    open_ones.remove(s)
        requester.join(60)
    finally:
        for s in stalled:
            s.close()
    assert answer.get("status") == 200
    assert not open_ones, f"{len(open_ones)} half-open connections were never dropped"
    assert answer["at"] < first_drop, "the request was answered only once half-open connections were dropped"


# -- whole-store figures, once per store change --------------------------------------------------------

def counting(monkeypatch, service) -> list[str]:
    """Every query and store_size call the service gets from now on."""
    calls: list[str] = []
    query, size = service.query, service.store_size

    def counted_query(sparql, *args, **kwargs):
        calls.append(sparql)
        return query(sparql, *args, **kwargs)

    def counted_size(*args, **kwargs):
        calls.append("store_size")
        return size(*args, **kwargs)

    monkeypatch.setattr(service, "query", counted_query)
    monkeypatch.setattr(service, "store_size", counted_size)
    return calls


@pytest.fixture(scope="module")
def app(limits_store):
    from newsgraph.service.app import create_app

    app = create_app({"STORE_PATH": limits_store, "BASE_IRI": BASE})
    assert app.extensions["newsgraph"].wait_ready(60)
    yield app
    app.extensions["newsgraph"].close()


def test_the_index_counts_are_computed_once_per_store_signature(app, monkeypatch):
    service = app.extensions["newsgraph"]
    calls = counting(monkeypatch, service)
    client_ = app.test_client()
    assert client_.get("/").status_code == 200
    first = len(calls)
    pages = [client_.get("/") for _ in range(3)]
    assert [p.status_code for p in pages] == [200] * 3
    assert first >= 1 and len(calls) == first and b"class=\"counts\"" in pages[2].data
    signature = service.signature()
    monkeypatch.setattr(service, "signature", lambda: (signature, "changed"))  # as after a load
    for _ in range(3):
        assert client_.get("/").status_code == 200
    assert len(calls) == 2 * first


def test_void_with_two_host_headers_reads_the_store_once(app, monkeypatch):
    service = app.extensions["newsgraph"]
    app.extensions.pop("newsgraph_void_figures", None)
    calls = counting(monkeypatch, service)
    client_ = app.test_client()
    bodies = {}
    for host in ("a.example", "b.example", "a.example", "b.example"):
        reply = client_.get("/.well-known/void", headers={"Host": host})
        assert reply.status_code == 200
        bodies.setdefault(host, reply.data)
    assert len(calls) == 3  # the stats, the articles, the size
    assert b"<http://a.example/.well-known/void#dataset>" in bodies["a.example"]
    assert b"<http://b.example/.well-known/void#dataset>" in bodies["b.example"]
    assert b"a.example" not in bodies["b.example"]


def test_while_one_request_computes_the_figures_others_get_the_last_ones():
    cache = limits.OncePerChange()
    assert cache.get("s1", lambda: "counts of s1") == "counts of s1"
    started, release = threading.Event(), threading.Event()
    result: dict = {}

    def slow() -> str:
        started.set()
        release.wait(30)
        return "counts of s2"

    computing = threading.Thread(target=lambda: result.update(first=cache.get("s2", slow)))
    computing.start()
    assert started.wait(30)
    assert cache.get("s2", lambda: pytest.fail("computed twice at once")) == "counts of s1"
    release.set()
    computing.join(30)
    assert result["first"] == "counts of s2" and cache.get("s2", lambda: "again") == "counts of s2"
    assert cache.computed == 2


def test_a_failed_computation_is_not_retried_at_once_for_the_same_signature():
    clock = Clock()
    cache = limits.OncePerChange(retry_after=60, clock=clock)
    assert cache.get("s1", lambda: 1) == 1

    def fails():
        raise RuntimeError("past the time limit")

    with pytest.raises(RuntimeError):
        cache.get("s2", fails)
    assert cache.get("s2", lambda: pytest.fail("retried at once")) == 1
    clock.now += 61
    assert cache.get("s2", lambda: 2) == 2
