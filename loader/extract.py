"""Run every extractor over one article: spaCy once, then actors, offices, meetings, statements.

Page chrome never reaches this point (`chrome.py` removed it), so no fact can come from it.
"""
from __future__ import annotations


from spacy.tokens import Doc

from .extract_actors import extract_actors
from .extract_meetings import extract_meetings
from .extract_offices import extract_offices
from .extract_statements import extract_statements
from .records import Article, ExtractionSettings, Facts  # noqa: F401 (ExtractionSettings is part of this API)


def extract_from_doc(doc: Doc, article: Article, settings: ExtractionSettings = ExtractionSettings()) -> Facts:
    index = extract_actors(doc, article)
    offices = extract_offices(doc, article, index)
    meetings = extract_meetings(doc, article, index, offices)
    statements = extract_statements(doc, article, index, offices, meetings, indirect=settings.indirect_speech)
    return Facts(actors=index.actors, offices=offices, meetings=meetings, statements=statements)
