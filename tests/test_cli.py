"""The command line: load summary, stats, query, dump, validate, and one run of the installed entry point."""
from __future__ import annotations

import csv
import gc
import gzip
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import NG, english_text

TITLES = ("Harbour Council Approves New Ferry Line", "Mayor Opens New Bridge Over The River",
          "Island Schools Receive New Computers")


def summary_counts(output: str) -> dict[str, int]:
    counts = {}
    for key in ("loaded", "unchanged", "skipped", "failed"):
        m = re.search(rf"^{key} (\d+)\b", output, re.M)
        assert m, f"no '{key} N' line in the summary:\n{output}"
        counts[key] = int(m.group(1))
    return counts


# --------------------------------------------------------------------------------------------
# load
# --------------------------------------------------------------------------------------------

def test_load_summary_counts_every_outcome_with_reasons(write_article, tmp_path, run_cli, store_path):
    folder = tmp_path / "mixed"
    write_article("good.txt", TITLES[0], folder=folder)
    write_article("again.txt", TITLES[1], folder=folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "german.txt").write_text(
        "Neue F\u00e4hre\n\nDer Hafenrat hat am Dienstag beschlossen, eine neue F\u00e4hrverbindung zwischen dem "
        "alten Hafen und den n\u00f6rdlichen Inseln einzurichten. Damit endet eine Debatte, die mehr als zwei "
        "Jahre gedauert hat. Der Dienst soll im n\u00e4chsten Fr\u00fchjahr beginnen und im Sommer jede Stunde "
        "fahren.\n", encoding="utf-8")
    assert run_cli(["load", folder / "again.txt", "--store", store_path, "-q"]).exit_code == 0

    result = run_cli(["load", folder, "--store", store_path, "-q"])

    assert summary_counts(result.output) == {"loaded": 1, "unchanged": 1, "skipped": 1, "failed": 1}
    lines = result.output.splitlines()
    assert any("german.txt" in line and "skipped" in line for line in lines), result.output
    assert any("empty.txt" in line and "failed" in line and "empty" in line for line in lines), result.output
    assert result.exit_code == 1


def test_load_exits_zero_when_nothing_failed(write_article, run_cli, store_path):
    result = run_cli(["load", write_article("a.txt", TITLES[0]), "--store", store_path, "-q"])
    assert result.exit_code == 0, result.output
    assert summary_counts(result.output) == {"loaded": 1, "unchanged": 0, "skipped": 0, "failed": 0}


def test_load_without_paths_is_a_usage_error(run_cli, store_path):
    result = run_cli(["load", "--store", store_path])
    assert result.exit_code == 2
    assert not store_path.exists()


# --------------------------------------------------------------------------------------------
# stats
# --------------------------------------------------------------------------------------------

def test_stats_json_counts_articles_triples_and_graphs(seed_store, seed_files, run_cli, view, describe_result):
    result = run_cli(["stats", "--json", "--store", seed_store])
    assert result.exit_code == 0, describe_result(result)
    stats = json.loads(result.stdout)
    assert stats["articles"] == len(seed_files)
    assert stats["triples"] == view.count(seed_store)
    assert stats["graphs"] == len(view.graphs(seed_store))
    assert set(stats["entities"]) >= {"Person", "Organization", "Country"}
    assert set(stats["facts"]) >= {"Post", "Tenure", "Meeting", "Statement", "Evidence"}


def test_stats_text_names_the_counts(seed_store, seed_files, run_cli, view):
    result = run_cli(["stats", "--store", seed_store])
    assert result.exit_code == 0, result.output
    assert re.search(rf"^articles\s+{len(seed_files)}$", result.output, re.M), result.output
    assert f"{view.count(seed_store):,}" in result.output


@pytest.mark.parametrize("command", [["stats"], ["query", "articles"], ["validate"], ["dump"]])
def test_reading_commands_refuse_a_missing_store_without_creating_it(run_cli, store_path, command):
    result = run_cli([*command, "--store", store_path])
    assert result.exit_code == 1, result.output
    assert "no store here" in result.output and str(store_path) in result.output
    assert not store_path.exists()


