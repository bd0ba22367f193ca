"""Sorting on disk: what the derivation, the graph comparison and the sorted answers use to stay
in bounded memory. The sorting is SQLite's (`sqlite3`, standard library): records go into a
table of a private database file in `folder`, in batches, and come back with ORDER BY (SELECT
DISTINCT for `unique`); SQLite's sorter keeps a few megabytes in memory and spills the rest to
the system's temporary folder (`SQLITE_TMPDIR` or `TMPDIR`). Why SQLite and not a merge sort of
our own, measured: docs/performance.md, "Sorting and spooling on disk".

The order is Python's: a record is a tuple (all of one length; or one str, bytes or int) whose
fields are str, bytes, int (64-bit), float, bool, None or a tuple of str, each field of one kind
throughout; text compares by code point (SQLite compares its UTF-8 bytes, which is the same
order), and a record that holds None puts a unique field before it, as for `sorted`. Used with
`itertools.groupby`, a sorted stream gives the groups (all the reports of one meeting, all the
mentions of one person) one at a time.
"""
from __future__ import annotations

import itertools
import os
import pickle
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

RUN_ROWS = 10_000  # records held in memory at a time, on their way to SQLite
_END = object()


def _strings(fields: tuple) -> str:
    """A tuple of str as one text in the same order: each item ends with NUL, which sorts first."""
    if any("\0" in f for f in fields):
        raise ValueError("a tuple field's text holds NUL")
    return "".join(f + "\0" for f in fields)


class _Columns:
    """How a sort's records become table rows and back. A field's kind is set by the first record:
    bools and tuples of str are converted (SQLite has neither), the rest is stored as it is."""

    def __init__(self, first):
        self.plain = type(first) is not tuple
        fields = (first,) if self.plain else first
        self.width = len(fields)
        self.tuples = [i for i, f in enumerate(fields) if type(f) is tuple]
        self.bools = [i for i, f in enumerate(fields) if type(f) is bool]
        self.blobs = [i for i, f in enumerate(fields) if type(f) is bytes]
        self.as_bytes = False  # text that is not valid Unicode (a file name's undecodable bytes) turns all text to bytes

    def row(self, record) -> tuple:
        fields = (record,) if self.plain else record
        if self.tuples or self.as_bytes:
            fields = list(fields)
            for i in self.tuples:
                fields[i] = _strings(fields[i])
            if self.as_bytes:
                fields = [f.encode("utf-8", "surrogatepass") if type(f) is str else f for f in fields]
        return fields

    def record(self, row: tuple):
        if self.as_bytes:
            row = tuple(f.decode("utf-8", "surrogatepass") if type(f) is bytes and i not in self.blobs else f
                        for i, f in enumerate(row))
        if self.tuples or self.bools:
            row = list(row)
            for i in self.tuples:
                row[i] = tuple(row[i].split("\0")[:-1])
            for i in self.bools:
                row[i] = None if row[i] is None else bool(row[i])
            row = tuple(row)
        return row[0] if self.plain else row


def _database(folder) -> sqlite3.Connection:
    """A private database in `folder` whose file has no name once open (nothing is left behind)."""
    fd, path = tempfile.mkstemp(suffix=".sqlite", dir=folder)
    os.close(fd)
    try:
        # one stream uses it at a time, whichever thread reads the stream
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=OFF")  # scratch data: nothing to roll back or recover
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-512")  # 512 KB: the table is written once and read once, in order
    finally:
        os.unlink(path)
    return db


def sort_on_disk(records: Iterable, folder=None, unique: bool = False, run_rows: int = RUN_ROWS) -> Iterator:
    """`sorted(records)` as a stream, sorted on disk; with `unique`, equal records come once.
    `folder` takes the database (None: the system's temporary folder); `run_rows` records are
    held in memory at a time, and fewer than that are sorted there. The database is deleted
    when the stream is exhausted or closed."""
    records = iter(records)
    first = list(itertools.islice(records, run_rows))
    if len(first) < run_rows:  # one batch: sorted in memory, where a database would cost milliseconds to open
        yield from _distinct(sorted(first)) if unique else sorted(first)
        return
    columns = _Columns(first[0])
    names = ", ".join(f"k{i}" for i in range(columns.width))
    db = _database(folder)
    try:
        db.execute(f"CREATE TABLE records ({names})")
        insert = f"INSERT INTO records VALUES ({', '.join('?' * columns.width)})"
        db.execute("BEGIN")
        stored = 0
        batches = iter(lambda: list(itertools.islice(records, run_rows)), [])
        for batch in itertools.chain([first], batches):
            try:
                db.executemany(insert, [columns.row(r) for r in batch])
            except UnicodeEncodeError:
                columns.as_bytes = True
                db.execute("DELETE FROM records WHERE rowid > ?", (stored,))  # the part of the batch that went in
                # CAST keeps text's UTF-8 bytes, whose order is the code point order
                db.execute("UPDATE records SET " + ", ".join(
                    f"k{i} = CASE typeof(k{i}) WHEN 'text' THEN CAST(k{i} AS BLOB) ELSE k{i} END" for i in range(columns.width)))
                db.executemany(insert, [columns.row(r) for r in batch])
            stored += len(batch)
        db.execute("COMMIT")
        rows = db.execute(f"SELECT {'DISTINCT ' if unique else ''}{names} FROM records ORDER BY {names}")
        for row in rows:
            yield columns.record(row)
    finally:
        db.close()


def _distinct(ordered: Iterable) -> Iterator:
    last = _END
    for record in ordered:
        if last is _END or record != last:
            yield record
            last = record


def merge_join(left: Iterator[tuple], right: Iterator[tuple]) -> Iterator[tuple]:
    """Join two streams sorted by their first field, each key at most once in `left`: for every
    record of `right`, `(left record or None, right record)`. The external form of looking a
    record's key up in a dict built from `left`."""
    current = next(left, None)
    for record in right:
        while current is not None and current[0] < record[0]:
            current = next(left, None)
        yield (current if current is not None and current[0] == record[0] else None), record


class RecordFile:
    """Records written to an unnamed temporary file, then read back in order (as often as
    needed): a list kept on disk. Records are pickled (they may hold sets), each a pickle of
    its own, so that no record refers to another's objects."""

    def __init__(self, folder=None):
        self._file = tempfile.TemporaryFile(dir=folder)
        self._at_end = True  # where the next record goes (a read moves the position)
        self._count = 0

    def append(self, record) -> None:
        if not self._at_end:
            self._file.seek(0, 2)
            self._at_end = True
        pickle.dump(record, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._count += 1

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator:
        self._file.flush()
        self._file.seek(0)
        self._at_end = False
        return _read(self._file)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordFile:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _read(f: IO[bytes]) -> Iterator:
    while True:
        try:
            yield pickle.load(f)
        except EOFError:
            return
