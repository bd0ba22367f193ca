"""The registry of fact kinds (loader/facts) is the one list the loading path walks: a kind
added to it, with its own extract and graph parts in a package of its own, is extracted and
mapped into the article's graph with its evidence, and nothing else changes."""
from __future__ import annotations

import importlib.metadata
import sys
import textwrap

import pyoxigraph as ox
import pytest
from newsgraph.loader import facts
from newsgraph.loader.extract import extract_from_doc
from newsgraph.loader.load import process_documents
from newsgraph.loader.nlp import get_pipeline
from newsgraph.loader.records import Article, SourceDocument
from newsgraph.ontology import terms

BASE = "https://example.org/"
STORY = ("Washington sanctions a tycoon\n\n"
         "WASHINGTON (AP) — US President Joe Biden imposed sanctions on Russian businessman Oleg Deripaska "
         "on Tuesday, the White House said.\n\n"
         "Biden told reporters that the measures would stay in place. Deripaska did not comment.")

# A toy kind, "sanctions imposed by X on Y", written the way docs/extending.md tells: a package
# with records.py, extract.py (the registry's extract()) and graph.py (the registry's graph()).
TOY_PARTS = {
    "__init__.py": '"""A toy fact kind: sanctions imposed by one actor on another."""\n',
    "records.py": '''
        from dataclasses import dataclass

        from newsgraph.loader.records import Evidence


        @dataclass
        class SanctionRecord:
            by: str  # actor keys of the article's ActorIndex
            on: str
            evidence: Evidence
        ''',
    "extract.py": '''
        from newsgraph.loader.records import Evidence

        from .records import SanctionRecord


        def extract(doc, article, found, settings):
            index = found["actors"]
            out = []
            for sent in doc.sents:
                if "imposed sanctions on" not in sent.text:
                    continue
                persons = index.persons_in(sent)
                if len(persons) >= 2:
                    ev = Evidence(article.id, "rule:toy-sanctions", sent.text, sent.start_char, sent.end_char, 0.5)
                    out.append(SanctionRecord(by=persons[0], on=persons[1], evidence=ev))
            return out
        ''',
    "graph.py": '''
        from newsgraph.ontology.terms import RDF_TYPE, ng


        def graph(fm, sanctions):
            nodes = []
            for s in sanctions:
                node = fm.fact_node("sanction", s.by, s.on, s.evidence.start)
                fm.m.add(node, RDF_TYPE, ng("Sanction"))
                fm.m.add(node, ng("imposedBy"), fm.nodes["actors"][s.by])
                fm.m.add(node, ng("imposedOn"), fm.nodes["actors"][s.on])
                fm.from_article(node, [s.evidence])
                nodes.append(node)
            return nodes
        ''',
}


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


@pytest.fixture
def sanctions(tmp_path, monkeypatch):
    """The toy kind, registered for one test (the registry is put back afterwards)."""
    package = tmp_path / "toy_sanctions"
    package.mkdir()
    for name, text in TOY_PARTS.items():
        (package / name).write_text(textwrap.dedent(text).lstrip())
    monkeypatch.syspath_prepend(str(tmp_path))
    registered = list(facts.KINDS)
    kind = facts.FactKind("sanctions", ("actors",), ("Sanction",), (), package="toy_sanctions")
    facts.register(kind)
    yield kind
    facts.KINDS[:] = registered
    for name in [m for m in sys.modules if m == "toy_sanctions" or m.startswith("toy_sanctions.")]:
        del sys.modules[name]  # the next test's package is another folder


def _article(text: str) -> Article:
    return Article(id="s1", source="s.txt", path="s.txt", checksum="", signature="", body=text, language="en")


def _load(nlp, text: str) -> ox.Store:
    (outcome,) = process_documents([SourceDocument(source="s.txt", path="s.txt", text=text)], BASE, nlp=nlp)
    assert outcome.failed is None and outcome.nquads
    store = ox.Store()
    store.load(outcome.nquads, format=ox.RdfFormat.N_QUADS)
    return store


def test_every_kind_requires_only_kinds_that_come_before_it():
    earlier: set[str] = set()
    for kind in facts.KINDS:
        assert set(kind.requires) <= earlier, f"{kind.name} requires {set(kind.requires) - earlier} later or never"
        assert kind.name not in earlier, f"{kind.name} is registered twice"
        earlier.add(kind.name)


def test_every_kind_has_an_extract_part_and_a_graph_part():
    for kind in facts.KINDS:
        assert callable(getattr(kind.part("extract"), "extract", None)), kind.name
        assert callable(getattr(kind.part("graph"), "graph", None)), kind.name


def test_a_kind_that_names_no_package_lives_in_its_folder_of_the_registry():
    assert facts.FactKind("meetings", (), (), ()).package == "newsgraph.loader.facts.meetings"
    assert facts.FactKind("meetings", (), (), ()).part("graph").__name__ == "newsgraph.loader.facts.meetings.graph"


def test_a_kind_that_requires_one_not_yet_registered_is_refused():
    registered = list(facts.KINDS)
    try:
        with pytest.raises(ValueError, match="requires treaties"):
            facts.register(facts.FactKind("ratifications", ("actors", "treaties"), (), ()))
        assert facts.KINDS == registered
    finally:
        facts.KINDS[:] = registered


