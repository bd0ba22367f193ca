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
  for posts with one holder at a time, a holder's end is the next holder's start where an
  article states that succession, or the holding is attested within the month before the
  successor began (otherwise a holder the corpus does not know may have come between).
- Meetings: the same kind with the same people on compatible dates is one meeting; an undated
  report joins the one dated meeting it can belong to, and is left alone when there are several.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date as _day
from itertools import groupby
from operator import itemgetter

from pyoxigraph import Literal, NamedNode

from . import rdf
from .facts.actors.extract import normalize_name, same_full_name, shorter_form_of  # noqa: F401 (same_full_name is part of this module's API)
from .disk_sort import RecordFile, merge_join, sort_on_disk
from .records import DateValue, Precision
from .store import TripleSpool

PREFIX = """
PREFIX ng: <https://w3id.org/newsgraph/ns#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
# records per sorted run of the derivation's sorts (`disk_sort.sort_on_disk`): its records are
# wide (a tenure report has 11 fields), so runs are short (docs/performance.md)
RUN_ROWS = 2_500
SINGLE_HOLDER = {"defence_minister", "foreign_minister", "head_of_state", "head_of_government", "party_leader"}


@dataclass(slots=True)
class LocalPerson:
    """A person as one article names them (one per mention: 220,000 on 100,000 articles, read
    one at a time from a sorted stream, see `_local_persons`)."""
    iri: str
    article: str
    label: str
    labels: frozenset[str] = frozenset()  # every name the article gives them, the label included
    posts: frozenset[str] = frozenset()  # the posts the article says they hold


def _q(store, sparql: str):
    """Run a query over the article graphs only (not the derived or ontology graphs)."""
    prefix = Literal(f"{store.base}graph/article/")
    return store.query(PREFIX + sparql.replace("?prefix", str(prefix)))


def _sort(records: Iterable, folder, unique: bool = False) -> Iterator:
    """`sort_on_disk` in runs of `RUN_ROWS` records."""
    return sort_on_disk(records, folder, unique=unique, run_rows=RUN_ROWS)


@functools.lru_cache(maxsize=65536)
def _parsed_date(text: str) -> DateValue:
    """One shared DateValue per date: a large corpus repeats the same few thousand dates.
    Emptied at the end of each derivation (see `derive`)."""
    return DateValue.from_iso(text)


def _local_persons(store, folder=None) -> Iterator[LocalPerson]:
    """Every person of every article (one per mention), in order of their IRI: the rows of
    one query are sorted on disk by person, so that each one's names and posts come together
    without a dict of every mention (220,000 on 100,000 articles)."""
    rows = _q(store, """
        SELECT ?p ?kind ?value ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            { ?p a ng:Person ; skos:prefLabel ?value ; prov:wasDerivedFrom ?a BIND(0 AS ?kind) }
            UNION { ?p a ng:Person ; skos:altLabel ?value BIND(1 AS ?kind) }
            UNION { ?t a ng:Tenure ; ng:holder ?p ; ng:post ?value BIND(2 AS ?kind) } } }""")
    records = ((r["p"].value, int(r["kind"].value), r["value"].value, r["a"].value if r["a"] else "") for r in rows)
    for iri, group in groupby(_sort(records, folder, unique=True), key=itemgetter(0)):
        label = article = None
        alts, posts = set(), set()
        for _, kind, value, a in group:
            if kind == 0:
                if label is None:
                    label, article = value, a
            elif kind == 1:
                alts.add(value)
            else:
                posts.add(value)
        if label is None:
            continue  # a tenure's holder that is not a person of its article
        yield LocalPerson(iri, article, label, frozenset({label} | alts), frozenset(posts))


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


def _is_full_name(label: str) -> bool:
    return len(_normalized(label).split()) >= 2  # "Akufo-Addo" is two names


class NameResolver:
    """Which person a mention is, decided between distinct names, never between mentions.

    Every mention of a person in an article is a local person, so a well-known name has tens
    of thousands of them. Mentions with the same full name (after normalisation) are one person
    at once, and full names are compared pairwise only within blocks sharing a first or last
    name. A surname alone joins the one person whose first or last name it is; when several
    share it, the one holding a post the mention holds. What it keeps is per distinct name
    (and per distinct surname and posts), so its memory follows the vocabulary, not the corpus.
    Cost: O(mentions) to add them, O(sum over blocks of distinct names squared) to resolve;
    comparing mentions was quadratic (100,000 articles never finished)."""

    def __init__(self):
        self.posts: dict[str, set[str]] = defaultdict(set)  # normalised full name -> posts of its mentions
        self._uf = UnionFind()
        self._blocks: dict[str, list[str]] = {}
        self._joins: dict[tuple[str, frozenset], str | None] = {}
        self.short: dict[str, set[str]] = defaultdict(set)  # one-word name -> full names an article shortened so

    def add(self, label: str, posts: frozenset[str], labels=()) -> None:
        if _is_full_name(label):
            norm = _normalized(label)
            self.posts[norm] |= posts
            for other in labels:
                if not _is_full_name(other):
                    self.short[_normalized(other)].add(norm)

    def resolve(self) -> None:
        """Compare the full names added (call once all are in)."""
        uf, blocks = self._uf, defaultdict(list)  # first or last name -> distinct full names
        for name in self.posts:
            uf.find(name)
            parts = name.split()
            for token in {parts[0], parts[-1]}:
                blocks[token].append(name)
        for names in blocks.values():
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    if uf.find(a) != uf.find(b) and same_full_name(a, b):
                        uf.union(a, b)
        # a shorter full name ("lula da silva", "m j guptill") joins the one person it shortens
        for name in sorted(self.posts, key=lambda n: len(n.split())):
            parts = name.split()
            longer = {uf.find(n) for token in {parts[0], parts[-1]} for n in blocks[token]
                      if n != name and len(n.split()) >= len(parts) and shorter_form_of(name, n)}
            if parts[0] and len(parts[0]) == 1:  # "t latham" / "tom latham": blocked by the last name only
                longer |= {uf.find(n) for n in blocks[parts[-1]] if n != name and shorter_form_of(name, n)}
            longer.discard(uf.find(name))
            if len(longer) == 1:
                uf.union(name, longer.pop())
        self._blocks = dict(blocks)

    def cluster(self, label: str, posts: frozenset[str]) -> str | None:
        """The person a mention is (an id: the least of their normalised full names), or None
        for a one-word name that joins no one or several (a person of its own)."""
        norm = _normalized(label)  # each mention is looked up twice (see `_derive_persons`)
        if _is_full_name(label):
            return self._uf.find(norm)
        key = (norm, frozenset(posts))
        if key not in self._joins:
            # a one-word name joins a full name whose last word it is, or one that articles
            # shorten to it ("Xi", "Lula"), never a first name alone ("David")
            names = [n for n in self._blocks.get(norm, []) if n.split()[-1] == norm]
            names += sorted(self.short.get(norm, ()))
            candidates = {self._uf.find(n) for n in names}
            if len(candidates) > 1 and posts:
                by_post = {self._uf.find(n) for n in names if self.posts[n] & posts}
                candidates = by_post or candidates
            self._joins[key] = next(iter(candidates)) if len(candidates) == 1 else None
        return self._joins[key]


def resolve_persons(persons: dict[str, LocalPerson]) -> dict[str, str]:
    """Local person IRI -> the id of the person it is (see `NameResolver`); a mention that is
    a person of its own is its own id."""
    resolver = NameResolver()
    for p in persons.values():
        resolver.add(p.label, p.posts, p.labels)
    resolver.resolve()
    return {iri: resolver.cluster(p.label, p.posts) or iri for iri, p in persons.items()}


def _canonical(counts: dict[str, int]) -> str:
    """The fullest, most frequent form: most words, then most mentions, then alphabetical."""
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


def bucket(iri: str) -> str:
    """The bucket of a derived fact (`ng:bucket`): the first two hexadecimal digits of the MD5
    digest of its IRI, one of 256. The loader precomputes a grouped listing of a large store a
    range of buckets at a time (queries/catalog.py, partition lines): a bucket is looked up by
    value, where hashing every fact's IRI in the query cost each part a pass over all facts."""
    return hashlib.md5(iri.encode()).hexdigest()[:2]


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

    folder = None if store.read_only else store.path
    try:
        with _derive_persons(store, base, add, folder) as mapping:
            _copy_shared_nodes(store, add)
            _derive_organizations(store, base, add)
            with RecordFile(folder) as reported:
                _derive_tenures(store, base, mapping, add, folder, reported)
                _derive_meetings(store, base, mapping, add, folder, reported)
                _derive_outlets(store, reported, add, folder)
    finally:
        # the shared dates were allocated among the pass's records and would outlive them,
        # each keeping a block of the heap in use (docs/performance.md, "Figures behind the code")
        _parsed_date.cache_clear()
        _normalized.cache_clear()
    return triples


