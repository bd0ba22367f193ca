"""The store: one named graph per article, all-or-nothing loads, idempotence, stable IRIs, remove, base IRI."""
from __future__ import annotations

import json
import re
import shutil

import pyoxigraph as ox

from newsgraph.ontology.terms import DEFAULT_BASE
import pytest
from conftest import ONTOLOGY_GRAPH, english_text

from newsgraph.loader import settings
from newsgraph.loader.store import GraphStore
from newsgraph.ontology import terms

TITLES = ("Harbour Council Approves New Ferry Line", "Mayor Opens New Bridge Over The River",
          "Island Schools Receive New Computers")


@pytest.fixture
def three_articles(write_article, tmp_path):
    folder = tmp_path / "three"
    return [write_article(f"{c}.txt", title, folder=folder) for c, title in zip("abc", TITLES)]


def load(run_cli, *args):
    return run_cli(["load", *args, "-q"])


# --------------------------------------------------------------------------------------------
# Layout
# --------------------------------------------------------------------------------------------

def test_one_named_graph_per_article_holding_all_of_it(three_articles, run_cli, store_path, view, describe_result):
    result = load(run_cli, three_articles[0].parent, "--store", store_path)
    assert result.exit_code == 0, describe_result(result)
    articles = view.articles(store_path)
    assert sorted(a["source"] for a in articles) == ["a.txt", "b.txt", "c.txt"]
    graphs = {a["graph"] for a in articles}
    assert len(graphs) == 3
    # besides the articles' graphs: the ontology and the derived graph (recomputed across articles)
    assert view.graphs(store_path) - {ONTOLOGY_GRAPH, DEFAULT_BASE + "graph/derived"} == graphs
    store = ox.Store.read_only(str(store_path))
    try:
        for a in articles:
            node = ox.NamedNode(a["iri"])
            homes = {q.graph_name.value for q in store.quads_for_pattern(node, None, None, None)}
            assert homes == {a["graph"]}, f"{a['source']}: its statements are spread over {homes}"
            assert a["checksum"] and re.fullmatch(r"sha256:[0-9a-f]{64}", a["checksum"])
    finally:
        del store


def test_store_location_comes_from_NEWSGRAPH_STORE(three_articles, run_cli, tmp_path, monkeypatch, view):
    target = tmp_path / "from-env"
    monkeypatch.setenv("NEWSGRAPH_STORE", str(target))
    result = load(run_cli, three_articles[0])
    assert result.exit_code == 0, result.output
    assert [a["source"] for a in view.articles(target)] == ["a.txt"]


# --------------------------------------------------------------------------------------------
# Loading again
# --------------------------------------------------------------------------------------------

def test_loading_the_same_input_twice_changes_nothing(three_articles, run_cli, store_path, view):
    folder = three_articles[0].parent
    assert load(run_cli, folder, "--store", store_path).exit_code == 0
    before = view.quads(store_path)
    iris = {a["iri"] for a in view.articles(store_path)}

    result = load(run_cli, folder, "--store", store_path)

    assert result.exit_code == 0, result.output
    assert re.search(r"^loaded 0\b", result.output, re.M), result.output
    assert re.search(rf"^unchanged {len(three_articles)}\b", result.output, re.M), result.output
    assert view.quads(store_path) == before
    assert {a["iri"] for a in view.articles(store_path)} == iris


def test_the_same_text_twice_in_one_run_is_one_article(write_article, tmp_path, run_cli, store_path, view):
    a = write_article("a.txt", TITLES[0], folder=tmp_path / "dup")
    shutil.copy(a, a.with_name("copy-of-a.txt"))
    result = load(run_cli, a.parent, "--store", store_path)
    assert result.exit_code == 0, result.output
    assert len(view.articles(store_path)) == 1
    assert re.search(r"^skipped 1\b", result.output, re.M), result.output


