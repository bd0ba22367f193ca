"""GET /dump: the whole store as one RDF file, streamed (N-Quads, gzip-compressed, by default).

The dump runs `GraphStore.dump` on a fresh read-only view of the store's published snapshot
(loader/snapshots.py: the state of the last finished load or removal, as queries see it) in a thread that
writes into a small bounded queue of chunks; the response reads from the queue. Memory use is
a few chunks, whatever the store's size. A client that goes away stops the dump.
"""
from __future__ import annotations

import gzip
import io
import queue
import threading

from flask import Blueprint, Response, current_app, request
from newsgraph.loader.store import FORMATS, GraphStore, StoreError

from .sparql import text_response

bp = Blueprint("dumps", __name__)

DUMP_FORMATS = {  # name -> (media type, file suffix)
    "nquads": ("application/n-quads", "nq"),
    "trig": ("application/trig", "trig"),
    "turtle": ("text/turtle; charset=utf-8", "ttl"),
    "ntriples": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "jsonld"),
    "rdfxml": ("application/rdf+xml", "rdf"),
}
ALIASES = {"nq": "nquads", "n-quads": "nquads", "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples",
           "json-ld": "jsonld", "rdf": "rdfxml", "rdf+xml": "rdfxml", "xml": "rdfxml"}
CHUNK = 64 * 1024
_DONE = object()
assert set(DUMP_FORMATS) <= set(FORMATS)


class _Cancelled(Exception):
    pass


class _QueueWriter(io.RawIOBase):
    """A binary file object whose writes become chunks in a bounded queue."""

    def __init__(self, chunks: queue.Queue, cancelled: threading.Event):
        self.chunks = chunks
        self.cancelled = cancelled
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self._put(bytes(self.buffer))
            self.buffer.clear()
        return len(data)

    def _put(self, item) -> None:
        while True:
            if self.cancelled.is_set():
                raise _Cancelled()
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    def finish(self) -> None:
        if self.buffer:
            self._put(bytes(self.buffer))
            self.buffer.clear()
        self._put(_DONE)


class DumpStream:
    """The response body: starts the dump on first read; `close()` (by the server) cancels it."""

    def __init__(self, store: GraphStore, fmt: str, gz: bool, logger):
        self.store, self.fmt, self.gz, self.logger = store, fmt, gz, logger
        self.chunks: queue.Queue = queue.Queue(maxsize=8)
        self.cancelled = threading.Event()
        self.thread = None
        self.finished = False

    def _produce(self) -> None:
        writer = _QueueWriter(self.chunks, self.cancelled)
        try:
            if self.gz:
                with gzip.GzipFile(fileobj=writer, mode="wb", compresslevel=6, mtime=0) as gz:
                    self.store.dump(gz, self.fmt)
            else:
                self.store.dump(writer, self.fmt)
            writer.finish()
        except _Cancelled:
            pass
        except Exception as exc:
            self.logger.error("dump failed: %s", exc)
            try:
                writer._put(exc)
            except _Cancelled:
                pass
        finally:
            self.store = None  # closes the read-only view

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        if self.finished:
            raise StopIteration
        if self.thread is None:
            self.thread = threading.Thread(target=self._produce, name="newsgraph-dump", daemon=True)
            self.thread.start()
        item = self.chunks.get()
        if item is _DONE:
            self.finished = True
            raise StopIteration
        if isinstance(item, Exception):
            self.finished = True
            raise item  # the server aborts the connection: the client sees an incomplete file
        return item

    def close(self) -> None:
        self.finished = True
        self.cancelled.set()
        if self.thread is None:
            self.store = None


@bp.route("/dump", methods=["GET"])
def dump():
    fmt = (request.args.get("format") or "nquads").strip().lower()
    fmt = ALIASES.get(fmt, fmt)
    if fmt not in DUMP_FORMATS:
        return text_response(400, f"unknown format {fmt!r}: use one of {', '.join(DUMP_FORMATS)}")
    gz_arg = (request.args.get("gzip") or "1").strip().lower()
    if gz_arg not in ("0", "1", "true", "false", "yes", "no"):
        return text_response(400, f"gzip must be 0 or 1, not {gz_arg!r}")
    gz = gz_arg in ("1", "true", "yes")
    service = current_app.extensions["newsgraph"]
    try:
        store = GraphStore(service.store_path, base=service.base, read_only=True, create=False)
    except StoreError as exc:  # its message names the store's path: for the log, not the client
        current_app.logger.warning("dump: %s", exc)
        return text_response(503, "the store is not available (the server's log says why)")
    media, suffix = DUMP_FORMATS[fmt]
    filename = f"newsgraph.{suffix}" + (".gz" if gz else "")
    response = Response(DumpStream(store, fmt, gz, current_app.logger),
                        content_type="application/gzip" if gz else media, direct_passthrough=True)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Newsgraph-Dump-Format"] = fmt
    response.headers["Cache-Control"] = "no-store"
    return response
