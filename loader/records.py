"""Plain typed records that flow through the loader.

Readers produce `SourceDocument`s, chrome removal and metadata turn them into `Article`s,
each fact kind's extractor returns its records (loader/facts/<kind>/records.py), which carry
their `Evidence`. Only `rdf.py` and the kinds' graph parts know how these map onto the
ontology, so everything up to them is tested without a store.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from types import SimpleNamespace


class Precision(str, Enum):
    """How much of a date the text determines; the RDF datatype follows from it."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class DateValue:
    """A calendar date known to a precision: `2023-03` is March 2023, not 1 March."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()

    @classmethod
    def from_iso(cls, text: str) -> "DateValue":
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part after `T` or a space is ignored)."""
        import datetime as _dt

        head = text.strip().replace(" ", "T").split("T", 1)[0]
        parts = head.split("-")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
            raise ValueError(f"not an ISO date: {text!r}")
        nums = [int(p) for p in parts]
        if len(nums) == 3:
            _dt.date(*nums)  # raises ValueError on 2023-02-30
            return cls(nums[0], nums[1], nums[2])
        if len(nums) == 2:
            if not 1 <= nums[1] <= 12:
                raise ValueError(f"not a month: {text!r}")
            return cls(nums[0], nums[1])
        return cls(nums[0])


@dataclass(frozen=True)
class Evidence:
    """Where a fact was read: offsets index into `Article.body`."""

    article_id: str
    derived_by: str
    sentence: str | None = None
    start: int | None = None
    end: int | None = None
    confidence: float | None = None


@dataclass
class SourceDocument:
    """One article as read from an input, before any cleaning.

    `source` names it for people ("a.txt", "feed.jsonl#3"); `metadata` holds what the input
    states outright (JSON fields, a sidecar, HTML meta tags), which wins over what is read off
    the text.
    """

    source: str
    path: str
    text: str
    metadata: dict = field(default_factory=dict)
    encoding: str = "utf-8"
    title_hint: str | None = None


@dataclass
class Article:
    """A cleaned article: the story text, its metadata, and where each piece came from."""

    id: str
    source: str
    path: str
    checksum: str
    signature: str
    body: str
    language: str
    title: str | None = None
    published: DateValue | None = None
    published_evidence: Evidence | None = None
    outlet: str | None = None
    url: str | None = None
    dropped_lines: int = 0


@dataclass
class Skipped:
    """An input deliberately not loaded (not an error), with the reason."""

    source: str
    reason: str


class InputError(Exception):
    """An input that cannot be read; the message names the file and the reason."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason

    def __reduce__(self):  # crosses process boundaries from extraction workers
        return (InputError, (self.source, self.reason))


# -- facts read from one article (each kind's record classes live in loader/facts/<kind>/records.py)

class Facts(SimpleNamespace):
    """Everything extracted from one article: each fact kind's records under its name, as its
    extractor returned them (loader/facts: `facts.meetings` is a list of MeetingRecord, `facts.actors`
    the ActorIndex); a new kind needs no field here."""


@dataclass(frozen=True)
class ExtractionSettings:
    """Choices of what to extract (see `extract.extract_from_doc`)."""

    indirect_speech: bool = True  # reported speech ("X said that ..."), kind indirect; off: direct quotes only
