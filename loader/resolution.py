"""Cross-article resolution: one node per real person, one per real meeting, one tenure per holding.

Reads what the article graphs hold and computes the derived graph from it alone, so adding or
removing an article and recomputing gives the same result as loading the final set at once.

- Persons: full names that are equal after normalisation or close transliterations ("Sergei"
  / "Sergey Shoigu", rapidfuzz) are one person; a surname-only person ("Shoigu") joins the one
  person whose first or last name it is, and when several share it, the one holding the same
  post in that article (context decides). Names are compared only within blocks that share a
  name token, so the cost grows with the number of distinct names times the block size, not
  with the square of the corpus.
- Tenures: one per (person, post); start from the most precise statement, first and last
  attestation from the articles' publication dates (articles with no date attest nothing);
  for posts with one holder at a time, a holder's end is the next holder's start.
- Meetings: the same kind with the same people on compatible dates is one meeting; an undated
  report joins the one dated meeting it can belong to, and is left alone when there are several.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode

from . import rdf
from .extract_actors import normalize_name, same_full_name  # noqa: F401 (same_full_name is part of this module's API)
from .records import DateValue, Precision
from .store import TripleSpool

PREFIX = """
PREFIX ng: <https://w3id.org/newsgraph/ns#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
SINGLE_HOLDER = {"defence_minister", "foreign_minister", "head_of_state", "head_of_government", "party_leader"}


@dataclass(slots=True)
class LocalPerson:
    """A person as one article names them. There is one per mention, so a large corpus has
    hundreds of thousands: the label sets are frozensets, and the empty one is shared."""
    iri: str
    article: str
    label: str
    labels: frozenset[str] = frozenset()  # every name the article gives them, the label included
    posts: frozenset[str] = frozenset()  # the posts the article says they hold


def _q(store, sparql: str):
    """Run a query over the article graphs only (not the derived or ontology graphs)."""
    prefix = Literal(f"{store.base}graph/article/")
    return store.query(PREFIX + sparql.replace("?prefix", str(prefix)))


def _date(lit) -> DateValue | None:
    return _parsed_date(lit.value) if lit is not None else None


@functools.lru_cache(maxsize=65536)
def _parsed_date(text: str) -> DateValue:
    """One shared DateValue per date: a large corpus repeats the same few thousand dates.
    Emptied at the end of each derivation (see `derive`)."""
    return DateValue.from_iso(text)


def _local_persons(store) -> dict[str, LocalPerson]:
    persons: dict[str, LocalPerson] = {}
    copies: dict[frozenset, frozenset] = {}  # one copy of each distinct set (most are one name or one post)

    def shared(items: frozenset) -> frozenset:
        return copies.setdefault(items, items)

    for r in _q(store, """
        SELECT ?p ?a ?label ?alt WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?p a ng:Person ; skos:prefLabel ?label ; prov:wasDerivedFrom ?a .
            OPTIONAL { ?p skos:altLabel ?alt } } }"""):
        iri = r["p"].value
        lp = persons.get(iri)
        if lp is None:
            label = sys.intern(r["label"].value)
            lp = persons[iri] = LocalPerson(iri, sys.intern(r["a"].value), label, shared(frozenset((label,))))
        if r["alt"] is not None:
            lp.labels = shared(lp.labels | {r["alt"].value})
    for r in _q(store, """
        SELECT ?p ?post WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix)) ?t a ng:Tenure ; ng:holder ?p ; ng:post ?post } }"""):
        lp = persons.get(r["p"].value)
        if lp is not None:
            lp.posts = shared(lp.posts | {r["post"].value})
    return persons


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def resolve_persons(persons: dict[str, LocalPerson]) -> dict[str, str]:
    """Local person IRI -> cluster id (a representative local IRI).

    Every mention of a person in an article is a local person, so a well-known name has tens of
    thousands of them. Comparisons are made between distinct normalised names, never between
    mentions: mentions with the same full name are one person at once, and full names are
    compared pairwise only within blocks sharing a first or last name. The cost is O(mentions)
    plus O(sum over blocks of distinct names squared), which does not grow with the corpus once
    the names are known (comparing mentions was quadratic: 100,000 articles never finished)."""
    uf = UnionFind()
    by_name: dict[str, list[str]] = defaultdict(list)  # normalised full name -> its mentions
    for iri, p in persons.items():
        uf.find(iri)
        if len(p.label.split()) >= 2:
            by_name[normalize_name(p.label)].append(iri)
    name_posts: dict[str, set[str]] = defaultdict(set)
    for name, iris in by_name.items():
        for other in iris[1:]:
            uf.union(iris[0], other)
        for iri in iris:
            name_posts[name] |= persons[iri].posts
    blocks: dict[str, list[str]] = defaultdict(list)  # first or last name -> distinct full names
    for name in by_name:
        parts = name.split()
        for token in {parts[0], parts[-1]}:
            blocks[token].append(name)
    for names in blocks.values():
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                if uf.find(by_name[a][0]) != uf.find(by_name[b][0]) and same_full_name(a, b):
                    uf.union(by_name[a][0], by_name[b][0])
    for iri, p in persons.items():
        if len(p.label.split()) >= 2:
            continue
        names = blocks.get(normalize_name(p.label), [])
        candidates = {uf.find(by_name[n][0]) for n in names}
        if len(candidates) > 1 and p.posts:
            by_post = {uf.find(by_name[n][0]) for n in names if name_posts[n] & p.posts}
            candidates = by_post or candidates
        if len(candidates) == 1:
            uf.union(iri, next(iter(candidates)))
    return {iri: uf.find(iri) for iri in persons}


