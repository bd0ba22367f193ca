"""Removing articles by what names them (file name, path, id or IRI) with everything read from
them, then deriving again (and precomputing on a large store, loader/finish.py)."""
from __future__ import annotations

from . import settings
from .store import GraphStore


def remove_articles(store: GraphStore, keys: list[str]) -> tuple[list[str], list[str]]:
    """Remove every article a key names; returns (the ids removed, the keys that named none).
    When any went, the derived graph is computed again (in a fresh process on a large store)."""
    ids, missing = [], []
    for key in keys:
        found = store.find_articles(key)
        (ids.extend(found) if found else missing.append(key))
    ids = sorted(set(ids))
    store.remove_articles(ids)
    if ids:
        from .finish import finish_load

        stored = store.article_count()
        finish_load(store, stored, derive=True, compact=False,
                    precompute=stored >= settings.value("precompute_min_articles"))
    return ids, missing
