"""The one canned-query runner (newsgraph.queries.run): the precomputed answer for the
defaults while the store is unchanged, else the narrowed query, whoever asks."""
from __future__ import annotations

import gc
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from service_fixtures import build_store, copy_store, term_key
from newsgraph.queries import precomputed
from newsgraph.queries.catalog import catalog
from newsgraph.queries.run import answer

BASE = "https://w3id.org/newsgraph/data/"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = copy_store(build_store(), tmp_path_factory.mktemp("run") / "store")
    store = ox.Store(str(path))
    assert precomputed.refresh(path, BASE, lambda sparql, subs: store.query(
        sparql, substitutions=subs, use_default_graph_as_union=True), queries=[catalog()["meetings"]])
    del store
    gc.collect()
    return path


def runner(path: Path, asked: list):
    store = ox.Store.read_only(str(path))

    def run(sparql, subs):
        asked.append(sparql)
        return store.query(sparql, substitutions=subs, use_default_graph_as_union=True)

    def select(sparql, subs):
        return [list(row) for row in run(sparql, subs)]

    return run, select


def plant(path: Path, name: str) -> None:
    """Another valid answer under the precomputed file's name, so that sending it shows."""
    target = precomputed.file_for(path, catalog()[name], BASE, precomputed.marker(path))
    target.write_text(json.dumps({"head": {"vars": ["meeting"]}, "results": {"bindings": [
        {"meeting": {"type": "literal", "value": "planted"}}]}}), encoding="utf-8")


def test_the_defaults_are_answered_from_the_precomputed_answer_without_a_query(store_path, tmp_path):
    path = copy_store(store_path, tmp_path / "store")
    plant(path, "meetings")
    asked: list = []
    run, select = runner(path, asked)
    query = catalog()["meetings"]
    found = answer(query, query.substitutions({"kind": ""}), store_path=path, base=BASE, run=run, select=select)
    assert isinstance(found, precomputed.Answer) and [[t.value for t in row] for row in found.rows] == [["planted"]]
    assert asked == []


def test_other_values_run_the_narrowed_query(store_path):
    asked: list = []
    run, select = runner(store_path, asked)
    query = catalog()["meetings"]
    person = next(row[0] for row in select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        f"SELECT ?name WHERE {{ GRAPH <{BASE}graph/derived> {{ ?m <https://w3id.org/newsgraph/ns#participant> ?p . "
        "?p skos:prefLabel ?name } } LIMIT 1", {}))
    asked.clear()
    subs = query.substitutions({"person": person.value})
    found = answer(query, subs, store_path=store_path, base=BASE, run=run, select=select)
    rows = [[term_key(t) for t in row] for row in found]
    assert rows and asked[-1] == query.narrowed(subs, BASE, select) != query.text(BASE)
    plain = run(query.text(BASE), subs)
    assert rows == [[term_key(t) for t in row] for row in plain]


def test_a_changed_store_runs_the_query_and_the_caller_shapes_the_precomputed_answer(store_path, tmp_path):
    path = copy_store(store_path, tmp_path / "store")
    query = catalog()["meetings"]
    asked: list = []
    run, select = runner(path, asked)
    shaped = answer(query, {}, store_path=path, base=BASE, run=run, select=select, limit=2,
                    from_precomputed=lambda found: ("precomputed", len(found.rows), found.truncated))
    assert shaped == ("precomputed", 2, True) and asked == []
    for old in (path / precomputed.FOLDER).iterdir():
        old.unlink()
    live = answer(query, {}, store_path=path, base=BASE, run=run, select=select)
    assert isinstance(live, ox.QuerySolutions) and asked == [query.text(BASE)]
