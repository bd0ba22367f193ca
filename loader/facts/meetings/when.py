"""When a meeting is: the date a sentence gives it, read against the story's day."""
from __future__ import annotations

import calendar
import re

from spacy.tokens import Doc, Span, Token

from ...dates import MONTHS, WEEKDAYS, When, find_absolute_dates, resolve_time, weekday_matches
from ...records import Article, DateValue
from .wording import NOT_EVENT_TIME, SPEECH_VERBS, _clause_verb
from .scope import _in_describing_clause, _in_scope, _offset_clause, _under_reference_point


def sentence_dates(doc: Doc) -> dict[int, list[Span]]:
    """The DATE entities of each sentence (by its first token), read once per document: a
    sentence's `ents` walks every entity of the document, so asking it per meeting made a long
    story quadratic."""
    out: dict[int, list[Span]] = {}
    starts = sorted(s.start for s in doc.sents)
    import bisect
    for ent in doc.ents:
        if _day_time(ent):
            out.setdefault(starts[bisect.bisect_right(starts, ent.start) - 1], []).append(ent)
    return out


# "this morning", "tonight": the tagger calls them times, but they name the story's own day
DAY_PARTS = {"this morning", "this afternoon", "this evening", "tonight"}


def _day_time(ent: Span) -> bool:
    return ent.label_ == "DATE" or ent.label_ == "TIME" and (
        ent.text.lower() in DAY_PARTS or bool(LATER_TODAY.match(ent.text)) or _hours_off(ent))


HOURS = re.compile(r"(?i)^(?:only\s+|just\s+|a\s+few\s+|several\s+|some\s+)?hours(?:\s+(?:earlier|later|before|ago))?$")


def _hours_off(ent: Span) -> bool:
    """ "only hours earlier", "hours later", "earlier in the day": the story's own day."""
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    return bool(HOURS.match(ent.text)) and (ent[-1].lower_ in ("earlier", "later", "before", "ago") or (
        after is not None and after.lower_ in ("earlier", "later", "before", "ago"))) \
        or bool(re.match(r"(?i)^(?:earlier|later)\s+in\s+the\s+day$", ent.text))


def _date_ents(sent: Span, dates: dict[int, list[Span]] | None) -> list[Span]:
    if dates is None:
        return [e for e in sent.ents if _day_time(e)]
    return [e for e in dates.get(sent.start, ()) if e.end <= sent.end]


def _when(sent: Span, trigger: Token, article: Article, planned_hint: bool,
          root: Token | None = None, dates: dict[int, list[Span]] | None = None,
          anchor: DateValue | None = None, kind: str = "") -> When | None:
    """The time expression of the meeting: the DATE entity nearest the trigger, in the meeting's
    own clause, not tied to reporting."""
    best = None
    for ent in _date_ents(sent, dates):
        if ent.start > 0 and sent.doc[ent.start - 1].lower_ in NOT_EVENT_TIME:
            continue  # "the first talks since November 2022": a reference point, not the date
        # dates in the meeting's own clause come first; a date elsewhere in the sentence counts
        # only when it does not sit in a clause about something else ("who took office in May")
        point = _under_reference_point(ent.root, root if root is not None else sent.root, trigger)
        if point and not (point in ("after", "following") and _names_a_day(ent)):
            # "after his trip in June 2023", "following a September call": the date of another,
            # earlier event; but "talk following the ceremony on Friday, Dec. 13" is that day
            continue
        in_scope = root is None or _in_scope(ent.root, root, trigger, kind)  # a visit's programme is its own
        if not in_scope and (_in_describing_clause(ent.root, trigger) or root is not None and _offset_clause(root)):
            continue  # "On Sunday X met Y, a day before Y and Z met": Sunday is not the second meeting's
        head = ent.root.head
        if head.dep_ == "prep":
            head = head.head
        if head.lemma_.lower() in SPEECH_VERBS and head.i != _clause_verb(trigger).i:
            continue
        text = ent.text
        doc = sent.doc
        if ent.end + 1 < sent.end and doc[ent.end].lower_ == "and" and doc[ent.end + 1].like_num \
                and re.fullmatch(r"\d{1,2}", doc[ent.end + 1].text):
            text = f"{text} and {doc[ent.end + 1].text}"  # "on May 1 and 2": the two days
        when = resolve_time(_told_year(text, article.published or anchor), article.published or anchor,
                            future=planned_hint)
        when = _rest_of_month(text, when, article.published)
        if when is None:
            continue
        distance = (0 if in_scope else 1, min(abs(ent.start - trigger.i), abs(ent.end - trigger.i)))
        if best is None or distance < best[0]:
            best = (distance, when)
    return best[1] if best else None


