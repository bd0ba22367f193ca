"""Precomputed answers: each canned query's answer with its default parameters, computed by the
loader at the end of a load and kept in the store's folder, for the web service to send while
the store has not changed since.

Why: a listing of everything (every meeting, every pair who met, every statement) reads the
whole derived graph: seconds of index lookups per request on a large store, however the query
is written, while the same answer read from a file takes milliseconds (docs/performance.md). A researcher
who opens such a page first sees the default listing; a filter (a person, a country) still runs
the query live.

An answer belongs to one state of the store. Every commit of the loader replaces the store's
change marker (`newsgraph.loader.store.CHANGE_MARKER`) after writing its data, so the marker's
content names that state. Readers see the state the loader last published
(`newsgraph.loader.snapshots`), whose pointer holds the marker of that state: answers are
looked up by that one. The file name holds a digest of the marker, the query text and the
base IRI: a later commit, a changed query or another base makes the file's name one nobody
asks for, and the query runs live again. The files are SPARQL 1.1 JSON results
(`<name>.<digest>.srj`), written to a temporary name and renamed, so a reader sees a whole file
or none.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from newsgraph.loader import settings, snapshots
from newsgraph.loader.store import CHANGE_MARKER  # noqa: F401 - tests name the marker file from here

from .catalog import BUCKETS, CannedQuery, QueryError, catalog
from .sorted_answers import NotSortable, write_sorted

FOLDER = "newsgraph-precomputed"
SUFFIX = ".srj"


def part_count(articles: int) -> int:
    """How many parts a partitioned listing is computed in on a store of `articles` articles
    (1: whole). Below the setting `partition_min_articles` the engine's grouping is small; above
    it, one part per `articles_per_part` articles (a power of two from 16 to 256), so that a
    part holds about as many groups however large the store (docs/performance.md)."""
    if articles < settings.value("partition_min_articles"):
        return 1
    per_part = settings.value("articles_per_part")
    count = 16
    while count < len(BUCKETS) and count * per_part < articles:
        count *= 2
    return count


@dataclass
class Answer:
    """A precomputed answer as read back: columns, rows of pyoxigraph terms (None: unbound),
    and whether `limit` cut it."""
    columns: list[str]
    rows: list[list]
    truncated: bool
    computed_at: float = 0.0                   # when the loader wrote it (seconds since the epoch)


def marker(store_path: str | os.PathLike) -> bytes | None:
    """The change marker of the state readers see: the published snapshot's, or the live
    store's when nothing is published; None when there is none (then nothing is precomputed)."""
    found = snapshots.published(store_path)
    if found is not None:
        return found.marker or None
    return snapshots.live_marker(store_path)


def eligible(query: CannedQuery) -> bool:
    """Whether the query has an answer without any value from the user: no required parameter."""
    return not any(p.required and p.default in (None, "") for p in query.params)


def is_default(query: CannedQuery, substitutions: dict) -> bool:
    """Whether these substitutions are the query's defaults (what a precomputed answer used)."""
    try:
        return substitutions == query.substitutions({})
    except QueryError:
        return False


def file_for(store_path: str | os.PathLike, query: CannedQuery, base: str, state: bytes) -> Path:
    digest = hashlib.sha256(b"\x1f".join([state, query.sparql.encode(), base.encode()])).hexdigest()[:24]
    return Path(store_path) / FOLDER / f"{query.name}.{digest}{SUFFIX}"


