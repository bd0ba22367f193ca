"""Dates with their precision.

dateparser reads the absolute forms ("Feb 1, 2024", "1 February 2024", "2024-02-01"); it
invents a day for "June 2024" and a month for "2024", so the precision is decided here, from
which parts the text actually names (`REQUIRE_PARTS`), never from dateparser's filled-in value.
"""
from __future__ import annotations

import re
from datetime import date

import dateparser

from .records import DateValue

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

_M = rf"(?:{MONTHS})\.?"
# Absolute date expressions, most specific first. Named groups let callers see the parts.
ABSOLUTE_DATE = re.compile(
    rf"""(?x)
    (?P<iso>\b\d{{4}}-\d{{2}}-\d{{2}}(?=\D|$))
    | (?P<mdy>\b{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b)
    | (?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_M},?\s+\d{{4}}\b)
    | (?P<my>\b{_M},?\s+\d{{4}}\b)
    """,
)
WEEKDAY_PREFIX = re.compile(rf"\b(?P<weekday>{WEEKDAYS}),?\s*$")

_SETTINGS = {"DATE_ORDER": "MDY", "PREFER_LOCALE_DATE_ORDER": False}


def parse_absolute(text: str) -> DateValue | None:
    """The date an absolute expression names, at the precision it names; None if it names none."""
    text = text.strip()
    try:
        return DateValue.from_iso(text)
    except ValueError:
        pass
    for parts in (["day", "month", "year"], ["month", "year"]):
        parsed = dateparser.parse(text, languages=["en"], settings={**_SETTINGS, "REQUIRE_PARTS": parts})
        if parsed is not None:
            if parts[0] == "day":
                return DateValue(parsed.year, parsed.month, parsed.day)
            return DateValue(parsed.year, parsed.month)
    if re.fullmatch(r"(?:in\s+)?\d{4}", text):
        return DateValue(int(text[-4:]))
    return None


def find_absolute_dates(text: str):
    """Yield (start, end, DateValue, weekday or None) for each absolute date in `text`."""
    for m in ABSOLUTE_DATE.finditer(text):
        value = parse_absolute(m.group(0))
        if value is None:
            continue
        before = WEEKDAY_PREFIX.search(text[max(0, m.start() - 12):m.start()])
        yield m.start(), m.end(), value, (before.group("weekday") if before else None)


def weekday_matches(value: DateValue, weekday: str) -> bool:
    """True when a day-precision date falls on the named weekday ("Friday, April 14, 2023")."""
    if value.day is None:
        return False
    return date(value.year, value.month, value.day).strftime("%A").lower() == weekday.lower()