def test_iris_are_the_same_in_another_store_from_another_folder(write_article, tmp_path, run_cli, view):
    """Stable across runs and machines: IRIs depend on the text, not on where it lies or what ran before."""
    first = [write_article(f"{c}.txt", t, folder=tmp_path / "machine1" / "news") for c, t in zip("abc", TITLES)]
    second_dir = tmp_path / "elsewhere" / "deeper" / "copy"
    second_dir.mkdir(parents=True)
    for path in reversed(first):  # copied in another order, loaded one by one in another order
        shutil.copy(path, second_dir / path.name)

    s1, s2 = tmp_path / "store1", tmp_path / "store2"
    assert load(run_cli, first[0].parent, "--store", s1).exit_code == 0
    for name in ("c.txt", "a.txt", "b.txt"):
        assert load(run_cli, second_dir / name, "--store", s2).exit_code == 0

    assert {a["iri"] for a in view.articles(s1)} == {a["iri"] for a in view.articles(s2)}
    assert view.article_quads(s1) == view.article_quads(s2)


def test_changed_sidecar_replaces_the_article_without_duplicates(write_article, run_cli, store_path, view):
    path = write_article("a.txt", TITLES[0], meta={"outlet": "Coastal Ledger", "published": "2022-05"})
    assert load(run_cli, path, "--store", store_path).exit_code == 0
    [old] = view.articles(store_path)

    path.with_name("a.meta.json").write_text(json.dumps({"outlet": "Island Courier", "published": "2022-05-17"}),
                                             encoding="utf-8")
    result = load(run_cli, path, "--store", store_path)

    assert result.exit_code == 0, result.output
    assert re.search(r"^loaded 1\b.*replac", result.output, re.M), result.output
    [new] = view.articles(store_path)
    assert new["iri"] == old["iri"] and new["graph"] == old["graph"]
    assert new["outlet"] == "Island Courier"
    assert new["published"][0] == "2022-05-17"
    literals = [value for _, value in view.literals_in_article_graphs(store_path)]
    assert "Coastal Ledger" not in literals
    assert "2022-05" not in literals


# --------------------------------------------------------------------------------------------
# All or nothing
# --------------------------------------------------------------------------------------------

