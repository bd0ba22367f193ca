"""Readers see published snapshots (newsgraph.loader.snapshots): the state of the last finished
load or removal, whole articles and the derived graph computed from them, while a writer works
on the live store."""
from __future__ import annotations

import gc
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from service_fixtures import REPO, build_store, clean_env, copy_store
from newsgraph.loader import settings, snapshots
from newsgraph.ontology import terms
from newsgraph.loader.derive import articles_digest
from newsgraph.loader.store import GraphStore, StoreError

BASE = "https://w3id.org/newsgraph/data/"
DERIVED = terms.derived_graph(BASE)

# one query, so that its parts come from one view of the store: the article graphs, what the
# derived graph says it was computed from, its size, and its links to nodes of absent articles
STATE = f"""
PREFIX ng: <{terms.NS}>
SELECT ?g ?digest ?size ?dangling WHERE {{
  {{ GRAPH ?g {{ ?a a ng:Article }} }}
  UNION {{ GRAPH {DERIVED} {{ {DERIVED} <http://purl.org/dc/terms/identifier> ?digest }} }}
  UNION {{ SELECT (COUNT(*) AS ?size) WHERE {{ GRAPH {DERIVED} {{ ?s ?p ?o }} }} }}
  UNION {{ SELECT (COUNT(*) AS ?dangling) WHERE {{
    GRAPH {DERIVED} {{ ?x ng:resolvesTo ?t }}
    FILTER NOT EXISTS {{ GRAPH ?h {{ ?x ?p ?o }} FILTER(?h != {DERIVED}) }}
  }} }}
}}"""


def state_of(rows: list[list]) -> tuple:
    """(article ids, recorded digest, derived graph size, dangling links) from STATE's rows."""
    ids, digest, size, dangling = set(), None, None, None
    for g, d, s, x in rows:
        if g is not None:
            ids.add(terms.article_id_of_graph(BASE, g))
        digest = d.value if d is not None else digest
        size = int(s.value) if s is not None else size
        dangling = int(x.value) if x is not None else dangling
    return frozenset(ids), digest, size, dangling


def consistent(state: tuple) -> bool:
    ids, digest, _, dangling = state
    return digest == articles_digest(sorted(ids)) and dangling == 0


def store_state(path: Path) -> tuple:
    """The state as a reader opening the store now sees it (GraphStore read-only)."""
    store = GraphStore(path, base=BASE, read_only=True)
    try:
        return state_of([[s[v] for v in ("g", "digest", "size", "dangling")] for s in store.query(STATE)])
    finally:
        del store
        gc.collect()


@pytest.fixture
def examples_copy(tmp_path) -> Path:
    return copy_store(build_store(), tmp_path / "store")


# -- serving while loading -------------------------------------------------------------------------

# `newsgraph load`, held between the commit of its articles and their finishing (the derived
# graph, precomputed answers) until the test says go, and writing every graph change in many
# small steps, as a large derived graph is written
HELD_LOAD = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from newsgraph.loader import load
    from newsgraph.loader.cli import main

    committed, go = Path(sys.argv[1]), Path(sys.argv[2])
    os.environ.update(NEWSGRAPH_ATOMIC_DELTA_MAX="20", NEWSGRAPH_DELTA_CHUNK="10", NEWSGRAPH_DELETE_CHUNK="10")
    finish_load = load.finish_load

    def held(*args, **kwargs):
        committed.touch()
        while not go.exists():
            time.sleep(0.05)
        return finish_load(*args, **kwargs)

    load.finish_load = held
    main(sys.argv[3:])
