"""Run every extractor over one article: spaCy once, then actors, offices, meetings, statements.

Page chrome never reaches this point (`chrome.py` removed it), so no fact can come from it.
"""
from __future__ import annotations


from spacy.tokens import Doc

from .facts.actors.extract import extract_actors
from .facts.meetings.extract import extract_meetings
from .facts.offices.extract import extract_offices
from .facts.statements.extract import extract_statements
from .records import Article, ExtractionSettings, Facts  # noqa: F401 (ExtractionSettings is part of this API)


def extract_from_doc(doc: Doc, article: Article, settings: ExtractionSettings = ExtractionSettings()) -> Facts:
    index = extract_actors(doc, article)
    offices = extract_offices(doc, article, index)
    meetings = extract_meetings(doc, article, index, offices)
    statements = extract_statements(doc, article, index, offices, meetings, indirect=settings.indirect_speech)
    return Facts(actors=index.actors, offices=offices, meetings=meetings, statements=statements)
