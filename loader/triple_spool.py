"""Triples as N-Triples text spooled to a temporary file and compared by sorting on disk
(`TripleSpool`), and the merge that finds what two sorted streams do not share: how a graph
is rewritten by its difference without holding either version in memory."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator

from .disk_sort import sort_on_disk


class TripleSpool:
    """Triples as N-Triples text (no final dot), one a line in an unnamed temporary file, and
    sorted on disk when compared (`sorted_lines`): what a graph costs to compare is a run of
    the sort, not the graph.

    The file goes in `directory` (the store's folder: on disk, where the store has room, rather
    than a /tmp that may be memory)."""

    def __init__(self, directory: str | os.PathLike | None = None):
        self.directory = directory
        self._file = tempfile.TemporaryFile(dir=directory)
        self._at_end = True  # where the next line goes (a read moves the position)
        self._count = 0
        self._sorted: tuple | None = None  # (file of the distinct lines in order, their number)

    @classmethod
    def of(cls, triples: Iterable[str], directory: str | os.PathLike | None = None) -> TripleSpool:
        spool = cls(directory)
        for t in triples:
            spool.add(t)
        return spool

    def add(self, triple: str) -> None:
        self.add_bytes(triple.encode("utf-8"))

    def add_bytes(self, data: bytes) -> None:
        if not self._at_end:
            self._file.seek(0, 2)
            self._at_end = True
        self._file.write(data + b"\n")  # N-Triples text escapes line breaks: one triple a line
        self._count += 1
        if self._sorted is not None:
            self._sorted[0].close()
            self._sorted = None

    def __len__(self) -> int:
        return self._count

    def _raw_lines(self) -> Iterator[bytes]:
        self._file.flush()
        self._file.seek(0)
        self._at_end = False
        for line in self._file:
            yield line[:-1]

    def lines(self) -> Iterator[str]:
        """The triples in the order added, repeats included."""
        return (line.decode("utf-8") for line in self._raw_lines())

    def _sort(self) -> tuple:
        if self._sorted is None:
            out, count = tempfile.TemporaryFile(dir=self.directory), 0
            for line in sort_on_disk(self._raw_lines(), self.directory, unique=True):
                out.write(line + b"\n")
                count += 1
            self._sorted = (out, count)
        return self._sorted

    def sorted_lines(self) -> Iterator[bytes]:
        """Each distinct triple once, as UTF-8 bytes, in byte order (code point order)."""
        out = self._sort()[0]
        out.flush()
        out.seek(0)
        return (line[:-1] for line in out)

    def distinct_count(self) -> int:
        return self._sort()[1]

    def close(self) -> None:
        self._file.close()
        if self._sorted is not None:
            self._sorted[0].close()


def sorted_difference(new: Iterator[bytes], old: Iterator[bytes]) -> Iterator[tuple[bytes, bool]]:
    """The lines in one sorted stream and not the other: (line, True) for those only in `new`,
    (line, False) for those only in `old` (a merge of the two)."""
    a, b = next(new, None), next(old, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a < b):
            yield a, True
            a = next(new, None)
        elif a is None or b < a:
            yield b, False
            b = next(old, None)
        else:
            a, b = next(new, None), next(old, None)


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Lists of `size` items in order, the last one shorter (itertools.batched from 3.12)."""
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
