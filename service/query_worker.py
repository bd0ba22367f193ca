"""The worker process of the query service (service/query_service.py): it holds the store's
published snapshot read-only, answers one query at a time over a pipe, and is killed by the
server when it runs past the time or memory limit.

Only standard-library modules, pyoxigraph, pyseccomp, the stdlib-only
`newsgraph.loader.snapshots` and `newsgraph.ontology.terms` are loaded here (a worker starts
fresh, spawned, not forked).
"""
from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path

import pyoxigraph as ox

from newsgraph.loader.snapshots import CHANGE_MARKER  # standard library only, as the workers need
from newsgraph.ontology import terms

log = logging.getLogger(__name__.rsplit(".", 1)[0] + ".query_service")  # one logger for the service and its workers
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
