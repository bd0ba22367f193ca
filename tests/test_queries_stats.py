"""The statistics (queries/stats.rq, newsgraph.queries.stats): each class the fact-kind registry
names is counted once, in the derived graph when the derivation writes it, else per article."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from service_fixtures import build_store
from newsgraph.loader.facts import KINDS
from newsgraph.ontology import terms
from newsgraph.queries import stats

BASE = terms.DEFAULT_BASE


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return ox.Store.read_only(str(build_store()))


def select(store: ox.Store):
    return lambda sparql: store.query(sparql, use_default_graph_as_union=True)


def count(store: ox.Store, sparql: str) -> int:
    return int(next(iter(store.query(terms.sparql_prefixes("ng", "rdfs") + sparql, use_default_graph_as_union=True)))[0].value)


def test_every_class_of_every_kind_is_counted_with_articles_and_evidence():
    names = stats.classes()
    assert names[0] == "Article" and names[-1] == "Evidence"
    assert all(c in names for k in KINDS for c in k.classes) and len(set(names)) == len(names)


def test_derived_classes_count_real_things_and_the_others_count_what_articles_hold(store):
    found = stats.counts(select(store), BASE)
    derived = str(terms.derived_graph(BASE))
    # a person named in many articles is one person; a meeting counts with its subclasses
    assert found["Person"] == count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH {derived} {{ ?x a ng:Person }} }}") > 0
    assert found["Meeting"] == count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH {derived} {{ ?x a ?c }} "
                                            "?c rdfs:subClassOf* ng:Meeting }") > 0
    # statements and evidence are read per article (the derivation writes none)
    for name in ("Statement", "Evidence", "Article"):
        assert found[name] == count(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ ?x a ng:{name} }} "
                                           f"FILTER(?g != {derived}) }}") > 0


def test_the_summary_splits_the_actors_from_the_facts(store):
    summary = stats.summary(select(store), BASE)
    assert list(summary["entities"]) == ["Person", "Organization", "Country"]
    assert list(summary["facts"]) == ["Post", "Tenure", "Meeting", "Statement", "Evidence"]
    assert summary["articles"] > 0


def test_an_empty_store_counts_nothing():
    found = stats.counts(select(ox.Store()), BASE)
    assert set(found.values()) == {0}


def test_a_class_name_cannot_change_the_query():
    with pytest.raises(ValueError):
        stats.query_text(BASE, ['Person" } } DROP ALL #'])
