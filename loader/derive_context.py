"""What the derivation hands each fact kind's derive part (`DeriveContext`), and the helpers
the parts share: fact IRIs' hashes and buckets, dates parsed once, sorting on disk.

loader/derive.py (the driver) describes the contract; the parts are
loader/facts/<kind>/derive.py.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyoxigraph import Literal, NamedNode

from newsgraph.ontology import terms

from .disk_sort import RecordFile, sort_on_disk
from .records import DateValue
from .settings import value as setting

# the prefixes the parts' queries over the article graphs use
PREFIX = "\n" + terms.sparql_prefixes("ng", "schema", "skos", "prov", "rdfs")


@dataclass
class DeriveContext:
    """One derivation pass, as each kind's `derive(context)` sees it.

    `add(subject, predicate, object)` writes a triple of the derived graph (an object may be a
    term, a str, an int or a DateValue). A part reads the article graphs with `articles`,
    sorts with `sort` (on disk, in `folder`), names where a fact is reported with
    `reported_in` (the driver counts the outlets from those pairs), and leaves what later kinds
    need in `persons` (set by actors: (local person IRI, person node IRI) records in order of
    the local IRI). `closing` closes what a part registers there when the pass ends."""
    store: Any  # the GraphStore being derived
    base: str
    add: Callable[[Any, Any, Any], None]
    folder: Path | None  # where temporary files go (None: the system's)
    reported: RecordFile  # (article IRI, fact IRI) pairs
    closing: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    persons: RecordFile | None = None

    def articles(self, sparql: str):
        """Run a query over the article graphs only (not the derived or ontology graphs):
        `?prefix` in it is the article graphs' IRI prefix."""
        prefix = Literal(f"{self.base}graph/article/")
        return self.store.query(PREFIX + sparql.replace("?prefix", str(prefix)))

    def query(self, sparql: str):
        """Run a query over the whole store, with the prefixes of `PREFIX`."""
        return self.store.query(PREFIX + sparql)

    def sort(self, records: Iterable, unique: bool = False) -> Iterator:
        """`sort_on_disk` in runs of the `derive_run_rows` setting: the derivation's records are
        wide (a tenure report has 11 fields), so its runs are short (docs/performance.md)."""
        return sort_on_disk(records, self.folder, unique=unique, run_rows=setting("derive_run_rows"))

    def record_file(self) -> RecordFile:
        """A list kept on disk, closed when the pass ends."""
        return self.closing.enter_context(RecordFile(self.folder))

    def reported_in(self, fact: NamedNode, article: str) -> None:
        """`fact ng:reportedIn article`, and the pair kept for the outlets: every article a
        fact lists is one whose outlet it counts."""
        self.add(fact, terms.ng("reportedIn"), NamedNode(article))
        self.reported.append((article, fact.value))


def triple_text(s, p, o) -> str:
    """A triple as N-Triples text without the final dot; `o` may be a str, int or DateValue."""
    if isinstance(o, str):
        o = Literal(o)
    elif isinstance(o, DateValue):
        o = terms.date_literal(o)
    elif isinstance(o, int):
        o = Literal(str(o), datatype=terms.XSD_INTEGER)
    return f"{s} {p} {o}"


@functools.lru_cache(maxsize=65536)
def parsed_date(text: str) -> DateValue:
    """One shared DateValue per date: a large corpus repeats the same few thousand dates.
    Emptied at the end of each derivation (see `derive.derive`)."""
    return DateValue.from_iso(text)


def fact_hash(*parts) -> str:
    """The hash that names a derived fact (12 hexadecimal digits of SHA-256)."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:12]


def bucket(iri: str) -> str:
    """The bucket of a derived fact (`ng:bucket`): the first two hexadecimal digits of the MD5
    digest of its IRI, one of 256. The loader precomputes a grouped listing of a large store a
    range of buckets at a time (queries/catalog.py, partition lines): a bucket is looked up by
    value, where hashing every fact's IRI in the query cost each part a pass over all facts."""
    return hashlib.md5(iri.encode()).hexdigest()[:2]


def text(term) -> str | None:
    return None if term is None else term.value


def precision_rank(start: DateValue | None, end: DateValue | None) -> tuple:
    """How precise a date (range) is: day before month before year, then the shorter range."""
    if start is None:
        return (9, 0)
    days = 0
    if end is not None:
        from datetime import date
        if start.day and end.day:
            days = (date(end.year, end.month, end.day) - date(start.year, start.month, start.day)).days
    return ({"day": 0, "month": 1, "year": 2}[start.precision.value], days)
