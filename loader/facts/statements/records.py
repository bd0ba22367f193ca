"""The statements' record: something said, as one article quotes or reports it."""
from __future__ import annotations

from dataclasses import dataclass

from ...records import DateValue, Evidence


@dataclass
class StatementRecord:
    """Something said: the exact text, its speaker (None when unnamed), direct or indirect."""

    text: str
    kind: str  # "direct" | "indirect"
    evidence: Evidence
    speaker: str | None = None
    meeting: int | None = None  # index into the article's meetings
    date: DateValue | None = None
