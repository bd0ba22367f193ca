"""The Oxigraph store: one named graph per article, one derived graph, the ontology graph.

Atomicity comes from pyoxigraph: `Store.extend` and `Store.update` each commit as one
transaction. A new article is one `extend`; replacing or removing an article, and replacing the
derived graph, is one `update` holding every operation, so a reader sees the old state or the
new one, never a mix.
"""
from __future__ import annotations

import ctypes
import gc
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from newsgraph.ontology import terms

from . import settings, snapshots
from .disk_sort import sort_on_disk
from .engine_limits import open_file_limit
from .snapshots import CHANGE_MARKER
from .triple_spool import TripleSpool, sorted_difference, batched

FORMATS = {
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "trig": (ox.RdfFormat.TRIG, True),
    "turtle": (ox.RdfFormat.TURTLE, False),
    "ntriples": (ox.RdfFormat.N_TRIPLES, False),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "rdfxml": (ox.RdfFormat.RDF_XML, False),
}
# The size thresholds that switch the write paths are settings (loader/settings.py, group
# "store"): bulk_atomic_max (a bulk load below pyoxigraph's batch of 1,000,000 quads is one
# atomic ingestion), atomic_delta_max and delta_chunk (the largest change to a graph written at
# once, and the step of a larger one: either holds its data in memory, so steps bound the
# peak), update_flush_quads and delete_chunk (SPARQL updates go through the engine's write
# buffers, which it empties only when full: the store flushes them as it goes). Figures:
# docs/performance.md, "Figures behind the code".
SUFFIX_FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "ntriples",
                  ".jsonld": "jsonld", ".json": "jsonld", ".rdf": "rdfxml", ".xml": "rdfxml"}


class StoreError(Exception):
    """The store cannot be opened or written; the message says where and why."""


def default_store_path() -> Path:
    """$NEWSGRAPH_STORE, else $XDG_DATA_HOME/newsgraph/store (~/.local/share/newsgraph/store)."""
    if os.environ.get("NEWSGRAPH_STORE"):
        return Path(os.environ["NEWSGRAPH_STORE"])
    data_home = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(data_home) / "newsgraph" / "store"


def _term(t) -> str:
    return str(t)


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """A SPARQL `INSERT DATA` for quads, grouped by graph (terms print in N-Triples syntax)."""
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(_term(q.graph_name), []).append(
            f"{_term(q.subject)} {_term(q.predicate)} {_term(q.object)} ."
        )
    if not by_graph:
        return ""
    blocks = "\n".join(f"GRAPH {g} {{\n" + "\n".join(lines) + "\n}" for g, lines in by_graph.items())
    return f"INSERT DATA {{\n{blocks}\n}}"