def fail_halfway_for(source_name: str, monkeypatch):
    """Make every real store commit that holds one article fail after half of its data went in.
    The loader commits several articles at once, then retries each alone after a failure."""
    original = GraphStore.put_articles
    calls = []

    def put_articles(self, articles):
        targets = [i for i, data, _ in articles if f'"{source_name}"'.encode() in data]
        calls.extend((i, i in targets) for i, _, _ in articles)
        if not targets:
            return original(self, articles)
        # the articles' N-Quads, cut in the middle of the target's and ending in a syntax error:
        # the store must reject the commit after having parsed part of it
        cut = []
        for i, data, replace in articles:
            if i in targets:
                lines = data.splitlines(keepends=True)
                data = b"".join(lines[: len(lines) // 2]) + b"<broken"
            cut.append((i, data, replace))
        return original(self, cut)

    monkeypatch.setattr(GraphStore, "put_articles", put_articles)
    return calls


def test_failure_during_the_store_write_leaves_nothing_of_that_article(three_articles, run_cli, store_path, view,
                                                                      monkeypatch):
    calls = fail_halfway_for("b.txt", monkeypatch)
    result = load(run_cli, three_articles[0].parent, "--store", store_path)

    assert any(target for _, target in calls), "the injected failure never ran"
    assert result.exit_code == 1
    assert re.search(r"^failed 1\b", result.output, re.M), result.output
    assert any("b.txt" in line for line in result.output.splitlines() if "failed" in line), result.output
    assert sorted(a["source"] for a in view.articles(store_path)) == ["a.txt", "c.txt"]
    [failed_id] = {aid for aid, target in calls if target}
    leftovers = [q for q in view.quads(store_path) if failed_id in q]
    assert leftovers == []


def article_nquads(graph: str, n: int) -> bytes:
    return b"".join(f'<http://example.org/s{k}> <http://example.org/p> "{graph} {k}" <{graph}> .\n'.encode()
                    for k in range(n))


@pytest.mark.parametrize("quads_per_article", [3, 40_000, 50_000])
def test_a_commit_of_several_articles_broken_halfway_leaves_none_of_them(tmp_path, quads_per_article):
    """The writer commits several articles at once (a bulk ingestion); a commit that fails
    after part of its data was read must leave no quad of any of its articles. Two articles of
    50,000 quads make a commit as large as the writer's largest (`Writer.max_quads`)."""
    store = GraphStore(tmp_path / "store")
    first = article_nquads("http://example.org/g1", quads_per_article)
    second = article_nquads("http://example.org/g2", quads_per_article)
    broken = second[: len(second) // 2] + b"<http://example.org/cut"
    with pytest.raises((SyntaxError, ValueError, OSError)):
        store.put_articles([("g1", first, False), ("g2", broken, False)])
    assert len(store.raw) == 0
    store.put_articles([("g1", first, False), ("g2", second, False)])
    assert len(store.raw) == 2 * quads_per_article


class RecordingStore:
    """What the writer needs of a store, recording each commit as (ids, replaces flags)."""

    def __init__(self):
        self.commits = []

    def ensure_ontology(self):
        pass

    def put_articles(self, articles):
        self.commits.append(([i for i, _, _ in articles], [r for _, _, r in articles]))


def test_the_writer_commits_replacements_apart_and_in_smaller_commits():
    """New articles are bulk-ingested in large commits; an article replacing a stored version
    goes through a SPARQL update that holds its data in memory, so replacements are committed
    on their own and in commits of at most `max_update_quads` (unless one article is larger)."""
    from newsgraph.loader.load import LoadReport, Outcome, Writer

    store, report = RecordingStore(), LoadReport()
    writer = Writer(store, report, max_articles=1000, max_quads=10_000, max_update_quads=300)
    plan = [(f"n{k}", False) for k in range(5)] + [(f"r{k}", True) for k in range(7)] + [("n5", False)]
    for article_id, replaces in plan:
        writer.add(Outcome(f"{article_id}.txt", article_id, b"", 100), f"{article_id}.txt", replaces)
    writer.commit()

    assert [ids for ids, _ in store.commits] == [["n0", "n1", "n2", "n3", "n4"], ["r0", "r1", "r2"],
                                                 ["r3", "r4", "r5"], ["r6"], ["n5"]]
    assert all(len(set(flags)) == 1 for _, flags in store.commits)
    assert (report.loaded, report.replaced) == (6, 7)
    assert report.quads_written == 1300


def test_the_writers_commits_grow_with_the_run_up_to_its_limit():
    """Commits start small and grow to a quarter of what is committed, so the last commit (after
    the workers are done) stays a small part of a run, and large runs commit rarely."""
    from newsgraph.loader.load import LoadReport, Outcome, Writer

    store = RecordingStore()
    writer = Writer(store, LoadReport(), max_articles=8, min_articles=2)
    for k in range(60):
        writer.add(Outcome(f"{k}.txt", f"a{k}", b"", 1), f"{k}.txt", False)
    writer.commit()

    assert [len(ids) for ids, _ in store.commits] == [2, 2, 2, 2, 2, 2, 3, 3, 4, 5, 6, 8, 8, 8, 3]


def test_reopening_the_store_engine_keeps_its_data_its_writes_and_its_lock(tmp_path):
    """The loader reopens the store engine before its last steps (to hand back the memory the
    engine gathered while writing): what was committed is there, writes go on, and no other
    writer can open the store meanwhile."""
    from newsgraph.loader.store import StoreError

    store = GraphStore(tmp_path / "store")
    graph = ox.NamedNode(DEFAULT_BASE + "graph/test")
    first = ox.Quad(ox.NamedNode(DEFAULT_BASE + "a"), ox.NamedNode(DEFAULT_BASE + "p"), ox.Literal("one"), graph)
    store.raw.add(first)
    store.flush()
    store.reopen()
    assert list(store.raw) == [first]
    store.raw.add(ox.Quad(first.subject, first.predicate, ox.Literal("two"), graph))
    assert len(store.raw) == 2
    with pytest.raises(StoreError, match="in use by another process"):
        GraphStore(tmp_path / "store")


def test_failure_while_replacing_keeps_the_old_version_whole(write_article, run_cli, store_path, view, monkeypatch):
    path = write_article("b.txt", TITLES[1], meta={"outlet": "Coastal Ledger"})
    assert load(run_cli, path, "--store", store_path).exit_code == 0
    before = view.quads(store_path)
    path.with_name("b.meta.json").write_text(json.dumps({"outlet": "Island Courier"}), encoding="utf-8")

    fail_halfway_for("b.txt", monkeypatch)
    result = load(run_cli, path, "--store", store_path)

    assert result.exit_code == 1
    assert view.quads(store_path) == before


def test_an_article_that_fails_before_the_write_is_not_stored(write_article, run_cli, store_path, view):
    path = write_article("a.txt", TITLES[0], meta={"url": "not a url"})
    result = load(run_cli, path, "--store", store_path)
    assert result.exit_code == 1
    assert "a.txt" in result.output and re.search(r"(?i)url", result.output)
    assert view.articles(store_path) == []


# --------------------------------------------------------------------------------------------
# Remove
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", ["name", "path", "id", "id-prefix", "iri"])
def test_remove_takes_the_article_out(key, three_articles, run_cli, store_path, view, describe_result):
    assert load(run_cli, three_articles[0].parent, "--store", store_path).exit_code == 0
    target = view.by_source(store_path)["b.txt"]
    article_id = target["iri"].rsplit("/", 1)[-1]
    arg = {"name": "b.txt", "path": str(three_articles[1]), "id": article_id, "id-prefix": article_id[:8],
           "iri": target["iri"]}[key]
    others = {s: a for s, a in view.by_source(store_path).items() if s != "b.txt"}
    before = view.quads(store_path)

    result = run_cli(["remove", arg, "--store", store_path])

    assert result.exit_code == 0, describe_result(result)
    assert "removed 1" in result.output
    after = view.quads(store_path)
    assert not any(target["graph"] in q or target["iri"] in q for q in after)
    assert view.by_source(store_path) == others
    # only that article's graph went (the derived graph is recomputed from what is left)
    assert all(q in before for q in after if DEFAULT_BASE + "graph/derived" not in q)
    listing = run_cli(["query", "articles", "--format", "csv", "--store", store_path])
    assert "b.txt" not in listing.output and target["iri"] not in listing.output
    assert "a.txt" in listing.output


def test_remove_one_line_of_a_feed_or_the_whole_feed(tmp_path, run_cli, store_path, view):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": english_text(t)}) for t in TITLES) + "\n", encoding="utf-8")
    assert load(run_cli, feed, "--store", store_path).exit_code == 0

    assert run_cli(["remove", "feed.jsonl#2", "--store", store_path]).exit_code == 0
    assert sorted(view.by_source(store_path)) == ["feed.jsonl#1", "feed.jsonl#3"]

    assert run_cli(["remove", "feed.jsonl", "--store", store_path]).exit_code == 0
    assert view.articles(store_path) == []


def test_remove_of_an_unknown_article_fails_clearly_and_changes_nothing(three_articles, run_cli, store_path, view):
    assert load(run_cli, three_articles[0], "--store", store_path).exit_code == 0
    before = view.quads(store_path)
    result = run_cli(["remove", "never-loaded.txt", "--store", store_path])
    assert result.exit_code != 0
    assert "never-loaded.txt" in result.output
    assert view.quads(store_path) == before


def test_removed_article_can_be_loaded_again(three_articles, run_cli, store_path, view):
    assert load(run_cli, three_articles[0], "--store", store_path).exit_code == 0
    before = view.quads(store_path)
    assert run_cli(["remove", "a.txt", "--store", store_path]).exit_code == 0
    result = load(run_cli, three_articles[0], "--store", store_path)
    assert re.search(r"^loaded 1\b", result.output, re.M), result.output
    assert view.quads(store_path) == before


# --------------------------------------------------------------------------------------------
# Base IRI
# --------------------------------------------------------------------------------------------

def data_iris(view, path) -> set[str]:
    """Every IRI in subject or graph position outside the ontology graph."""
    iris = set()
    store = ox.Store.read_only(str(path))
    try:
        for q in store:
            if q.graph_name.value == ONTOLOGY_GRAPH:
                continue
            iris.add(q.graph_name.value)
            if isinstance(q.subject, ox.NamedNode):
                iris.add(q.subject.value)
    finally:
        del store
    return iris


@pytest.mark.parametrize("how", ["option", "env"])
def test_base_iri_can_be_set_and_every_data_iri_uses_it(how, three_articles, run_cli, store_path, view, monkeypatch):
    base = "https://news.example.org/kg/"
    args = ["--store", store_path]
    if how == "option":
        args += ["--base-iri", base.rstrip("/")]  # a missing final slash is added
    else:
        monkeypatch.setenv("NEWSGRAPH_BASE_IRI", base)
    result = load(run_cli, three_articles[0].parent, *args)
    assert result.exit_code == 0, result.output

    iris = data_iris(view, store_path)
    assert iris
    assert all(iri.startswith(base) for iri in iris), sorted(i for i in iris if not i.startswith(base))
    assert {a["iri"] for a in view.articles(store_path)} <= iris

    remove_args = ["remove", "a.txt", "--store", store_path] + (["--base-iri", base] if how == "option" else [])
    assert run_cli(remove_args).exit_code == 0
    assert sorted(view.by_source(store_path)) == ["b.txt", "c.txt"]


def test_same_article_under_two_bases_differs_only_in_the_base(three_articles, run_cli, tmp_path, view):
    s1, s2 = tmp_path / "s1", tmp_path / "s2"
    b1, b2 = "https://one.example.org/", "http://two.example.net/data/"
    assert load(run_cli, three_articles[0], "--store", s1, "--base-iri", b1).exit_code == 0
    assert load(run_cli, three_articles[0], "--store", s2, "--base-iri", b2).exit_code == 0
    assert {q.replace(b1, b2) for q in view.article_quads(s1)} == set(view.article_quads(s2))


@pytest.mark.parametrize("bad", ["example.org/news/", "ftp://example.org/", "urn:x:"])
def test_bad_base_iri_fails_clearly_without_creating_a_store(bad, three_articles, run_cli, store_path):
    result = load(run_cli, three_articles[0], "--store", store_path, "--base-iri", bad)
    assert result.exit_code != 0
    assert bad in result.output
    assert "Traceback" not in result.output
    assert not store_path.exists()


@pytest.mark.parametrize("atomic_max", [100_000, 3])
def test_a_graph_is_updated_by_its_difference(tmp_path, atomic_max):
    """The derived graph is rewritten by difference: only changed triples are written, at once
    when the change is small (additions alone as a bulk ingestion, others as an update) and in
    steps when it is large; the result is the same."""
    with settings.override(atomic_delta_max=atomic_max, delta_chunk=min(atomic_max, 4),
                           delete_chunk=min(atomic_max, 2), update_flush_quads=min(atomic_max, 4)):
        store = GraphStore(tmp_path / "store")
        graph = ox.NamedNode("http://example.org/derived")
        first = {f'<http://example.org/s{k}> <http://example.org/p> "{k}"' for k in range(10)}
        assert store.update_graph(graph, first) == 10
        assert store.graph_triples(graph) == first
        assert store.update_graph(graph, first) == 0  # nothing changed, nothing written
        second = (first - {'<http://example.org/s0> <http://example.org/p> "0"'}) | {
            '<http://example.org/s0> <http://example.org/p> "zero"@en',
            '<http://example.org/s0> <http://example.org/q> "2"^^<http://www.w3.org/2001/XMLSchema#integer>'}
        assert store.update_graph(graph, second) == 3
        assert store.graph_triples(graph) == second
        assert len(store.raw) == len(second)
        every = {f'<http://example.org/s{k}> <http://example.org/p> "{k}"@en' for k in range(10)}
        assert store.update_graph(graph, every) == 10 + len(second)  # every triple replaced
        assert store.graph_triples(graph) == every and len(store.raw) == 10


def test_a_graph_update_writes_each_triple_once_and_keeps_text_exactly(tmp_path):
    """The comparison goes by digests of the text; what is written is the text itself, once,
    with language tags, datatypes and escaped line breaks intact."""
    from newsgraph.loader.triple_spool import TripleSpool

    store = GraphStore(tmp_path / "store")
    graph = ox.NamedNode("http://example.org/derived")
    triples = ['<http://example.org/s> <http://example.org/p> "line one\\nline two"@en',
               '<http://example.org/s> <http://example.org/p> "2024-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>',
               '<http://example.org/s> <http://example.org/q> <http://example.org/o>']
    spool = TripleSpool.of(triples + triples[:2])  # a derivation may emit a triple twice
    assert len(spool) == 5 and spool.distinct_count() == 3
    assert store.update_graph(graph, spool) == 3
    assert store.graph_triples(graph) == set(triples)
    assert len(store.raw) == 3
    assert store.update_graph(graph, triples[1:]) == 1
    assert store.graph_triples(graph) == set(triples[1:])


def test_a_load_that_adds_much_compacts_the_store_and_a_small_addition_does_not(write_article, tmp_path, monkeypatch):
    """Bulk loads leave many small files that slow every lookup until they are merged: a run
    that writes a good share of the store compacts it; adding a few articles to many does not
    rewrite the whole store."""
    from newsgraph.loader.load import load_paths

    from newsgraph.loader import finish

    calls = []
    monkeypatch.setattr(GraphStore, "optimize", lambda self: calls.append("compact"))
    real_rebuild = finish.rebuild
    monkeypatch.setattr(finish, "rebuild", lambda store: calls.append("derive") or real_rebuild(store))
    folder = tmp_path / "many"
    for n in range(12):
        write_article(f"a{n:02}.txt", f"Harbour Council Story Number {n}", folder=folder)
    store = GraphStore(tmp_path / "store")
    report = load_paths([str(folder)], store)
    # the streamed files are merged before the derivation reads them, and its own after it
    assert report.loaded == 12 and report.compacted and calls == ["compact", "derive", "compact"]
    calls.clear()
    assert any(line.startswith("store compacted") for line in report.summary_lines())
    one_more = write_article("late.txt", "Island Schools Receive New Computers", folder=tmp_path / "late")
    report = load_paths([str(one_more)], store)  # 1 article added to 12: under a tenth
    assert report.loaded == 1 and not report.compacted and calls == ["derive"]
    assert not any(line.startswith("store compacted") for line in report.summary_lines())
    assert load_paths([str(folder)], store).compacted is False  # nothing new, nothing to compact


def test_a_graph_write_cut_short_never_says_the_graph_is_complete(tmp_path):
    """The derived graph's mark of what it was computed from goes in after every other change:
    a large write (in steps) that stops halfway leaves a graph without the mark, so the next
    load notices and derives again; written whole, the graph has the mark and every triple."""
    store = GraphStore(tmp_path / "store")
    graph = ox.NamedNode("http://example.org/derived")
    mark = '<http://example.org/derived> <http://purl.org/dc/terms/identifier> "v2"'
    # subjects that sort after the mark's, as the graph's own IRI sorts before its facts'
    triples = [f'<http://example.org/z{k}> <http://example.org/p> "{k}"' for k in range(9)]
    store.update_graph(graph, ['<http://example.org/old> <http://example.org/p> "0"'])
    steps = []
    real = store.raw.bulk_load

    class CutShort:  # pyoxigraph's Store cannot be given attributes: wrap it
        def __init__(self, inner):
            self.inner = inner

        def bulk_load(self, data, **kwargs):
            if len(steps) == 2:
                raise OSError("disk full")
            steps.append(data)
            return real(data, **kwargs)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    with settings.override(atomic_delta_max=3, delta_chunk=2):
        store._store = CutShort(store.raw)
        with pytest.raises(OSError):
            store.update_graph(graph, [mark, *triples], last=[mark])
        store._store = store.raw.inner
        assert store.graph_says(graph, terms.DCTERMS_IDENTIFIER) is None
        assert store.update_graph(graph, [mark, *triples], last=[mark]) > 0
    assert store.graph_says(graph, terms.DCTERMS_IDENTIFIER) == "v2"
    assert store.graph_triples(graph) == {mark, *triples}


def test_a_spool_takes_triples_after_being_read(tmp_path):
    """Adding after a partial read appends (the read moved the file's position) and the sorted
    view follows."""
    from newsgraph.loader.triple_spool import TripleSpool

    spool = TripleSpool.of(["<a> <p> <c>", "<a> <p> <b>", "<a> <p> <b>"], tmp_path)
    assert spool.distinct_count() == 2
    next(spool.lines())
    spool.add("<a> <p> <d>")
    assert list(spool.lines()) == ["<a> <p> <c>", "<a> <p> <b>", "<a> <p> <b>", "<a> <p> <d>"]
    assert [t.decode() for t in spool.sorted_lines()] == ["<a> <p> <b>", "<a> <p> <c>", "<a> <p> <d>"]
    spool.close()


def _engine_option(store_path, name: str) -> str:
    """An option as the store engine was last opened with (RocksDB's newest OPTIONS file)."""
    newest = max(store_path.glob("OPTIONS-*"), key=lambda p: int(p.name.split("-")[1]))
    return next(line.split("=", 1)[1].strip() for line in newest.read_text().splitlines()
                if line.strip().startswith(name + "="))


def test_a_store_can_keep_fewer_table_files_open_and_the_process_keeps_its_limit(tmp_path):
    """Each open table file holds its index in memory; `open_files` caps how many the engine
    keeps open, by the open-file limit it reads while opening, which is then as it was."""
    import resource

    before = resource.getrlimit(resource.RLIMIT_NOFILE)
    store = GraphStore(tmp_path / "store", open_files=100)
    assert resource.getrlimit(resource.RLIMIT_NOFILE) == before
    assert _engine_option(tmp_path / "store", "max_open_files") == "100"
    store.close()
    store.reopen()  # the cap holds for every opening of this handle
    assert _engine_option(tmp_path / "store", "max_open_files") == "100"
    store.close()
    GraphStore(tmp_path / "store")  # by default, as many as the process may open, less 48
    assert _engine_option(tmp_path / "store", "max_open_files") == str(before[0] - 48)


def test_a_store_derived_by_another_version_is_named_stale_until_derived_again(seed_store):
    """`newsgraph serve` warns with `stale_derivation`: a store whose derived graph lacks the
    current version mark (derived before it, or by another version) names itself and the
    command that fixes it; derived again, it is current."""
    from newsgraph.ontology import terms
    from newsgraph.loader.derive import DERIVATION_VERSION, derivation_version, rebuild, stale_derivation

    store = GraphStore(seed_store, create=False)
    try:
        assert derivation_version(store) == DERIVATION_VERSION
        assert stale_derivation(store) is None
        graph = terms.derived_graph(store.base)
        store.raw.remove(ox.Quad(graph, terms.schema("version"), ox.Literal(DERIVATION_VERSION), graph))
        message = stale_derivation(store)
        assert message and str(seed_store) in message and "newsgraph load" in message and "not at all" in message
        store.raw.add(ox.Quad(graph, terms.schema("version"), ox.Literal("1"), graph))
        assert "version 1" in stale_derivation(store)
        rebuild(store)
        assert derivation_version(store) == DERIVATION_VERSION and stale_derivation(store) is None
    finally:
        store.close()


def test_an_empty_store_is_not_stale(tmp_path):
    from newsgraph.loader.derive import derivation_version, stale_derivation

    store = GraphStore(tmp_path / "empty")
    try:
        assert derivation_version(store) is None and stale_derivation(store) is None
    finally:
        store.close()