# --------------------------------------------------------------------------------------------
# query
# --------------------------------------------------------------------------------------------

def test_query_formats_agree_and_parse(seed_store, seed_files, run_cli, describe_result):
    outputs = {}
    for fmt in ("table", "csv", "json", "tsv"):
        result = run_cli(["query", "articles", "--format", fmt, "--store", seed_store])
        assert result.exit_code == 0, describe_result(result)
        outputs[fmt] = result.stdout

    as_json = json.loads(outputs["json"])
    columns, rows = as_json["columns"], as_json["rows"]
    assert "source" in columns and "title" in columns
    assert all(len(row) == len(columns) for row in rows)
    assert sorted(row[columns.index("source")] for row in rows) == sorted(p.name for p in seed_files)

    csv_rows = list(csv.reader(io.StringIO(outputs["csv"])))
    assert csv_rows[0] == columns
    assert csv_rows[1:] == rows
    tsv_rows = list(csv.reader(io.StringIO(outputs["tsv"]), delimiter="\t"))
    assert tsv_rows[0] == columns
    assert tsv_rows[1:] == rows

    table = outputs["table"].splitlines()
    assert table[0].split() == columns
    assert f"({len(rows)} rows)" in outputs["table"]
    for p in seed_files:
        assert p.name in outputs["table"]


def test_query_param_filters_by_outlet(write_article, tmp_path, run_cli, store_path, describe_result):
    folder = tmp_path / "outlets"
    write_article("a.txt", TITLES[0], folder=folder, meta={"outlet": "Coastal Ledger"})
    write_article("b.txt", TITLES[1], folder=folder, meta={"outlet": "Island Courier"})
    write_article("c.txt", TITLES[2], folder=folder, meta={"outlet": "Coastal Ledger"})
    assert run_cli(["load", folder, "--store", store_path, "-q"]).exit_code == 0

    result = run_cli(["query", "articles", "--param", "outlet=Coastal Ledger", "--format", "json",
                      "--store", store_path])
    assert result.exit_code == 0, describe_result(result)
    data = json.loads(result.stdout)
    assert sorted(r[data["columns"].index("source")] for r in data["rows"]) == ["a.txt", "c.txt"]

    result = run_cli(["query", "articles", "-p", "outlet=Nobody Publishes This", "--format", "json",
                      "--store", store_path])
    assert result.exit_code == 0, describe_result(result)
    assert json.loads(result.stdout)["rows"] == []

    result = run_cli(["query", "articles", "--format", "json", "--store", store_path])
    assert len(json.loads(result.stdout)["rows"]) == 3


INJECTION = '" } DROP ALL #'


def test_parameter_value_is_bound_as_a_literal_not_spliced(seed_store, run_cli, view, tmp_path, describe_result):
    before = view.quads(seed_store)
    result = run_cli(["query", "articles", "--param", f"outlet={INJECTION}", "--format", "json",
                      "--store", seed_store])
    assert result.exit_code == 0, describe_result(result)
    assert json.loads(result.stdout)["rows"] == []
    assert view.quads(seed_store) == before

    rq = tmp_path / "by_title.rq"
    rq.write_text(
        "#+ title: By title\n"
        "#+ params:\n"
        "#+   - {name: t, type: string}\n"
        f"SELECT ?a ?t WHERE {{ GRAPH ?g {{ ?a <http://schema.org/headline> ?t }} }}\n",
        encoding="utf-8")
    result = run_cli(["query", rq, "--param", f"t={INJECTION}", "--format", "json", "--store", seed_store])
    assert result.exit_code == 0, describe_result(result)
    assert json.loads(result.stdout)["rows"] == []
    assert view.quads(seed_store) == before


def test_query_from_a_file_and_from_sparql_text(seed_store, seed_files, run_cli, tmp_path, describe_result):
    sparql = (f"SELECT ?source WHERE {{ GRAPH ?g {{ ?a a <{NG}Article> ; <{NG}sourceFile> ?source }} }} "
              "ORDER BY ?source")
    plain = tmp_path / "sources.rq"
    plain.write_text(sparql + "\n", encoding="utf-8")
    expected = [[p.name] for p in sorted(seed_files)]
    for spec in (str(plain), sparql):
        result = run_cli(["query", spec, "--format", "json", "--store", seed_store])
        assert result.exit_code == 0, describe_result(result)
        data = json.loads(result.stdout)
        assert data["columns"] == ["source"]
        assert data["rows"] == expected


