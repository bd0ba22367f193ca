"""Precomputed answers (newsgraph.queries.precomputed): the loader writes each canned query's
default answer after a load; the web service sends it while the store has not changed since,
and runs the query whenever a parameter differs or the store changed."""
from __future__ import annotations

import gc
import json
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import PARAGRAPHS, english_text
from service_fixtures import build_store, copy_store, term_key
from newsgraph.loader import settings
from newsgraph.loader.derive import derived_is_current
from newsgraph.loader.precompute import precompute, publish
from newsgraph.queries import precomputed
from newsgraph.queries.catalog import catalog, parse_query

BASE = "https://w3id.org/newsgraph/data/"
PARTITION_MIN_ARTICLES = settings.value("partition_min_articles")
ARTICLES_PER_PART = settings.value("articles_per_part")


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory) -> Path:
    """The examples' store (too small for the load to precompute) with its answers computed,
    the grouped listings in parts as on a large store (a load of these articles computes them
    whole: tests below compare both with the live answers)."""
    from newsgraph.loader.store import GraphStore

    path = copy_store(build_store(), tmp_path_factory.mktemp("precomputed") / "store")
    store = GraphStore(path, base=BASE)
    assert precompute(store, parts=16)
    del store
    gc.collect()
    return path


@pytest.fixture
def own_store(examples_store, tmp_path) -> Path:
    return copy_store(examples_store, tmp_path / "store")


def solution_rows(store: ox.Store, sparql: str, subs: dict) -> tuple[list[str], list[list]]:
    solutions = store.query(sparql, substitutions=subs, use_default_graph_as_union=True)
    columns = [v.value for v in solutions.variables]
    return columns, [[term_key(s[i]) for i in range(len(columns))] for s in solutions]


def live_rows(path: Path, name: str) -> tuple[list[str], list[list]]:
    query = catalog()[name]
    return solution_rows(ox.Store.read_only(str(path)), query.text(BASE), query.substitutions({}))


def keys(rows: list[list]) -> list[list]:
    return [[term_key(t) for t in row] for row in rows]


def files(path: Path) -> list[str]:
    return sorted(p.name for p in (path / precomputed.FOLDER).iterdir())


def test_every_query_without_a_required_parameter_gets_one_answer_file(examples_store):
    names = [f.split(".")[0] for f in files(examples_store)]
    eligible = sorted(n for n, q in catalog().items() if precomputed.eligible(q))
    assert names == eligible                       # one file per query, for the present state only
    assert "meetings" in names and "holders-on" not in names   # holders-on needs a date


@pytest.mark.parametrize("name", sorted(n for n, q in catalog().items() if precomputed.eligible(q)))
def test_a_precomputed_answer_is_the_live_answer(examples_store, name):
    answer = precomputed.read(examples_store, catalog()[name], BASE, None)
    assert answer is not None and not answer.truncated
    columns, rows = live_rows(examples_store, name)
    assert answer.columns == columns
    assert keys(answer.rows) == rows


@pytest.mark.parametrize("name", sorted(n for n, q in catalog().items() if precomputed.eligible(q) and q.partitioned))
def test_any_number_of_parts_gives_the_live_answer(examples_store, name):
    """However many parts a grouped listing is computed in (more on a larger store), the parts'
    rows together are the live answer, each row once."""
    query = catalog()[name]
    store = ox.Store.read_only(str(examples_store))
    subs = query.substitutions({})
    whole = sorted(map(tuple, live_rows(examples_store, name)[1]))
    assert whole
    for count in (2, 256):
        rows = [tuple(row) for text in query.parts(BASE, count) for row in solution_rows(store, text, subs)[1]]
        assert sorted(rows) == whole


@pytest.mark.parametrize("articles, parts", [(0, 1), (PARTITION_MIN_ARTICLES - 1, 1),
                                             (PARTITION_MIN_ARTICLES, 16), (16 * ARTICLES_PER_PART, 16),
                                             (16 * ARTICLES_PER_PART + 1, 32),
                                             (64 * ARTICLES_PER_PART, 64), (10 ** 9, 256)])
def test_a_larger_store_is_computed_in_more_parts(articles, parts):
    """Parts hold about as many groups at every size: one per articles_per_part articles,
    16 at least (from partition_min_articles on) and 256 at most (the buckets there are)."""
    assert precomputed.part_count(articles) == parts


def test_a_row_limit_cuts_the_answer_and_says_so(examples_store):
    full = precomputed.read(examples_store, catalog()["meetings"], BASE, None)
    assert len(full.rows) > 3
    cut = precomputed.read(examples_store, catalog()["meetings"], BASE, 3)
    assert cut.truncated and keys(cut.rows) == keys(full.rows[:3])