""")


def test_queries_during_a_load_see_the_state_before_it_or_after_it_never_a_mix(examples_copy, tmp_path):
    from newsgraph.service.query_service import QueryService

    corpus = tmp_path / "corpus"
    subprocess.run([sys.executable, str(REPO / "bench" / "corpus.py"), "20", str(corpus)], check=True,
                   capture_output=True)
    service = QueryService(examples_copy, BASE, workers=1, timeout=60)
    service.start()
    assert service.wait_ready(60)

    def seen() -> tuple:
        return state_of(service.query(STATE, row_limit=0).rows)

    before = seen()
    assert consistent(before) and before[0]
    committed, go = tmp_path / "committed", tmp_path / "go"
    load = subprocess.Popen([sys.executable, "-c", HELD_LOAD, str(committed), str(go), "load", str(corpus / "articles"),
                             "--store", str(examples_copy), "--base-iri", BASE, "-q", "-w", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=clean_env())
    states = []
    try:
        while not committed.exists():
            assert load.poll() is None, load.communicate()
            time.sleep(0.05)
        # the new articles are committed, their derived graph not yet computed
        states.append(seen())
        go.touch()
        while load.poll() is None:
            states.append(seen())
        out, err = load.communicate()
        assert load.returncode == 0, out + err
    finally:
        if load.poll() is None:
            load.kill()
            load.communicate()
    after = seen()
    service.close()
    assert len(after[0]) == len(before[0]) + 20 and consistent(after)
    assert states[0] == before, "a query saw the articles of a load before its derived graph"
    mixed = [s for s in states if s not in (before, after)]
    assert not mixed, (f"{len(mixed)} of {len(states)} queries during the load saw a state that is neither "
                       f"before nor after it: {[(len(s[0]), s[2], consistent(s)) for s in mixed[:3]]}")


# -- the command line reads while a writer holds the store ----------------------------------------

def _article_graph_by_hand(store: GraphStore, article: str) -> None:
    """A committed article graph that no finish has published (as between a load's commits)."""
    graph = terms.article_graph(BASE, article)
    store.raw.add(ox.Quad(terms.article_iri(BASE, article), terms.RDF_TYPE, terms.ng("Article"), graph))
    store.mark_changed()


def test_stats_and_query_read_the_published_state_while_a_writer_holds_the_store(examples_copy, run_cli,
                                                                                describe_result):
    published = store_state(examples_copy)
    writer = GraphStore(examples_copy, base=BASE)
    try:
        _article_graph_by_hand(writer, "f" * 16)
        stats = run_cli(["stats", "--json", "--store", examples_copy, "--base-iri", BASE])
        assert stats.exit_code == 0, describe_result(stats)
        assert json.loads(stats.output)["articles"] == len(published[0])
        count = run_cli(["query", f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?a a <{terms.NS}Article> }} }}",
                         "--store", examples_copy, "--base-iri", BASE, "--format", "json"])
        assert count.exit_code == 0, describe_result(count)
        assert json.loads(count.output)["rows"] == [[str(len(published[0]))]]
        articles = run_cli(["query", "articles", "--store", examples_copy, "--base-iri", BASE, "--format", "json"])
        assert articles.exit_code == 0, describe_result(articles)
        assert len(json.loads(articles.output)["rows"]) == len(published[0])
        assert store_state(examples_copy) == published
    finally:
        del writer
        gc.collect()


def test_a_finished_removal_is_what_readers_see_next(examples_copy, run_cli, describe_result):
    before = store_state(examples_copy)
    victim = sorted(before[0])[0]
    result = run_cli(["remove", victim, "--store", examples_copy, "--base-iri", BASE])
    assert result.exit_code == 0, describe_result(result)
    after = store_state(examples_copy)
    assert after[0] == before[0] - {victim} and consistent(after)


# -- publishing ------------------------------------------------------------------------------------

def test_publishing_an_unchanged_state_again_makes_no_new_snapshot(examples_copy):
    first = snapshots.published(examples_copy)
    assert first is not None and first.marker == snapshots.live_marker(examples_copy)
    store = GraphStore(examples_copy, base=BASE)
    try:
        assert store.publish_snapshot() == first
        _article_graph_by_hand(store, "e" * 16)
        second = store.publish_snapshot()
    finally:
        del store
        gc.collect()
    assert second != first and snapshots.published(examples_copy) == second
    assert second.marker == snapshots.live_marker(examples_copy)
    assert (first.directory).is_dir()              # the previous one stays for running queries


def _fake_snapshot(store: Path, at: float) -> str:
    name = f"{int(at * 1e9):020d}-1"
    (store / snapshots.FOLDER / name).mkdir(parents=True)
    return name


def test_old_snapshots_go_once_superseded_longer_than_the_grace_period_and_the_last_two_stay(tmp_path):
    grace = settings.value("snapshot_grace_seconds")
    now = 1_000_000.0
    # made at these times; the last is current: the first two were superseded more than the
    # grace period ago, the third 5 s ago, the fourth is the previous one
    times = [now - 3 * grace, now - 2 * grace, now - grace - 5, now - 5, now - 2]
    names = [_fake_snapshot(tmp_path, t) for t in times]
    snapshots.write_pointer(tmp_path, names[-1], b"marker")
    assert snapshots.prune(tmp_path, now=now) == names[:2]
    assert sorted(p.name for p in (tmp_path / snapshots.FOLDER).iterdir() if p.is_dir()) == names[2:]
    assert snapshots.prune(tmp_path, now=now + grace + 10) == names[2:3]   # the previous one stays
    leftover = _fake_snapshot(tmp_path, now)                                # newer than the pointer
    assert snapshots.prune(tmp_path, now=now + 1) == []
    assert snapshots.prune(tmp_path, now=now + grace + 1) == [leftover]


