"""What one client can make the server do, and the server's own limits (see docs/service.md, "Limits").

- `ClientBudget`: as the Wikidata Query Service does, each client (its address) may spend
  `seconds` of query-backed request time in any `window` seconds (default 60 s per 60 s) and
  have at most `concurrent` query-backed requests at once (default 4); past either it is
  answered 429 with Retry-After. A query-backed request is one whose route runs queries
  (`QUERY_ENDPOINTS`: /sparql, the canned queries, entity pages, search, the index, VoID, the
  dump); its time runs from the start of the handler to its answer (for a dump, until all of
  it is sent). Requests of the same client overlap in time, so a client that waits for each
  answer before sending the next can never spend more than the window; one that keeps two
  requests running spends twice as fast.
- `client_key`: the address a request is charged to; X-Forwarded-For is read only when the
  connection comes from a configured trusted proxy. An IPv6 client is its /64 network (one
  host usually holds a whole /64).
- `OncePerChange`: a whole-store figure (the index page's counts, VoID's counts) computed
  once per store change, by one thread at a time; other threads meanwhile get the last value.
- `create_server`: waitress with limits on connections, idle and half-open connections, and
  threads, and the process's open-file limit raised to fit.
"""
from __future__ import annotations

import ipaddress
import itertools
import logging
import math
import resource
import threading
import time
from dataclasses import dataclass

from newsgraph.loader import settings

log = logging.getLogger(__name__)

# routes that run queries (charged to the client's budget); every other route serves files or
# fixed documents (static files, the ontology, the editor, the model page) and is never refused
QUERY_ENDPOINTS = frozenset({"sparql.sparql", "dumps.dump", "describe.void", "pages.index", "pages.index_json",
                             "pages.index_csv", "pages.canned", "pages.search", "pages.search_json",
                             "pages.search_csv", "pages.entity"})
FREE_ENDPOINTS = frozenset({"static", "pages.static", "describe.ontology", "describe.ontology_ttl",
                            "describe.ontology_jsonld", "pages.editor", "pages.model", "pages.favicon"})


# -- who the client is ------------------------------------------------------------------------------

def parse_networks(values) -> tuple:
    """Addresses or networks ("10.0.0.0/8", "::1"), as a string separated by commas or spaces or
    as a list; ValueError names the first that is neither."""
    if isinstance(values, str):
        values = values.replace(",", " ").split()
    out = []
    for value in values or ():
        try:
            out.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(f"trusted proxy {value!r} is not an IP address or network") from None
    return tuple(out)


def _address(text: str):
    try:
        ip = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        return ip.ipv4_mapped
    return ip


def client_key(remote_addr: str | None, forwarded_for: str | None = None, trusted: tuple = ()) -> str:
    """The client a request is charged to. Behind trusted proxies, the right-most address of
    X-Forwarded-For that is not itself a trusted proxy (the left part can be forged by anyone)."""
    ip = _address(remote_addr or "")
    if ip is not None and trusted and forwarded_for and any(ip in net for net in trusted):
        for hop in reversed(forwarded_for.split(",")):
            hop_ip = _address(hop)
            if hop_ip is None:
                break  # garbage from the client's side: charge the last good hop
            ip = hop_ip
            if not any(hop_ip in net for net in trusted):
                break
    if ip is None:
        return remote_addr or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# -- the per-client budget ----------------------------------------------------------------------------

@dataclass
class Refusal:
    message: str
    retry_after: int


class _Client:
    __slots__ = ("seconds", "running")

    def __init__(self):
        self.seconds: dict[int, float] = {}   # whole second -> request time spent in it
        self.running: dict[int, float] = {}   # token -> start of a request still running


