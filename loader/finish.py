"""What follows a load's articles: the derived graph recomputed (loader/derive.py), the store
compacted, and the canned queries' default answers precomputed (loader/precompute.py); on a
large store, in a fresh process of its own.

Why a fresh process: these steps read the whole store, so their peak memory is the engine's
block caches plus their own work, and in the process that streamed the articles they also
carry what streaming left: the modules only reading needs (dateparser, Beautiful Soup, tqdm),
and heap that glibc keeps in pieces it cannot hand back (figures: docs/performance.md,
"Figures behind the code"). The process that runs them here imports the store, the
derivation and the queries, nothing else.

`python -m newsgraph.loader.finish STORE [--derive] [--compact] [--precompute yes|no]` is that
process; it prints its result as one line of JSON.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys

from .derive import rebuild
from .precompute import precompute as precompute_answers
from .precompute import publish
from .settings import value as setting
from .engine_limits import limit_malloc_arenas
from .store import GraphStore, StoreError

# A load runs these steps in a fresh process when the store then holds at least
# `apart_min_articles` (a setting) and the derived graph is recomputed or the store compacted:
# below it they take a few seconds and little memory, and starting a process costs about half a
# second. That process keeps at most `open_table_files` (a setting) of the engine's table files
# open (`store.open_file_limit`): a compacted store has few, the derived graph's bulk steps add
# many small ones (docs/performance.md).


def finish(store: GraphStore, derive: bool, compact: bool, precompute: bool | None) -> tuple[int, dict[str, float]]:
    """Recompute the derived graph (when `derive`), compact the store, and precompute the
    canned queries' default answers (False: remove them; None: leave them as they are), then
    publish the state to readers (`precompute.publish`, loader/snapshots.py): they see it from
    then on, and until then the state the last finish published.
    Returns the derived graph's size (0 when not recomputed) and the seconds each precomputed
    answer took.

    With `compact`, the store is compacted before the derivation as well as after it: while
    the workers keep both cores busy the engine's merging falls behind, and deriving over
    thousands of small files is slower and larger than compacting first (docs/performance.md)."""
    if compact and derive:
        store.optimize()
        store.reopen()
    quads = rebuild(store) if derive else 0
    if compact:
        store.optimize()
    store.flush()
    timings = precompute_answers(store, precompute) if precompute is not None else {}
    # consistent here: derived now, or found current by the caller (load_paths derives otherwise)
    publish(store)
    return quads, timings


def finish_apart(store: GraphStore, derive: bool, compact: bool,
                 precompute: bool | None) -> tuple[int, dict[str, float]]:
    """`finish` in a fresh Python process over the same store: this process closes its engine
    (a store has one writer) and opens it again when the other is done. Its warnings reach
    this process's standard error when it is done; a failure raises `StoreError`, with the
    other process's last message."""
    command = [sys.executable, "-m", __name__, str(store.path), "--base", store.base]
    command += ["--derive"] * derive + ["--compact"] * compact
    if precompute is not None:
        command += ["--precompute", "yes" if precompute else "no"]
    store.close()
    try:  # Ctrl-C reaches both processes; `run` then waits for the other to end before raising
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        store.reopen()
    lines = done.stderr.splitlines()
    if done.returncode != 0:
        reason = lines[-1] if lines else f"exit code {done.returncode}"
        raise StoreError(f"{store.path}: deriving and precomputing (in a process of their own) failed: {reason}")
    for line in lines:  # warnings, such as an answer that could not be precomputed
        print(line, file=sys.stderr)
    result = json.loads(done.stdout.splitlines()[-1])
    return result["derived_quads"], result["precomputed"]


def finish_load(store: GraphStore, stored: int, derive: bool, compact: bool, precompute: bool | None,
                apart_min_articles: int | None = None) -> tuple[int, dict[str, float]]:
    """`finish` for a store holding `stored` articles: in a fresh process (`finish_apart`) when
    it derives or compacts a store of at least `apart_min_articles` (None: the setting), else
    in this one."""
    if apart_min_articles is None:
        apart_min_articles = setting("apart_min_articles")
    apart = (derive or compact) and stored >= apart_min_articles
    return (finish_apart if apart else finish)(store, derive, compact, precompute)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsgraph.loader.finish", description=__doc__.split("\n\n")[0])
    parser.add_argument("store")
    parser.add_argument("--base", default=None)
    parser.add_argument("--derive", action="store_true")
    parser.add_argument("--compact", action="store_true")
    parser.add_argument("--precompute", choices=["yes", "no"], default=None)
    args = parser.parse_args(argv)
    limit_malloc_arenas()  # before the store's threads start
    try:
        store = GraphStore(args.store, base=args.base, create=False, open_files=setting("open_table_files"))
        try:
            quads, timings = finish(store, args.derive, args.compact,
                                    None if args.precompute is None else args.precompute == "yes")
        finally:
            store.close()
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(json.dumps({"derived_quads": quads, "precomputed": timings}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
