"""The actors' part of the derived graph: one node per resolved person (with each mention's
`ng:resolvesTo` and `ng:mentionedIn`), one per organisation name, and one copy of the nodes
articles share (posts, countries, places).

Persons: full names that are equal after normalisation or close transliterations ("Sergei"
/ "Sergey Shoigu", rapidfuzz) are one person; a surname-only person ("Shoigu") joins the one
person whose first or last name it is, and when several share it, the one holding the same
post in that article (context decides). Names are compared only within blocks that share a
name token (facts/actors/names.py), so the cost grows with the number of distinct names times
the block size, not with the square of the corpus.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter

from pyoxigraph import NamedNode

from newsgraph.ontology import terms

from ...derive_context import DeriveContext, fact_hash
from ...disk_sort import RecordFile
from .resolver import LocalPerson, NameResolver, canonical, normalized


def derive(context: DeriveContext) -> None:
    """Persons (leaving `context.persons` for the kinds after), shared nodes, organisations."""
    context.closing.callback(normalized.cache_clear)
    context.persons = context.closing.enter_context(derive_persons(context))
    copy_shared_nodes(context)
    derive_organizations(context)


def local_persons(context: DeriveContext) -> Iterator[LocalPerson]:
    """Every person of every article (one per mention), in order of their IRI: the rows of
    one query are sorted on disk by person, so that each one's names and posts come together
    without a dict of every mention."""
    rows = context.articles("""
        SELECT ?p ?kind ?value ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix))
            { ?p a ng:Person ; skos:prefLabel ?value ; prov:wasDerivedFrom ?a BIND(0 AS ?kind) }
            UNION { ?p a ng:Person ; skos:altLabel ?value BIND(1 AS ?kind) }
            UNION { ?t a ng:Tenure ; ng:holder ?p ; ng:post ?value BIND(2 AS ?kind) } } }""")
    records = ((r["p"].value, int(r["kind"].value), r["value"].value, r["a"].value if r["a"] else "") for r in rows)
    for iri, group in groupby(context.sort(records, unique=True), key=itemgetter(0)):
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


@dataclass(slots=True)
class _Person:
    """What the derivation gathers about one resolved person (a cluster of names)."""
    root: str  # the least local IRI among their mentions: decides who keeps a shared name
    counts: dict[str, int]  # how often each name is a mention's label
    labels: set[str]  # every name their mentions have



def derive_persons(context: DeriveContext) -> RecordFile:
    """One node per resolved person; returns (local person IRI, person node IRI) for every
    local person, in order of the local IRI (what `merge_join` takes).

    Three passes over the mentions, the first from the store into a temporary file, the others
    from that file, so that what stays in memory is per distinct name (`NameResolver`) and per
    person, not per mention."""
    base, add = context.base, context.add
    resolver = NameResolver()
    mentions = RecordFile(context.folder)
    for p in local_persons(context):
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
            node = terms.person_iri(base, label).value
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
        name = canonical(person.counts)
        node = terms.person_iri(base, name).value
        first_root[node] = min(first_root.get(node, person.root), person.root)
        names[cluster] = (name, node)
    for cluster, person in people.items():
        name, node = names[cluster]
        if first_root[node] != person.root:
            names[cluster] = (name, f"{node}-{fact_hash(person.root)[:6]}")
        _person_node(add, names[cluster][1], name, person.labels)
    del people
    # pass 3: each mention's person; a mention that is a person of its own gets its node here
    mapping = RecordFile(context.folder)
    for iri, article, label, labels, posts in mentions:
        cluster = resolver.cluster(label, posts)
        if cluster is None:
            node = terms.person_iri(base, label).value
            if first_root[node] != iri:
                node = f"{node}-{fact_hash(iri)[:6]}"
            _person_node(add, node, label, labels)
        else:
            node = names[cluster][1]
        add(NamedNode(iri), terms.ng("resolvesTo"), NamedNode(node))
        add(NamedNode(node), terms.ng("mentionedIn"), NamedNode(article))
        mapping.append((iri, node))
    mentions.close()
    return mapping


def _person_node(add, node: str, name: str, labels) -> None:
    node = NamedNode(node)
    add(node, terms.RDF_TYPE, terms.ng("Person"))
    add(node, terms.PREF_LABEL, name)
    for label in sorted(set(labels) - {name}):
        add(node, terms.ALT_LABEL, label)


def copy_shared_nodes(context: DeriveContext) -> None:
    """Posts, countries and places have one IRI across articles, and each article graph that
    uses one repeats its description; the derived graph holds one copy, so queries over it need
    not read (and multiply) the copies of every article.

    The few hundred nodes are found first, then each one's distinct triples in the article
    graphs (an article that uses a node writes its whole description): far faster than one
    DISTINCT over every copy of every node (docs/performance.md)."""
    skip = f"{terms.derived_graph(context.base)}, {terms.ONTOLOGY_GRAPH}"  # what is not an article graph
    nodes = context.query(f"""
        SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s a ?type }} VALUES ?type {{ ng:Post ng:Country ng:Place }}
            FILTER(?g NOT IN ({skip})) }}""")
    for node in sorted(r["s"].value for r in nodes):
        for r in context.query(f"""
                SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{node}> ?p ?o }}
                    FILTER(?g NOT IN ({skip}) && ?p != ng:evidence) }}"""):
            context.add(NamedNode(node), r["p"], r["o"])


def derive_organizations(context: DeriveContext) -> None:
    """One node per normalised name. Two passes over the mentions, the names' counts first,
    then each mention's link, so that memory is per distinct name."""
    add = context.add
    sparql = """
        SELECT ?o ?label ?a WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix)) ?o a ng:Organization ; skos:prefLabel ?label ; prov:wasDerivedFrom ?a } }"""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in context.articles(sparql):
        label = r["label"].value
        counts[normalized(label)][label] += 1
    nodes = {}
    for norm, names in counts.items():
        name = canonical(names)
        node = nodes[norm] = terms.organization_iri(context.base, name)
        add(node, terms.RDF_TYPE, terms.ng("Organization"))
        add(node, terms.PREF_LABEL, name)
    for r in context.articles(sparql):
        node = nodes[normalized(r["label"].value)]
        add(r["o"], terms.ng("resolvesTo"), node)
        add(node, terms.ng("mentionedIn"), r["a"])