class ClientBudget:
    """Per-client request time within a sliding window, and concurrent requests. Time is kept
    in one-second buckets (at most `window` + the longest request of them per client), and a
    client without running requests or time in the window is forgotten."""

    def __init__(self, seconds: float = 60.0, window: float = 60.0, concurrent: int = 4, clock=time.monotonic):
        self.seconds = float(seconds)      # 0: no time budget
        self.window = float(window)
        self.concurrent = int(concurrent)  # 0: no limit
        self.clock = clock
        self._clients: dict[str, _Client] = {}
        self._lock = threading.Lock()
        self._tokens = itertools.count(1)
        self._calls = 0

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 or self.concurrent > 0

    def start(self, client: str) -> tuple[int | None, Refusal | None]:
        """(token, None) when the client may go ahead (pass the token to `finish`), else
        (None, the refusal)."""
        now = self.clock()
        with self._lock:
            state = self._clients.get(client)
            if state is None:
                state = self._clients[client] = _Client()
            if self.concurrent and len(state.running) >= self.concurrent:
                return None, Refusal(
                    f"too many requests at once: this address already has {len(state.running)} query requests "
                    f"running, and at most {self.concurrent} may run at once; wait for an answer before "
                    "sending the next request", 1)
            if self.seconds:
                used = self._used(state, now)
                if used >= self.seconds:
                    wait = self._retry_after(state, now, used)
                    return None, Refusal(
                        f"query time budget used up: this address used {used:.1f} s of query time in the last "
                        f"{self.window:g} s, and the budget is {self.seconds:g} s per {self.window:g} s; "
                        f"try again in {wait} s", wait)
            token = next(self._tokens)
            state.running[token] = now
            return token, None

    def finish(self, client: str, token: int) -> None:
        """The request of `token` ended: its time is charged to the client."""
        now = self.clock()
        with self._lock:
            state = self._clients.get(client)
            start = state.running.pop(token, None) if state else None
            if start is not None:
                self._charge(state, start, now)
            self._calls += 1
            if self._calls % 256 == 0:
                self._forget(now)

    def used(self, client: str) -> float:
        """Seconds the client spent in the window, running requests included."""
        with self._lock:
            state = self._clients.get(client)
            return self._used(state, self.clock()) if state else 0.0

    def clients(self) -> int:
        with self._lock:
            return len(self._clients)

    def _charge(self, state: _Client, start: float, end: float) -> None:
        second = math.floor(start)
        while second <= end:
            part = min(end, second + 1) - max(start, second)
            if part > 0:
                state.seconds[second] = state.seconds.get(second, 0.0) + part
            second += 1

    def _used(self, state: _Client, now: float) -> float:
        # whole seconds inside the window, so a client with one request at a time stays within it
        cut = now - self.window
        for second in [s for s in state.seconds if s < cut]:
            del state.seconds[second]
        return sum(state.seconds.values()) + sum(now - max(start, cut) for start in state.running.values())

    def _retry_after(self, state: _Client, now: float, used: float) -> int:
        """Seconds until the oldest spent time has left the window far enough for `used` to fall
        below the budget (the running requests counted as if they ended now)."""
        for second in sorted(state.seconds):
            used -= state.seconds[second]
            if used < self.seconds:
                return max(1, math.floor(second + self.window - now) + 1)  # the bucket leaves the window
        return max(1, math.ceil(self.window))

    def _forget(self, now: float) -> None:
        cut = now - self.window
        for client in [c for c, s in self._clients.items()
                       if not s.running and all(second < cut for second in s.seconds)]:
            del self._clients[client]


def install(app) -> ClientBudget:
    """Charge the query-backed requests of `app` to their clients (config CLIENT_BUDGET,
    CLIENT_WINDOW, CLIENT_CONCURRENCY, TRUSTED_PROXIES); over budget: 429 with Retry-After."""
    from flask import g, request

    from .sparql import text_response

    cfg = app.config
    budget = ClientBudget(seconds=float(cfg["CLIENT_BUDGET"]), window=float(cfg["CLIENT_WINDOW"]),
                          concurrent=int(cfg["CLIENT_CONCURRENCY"]))
    trusted = parse_networks(cfg["TRUSTED_PROXIES"])
    app.extensions["newsgraph_budget"] = budget
    if not budget.enabled:
        return budget

    @app.before_request
    def _admit():
        if request.method == "OPTIONS" or request.endpoint not in QUERY_ENDPOINTS:
            return None
        client = client_key(request.remote_addr, request.headers.get("X-Forwarded-For"), trusted)
        token, refusal = budget.start(client)
        if refusal is not None:
            return text_response(429, refusal.message, **{"Retry-After": str(refusal.retry_after)})
        g.newsgraph_budget = (client, token)
        return None

    @app.after_request
    def _charge_when_sent(response):
        held = g.pop("newsgraph_budget", None)
        if held is None:
            pass
        elif response.is_streamed:  # a dump: charged until the server has sent all of it
            response.response = _ClosingBody(response.response, lambda: budget.finish(*held))
        else:
            budget.finish(*held)
        return response

    @app.teardown_request
    def _charge_on_error(exc):
        held = g.pop("newsgraph_budget", None)
        if held is not None:  # no response was made
            budget.finish(*held)

    return budget


