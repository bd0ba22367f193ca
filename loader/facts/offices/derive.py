"""The offices' part of the derived graph: one tenure per (person, post).

Start from the most precise statement, first and last attestation from the articles'
publication dates (articles with no date attest nothing); for posts with one holder at a time,
a holder's end is the next holder's start where an article states that succession, or the
holding is attested within the month before the successor began (otherwise a holder the
corpus does not know may have come between).
"""
from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterator
from itertools import groupby
from operator import itemgetter

from pyoxigraph import NamedNode

from newsgraph.ontology import terms

from ...derive_context import DeriveContext, bucket, fact_hash, parsed_date, precision_rank, text
from ...disk_sort import RecordFile, merge_join
from ...records import DateValue, Precision

SINGLE_HOLDER = {"defence_minister", "foreign_minister", "head_of_state", "head_of_government", "party_leader"}


def derive(context: DeriveContext) -> None:
    """One tenure per (person, post), from the local tenures sorted on disk by person and post:
    what stays in memory is a summary per tenure, not the reports (see `tenure_reports`).
    Each (article, tenure) pair is `context.reported_in`."""
    base, add = context.base, context.add
    reports, stated = tenure_reports(context, context.persons)
    tenures = []
    roles: dict[str, str] = {}
    for (person, post), group in groupby(reports, key=itemgetter(0, 1)):
        node = NamedNode(f"{base}id/tenure/{fact_hash(person, post)}")
        starts, ends, seen, articles, last_article = [], [], set(), 0, None
        in_articles, succeeded_in, attested_in = set(), set(), set()
        for _, _, article, t, _, role, country, start, end, when, guessed, succeeded in group:
            # a country guessed from the dateline gives way to one an article states for the
            # same person and role ("Foreign Minister Wang Yi" in a Washington story is China's)
            known = stated.get((person, role))
            if guessed and known and country is not None and country not in known:
                continue
            roles[post] = role.rsplit("/", 1)[-1]
            if start is not None:
                starts.append(parsed_date(start))
            if end is not None:
                ends.append(parsed_date(end))
            if when is not None:
                seen.add(parsed_date(when))
                attested_in.add(article)
            in_articles.add(article)
            if succeeded:
                succeeded_in.add(article)
            if article != last_article:
                context.reported_in(node, article)
                articles, last_article = articles + 1, article
            add(NamedNode(t), terms.ng("resolvesTo"), node)
        if not articles:
            continue
        dates = sorted(seen)
        tenures.append({"node": node, "person": person, "post": post, "start": _best(starts), "end": _best(ends),
                        "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
                        "articles": articles, "in": in_articles, "succeeded_in": succeeded_in,
                        "attested_in": attested_in})
    del stated
    by_post: dict[str, list] = defaultdict(list)
    for t in tenures:
        by_post[t["post"]].append(t)
    for post, ts in by_post.items():
        if roles.get(post) not in SINGLE_HOLDER:
            continue
        ordered = sorted(ts, key=tenure_sort_key)
        for cur, nxt in zip(ordered, ordered[1:]):
            if nxt["start"] is None or cur.get("end") is not None:
                continue  # an end an article states wins over one inferred from the successor
            begin = cur["start"] or cur["first"]
            if begin is not None and nxt["start"].iso() + "\uffff" < begin.iso():
                continue
            if cur["last"] is not None and cur["last"].iso() > nxt["start"].iso() + "\uffff":
                continue  # still attested in office after the successor began: a conflict, no end
            if not (cur["succeeded_in"] & nxt["in"]) and not _gap_closed(cur["last"], nxt["start"]):
                continue  # someone the corpus does not know may have held the post in between
            cur["end"] = nxt["start"]
        _next_holder_began(ts)
        _former_before_current(ts)
    for t in tenures:
        node = t["node"]
        add(node, terms.RDF_TYPE, terms.ng("Tenure"))
        add(node, terms.ng("holder"), NamedNode(t["person"]))
        add(node, terms.ng("post"), NamedNode(t["post"]))
        for key, prop in (("start", "start"), ("end", "end"), ("first", "firstAttested"), ("last", "lastAttested"),
                          ("next_began", "nextHolderBegan")):
            if t.get(key) is not None:
                add(node, terms.ng(prop), t[key])
        add(node, terms.ng("sourceCount"), t["articles"])
        add(node, terms.ng("bucket"), bucket(node.value))


