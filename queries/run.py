"""The one canned-query runner, for the command line, the web pages and the bench.

A canned query with its default parameters is answered from the answer the loader precomputed
(queries/precomputed.py) while the store is unchanged since; otherwise, or with other values,
the query runs, its narrowing lines written out for the parameters that have a value
(queries/catalog.py). What the caller's store is and how its queries run (a store handle, the
service's workers and their lanes, a row limit) is passed in, so every caller gets the same
answer by the same route.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from . import precomputed
from .catalog import CannedQuery

# run(sparql, substitutions) -> the caller's result; select(sparql, substitutions) -> rows of terms
Run = Callable[[str, dict], Any]
Select = Callable[[str, dict], list]


def answer(query: CannedQuery, substitutions: dict, *, store_path: str | os.PathLike, base: str,
           run: Run, select: Select, limit: int | None = None,
           from_precomputed: Callable[[precomputed.Answer], Any] = lambda found: found) -> Any:
    """The answer to `query` with these substitutions (`query.substitutions(values)`):
    `from_precomputed(answer)` of the precomputed answer (at most `limit` rows; None or 0: all)
    when these are the defaults and the store's present state has one, else what `run` returns
    for the narrowed text. `select` looks up the entities a narrowing names; both run against
    the store at `store_path` whose base IRI is `base`. Errors of `run` and `select` pass through."""
    found = precomputed_answer(query, substitutions, store_path=store_path, base=base, limit=limit)
    if found is not None:
        return from_precomputed(found)
    return run(query.narrowed(substitutions, base, select), substitutions)


def precomputed_answer(query: CannedQuery, substitutions: dict, *, store_path: str | os.PathLike, base: str,
                       limit: int | None = None) -> precomputed.Answer | None:
    """The loader's answer for the defaults, when these substitutions are the defaults and the
    store has not changed since; None: the query has to run."""
    if not precomputed.is_default(query, substitutions):
        return None
    return precomputed.read(store_path, query, base, limit)
