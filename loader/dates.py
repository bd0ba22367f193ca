"""Dates with their precision.

dateparser reads the absolute forms ("Feb 1, 2024", "1 February 2024", "2024-02-01"); it
invents a day for "June 2024" and a month for "2024", so the precision is decided here, from
which parts the text actually names (`REQUIRE_PARTS`), never from dateparser's filled-in value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

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
    | (?P<mdy>\b{_M}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,\s*|\s+)\d{{4}}\b)
    | (?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_M},?\s+\d{{4}}\b)
    | (?P<dmy_hyphen>\b\d{{1,2}}-{_M}-\d{{4}}\b)
    | (?P<my>\b{_M},?\s+\d{{4}}\b)
    """,
)
# All-number dates ("06/09/2025", "06.09.2025"): day and month order is the page's locale, so
# these are read only where something else settles it (`numeric_date_orders`).
NUMERIC_DATE = re.compile(r"(?<![\d/.])(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})(?![\d/.]|\.\d)")
TIME_OF_DAY = re.compile(r"(?i)\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:IST|GMT|UTC|BST|CET|CEST|EST|EDT|PST|PDT|ET|PT))?\b")
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


# -- time expressions in a sentence, resolved against the article's date ----------------------

MONTH_NUMBERS = {m.lower(): i for i, m in enumerate(
    "January February March April May June July August September October November December".split(), start=1)}
MONTH_NUMBERS.update({k[:3]: v for k, v in list(MONTH_NUMBERS.items())})
MONTH_NUMBERS["sept"] = 9
WEEKDAY_NUMBERS = {d.lower(): i for i, d in enumerate(WEEKDAYS.split("|"))}

_RANGE = re.compile(
    rf"(?i)^(?:from\s+)?(?P<month>{MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|through|until|and)\s*"
    rf"(?:(?P<month2>{MONTHS})\.?\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?$"
)
_MONTH_DAY = re.compile(rf"(?i)^(?:on\s+)?(?:(?P<weekday>{WEEKDAYS}),?\s+)?(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?$")
_DAY_MONTH = re.compile(rf"(?i)^(?:on\s+)?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{MONTHS})\.?$")
_MONTH_ONLY = re.compile(rf"(?i)^(?:in\s+|early\s+|late\s+|mid-?\s*)?(?P<month>{MONTHS})\.?$")
_NAMED_MONTH = re.compile(rf"(?i)^(?P<which>last|next)\s+(?P<month>{MONTHS})\.?$")
_WEEKDAY = re.compile(rf"(?i)^(?:on\s+|last\s+|this\s+past\s+|this\s+|next\s+|coming\s+)?(?P<weekday>{WEEKDAYS})(?:\s+(?:morning|afternoon|evening|night))?$")
_RELATIVE = re.compile(
    r"(?i)^(?:(?:the\s+)?(?:end|beginning|start|middle|close)\s+of\s+|(?:early|late|earlier|later)\s+)?"
    r"(?P<which>last|this|next|previous|past|coming)\s+(?P<unit>week|month|year)$"
)
_YEAR = re.compile(r"(?i)^(?:in\s+|a\s+|the\s+|early\s+|late\s+)?(?P<year>(?:19|20)\d{2})$")


@dataclass(frozen=True)
class When:
    """A resolved time: one date, or a start and end; `derived_by` says which rule read it."""

    start: DateValue
    end: DateValue | None = None
    derived_by: str = ""

    @property
    def is_range(self) -> bool:
        return self.end is not None and self.end != self.start


def _as_date(v: DateValue) -> date:
    return date(v.year, v.month, v.day)


def _from_date(d: date) -> DateValue:
    return DateValue(d.year, d.month, d.day)


def _year_for(month: int, day: int | None, anchor: DateValue, future: bool) -> int:
    """The year of a month(/day) with no year: the occurrence nearest the anchor in the right direction."""
    a_month, a_day = anchor.month or 12, anchor.day or 31
    later = (month, day or 0) > (a_month, a_day if day else 0)
    earlier = (month, day or 99) < (a_month, a_day if day else 99) if anchor.month else False
    if future:
        return anchor.year + 1 if earlier else anchor.year
    return anchor.year - 1 if later else anchor.year


