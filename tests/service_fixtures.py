"""Fixtures for the web-service tests: a store of examples/articles, live servers, HTTP helpers.

Test modules import what they use (`from service_fixtures import ...`). pytest makes a fixture
per importing module, so the store (the expensive part) is built once per session in
module-level state here and shared; servers are cheap (a second) and live for one module.

Servers are real: waitress on a free localhost port, in a thread of the test process, with the
query workers as separate processes (as `newsgraph serve` runs them).
"""
from __future__ import annotations

import atexit
import gc
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
NG = "https://w3id.org/newsgraph/ns#"

_state: dict = {}
_lock = threading.Lock()


# -- the store ---------------------------------------------------------------------------------------

def _tmp_root() -> Path:
    with _lock:
        if "root" not in _state:
            root = Path(tempfile.mkdtemp(prefix="newsgraph-service-tests-"))
            atexit.register(shutil.rmtree, root, True)
            _state["root"] = root
    return _state["root"]


def build_store() -> Path:
    """examples/articles loaded once per session (with extraction) into a store nobody writes to."""
    with _lock:
        if "store" in _state:
            return _state["store"]
    from newsgraph.loader.load import load_paths
    from newsgraph.loader.nlp import get_pipeline
    from newsgraph.loader.store import GraphStore

    path = _tmp_root() / "examples-store"
    store = GraphStore(path, base="https://w3id.org/newsgraph/data/")
    report = load_paths([str(EXAMPLES)], store, nlp=get_pipeline())
    store.flush()
    del store
    gc.collect()  # closes the read-write store
    assert report.ok and report.loaded, report.summary_lines()
    with _lock:
        _state["store"] = path
    return path


def copy_store(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    (target / "LOCK").unlink(missing_ok=True)
    return target


class Reference:
    """The store read directly with pyoxigraph (what the server's answers are compared with)."""

    def __init__(self, path: Path):
        self.store = ox.Store.read_only(str(path))

    def select(self, sparql: str) -> list[tuple]:
        results = self.store.query(sparql, use_default_graph_as_union=True)
        names = [v.value for v in results.variables]
        return [tuple(term_key(s[n]) for n in names) for s in results]

    def __len__(self) -> int:
        return len(self.store)


def term_key(term) -> tuple | None:
    """A comparable form of a pyoxigraph term."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.language or term.datatype.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    return ("uri", term.value)


def json_key(binding: dict | None) -> tuple | None:
    """The same form for a SPARQL JSON results binding."""
    if binding is None:
        return None
    if binding["type"] == "literal" or binding["type"] == "typed-literal":
        return ("literal", binding["value"], binding.get("xml:lang") or binding.get("datatype")
                or "http://www.w3.org/2001/XMLSchema#string")
    if binding["type"] == "bnode":
        return ("bnode",)
    return ("uri", binding["value"])


# -- live servers ------------------------------------------------------------------------------------

class LiveServer:
    """create_app(config) under waitress on 127.0.0.1:<free port>, in a daemon thread."""

    def __init__(self, config: dict):
        import waitress
        from newsgraph.service.app import create_app

        self.app = create_app(config)
        self.service = self.app.extensions["newsgraph"]
        self.service.start()
        self.server = waitress.create_server(self.app, host="127.0.0.1", port=0, threads=8)
        self.url = f"http://127.0.0.1:{self.server.effective_port}/"
        self.endpoint = self.url + "sparql"
        self.thread = threading.Thread(target=self.server.run, name="waitress", daemon=True)
        self.thread.start()
        assert self.service.wait_ready(60), "query workers did not start"

    def stop(self) -> None:
        try:
            self.server.close()
        except Exception:
            pass
        self.thread.join(3)
        self.server.task_dispatcher.shutdown(timeout=3)
        self.service.close()


@pytest.fixture(scope="session")
def service_store() -> Path:
    return build_store()


@pytest.fixture(scope="session")
def reference(service_store) -> Reference:
    return Reference(service_store)


@pytest.fixture(scope="module")
def server(service_store):
    """The service on the examples store with the default limits (30 s, 10000 rows); one per
    test module, stopped after it (no server threads stay behind for later tests)."""
    live = LiveServer({"STORE_PATH": service_store, "BASE_IRI": "https://w3id.org/newsgraph/data/"})
    yield live
    live.stop()


@pytest.fixture(scope="module")
def limited_server(service_store):
    """The same store with QUERY_TIMEOUT=1 and ROW_LIMIT=5."""
    live = LiveServer({"STORE_PATH": service_store, "BASE_IRI": "https://w3id.org/newsgraph/data/",
                       "QUERY_TIMEOUT": 1, "ROW_LIMIT": 5, "QUERY_WORKERS": 2})
    yield live
    live.stop()


# -- plain HTTP ----------------------------------------------------------------------------------------

@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes
    elapsed: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body)

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def http(method: str, url: str, params: dict | None = None, data: bytes | dict | None = None,
         headers: dict | None = None, timeout: float = 30) -> Reply:
    """One request; any status comes back as a Reply (redirects are not followed)."""
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params, doseq=True)
    headers = dict(headers or {})
    if isinstance(data, dict):
        data = urllib.parse.urlencode(data, doseq=True).encode()
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    started = time.monotonic()
    try:
        with _opener.open(request, timeout=timeout) as resp:
            return Reply(resp.status, dict(resp.headers.items()), resp.read(), time.monotonic() - started)
    except urllib.error.HTTPError as exc:
        return Reply(exc.code, dict(exc.headers.items()), exc.read(), time.monotonic() - started)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not come up within {timeout} s")


def clean_env() -> dict:
    """The environment for a child `newsgraph` process: no store or base settings of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSGRAPH_")}
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    """The next line of a child's stdout, or fail after `timeout` seconds."""
    ready, _, _ = select.select([proc.stdout], [], [], timeout)
    if not ready:
        raise AssertionError(f"no output from {proc.args} within {timeout} s")
    return proc.stdout.readline()


def newsgraph_command(*args) -> list[str]:
    return [sys.executable, "-m", "newsgraph.loader.cli", *map(str, args)]
