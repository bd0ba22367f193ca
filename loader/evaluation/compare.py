"""How a gold value and a loaded one compare (../shared/gold/FORMAT.md, "Matching rules"):
names, titles and quotes after normalisation, dates as the periods they cover, and the gold
file's article keys against loaded source file names."""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

WORD_COVERAGE = 0.8  # a loaded quote inside the gold quote must cover this share of its words


def normalise_name(text: str) -> str:
    """Names compare case-insensitively without accents and punctuation."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


QUOTES = dict.fromkeys(map(ord, "‘’‚‛′`´"), "'") | dict.fromkeys(map(ord, "“”„‟″«»"), '"')
DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")


def normalise_title(text: str) -> str:
    """Titles: curly quotes to straight ones, dashes to '-', white space collapsed, case folded."""
    text = unicodedata.normalize("NFKC", str(text)).translate(QUOTES).translate(DASHES)
    return " ".join(text.split()).casefold()


def normalise_quote(text: str) -> str:
    """Quotes: lower-cased, every quote mark to ', every dash to -, white space collapsed, and the
    quote marks and punctuation at either end dropped (a quote may or may not carry its full stop)."""
    text = normalise_title(text).replace('"', "'")
    text = re.sub(r"\s*-\s*-\s*", " - ", text)
    text = " ".join(text.split())
    return text.strip(" '.,;:!?")


def quote_coverage(gold_quote: str, loaded_text: str) -> float:
    """How much of the gold quote the loaded text holds: 1.0 when the gold quote is inside it,
    the share of the gold quote's words when the loaded text is inside the gold quote, else 0."""
    g, t = normalise_quote(gold_quote), normalise_quote(loaded_text)
    if not g or not t:
        return 0.0
    if g in t:
        return 1.0
    if t in g:
        return len(t.split()) / len(g.split())
    return 0.0


def quote_matches(gold_quote: str, loaded_text: str) -> bool:
    return quote_coverage(gold_quote, loaded_text) >= WORD_COVERAGE


@dataclass(frozen=True)
class Period:
    """A date at its precision, or a range, as the closed interval of days it covers."""

    lo: dt.date
    hi: dt.date
    text: str

    def __str__(self) -> str:
        return self.text


def _iso_bounds(text: str) -> tuple[dt.date, dt.date]:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in m.groups())
    if day is not None:
        d = dt.date(year, month, day)
        return d, d
    if month is not None:
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: no month {month}")
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def parse_date(value) -> Period:
    """A gold or loaded date: "2021-07-28", "2023-03", "2023", a date, or {start: ..., end: ...}."""
    if isinstance(value, Period):
        return value
    if isinstance(value, dict):
        if set(value) != {"start", "end"}:
            raise ValueError(f"a date range needs exactly 'start' and 'end', got {sorted(value)}")
        start, end = parse_date(value["start"]), parse_date(value["end"])
        if end.hi < start.lo:
            raise ValueError(f"range ends ({end}) before it starts ({start})")
        return Period(start.lo, end.hi, f"{start}..{end}")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Period(value, value, value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    # a loaded literal may carry a time or a time zone; the calendar part is what counts
    text = re.sub(r"(T.*|Z|[+-]\d{2}:\d{2})$", "", text)
    lo, hi = _iso_bounds(text)
    return Period(lo, hi, text)


def lies_within(value: Period | None, period: Period | None) -> bool:
    """Equal, or finer and inside: "2023-12" lies within "2023"; "2023" not within "2023-03"."""
    if value is None or period is None:
        return False
    return period.lo <= value.lo and value.hi <= period.hi


@dataclass(frozen=True)
class GoldDate:
    """A gold date field: known (with its value) or `unknown` (with an optional true value)."""

    value: Period | None = None
    unknown: bool = False
    true: Period | None = None

    def __str__(self) -> str:
        if self.unknown:
            return "unknown" + (f" (true {self.true})" if self.true else "")
        return str(self.value)


def judge_date(loaded: Period | None, gold: GoldDate | None, exact: bool = False) -> str | None:
    """'right', 'wrong' or 'missing' for a loaded date against a gold date field (None: not scored).

    A known gold date wants the loaded date to lie within it (`exact`: to be the same date at the
    same precision). An unknown one wants no date, or one that lies within the true value."""
    if gold is None:
        return None
    if gold.unknown:
        if loaded is None or lies_within(loaded, gold.true):
            return "right"
        return "wrong"
    if loaded is None:
        return "missing"
    if exact:
        return "right" if (loaded.lo, loaded.hi) == (gold.value.lo, gold.value.hi) else "wrong"
    return "right" if lies_within(loaded, gold.value) else "wrong"


def source_matches(key: str, source: str) -> bool:
    """A gold file key names a loaded source: a prefix of its name; a key with '#' is one line."""
    if "#" in key:
        return source == key
    return source.startswith(key)


class SourceKeys:
    """The gold keys that name a loaded source (as `source_matches`), found in O(length of the
    source): comparing every source with every key is quadratic (docs/performance.md)."""

    def __init__(self, keys):
        self.keys = set(keys)

    def matching(self, source: str) -> list[str]:
        found = [source[:i] for i in range(1, len(source) + 1) if "#" not in source[:i] and source[:i] in self.keys]
        if "#" in source and source in self.keys:
            found.append(source)
        return found


class GoldByArticle:
    """The positions of gold items by the article keys they name, looked up for a loaded
    fact's sources through `SourceKeys`; an item that names no article fits every source."""

    def __init__(self, keys_of_items):
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.anywhere: list[int] = []
        for i, keys in enumerate(keys_of_items):
            for key in set(keys):
                self.by_key[key].append(i)
            if not keys:
                self.anywhere.append(i)
        self.keys = SourceKeys(self.by_key)

    def positions(self, sources: list[str]) -> list[int]:
        """In gold order, so that reports do not depend on the index."""
        found = set(self.anywhere)
        for source in sources:
            for key in self.keys.matching(source):
                found.update(self.by_key[key])
        return sorted(found)


def articles_overlap(keys: list[str], sources: list[str]) -> bool:
    """A gold entry's `articles` name one of a loaded fact's sources (no `articles`: any source)."""
    return not keys or any(source_matches(k, s) for k in keys for s in sources)
