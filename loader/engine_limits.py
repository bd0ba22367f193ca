"""How the store engine's process is held in: the table files it keeps open, the malloc
arenas its threads share, and the priority of its merging threads. Each is a memory or CPU
choice measured on the bench (docs/performance.md, "Figures behind the code"); none changes
what is stored."""
from __future__ import annotations

import contextlib
import ctypes
import os


@contextlib.contextmanager
def open_file_limit(table_files: int | None):
    """While a store opens, lower the process's soft limit on open files so that its engine keeps
    at most `table_files` table files open at once; the limit is as it was afterwards. Does
    nothing for None, or where the limit is already as low or cannot be read (no `resource`).

    Why: Oxigraph gives RocksDB a table cache of the soft limit less 48 files (`max_open_files`
    in the store's `OPTIONS-*`; at least 48), and each open table file holds its index block,
    and the string table's its bloom filter, outside the block caches; writing a large derived
    graph in bulk steps leaves many small files until the engine merges them (figures:
    docs/performance.md, "Figures behind the code")."""
    try:
        import resource
    except ImportError:  # not on Unix
        resource = None
    if table_files is None or resource is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(table_files, 48) + 48  # Oxigraph keeps 48 for others
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield
        return
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def limit_malloc_arenas(arenas: int = 2) -> bool:
    """Let at most `arenas` glibc malloc arenas serve this process's threads (`mallopt` with
    `M_ARENA_MAX`); True when set. Call it before the threads start, i.e. before a store opens.

    Why: glibc gives each thread that allocates its own arena, up to eight per core, and the
    store engine's background threads and the worker pool's result thread leave freed memory
    scattered over them that `malloc_trim` cannot hand back; the derivation and the
    precomputing start from what the writer holds (docs/performance.md). A no-op returning
    False where glibc is missing."""
    try:
        return ctypes.CDLL(None).mallopt(-8, arenas) == 1  # -8 is M_ARENA_MAX in glibc's malloc.h
    except (OSError, AttributeError):
        return False


def lower_merge_priority(niceness: int = 19) -> int:
    """Give the store engine's background threads (RocksDB's, named "rocksdb:..."; one pool per
    process, started when a store opens) the lowest CPU priority; returns how many were changed.

    Why: in a load with worker processes, these threads merge the files each commit adds while
    the workers need both cores, and the final compaction redoes that merging anyway. At the
    lowest priority they run when a core is free, in fewer, larger merges (docs/performance.md).
    A no-op where threads cannot be listed (no /proc) or their priority cannot be set."""
    changed = 0
    try:
        tids = os.listdir("/proc/self/task")
    except OSError:
        return 0
    for tid in tids:
        try:
            with open(f"/proc/self/task/{tid}/comm", encoding="utf-8") as f:
                if not f.read().startswith("rocksdb"):
                    continue
            os.setpriority(os.PRIO_PROCESS, int(tid), niceness)
            changed += 1
        except (OSError, ValueError):
            continue
    return changed
