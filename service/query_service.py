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
filter. Only standard-library modules, pyoxigraph, psutil, pyseccomp and the stdlib-only
`newsgraph.loader.snapshots` are loaded in the workers.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import logging
import multiprocessing
import os
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import pyoxigraph as ox

from newsgraph.loader.snapshots import CHANGE_MARKER  # standard library only, as the workers need
from newsgraph.ontology import terms

from .sparql_text import QUERY_FORMS, UPDATE_KEYWORDS, query_form, uses_service

log = logging.getLogger(__name__)

# how often a running query's worker size is looked at, and the share of the memory limit past
# which a worker is replaced after its query (glibc and the engine keep some of what it grew)
MEMORY_POLL_SECONDS = 0.05
RECYCLE_SHARE = 0.75
# open-lane workers run at this niceness: a client's long query yields the cores to the pages'
OPEN_NICENESS = 10
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING = terms.XSD_STRING, terms.RDF_LANG_STRING, terms.RDF_DIR_LANG_STRING

# name -> (pyoxigraph format attribute, media type)
RESULT_FORMATS = {
    "json": ("JSON", "application/sparql-results+json"),
    "xml": ("XML", "application/sparql-results+xml"),
    "csv": ("CSV", "text/csv; charset=utf-8"),
    "tsv": ("TSV", "text/tab-separated-values; charset=utf-8"),
}
GRAPH_FORMATS = {
    "turtle": ("TURTLE", "text/turtle; charset=utf-8"),
    "ntriples": ("N_TRIPLES", "application/n-triples"),
    "nquads": ("N_QUADS", "application/n-quads"),
    "jsonld": ("JSON_LD", "application/ld+json"),
    "rdfxml": ("RDF_XML", "application/rdf+xml"),
}



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


class KeptPerState:
    """Values kept while the store's change signature stays the same, the most recently used up
    to `limit` in all, each costing `cost(value)` (1 by default; none costing more than
    `max_cost` is kept). The store changes only when a load or a removal publishes a new state,
    so a kept value is exactly what computing it again would give; a new state empties it."""

    def __init__(self, limit: int, cost=lambda value: 1, max_cost: int | None = None):
        self.limit = limit
        self.cost = cost
        self.max_cost = limit if max_cost is None else min(max_cost, limit)
        self._lock = threading.Lock()
        self._signature = None
        self._values: OrderedDict = OrderedDict()
        self._total = 0

    def get(self, signature, key):
        with self._lock:
            if signature != self._signature:
                self._signature, self._values, self._total = signature, OrderedDict(), 0
                return None
            value = self._values.get(key)
            if value is not None:
                self._values.move_to_end(key)
            return value

    def put(self, signature, key, value) -> None:
        cost = self.cost(value)
        if cost > self.max_cost:
            return
        with self._lock:
            if signature != self._signature or key in self._values:
                return
            self._values[key] = value
            self._total += cost
            while self._total > self.limit:
                _, dropped = self._values.popitem(last=False)
                self._total -= self.cost(dropped)


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


# -- the store's change signature --------------------------------------------------------------

def store_signature(path: str | os.PathLike) -> tuple:
    """What tells a reader that the state it should see changed: the pointer to the published
    snapshot (newsgraph.loader.snapshots; replaced by each publish). A store without one is
    read live: then the change marker's content (replaced by the loader after each commit) and
    the folder's mtime (new files from any writer)."""
    from newsgraph.loader.snapshots import read_pointer  # standard library only

    path = Path(path)
    pointer = read_pointer(path)
    if pointer is not None:
        return ("published", pointer[0])
    try:
        marker = (path / CHANGE_MARKER).read_bytes()
    except OSError:
        marker = b""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = None
    return marker, mtime


# -- the worker process ----------------------------------------------------------------------------

