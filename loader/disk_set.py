"""A set kept on disk: what a load remembers per input (the files it has read, the texts it has
loaded) without holding one object per input in memory.

Why: a set of every input grows with the corpus, and long-lived small objects scattered among a
load's short-lived ones keep the freed heap around them from being handed back (figures in
docs/performance.md, "Figures behind the code"). Here the keys live in a private SQLite
database (deleted when closed), whose page cache is bounded.
"""
from __future__ import annotations

import sqlite3


class DiskSet:
    """Keys (str, int or bytes) added one at a time; `add` tells whether a key is new."""

    def __init__(self):
        self._db = sqlite3.connect("")  # "": a private temporary database on disk
        self._db.execute("CREATE TABLE keys (key PRIMARY KEY) WITHOUT ROWID")
        self._count = 0

    def add(self, key) -> bool:
        """Add `key`; True when it was not in the set before."""
        added = self._db.execute("INSERT OR IGNORE INTO keys VALUES (?)", (key,)).rowcount == 1
        self._count += added
        return added

    def __contains__(self, key) -> bool:
        return self._db.execute("SELECT 1 FROM keys WHERE key = ?", (key,)).fetchone() is not None

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> DiskSet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