@dataclass(slots=True)
class _Person:
    """What the derivation gathers about one resolved person (a cluster of names)."""
    root: str  # the least local IRI among their mentions: decides who keeps a shared name
    counts: dict[str, int]  # how often each name is a mention's label
    labels: set[str]  # every name their mentions have


def _derive_persons(store, base, add, folder) -> RecordFile:
    """One node per resolved person; returns (local person IRI, person node IRI) for every
    local person, in order of the local IRI (what `merge_join` takes).

    Three passes over the mentions, the first from the store into a temporary file, the others
    from that file, so that what stays in memory is per distinct name (`NameResolver`) and per
    person, not per mention (220,000 on 100,000 articles)."""
    resolver = NameResolver()
    mentions = RecordFile(folder)
    for p in _local_persons(store, folder):
        resolver.add(p.label, p.posts, p.labels)
        mentions.append((p.iri, p.article, p.label, p.labels, p.posts))
    resolver.resolve()
    # pass 2: each person's names, and for each node IRI the least root claiming it (two
    # people with one name: the one with the least root keeps the plain IRI)
    people: dict[str, _Person] = {}
    first_root: dict[str, str] = {}
    for iri, _, label, labels, posts in mentions:
        cluster = resolver.cluster(label, posts)
        if cluster is None:
            node = rdf.person_iri(base, label).value
            first_root[node] = min(first_root.get(node, iri), iri)
            continue
        person = people.get(cluster)
        if person is None:
            person = people[cluster] = _Person(iri, defaultdict(int), set())
        person.root = min(person.root, iri)
        person.counts[label] += 1
        person.labels |= labels
    names: dict[str, tuple[str, str]] = {}  # cluster -> (name, node IRI)
    for cluster, person in people.items():
        name = _canonical(person.counts)
        node = rdf.person_iri(base, name).value
        first_root[node] = min(first_root.get(node, person.root), person.root)
        names[cluster] = (name, node)
    for cluster, person in people.items():
        name, node = names[cluster]
        if first_root[node] != person.root:
            names[cluster] = (name, f"{node}-{_hash(person.root)[:6]}")
        _person_node(add, names[cluster][1], name, person.labels)
    del people
    # pass 3: each mention's person; a mention that is a person of its own gets its node here
    mapping = RecordFile(folder)
    for iri, article, label, labels, posts in mentions:
        cluster = resolver.cluster(label, posts)
        if cluster is None:
            node = rdf.person_iri(base, label).value
            if first_root[node] != iri:
                node = f"{node}-{_hash(iri)[:6]}"
            _person_node(add, node, label, labels)
        else:
            node = names[cluster][1]
        add(NamedNode(iri), rdf.ng("resolvesTo"), NamedNode(node))
        add(NamedNode(node), rdf.ng("mentionedIn"), NamedNode(article))
        mapping.append((iri, node))
    mentions.close()
    return mapping