class _WorkerStore:
    def __init__(self, path: str):
        self.path = path
        self.store = None
        self.signature = None
        self.error = None

    def open(self) -> None:
        """Open the published snapshot (the live folder where none is published). The error
        kept for clients names no path (it reaches HTTP clients); the log names it."""
        from newsgraph.loader.snapshots import published

        self.store = None
        last = None
        for attempt in range(8):  # a writer may be flushing or compacting (files come and go); retry shortly
            signature = store_signature(self.path)  # before opening: a later publish then forces a reopen
            if not os.path.isdir(self.path):
                log.warning("%s: no store here (load articles first)", self.path)
                self.error = "no store here (load articles first)"
                return
            snapshot = published(self.path)
            try:
                self.store = ox.Store.read_only(str(snapshot.directory) if snapshot else self.path)
                self.signature, self.error = signature, None
                return
            except (OSError, RuntimeError) as exc:
                last = exc
                time.sleep(0.03 * (attempt + 1))
        log.warning("%s: cannot open the store read-only (%s)", self.path, last)
        self.error = "the store cannot be opened (the server's log says why)"

    def current(self):
        if self.store is None or store_signature(self.path) != self.signature:
            self.open()
        if self.store is None:
            raise _Unavailable(self.error)
        return self.store


class _Unavailable(Exception):
    pass


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
            direction = getattr(term, "direction", None)
            if direction:
                out["its:dir"] = str(getattr(direction, "value", direction)).lower().rsplit(".", 1)[-1]
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING, RDF_DIR_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject),
                                            "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def solutions_json(columns: list[str], rows: list[list], extra_head: dict | None = None) -> bytes:
    """SPARQL 1.1 Query Results JSON; `extra_head` adds members to "head" (before "results", so
    strict streaming parsers such as Oxigraph's still read the document)."""
    head = {"vars": columns, **(extra_head or {})}
    bindings = [{c: _term_json(t) for c, t in zip(columns, row) if t is not None} for row in rows]
    return json.dumps({"head": head, "results": {"bindings": bindings}}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def _storage_error(exc: Exception) -> bool:
    """An error from the files under a read-only view (a writer flushed or compacted meanwhile)."""
    text = str(exc)
    return isinstance(exc, OSError) or any(k in text for k in ("Corruption", "IO error", "No such file"))


def _run(ws: _WorkerStore, req: dict) -> dict:
    kwargs: dict = {}
    if req.get("default_graph") is not None or req.get("named_graphs") is not None:
        kwargs["default_graph"] = [ox.NamedNode(u) for u in req.get("default_graph") or []]
        kwargs["named_graphs"] = [ox.NamedNode(u) for u in req.get("named_graphs") or []]
    else:
        kwargs["use_default_graph_as_union"] = True
    if req.get("substitutions"):
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in req["substitutions"].items()}
    started = time.perf_counter()
    out = _retrying(ws, lambda store: _execute(store, req, kwargs))
    out["worker_elapsed"] = time.perf_counter() - started
    return out


def _retrying(ws: _WorkerStore, action):
    """action(store), again on a freshly opened view when the files moved under the old one."""
    for attempt in range(3):
        store = ws.current()
        try:
            return action(store)
        except (OSError, RuntimeError) as exc:
            if attempt == 2 or not _storage_error(exc):
                raise
            ws.store = None
            time.sleep(0.03 * (attempt + 1))
    raise AssertionError("unreachable")


