"""Opening the store for a command: readers see the state the last finished load or removal
published (loader/snapshots.py), a writer opens the live store (only `load` may create one)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .store import GraphStore, StoreError, default_store_path

Warn = Callable[[str], None]


def ensure_published(path: Path, base: str | None, warn: Warn) -> None:
    """Readers open the store's published snapshot. A store without one (written by an older
    newsgraph) gets one now when no load holds it; else readers read the live folder until a
    load publishes, and `warn` says so."""
    from . import snapshots
    from .precompute import publish

    if not path.is_dir() or snapshots.published(path) is not None or snapshots.holds_other_files(path):
        return
    try:
        store = GraphStore(path, base=base, create=False)
    except (StoreError, ValueError) as exc:
        warn(f"{path}: no loaded state is published for readers yet, and none can be published now ({exc}); "
             "reading the store as it is, which may show a running load half done")
        return
    try:
        publish(store)
    except StoreError as exc:
        warn(str(exc))
    finally:
        store.close()


@contextmanager
def open_store(store_path: Path | str | None, base: str | None, read_only: bool = False, create: bool = False,
               warn: Warn = lambda message: None) -> Iterator[GraphStore]:
    """The store at `store_path` (None: the default folder), flushed when the block ends. Read
    only, it is the state of the last finished load or removal, even while another loads.
    Raises StoreError (or ValueError for a bad base IRI) when it cannot be opened."""
    if read_only:
        ensure_published(Path(store_path) if store_path else default_store_path(), base, warn)
    store = GraphStore(store_path, base=base, read_only=read_only, create=create)
    try:
        yield store
    finally:
        store.flush()
