"""SPARQL queries against the store, each run in a pool of worker processes with a time limit.

pyoxigraph cannot time-limit or cancel a query (an aggregate runs to its end inside `query()`),
so queries never run in the web server's process. A small pool of worker processes (spawned,
not forked) each hold `pyoxigraph.Store.read_only(path)`; the server sends a query to an idle
worker over a pipe and waits at most the time limit for the answer. A worker that does not
answer in time is killed (SIGKILL) and replaced by a fresh one started in the background, so
the other workers keep answering other clients meanwhile.

Workers read the snapshot the loader last published (`newsgraph.loader.snapshots`): a finished
load or removal checkpoints the store and points readers at it in one rename. Before each query
a worker compares the pointer with what it opened and reopens when it changed, so a query sees
whole articles with the derived graph computed from them, never a load half done.

Workers are bounded: by time (killed past the limit), by memory (killed past `memory_mb`,
watched while they run) and, unless federation is allowed, kept off the network by a seccomp
filter. The worker's side is service/query_worker.py, which loads little besides pyoxigraph.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import multiprocessing
import os
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pyoxigraph as ox

from newsgraph.loader import settings

from .kept import KeptPerState
from .query_worker import GRAPH_FORMATS, RESULT_FORMATS, _worker_main, store_signature
from .sparql_text import QUERY_FORMS, UPDATE_KEYWORDS, query_form, uses_service

log = logging.getLogger(__name__)

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
# -- errors ---------------------------------------------------------------------------------------

class QueryError(Exception):
    """A query could not be answered; the message says why (safe to show to the client)."""


class QuerySyntaxError(QueryError):
    """The text is not SPARQL; the message holds the parser's text with its line:column."""


class QueryRefused(QueryError):
    """The request is not allowed here: an update (read-only endpoint) or a federated SERVICE call."""


class QueryTimeout(QueryError):
    """The query was stopped at a limit (time, and in subclasses memory), or no worker became free
    in time: the server is fine, the client may try again or narrow the query (HTTP 503)."""


class QueryBusy(QueryTimeout):
    """Too many queries already wait for a worker: answered at once rather than queued."""


class QueryTooLarge(QueryTimeout):
    """The query's worker grew past the memory limit (and was stopped)."""


class QueryUnavailable(QueryError):
    """The store cannot be opened (missing, or unreadable)."""


# -- results --------------------------------------------------------------------------------------

@dataclass
class QueryResult:
    kind: str                                   # "select" | "ask" | "graph"
    columns: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # pyoxigraph terms or None (unbound)
    boolean: bool | None = None
    triples: list = field(default_factory=list)     # pyoxigraph Triples (CONSTRUCT / DESCRIBE)
    truncated: bool = False                     # the row limit cut the result
    elapsed: float = 0.0                        # seconds, as seen by the server
    precomputed: float | None = None            # when the loader computed it, if it did (epoch s)


@dataclass
class SerializedResult:
    """A result already written in a wire format by the worker (what /sparql sends)."""
    kind: str
    body: bytes
    media_type: str
    format: str
    truncated: bool = False
    count: int = 0                              # rows or triples written (1 for ASK)
    elapsed: float = 0.0
    cached: bool = False                        # sent from the answers kept for this store state


@functools.lru_cache(maxsize=512)
def check_query(text: str, allow_service: bool = False) -> str | None:
    """The result kind ("select", "ask", "graph") or None if unknown; raises QueryRefused for
    updates and (unless allowed) federated SERVICE calls."""
    form = query_form(text)
    if form in UPDATE_KEYWORDS:
        raise QueryRefused(f"SPARQL Update ({form}) is not allowed: this endpoint is read-only. "
                           "Load data with `newsgraph load`.")
    if not allow_service and uses_service(text):
        raise QueryRefused("federated queries (SERVICE) are not allowed on this endpoint")
    return QUERY_FORMS.get(form or "")


# -- the pool, in the server process ---------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, store_path: str, number: int, reserved: bool, deny_network: bool, niceness: int):
        self.reserved = reserved  # kept for the pages' own queries (see QueryService)
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, daemon=True,
                                   args=(child, store_path, deny_network, 0 if reserved else niceness),
                                   name=f"newsgraph-query-{number}")
        self.process.start()
        child.close()

    def memory_mb(self) -> float:
        """The worker's resident memory in MB (0 when it cannot be read)."""
        try:  # /proc where there is one: a read costs a tenth of psutil's per query
            with open(f"/proc/{self.process.pid}/statm", "rb") as statm:
                return int(statm.read().split()[1]) * _PAGE_SIZE / 1048576
        except (OSError, ValueError, IndexError):
            pass
        try:
            return psutil.Process(self.process.pid).memory_info().rss / 1048576
        except (psutil.Error, OSError, TypeError, ValueError):
            return 0.0

    def kill(self) -> None:
        try:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(2)
        except (OSError, ValueError, AssertionError):
            pass
        try:
            self.conn.close()
        except OSError:
            pass


