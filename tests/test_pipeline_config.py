"""The spaCy pipeline is assembled from loader/config.cfg, and can be inspected, saved and swapped."""
from __future__ import annotations

import inspect
import json
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
import spacy
from spacy.util import load_config

from newsgraph.loader.nlp import CONFIG, PipelineError, build_pipeline, get_pipeline, pipeline_name

pytestmark = pytest.mark.slow

SENTENCES = [
    "Col. Ahmed met the Defence Minister in Dushanbe on Friday Dec.13 2024.",
    "The Tajik delegation arrived on Monday.\n\nState Councilor Wang Yi said the talks were useful.",
    "Gen. Brown told reporters that the visit would go ahead.",
]

def read(nlp, sentences):
    """What a pipeline makes of sentences, in JSON's terms (this test and a fresh process both run it)."""
    out = []
    for doc in nlp.pipe(sentences):
        out.append({
            "tokens": [t.text for t in doc],
            "sentences": [s.text for s in doc.sents],
            "entities": [[e.text, e.label_] for e in doc.ents],
            "roles": [[s.text, s.label_] for s in doc.spans.get("roles", [])],
        })
    return out


def test_the_pipeline_runs_the_components_of_config_cfg_in_their_order():
    nlp = get_pipeline()
    assert nlp.pipe_names == load_config(CONFIG)["nlp"]["pipeline"]


def test_the_config_of_the_built_pipeline_names_our_components_and_tokenizer():
    text = get_pipeline().config.to_str()
    assert '@tokenizers = "newsgraph.Tokenizer.v1"' in text
    assert 'factory = "ng_sentence_rules"' in text
    assert 'factory = "ng_roles_and_places"' in text


def test_our_components_are_declared_to_spacy_by_entry_points():
    factories = {e.name for e in entry_points(group="spacy_factories")}
    tokenizers = {e.name for e in entry_points(group="spacy_tokenizers")}
    assert {"ng_sentence_rules", "ng_roles_and_places"} <= factories
    assert "newsgraph.Tokenizer.v1" in tokenizers


def test_the_tokenizer_keeps_titles_whole_and_splits_a_month_glued_to_its_day():
    tokens = [t.text for t in get_pipeline()("Col. Ahmed arrived on Friday Dec.13 2024.")]
    assert tokens[:2] == ["Col.", "Ahmed"]
    assert tokens[-5:-1] == ["Friday", "Dec.", "13", "2024"]


def test_a_pipeline_saved_to_disk_loads_back_with_our_components(tmp_path):
    nlp = get_pipeline()
    nlp.to_disk(tmp_path / "saved")
    # a fresh process that never imports newsgraph itself: spaCy finds our parts by their entry points
    script = inspect.getsource(read) + (
        "import json, sys, spacy\n"
        f"nlp = spacy.load({str(tmp_path / 'saved')!r})\n"
        "print(json.dumps({'pipes': nlp.pipe_names, 'config': nlp.config.to_str(),"
        " 'read': read(nlp, json.loads(sys.argv[1]))}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script, json.dumps(SENTENCES)], capture_output=True, text=True,
                          check=True, cwd=tmp_path)
    loaded = json.loads(done.stdout)
    assert loaded["pipes"] == nlp.pipe_names
    assert loaded["config"] == nlp.config.to_str()
    assert loaded["read"] == read(nlp, SENTENCES)
    assert loaded["read"][0]["roles"] == [["Defence Minister", "ROLE:defence_minister"]]


def test_another_config_can_be_named_instead_of_ours(tmp_path):
    text = CONFIG.read_text().replace('"ng_sentence_rules",', "")
    text = text.replace('statistical = "en_core_web_sm"', f'statistical = "{pipeline_name()}"')
    other = tmp_path / "without-sentence-rules.cfg"
    other.write_text(text)
    nlp = build_pipeline(str(other))
    assert "ng_sentence_rules" not in nlp.pipe_names
    assert "ng_roles_and_places" in nlp.pipe_names


def test_a_pipeline_without_the_components_the_config_sources_is_refused_with_its_name(tmp_path):
    spacy.blank("en").to_disk(tmp_path / "blank")
    with pytest.raises(PipelineError, match="blank"):
        build_pipeline(str(tmp_path / "blank"))


def test_a_pipeline_that_is_not_installed_is_refused_with_its_name():
    with pytest.raises(PipelineError, match="no_such_pipeline"):
        build_pipeline("no_such_pipeline")

