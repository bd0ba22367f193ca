"""The offices' record: a person holding a post, as one article states it."""
from __future__ import annotations

from dataclasses import dataclass

from ...records import DateValue, Evidence


@dataclass
class OfficeRecord:
    """A person holding a post ("Chinese Defense Minister Wei Fenghe"), with its start if stated."""

    person: str
    role: str
    country: str | None
    evidence: Evidence
    organization: str | None = None
    start: DateValue | None = None
    start_evidence: Evidence | None = None
    end: DateValue | None = None
    end_evidence: Evidence | None = None
    attested: bool = True  # False: the article speaks of the holding only in the past
    title: str | None = None  # an `other` post's own name ("Minister of Finance"), which tells it from others
