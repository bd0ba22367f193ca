"""The meetings' record: a meeting, visit or call, as one article reports it."""
from __future__ import annotations

from dataclasses import dataclass

from ...records import DateValue, Evidence


@dataclass
class MeetingRecord:
    """A meeting, visit or call; `start`/`end` hold a date or an interval, each at its precision."""

    kind: str  # "in_person" | "visit" | "phone_call" | "video_call"
    participants: list[str]
    status: str  # "held" | "planned"
    evidence: list[Evidence]
    start: DateValue | None = None
    end: DateValue | None = None
    place: str | None = None
    host: str | None = None
    visitor: str | None = None
    framework: str | None = None
    # where a "planned" status came from: "past-plan" when a planning word in the past tense
    # gave it ("was set to meet", "were due to hold talks"), a plan the story may report kept
    status_from: str | None = None
