"""Shared fixtures for the step-1 suite: seed inputs, crafted articles, stores and the CLI.

The five real scraped articles and their gold file live outside the repository, in
../shared/{seeds,gold}; they are read from there and never copied into the repo. Without them the
tests that need them skip, except in CI (CI=true), where a missing seed folder is an error.
"""
from __future__ import annotations

import gc
import json
import os
import shutil
import traceback
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
SEEDS = (Path(__file__).parents[1] / ".." / "shared" / "seeds").resolve()
GOLD = (Path(__file__).parents[1] / ".." / "shared" / "gold" / "seeds.yaml").resolve()

NG = "https://w3id.org/newsgraph/ns#"
SCHEMA = "http://schema.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
ONTOLOGY_GRAPH = "https://w3id.org/newsgraph/ns"

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def require(path: Path, what: str) -> Path:
    """`path` if it exists; otherwise skip (locally) or fail (CI=true) with a clear reason."""
    if path.exists():
        return path
    message = f"{what} not found at {path} (expected beside the repository, in ../shared)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(message + "; CI=true, so this is an error, not a skip")
    pytest.skip(message)


# --------------------------------------------------------------------------------------------
# Crafted English articles (our own text, long enough to count as English and as a story)
# --------------------------------------------------------------------------------------------

PARAGRAPHS = (
    "The harbour council voted on Tuesday to approve a new ferry line between the old port and the "
    "northern islands, ending a debate that had lasted for more than two years.",
    "Council members said the service would start next spring and would run every hour during the "
    "summer season, with fewer crossings in the winter months.",
    "Local business owners welcomed the decision, saying that better connections would bring more "
    "visitors to the islands and help shops that have struggled since the old ferry was retired.",
)


def english_text(title: str, *, above: tuple[str, ...] = (), below_headline: tuple[str, ...] = (),
                 paragraphs: tuple[str, ...] = PARAGRAPHS, after: tuple[str, ...] = ()) -> str:
    """A scraped-page-like text: chrome lines, headline, dateline lines, story, trailing chrome."""
    parts = [*above, title, *below_headline, *paragraphs, *after]
    return "\n\n".join(parts) + "\n"


@pytest.fixture
def write_article(tmp_path):
    """write_article(name, title, folder=None, encoding='utf-8', meta=None, **english_text kwargs) -> Path."""

    def write(name: str, title: str, folder: Path | None = None, encoding: str = "utf-8",
              meta: dict | None = None, **kwargs) -> Path:
        folder = folder or tmp_path / "in"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(english_text(title, **kwargs).encode(encoding))
        if meta is not None:
            sidecar = path.with_name(path.stem + ".meta.json")
            sidecar.write_text(json.dumps(meta), encoding="utf-8")
        return path

    return write


# --------------------------------------------------------------------------------------------
# Looking into a store without the code under test (plain pyoxigraph, read-only)
# --------------------------------------------------------------------------------------------

ARTICLES_SPARQL = f"""
SELECT ?g ?a ?title ?published ?outlet ?source ?body ?url ?checksum WHERE {{
  GRAPH ?g {{
    ?a a <{NG}Article> ; <{NG}sourceFile> ?source .
    OPTIONAL {{ ?a <{SCHEMA}headline> ?title }}
    OPTIONAL {{ ?a <{SCHEMA}datePublished> ?published }}
    OPTIONAL {{ ?a <{NG}outlet> ?outlet }}
    OPTIONAL {{ ?a <{SCHEMA}articleBody> ?body }}
    OPTIONAL {{ ?a <{SCHEMA}url> ?url }}
    OPTIONAL {{ ?a <{NG}checksum> ?checksum }}
  }}
}}
"""


def _value(term):
    return None if term is None else term.value