def _person_node(add, node: str, name: str, labels) -> None:
    node = NamedNode(node)
    add(node, rdf.RDF_TYPE, rdf.ng("Person"))
    add(node, rdf.PREF_LABEL, name)
    for label in sorted(set(labels) - {name}):
        add(node, rdf.ALT_LABEL, label)


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
    """One node per normalised name. Two passes over the mentions, the names' counts first,
    then each mention's link, so that memory is per distinct name."""
    sparql = """
        SELECT ?o ?label ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix)) ?o a ng:Organization ; skos:prefLabel ?label ; prov:wasDerivedFrom ?a } }"""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in _q(store, sparql):
        label = r["label"].value
        counts[_normalized(label)][label] += 1
    nodes = {}
    for norm, names in counts.items():
        name = _canonical(names)
        node = nodes[norm] = rdf.organization_iri(base, name)
        add(node, rdf.RDF_TYPE, rdf.ng("Organization"))
        add(node, rdf.PREF_LABEL, name)
    for r in _q(store, sparql):
        node = nodes[_normalized(r["label"].value)]
        add(r["o"], rdf.ng("resolvesTo"), node)
        add(node, rdf.ng("mentionedIn"), r["a"])


@functools.lru_cache(maxsize=65536)
def _normalized(label: str) -> str:
    return normalize_name(label)


