"""From a SourceDocument to an Article: chrome removed, metadata read, language checked, ids made.

Publication dates are taken only where the input supports them as the story's date:
1. metadata the input states (JSON field, sidecar, HTML meta tag);
2. a date line between the headline and the story ("Published 6 November 2023", "Feb 1, 2024",
   a date glued to a byline, "September 25, 2023 12:28 pm | Updated ...");
3. a dateline opening one of the first paragraphs ("OTTAWA, March 14, 2025 —", "Addis Ababa,
   February 11, 2019 (FBC) –", "WASHINGTON (Agency - 10th September, 2018)");
4. an all-number date line ("06/09/2025") when the page settles its day and month order: a
   part over 12, another all-number date on the page with one, or a dateline naming the month;
5. a wire-style "... said Friday, April 14, 2023" in the story whose weekday agrees with the date.
Anything else (a site banner above the headline, a date in a teaser) is not the story's date,
and the publication date stays unknown.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date

from .chrome import is_dateline, outlets, remove_chrome
from .dates import ABSOLUTE_DATE, MONTH_NUMBERS, MONTHS, NUMERIC_DATE, find_absolute_dates, parse_absolute, \
    weekday_matches
from .language import non_english_reason
from .reading import metadata_problem
from .records import Article, DateValue, Evidence, InputError, Skipped, SourceDocument

# Bump when extraction changes: the load signature includes it, so reloading re-extracts.
PIPELINE_VERSION = "7"

REPORTED_ON = re.compile(
    r"(?i)\b(?:said|says|announced|reported|stated|confirmed|told\s+reporters)\s+(?:on\s+)?$"
)


# "Last updated at Jun 01,2023": a later date than the story's own, skipped while another is there
UPDATED_BEFORE = re.compile(r"(?i)\b(?:updated|modified|edited|revised)\b[^|]{0,20}$")
# A dateline opening a paragraph: a place in capitals or title case, the date (or an agency's
# parenthesis holding it), then the dash, colon or parenthesis that starts the story.
OPENING = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]*(?:[ \-][A-Z][\w.'’-]*){0,3})\s*(?:,\s*|\s+(?=\())"
    r"(?P<rest>\([^()]{4,90}\)|[^—–:()]{4,60}?(?:\s*\([^()]{1,40}\))?)"
    r"\s*(?:—|–|--|\s-\s|:\s|(?<=\))\s+(?=[A-Z“\"]))"
)
MONTH_DAY = re.compile(rf"\b(?P<month>{MONTHS})\.?\s+(?P<day>\d{{1,2}})\b|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTHS})\b")


def article_id(text: str) -> tuple[str, str]:
    """(short id, checksum) from the text as read; the same text gets the same IRIs everywhere."""
    normal = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    digest = hashlib.sha256(normal.encode("utf-8")).hexdigest()
    return digest[:16], f"sha256:{digest}"


def load_signature(checksum: str, metadata: dict, extraction: str = "") -> str:
    """`extraction`: the pipeline and settings the facts come from (`load.extraction_key`)."""
    payload = json.dumps({"c": checksum, "m": metadata, "v": PIPELINE_VERSION, "x": extraction}, sort_keys=True,
                         default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def _metadata_date(value, source: str) -> DateValue:
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise InputError(source, f"metadata 'published' must be a date string, not {type(value).__name__}")
    parsed = parse_absolute(value)
    if parsed is None:
        raise InputError(source, f"metadata 'published' is not a date: {value!r}")
    return parsed


def _line_date(line: str) -> DateValue | None:
    """The first date a date line names that is not an update's."""
    found = list(find_absolute_dates(line))
    for start, _, value, _ in found:
        if not UPDATED_BEFORE.search(line[max(0, start - 30):start]):
            return value
    return found[0][2] if found else None


def opening_dateline(paragraph: str) -> tuple[DateValue, str] | None:
    """The date of a dateline that opens `paragraph` ("OTTAWA, March 14, 2025 — ..."), with the
    dateline's text; None when the paragraph opens otherwise."""
    m = OPENING.match(paragraph)
    if not m:
        return None
    rest = m.group("rest")
    date_m = ABSOLUTE_DATE.search(rest)
    if not date_m:
        return None
    # nothing but the date, a weekday and an agency in parentheses beside the place
    leftover = ABSOLUTE_DATE.sub(" ", rest)
    leftover = re.sub(r"\([^()]*\)?|\)", " ", leftover)
    if re.search(r"\b[a-z]", re.sub(r"(?i)\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", " ", leftover)):
        return None
    value = parse_absolute(date_m.group(0))
    return (value, paragraph[:m.end()].strip()) if value else None


def numeric_date_orders(text: str) -> set[str]:
    """The day and month orders ("dmy", "mdy") the page's all-number dates allow as a whole: a date
    with a first part over 12 is day first, one with a second part over 12 month first."""
    orders = set()
    for m in NUMERIC_DATE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a > 12 >= b:
            orders.add("dmy")
        elif b > 12 >= a:
            orders.add("mdy")
    return orders