class StoreView:
    """Read-only helpers over a store folder; each call opens and closes the store."""

    @staticmethod
    def _open(path: Path) -> ox.Store:
        return ox.Store.read_only(str(path))

    def quads(self, path: Path) -> frozenset[str]:
        """Every quad of the store, as N-Quads text (a snapshot to compare before/after)."""
        if not Path(path).exists():
            return frozenset()
        store = self._open(path)
        try:
            return frozenset(str(q) for q in store)
        finally:
            del store
            gc.collect()

    def count(self, path: Path) -> int:
        return len(self.quads(path))

    def graphs(self, path: Path) -> set[str]:
        store = self._open(path)
        try:
            return {g.value for g in store.named_graphs()}
        finally:
            del store
            gc.collect()

    def article_quads(self, path: Path) -> frozenset[str]:
        """Quads of every named graph except the ontology graph."""
        store = self._open(path)
        try:
            return frozenset(
                str(q) for q in store
                if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != ONTOLOGY_GRAPH
            )
        finally:
            del store
            gc.collect()

    def articles(self, path: Path) -> list[dict]:
        """One dict per article node: graph, iri, title, published (value, datatype), outlet, source, body."""
        if not Path(path).exists():
            return []
        store = self._open(path)
        try:
            rows = []
            for sol in store.query(ARTICLES_SPARQL):
                pub = sol["published"]
                rows.append({
                    "graph": sol["g"].value,
                    "iri": sol["a"].value,
                    "title": _value(sol["title"]),
                    "published": None if pub is None else (pub.value, pub.datatype.value),
                    "outlet": _value(sol["outlet"]),
                    "source": sol["source"].value,
                    "body": _value(sol["body"]),
                    "url": _value(sol["url"]),
                    "checksum": _value(sol["checksum"]),
                })
            return sorted(rows, key=lambda r: (r["source"], r["iri"]))
        finally:
            del store
            gc.collect()

    def by_source(self, path: Path) -> dict[str, dict]:
        rows = self.articles(path)
        out = {}
        for row in rows:
            assert row["source"] not in out, f"two article nodes for {row['source']}: {rows}"
            out[row["source"]] = row
        return out

    def literals_in_article_graphs(self, path: Path) -> list[tuple[str, str]]:
        """(graph, literal value) for every literal outside the ontology graph."""
        store = self._open(path)
        try:
            return [
                (q.graph_name.value, q.object.value) for q in store
                if isinstance(q.object, ox.Literal) and isinstance(q.graph_name, ox.NamedNode)
                and q.graph_name.value != ONTOLOGY_GRAPH
            ]
        finally:
            del store
            gc.collect()


@pytest.fixture(scope="session")
def view() -> StoreView:
    return StoreView()


# --------------------------------------------------------------------------------------------
# Environment, CLI
# --------------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the user's store settings or writes under the real home folder."""
    monkeypatch.delenv("NEWSGRAPH_STORE", raising=False)
    monkeypatch.delenv("NEWSGRAPH_BASE_IRI", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def run_cli():
    """run_cli(args, env=None) -> click Result; the store is closed again when it returns.

    A failing command's traceback keeps its frames (and so the open store, which holds a lock)
    alive; the frames are cleared so the next command in this process can open the store.
    """
    from newsgraph.loader.cli import main

    def run(args, env=None, input=None):
        runner = CliRunner()
        result = runner.invoke(main, [str(a) for a in args], env=env, input=input, catch_exceptions=True)
        if result.exc_info is not None:
            traceback.clear_frames(result.exc_info[2])
        gc.collect()
        return result

    return run


def describe(result) -> str:
    """Everything a failing CLI assertion should show."""
    text = f"exit {result.exit_code}\n--- output ---\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        text += "\n--- exception ---\n" + "".join(traceback.format_exception(result.exception))
    return text


@pytest.fixture(scope="session")
def describe_result():
    return describe


# --------------------------------------------------------------------------------------------
# Seeds and gold
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = require(SEEDS, "seed articles folder")
    assert SEED_NAMES, f"{path} holds no .txt seed article"
    return path


@pytest.fixture(scope="session")
def seed_files(seeds_dir) -> list[Path]:
    return [seeds_dir / name for name in SEED_NAMES]


@pytest.fixture(scope="session")
def gold() -> dict:
    return yaml.safe_load(require(GOLD, "gold file seeds.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def _seed_store_template(tmp_path_factory, seeds_dir) -> Path:
    """All seeds loaded once, through the CLI, into a store that later tests copy."""
    from newsgraph.loader.cli import main

    path = tmp_path_factory.mktemp("seed-template") / "store"
    result = CliRunner().invoke(main, ["load", str(seeds_dir), "--store", str(path), "-q"])
    if result.exc_info is not None:
        traceback.clear_frames(result.exc_info[2])
    gc.collect()
    assert result.exit_code == 0, describe(result)
    return path


@pytest.fixture
def seed_store(_seed_store_template, tmp_path) -> Path:
    """A private copy of a store holding every seed article."""
    path = tmp_path / "seed-store"
    shutil.copytree(_seed_store_template, path)
    (path / "LOCK").unlink(missing_ok=True)
    return path
