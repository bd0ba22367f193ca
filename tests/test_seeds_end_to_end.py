"""The seeds against their gold facts, end to end: load with extraction, evaluate, check targets.

Targets (issue 3): core recall 1.0 and precision >= 0.95 in every section, no forbidden person.
Statements are loaded with the default settings, reported speech included; the seeds gold lists
only 5 of the seeds' reported statements, so precision there is counted beside the reported
statements that no gold entry covers (a reported statement the gold gives to another speaker
still counts as wrong).
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


@pytest.mark.parametrize("section", ["articles", "persons", "offices", "meetings", "tenures"])
def test_precision_is_at_least_095(result, section):
    s = result["sections"][section]
    assert s["precision"] >= 0.95, s["wrong"]


def _unlisted_paraphrase(w) -> bool:
    """A reported statement ("X said that ...", on by default) that no gold statement covers:
    the seeds gold lists only a few of the paraphrases the seeds contain (each of the others was
    read when reported speech became the default: a named speaker who said it in the sentence).
    One that a gold statement gives to someone else is still wrong."""
    return (w["fact"].endswith("(indirect)") and w["reason"] == "no gold statement matches"
            and all(e["rule"].startswith("rule:indirect-") for e in w["evidence"])
            and not w["fact"].startswith("(no speaker)"))


def test_statement_precision_is_at_least_095_beside_unlisted_paraphrases(result):
    s = result["sections"]["statements"]
    loaded = s["counts"]["loaded"]
    unlisted = [w for w in s["wrong"] if _unlisted_paraphrase(w)]
    wrong = [w for w in s["wrong"] if not _unlisted_paraphrase(w)]
    assert unlisted, "reported speech is on by default: the seeds have paraphrases the gold does not list"
    precision = (loaded["total"] - len(unlisted) - len(wrong)) / (loaded["total"] - len(unlisted))
    assert precision >= 0.95, wrong


def test_direct_quotes_alone_are_all_right(result):
    wrong = [w for w in result["sections"]["statements"]["wrong"] if w["fact"].endswith("(direct)")]
    assert wrong == []


def test_no_fact_comes_from_page_chrome(result):
    assert result["forbidden_found"] == []