def read(store_path: str | os.PathLike, query: CannedQuery, base: str, limit: int | None) -> Answer | None:
    """The precomputed default answer of `query` for the store's present state, at most `limit`
    rows (None or 0: all); None when there is none (then run the query)."""
    state = marker(store_path)
    if state is None or not eligible(query):
        return None
    path = file_for(store_path, query, base, state)
    try:
        with open(path, "rb") as f:
            computed_at = os.fstat(f.fileno()).st_mtime
            solutions = ox.parse_query_results(f, ox.QueryResultsFormat.JSON)
            if not isinstance(solutions, ox.QuerySolutions):
                return None
            columns = [v.value for v in solutions.variables]
            width = len(columns)
            rows, truncated = [], False
            for solution in solutions:
                if limit and len(rows) == limit:
                    truncated = True
                    break
                rows.append([solution[i] for i in range(width)])
    except FileNotFoundError:
        return None
    except (OSError, SyntaxError, ValueError):
        return None  # unreadable or cut short (a full disk): the live query answers instead
    return Answer(columns, rows, truncated, computed_at)


def refresh(store_path: str | os.PathLike, base: str, run: Callable[[str, dict], ox.QuerySolutions],
            queries: Iterable[CannedQuery] | None = None,
            on_error: Callable[[CannedQuery, Exception], None] = lambda q, e: None,
            fresh: Callable[[], None] = lambda: None, parts: int = 1) -> dict[str, float]:
    """Write the default answer of every eligible query for the store's present state, unless
    already there; remove the files of older states. `run(sparql, substitutions)` answers a query
    against the store (the loader's own handle). Returns the seconds each computed answer took.

    Called by the only writer, after its last commit: the marker it reads then names the state
    the answers are computed from. The answers of the published state stay until the next
    publish (`prune`): readers use them meanwhile. A query that fails is reported to `on_error` and skipped.
    `fresh` is called before each answer is computed: the loader reopens its store engine, so
    that each answer's peak memory is its own, not stacked on the engine state and freed heap
    the previous ones left (docs/performance.md). With `parts` above 1, a query with partition lines
    is computed in that many parts, one at a time (see `part_count`)."""
    state = snapshots.live_marker(store_path)  # the writer's state, published after this
    if state is None:
        return {}
    folder = Path(store_path) / FOLDER
    queries = list(catalog().values() if queries is None else queries)
    if not queries and not folder.exists():
        return {}
    folder.mkdir(exist_ok=True)
    timings: dict[str, float] = {}
    wanted: set[str] = set()
    for query in queries:
        if not eligible(query):
            continue
        path = file_for(store_path, query, base, state)
        wanted.add(path.name)
        if path.exists():
            continue
        fresh()
        started = time.monotonic()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            substitutions = query.substitutions({})
            # a grouped listing a part of its groups at a time (catalog.py, partition lines)
            text = query.parts(base, parts) if parts > 1 and query.partitioned else query.text(base)
            try:  # sorted on disk where that gives the engine's answer (queries/sorted_answers.py)
                write_sorted(lambda sparql, subs=substitutions: run(sparql, subs), text, str(tmp), folder)
            except NotSortable:
                run(query.text(base), substitutions).serialize(str(tmp), ox.QueryResultsFormat.JSON)
            os.replace(tmp, path)
        except Exception as exc:  # noqa: BLE001 - a failed answer is only a missed shortcut
            tmp.unlink(missing_ok=True)
            wanted.discard(path.name)
            on_error(query, exc)
            continue
        timings[query.name] = time.monotonic() - started
    try:
        wanted |= _files_of(store_path, base, marker(store_path))
    except QueryError:
        pass
    for old in folder.iterdir():
        if old.name not in wanted:
            old.unlink(missing_ok=True)
    return timings


def _files_of(store_path: str | os.PathLike, base: str, state: bytes | None) -> set[str]:
    if state is None:
        return set()
    return {file_for(store_path, q, base, state).name for q in catalog().values() if eligible(q)}


def prune(store_path: str | os.PathLike, base: str) -> None:
    """Remove every answer but those of the published state (called after each publish); on
    a catalog that cannot be read, none (a missed clean-up must not fail a load)."""
    folder = Path(store_path) / FOLDER
    try:
        wanted = _files_of(store_path, base, marker(store_path))
    except QueryError:
        return
    try:
        for old in folder.iterdir():
            if old.name not in wanted:
                old.unlink(missing_ok=True)
    except OSError:
        pass