def _canonical(labels: list[str]) -> str:
    """The fullest, most frequent form: most words, then most mentions, then alphabetical."""
    counts: dict[str, int] = defaultdict(int)
    for label in labels:
        counts[label] += 1
    return sorted(counts, key=lambda s: (-len(s.split()), -counts[s], s))[0]


def _interval(start: DateValue | None, end: DateValue | None) -> tuple[str, str] | None:
    if start is None:
        return None
    return start.iso(), (end or start).iso() + "\uffff"


def _overlap(a, b) -> bool:
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def _precision_rank(start: DateValue | None, end: DateValue | None) -> tuple:
    if start is None:
        return (9, 0)
    days = 0
    if end is not None:
        from datetime import date
        if start.day and end.day:
            days = (date(end.year, end.month, end.day) - date(start.year, start.month, start.day)).days
    return ({"day": 0, "month": 1, "year": 2}[start.precision.value], days)


def _hash(*parts) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:12]


def derive(store) -> TripleSpool:
    """Every triple of the derived graph, computed from the article graphs, as N-Triples text
    without the final dot (what `GraphStore.update_graph` compares and writes), spooled to a
    temporary file rather than held in memory."""
    base = store.base
    triples = TripleSpool(store.path)

    def add(s, p, o):
        if isinstance(o, str):
            o = Literal(o)
        elif isinstance(o, DateValue):
            o = rdf.date_literal(o)
        elif isinstance(o, int):
            o = Literal(str(o), datatype=NamedNode(rdf.XSD + "integer"))
        triples.add(f"{s} {p} {o}")

    try:
        global_of = _derive_persons(store, base, add)
        _copy_shared_nodes(store, add)
        _derive_organizations(store, base, add)
        _derive_tenures(store, base, global_of, add)
        _derive_meetings(store, base, global_of, add)
    finally:
        # the shared dates were allocated among the pass's records and would outlive them,
        # each keeping a block of the heap in use: 22 MB of it on 100,000 articles
        _parsed_date.cache_clear()
    return triples


def _derive_persons(store, base, add) -> dict[str, NamedNode]:
    """One node per resolved person; returns the person node of each local person IRI."""
    persons = _local_persons(store)
    clusters = resolve_persons(persons)
    members: dict[str, list[str]] = defaultdict(list)
    for iri, root in clusters.items():
        members[root].append(iri)
    del clusters
    global_of: dict[str, NamedNode] = {}
    used_names: dict[str, str] = {}
    for root, iris in sorted(members.items()):
        labels = [persons[i].label for i in iris]
        name = _canonical(labels)
        node = rdf.person_iri(base, name)
        if node.value in used_names and used_names[node.value] != root:
            node = NamedNode(f"{node.value}-{_hash(root)[:6]}")  # two people, one name
        used_names[node.value] = root
        add(node, rdf.RDF_TYPE, rdf.ng("Person"))
        add(node, rdf.PREF_LABEL, name)
        for label in sorted({lab for i in iris for lab in persons[i].labels} - {name}):
            add(node, rdf.ALT_LABEL, label)
        for a in sorted({persons[i].article for i in iris}):
            add(node, rdf.ng("mentionedIn"), NamedNode(a))
        for i in iris:
            add(NamedNode(i), rdf.ng("resolvesTo"), node)
            global_of[i] = node
    return global_of