def test_another_base_or_a_changed_query_finds_no_answer(examples_store):
    query = catalog()["meetings"]
    assert precomputed.read(examples_store, query, "https://example.org/other/", None) is None
    edited = parse_query("meetings", query.sparql.replace("ORDER BY", "# reordered\nORDER BY"))
    assert precomputed.read(examples_store, edited, BASE, None) is None


def test_answers_follow_the_published_state_not_each_commit(own_store):
    """Readers see the last published state, so its answers serve until the next publish;
    the answers of a newer commit are computed beside them and replace them when published."""
    from newsgraph.loader.store import GraphStore

    query = catalog()["meetings"]
    before = files(own_store)
    published = precomputed.read(own_store, query, BASE, None)
    store = GraphStore(own_store, base=BASE)
    store.mark_changed()                           # what every commit does after writing
    assert keys(precomputed.read(own_store, query, BASE, None).rows) == keys(published.rows)
    timings = precompute(store)
    assert sorted(timings) == sorted(f.split(".")[0] for f in before)
    assert set(before) < set(files(own_store))     # the published state's answers stay meanwhile
    assert precompute(store) == {}        # nothing changed since: nothing recomputed
    publish(store)
    after = files(own_store)
    assert len(after) == len(before) and not set(after) & set(before)   # the old state's files are gone
    del store
    gc.collect()
    assert keys(precomputed.read(own_store, query, BASE, None).rows) == live_rows(own_store, "meetings")[1]


def test_a_damaged_or_missing_file_means_the_query_runs(own_store):
    from newsgraph.loader.store import GraphStore

    query = catalog()["statements"]
    path = precomputed.file_for(own_store, query, BASE, precomputed.marker(own_store))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert precomputed.read(own_store, query, BASE, None) is None
    path.unlink()
    assert precomputed.read(own_store, query, BASE, None) is None
    (own_store / precomputed.CHANGE_MARKER).unlink()
    store = GraphStore(own_store, base=BASE)
    publish(store)                                # a state published without a marker
    del store
    gc.collect()
    assert precomputed.read(own_store, catalog()["meetings"], BASE, None) is None


def test_a_load_that_adds_an_article_updates_the_answers(own_store, tmp_path):
    from newsgraph.loader.load import load_paths
    from newsgraph.loader.nlp import get_pipeline
    from newsgraph.loader.store import GraphStore

    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "visit.txt").write_text(english_text(
        "Valdis Ozolins meets Kestutis Baranauskas",
        paragraphs=("VILNIUS, March 3, 2024 - Latvian Defence Minister Valdis Ozolins met Lithuanian "
                    "Defence Minister Kestutis Baranauskas in Vilnius on Sunday to discuss air defence.",
                    *PARAGRAPHS)), encoding="utf-8")
    store = GraphStore(own_store, base=BASE)
    report = load_paths([str(folder)], store, nlp=get_pipeline(), precompute_min_articles=0)
    assert report.loaded and "meetings" in report.precomputed and report.derived_quads > 0
    assert derived_is_current(store)
    assert any(line.startswith("precomputed the default answers") for line in report.summary_lines())
    again = load_paths([str(folder)], store, nlp=get_pipeline(), precompute_min_articles=0)
    assert again.unchanged and again.precomputed == {}   # an unchanged reload leaves them be
    store.flush()
    del store
    gc.collect()
    answer = precomputed.read(own_store, catalog()["meetings"], BASE, None)
    assert any("Ozolins" in (row[2].value if row[2] is not None else "") for row in answer.rows)
    assert keys(answer.rows) == live_rows(own_store, "meetings")[1]


# -- the web service ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(examples_store):
    from newsgraph.service.app import create_app

    app = create_app({"STORE_PATH": str(examples_store), "BASE_IRI": BASE, "QUERY_WORKERS": 1})
    yield app.test_client()
    app.extensions["newsgraph"].close()


