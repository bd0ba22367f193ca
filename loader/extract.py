"""Run every fact kind's extractor over one article, in the registry's order (loader/facts).

Page chrome never reaches this point (`chrome.py` removed it), so no fact can come from it.
"""
from __future__ import annotations

from spacy.tokens import Doc

from .facts import KINDS
from .records import Article, ExtractionSettings, Facts  # noqa: F401 (ExtractionSettings is part of this API)


def extract_from_doc(doc: Doc, article: Article, settings: ExtractionSettings = ExtractionSettings()) -> Facts:
    found: dict = {}
    for kind in KINDS:
        found[kind.name] = kind.part("extract").extract(doc, article, found, settings)
    index = found.pop("actors")
    return Facts(actors=index.actors, **found)