def _close_workers(workers: set) -> None:
    for w in list(workers):
        w.kill()
    workers.clear()


# lanes: what a query may wait for
OPEN = "open"      # any client's query (/sparql, a canned query with the client's values, search)
PAGES = "pages"    # the pages' own bounded lookups (entity pages, counts): may also use the reserved workers


class QueryService:
    """Runs read-only SPARQL against the store at `store_path` in worker processes.

    `query()` gives pyoxigraph terms (for pages and Python callers); `query_serialized()` gives
    the bytes of a wire format, written in the worker (for the SPARQL endpoint). Workers start
    on first use (or `start()`); `close()` stops them (also done at interpreter exit).

    Limits: a query runs at most `timeout` seconds and its worker may grow to `memory_mb` MB;
    past either the worker is killed and replaced. `workers` processes answer queries of the
    OPEN lane and `reserved` more answer only the PAGES lane, so that entity pages and counts
    are served while every open worker runs a slow query. At most `max_waiting` OPEN queries
    wait for a worker; one more is answered "busy" at once instead of holding an HTTP thread.
    Unless `allow_service`, the workers cannot open network sockets (`_deny_network`).
    `query_serialized()` keeps its answers per store state (`answer_cache_mb`; 0: none).
    """

    def __init__(self, store_path, base: str, timeout: float = 30.0, row_limit: int = 10000,
                 workers: int = 2, allow_service: bool = False, prefixes: dict | None = None,
                 start_timeout: float = 60.0, memory_mb: float = 2048, reserved: int = 1,
                 max_waiting: int = 32, answer_cache_mb: float = 64):
        self.store_path = Path(store_path)
        self.base = base
        self.timeout = float(timeout)
        self.row_limit = int(row_limit)
        self.size = max(1, int(workers))
        self.reserved = max(0, int(reserved))
        self.memory_mb = float(memory_mb)
        # how often a running query's worker size is looked at, and the share of the memory limit
        # past which a worker is replaced after its query (glibc and the engine keep some of it)
        self.memory_poll_seconds = settings.value("memory_poll_seconds")
        self.recycle_share = settings.value("recycle_share")
        # open-lane workers run at this niceness: a client's long query yields the cores to the pages'
        self.open_niceness = settings.value("open_niceness")
        self.max_waiting = max(0, int(max_waiting))
        self.allow_service = allow_service
        self.prefixes = dict(prefixes or {})
        self.start_timeout = start_timeout
        self.sandbox_error: str | None = None  # why the workers could not be kept off the network
        self.answers = KeptPerState(int(answer_cache_mb * 1048576), cost=lambda answer: len(answer.body),
                                    max_cost=1 << 20)
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []
        # one lock, a condition per lane, so that a freed worker wakes one waiter who can take it
        self._pool_lock = threading.Lock()
        self._ready = threading.Condition(self._pool_lock)      # wait_ready
        self._lanes = {OPEN: threading.Condition(self._pool_lock), PAGES: threading.Condition(self._pool_lock)}
        self._waiters = {OPEN: 0, PAGES: 0}
        self._waiting = 0  # OPEN queries waiting for a worker
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._numbers = iter(range(1, 1 << 30))
        self._finalizer = weakref.finalize(self, _close_workers, self._workers)

    # -- pool ---------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the workers (in the background); queries wait for the first ready one."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        for number in range(self.size + self.reserved):
            self._spawn_soon(reserved=number >= self.size)

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every worker is ready (for tests and start-up); True when they are."""
        self.start()
        deadline = time.monotonic() + timeout
        with self._ready:
            while len(self._idle) < self.size + self.reserved:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._ready.wait(remaining)
        return True

    def _spawn_soon(self, reserved: bool) -> None:
        threading.Thread(target=self._spawn, args=(reserved,), name="newsgraph-spawn", daemon=True).start()

    def _spawn(self, reserved: bool) -> None:
        for attempt in range(3):
            if self._closed:
                return
            with self._lock:
                number = next(self._numbers)
            try:
                worker = _Worker(self._ctx, str(self.store_path), number, reserved, not self.allow_service,
                                 self.open_niceness)
            except OSError as exc:
                log.error("cannot start a query worker: %s", exc)
                time.sleep(1 + attempt)
                continue
            with self._lock:
                closed = self._closed
                if not closed:
                    self._workers.add(worker)
            if closed:  # close() ran while this one was starting
                worker.kill()
                return
            try:
                hello = worker.conn.recv() if worker.conn.poll(self.start_timeout) else None
            except (EOFError, OSError):
                hello = None
            if hello and hello[0] == "ready" and not self._closed:
                if hello[2] and self.sandbox_error is None:
                    self.sandbox_error = hello[2]
                    log.warning("query workers can reach the network: %s; SERVICE is refused by the "
                                "query check alone", hello[2])
                self._release(worker)
                return
            self._discard(worker)
            if not self._closed:
                log.error("a query worker did not start (attempt %d)", attempt + 1)
                time.sleep(1 + attempt)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        self._spawn_soon(worker.reserved)

    def _release(self, worker: _Worker) -> None:
        with self._pool_lock:
            self._idle.append(worker)
            # the pages' lookups first (they are short); a reserved worker serves only them
            if self._waiters[PAGES] or worker.reserved:
                self._lanes[PAGES].notify()
            else:
                self._lanes[OPEN].notify()
            self._ready.notify_all()

    def _acquire(self, lane: str, deadline: float, limit: float) -> _Worker:
        """An idle worker for `lane` (OPEN: an open one; PAGES: an open one, else a reserved one)."""
        with self._pool_lock:
            if lane == OPEN:
                if self._waiting >= self.max_waiting and not self._pick(lane):
                    raise QueryBusy(f"the server is busy: {self._waiting} queries are already waiting for "
                                    "a query worker; try again in a few seconds")
                self._waiting += 1
            try:
                while True:
                    worker = self._pick(lane)
                    if worker is not None:
                        self._idle.remove(worker)
                        return worker
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._closed:
                        raise QueryTimeout(f"the server is busy: no query worker became free within the "
                                           f"{_seconds(limit)} time limit; try again")
                    self._waiters[lane] += 1
                    try:
                        self._lanes[lane].wait(remaining)
                    finally:
                        self._waiters[lane] -= 1
            finally:
                if lane == OPEN:
                    self._waiting -= 1

    def _pick(self, lane: str) -> _Worker | None:
        open_ones = [w for w in self._idle if not w.reserved]
        if open_ones:
            return open_ones[0]
        if lane == PAGES and self._idle:
            return self._idle[0]
        return None

    def close(self) -> None:
        """Stop every worker (idle or busy); later queries raise QueryUnavailable."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.kill()
        with self._pool_lock:
            self._idle.clear()
            for condition in (self._ready, *self._lanes.values()):
                condition.notify_all()

    # -- requests -----------------------------------------------------------------------------
    def _call(self, request: dict, timeout: float | None, lane: str = PAGES) -> tuple:
        if self._closed:
            raise QueryUnavailable("the query service is shut down")
        self.start()
        limit = self.timeout if timeout is None else min(float(timeout), self.timeout)  # never above the server's
        deadline = time.monotonic() + limit
        for attempt in range(2):
            worker = self._acquire(lane, deadline, limit)
            try:
                worker.conn.send(request)
            except (OSError, ValueError):  # died while idle: replace it and use another one
                self._replace(worker)
                continue
            try:
                reply = self._await(worker, deadline, limit)
            except (EOFError, OSError) as exc:
                self._replace(worker)
                raise QueryError(f"the query worker stopped while running the query ({exc or 'exited'})") from None
            if worker.memory_mb() > self.memory_mb * self.recycle_share:
                self._replace(worker)  # what it still holds would leave the next query little room
            else:
                self._release(worker)
            return reply
        raise QueryError("no query worker could take the query")

    def _await(self, worker: _Worker, deadline: float, limit: float) -> tuple:
        """The worker's reply; kills and replaces it past the time or memory limit."""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._replace(worker)  # cannot be cancelled otherwise: kill, then replace
                raise QueryTimeout(f"the query was stopped after the {_seconds(limit)} time limit")
            if worker.conn.poll(min(remaining, self.memory_poll_seconds)):
                return worker.conn.recv()
            if worker.memory_mb() > self.memory_mb:
                self._replace(worker)
                raise QueryTooLarge(
                    f"the query was stopped: it needed more than the {self.memory_mb:g} MB of memory a query may "
                    "use here; narrow it (fewer variables or patterns, a LIMIT without ORDER BY over everything)")

    def _prepare(self, sparql: str, substitutions, default_graph_uris, named_graph_uris,
                 row_limit: int | None = None) -> tuple[str | None, dict]:
        if not isinstance(sparql, str) or not sparql.strip():
            raise QuerySyntaxError("empty query")
        kind = check_query(sparql, self.allow_service)
        subs = {}
        for key, term in (substitutions or {}).items():
            name = key.value if isinstance(key, ox.Variable) else str(key).lstrip("?$")
            subs[name] = term
        limit = self.row_limit if row_limit is None else int(row_limit)
        req = {"op": "query", "sparql": sparql, "substitutions": subs, "limit": limit if limit > 0 else None,
               "default_graph": None if default_graph_uris is None else [_iri(u) for u in default_graph_uris],
               "named_graphs": None if named_graph_uris is None else [_iri(u) for u in named_graph_uris]}
        if req["default_graph"] == [] and req["named_graphs"] in (None, []):
            req["default_graph"] = req["named_graphs"] = None
        return kind, req

    @staticmethod
    def _raise(reply: tuple) -> dict:
        status = reply[0]
        if status == "ok":
            return reply[1]
        if status == "syntax":
            raise QuerySyntaxError(f"SPARQL syntax error: {reply[1]}")
        if status == "unavailable":
            raise QueryUnavailable(reply[1])
        if status == "refused":
            raise QueryRefused(reply[1])
        raise QueryError(f"the query failed: {reply[1]}")

    def query(self, sparql: str, substitutions: dict | None = None, timeout: float | None = None,
              default_graph_uris=None, named_graph_uris=None, row_limit: int | None = None,
              lane: str = PAGES) -> QueryResult:
        """Run a query; the default graph is the union of all graphs unless graphs are given.

        `timeout` can only lower the service's limit; `row_limit` replaces the service's (0: none);
        `lane` OPEN for a query whose cost a client chooses (see the class)."""
        started = time.monotonic()
        _, req = self._prepare(sparql, substitutions, default_graph_uris, named_graph_uris, row_limit)
        out = self._raise(self._call(req, timeout, lane))
        return QueryResult(kind=out["kind"], columns=out.get("columns", []), rows=out.get("rows", []),
                           boolean=out.get("boolean"), triples=out.get("triples", []),
                           truncated=out["truncated"], elapsed=time.monotonic() - started)

    def query_serialized(self, sparql: str, results_format: str = "json", graph_format: str = "turtle",
                         substitutions: dict | None = None, timeout: float | None = None,
                         default_graph_uris=None, named_graph_uris=None, lane: str = OPEN) -> SerializedResult:
        """Run a query and write its result in `results_format` (SELECT/ASK: json, xml, csv,
        tsv) or `graph_format` (CONSTRUCT/DESCRIBE: turtle, ntriples, nquads, jsonld, rdfxml)."""
        if results_format not in RESULT_FORMATS:
            raise ValueError(f"unknown results format {results_format!r}")
        if graph_format not in GRAPH_FORMATS:
            raise ValueError(f"unknown graph format {graph_format!r}")
        started = time.monotonic()
        _, req = self._prepare(sparql, substitutions, default_graph_uris, named_graph_uris)
        req["output"] = {"results": results_format, "graph": graph_format, "prefixes": self.prefixes}
        signature = self.signature()
        key = (sparql, results_format, graph_format, repr(sorted(req["substitutions"].items(), key=str)),
               repr(req["default_graph"]), repr(req["named_graphs"]))
        kept = self.answers.get(signature, key)
        if kept is not None:
            return dataclasses.replace(kept, elapsed=time.monotonic() - started, cached=True)
        out = self._raise(self._call(req, timeout, lane))
        table = GRAPH_FORMATS if out["kind"] == "graph" else RESULT_FORMATS
        result = SerializedResult(kind=out["kind"], body=out["body"], media_type=table[out["format"]][1],
                                  format=out["format"], truncated=out["truncated"], count=out.get("count", 0),
                                  elapsed=time.monotonic() - started)
        self.answers.put(signature, key, result)
        return result

    def store_size(self, timeout: float | None = None) -> dict:
        """{"quads": number of quads in the store, "graphs": number of named graphs}."""
        return self._raise(self._call({"op": "size"}, timeout))

    def signature(self) -> tuple:
        """Changes whenever the loader commits (see the module docstring); for caches."""
        return store_signature(self.store_path)


def _iri(value) -> str:
    return value.value if isinstance(value, ox.NamedNode) else str(value)


def _seconds(value: float) -> str:
    return f"{value:g} s"
