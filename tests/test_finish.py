"""The end of a load (newsgraph.loader.finish): on a large store the derivation, the compaction
and the precomputed answers run in a fresh process, and give what they give in the loader's own."""
from __future__ import annotations

import gc

import pytest

from conftest import PARAGRAPHS, english_text
from service_fixtures import build_store, copy_store
from newsgraph.loader import finish as finish_module
from newsgraph.ontology import terms
from newsgraph.loader.derive import derived_is_current
from newsgraph.loader.store import GraphStore, StoreError
from newsgraph.queries import precomputed
from newsgraph.queries.catalog import catalog

BASE = "https://w3id.org/newsgraph/data/"


def _new_article(folder):
    folder.mkdir()
    (folder / "visit.txt").write_text(english_text(
        "Valdis Ozolins meets Kestutis Baranauskas",
        paragraphs=("VILNIUS, March 3, 2024 - Latvian Defence Minister Valdis Ozolins met Lithuanian "
                    "Defence Minister Kestutis Baranauskas in Vilnius on Sunday to discuss air defence.",
                    *PARAGRAPHS)), encoding="utf-8")
    return folder


def _load(store_path, folder, apart_min_articles, monkeypatch):
    from newsgraph.loader import load as load_module
    from newsgraph.loader.nlp import get_pipeline

    apart = []
    real = finish_module.finish_apart
    monkeypatch.setattr(finish_module, "finish_apart", lambda *a: apart.append(a) or real(*a))
    store = GraphStore(store_path, base=BASE)
    report = load_module.load_paths([str(folder)], store, nlp=get_pipeline(), precompute_min_articles=0,
                                    apart_min_articles=apart_min_articles)
    derived = store.graph_triples(terms.derived_graph(BASE))  # the loader's handle works afterwards
    current = derived_is_current(store)
    del store
    gc.collect()
    return report, derived, current, bool(apart)


def test_a_large_load_finishes_in_a_process_of_its_own_with_the_same_results(tmp_path, monkeypatch):
    folder = _new_article(tmp_path / "new")
    built = build_store()
    here, there = copy_store(built, tmp_path / "here"), copy_store(built, tmp_path / "there")

    report_here, derived_here, current_here, apart_here = _load(here, folder, 10**9, monkeypatch)
    report_there, derived_there, current_there, apart_there = _load(there, folder, 0, monkeypatch)

    assert (apart_here, apart_there) == (False, True)
    assert current_here and current_there
    assert report_there.loaded == 1 and report_there.derived_quads == report_here.derived_quads > 0
    assert sorted(report_there.precomputed) == sorted(report_here.precomputed)
    assert "meetings" in report_there.precomputed
    assert derived_there == derived_here
    for name in ("meetings", "tenures", "statements"):
        ours, theirs = (precomputed.read(path, catalog()[name], BASE, None) for path in (here, there))
        assert theirs is not None and theirs.columns == ours.columns and theirs.rows == ours.rows
    met = precomputed.read(there, catalog()["meetings"], BASE, None)
    assert any("Ozolins" in (row[2].value if row[2] is not None else "") for row in met.rows)


def test_a_failure_in_the_finishing_process_names_the_store_and_the_reason(tmp_path):
    path = copy_store(build_store(), tmp_path / "store")
    store = GraphStore(path, base=BASE)
    store.base = "ftp://not-a-base/"  # the other process cannot open the store with it
    with pytest.raises(StoreError) as failure:
        finish_module.finish_apart(store, derive=True, compact=False, precompute=None)
    message = str(failure.value)
    assert str(path) in message and "base IRI must start with http://" in message
    assert derived_is_current(store)  # this process has its store again, as it was


def test_the_finishing_command_says_when_there_is_no_store(tmp_path, capsys):
    assert finish_module.main([str(tmp_path / "nothing"), "--derive"]) == 1
    assert "no store here" in capsys.readouterr().err
    assert not (tmp_path / "nothing").exists()
