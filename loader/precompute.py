"""Precomputing the canned queries' default answers: an explicit step after deriving (as
`datasette inspect`), which the load command and loader/finish.py call, not a hook inside the
store. queries/precomputed.py keeps the answers' files and their format; this module runs it
over a store and drops the answers no reader can use once a state is published.
"""
from __future__ import annotations

import sys

from newsgraph.queries import precomputed

from . import snapshots


def precompute(store, wanted: bool = True, parts: int | None = None) -> dict[str, float]:
    """Compute the canned queries' default answers for the web service (see
    `newsgraph.queries.precomputed`) unless already there; seconds per query computed.
    With `wanted` false, remove any instead (the queries then always run). `parts`: how
    many parts a grouped listing is computed in (None: as many as the store's size asks,
    `precomputed.part_count`). Between answers the store's engine is reopened, so each
    starts from empty caches."""
    if parts is None:
        parts = precomputed.part_count(store.article_count()) if wanted else 1

    def warn(query, exc):
        print(f"warning: {store.path}: could not precompute the answer of {query.name!r} ({exc})",
              file=sys.stderr)
    try:
        return precomputed.refresh(store.path, store.base, lambda sparql, subs: store.query(sparql, substitutions=subs),
                                   queries=None if wanted else [], on_error=warn, fresh=store.reopen,
                                   parts=parts)
    except OSError as exc:  # the data is committed: a missing shortcut must not fail the load
        print(f"warning: {store.path}: could not write the precomputed answers ({exc})", file=sys.stderr)
        return {}


def publish(store) -> snapshots.Published:
    """Publish the store's state to readers (`GraphStore.publish_snapshot`), then remove every
    precomputed answer but that state's: readers now open it, and its answers with it. Call it
    only at a consistent state: every article whole and the derived graph computed from them."""
    published = store.publish_snapshot()
    precomputed.prune(store.path, store.base)
    return published
