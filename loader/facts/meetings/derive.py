"""The meetings' part of the derived graph: the same kind with the same people on compatible
dates is one meeting; an undated report joins the one dated meeting it can belong to, and is
left alone when there are several.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date as _day
from itertools import groupby
from operator import itemgetter

from pyoxigraph import NamedNode

from newsgraph.ontology import terms

from ...derive_context import DeriveContext, bucket, fact_hash, parsed_date, precision_rank, text
from ...disk_sort import RecordFile, merge_join
from ...records import DateValue
from .merging import places_compatible


def derive(context: DeriveContext) -> None:
    """One meeting per cluster of reports (`cluster_reports`); each (article, meeting) pair
    is `context.reported_in`."""
    base, add = context.base, context.add
    place_labels = meeting_place_labels(context)
    for reps in meeting_reports(context, context.persons):
        kind, people = reps[0].kind, reps[0].people
        for cluster in cluster_reports(reps):
            best = min(cluster, key=lambda r: (precision_rank(r.start, r.end), r.article))
            key_date = best.start.iso() if best.start else "undated"
            node = NamedNode(f"{base}id/meeting/{fact_hash(kind, *sorted(people), key_date, min(r.iri for r in cluster))}")
            add(node, terms.RDF_TYPE, terms.ng(kind))
            for p in sorted(people):
                add(node, terms.ng("participant"), NamedNode(p))
            for role in ("host", "visitor"):
                who = next((getattr(r, role) for r in cluster if getattr(r, role)), None)
                if who:
                    add(node, terms.ng(role), NamedNode(who))
            if best.start is not None:
                if best.end is not None and best.end != best.start:
                    add(node, terms.ng("startDate"), best.start)
                    add(node, terms.ng("endDate"), best.end)
                    for year in range(best.start.year, best.end.year + 1):  # how a date range finds it
                        add(node, terms.ng("spanYear"), DateValue(year))
                else:
                    add(node, terms.ng("date"), best.start)
            place = cluster_place(cluster, place_labels)
            if place is not None:
                add(node, terms.ng("place"), NamedNode(place))
            status = "held" if any(r.status == "held" for r in cluster) else "planned"
            add(node, terms.ng("status"), terms.ng(status))
            srcs = sorted({r.article for r in cluster})
            for a in srcs:
                context.reported_in(node, a)
            add(node, terms.ng("sourceCount"), len(srcs))
            add(node, terms.ng("bucket"), bucket(node.value))
            for r in cluster:
                add(NamedNode(r.iri), terms.ng("resolvesTo"), node)


@dataclass(slots=True)
class MeetingReport:
    """One article's report of a meeting (a local meeting node), compactly."""
    iri: str
    kind: str
    people: frozenset[str]  # resolved person IRIs
    article: str
    start: DateValue | None = None
    end: DateValue | None = None
    status: str = "held"
    place: str | None = None
    host: str | None = None
    visitor: str | None = None
    published: DateValue | None = None  # the reporting article's date


def meeting_reports(context: DeriveContext, mapping: RecordFile) -> Iterator[list[MeetingReport]]:
    """Each article's reports of a meeting (the local meeting nodes) with their resolved people,
    a group at a time: the reports of one kind of meeting between the same people, in order of
    date (what `cluster_reports` takes). Participants and meetings are sorted on disk and joined
    by merging, so that no record of every report stays in memory."""
    rows = context.articles("""
        SELECT ?p ?m ?role WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            { ?m ng:participant ?p BIND("participant" AS ?role) } UNION { ?m ng:host ?p BIND("host" AS ?role) }
            UNION { ?m ng:visitor ?p BIND("visitor" AS ?role) } } }""")
    by_person = context.sort(((r["p"].value, r["m"].value, r["role"].value) for r in rows), unique=True)
    by_meeting = context.sort(((m, role, person[1]) for person, (_, m, role) in merge_join(iter(mapping), by_person)
                        if person is not None), unique=True)

    def roles_of_meetings():
        for m, group in groupby(by_meeting, key=itemgetter(0)):
            people, roles = set(), {}
            for _, role, person in group:
                if role == "participant":
                    people.add(person)
                else:
                    roles[role] = person
            if people:
                yield m, tuple(sorted(people)), roles.get("host"), roles.get("visitor")

    rows = context.articles("""
        SELECT ?m ?type ?a ?date ?sd ?ed ?status ?place ?pub WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?m ng:status ?status ; a ?type ; prov:wasDerivedFrom ?a .
            FILTER(?type IN (ng:InPersonMeeting, ng:Visit, ng:PhoneCall, ng:VideoCall))
            OPTIONAL { ?m ng:date ?date } OPTIONAL { ?m ng:startDate ?sd } OPTIONAL { ?m ng:endDate ?ed }
            OPTIONAL { ?m ng:place ?place } OPTIONAL { ?a schema:datePublished ?pub } } }""")
    meetings = context.sort(((r["m"].value, n, *(text(r[v]) for v in ("type", "a", "date", "sd", "ed", "status", "place", "pub")))
                      for n, r in enumerate(rows)))

    def joined():
        for found, (m, n, kind, article, date, sd, ed, status, place, pub) in merge_join(roles_of_meetings(), meetings):
            if found is None:
                continue
            _, people, host, visitor = found
            yield (kind.rsplit("#", 1)[-1], people, date or sd or "", m, n, article, ed,
                   status.rsplit("#", 1)[-1], place, host, visitor, pub)

    for (kind, people), group in groupby(context.sort(joined()), key=itemgetter(0, 1)):
        frozen = frozenset(people)
        yield [MeetingReport(m, kind, frozen, article, parsed_date(start) if start else None,
                             parsed_date(end) if end else None, status, place, host, visitor,
                             published_date(pub))
               for _, _, start, m, _, article, end, status, place, host, visitor, pub in group]


