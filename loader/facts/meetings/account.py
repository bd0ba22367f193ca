"""A story's account of one person's day: how far its date and place carry to the sentences after it."""
from __future__ import annotations

from ...dates import When
from .records import MeetingRecord


ACCOUNT_SENTENCES = 2  # how far a lede's date and place carry to the sentences telling the same day


def _carry(m: MeetingRecord, when: When, place: str | None, principal: str) -> None:
    """ "X on Friday held talks with A. He also met B.": an undated held meeting of the person
    whose day the preceding sentences tell happened that day, and where that day was."""
    if m.status != "held" or m.kind not in ("in_person",) or principal not in m.participants:
        return
    if when is not None and m.start is None:
        m.start, m.end = when.start, (when.end if when.is_range else None)
    if place is not None and m.place is None:
        m.place = place