def test_a_kind_an_installed_package_declares_under_the_entry_point_group_is_registered(tmp_path, monkeypatch):
    package = tmp_path / "toy_plugin"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from newsgraph.loader.facts import FactKind\n"
        "KIND = FactKind('sanctions', ('actors',), ('Sanction',), (), package='toy_plugin')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    declared = [importlib.metadata.EntryPoint("sanctions", "toy_plugin:KIND", facts.ENTRY_POINTS)]
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda group: [ep for ep in declared if ep.group == group])
    registered = list(facts.KINDS)
    try:
        facts.register_installed()
        assert [k.name for k in facts.KINDS] == [k.name for k in registered] + ["sanctions"]
        assert facts.kind("sanctions").package == "toy_plugin"
    finally:
        facts.KINDS[:] = registered
        sys.modules.pop("toy_plugin", None)


def test_a_kind_added_through_the_registry_is_extracted_with_the_others(nlp, sanctions):
    doc = nlp(STORY)
    found = extract_from_doc(doc, _article(STORY))
    (sanction,) = found.sanctions
    assert (found.actors.actors[sanction.by].name, found.actors.actors[sanction.on].name) == \
        ("Joe Biden", "Oleg Deripaska")
    assert found.statements, "the kinds already registered still run"


def test_a_kind_added_through_the_registry_is_mapped_into_the_article_graph_with_its_evidence(nlp, sanctions):
    store = _load(nlp, STORY)
    rows = list(store.query(terms.sparql_prefixes("ng", "skos", "prov") + """
        SELECT ?by ?on ?sentence ?rule WHERE {
          GRAPH ?g {
            ?s a ng:Sanction ; ng:imposedBy/skos:prefLabel ?by ; ng:imposedOn/skos:prefLabel ?on ;
               ng:evidence ?ev ; prov:wasDerivedFrom ?article .
            ?ev ng:sentence ?sentence ; ng:derivedBy ?rule ; ng:article ?article .
          }
        }"""))
    assert [(r["by"].value, r["on"].value, r["rule"].value) for r in rows] == \
        [("Joe Biden", "Oleg Deripaska", "rule:toy-sanctions")]
    assert "imposed sanctions on" in rows[0]["sentence"].value


def test_without_the_toy_kind_registered_the_same_story_has_no_sanction(nlp):
    store = _load(nlp, STORY)
    assert store.query(terms.sparql_prefixes("ng") + "ASK { GRAPH ?g { ?s a ng:Person } }")
    assert not store.query(terms.sparql_prefixes("ng") + "ASK { GRAPH ?g { ?s a ng:Sanction } }")


def test_what_is_read_from_the_registry_sees_a_kind_registered_after_it_was_imported():
    from newsgraph.loader.evaluation import SECTIONS
    from newsgraph.queries import stats
    from newsgraph.service import entity

    registered, registered_sections = list(facts.KINDS), list(SECTIONS)
    try:
        facts.register(facts.FactKind("sanctions", ("actors",), ("Sanction",), ("sanctions",), package="no_such_package"))
        assert "sanctions" in SECTIONS and len(SECTIONS) == len(registered_sections) + 1
        assert "Sanction" in entity.entity_classes() and "Sanction" in stats.fact_classes()
    finally:
        facts.KINDS[:] = registered
    assert "sanctions" not in SECTIONS and "Sanction" not in entity.entity_classes()


def test_an_installed_plugin_kind_is_extracted_by_the_load_commands_worker_processes(tmp_path):
    """The plugin as pip leaves it: its package and a .dist-info folder whose entry_points.txt
    declares the kind, on the path of a `newsgraph load -w 2` run in a process of its own; the
    workers, which only import newsgraph, register it and the store holds its facts."""
    import os
    import subprocess

    from service_fixtures import clean_env, newsgraph_command

    site = tmp_path / "site"
    package = site / "toy_sanctions"
    package.mkdir(parents=True)
    for name, text in TOY_PARTS.items():
        (package / name).write_text(textwrap.dedent(text).lstrip())
    (package / "__init__.py").write_text(
        '"""A toy fact kind: sanctions imposed by one actor on another."""\n'
        "from newsgraph.loader.facts import FactKind\n\n"
        "KIND = FactKind('sanctions', ('actors',), ('Sanction',), (), package='toy_sanctions')\n")
    info = site / "toy_sanctions-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: toy-sanctions\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[{facts.ENTRY_POINTS}]\nsanctions = toy_sanctions:KIND\n")
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(2):  # one batch each, so that both workers may get one
        (articles / f"s{n}.txt").write_text(STORY.replace("Tuesday", ("Tuesday", "Wednesday")[n]))
    env = clean_env()
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(site), env.get("PYTHONPATH")]))
    store = tmp_path / "store"
    loaded = subprocess.run(newsgraph_command("load", articles, "--store", store, "-w", "2", "-q"),
                            capture_output=True, text=True, timeout=300, env=env)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    counted = subprocess.run(newsgraph_command("query", terms.sparql_prefixes("ng") +
                                               "SELECT (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ng:Sanction } }",
                                               "--format", "csv", "--store", store),
                             capture_output=True, text=True, timeout=120, env=env)
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.split() == ["n", "2"]
