"""Sorting on disk: what the derivation and the graph comparison use to stay in bounded memory.

Records (tuples that compare: a record that holds None puts a unique field before it, so that
no comparison reaches it) are sorted in runs of `RUN_ROWS` in memory, each run pickled to an unnamed temporary file, and the runs merged
(`heapq.merge`). Memory is one run plus one record per run, whatever the number of records;
when `MERGE_FAN_IN` runs of one size are there, they are first merged into one run of the next
size, so that the open files stay few (at most `MERGE_FAN_IN` per size) and each record is
rewritten once per size: O(n log n) in all. (Merging every run into the one merged before, as
this did until 2026-12, rewrote the merged run every `MERGE_FAN_IN` runs: quadratic, and a
sorted answer of a few million rows in runs of 1,000 took more than 10 minutes.)

Used with `itertools.groupby`, a sorted stream gives the groups (all the reports of one
meeting, all the mentions of one person) one at a time, where a dict of lists held them all.
"""
from __future__ import annotations

import heapq
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO

RUN_ROWS = 10_000
MERGE_FAN_IN = 200
_NONE = object()


def _spill(rows: Iterable, folder) -> IO[bytes]:
    f = tempfile.TemporaryFile(dir=folder)
    for row in rows:
        pickle.dump(row, f, protocol=pickle.HIGHEST_PROTOCOL)  # each record a pickle of its own
    f.seek(0)
    return f


def _read(f: IO[bytes]) -> Iterator:
    while True:
        try:
            yield pickle.load(f)
        except EOFError:
            return


def sort_on_disk(records: Iterable, folder=None, unique: bool = False, run_rows: int = RUN_ROWS) -> Iterator:
    """`sorted(records)` as a stream, sorted on disk in runs; with `unique`, equal records come
    once. `folder` takes the temporary files (None: the system's). The files are deleted when
    the stream is exhausted or closed."""
    runs: list[tuple[int, IO[bytes]]] = []  # (size: how many merges made it, file), largest first
    try:
        rows: list = []
        for record in records:
            rows.append(record)
            if len(rows) >= run_rows:
                rows.sort()
                runs.append((0, _spill(rows, folder)))
                rows.clear()
                while len(runs) >= MERGE_FAN_IN and runs[-MERGE_FAN_IN][0] == runs[-1][0]:
                    tail = runs[-MERGE_FAN_IN:]
                    merged = _spill(heapq.merge(*(_read(f) for _, f in tail)), folder)
                    for _, f in tail:
                        f.close()
                    runs[-MERGE_FAN_IN:] = [(runs[-1][0] + 1, merged)]
        rows.sort()
        streams = [_read(f) for _, f in runs]
        if rows:
            streams.append(iter(rows))
        merged_stream = heapq.merge(*streams)
        if not unique:
            yield from merged_stream
            return
        last = _NONE
        for record in merged_stream:
            if last is _NONE or record != last:
                yield record
                last = record
    finally:
        for _, f in runs:
            f.close()


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
    needed): a list kept on disk."""

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
