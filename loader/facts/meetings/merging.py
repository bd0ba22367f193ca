"""One meeting told several times in an article: compatible dates and places, and folding the
mentions into one record.
"""
from __future__ import annotations

from spacy.tokens import Token

from ...lexicon import lexicon
from .records import MeetingRecord
from .wording import _framing


def _absorb_talks_into_framing_visit(found: list[tuple[MeetingRecord, Token]]) -> list[MeetingRecord]:
    """ "During Nowak's visit to Hanoi, he will hold talks with X": the talks are part of the
    visit. A call made during a visit stays a call of its own."""
    visits = [m for m, t in found if m.kind == "visit" and _framing(t) and m.visitor]
    out = []
    for m, _ in found:
        host = next((v for v in visits if m.kind == "in_person" and v.visitor in m.participants
                     and dates_compatible(m, v)), None)
        if host is None:
            out.append(m)
            continue
        fold_into(host, m)
    return out


def _interval(m: MeetingRecord) -> tuple[str, str] | None:
    if m.start is None:
        return None
    lo = m.start.iso()
    hi = (m.end or m.start).iso()
    return lo, hi + "\uffff"  # a coarser date covers its finer days


def dates_compatible(a: MeetingRecord, b: MeetingRecord) -> bool:
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return True
    return ia[0] <= ib[1] and ib[0] <= ia[1]


def _width(m: MeetingRecord) -> tuple:
    """How vague a meeting's date is: precision first, then the length of a range in days."""
    if m.start is None:
        return (9, 0)
    precision = {"day": 0, "month": 1, "year": 2}[(m.end or m.start).precision.value]
    days = 0
    if m.end is not None and m.start.day and m.end.day:
        from datetime import date
        days = (date(m.end.year, m.end.month, m.end.day) - date(m.start.year, m.start.month, m.start.day)).days
    return (precision, days)


def places_compatible(a: str | None, b: str | None) -> bool:
    """Equal, unknown, or a capital and its country ("Beijing" and "China")."""
    if a is None or b is None or a == b:
        return True
    lex = lexicon()
    capitals = lex.capitals
    if capitals.get(a.lower()) == b or capitals.get(b.lower()) == a:
        return True
    # "in Russia" and "in Kazan": a city that is no other country's capital may lie in the country
    for country, city in ((a, b), (b, a)):
        if country in lex.countries and city not in lex.countries and city.lower() not in capitals:
            return True
    return False


def _more_specific(a: str | None, b: str | None) -> str | None:
    """Of two compatible places, the city rather than its country."""
    if a is None or b is None:
        return a or b
    countries = lexicon().countries
    return b if a in countries and b not in countries else a


def fold_into(target: MeetingRecord, m: MeetingRecord) -> None:
    """Merge another mention of the same meeting: the union of people, the most precise date,
    the first place, planned if any mention announces it, every piece of evidence once."""
    for p in m.participants:
        if p not in target.participants:
            target.participants.append(p)
    if _width(m) < _width(target):
        target.start, target.end = m.start, m.end
    target.place = _more_specific(target.place, m.place) if target.kind == "in_person" else target.place or m.place
    target.visitor = target.visitor or m.visitor
    target.host = target.host or m.host
    # a plan told in the past tense ("was set to sit down with Y") yields to the story's report
    # of the meeting held ("held talks with Y"); any other plan makes the meeting planned
    if m.status != target.status:
        plan = m if m.status == "planned" else target
        if plan.status_from == "past-plan":
            target.status, target.status_from = "held", None
        else:
            target.status, target.status_from = "planned", plan.status_from
    spans = {(e.start, e.end) for e in target.evidence}
    target.evidence.extend(e for e in m.evidence if (e.start, e.end) not in spans)


def merge_within_article(meetings: list[MeetingRecord]) -> list[MeetingRecord]:
    merged: list[MeetingRecord] = []
    for m in meetings:
        # one report's people must include the other's: [Li] and [Li, Shoigu] are one visit,
        # [Xi, Blinken] and [Wang, Blinken] on the same day are two meetings
        candidates = [
            (len(set(m.participants) & set(o.participants)), n) for n, o in enumerate(merged)
            if o.kind == m.kind and (set(m.participants) <= set(o.participants) or set(o.participants) <= set(m.participants)
                                     or (m.kind == "visit" and m.visitor is not None and m.visitor == o.visitor))
            and dates_compatible(m, o)
            and places_compatible(m.place, o.place)
        ]
        if not candidates:
            merged.append(m)
            continue
        _, n = max(candidates)
        fold_into(merged[n], m)
    for o in merged:
        if o.kind == "visit" and o.host is None and o.visitor:
            others = [p for p in o.participants if p != o.visitor]
            o.host = others[0] if len(others) == 1 else None
    return merged