def _execute(store, req: dict, kwargs: dict) -> dict:
    limit = req["limit"]
    results = store.query(req["sparql"], **kwargs)
    out: dict = {"truncated": False}
    if isinstance(results, ox.QueryBoolean):
        out.update(kind="ask", boolean=bool(results))
        if req.get("output"):
            fmt = req["output"]["results"]
            out["body"] = results.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt][0]))
            out.update(format=fmt, count=1)
    elif isinstance(results, ox.QuerySolutions):
        columns = [v.value for v in results.variables]
        width = len(columns)
        rows = []
        for solution in results:
            if len(rows) == limit:
                out["truncated"] = True
                break
            rows.append([solution[i] for i in range(width)])
        del results
        out.update(kind="select", columns=columns, count=len(rows))
        if req.get("output"):
            fmt = req["output"]["results"]
            if fmt == "json":
                extra = {"truncated": True, "rowLimit": limit} if out["truncated"] else None
                out["body"] = solutions_json(columns, rows, extra)
            else:
                parsed = ox.parse_query_results(solutions_json(columns, rows), ox.QueryResultsFormat.JSON)
                out["body"] = parsed.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt][0]))
            out["format"] = fmt
        else:
            out["rows"] = rows
    else:
        triples = []
        for triple in results:
            if len(triples) == limit:
                out["truncated"] = True
                break
            triples.append(triple)
        del results
        out.update(kind="graph", count=len(triples))
        if req.get("output"):
            fmt = req["output"]["graph"]
            prefixes = req["output"].get("prefixes") if fmt in ("turtle", "rdfxml") else None
            out["body"] = ox.serialize(triples, format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt][0]),
                                       prefixes=prefixes) or b""
            out["format"] = fmt
        else:
            out["triples"] = triples
    return out


def _deny_network() -> str | None:
    """Forbid this process every socket but local (Unix) ones, through a seccomp filter that it
    and its threads keep for life, so that no query can make it fetch a URL (pyoxigraph runs a
    SERVICE call by itself). None when done, else why it could not be done here."""
    try:
        import errno
        import socket

        import pyseccomp
    except (ImportError, OSError) as exc:  # not Linux, or no libseccomp
        return f"no seccomp here ({exc})"
    try:
        rules = pyseccomp.SyscallFilter(defaction=pyseccomp.ALLOW)
        rules.set_attr(pyseccomp.Attr.CTL_TSYNC, 1)
        rules.add_rule(pyseccomp.ERRNO(errno.EACCES), "socket", pyseccomp.Arg(0, pyseccomp.NE, socket.AF_UNIX))
        rules.load()
    except (OSError, RuntimeError, ValueError) as exc:
        return f"the seccomp filter could not be loaded ({exc})"
    return None


def _release_memory() -> None:
    """Hand freed heap pages back to the system (glibc keeps them otherwise), so that a worker's
    size after a large answer says what it holds, not what it once held."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _worker_main(conn, store_path: str, deny_network: bool = True, niceness: int = 0) -> None:
    """A query worker: open the store, then answer requests from the pipe until it closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    sandbox_error = _deny_network() if deny_network else None
    ws = _WorkerStore(store_path)
    ws.open()
    conn.send(("ready", os.getpid(), sandbox_error))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            if req.get("op") == "size":
                reply = ("ok", _retrying(ws, lambda store: {"quads": len(store),
                                                            "graphs": sum(1 for _ in store.named_graphs())}))
            else:
                reply = ("ok", _run(ws, req))
        except SyntaxError as exc:
            reply = ("syntax", str(exc))
        except PermissionError as exc:
            # the one thing this process may not do is open a network socket (_deny_network)
            reply = ("refused", f"this endpoint makes no network calls ({exc})")
        except _Unavailable as exc:
            reply = ("unavailable", str(exc))
        except Exception as exc:
            # the engine's storage errors may name files: clients get the message without the path
            reply = ("failed", f"{type(exc).__name__}: {exc}".replace(str(store_path), "the store"))
        try:
            conn.send(reply)
        except (OSError, ValueError) as exc:
            try:
                conn.send(("failed", f"the result could not be sent back ({exc})"))
            except OSError:
                return
        del reply
        _release_memory()


# -- the pool, in the server process ---------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, store_path: str, number: int, reserved: bool, deny_network: bool):
        self.reserved = reserved  # kept for the pages' own queries (see QueryService)
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, daemon=True,
                                   args=(child, store_path, deny_network, 0 if reserved else OPEN_NICENESS),
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
                worker = _Worker(self._ctx, str(self.store_path), number, reserved, not self.allow_service)
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
            if worker.memory_mb() > self.memory_mb * RECYCLE_SHARE:
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
            if worker.conn.poll(min(remaining, MEMORY_POLL_SECONDS)):
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