def _copy_shared_nodes(store, add) -> None:
    """Posts, countries and places have one IRI across articles, and each article graph that
    uses one repeats its description; the derived graph holds one copy, so queries over it need
    not read (and multiply) the copies of every article.

    The few hundred nodes are found first, then each one's distinct triples in the article
    graphs (an article that uses a node writes its whole description): on 100,000 articles
    1 s, where one DISTINCT over every copy of every node took 28 s."""
    skip = f"{rdf.derived_graph(store.base)}, {rdf.ONTOLOGY_GRAPH}"  # what is not an article graph
    nodes = store.query(PREFIX + f"""
        SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?type }} VALUES ?type {{ ng:Post ng:Country ng:Place }}
            FILTER(?g NOT IN ({skip})) }}""")
    for node in sorted(r["s"].value for r in nodes):
        for r in store.query(PREFIX + f"""
                SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{node}> ?p ?o }}
                    FILTER(?g NOT IN ({skip}) && ?p != ng:evidence) }}"""):
            add(NamedNode(node), r["p"], r["o"])


def _derive_organizations(store, base, add) -> None:
    rows = _q(store, """
        SELECT ?o ?label ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix)) ?o a ng:Organization ; skos:prefLabel ?label ; prov:wasDerivedFrom ?a } }""")
    by_name: dict[str, list] = defaultdict(list)
    for r in rows:
        by_name[normalize_name(r["label"].value)].append(r)
    for norm, rs in sorted(by_name.items()):
        name = _canonical([r["label"].value for r in rs])
        node = rdf.organization_iri(base, name)
        add(node, rdf.RDF_TYPE, rdf.ng("Organization"))
        add(node, rdf.PREF_LABEL, name)
        for r in rs:
            add(r["o"], rdf.ng("resolvesTo"), node)
            add(node, rdf.ng("mentionedIn"), r["a"])


@dataclass(slots=True)
class TenureReport:
    """One article's statement that a person holds a post (a local ng:Tenure), compactly."""
    iri: str
    person: str  # the resolved person's IRI
    post: str
    role: str
    country: str | None
    start: DateValue | None
    end: DateValue | None
    seen: DateValue | None
    guessed_country: bool
    article: str


def _tenure_reports(store, global_of) -> list[TenureReport]:
    reports = []
    for r in _q(store, """
        SELECT ?t ?p ?post ?role ?country ?start ?end ?seen ?guess ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?t a ng:Tenure ; ng:holder ?p ; ng:post ?post ; prov:wasDerivedFrom ?a .
            ?post ng:role ?role .
            OPTIONAL { ?post ng:postCountry ?country }
            OPTIONAL { ?t ng:start ?start } OPTIONAL { ?t ng:end ?end } OPTIONAL { ?t ng:firstAttested ?seen }
            OPTIONAL { ?t ng:evidence/ng:derivedBy "rule:title-dateline-country" BIND(true AS ?guess) } } }"""):
        person = global_of.get(r["p"].value)
        if person is None:
            continue
        country = r["country"]
        reports.append(TenureReport(
            r["t"].value, sys.intern(person.value), sys.intern(r["post"].value), sys.intern(r["role"].value),
            sys.intern(country.value) if country is not None else None,
            _date(r["start"]), _date(r["end"]), _date(r["seen"]), r["guess"] is not None, sys.intern(r["a"].value)))
    return reports