def _text(term) -> str | None:
    return None if term is None else term.value


def _tenure_reports(store, mapping: RecordFile, folder) -> tuple[Iterator[tuple], dict]:
    """Each article's statements that a person holds a post (the local ng:Tenure nodes), with
    the resolved person, sorted on disk by (person, post, article); and for each (person,
    role), the countries articles state rather than guess from a dateline.

    Records: (person, post, article, local tenure, n, role, country, start, end, seen,
    guessed, succeeded), dates as their text; n numbers the rows, so that records never tie;
    `succeeded`: the article states that someone succeeded the holder in this post."""
    rows = _q(store, """
        SELECT ?p ?t ?post ?role ?country ?start ?end ?seen ?guess ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?t a ng:Tenure ; ng:holder ?p ; ng:post ?post ; prov:wasDerivedFrom ?a .
            ?post ng:role ?role .
            OPTIONAL { ?post ng:postCountry ?country }
            OPTIONAL { ?t ng:start ?start } OPTIONAL { ?t ng:end ?end } OPTIONAL { ?t ng:firstAttested ?seen }
            OPTIONAL { ?t ng:evidence/ng:derivedBy ?guessed FILTER(?guessed IN ("rule:title-dateline-country", "rule:title-home-country")) BIND(true AS ?guess) }
            OPTIONAL { ?t ng:evidence/ng:derivedBy ?succ FILTER(?succ IN ("rule:succeeded-by", "rule:replaced-by-successor")) } } }""")
    by_holder = _sort(((r["p"].value, n, *(_text(r[v]) for v in ("t", "post", "role", "country", "start", "end", "seen", "a")),
                        r["guess"] is not None, r["succ"] is not None) for n, r in enumerate(rows)), folder)
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
    return _sort(resolved(), folder), stated


def _best(dates: list[DateValue]) -> DateValue | None:
    """The most precise of the dates (then the earliest)."""
    return min(dates, key=lambda d: (_precision_rank(d, None), d.iso())) if dates else None


def _derive_tenures(store, base, mapping, add, folder, reported: RecordFile) -> None:
    """One tenure per (person, post), from the local tenures sorted on disk by person and post:
    what stays in memory is a summary per tenure, not the reports (see `_tenure_reports`).
    Each (article, tenure) pair goes to `reported` too (`_reported_in`)."""
    reports, stated = _tenure_reports(store, mapping, folder)
    tenures = []
    roles: dict[str, str] = {}
    for (person, post), group in groupby(reports, key=itemgetter(0, 1)):
        node = NamedNode(f"{base}id/tenure/{_hash(person, post)}")
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
                starts.append(_parsed_date(start))
            if end is not None:
                ends.append(_parsed_date(end))
            if when is not None:
                seen.add(_parsed_date(when))
                attested_in.add(article)
            in_articles.add(article)
            if succeeded:
                succeeded_in.add(article)
            if article != last_article:
                _reported_in(add, reported, node, article)
                articles, last_article = articles + 1, article
            add(NamedNode(t), rdf.ng("resolvesTo"), node)
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
        add(node, rdf.RDF_TYPE, rdf.ng("Tenure"))
        add(node, rdf.ng("holder"), NamedNode(t["person"]))
        add(node, rdf.ng("post"), NamedNode(t["post"]))
        for key, prop in (("start", "start"), ("end", "end"), ("first", "firstAttested"), ("last", "lastAttested"),
                          ("next_began", "nextHolderBegan")):
            if t.get(key) is not None:
                add(node, rdf.ng(prop), t[key])
        add(node, rdf.ng("sourceCount"), t["articles"])
        add(node, rdf.ng("bucket"), bucket(node.value))


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


