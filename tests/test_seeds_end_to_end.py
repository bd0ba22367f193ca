"""The seeds against their gold facts, end to end: load with extraction, evaluate, check targets.

Targets (issue 3): core recall 1.0 and precision >= 0.95 in every section, no forbidden person.
"""
import os
from pathlib import Path

import pytest

from newsgraph.loader.evaluation import evaluate_file
from newsgraph.loader.load import load_paths
from newsgraph.loader.nlp import get_pipeline
from newsgraph.loader.store import GraphStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS, GOLD = SHARED / "seeds", SHARED / "gold" / "seeds.yaml"

if not (SEEDS.is_dir() and GOLD.is_file()):
    if os.environ.get("CI") == "true":
        raise RuntimeError(f"shared seeds or gold missing at {SHARED}")
    pytest.skip(f"shared seeds or gold missing at {SHARED}", allow_module_level=True)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    store = GraphStore(tmp_path_factory.mktemp("seeds") / "store")
    report = load_paths([str(SEEDS)], store, nlp=get_pipeline())
    assert report.ok and report.loaded == 5, report.summary_lines()
    return evaluate_file(store, GOLD)


@pytest.mark.parametrize("section", ["articles", "persons", "offices", "meetings", "statements", "tenures"])
def test_every_core_fact_is_found(result, section):
    s = result["sections"][section]
    assert s["core_recall"] == 1.0, s["misses"]


@pytest.mark.parametrize("section", ["articles", "persons", "offices", "meetings", "statements", "tenures"])
def test_precision_is_at_least_095(result, section):
    s = result["sections"][section]
    assert s["precision"] >= 0.95, s["wrong"]


def test_no_fact_comes_from_page_chrome(result):
    assert result["forbidden_found"] == []
