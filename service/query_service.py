"""SPARQL queries against the store, each run in a pool of worker processes with a time limit.

pyoxigraph cannot time-limit or cancel a query (an aggregate runs to its end inside `query()`),
so queries never run in the web server's process. A small pool of worker processes (spawned,
not forked) each hold `pyoxigraph.Store.read_only(path)`; the server sends a query to an idle
worker over a pipe and waits at most the time limit for the answer. A worker that does not
answer in time is killed (SIGKILL) and replaced by a fresh one started in the background, so
the other workers keep answering other clients meanwhile.

A read-only store stays frozen at the state it was opened in. The loader
(`GraphStore.mark_changed`) replaces the file `NEWSGRAPH-CHANGED` in the store folder after
each commit; before each query a worker compares that file's content (and the folder's mtime,
which catches writers other than ours when they create files) with what it saw when it opened
the store, and reopens it when they differ. Every commit holds a whole article, so a query sees
an article completely or not at all.

Only this module's standard-library and pyoxigraph imports are loaded in the workers.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import re
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

log = logging.getLogger(__name__)

CHANGE_MARKER = "NEWSGRAPH-CHANGED"  # the same name as newsgraph.loader.store.CHANGE_MARKER
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"

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

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"})
QUERY_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


# -- errors ---------------------------------------------------------------------------------------

class QueryError(Exception):
    """A query could not be answered; the message says why (safe to show to the client)."""


class QuerySyntaxError(QueryError):
    """The text is not SPARQL; the message holds the parser's text with its line:column."""


class QueryRefused(QueryError):
    """The request is not allowed here: an update (read-only endpoint) or a federated SERVICE call."""


class QueryTimeout(QueryError):
    """The query ran past the time limit (and was stopped), or no worker became free in time."""


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


# -- looking at the query text without parsing it ----------------------------------------------