def _meeting_reports(store, mapping: RecordFile, folder) -> Iterator[list[MeetingReport]]:
    """Each article's reports of a meeting (the local meeting nodes) with their resolved people,
    a group at a time: the reports of one kind of meeting between the same people, in order of
    date (what `cluster_reports` takes). Participants and meetings are sorted on disk and joined
    by merging, so that no record of every report stays in memory."""
    rows = _q(store, """
        SELECT ?p ?m ?role WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            { ?m ng:participant ?p BIND("participant" AS ?role) } UNION { ?m ng:host ?p BIND("host" AS ?role) }
            UNION { ?m ng:visitor ?p BIND("visitor" AS ?role) } } }""")
    by_person = _sort(((r["p"].value, r["m"].value, r["role"].value) for r in rows), folder, unique=True)
    by_meeting = _sort(((m, role, person[1]) for person, (_, m, role) in merge_join(iter(mapping), by_person)
                        if person is not None), folder, unique=True)

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

    rows = _q(store, """
        SELECT ?m ?type ?a ?date ?sd ?ed ?status ?place ?pub WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?m ng:status ?status ; a ?type ; prov:wasDerivedFrom ?a .
            FILTER(?type IN (ng:InPersonMeeting, ng:Visit, ng:PhoneCall, ng:VideoCall))
            OPTIONAL { ?m ng:date ?date } OPTIONAL { ?m ng:startDate ?sd } OPTIONAL { ?m ng:endDate ?ed }
            OPTIONAL { ?m ng:place ?place } OPTIONAL { ?a schema:datePublished ?pub } } }""")
    meetings = _sort(((r["m"].value, n, *(_text(r[v]) for v in ("type", "a", "date", "sd", "ed", "status", "place", "pub")))
                      for n, r in enumerate(rows)), folder)

    def joined():
        for found, (m, n, kind, article, date, sd, ed, status, place, pub) in merge_join(roles_of_meetings(), meetings):
            if found is None:
                continue
            _, people, host, visitor = found
            yield (kind.rsplit("#", 1)[-1], people, date or sd or "", m, n, article, ed,
                   status.rsplit("#", 1)[-1], place, host, visitor, pub)

    for (kind, people), group in groupby(_sort(joined(), folder), key=itemgetter(0, 1)):
        frozen = frozenset(people)
        yield [MeetingReport(m, kind, frozen, article, _parsed_date(start) if start else None,
                             _parsed_date(end) if end else None, status, place, host, visitor,
                             _published(pub))
               for _, _, start, m, _, article, end, status, place, host, visitor, pub in group]


def _published(text: str | None) -> DateValue | None:
    try:
        return _parsed_date(text) if text else None
    except ValueError:
        return None


def _derive_meetings(store, base, mapping, add, folder, reported: RecordFile) -> None:
    """One meeting per cluster of reports (`cluster_reports`); each (article, meeting) pair
    goes to `reported` too (`_reported_in`)."""
    place_labels = _meeting_place_labels(store)
    for reps in _meeting_reports(store, mapping, folder):
        kind, people = reps[0].kind, reps[0].people
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
                    for year in range(best.start.year, best.end.year + 1):  # how a date range finds it
                        add(node, rdf.ng("spanYear"), DateValue(year))
                else:
                    add(node, rdf.ng("date"), best.start)
            place = _cluster_place(cluster, place_labels)
            if place is not None:
                add(node, rdf.ng("place"), NamedNode(place))
            status = "held" if any(r.status == "held" for r in cluster) else "planned"
            add(node, rdf.ng("status"), rdf.ng(status))
            srcs = sorted({r.article for r in cluster})
            for a in srcs:
                _reported_in(add, reported, node, a)
            add(node, rdf.ng("sourceCount"), len(srcs))
            add(node, rdf.ng("bucket"), bucket(node.value))
            for r in cluster:
                add(NamedNode(r.iri), rdf.ng("resolvesTo"), node)


def _meeting_place_labels(store) -> dict[str, str]:
    """The names of the places meetings are held at (one IRI per name across articles)."""
    rows = _q(store, """
        SELECT DISTINCT ?place ?label WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            ?m ng:place ?place . ?place <http://www.w3.org/2000/01/rdf-schema#label> ?label } }""")
    return {r["place"].value: r["label"].value for r in rows}


def _cluster_place(cluster: list[MeetingReport], labels: dict[str, str]) -> str | None:
    """The place of a meeting: the first article's, except that where the reports agree the more
    precise one wins ("in Russia" in one report, "in Russia's Kazan" in another: Kazan)."""
    from .facts.meetings.extract import places_compatible

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


def _reported_in(add, reported: RecordFile, fact: NamedNode, article: str) -> None:
    """`fact ng:reportedIn article`, and the pair kept for `_derive_outlets`: every article a
    fact lists is one whose outlet it counts."""
    add(fact, rdf.ng("reportedIn"), NamedNode(article))
    reported.append((article, fact.value))


