"""The derivation's driver (newsgraph.loader.derive): it walks the registry of fact kinds and
hands each kind's derive part one context; the store knows neither the derivation nor the
precomputed answers."""
from __future__ import annotations

import subprocess
import sys
import types

import pyoxigraph as ox

from newsgraph.loader import derive
from newsgraph.loader.facts import KINDS
from newsgraph.loader.store import GraphStore
from newsgraph.ontology import terms


def test_a_new_kind_with_a_derive_part_adds_its_facts_after_the_kinds_it_follows(tmp_path, monkeypatch):
    seen = {}

    def derive_sanctions(context):
        seen["persons"] = context.persons is not None  # left by actors, earlier in KINDS
        context.add(ox.NamedNode(f"{context.base}id/sanction/1"), terms.RDF_TYPE, terms.ng("Sanction"))
        context.add(ox.NamedNode(f"{context.base}id/sanction/1"), terms.ng("sourceCount"), 2)

    sanctions = types.SimpleNamespace(name="sanctions",
                                      part=lambda role: types.SimpleNamespace(derive=derive_sanctions))
    monkeypatch.setattr(derive, "KINDS", (*KINDS, sanctions))
    store = GraphStore(tmp_path / "store")
    try:
        derive.rebuild(store)
        triples = store.graph_triples(terms.derived_graph(store.base))
    finally:
        store.close()
    node = f"<{store.base}id/sanction/1>"
    assert seen == {"persons": True}
    assert f"{node} {terms.RDF_TYPE} {terms.ng('Sanction')}" in triples
    assert f'{node} {terms.ng("sourceCount")} "2"^^{terms.XSD_INTEGER}' in triples


def test_a_kind_without_a_derive_part_derives_nothing_and_the_rest_goes_on(tmp_path):
    assert [k.name for k in KINDS if k.part("derive") is None] == ["statements"]
    store = GraphStore(tmp_path / "store")
    try:
        assert derive.rebuild(store) == 2  # an empty store: the graph's two marks alone
        assert derive.derived_is_current(store) and derive.stale_derivation(store) is None
    finally:
        store.close()


def test_the_store_imports_neither_the_derivation_nor_the_precomputed_answers():
    code = ("import sys; import newsgraph.loader.store; "
            "print(sorted(m for m in sys.modules if m.endswith(('.derive', '.precompute', '.precomputed', '.resolution'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
