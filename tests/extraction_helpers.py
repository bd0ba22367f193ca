"""Shared helpers for the extractor unit tests: build an Article around our own text and run
the extraction stages on it, in the order `extract.extract_from_doc` runs them.

Every sentence in the tests is written for the tests; none comes from the seed articles or the
examples folder. The default publication date, Thursday 14 March 2024, lets the date tests check
weekday arithmetic: "on Wednesday" is the 13th, "on Tuesday" the 12th, "next week" 18-24 March.
"""
from __future__ import annotations

from dataclasses import dataclass

from newsgraph.loader import records
from newsgraph.loader.facts.actors.extract import extract_actors
from newsgraph.loader.facts.actors.index import ActorIndex
from newsgraph.loader.facts.meetings.extract import extract_meetings
from newsgraph.loader.facts.offices.extract import extract_offices
from newsgraph.loader.facts.statements.extract import extract_statements
from newsgraph.loader.facts.actors.records import ActorRecord
from newsgraph.loader.facts.meetings.records import MeetingRecord
from newsgraph.loader.facts.offices.records import OfficeRecord
from newsgraph.loader.facts.statements.records import StatementRecord
from newsgraph.loader.records import DateValue
from spacy.tokens import Doc

PUBLISHED = DateValue(2024, 3, 14)  # a Thursday
_UNSET = object()


def make_article(text: str, published=_UNSET) -> records.Article:
    return records.Article(id="t1", source="t.txt", path="t.txt", checksum="", signature="", body=text,
                           language="en", published=PUBLISHED if published is _UNSET else published)


@dataclass
class Run:
    article: records.Article
    doc: Doc
    index: ActorIndex
    offices: list[OfficeRecord]
    meetings: list[MeetingRecord]
    statements: list[StatementRecord]

    @property
    def actors(self) -> dict[str, ActorRecord]:
        return self.index.actors

    def persons(self) -> list[ActorRecord]:
        return [a for a in self.actors.values() if a.kind == "person"]

    def person_names(self) -> set[str]:
        return {a.name for a in self.persons()}

    def key(self, name: str) -> str:
        """The key of the one person actor called `name` (its canonical name)."""
        keys = [a.key for a in self.persons() if a.name == name]
        assert len(keys) == 1, f"expected one person named {name!r}, got persons {self.describe_persons()}"
        return keys[0]

    def describe_persons(self) -> list[tuple[str, list[str]]]:
        return [(a.name, sorted(a.labels)) for a in self.persons()]

    def offices_of(self, name: str) -> set[tuple[str, str | None]]:
        key = self.key(name)
        return {(o.role, o.country) for o in self.offices if o.person == key}


def run(nlp, text: str, published=_UNSET, indirect: bool = False, stages: str = "all") -> Run:
    """Run the extractors over `text`; `stages` stops early ("actors", "offices", "meetings")."""
    article = make_article(text, published)
    doc = nlp(text)
    index = extract_actors(doc, article)
    offices = meetings = statements = []
    if stages != "actors":
        offices = extract_offices(doc, article, index)
    if stages not in ("actors", "offices"):
        meetings = extract_meetings(doc, article, index, offices)
    if stages == "all":
        statements = extract_statements(doc, article, index, offices, meetings, indirect=indirect)
    return Run(article, doc, index, offices, meetings, statements)
