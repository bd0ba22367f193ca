"""Run every fact kind's extractor over one article, in the registry's order (loader/facts).

Page chrome never reaches this point (`chrome.py` removed it), so no fact can come from it.
"""
from __future__ import annotations

from spacy.tokens import Doc

from . import facts as fact_kinds
from .records import Article, ExtractionSettings, Facts  # noqa: F401 (ExtractionSettings is part of this API)


def extract_from_doc(doc: Doc, article: Article, settings: ExtractionSettings = ExtractionSettings()) -> Facts:
    """Each kind's records, its extractor given those of the kinds before it (by kind name)."""
    found: dict = {}
    for kind in fact_kinds.KINDS:
        found[kind.name] = kind.part("extract").extract(doc, article, found, settings)
    return Facts(**found)