def _derive_outlets(store, reported: RecordFile, add, folder) -> None:
    """For each derived tenure and meeting, the outlets that published the articles reporting
    it (`ng:reportingOutlet`, their names) and how many distinct ones there are
    (`ng:outletCount`; an article without a known outlet counts as one of its own): two
    outlets running one wire story are two articles but may be one source, so this is the
    stricter measure of independence.

    Written here rather than counted by the `corroboration` query: joining every fact's
    articles to their outlets there made its memory grow with the store (253 MB on 100,000
    articles, 290 MB on 200,000, docs/performance.md). Here the (article, fact) pairs are
    sorted on disk and merged with the articles' outlets, then sorted by fact: O(p log p) for
    p pairs, in the memory of one sort run."""
    outlets = _sort(((r["a"].value, r["o"].value) for r in _q(store, """
        SELECT ?a ?o WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix)) ?a ng:outlet ?o } }""")), folder, unique=True)
    # (fact, 0, outlet name) for an article with an outlet, (fact, 1, article) for one without
    sources = _sort(((fact, 0, outlet[1]) if outlet is not None else (fact, 1, article)
                     for outlet, (article, fact) in merge_join(outlets, _sort(iter(reported), folder))),
                    folder, unique=True)
    for fact, group in groupby(sources, key=itemgetter(0)):
        node, count = NamedNode(fact), 0
        for _, unnamed, source in group:
            count += 1
            if not unnamed:
                add(node, rdf.ng("reportingOutlet"), source)
        add(node, rdf.ng("outletCount"), count)


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


# Bump when the derivation changes what it writes: a store derived by an older version is then
# not current, and the next `newsgraph load` recomputes its derived graph.
DERIVATION_VERSION = "12"


def articles_digest(sorted_ids: Iterable[str]) -> str:
    """A digest of the set of loaded articles, given in sorted order (and of
    `DERIVATION_VERSION`): the derived graph records what it was computed from, so a load that
    was interrupted before recomputing it, or a store derived by an older version, is noticed
    and repaired. The ids stream through: the digest of "derivation V", then a line per id."""
    digest = hashlib.sha256(f"derivation {DERIVATION_VERSION}".encode())
    for article in sorted_ids:
        digest.update(f"\n{article}".encode())
    return "sha256:" + digest.hexdigest()


def rebuild(store) -> int:
    """Recompute the derived graph and write what changed (see `GraphStore.update_graph`);
    returns the derived graph's size in triples.

    Cost: a few passes over the article graphs' persons, organisations, tenures and meetings
    (O(mentions)), name comparisons within blocks of full names sharing a first or last name
    (O(distinct names x block size), not quadratic in the corpus), and sorting on disk
    (O(mentions log mentions)). Memory: what is kept per distinct name, per resolved person and
    per tenure, one group of meeting reports at a time, and a run of each sort
    (`RUN_ROWS` records); the mentions, reports and triples wait in temporary files.
    On 100,000 articles the pass peaks at 231 MB in a fresh process (240 MB in runs of
    10,000 records), deriving a derived graph of 1.72 million triples; writing it from a
    reopened engine stays below that (256 MB from the engine that derived it; 427 and 383 MB
    when every mention was a record in memory). Reading the article graphs alone takes a process to 217 MB: RocksDB's
    block caches, which are full after a few million quads (a fixed cost). A run adding k
    articles to n writes O(k + entities they touch) triples, but still reads O(n): the
    derivation is recomputed, not incremental."""
    graph = rdf.derived_graph(store.base)
    triples = derive(store)
    # the triples wait on disk: the engine may drop its caches before writing them, which needs
    # none (a first derived graph of 100,000 articles: 256 MB written after deriving in the same
    # engine, 240 MB, the derivation's own peak, after reopening it)
    store.reopen()
    # what the graph was computed from, written last: a rebuild cut short leaves no mark that
    # the graph is current, and the next load repairs it
    mark = f"{graph} {rdf.DCTERMS_IDENTIFIER} {Literal(articles_digest(store.sorted_article_ids()))}"
    triples.add(mark)
    # which derivation wrote it, readable without the articles (`GraphStore.derivation_version`)
    triples.add(f"{graph} {rdf.schema('version')} {Literal(DERIVATION_VERSION)}")
    size = triples.distinct_count()
    store.update_graph(graph, triples, last=[mark])
    return size