class _ClosingBody:
    """A streamed body that calls `on_close` once the server closes it (Werkzeug's own
    call_on_close is skipped for direct_passthrough bodies, which the dumps are)."""

    def __init__(self, body, on_close):
        self.body = body
        self.iterator = iter(body)
        self.on_close = on_close

    def __iter__(self):
        return self

    def __next__(self):
        return next(self.iterator)

    def close(self) -> None:
        try:
            if hasattr(self.body, "close"):
                self.body.close()
        finally:
            on_close, self.on_close = self.on_close, None
            if on_close is not None:
                on_close()


# -- whole-store figures, once per store change ----------------------------------------------------

class OncePerChange:
    """A value computed from the store, kept until the store's change signature changes.

    `get(signature, compute)`: the kept value when it belongs to `signature`; else one caller
    computes it while the others get the last value (of an older signature), or None when there
    is none yet (with `wait`, they wait for the computation instead). A failed computation is
    not retried for `retry_after` seconds while the signature stays the same (a figure that
    takes past the time limit would otherwise be started again on every request); its
    exception is raised to the caller that computed it, the others get the last value."""

    def __init__(self, retry_after: float = 60.0, clock=time.monotonic):
        self.retry_after = retry_after
        self.clock = clock
        self._lock = threading.Lock()        # guards the fields
        self._computing = threading.Lock()   # held by the one computing caller
        self._signature = None
        self._value = None
        self._has_value = False
        self._failed: tuple | None = None    # (signature, when)
        self.computed = 0                    # how many times compute ran

    def get(self, signature, compute, wait: bool = False):
        with self._lock:
            if self._has_value and self._signature == signature:
                return self._value
            failed_recently = (self._failed is not None and self._failed[0] == signature
                               and self.clock() - self._failed[1] < self.retry_after)
            if failed_recently:
                return self._value
        if not self._computing.acquire(blocking=wait):
            with self._lock:
                return self._value
        try:
            with self._lock:  # computed by another caller while this one waited
                if self._has_value and self._signature == signature:
                    return self._value
            self.computed += 1
            try:
                value = compute()
            except Exception:
                with self._lock:
                    self._failed = (signature, self.clock())
                raise
            with self._lock:
                self._signature, self._value, self._has_value, self._failed = signature, value, True, None
            return value
        finally:
            self._computing.release()

    def last(self):
        with self._lock:
            return self._value


# -- the HTTP server ---------------------------------------------------------------------------------

# waitress's options that `newsgraph serve` sets: their defaults are settings (loader/settings.py)
SERVER_OPTIONS = ("threads", "connection_limit", "channel_timeout", "backlog")
CLEANUP_INTERVAL = 2  # how often waitress looks for silent connections, in seconds


def server_defaults() -> dict:
    return {name: settings.value(name) for name in SERVER_OPTIONS} | {"cleanup_interval": CLEANUP_INTERVAL}


def raise_open_files(wanted: int) -> int:
    """Raise this process's soft RLIMIT_NOFILE to `wanted` (at most the hard limit); the limit now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError) as exc:
            log.warning("cannot raise the open-file limit to %d: %s", target, exc)
    return soft


def create_server(app, host: str = "127.0.0.1", port: int = 8080, **options):
    """A waitress server for `app` with the settings' defaults (overridden by `options`). The open-file
    limit is raised to fit connection_limit; when it cannot be, connection_limit is lowered to fit
    and `server.newsgraph_notes` says so."""
    from waitress import create_server as waitress_server

    chosen = {**server_defaults(), **{k: v for k, v in options.items() if v is not None}}
    besides = settings.value("files_besides_connections")
    notes = []
    needed = chosen["connection_limit"] + chosen["threads"] + besides
    limit = raise_open_files(needed)
    if limit != resource.RLIM_INFINITY and needed > limit:
        fitted = max(10, limit - besides - chosen["threads"])
        notes.append(f"connection limit lowered from {chosen['connection_limit']} to {fitted}: "
                     f"the open-file limit is {limit} (raise it with `ulimit -n`)")
        chosen["connection_limit"] = fitted
    chosen["cleanup_interval"] = min(chosen["cleanup_interval"], chosen["channel_timeout"])
    server = waitress_server(app, host=host, port=port, ident="newsgraph",
                             asyncore_use_poll=True,  # select() cannot watch descriptors past 1024
                             max_request_body_size=settings.value("max_request_body"), **chosen)
    server.newsgraph_settings = chosen
    server.newsgraph_notes = notes
    return server