def test_query_with_a_typed_parameter_in_a_file(seed_store, seed_files, run_cli, tmp_path, describe_result):
    rq = tmp_path / "limited.rq"
    rq.write_text(
        "#+ title: Sources from a file\n"
        "#+ params:\n"
        "#+   - {name: src, type: string, description: a source file name}\n"
        f"SELECT ?a ?src WHERE {{ GRAPH ?g {{ ?a <{NG}sourceFile> ?src }} }}\n",
        encoding="utf-8")
    name = seed_files[0].name
    result = run_cli(["query", rq, "--param", f"src={name}", "--format", "json", "--store", seed_store])
    assert result.exit_code == 0, describe_result(result)
    data = json.loads(result.stdout)
    assert len(data["rows"]) == 1
    assert data["rows"][0][data["columns"].index("src")] == name


def test_ask_and_construct_queries_print_their_results(seed_store, run_cli, view):
    result = run_cli(["query", f"ASK {{ GRAPH ?g {{ ?a a <{NG}Article> }} }}", "--store", seed_store])
    assert result.exit_code == 0 and result.stdout.strip() == "true"
    result = run_cli(["query", f"ASK {{ GRAPH ?g {{ ?a a <{NG}NoSuchClass> }} }}", "--store", seed_store])
    assert result.exit_code == 0 and result.stdout.strip() == "false"
    result = run_cli(["query", f"CONSTRUCT {{ ?a a <{NG}Article> }} WHERE {{ GRAPH ?g {{ ?a a <{NG}Article> }} }}",
                      "--store", seed_store])
    assert result.exit_code == 0
    triples = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert {t.subject.value for t in triples} == {a["iri"] for a in view.articles(seed_store)}
    assert all(t.object.value == NG + "Article" for t in triples)


@pytest.mark.parametrize("args, fragment", [
    (["articles", "--param", "colour=red"], "colour"),
    (["articles", "--param", "outlet"], "NAME=VALUE"),
    (["no_such_query"], "no_such_query"),
    (["missing-file.rq"], "missing-file.rq"),
    (["SELECT ?x WHERE { ?x"], "syntax"),
    (["SELECT ?a WHERE { ?a ?b ?c }", "--param", "a=1"], "no parameter a"),
])
def test_query_mistakes_give_a_clear_error(args, fragment, seed_store, run_cli, view):
    before = view.quads(seed_store)
    result = run_cli(["query", *args, "--store", seed_store])
    assert result.exit_code != 0
    assert fragment.lower() in result.output.lower(), result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert view.quads(seed_store) == before


def test_query_list_names_the_canned_queries(run_cli, store_path):
    from newsgraph.queries.catalog import catalog

    result = run_cli(["query", "--list", "--store", store_path])
    assert result.exit_code == 0
    for name in catalog():
        assert re.search(rf"^{re.escape(name)}\b", result.output, re.M)


# --------------------------------------------------------------------------------------------
# dump
# --------------------------------------------------------------------------------------------

def store_quads(path: Path) -> list:
    store = ox.Store.read_only(str(path))
    try:
        return list(store)
    finally:
        del store


def distinct_triples(quads) -> int:
    return len({(str(q.subject), str(q.predicate), str(q.object)) for q in quads
                if not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)}) + \
        len([q for q in quads if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)])


def test_dump_defaults_to_nquads_on_stdout(seed_store, run_cli):
    quads = store_quads(seed_store)
    result = run_cli(["dump", "--store", seed_store])
    assert result.exit_code == 0
    parsed = list(ox.parse(result.stdout_bytes, format=ox.RdfFormat.N_QUADS))
    assert len(parsed) == len(quads)
    assert {str(q) for q in parsed if not _has_bnode(q)} == {str(q) for q in quads if not _has_bnode(q)}


def _has_bnode(q) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)