class GraphStore:
    def __init__(self, path: str | os.PathLike | None = None, base: str | None = None, read_only: bool = False,
                 create: bool = True, open_files: int | None = None):
        """`open_files`: at most this many of the engine's table files open at once (see
        `open_file_limit`); by default as many as the process may open."""
        self.path = Path(path) if path else default_store_path()
        self.base = terms.resolve_base(base)
        self.read_only = read_only
        self.open_files = open_files
        self.snapshot: snapshots.Published | None = None  # what a reader opened (None: the live store)
        self.created = not self.path.exists()
        if self.created and not create:
            raise StoreError(f"{self.path}: no store here (load articles first, or give --store / NEWSGRAPH_STORE)")
        self._store = self._open()
        self._unflushed = 0  # quads written through SPARQL updates since the last flush

    def _open(self) -> ox.Store:
        p = self.path
        if p.exists() and not p.is_dir():
            raise StoreError(f"{p}: store location is a file, not a folder")
        if self.read_only:
            if not p.is_dir():
                raise StoreError(f"{p}: no store here (load articles first, or give --store)")
            # the last published state (loader/snapshots.py); the live folder only if there is none
            self.snapshot = snapshots.published(p)
            try:
                return ox.Store.read_only(str(self.snapshot.directory if self.snapshot else p))
            except (OSError, RuntimeError) as exc:  # RuntimeError: files that are not a store
                raise StoreError(f"{p}: cannot open store read-only ({exc})") from None
        if snapshots.holds_other_files(p):
            raise StoreError(f"{p}: this folder holds other files and is not a newsgraph store; "
                             "give an empty or new folder (--store / NEWSGRAPH_STORE)")
        try:
            p.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"{p}: cannot create the store folder ({exc.strerror or exc})") from None
        if not os.access(p, os.W_OK | os.X_OK):
            raise StoreError(f"{p}: store location is not writable")
        try:
            with open_file_limit(self.open_files):
                return ox.Store(str(p))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{p}: the store is in use by another process (stop it, or use another --store)") from None
            raise StoreError(f"{p}: cannot open store ({exc})") from None

    def reopen(self) -> None:
        """Close the store engine and open it again, then hand freed heap pages back to the
        system, so that the next step starts from an engine that holds nothing of the last.

        The engine's block caches fill as it reads and empty only when it closes, and glibc
        keeps freed pages for reuse (`malloc_trim` returns them; a no-op where it is missing).
        The loader reopens after streaming, after compacting, before precomputing and between
        precomputed answers (figures: docs/performance.md, "Figures behind the code"). Everything committed stays; should another process take the
        store in the moment it is closed, this raises `StoreError` naming it."""
        self.close()
        self._store = self._open()

    def close(self) -> None:
        """Close the store engine, so that another process may open the store, and hand the
        heap it freed back to the system; `reopen` opens it again (until then, any use of this
        object fails). A load that finishes in another process (loader/finish.py) waits closed,
        its freed heap handed back (docs/performance.md, "Figures behind the code")."""
        self._store = None
        gc.collect()  # the engine closes when its last Python reference goes
        try:
            ctypes.CDLL(None).malloc_trim(0)
        except (OSError, AttributeError):
            pass

    # -- reading -----------------------------------------------------------------------------
    def query(self, sparql: str, **kwargs):
        kwargs.setdefault("use_default_graph_as_union", True)
        return self._store.query(sparql, **kwargs)

    def quads(self, graph=None):
        return self._store.quads_for_pattern(None, None, None, graph)

    def article_signature(self, article_id: str) -> str | None:
        node = terms.article_iri(self.base, article_id)
        graph = terms.article_graph(self.base, article_id)
        for q in self._store.quads_for_pattern(node, terms.ng("loadSignature"), None, graph):
            return q.object.value
        return None

    def article_ids(self) -> list[str]:
        return list(self.sorted_article_ids())

    def sorted_article_ids(self) -> Iterator[str]:
        """The ids of the loaded articles in sorted order, sorted on disk: held as a list they
        would grow with the store."""
        return sort_on_disk(self._unsorted_article_ids(), self._scratch_folder())

    def article_count(self) -> int:
        return sum(1 for _ in self._unsorted_article_ids())

    def _unsorted_article_ids(self) -> Iterator[str]:
        for g in self._store.named_graphs():
            if isinstance(g, ox.NamedNode):
                article = terms.article_id_of_graph(self.base, g)
                if article:
                    yield article

    def _scratch_folder(self) -> Path | None:
        """Where temporary files go: the store's folder (on the disk that holds the store's
        size, not a small /tmp), or the system's for a read-only opener, who may not write there."""
        return None if self.read_only else self.path

    def find_articles(self, key: str) -> list[str]:
        """Article ids for a user's key: an id or its prefix, an article IRI, a source file name or path."""
        ids = self.article_ids()
        if key.startswith(("http://", "https://")):
            tail = key.rstrip("/").rsplit("/", 1)[-1]
            return [i for i in ids if terms.article_iri(self.base, i).value == key or terms.article_graph(self.base, i).value == key] or \
                ([tail] if tail in ids else [])
        if len(key) >= 4 and all(c in "0123456789abcdef" for c in key):
            hits = [i for i in ids if i.startswith(key)]
            if hits:
                return hits
        name = os.path.basename(key)
        sources = {i: self._source(i) for i in ids}
        return [i for i, s in sources.items() if s in (key, name) or (s and s.split("#")[0] == name and "#" not in key)]

    def _source(self, article_id: str) -> str | None:
        node = terms.article_iri(self.base, article_id)
        for q in self._store.quads_for_pattern(node, terms.ng("sourceFile"), None, terms.article_graph(self.base, article_id)):
            return q.object.value
        return None

    def graph_says(self, graph: ox.NamedNode, predicate: ox.NamedNode) -> str | None:
        """The value a graph records about itself with this predicate (`graph predicate value`
        in the graph), if any: how the derived graph marks what it was computed from."""
        recorded = next(iter(self._store.quads_for_pattern(graph, predicate, None, graph)), None)
        return None if recorded is None else recorded.object.value

    def has_articles(self) -> bool:
        return next(self._unsorted_article_ids(), None) is not None

    def triple_count(self) -> int:
        return len(self._store)

    # -- writing -----------------------------------------------------------------------------
    def put_articles(self, articles: list[tuple[str, bytes, bool]]) -> None:
        """Write complete articles in one atomic step: every one of them, or none.

        Each item is (article id, the article graph as N-Quads, whether it replaces a stored
        version). Article graphs hold no blank nodes, so concatenating the N-Quads of several
        articles cannot merge nodes that should stay apart.

        New articles go in with `Store.bulk_load`, about three times the quads per second of a
        transactional `load` (see bench/RESULTS.md). pyoxigraph calls bulk loads non-atomic
        because a large input is cut into batches of a million quads, each ingested on its own;
        below that size the input is parsed completely, then written as one RocksDB ingestion
        of sorted files for every index at once, which RocksDB applies atomically. So a commit
        stays below `bulk_atomic_max` quads (a setting), and anything larger takes the
        transactional path. tests/test_store.py breaks a commit halfway and checks that nothing of it is
        left. Replacements need a DROP in the same transaction and go through one SPARQL update."""
        if not articles:
            return
        replaced = [(i, data) for i, data, replace in articles if replace]
        data = b"".join(d for _, d, _ in articles)
        if replaced:
            ops = [f"DROP SILENT GRAPH {terms.article_graph(self.base, i)}" for i, _ in replaced]
            ops.append(insert_data(ox.parse(data, format=ox.RdfFormat.N_QUADS)))
            # the dropped versions are about the size of the new ones
            self._update(" ;\n".join(op for op in ops if op), 2 * data.count(b"\n"))
        elif data.count(b"\n") <= settings.value("bulk_atomic_max"):
            self._store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        else:
            self._store.load(data, format=ox.RdfFormat.N_QUADS)
        self.mark_changed()

    def remove_articles(self, article_ids: list[str]) -> None:
        if article_ids:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH {terms.article_graph(self.base, i)}" for i in article_ids))
            self.flush()
            self.mark_changed()

    def replace_graph(self, graph: ox.NamedNode, quads: list[ox.Quad]) -> None:
        ops = [f"DROP SILENT GRAPH {graph}"]
        data = insert_data(quads)
        if data:
            ops.append(data)
        self._update(" ;\n".join(ops), 2 * len(quads))
        self.mark_changed()

    def _update(self, sparql: str, quads: int) -> None:
        """Run a SPARQL update that deletes or inserts about `quads` quads, and flush the
        engine's write buffers once `update_flush_quads` quads (a setting) have gone through updates."""
        self._store.update(sparql)
        self._unflushed += quads
        if self._unflushed >= settings.value("update_flush_quads"):
            self.flush()

    def graph_triples(self, graph: ox.NamedNode) -> set[str]:
        """The triples of one graph as N-Triples text without the final dot (the form
        `str(term)` gives), to compare with a newly computed version of the graph."""
        spool = self._spool_graph(graph)
        try:
            return set(spool.lines())
        finally:
            spool.close()

    def _spool_graph(self, graph: ox.NamedNode) -> TripleSpool:
        folder = self._scratch_folder()
        spool = TripleSpool(folder)
        with tempfile.TemporaryFile(dir=folder) as dump:
            ox.serialize(self._store.quads_for_pattern(None, None, None, graph), dump, ox.RdfFormat.N_QUADS)
            dump.seek(0)
            tail = f" {graph} .\n".encode()
            for line in dump:
                if line.endswith(tail):
                    spool.add_bytes(line[: -len(tail)])
        return spool

    def update_graph(self, graph: ox.NamedNode, triples: Iterable[str] | TripleSpool, last: Iterable[str] = ()) -> int:
        """Make `graph` hold exactly `triples` (N-Triples text, no final dot) by writing only the
        difference; returns the number of triples deleted plus inserted. A `TripleSpool` given
        here is closed when done.

        Both versions of the graph are sorted on disk and compared by merging them
        (`TripleSpool.sorted_lines`): memory is a run of the sort, whatever the graph's size
        (sets of the two versions would grow with it: docs/performance.md, "Figures behind the
        code").

        A difference of up to `atomic_delta_max` triples (a setting) is written at once, so readers see
        the old graph or the new one: additions alone as one bulk ingestion, other changes as
        one SPARQL update. A larger one (the first derivation over a big corpus) is
        written in steps, insertions (atomic bulk ingestions) before deletions: a reader
        querying meanwhile may see old and new values side by side for those seconds, never a
        fact missing; those of `triples` that are in `last` (a mark that the graph is complete)
        are written after everything else. The article graphs are not touched."""
        new = triples if isinstance(triples, TripleSpool) else TripleSpool.of(triples, self.path)
        last = {t.encode("utf-8") for t in last}
        old = self._spool_graph(graph)
        inserted, deleted = TripleSpool(new.directory), TripleSpool(new.directory)
        try:
            held = []  # the lines of `last` to insert, in the order found
            for line, in_new in sorted_difference(new.sorted_lines(), old.sorted_lines()):
                (inserted if in_new else deleted).add_bytes(line)
                if in_new and line in last:
                    held.append(line.decode("utf-8"))
            changes = len(inserted) + len(deleted)
            if not changes:
                return 0
            atomic_max = settings.value("atomic_delta_max")
            if not deleted and changes <= atomic_max:
                # only additions (a first derivation, mostly): one bulk ingestion, atomic at
                # this size (see put_articles), faster than an update and without holding its
                # parsed data (docs/performance.md, "Figures behind the code")
                self._store.bulk_load(_nquads(inserted.lines(), graph), format=ox.RdfFormat.N_QUADS)
            elif changes <= atomic_max:
                ops = [f"{verb} DATA {{ GRAPH {graph} {{\n" + "".join(f"{t} .\n" for t in spool.lines()) + "} }"
                       for verb, spool in (("DELETE", deleted), ("INSERT", inserted)) if spool]
                self._update(" ;\n".join(ops), changes)
            else:
                later = set(held)
                for chunk in batched((t for t in inserted.lines() if t not in later), settings.value("delta_chunk")):
                    self._store.bulk_load(_nquads(chunk, graph), format=ox.RdfFormat.N_QUADS)
                for chunk in batched(deleted.lines(), settings.value("delete_chunk")):
                    self._update(f"DELETE DATA {{ GRAPH {graph} {{\n" + "".join(f"{t} .\n" for t in chunk) + "} }",
                                 len(chunk))
                if held:
                    self._store.bulk_load(_nquads(held, graph), format=ox.RdfFormat.N_QUADS)
        finally:
            for spool in (new, old, inserted, deleted):
                spool.close()
        self.mark_changed()
        return changes

    def mark_changed(self) -> None:
        """Tell read-only openers (the web service's query workers) that a commit happened.

        A `Store.read_only` view stays frozen at its opening state; the workers compare this
        file's content before each query and reopen the store when it changed. Written after the
        commit, by replacing the file, so a reader never sees a marker ahead of its data."""
        marker = self.path / CHANGE_MARKER
        tmp = marker.with_name(f"{CHANGE_MARKER}.{os.getpid()}.tmp")
        try:
            tmp.write_text(f"{time.time_ns()} {os.getpid()}\n", encoding="ascii")
            os.replace(tmp, marker)
        except OSError:
            # readers then notice the change later (directory mtime) or on their next open; with
            # no marker, no precomputed answer (named by the marker) can be taken for this state
            try:
                marker.unlink(missing_ok=True)
            except OSError:
                pass

    def publish_snapshot(self) -> snapshots.Published:
        """Make the store's present state the one readers see (loader/snapshots.py): a
        checkpoint of the store, then the pointer to it, then the deletion of snapshots no
        reader can still be using. Call it only at a consistent state: every article whole and
        the derived graph computed from them. Does nothing when the published snapshot already
        holds this state (the change marker is the same)."""
        marker = snapshots.live_marker(self.path) or b""
        current = snapshots.published(self.path)
        if current is not None and marker and current.marker == marker:
            return current
        self.flush()
        folder = self.path / snapshots.FOLDER
        name = snapshots.new_name()
        try:
            folder.mkdir(exist_ok=True)
            self._store.backup(str(folder / name))
            snapshots.write_pointer(self.path, name, marker)
        except OSError as exc:
            shutil.rmtree(folder / name, ignore_errors=True)
            raise StoreError(f"{self.path}: cannot publish the loaded state to readers ({exc})") from None
        snapshots.prune(self.path)
        return snapshots.Published(name, folder / name, marker)

    def ensure_ontology(self) -> bool:
        """Load the ontology into its graph when missing or changed; True when it was (re)loaded."""
        text = resources.files("newsgraph.ontology").joinpath("newsgraph.ttl").read_bytes()
        digest = "sha256:" + hashlib.sha256(text).hexdigest()
        marker = terms.ng("sourceChecksum")
        for q in self._store.quads_for_pattern(terms.ONTOLOGY_GRAPH, marker, None, terms.ONTOLOGY_GRAPH):
            if q.object.value == digest:
                return False
        triples = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=terms.ONTOLOGY_GRAPH.value)
        quads = [ox.Quad(t.subject, t.predicate, t.object, terms.ONTOLOGY_GRAPH) for t in triples]
        quads.append(ox.Quad(terms.ONTOLOGY_GRAPH, marker, ox.Literal(digest), terms.ONTOLOGY_GRAPH))
        if any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads):
            # blank nodes cannot go through INSERT DATA text safely; clear then extend instead
            self._store.remove_graph(terms.ONTOLOGY_GRAPH) if self._store.contains_named_graph(terms.ONTOLOGY_GRAPH) else None
            self._store.extend(quads)
        else:
            self.replace_graph(terms.ONTOLOGY_GRAPH, quads)
        return True

    def dump(self, output, fmt: str = "nquads") -> None:
        """Stream the store to a binary file object; formats without graphs get the union of all graphs."""
        rdf_format, has_graphs = FORMATS[fmt]
        if has_graphs:
            self._store.dump(output, rdf_format, prefixes=terms.PREFIXES if fmt == "trig" else None)
        else:
            ox.serialize(self._distinct_triples(), output, rdf_format,
                         prefixes=terms.PREFIXES if fmt in ("turtle", "rdfxml") else None)

    def _distinct_triples(self):
        """The union of all graphs as triples, each once (the same triple often sits in several
        article graphs); remembers an 8-byte digest per triple, not the triples."""
        seen: set[bytes] = set()
        for q in self._store:
            t = ox.Triple(q.subject, q.predicate, q.object)
            key = hashlib.blake2b(str(t).encode("utf-8"), digest_size=8).digest()
            if key not in seen:
                seen.add(key)
                yield t

    def optimize(self) -> None:
        """Compact the store (RocksDB merges its files; the `compact_share` setting says when)."""
        try:
            self._store.optimize()
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot compact the store ({exc})") from None

    def flush(self) -> None:
        """Write the engine's in-memory buffers to disk (and so free them)."""
        if not self.read_only:
            self._store.flush()
            self._unflushed = 0

    @property
    def raw(self) -> ox.Store:
        return self._store


def _nquads(triples: Iterable[str], graph: ox.NamedNode) -> bytes:
    """N-Triples text (no final dot) as N-Quads of `graph`, for a bulk ingestion."""
    return "".join(f"{t} {graph} .\n" for t in triples).encode("utf-8")