def resolve_time(text: str, anchor: DateValue | None, future: bool = False) -> When | None:
    """Resolve one time expression ("on Wednesday", "April 16-19", "last month", "July 28, 2021").

    `anchor` is the article's publication date; expressions that need it resolve to None when
    it is unknown or too coarse. `future` says the event is announced, not past: "on Sunday"
    then means the coming Sunday. Vague expressions ("recently") give None: no guess.
    """
    t = " ".join(text.replace("’", "'").split()).strip(" ,.")
    t = re.sub(rf"(?i)\b({MONTHS})\.(?=\d)", r"\1. ", t)  # "Dec.13 2024", a tokenizer-split glued day
    t = re.sub(r"\s*[()]\s*", " ", t).strip()  # "Saturday (December 14)": the date in brackets
    t = re.sub(r"(?i)^(?:on|in|from|since|during|by)\s+(?=\S)", "", t) if not _RANGE.match(t) else t
    t = re.sub(r"(?i)^the\s+(?=(?:end|beginning|start|middle|close)\b)", "", t)
    named = re.match(rf"(?i)^(?P<weekday>{WEEKDAYS}),?\s+(?P<rest>.+)$", t)
    if named and ABSOLUTE_DATE.fullmatch(named.group("rest")):
        # "Tuesday, June 21, 2022", "Friday Dec. 13, 2024": the weekday must agree with the date
        value = parse_absolute(named.group("rest"))
        if value is None or not weekday_matches(value, named.group("weekday")):
            return None
        return When(value, derived_by="date:absolute")
    absolute = ABSOLUTE_DATE.fullmatch(t)
    if absolute or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", t):
        value = parse_absolute(t)
        return When(value, derived_by="date:absolute") if value else None
    m = _YEAR.match(t)
    if m:
        return When(DateValue(int(m.group("year"))), derived_by="date:year")
    m = _RANGE.match(t)
    if m:
        month = MONTH_NUMBERS[m.group("month").lower()[:4] if m.group("month").lower().startswith("sept") else m.group("month").lower()[:3]]
        month2 = MONTH_NUMBERS[m.group("month2").lower()[:3]] if m.group("month2") else month
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        if m.group("year"):
            year = int(m.group("year"))
        elif anchor is not None:
            year = _year_for(month, d1, anchor, future)
        else:
            return None
        try:
            start, end = date(year, month, d1), date(year + (1 if month2 < month else 0), month2, d2)
        except ValueError:
            return None
        if end < start:
            return None
        return When(_from_date(start), _from_date(end), derived_by="date:range")
    if anchor is None:
        return None
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        m = pattern.match(t)
        if m:
            month = MONTH_NUMBERS[m.group("month").lower()[:3]]
            day = int(m.group("day"))
            try:
                value = _from_date(date(_year_for(month, day, anchor, future), month, day))
            except ValueError:
                return None
            weekday = m.groupdict().get("weekday")
            if weekday and not weekday_matches(value, weekday):
                return None  # "Monday, March 3" in a year where the 3rd is no Monday: which is wrong?
            return When(value, derived_by="date:month-day")
    m = _MONTH_ONLY.match(t)
    if m:
        month = MONTH_NUMBERS[m.group("month").lower()[:3]]
        return When(DateValue(_year_for(month, None, anchor, future), month), derived_by="date:month")
    m = _NAMED_MONTH.match(t)
    if m and anchor.month:
        # "last October": the latest October before the story's month; "next March" the first after it
        month, last = MONTH_NUMBERS[m.group("month").lower()[:3]], m.group("which").lower() == "last"
        if last:
            year = anchor.year if month < anchor.month else anchor.year - 1
        else:
            year = anchor.year if month > anchor.month else anchor.year + 1
        return When(DateValue(year, month), derived_by="date:named-month")
    m = _RELATIVE.match(t)
    if m:
        which, unit = m.group("which").lower(), m.group("unit").lower()
        step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "coming": 1}[which]
        if unit == "year":
            return When(DateValue(anchor.year + step), derived_by="date:relative-year")
        if unit == "month":
            if anchor.month is None:
                return None
            index = anchor.year * 12 + (anchor.month - 1) + step
            return When(DateValue(index // 12, index % 12 + 1), derived_by="date:relative-month")
        if anchor.day is None:
            return None
        monday = _as_date(anchor) - timedelta(days=_as_date(anchor).weekday()) + timedelta(weeks=step)
        return When(_from_date(monday), _from_date(monday + timedelta(days=6)), derived_by="date:relative-week")
    m = _WEEKDAY.match(t)
    if m:
        if anchor.day is None:
            return None
        target = WEEKDAY_NUMBERS[m.group("weekday").lower()]
        base = _as_date(anchor)
        lower = t.lower()
        if lower.startswith(("next", "coming")):
            future = True
        elif lower.startswith(("last", "this past")):
            future = False
        if future:
            delta = (target - base.weekday()) % 7
            if delta == 0 and lower.startswith(("next", "coming")):
                delta = 7
        else:
            delta = -((base.weekday() - target) % 7)
            if delta == 0 and lower.startswith(("last", "this past")):
                delta = -7  # "last Thursday" in a Thursday story is a week ago
        return When(_from_date(base + timedelta(days=delta)), derived_by="date:weekday")
    low = t.lower()
    if low in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return When(anchor, derived_by="date:today") if anchor.day else None
    if low in ("yesterday", "tomorrow"):
        if anchor.day is None:
            return None
        shift = -1 if low == "yesterday" else 1
        return When(_from_date(_as_date(anchor) + timedelta(days=shift)), derived_by="date:" + low)
    return None