_WORD = re.compile(r"[A-Za-z]+")
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_PNAME_NS = re.compile(r"[^\s:]*:")
_MASK = re.compile(
    r"#[^\n\r]*"                                  # comments
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"             # long strings
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"                     # strings
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|<[^<>\"{}|^`\\\s]*>",                      # IRIs
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE(?![\w:\-])", re.IGNORECASE)


def _skip_space(text: str, i: int) -> int:
    n = len(text)
    while i < n:
        if text[i].isspace():
            i += 1
        elif text[i] == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        else:
            break
    return i


def query_form(text: str) -> str | None:
    """The first keyword after the prologue (BASE/PREFIX/VERSION), upper-cased: SELECT, ASK,
    CONSTRUCT, DESCRIBE, or an update keyword (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD,
    MOVE, COPY, WITH); None when the text does not start like SPARQL (the parser then says why)."""
    i = 0
    while True:
        i = _skip_space(text, i)
        m = _WORD.match(text, i)
        if not m:
            return None
        word, i = m.group().upper(), m.end()
        if word == "BASE":
            m = _IRI.match(text, _skip_space(text, i))
            if not m:
                return None
            i = m.end()
        elif word == "PREFIX":
            m = _PNAME_NS.match(text, _skip_space(text, i))
            if not m:
                return None
            m = _IRI.match(text, _skip_space(text, m.end()))
            if not m:
                return None
            i = m.end()
        elif word == "VERSION":
            m = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"").match(text, _skip_space(text, i))
            if not m:
                return None
            i = m.end()
        else:
            return word


def uses_service(text: str) -> bool:
    """True when the query calls SERVICE (outside comments, strings and IRIs)."""
    return bool(_SERVICE.search(_MASK.sub(" ", text)))


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
    """What tells a reader that the store changed: the change marker's content (replaced by the
    loader after each commit) and the folder's mtime (new files from any writer)."""
    path = Path(path)
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
        self.store = None
        last = None
        for attempt in range(8):  # a writer may be flushing or compacting (files come and go); retry shortly
            signature = store_signature(self.path)  # before opening: a later commit then forces a reopen
            if not os.path.isdir(self.path):
                self.error = f"{self.path}: no store here (load articles first)"
                return
            try:
                self.store = ox.Store.read_only(self.path)
                self.signature, self.error = signature, None
                return
            except (OSError, RuntimeError) as exc:
                last = exc
                time.sleep(0.03 * (attempt + 1))
        self.error = f"{self.path}: cannot open the store read-only ({last})"

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


def _worker_main(conn, store_path: str) -> None:
    """A query worker: open the store, then answer requests from the pipe until it closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    ws = _WorkerStore(store_path)
    ws.open()
    conn.send(("ready", os.getpid()))
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
        except _Unavailable as exc:
            reply = ("unavailable", str(exc))
        except Exception as exc:
            reply = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (OSError, ValueError) as exc:
            try:
                conn.send(("failed", f"the result could not be sent back ({exc})"))
            except OSError:
                return


# -- the pool, in the server process ---------------------------------------------------------------

class _Worker:
    def __init__(self, ctx, store_path: str, number: int):
        self.conn, child = ctx.Pipe(duplex=True)
        self.process = ctx.Process(target=_worker_main, args=(child, store_path), daemon=True,
                                   name=f"newsgraph-query-{number}")
        self.process.start()
        child.close()

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


class QueryService:
    """Runs read-only SPARQL against the store at `store_path` in worker processes.

    `query()` gives pyoxigraph terms (for pages and Python callers); `query_serialized()` gives
    the bytes of a wire format, written in the worker (for the SPARQL endpoint). Workers start
    on first use (or `start()`); `close()` stops them (also done at interpreter exit).
    """

    def __init__(self, store_path, base: str, timeout: float = 30.0, row_limit: int = 10000,
                 workers: int = 2, allow_service: bool = False, prefixes: dict | None = None,
                 start_timeout: float = 60.0):
        self.store_path = Path(store_path)
        self.base = base
        self.timeout = float(timeout)
        self.row_limit = int(row_limit)
        self.size = max(1, int(workers))
        self.allow_service = allow_service
        self.prefixes = dict(prefixes or {})
        self.start_timeout = start_timeout
        self._ctx = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
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
        for _ in range(self.size):
            self._spawn_soon()

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Block until every worker is ready (for tests and start-up); True when they are."""
        self.start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._idle.qsize() >= self.size:
                return True
            time.sleep(0.02)
        return False

    def _spawn_soon(self) -> None:
        threading.Thread(target=self._spawn, name="newsgraph-spawn", daemon=True).start()

    def _spawn(self) -> None:
        for attempt in range(3):
            if self._closed:
                return
            with self._lock:
                number = next(self._numbers)
            try:
                worker = _Worker(self._ctx, str(self.store_path), number)
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
                ready = worker.conn.poll(self.start_timeout) and worker.conn.recv()[0] == "ready"
            except (EOFError, OSError):
                ready = False
            if ready and not self._closed:
                self._idle.put(worker)
                return
            self._discard(worker)
            if not self._closed:
                log.error("a query worker did not start (attempt %d)", attempt + 1)
                time.sleep(1 + attempt)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.discard(worker)

    def close(self) -> None:
        """Stop every worker (idle or busy); later queries raise QueryUnavailable."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for w in workers:
            w.kill()

    # -- requests -----------------------------------------------------------------------------
    def _call(self, request: dict, timeout: float | None) -> tuple:
        if self._closed:
            raise QueryUnavailable("the query service is shut down")
        self.start()
        limit = self.timeout if timeout is None else min(float(timeout), self.timeout)  # never above the server's
        deadline = time.monotonic() + limit
        for attempt in range(2):
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryTimeout(f"the server is busy: no query worker became free within the "
                                   f"{_seconds(limit)} time limit; try again") from None
            try:
                worker.conn.send(request)
            except (OSError, ValueError):  # died while idle: replace it and use another one
                self._discard(worker)
                self._spawn_soon()
                continue
            try:
                if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                    self._discard(worker)  # cannot be cancelled otherwise: kill, then replace
                    self._spawn_soon()
                    raise QueryTimeout(f"the query was stopped after the {_seconds(limit)} time limit")
                reply = worker.conn.recv()
            except (EOFError, OSError) as exc:
                self._discard(worker)
                self._spawn_soon()
                raise QueryError(f"the query worker stopped while running the query ({exc or 'exited'})") from None
            self._idle.put(worker)
            return reply
        raise QueryError("no query worker could take the query")

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
        raise QueryError(f"the query failed: {reply[1]}")

    def query(self, sparql: str, substitutions: dict | None = None, timeout: float | None = None,
              default_graph_uris=None, named_graph_uris=None, row_limit: int | None = None) -> QueryResult:
        """Run a query; the default graph is the union of all graphs unless graphs are given.

        `timeout` can only lower the service's limit; `row_limit` replaces the service's (0: none)."""
        started = time.monotonic()
        _, req = self._prepare(sparql, substitutions, default_graph_uris, named_graph_uris, row_limit)
        out = self._raise(self._call(req, timeout))
        return QueryResult(kind=out["kind"], columns=out.get("columns", []), rows=out.get("rows", []),
                           boolean=out.get("boolean"), triples=out.get("triples", []),
                           truncated=out["truncated"], elapsed=time.monotonic() - started)

    def query_serialized(self, sparql: str, results_format: str = "json", graph_format: str = "turtle",
                         substitutions: dict | None = None, timeout: float | None = None,
                         default_graph_uris=None, named_graph_uris=None) -> SerializedResult:
        """Run a query and write its result in `results_format` (SELECT/ASK: json, xml, csv,
        tsv) or `graph_format` (CONSTRUCT/DESCRIBE: turtle, ntriples, nquads, jsonld, rdfxml)."""
        if results_format not in RESULT_FORMATS:
            raise ValueError(f"unknown results format {results_format!r}")
        if graph_format not in GRAPH_FORMATS:
            raise ValueError(f"unknown graph format {graph_format!r}")
        started = time.monotonic()
        _, req = self._prepare(sparql, substitutions, default_graph_uris, named_graph_uris)
        req["output"] = {"results": results_format, "graph": graph_format, "prefixes": self.prefixes}
        out = self._raise(self._call(req, timeout))
        table = GRAPH_FORMATS if out["kind"] == "graph" else RESULT_FORMATS
        return SerializedResult(kind=out["kind"], body=out["body"], media_type=table[out["format"]][1],
                                format=out["format"], truncated=out["truncated"], count=out.get("count", 0),
                                elapsed=time.monotonic() - started)

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
