"""spaCy set-up: the English pipeline plus newsgraph's rule components, assembled from config.cfg.

`config.cfg` names every component in order: the statistical ones are sourced from a trained
pipeline (which one: see `pipelines.py`), ours are built by the factories below, which
pyproject.toml also declares as `spacy_factories` entry points, so that a saved pipeline loads
with plain `spacy.load`. docs/pipeline.md shows how to inspect, save and swap it. Nothing is
downloaded at run time.

Components added around the statistical ones, each fixing a measured weakness:
- `ng_sentence_rules` (before the parser): a paragraph break always starts a sentence, and a
  title abbreviation ("Col.", "Gen.") never ends one, so a speaker stays with his quote.
- `ng_roles_and_places` (after ner): marks role phrases ("Defense Minister", "State Councilor")
  in `doc.spans["roles"]` and takes them out of names (the model tags "Defense" as ORG and
  "Councilor" as PERSON); drops titles from names; relabels demonyms, countries and capitals
  from the country table ("Tajik" is not a person, "Dushanbe" not an organisation).
- `newsgraph.Tokenizer.v1`: the English tokenizer, with title abbreviations kept whole and a
  month abbreviation glued to its day split off.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import PhraseMatcher
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import (compile_infix_regex, compile_prefix_regex, compile_suffix_regex, get_lang_class,
                        get_model_meta, get_package_path, get_sourced_components, load_config,
                        load_model_from_config)
from spacy.vocab import Vocab, create_vocab
from thinc.api import Config

from .lexicon import lexicon
from .pipelines import PipelineError, is_config, pipeline_name  # noqa: F401 (part of this module's API)

CONFIG = Path(__file__).with_name("config.cfg")

GLUED_MONTH_DAY = r"(?:(?<=\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.)|(?<=\bSept\.))(?=\d)"


SENTENCE_ENDS = {".", "!", "?", "…", ":", ";"}


@Language.component("ng_sentence_rules", assigns=["token.is_sent_start"])
def sentence_rules(doc: Doc) -> Doc:
    titles = {t for t in lexicon().name_titles if t.endswith(".")}
    # set as one array: each Token.is_sent_start assignment scans the whole doc (quadratic in paragraphs)
    starts = doc.to_array([SENT_START]).astype(numpy.int64)  # 1 starts a sentence, -1 does not, 0 unknown
    for i in range(1, len(doc)):
        prev = doc[i - 1]
        if "\n\n" in prev.text or (prev.is_space and "\n" in prev.text) or "\n\n" in prev.whitespace_:
            starts[i] = 1
        elif prev.text in titles:
            starts[i] = -1
        elif doc[i].is_lower and doc[i].is_alpha and prev.text not in SENTENCE_ENDS:
            starts[i] = -1  # "receives this Wednesday (May 31, 2023) his counterpart": no sentence opens in lower case
    doc.from_array([SENT_START], starts.view(numpy.uint64))
    return doc


def _role_matcher(nlp: Language) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    lex = lexicon()
    for phrase, role in lex.role_phrases.items():
        if phrase == "mp":
            continue
        matcher.add("ROLE:" + role, [nlp.make_doc(phrase)])
    for ministry in lex.ministries:
        matcher.add("ORG:" + ministry.name, [nlp.make_doc(p) for p in ministry.phrases if len(p) > 3])
    return matcher


def _place_matcher(nlp: Language) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    lex = lexicon()
    for c in lex.countries.values():
        names = [c.name, *c.aliases]
        matcher.add("GPE", [nlp.make_doc(n) for n in names if len(n) > 2 and n[0].isupper()])
        matcher.add("NORP", [nlp.make_doc(d) for d in c.demonyms if len(d) > 2 and d != c.name])
        if c.capital:
            matcher.add("CAPITAL", [nlp.make_doc(c.capital)])
    return matcher


@Language.factory("ng_roles_and_places", requires=["doc.ents"], assigns=["doc.ents", "doc.spans"])
def make_roles_and_places(nlp: Language, name: str):
    return RolesAndPlaces(nlp)


class RolesAndPlaces:
    def __init__(self, nlp: Language):
        self.roles = _role_matcher(nlp)
        self.places = _place_matcher(nlp)
        self.titles = {t.lower().rstrip(".") for t in lexicon().name_titles}

    def __call__(self, doc: Doc) -> Doc:
        role_spans = []
        for match_id, start, end in self.roles(doc):
            label = doc.vocab.strings[match_id]
            role_spans.append(Span(doc, start, end, label=label))
        role_spans = spacy.util.filter_spans(role_spans)
        doc.spans["roles"] = role_spans
        in_role = set()
        for span in role_spans:
            if span.label_.startswith("ROLE:"):
                in_role.update(range(span.start, span.end))

        place_label = {}
        for match_id, start, end in self.places(doc):
            label = doc.vocab.strings[match_id]
            place_label[(start, end)] = "GPE" if label == "CAPITAL" else label

        ents = []
        for ent in doc.ents:
            start, end = ent.start, ent.end
            label = ent.label_
            if label in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
                # titles and role words are not part of a name
                while start < end and (start in in_role or doc[start].lower_.rstrip(".") in self.titles
                                       or doc[start].lower_ in ("the",) and label == "PERSON"):
                    start += 1
                while end > start and (end - 1) in in_role:
                    end -= 1
                if start >= end:
                    continue
                if any(i in in_role for i in range(start, end)) and label in ("PERSON", "ORG"):
                    continue
            relabel = place_label.get((start, end))
            if relabel is None and doc[start].lower_ == "the":
                relabel = place_label.get((start + 1, end))
            if relabel and label in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
                label = relabel
            ents.append(Span(doc, start, end, label=label))
        # gazetteer places the model missed entirely
        taken = {i for e in ents for i in range(e.start, e.end)}
        for (start, end), label in place_label.items():
            if not any(i in taken for i in range(start, end)) and not any(i in in_role for i in range(start, end)):
                ents.append(Span(doc, start, end, label=label))
                taken.update(range(start, end))
        doc.ents = spacy.util.filter_spans(ents)
        return doc


@spacy.registry.tokenizers("newsgraph.Tokenizer.v1")
def create_tokenizer():
    def make_tokenizer(nlp: Language) -> Tokenizer:
        english = nlp.Defaults
        titles = {t: [{ORTH: t}] for t in lexicon().name_titles if t.endswith(".") and " " not in t}
        # built in one go as spacy.Tokenizer.v1 builds it: changing its rules afterwards reloads them all
        return Tokenizer(
            nlp.vocab,
            rules={**english.tokenizer_exceptions, **titles},
            prefix_search=compile_prefix_regex(english.prefixes).search,
            suffix_search=compile_suffix_regex(english.suffixes).search,
            # a month abbreviation glued to its day ("Friday Dec.13 2024") is one token the NER misses
            infix_finditer=compile_infix_regex([*english.infixes, GLUED_MONTH_DAY]).finditer,
            token_match=english.token_match,
            url_match=english.url_match,
        )

    return make_tokenizer


def pipeline_config(name: str | None = None) -> Config:
    """The config a pipeline is built from: config.cfg with the statistical pipeline filled in, or
    the config file named instead."""
    resolved = pipeline_name(name)
    if is_config(resolved):
        return load_config(resolved, interpolate=False)
    return load_config(CONFIG, overrides={"newsgraph.statistical": resolved}, interpolate=False)


def trained_vocab(name: str, lang: str) -> Vocab:
    """An empty vocabulary with the lexeme norms of trained pipeline `name` (a package or folder).

    spaCy copies sourced components but not these norms, which their models were trained with
    and which must be in place before the first word is read (the tokenizer's own included); only
    they are read, not the whole trained pipeline a second time."""
    path = Path(name)
    if not path.is_dir():
        package = get_package_path(name)
        meta = get_model_meta(package)
        # the data folder inside a package, named as `spacy package` names it
        path = package / f"{meta['lang']}_{meta['name']}-{meta['version']}"
    vocab = create_vocab(lang, get_lang_class(lang).Defaults)
    vocab.lookups = Lookups().from_disk(path / "vocab")
    return vocab


def build_pipeline(name: str | None = None) -> Language:
    """The pipeline of `pipeline_config(name)`; PipelineError when it cannot be built."""
    config = pipeline_config(name)
    sources = [c["source"] for c in get_sourced_components(config.interpolate()).values()]
    try:
        vocab = trained_vocab(sources[0], config["nlp"]["lang"]) if sources else True
        return load_model_from_config(config, vocab=vocab, auto_fill=True)
    except (OSError, KeyError, ImportError) as exc:
        raise PipelineError(f"cannot build the spaCy pipeline from {pipeline_name(name)!r}: {exc}") from None


@lru_cache(maxsize=4)
def get_pipeline(name: str | None = None) -> Language:
    """The pipeline, built once per process."""
    return build_pipeline(name)