def tenure_reports(context: DeriveContext, mapping: RecordFile) -> tuple[Iterator[tuple], dict]:
    """Each article's statements that a person holds a post (the local ng:Tenure nodes), with
    the resolved person, sorted on disk by (person, post, article); and for each (person,
    role), the countries articles state rather than guess from a dateline.

    Records: (person, post, article, local tenure, n, role, country, start, end, seen,
    guessed, succeeded), dates as their text; n numbers the rows, so that records never tie;
    `succeeded`: the article states that someone succeeded the holder in this post."""
    rows = context.articles("""
        SELECT ?p ?t ?post ?role ?country ?start ?end ?seen ?guess ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?t a ng:Tenure ; ng:holder ?p ; ng:post ?post ; prov:wasDerivedFrom ?a .
            ?post ng:role ?role .
            OPTIONAL { ?post ng:postCountry ?country }
            OPTIONAL { ?t ng:start ?start } OPTIONAL { ?t ng:end ?end } OPTIONAL { ?t ng:firstAttested ?seen }
            OPTIONAL { ?t ng:evidence/ng:derivedBy ?guessed FILTER(?guessed IN ("rule:title-dateline-country", "rule:title-home-country")) BIND(true AS ?guess) }
            OPTIONAL { ?t ng:evidence/ng:derivedBy ?succ FILTER(?succ IN ("rule:succeeded-by", "rule:replaced-by-successor")) } } }""")
    by_holder = context.sort(((r["p"].value, n, *(text(r[v]) for v in ("t", "post", "role", "country", "start", "end", "seen", "a")),
                        r["guess"] is not None, r["succ"] is not None) for n, r in enumerate(rows)))
    stated: dict[tuple[str, str], set[str]] = defaultdict(set)

    def resolved():
        for person, (_, n, t, post, role, country, start, end, seen, article, guessed, succeeded) in merge_join(iter(mapping), by_holder):
            if person is None:
                continue
            person = person[1]
            if not guessed and country is not None:
                stated[(person, role)].add(country)
            yield person, post, article, t, n, role, country, start, end, seen, guessed, succeeded

    # the sort reads all its input before it gives its first record: `stated` is complete then
    return context.sort(resolved()), stated


def _best(dates: list[DateValue]) -> DateValue | None:
    """The most precise of the dates (then the earliest)."""
    return min(dates, key=lambda d: (precision_rank(d, None), d.iso())) if dates else None


def _gap_closed(last: DateValue | None, successor_start: DateValue) -> bool:
    """Whether a holding last attested on `last` leaves no room for an unknown holder before a
    successor who began on `successor_start`: attested within the month before it began."""
    if last is None:
        return False
    from datetime import date, timedelta
    import calendar

    def bounds(d: DateValue) -> tuple[date, date]:
        if d.day is not None:
            return date(d.year, d.month, d.day), date(d.year, d.month, d.day)
        if d.month is not None:
            return date(d.year, d.month, 1), date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        return date(d.year, 1, 1), date(d.year, 12, 31)

    return bounds(last)[1] >= bounds(successor_start)[0] - timedelta(days=31)


def _last_day_key(d: DateValue) -> str:
    """A date's text, followed by "~" when it is coarse: sorts after every day of its period
    (the key the canned queries compare; see queries/README.md)."""
    return d.iso() if d.precision is Precision.DAY else d.iso() + "~"


def _next_holder_began(tenures: list[dict]) -> None:
    """For each holding of one single-holder post, when another holder is first known to begin
    (their start, else their first attestation) after it was last seen (its last attestation,
    else its start). `holders-on` uses it to stop a holding with no known end from counting
    past its successor's arrival; stored so that the query needs no pairs of holdings.
    O(k log k) for the k holdings of the post."""
    began = sorted(((t["start"] or t["first"]).iso(), i) for i, t in enumerate(tenures) if t["start"] or t["first"])
    keys = [k for k, _ in began]
    for i, t in enumerate(tenures):
        seen = t["last"] or t["start"]
        if seen is None:
            continue
        at = bisect.bisect_right(keys, _last_day_key(seen))
        while at < len(began) and tenures[began[at][1]]["person"] == t["person"]:
            at += 1
        if at < len(began):
            other = tenures[began[at][1]]
            t["next_began"] = other["start"] or other["first"]


def _former_before_current(tenures: list[dict]) -> None:
    """A holding no article dates or attests, only mentioned in the past ("former president X"),
    came before the holder those articles report in office: its next holder began no later than
    the earliest such holder's start (else first attestation). The `tenures` query sorts it by
    that, so that it is listed before them rather than after every dated holder."""
    for t in tenures:
        if t["start"] or t["first"] or t.get("end") or t.get("next_began"):
            continue
        current = [o["start"] or o["first"] for o in tenures if o["person"] != t["person"]
                   and o["attested_in"] & t["in"] and (o["start"] or o["first"])]
        if current:
            t["next_began"] = min(current, key=_last_day_key)


def tenure_sort_key(t: dict) -> tuple:
    """Order holders as the `tenures` query does: by start, else first attestation, else a stated
    end; a coarse date sorts by its last day; on a tie a holding known only by its end first."""
    d = t["start"] or t["first"] or t.get("end")
    if d is None:
        return ("9999", 1)
    return (d.iso() + "\uffff", 1 if t["start"] is not None else 0)