def test_the_default_listing_is_sent_from_the_precomputed_answer(client, examples_store):
    response = client.get("/queries/meetings.json")
    assert response.status_code == 200
    assert response.headers["X-Newsgraph-Precomputed"] == "true"
    answer = precomputed.read(examples_store, catalog()["meetings"], BASE, None)
    assert len(response.get_json()["rows"]) == len(answer.rows)
    html = client.get("/queries/meetings")
    assert html.headers["X-Newsgraph-Precomputed"] == "true"
    page = html.get_data(as_text=True)
    assert 'id="precomputed"' in page
    written = precomputed.file_for(examples_store, catalog()["meetings"], BASE, precomputed.marker(examples_store))
    stamp = datetime.fromtimestamp(written.stat().st_mtime, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    assert f"precomputed by the last load ({stamp})" in page


def test_parameters_equal_to_the_defaults_also_use_it_and_others_run_the_query(client):
    same = client.get("/queries/tenures.json?country=China&role=defence_minister")
    assert same.headers["X-Newsgraph-Precomputed"] == "true"
    assert same.get_json() == client.get("/queries/tenures.json").get_json()
    other = client.get("/queries/tenures.json?country=Russia")
    assert other.status_code == 200 and other.headers["X-Newsgraph-Precomputed"] == "false"
    filtered = client.get("/queries/meetings.json?kind=phone_call")
    assert filtered.headers["X-Newsgraph-Precomputed"] == "false"
    assert 'id="precomputed"' not in client.get("/queries/meetings?kind=phone_call").get_data(as_text=True)


def test_a_store_below_the_threshold_keeps_no_answers(own_store, tmp_path):
    from newsgraph.loader.load import load_paths
    from newsgraph.loader.nlp import get_pipeline
    from newsgraph.loader.store import GraphStore

    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "call.txt").write_text(english_text(
        "Phone call", paragraphs=("Estonian Defence Minister Hanno Pevkur held a phone call with "
                                  "Finnish Defence Minister Antti Hakkanen on Monday.", *PARAGRAPHS)), encoding="utf-8")
    store = GraphStore(own_store, base=BASE)
    assert len(store.article_ids()) < settings.value("precompute_min_articles")
    report = load_paths([str(folder)], store, nlp=get_pipeline())
    assert report.loaded and report.precomputed == {}
    assert files(own_store) == []                  # the older state's answers are removed too


@pytest.mark.parametrize("large", [False, True])
def test_removing_articles_refreshes_the_answers(own_store, monkeypatch, large):
    from click.testing import CliRunner
    from newsgraph.loader.cli import main
    from newsgraph.loader.store import GraphStore

    if large:  # as if the store were above the threshold
        monkeypatch.setenv("NEWSGRAPH_PRECOMPUTE_MIN_ARTICLES", "1")
    store = GraphStore(own_store, base=BASE)
    victim = store.article_ids()[0]
    del store
    gc.collect()
    before = files(own_store)
    articles = len(precomputed.read(own_store, catalog()["articles"], BASE, None).rows)
    result = CliRunner().invoke(main, ["remove", victim, "--store", str(own_store), "--base-iri", BASE])
    gc.collect()
    assert result.exit_code == 0, result.output
    if large:
        assert len(files(own_store)) == len(before) and not set(files(own_store)) & set(before)
        answer = precomputed.read(own_store, catalog()["articles"], BASE, None)
        assert len(answer.rows) == articles - 1
        assert not any(victim in str(cell) for row in answer.rows for cell in row)
    else:  # below the threshold the old state's answers go and none are written
        assert files(own_store) == []
        assert precomputed.read(own_store, catalog()["meetings"], BASE, None) is None


def test_the_query_command_prints_the_precomputed_answer_for_the_defaults(own_store):
    from click.testing import CliRunner
    from newsgraph.loader.cli import main

    def cli(*args):
        result = CliRunner().invoke(main, ["query", *args, "--store", str(own_store), "--base-iri", BASE,
                                           "--format", "json"])
        gc.collect()
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    live = cli("meetings", "-p", "kind=")      # an empty value is the default: the same answer
    columns, rows = live_rows(own_store, "meetings")
    assert live["columns"] == columns and len(live["rows"]) == len(rows) > 0
    # plant another valid answer under the file's name: the command must print what it holds
    path = precomputed.file_for(own_store, catalog()["meetings"], BASE, precomputed.marker(own_store))
    path.write_text(json.dumps({"head": {"vars": ["meeting"]}, "results": {"bindings": [
        {"meeting": {"type": "literal", "value": "planted"}}]}}), encoding="utf-8")
    assert cli("meetings")["rows"] == [["planted"]]
    assert cli("meetings", "-p", "kind=visit")["rows"] != [["planted"]]   # a filter runs the query


def test_a_folder_that_cannot_be_written_costs_the_answers_not_the_load(own_store, capsys):
    from newsgraph.loader.store import GraphStore

    folder = own_store / precomputed.FOLDER
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()
    folder.write_text("a file where the folder should be", encoding="utf-8")
    store = GraphStore(own_store, base=BASE)
    store.mark_changed()
    assert precompute(store) == {}
    assert "could not write the precomputed answers" in capsys.readouterr().err
    del store
    gc.collect()
    assert precomputed.read(own_store, catalog()["meetings"], BASE, None) is None