def _derive_tenures(store, base, global_of, add) -> None:
    rows = _tenure_reports(store, global_of)
    # a country guessed from the dateline gives way to one an article states for the same
    # person and role ("Foreign Minister Wang Yi" in a Washington story is China's)
    stated = defaultdict(set)
    for r in rows:
        if not r.guessed_country and r.country is not None:
            stated[(r.person, r.role)].add(r.country)
    groups: dict[tuple[str, str], list[TenureReport]] = defaultdict(list)
    roles: dict[str, str] = {}
    for r in rows:
        known = stated.get((r.person, r.role))
        if r.guessed_country and known and r.country is not None and r.country not in known:
            continue
        groups[(r.person, r.post)].append(r)
        roles[r.post] = r.role.rsplit("/", 1)[-1]
    del rows, stated
    tenures = []
    for (person, post), rs in sorted(groups.items()):
        starts = [r.start for r in rs if r.start is not None]
        start = min(starts, key=lambda d: (_precision_rank(d, None), d.iso())) if starts else None
        dates = sorted({r.seen for r in rs if r.seen is not None})
        ends = [r.end for r in rs if r.end is not None]
        end = min(ends, key=lambda d: (_precision_rank(d, None), d.iso())) if ends else None
        tenures.append({"person": person, "post": post, "start": start, "end": end, "first": dates[0] if dates else None,
                        "last": dates[-1] if dates else None, "articles": sorted({r.article for r in rs}),
                        "locals": [r.iri for r in rs]})
    del groups
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
            cur["end"] = nxt["start"]
        _next_holder_began(ts)
    for t in tenures:
        node = NamedNode(f"{base}id/tenure/{_hash(t['person'], t['post'])}")
        add(node, rdf.RDF_TYPE, rdf.ng("Tenure"))
        add(node, rdf.ng("holder"), NamedNode(t["person"]))
        add(node, rdf.ng("post"), NamedNode(t["post"]))
        for key, prop in (("start", "start"), ("end", "end"), ("first", "firstAttested"), ("last", "lastAttested"),
                          ("next_began", "nextHolderBegan")):
            if t.get(key) is not None:
                add(node, rdf.ng(prop), t[key])
        for a in t["articles"]:
            add(node, rdf.ng("reportedIn"), NamedNode(a))
        add(node, rdf.ng("sourceCount"), len(t["articles"]))
        for local in t["locals"]:
            add(NamedNode(local), rdf.ng("resolvesTo"), node)


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


def tenure_sort_key(t: dict) -> tuple:
    """Order holders as the `tenures` query does: by start, else first attestation, else a stated
    end; a coarse date sorts by its last day; on a tie a holding known only by its end first."""
    d = t["start"] or t["first"] or t.get("end")
    if d is None:
        return ("9999", 1)
    return (d.iso() + "\uffff", 1 if t["start"] is not None else 0)


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


def _meeting_reports(store, global_of) -> list[MeetingReport]:
    parts = defaultdict(set)
    roles = {}
    for r in _q(store, """
        SELECT ?m ?p ?role WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            { ?m ng:participant ?p BIND("participant" AS ?role) } UNION { ?m ng:host ?p BIND("host" AS ?role) }
            UNION { ?m ng:visitor ?p BIND("visitor" AS ?role) } } }"""):
        g = global_of.get(r["p"].value)
        if g is None:
            continue
        if r["role"].value == "participant":
            parts[r["m"].value].add(sys.intern(g.value))
        else:
            roles[(r["m"].value, r["role"].value)] = sys.intern(g.value)
    # one frozenset per distinct set of people, shared by the reports (most are a pair that
    # meets again and again): on 100,000 articles a set per report took the pass 35 MB higher
    distinct: dict[frozenset, frozenset] = {}
    for m, people in parts.items():
        frozen = frozenset(people)
        parts[m] = distinct.setdefault(frozen, frozen)
    del distinct
    reports = []
    for r in _q(store, """
        SELECT ?m ?type ?a ?date ?sd ?ed ?status ?place WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?m ng:status ?status ; a ?type ; prov:wasDerivedFrom ?a .
            FILTER(?type IN (ng:InPersonMeeting, ng:Visit, ng:PhoneCall, ng:VideoCall))
            OPTIONAL { ?m ng:date ?date } OPTIONAL { ?m ng:startDate ?sd } OPTIONAL { ?m ng:endDate ?ed }
            OPTIONAL { ?m ng:place ?place } } }"""):
        m = r["m"].value
        people = parts.get(m)
        if not people:
            continue
        place = r["place"]
        reports.append(MeetingReport(
            m, sys.intern(r["type"].value.rsplit("#", 1)[-1]), people, sys.intern(r["a"].value),
            _date(r["date"]) or _date(r["sd"]), _date(r["ed"]), sys.intern(r["status"].value.rsplit("#", 1)[-1]),
            sys.intern(place.value) if place is not None else None,
            roles.get((m, "host")), roles.get((m, "visitor"))))
    return reports


