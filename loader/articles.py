"""From a SourceDocument to an Article: chrome removed, metadata read, language checked, ids made.

Publication dates are taken only where the input supports them as the story's date:
1. metadata the input states (JSON field, sidecar, HTML meta tag);
2. a dateline between the headline and the story ("Feb 1, 2024" under the headline);
3. a wire-style "... said Friday, April 14, 2023" in the story whose weekday agrees with the date.
Anything else (a site banner above the headline, a date in a teaser) is not the story's date,
and the publication date stays unknown.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources

import yaml

from .chrome import remove_chrome
from .dates import find_absolute_dates, parse_absolute, weekday_matches
from .language import non_english_reason
from .reading import metadata_problem
from .records import Article, DateValue, Evidence, InputError, Skipped, SourceDocument

# Bump when extraction changes: the load signature includes it, so reloading re-extracts.
PIPELINE_VERSION = "2"

REPORTED_ON = re.compile(
    r"(?i)\b(?:said|says|announced|reported|stated|confirmed|told\s+reporters)\s+(?:on\s+)?$"
)


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    text = resources.files("newsgraph.loader.data").joinpath("outlets.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


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


def find_published(header: list[str], body: str, article_id_: str) -> tuple[DateValue | None, Evidence | None]:
    """The story's date from its dateline, else from a weekday-checked "said Friday, <date>"."""
    for line in header:
        for _, _, value, _ in find_absolute_dates(line):
            return value, Evidence(article_id_, "rule:dateline", sentence=line, confidence=0.9)
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