def published_date(value: str | None) -> DateValue | None:
    try:
        return parsed_date(value) if value else None
    except ValueError:
        return None


def meeting_place_labels(context: DeriveContext) -> dict[str, str]:
    """The names of the places meetings are held at (one IRI per name across articles)."""
    rows = context.articles("""
        SELECT DISTINCT ?place ?label WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?m ng:place ?place . ?place rdfs:label ?label } }""")
    return {r["place"].value: r["label"].value for r in rows}


def cluster_place(cluster: list[MeetingReport], labels: dict[str, str]) -> str | None:
    """The place of a meeting: the first article's, except that where the reports agree the more
    precise one wins ("in Russia" in one report, "in Russia's Kazan" in another: Kazan)."""
    places = list(dict.fromkeys(r.place for r in sorted(cluster, key=lambda r: r.article) if r.place is not None))
    if not places:
        return None
    place = places[0]
    countries = {p for p in places if "/id/country/" in p}
    if place in countries:
        named = {p: labels.get(p) for p in places}
        finer = [p for p in places if p not in countries and named[p] is not None]
        if named[place] is not None and all(places_compatible(named[place], named[p]) for p in places) \
                and len({named[p] for p in finer}) == 1:
            place = finer[0]
    return place


def cluster_reports(reps: list[MeetingReport]) -> list[list[MeetingReport]]:
    """Group reports of one kind and one set of people into meetings by their dates."""
    dated = sorted((r for r in reps if r.start is not None), key=lambda r: r.start.iso())
    undated = [r for r in reps if r.start is None]
    clusters: list[list[MeetingReport]] = []
    for r in dated:
        iv = _interval(r.start, r.end)
        for c in clusters:
            if all(_overlap(iv, _interval(o.start, o.end)) for o in c):
                c.append(r)
                break
        else:
            clusters.append([r])
    if undated:
        if len(clusters) == 1:
            # an undated report placed elsewhere than the one dated meeting tells another meeting
            places = {o.place for o in clusters[0] if o.place is not None}
            elsewhere = [u for u in undated if u.place is not None and places and u.place not in places]
            clusters[0].extend(u for u in undated if u not in elsewhere)
            clusters.extend([u] for u in elsewhere)
        elif not clusters:
            clusters.append(undated)
        else:
            dated_clusters = list(clusters)
            for u in undated:
                target = _undated_home(u, dated_clusters)
                if target is not None:
                    target.append(u)
                else:
                    clusters.append([u])
    return clusters


def _undated_home(u: MeetingReport, clusters: list[list[MeetingReport]]) -> list[MeetingReport] | None:
    """The one dated meeting an undated report of the same people tells, where several are
    known: the only one at the report's place ("met X at the summit in Bali"), else, for a
    meeting held, the only one within the week before the report's article was published
    (news tells the talks just held)."""
    if u.place is not None:
        same = [c for c in clusters if any(o.place == u.place for o in c)]
        if len(same) == 1:
            return same[0]
    if u.status == "held" and u.published is not None and u.published.day is not None:
        pub = _day(u.published.year, u.published.month, u.published.day)

        def days_before(o: MeetingReport) -> int | None:
            if o.start is None or o.start.day is None or o.start.month is None:
                return None
            return (pub - _day(o.start.year, o.start.month, o.start.day)).days

        recent = [c for c in clusters if any(d is not None and 0 <= d <= 7 for d in map(days_before, c))]
        if len(recent) == 1:
            return recent[0]
    return None


def _interval(start: DateValue | None, end: DateValue | None) -> tuple[str, str] | None:
    if start is None:
        return None
    return start.iso(), (end or start).iso() + "\uffff"


def _overlap(a, b) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