def test_a_pointer_to_a_missing_or_strange_snapshot_means_none_is_published(tmp_path):
    folder = tmp_path / snapshots.FOLDER
    folder.mkdir()
    snapshots.write_pointer(tmp_path, f"{1:020d}-1", b"m")
    assert snapshots.read_pointer(tmp_path) is not None and snapshots.published(tmp_path) is None
    (folder / snapshots.POINTER).write_text(json.dumps({"snapshot": "../../elsewhere", "marker": ""}))
    assert snapshots.read_pointer(tmp_path) is None


def test_a_store_without_snapshots_is_published_when_read_and_read_live_while_a_load_holds_it(
        examples_copy, run_cli, describe_result):
    import shutil

    shutil.rmtree(examples_copy / snapshots.FOLDER)  # as an older newsgraph left it
    writer = GraphStore(examples_copy, base=BASE)
    try:
        held = run_cli(["stats", "--json", "--store", examples_copy, "--base-iri", BASE])
    finally:
        del writer
        gc.collect()
    assert held.exit_code == 0, describe_result(held)
    assert "warning" in held.stderr and "half done" in held.stderr
    assert snapshots.published(examples_copy) is None
    free = run_cli(["stats", "--json", "--store", examples_copy, "--base-iri", BASE])
    assert free.exit_code == 0, describe_result(free)
    assert snapshots.published(examples_copy) is not None
    assert json.loads(free.stdout)["articles"] == json.loads(held.stdout)["articles"]


# -- where a store may be made ---------------------------------------------------------------------

def test_load_refuses_a_folder_that_holds_other_files(write_article, tmp_path, run_cli):
    article = write_article("a.txt", "Harbour Council Approves New Ferry Line")
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "thesis.tex").write_text("precious", encoding="utf-8")
    result = run_cli(["load", article, "--store", folder, "-q"])
    assert result.exit_code != 0
    assert "holds other files" in result.output and str(folder) in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.tex"]
    with pytest.raises(StoreError, match="holds other files"):
        GraphStore(folder, base=BASE)


def test_load_takes_an_empty_folder_and_a_store_its_first_load_left_before_committing(write_article, tmp_path,
                                                                                     run_cli, describe_result):
    article = write_article("a.txt", "Harbour Council Approves New Ferry Line")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run_cli(["load", article, "--store", empty, "-q"]).exit_code == 0
    assert snapshots.published(empty) is not None
    stopped = tmp_path / "stopped"
    raw = ox.Store(str(stopped))                   # the engine's files, no commit of ours yet
    del raw
    gc.collect()
    result = run_cli(["load", article, "--store", stopped, "-q"])
    assert result.exit_code == 0, describe_result(result)


# -- what the web service tells its clients ---------------------------------------------------------

@pytest.mark.parametrize("kind", ["missing", "not a store"])
def test_no_http_error_names_the_store_path(tmp_path, kind):
    from newsgraph.service.app import create_app

    path = tmp_path / "secret-location" / "store"
    if kind == "not a store":
        path.mkdir(parents=True)
        (path / "CURRENT").write_text("garbage\n", encoding="utf-8")
    app = create_app({"STORE_PATH": str(path), "BASE_IRI": BASE, "QUERY_WORKERS": 1, "QUERY_TIMEOUT": 20})
    client = app.test_client()
    try:
        for url in ("/sparql?query=ASK%20%7B%7D", "/dump", "/.well-known/void", "/queries/articles",
                    "/queries/articles.json", f"/id/person/{'0' * 16}"):
            response = client.get(url)
            body = response.get_data(as_text=True)
            assert response.status_code >= 400, url
            assert "secret-location" not in body and str(tmp_path) not in body, f"{url}: {body}"
    finally:
        app.extensions["newsgraph"].close()


def test_a_load_stopped_by_ctrl_c_publishes_what_it_committed_with_its_derived_graph(write_article, tmp_path):
    from newsgraph.loader.load import load_paths

    folder = tmp_path / "in"
    for n, title in enumerate(("Harbour Council Approves New Ferry Line", "Mayor Opens New Bridge Over The River",
                               "Island Schools Receive New Computers")):
        write_article(f"{n}.txt", title, folder=folder)

    def stopped_after_two(items):
        for n, item in enumerate(items):
            if n == 2:
                raise KeyboardInterrupt
            yield item

    path = tmp_path / "store"
    store = GraphStore(path, base=BASE)
    with pytest.raises(KeyboardInterrupt):
        load_paths([str(folder)], store, progress=stopped_after_two, batch_size=1)
    del store
    gc.collect()
    state = store_state(path)
    assert len(state[0]) == 2 and consistent(state)
    assert snapshots.published(path).marker == snapshots.live_marker(path)