MONTH_OF_TOLD_YEAR = re.compile(rf"(?i)^(?:in\s+)?(?P<month>{MONTHS})\.?\s+(?P<which>this|last|next)\s+year$")
LATER_TODAY = re.compile(r"(?i)^(?:earlier|later)\s+(?:today|this\s+(?:morning|afternoon|evening))$")


def _rest_of_month(text: str, when: When | None, published: DateValue | None) -> When | None:
    """ "later this month": from the story's day to the month's end, not the whole month."""
    if when is None or published is None or published.day is None or not REST_OF_MONTH.search(text):
        return when
    last = calendar.monthrange(published.year, published.month)[1]
    if published.day >= last:
        return when
    return When(published, DateValue(published.year, published.month, last), derived_by="date:rest-of-month")


REST_OF_MONTH = re.compile(r"(?i)\blater\s+(?:this|in\s+the)\s+month\b")


def _told_year(text: str, published: DateValue | None) -> str:
    """ "February this year", "March last year": the month in the year the story names by its
    own; "earlier today" is today; "last month's" is last month."""
    text = re.sub(r"\s*['’]s$", "", text)  # "last month's video call", "Friday's talks"
    text = re.sub(rf"(?i)^(?:early|late)\s+(?:on\s+)?(?=(?:{WEEKDAYS})$)", "", text)  # "early Wednesday"
    if LATER_TODAY.match(text) or HOURS.match(text) or re.match(r"(?i)^(?:earlier|later)\s+in\s+the\s+day$", text):
        return "today"  # only reached for a time that `_day_time` let through
    m = MONTH_OF_TOLD_YEAR.match(text.strip())
    if m is None or published is None:
        return text
    year = published.year + {"this": 0, "last": -1, "next": 1}[m.group("which").lower()]
    return f"{m.group('month')} {year}"


def _names_a_day(ent: Span) -> bool:
    """Whether a date names a day ("Friday Dec. 13, 2024", "on Monday"), not a month or year."""
    return bool(re.search(rf"\b(?:{WEEKDAYS})\b|\b\d{{1,2}}\b(?!\d)", ent.text)) and not re.fullmatch(r"\s*\d{4}\s*", ent.text)


def _recent(when: When, published: DateValue, days: int = 7) -> bool:
    """Whether a dated event falls within the week before publication."""
    if when.start.day is None or published.day is None:
        return False
    from datetime import date
    event = date(when.start.year, when.start.month, when.start.day)
    pub = date(published.year, published.month, published.day)
    return 0 <= (pub - event).days <= days


LEDE_DAY = re.compile(rf"\b(?P<weekday>{WEEKDAYS})\s*[,(]?\s*$")


def _lede_day(doc: Doc) -> DateValue | None:
    """The day a story without a publication date tells, where its lede names it with its
    weekday ("receives this Wednesday (May 31, 2023) his counterpart"): weekday and date must
    agree. "On Monday" later in the story is then read from that day."""
    text = doc.text[:1500]
    for start, _end, value, _ in find_absolute_dates(text):
        m = LEDE_DAY.search(text[max(0, start - 14):start])
        if m and value.day is not None and weekday_matches(value, m.group("weekday")):
            return value
    return None