@pytest.mark.parametrize("name, fmt, graphs", [
    ("out.nq", ox.RdfFormat.N_QUADS, True),
    ("out.nq.gz", ox.RdfFormat.N_QUADS, True),
    ("out.trig", ox.RdfFormat.TRIG, True),
    ("out.trig.gz", ox.RdfFormat.TRIG, True),
    ("out.jsonld", ox.RdfFormat.JSON_LD, True),
    ("out.ttl", ox.RdfFormat.TURTLE, False),
])
def test_dump_to_a_file_picks_format_and_gzip_from_the_suffix(name, fmt, graphs, seed_store, run_cli, tmp_path,
                                                             describe_result):
    quads = store_quads(seed_store)
    out = tmp_path / name
    result = run_cli(["dump", "-o", out, "--store", seed_store])
    assert result.exit_code == 0, describe_result(result)
    data = out.read_bytes()
    if name.endswith(".gz"):
        assert data[:2] == b"\x1f\x8b", "not gzip"
        data = gzip.decompress(data)
    parsed = list(ox.parse(data, format=fmt))
    if graphs:
        assert len(parsed) == len(quads)
        named = {q.graph_name.value for q in parsed if isinstance(q.graph_name, ox.NamedNode)}
        assert named == {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    else:
        assert len(parsed) == distinct_triples(quads)
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
def test_dump_gzip_nquads_reads_back_with_rdflib(seed_store, run_cli, tmp_path):
    out = tmp_path / "store.nq.gz"
    assert run_cli(["dump", "-o", out, "--store", seed_store]).exit_code == 0
    ds = rdflib.Dataset()
    with gzip.open(out, "rb") as fh:
        ds.parse(fh, format="nquads")
    assert len(list(ds.quads((None, None, None, None)))) == len(store_quads(seed_store))


def test_dump_format_option_overrides_the_suffix(seed_store, run_cli, tmp_path):
    out = tmp_path / "data.out"
    assert run_cli(["dump", "--format", "trig", "-o", out, "--store", seed_store]).exit_code == 0
    assert len(list(ox.parse(out.read_bytes(), format=ox.RdfFormat.TRIG))) == len(store_quads(seed_store))


def test_dump_to_an_unwritable_place_fails_clearly(seed_store, run_cli, tmp_path):
    out = tmp_path / "no-such-folder" / "out.nq"
    result = run_cli(["dump", "-o", out, "--store", seed_store])
    assert result.exit_code != 0
    assert str(out) in result.output
    assert "Traceback" not in result.output
    assert not out.parent.exists()


# --------------------------------------------------------------------------------------------
# validate
# --------------------------------------------------------------------------------------------

def publish_by_hand(path: Path) -> None:
    """Read commands see the last published state: publish what a test wrote by hand, as the
    end of a load does."""
    from newsgraph.loader.precompute import publish
    from newsgraph.loader.store import GraphStore

    store = GraphStore(path)
    store.mark_changed()
    publish(store)
    del store
    gc.collect()


def test_validate_passes_on_the_loaded_seeds(seed_store, run_cli, describe_result):
    result = run_cli(["validate", "--store", seed_store])
    assert result.exit_code == 0, describe_result(result)
    assert "valid" in result.output.lower()


def test_validate_reports_a_broken_article_with_its_focus_node_and_source_file(seed_store, seed_files, view,
                                                                              run_cli):
    name = seed_files[0].name
    target = view.by_source(seed_store)[name]
    store = ox.Store(str(seed_store))
    try:
        checksum = list(store.quads_for_pattern(ox.NamedNode(target["iri"]), ox.NamedNode(NG + "checksum"), None,
                                                ox.NamedNode(target["graph"])))
        assert len(checksum) == 1
        store.remove(checksum[0])
        store.flush()
    finally:
        del store
    publish_by_hand(seed_store)

    result = run_cli(["validate", "--store", seed_store])

    assert result.exit_code == 1, result.output
    blocks = result.output.split("\n")
    hits = [i for i, line in enumerate(blocks) if target["iri"] in line and "checksum" in line.lower()]
    assert hits, result.output
    # the report names the article's source file next to the violation
    assert any(name in line for line in blocks[hits[0]:hits[0] + 3]), result.output
    # the other articles are not blamed
    for other in seed_files[1:]:
        assert other.name not in result.output


def test_validate_reports_a_broken_node_inserted_into_an_article_graph(seed_store, seed_files, view, run_cli):
    name = seed_files[-1].name
    target = view.by_source(seed_store)[name]
    broken = ox.NamedNode(target["iri"] + "/broken-node")
    graph = ox.NamedNode(target["graph"])
    store = ox.Store(str(seed_store))
    try:
        store.add(ox.Quad(broken, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode(NG + "Article"), graph))
        store.add(ox.Quad(broken, ox.NamedNode(NG + "sourceFile"), ox.Literal(name), graph))
        store.flush()
    finally:
        del store
    publish_by_hand(seed_store)

    result = run_cli(["validate", "--store", seed_store])

    assert result.exit_code == 1, result.output
    assert broken.value in result.output
    assert name in result.output
    assert re.search(r"[1-9]\d* violation", result.output), result.output


# --------------------------------------------------------------------------------------------
# The installed entry point
# --------------------------------------------------------------------------------------------

def test_installed_entry_point_loads_and_queries_with_stable_iris(write_article, tmp_path, run_cli):
    exe = Path(sys.executable).with_name("newsgraph")
    assert exe.exists(), f"the newsgraph entry point is not installed beside {sys.executable}"
    article = write_article("a.txt", TITLES[0])
    sub_store, in_store = tmp_path / "sub-store", tmp_path / "in-process-store"

    loaded = subprocess.run([str(exe), "load", str(article), "--store", str(sub_store), "-q"],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    assert re.search(r"^loaded 1\b", loaded.stdout, re.M), loaded.stdout
    queried = subprocess.run([str(exe), "query", "articles", "--format", "json", "--store", str(sub_store)],
                             capture_output=True, text=True, timeout=120)
    assert queried.returncode == 0, queried.stderr
    sub_rows = json.loads(queried.stdout)

    assert run_cli(["load", article, "--store", in_store, "-q"]).exit_code == 0
    in_rows = json.loads(run_cli(["query", "articles", "--format", "json", "--store", in_store]).stdout)
    assert sub_rows == in_rows
    assert len(sub_rows["rows"]) == 1

    failing = subprocess.run([str(exe), "load", str(tmp_path / "missing.txt"), "--store", str(sub_store), "-q"],
                             capture_output=True, text=True, timeout=120)
    assert failing.returncode != 0
    assert "missing.txt" in failing.stdout + failing.stderr


def test_reload_with_other_extraction_settings_re_extracts(tmp_path, run_cli, store_path):
    """The settings are part of what identifies an article's extraction: a reload with reported
    speech after one with direct quotes only is not "unchanged" and brings the facts it gives."""
    path = tmp_path / "in" / "said.txt"
    path.parent.mkdir(parents=True)
    path.write_text("Harbour Minister Speaks On Ferry Plans\n\n"
                    "Harbour Minister Daniel Petrenko said on Monday that the new ferry line would open before "
                    "the summer and that the council had approved its budget. The ferry will run every hour "
                    "between the old harbour and the northern islands, and the first boats have been ordered.\n",
                    encoding="utf-8")

    def indirect_statements() -> int:
        from newsgraph.loader.store import GraphStore
        store = GraphStore(store_path)
        try:
            rows = list(store.query(f"SELECT ?s WHERE {{ GRAPH ?g {{ ?s <{NG}speechKind> <{NG}indirect> }} }}"))
        finally:
            store.close()
            gc.collect()
        return len(rows)

    assert run_cli(["load", path, "--store", store_path, "-q", "-w", "1", "--no-indirect-speech"]).exit_code == 0
    assert indirect_statements() == 0
    result = run_cli(["load", path, "--store", store_path, "-q", "-w", "1", "--indirect-speech"])
    assert summary_counts(result.output)["unchanged"] == 0, result.output
    assert indirect_statements() == 1
    again = run_cli(["load", path, "--store", store_path, "-q", "-w", "1", "--indirect-speech"])
    assert summary_counts(again.output)["unchanged"] == 1, again.output
