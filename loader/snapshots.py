"""Published snapshots: the consistent states of the store that readers open.

pyoxigraph calls opening a store read-only beside a writer undefined behaviour, and a reader
of the live folder would also see a load half done: new articles before the derived graph
that matches them, or a derived graph written in steps. So readers never open the live
folder. When a write command has finished a consistent state (`newsgraph load` after the
derivation and the precomputed answers, `newsgraph remove`, also a load interrupted after its
derived graph was brought up to date), the writer publishes it (`precompute.publish`, which
makes the snapshot with `GraphStore.publish_snapshot`, then drops the answers of older states):

- `Store.backup` makes `<store>/newsgraph-snapshots/<name>/`, a RocksDB checkpoint: hard links
  to the store's table files, which the engine never changes, so it costs milliseconds and
  little disk until the live store rewrites those files;
- then the pointer file `<store>/newsgraph-snapshots/PUBLISHED` is replaced (written under a
  temporary name, then renamed) by one naming that snapshot and holding the store's change
  marker (`CHANGE_MARKER`) as it was then, which names the precomputed answers of that state.

Readers (the query workers, the dumps, the command line's read commands) open the snapshot the
pointer names with `Store.read_only` and open the new one when the pointer changes. A store
without a pointer (written by an older newsgraph) is read live.

The current and the previous snapshot are kept; older ones are deleted by the next publish
once they were superseded more than `snapshot_grace_seconds` ago (a setting), longer than any
query's time limit, so a running query does not lose its files.

Standard library only: the query workers import this module.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

# A file in the store folder that the writer replaces after each commit (see GraphStore.mark_changed)
CHANGE_MARKER = "NEWSGRAPH-CHANGED"
FOLDER = "newsgraph-snapshots"
POINTER = "PUBLISHED"
_NAME = re.compile(r"(\d{20})-\d+")


@dataclass(frozen=True)
class Published:
    name: str
    directory: Path
    marker: bytes  # the change marker's content when it was published (b"": there was none)


def new_name() -> str:
    """A snapshot's folder name: the publishing time in nanoseconds (so names sort by age), the pid."""
    return f"{time.time_ns():020d}-{os.getpid()}"


def read_pointer(store_path: str | os.PathLike) -> tuple[bytes, Published] | None:
    """(the pointer file's bytes, what they name), or None when there is no valid pointer."""
    folder = Path(store_path) / FOLDER
    try:
        raw = (folder / POINTER).read_bytes()
        data = json.loads(raw)
        name = data["snapshot"]
        marker = data["marker"].encode("latin-1")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, UnicodeError):
        return None
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        return None
    return raw, Published(name, folder / name, marker)


def published(store_path: str | os.PathLike) -> Published | None:
    """The snapshot readers open, or None when the store has none (then they read it live)."""
    found = read_pointer(store_path)
    return found[1] if found is not None and found[1].directory.is_dir() else None


def live_marker(store_path: str | os.PathLike) -> bytes | None:
    """The change marker of the live store (its last commit), None when it has none."""
    try:
        return (Path(store_path) / CHANGE_MARKER).read_bytes() or None
    except OSError:
        return None


def write_pointer(store_path: str | os.PathLike, name: str, marker: bytes) -> None:
    """Point readers at snapshot `name` in one step (a rename), after its files are complete."""
    folder = Path(store_path) / FOLDER
    tmp = folder / f".{POINTER}.{os.getpid()}.tmp"
    data = json.dumps({"snapshot": name, "marker": marker.decode("latin-1"), "published_at": time.time()})
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / POINTER)


def prune(store_path: str | os.PathLike, now: float | None = None, grace: float | None = None) -> list[str]:
    """Delete the snapshots that readers can no longer be using; returns their names.

    Kept: the current one, the one published just before it, and any other superseded less
    than `grace` seconds ago (None: the `snapshot_grace_seconds` setting; a snapshot is
    superseded when the next one is made). A folder newer than the current one (a publish that
    stopped before its pointer) counts from its own making. Only the one writer calls this."""
    found = read_pointer(store_path)
    folder = Path(store_path) / FOLDER
    if found is None:
        return []
    current = found[1].name
    now = time.time() if now is None else now
    if grace is None:
        from .settings import value  # the writer's alone: readers import this module, not the settings

        grace = value("snapshot_grace_seconds")
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_dir() and _NAME.fullmatch(p.name))
    except OSError:
        return []
    older = [n for n in names if n < current]
    keep = {current, *older[-1:]}
    removed = []
    for i, name in enumerate(names):
        if name in keep:
            continue
        since = _made(names[i + 1]) if name < current else _made(name)
        if now - since > grace:
            shutil.rmtree(folder / name, ignore_errors=True)
            removed.append(name)
    return removed


def _made(name: str) -> float:
    return int(name.split("-", 1)[0]) / 1e9


def holds_other_files(path: str | os.PathLike) -> bool:
    """Whether `path` is a folder with files in it that is not a store: neither newsgraph's
    (its change marker or snapshots) nor an Oxigraph store (the engine's CURRENT and IDENTITY,
    as a first load stopped before its first commit leaves it)."""
    p = Path(path)
    try:
        names = {e.name for e in os.scandir(p)}
    except OSError:
        return False
    if not names:
        return False
    return not (CHANGE_MARKER in names or FOLDER in names or {"CURRENT", "IDENTITY"} <= names)