def _derive_meetings(store, base, global_of, add) -> None:
    groups: dict[tuple, list[MeetingReport]] = defaultdict(list)
    for rep in _meeting_reports(store, global_of):
        groups[(rep.kind, rep.people)].append(rep)
    for (kind, people), reps in sorted(groups.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))):
        for cluster in cluster_reports(reps):
            best = min(cluster, key=lambda r: (_precision_rank(r.start, r.end), r.article))
            key_date = best.start.iso() if best.start else "undated"
            node = NamedNode(f"{base}id/meeting/{_hash(kind, *sorted(people), key_date, min(r.iri for r in cluster))}")
            add(node, rdf.RDF_TYPE, rdf.ng(kind))
            for p in sorted(people):
                add(node, rdf.ng("participant"), NamedNode(p))
            for role in ("host", "visitor"):
                who = next((getattr(r, role) for r in cluster if getattr(r, role)), None)
                if who:
                    add(node, rdf.ng(role), NamedNode(who))
            if best.start is not None:
                if best.end is not None and best.end != best.start:
                    add(node, rdf.ng("startDate"), best.start)
                    add(node, rdf.ng("endDate"), best.end)
                else:
                    add(node, rdf.ng("date"), best.start)
            place = next((r.place for r in sorted(cluster, key=lambda r: r.article) if r.place is not None), None)
            if place is not None:
                add(node, rdf.ng("place"), NamedNode(place))
            status = "held" if any(r.status == "held" for r in cluster) else "planned"
            add(node, rdf.ng("status"), rdf.ng(status))
            srcs = sorted({r.article for r in cluster})
            for a in srcs:
                add(node, rdf.ng("reportedIn"), NamedNode(a))
            add(node, rdf.ng("sourceCount"), len(srcs))
            for r in cluster:
                add(NamedNode(r.iri), rdf.ng("resolvesTo"), node)


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
            clusters[0].extend(undated)
        elif not clusters:
            clusters.append(undated)
        else:
            clusters.extend([u] for u in undated)
    return clusters


# Bump when the derivation changes what it writes: a store derived by an older version is then
# not current, and the next `newsgraph load` recomputes its derived graph.
DERIVATION_VERSION = "3"


def articles_digest(article_ids: list[str]) -> str:
    """A digest of the set of loaded articles (and of `DERIVATION_VERSION`): the derived graph
    records what it was computed from, so a load that was interrupted before recomputing it, or
    a store derived by an older version, is noticed and repaired."""
    text = "\n".join([f"derivation {DERIVATION_VERSION}", *sorted(article_ids)])
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


def rebuild(store) -> int:
    """Recompute the derived graph and write what changed (see `GraphStore.update_graph`);
    returns the derived graph's size in triples.

    Cost: one pass over the article graphs' persons, organisations, tenures and meetings
    (O(mentions)), name comparisons within blocks of full names sharing a first or last name
    (O(distinct names x block size), not quadratic in the corpus), and sorting. Memory: compact
    records of the mentions (about 1 KB per article, in slotted records with shared strings,
    dates and sets) and 16 bytes per derived triple, whose text waits in temporary files (see
    `TripleSpool`); on 100,000 articles the pass peaks at 427 MB writing a first derived graph
    of 1.56 million triples (383 MB deriving it), about 170 MB of it RocksDB's block caches,
    which are full after a few million quads (a fixed cost). A run adding k articles to n
    writes O(k + entities they touch) triples, but still reads O(n): the derivation is
    recomputed, not incremental."""
    graph = rdf.derived_graph(store.base)
    triples = derive(store)
    triples.add(f"{graph} {rdf.DCTERMS_IDENTIFIER} {Literal(articles_digest(store.article_ids()))}")
    size = triples.distinct_count()
    store.update_graph(graph, triples)
    return size