def _numeric_value(m: re.Match, order: str) -> DateValue | None:
    a, b, year = int(m.group("a")), int(m.group("b")), int(m.group("year"))
    day, month = (a, b) if order == "dmy" else (b, a)
    try:
        date(year, month, day)
    except ValueError:
        return None
    return DateValue(year, month, day)


def numeric_dateline(header: list[str], body: str) -> tuple[DateValue, str] | None:
    """An all-number date line under the headline, when the page settles which part is the day."""
    for line in header:
        m = NUMERIC_DATE.search(line)
        if not m or not is_dateline(line):
            continue
        a, b = int(m.group("a")), int(m.group("b"))
        orders = {"dmy"} if a > 12 else {"mdy"} if b > 12 else set()
        if a == b:
            orders = {"dmy"}
        if not orders:
            orders = numeric_date_orders("\n".join(header) + "\n" + body)
        if not orders:
            # a dateline naming the month settles it: "BANGKOK, Sept 6, (AP):" under "06/09/2025"
            opening = "\n".join(p[:80] for p in body.split("\n\n")[:3])
            for md in MONTH_DAY.finditer(opening):
                month = MONTH_NUMBERS[(md.group("month") or md.group("month2")).lower()[:3]]
                day = int(md.group("day") or md.group("day2"))
                orders |= {o for o, (d, mo) in (("dmy", (a, b)), ("mdy", (b, a))) if (d, mo) == (day, month)}
        if len(orders) != 1:
            return None
        value = _numeric_value(m, orders.pop())
        return (value, line) if value else None
    return None


def find_published(header: list[str], body: str, article_id_: str) -> tuple[DateValue | None, Evidence | None]:
    """The story's date from its date line or dateline, else from a weekday-checked "said Friday, <date>"."""
    for line in header:
        if is_dateline(line):
            value = _line_date(line)
            if value is not None:
                return value, Evidence(article_id_, "rule:dateline", sentence=line, confidence=0.9)
    offset = 0
    for paragraph in body.split("\n\n")[:3]:
        found = opening_dateline(paragraph)
        if found:
            return found[0], Evidence(article_id_, "rule:opening-dateline", sentence=found[1], start=offset,
                                      end=offset + len(found[1]), confidence=0.9)
        offset += len(paragraph) + 2
    found = numeric_dateline(header, body)
    if found:
        return found[0], Evidence(article_id_, "rule:numeric-dateline", sentence=found[1], confidence=0.8)
    for start, end, value, weekday in find_absolute_dates(body):
        if weekday is None or not weekday_matches(value, weekday):
            continue
        before = body[max(0, start - 60):start]
        before = before[: before.rfind(weekday)] if weekday in before else before
        if REPORTED_ON.search(before):
            sent_start = max(body.rfind(". ", 0, start) + 2, body.rfind("\n", 0, start) + 1, 0)
            return value, Evidence(article_id_, "rule:reported-on-weekday-date", sentence=body[sent_start:end],
                                   start=start, end=end, confidence=0.8)
    return None, None


def find_outlet(header: list[str], body: str) -> str | None:
    """An agency named in a dateline: "BEIJING (AP) —", "MOSCOW, June 3 (Reuters) -"."""
    known = outlets()
    first = body.split("\n\n", 1)[0][:120]
    for line in [*header, first]:
        for m in re.finditer(r"\(([^()]{2,30})\)", line):
            name = m.group(1).strip()
            if name in known and (line is not first or m.start() < 60):
                return known[name]
    return None


def prepare_article(doc: SourceDocument) -> Article | Skipped:
    """Clean one document; raises InputError when it cannot be read as an article."""
    meta = doc.metadata
    problem = metadata_problem(meta)
    if problem:
        raise InputError(doc.source, problem)
    reason = non_english_reason(doc.text, meta.get("language"))
    if reason:
        return Skipped(doc.source, reason)
    short_id, checksum = article_id(doc.text)
    cleaned = remove_chrome(doc.text, title_hint=meta.get("title") or doc.title_hint)
    if not cleaned.paragraphs:
        raise InputError(doc.source, "no story text left after removing page chrome")
    published, evidence = None, None
    if meta.get("published") is not None:
        published = _metadata_date(meta["published"], doc.source)
        evidence = Evidence(short_id, "metadata:published", sentence=str(meta["published"]), confidence=1.0)
    else:
        published, evidence = find_published(cleaned.header, cleaned.body, short_id)
    title = meta.get("title") or cleaned.title
    outlet = meta.get("outlet") or cleaned.outlet_from_title or find_outlet(cleaned.header, cleaned.body)
    url = meta.get("url")
    if url is not None and not re.match(r"^[a-z][a-z0-9+.-]*://\S+$", str(url), re.I):
        raise InputError(doc.source, f"metadata 'url' is not an absolute URL: {url!r}")
    return Article(
        id=short_id,
        source=doc.source,
        path=doc.path,
        checksum=checksum,
        signature=load_signature(checksum, meta),
        body=cleaned.body,
        language="en",
        title=title,
        published=published,
        published_evidence=evidence,
        outlet=outlet,
        url=url,
        dropped_lines=len(cleaned.dropped),
    )

