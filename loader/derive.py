"""The derived graph: one node per real person, meeting and tenure, computed from the article
graphs alone, so adding or removing an article and recomputing gives the same result as
loading the final set at once.

The contract with the fact kinds. `derive` walks `facts.KINDS` in order and calls each kind's
derive part (loader/facts/<kind>/derive.py; a kind without one derives nothing) as
`derive(context)` with one `derive_context.DeriveContext`:
  context.store, .base     the store read (its article graphs: `context.articles(sparql)`)
  context.add(s, p, o)     writes a triple of the derived graph (o: a term, str, int or date)
  context.folder           where temporary files go (`context.sort`, `context.record_file`)
  context.reported_in(fact, article)   the fact is reported in that article (`ng:reportedIn`);
                           the driver then writes each such fact's outlets (`derive_outlets`)
  context.persons          what actors leaves for the kinds after it: (local person IRI,
                           person node IRI) records in order of the local IRI
  context.closing          an ExitStack: what a part registers there is closed when the pass ends
A part writes only its own facts, reads only what earlier kinds left in the context, and keeps
per-mention data on disk rather than in memory.

`rebuild` recomputes and writes the derived graph, marking what it was computed from
(`articles_digest`) and by which version (`DERIVATION_VERSION`); `derived_is_current` and
`stale_derivation` read those marks.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from pyoxigraph import Literal, NamedNode

from newsgraph.ontology import terms

from .derive_context import DeriveContext, parsed_date, triple_text
from .disk_sort import RecordFile, merge_join
from .facts import KINDS
from .triple_spool import TripleSpool

# Bump when the derivation changes what it writes: a store derived by an older version is then
# not current, and the next `newsgraph load` recomputes its derived graph.
DERIVATION_VERSION = "12"


def derive(store) -> TripleSpool:
    """Every triple of the derived graph, computed from the article graphs, as N-Triples text
    without the final dot (what `GraphStore.update_graph` compares and writes), spooled to a
    temporary file rather than held in memory."""
    triples = TripleSpool(store.path)
    folder = None if store.read_only else store.path
    try:
        with RecordFile(folder) as reported:
            context = DeriveContext(store, store.base, lambda s, p, o: triples.add(triple_text(s, p, o)),
                                    folder, reported)
            with context.closing:
                for kind in KINDS:
                    part = kind.part("derive")
                    if part is not None:
                        part.derive(context)
                derive_outlets(context)
    finally:
        # the shared dates were allocated among the pass's records and would outlive them,
        # each keeping a block of the heap in use (docs/performance.md, "Figures behind the code")
        parsed_date.cache_clear()
    return triples


def derive_outlets(context: DeriveContext) -> None:
    """For each fact reported in articles (`context.reported_in`), the outlets that published
    them (`ng:reportingOutlet`, their names) and how many distinct ones there are
    (`ng:outletCount`; an article without a known outlet counts as one of its own): two
    outlets running one wire story are two articles but may be one source, so this is the
    stricter measure of independence.

    Written here rather than counted by the `corroboration` query, whose memory then grew with
    the store (docs/performance.md). The (article, fact) pairs are sorted on disk and merged
    with the articles' outlets, then sorted by fact: O(p log p) for p pairs, in the memory of
    one sort run."""
    outlets = context.sort(((r["a"].value, r["o"].value) for r in context.articles("""
        SELECT ?a ?o WHERE { GRAPH ?g { FILTER(STRSTARTS(STR(?g), ?prefix)) ?a ng:outlet ?o } }""")), unique=True)
    # (fact, 0, outlet name) for an article with an outlet, (fact, 1, article) for one without
    sources = context.sort(((fact, 0, outlet[1]) if outlet is not None else (fact, 1, article)
                            for outlet, (article, fact) in merge_join(outlets, context.sort(iter(context.reported)))),
                           unique=True)
    for fact, group in groupby(sources, key=itemgetter(0)):
        node, count = NamedNode(fact), 0
        for _, unnamed, source in group:
            count += 1
            if not unnamed:
                context.add(node, terms.ng("reportingOutlet"), source)
        context.add(node, terms.ng("outletCount"), count)


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
    per tenure, one group of meeting reports at a time, and a run of each sort; the mentions,
    reports and triples wait in temporary files (peaks: docs/performance.md, "Figures behind
    the code"). A run adding k articles to n writes O(k + entities they touch) triples, but
    still reads O(n): the derivation is recomputed, not incremental."""
    graph = terms.derived_graph(store.base)
    triples = derive(store)
    # the triples wait on disk: the engine may drop its caches before writing them, which needs none
    store.reopen()
    # what the graph was computed from, written last: a rebuild cut short leaves no mark that
    # the graph is current, and the next load repairs it
    mark = f"{graph} {terms.DCTERMS_IDENTIFIER} {Literal(articles_digest(store.sorted_article_ids()))}"
    triples.add(mark)
    # which derivation wrote it, readable without the articles (`derivation_version`)
    triples.add(f"{graph} {terms.schema('version')} {Literal(DERIVATION_VERSION)}")
    size = triples.distinct_count()
    store.update_graph(graph, triples, last=[mark])
    return size


def derived_is_current(store) -> bool:
    """Whether the derived graph was computed from exactly the articles now loaded."""
    recorded = store.graph_says(terms.derived_graph(store.base), terms.DCTERMS_IDENTIFIER)
    if recorded is None:
        return not store.has_articles()
    return recorded == articles_digest(store.sorted_article_ids())


def derivation_version(store) -> str | None:
    """The version of the derivation that wrote the derived graph (its `schema:version`), None
    when there is none or it predates the mark. One lookup, where `derived_is_current` reads
    every article id."""
    return store.graph_says(terms.derived_graph(store.base), terms.schema("version"))


def stale_derivation(store) -> str | None:
    """Why the derived graph is not the one this newsgraph would compute, or None when it
    is: a store derived by an older version lacks what newer queries look up (a date range
    on `meetings` finds spans by `ng:spanYear`, written from version 6; the mark itself from version 7)."""
    recorded = derivation_version(store)
    if recorded == DERIVATION_VERSION or (recorded is None and not store.has_articles()):
        return None
    found = f"version {recorded}" if recorded else "an older version, or not at all"
    return (f"{store.path}: the derived graph (people, meetings and tenures across articles) was computed by "
            f"{found}; this newsgraph computes version {DERIVATION_VERSION}, and some answers may miss facts "
            "until it is recomputed: run `newsgraph load` on any file (even one already loaded)")
