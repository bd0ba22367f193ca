"""What the store holds for scoring: the article graphs of the articles in scope and the derived
graph, read into memory once (`Loaded`), with the generic readers every kind's scorer uses
(labels, evidence, sources) and the loaded articles and persons the core scores and matches by.
A kind reads its own facts from `Loaded` in its score.py."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from newsgraph.ontology import terms

from .compare import Period, SourceKeys, parse_date

NS = terms.NS
RDF_TYPE = terms.RDF_TYPE.value
PREF, ALT, RDFS_LABEL = terms.PREF_LABEL.value, terms.ALT_LABEL.value, terms.RDFS_LABEL.value
DERIVED_FROM = terms.WAS_DERIVED_FROM.value
SCHEMA = terms.SCHEMA


class Index:
    """subject -> predicate -> objects, for a set of graphs (literals keep their terms)."""

    def __init__(self):
        self.spo: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def add(self, q: ox.Quad) -> None:
        objs = self.spo[node_key(q.subject)][q.predicate.value]
        if q.object not in objs:
            objs.append(q.object)

    def objs(self, s: str, p: str) -> list:
        node = self.spo.get(s)
        return node.get(p, []) if node else []

    def one(self, s: str, p: str):
        objs = self.objs(s, p)
        return objs[0] if objs else None

    def types(self, s: str) -> set[str]:
        return {o.value for o in self.objs(s, RDF_TYPE)}

    def subjects_of_type(self, cls: str) -> list[str]:
        return [s for s, po in self.spo.items() if any(o.value == cls for o in po.get(RDF_TYPE, []))]


def node_key(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def value_of(term):
    return None if term is None else term.value


def period_of(term) -> Period | None:
    if term is None:
        return None
    try:
        return parse_date(term.value)
    except ValueError:
        return None


@dataclass
class Fact:
    """One loaded fact in a form the scorers share."""

    iri: str
    text: str
    sources: list[str]
    evidence: list[dict]
    data: dict = field(default_factory=dict)


class Loaded:
    """Reads everything that scoring needs from the store, limited to the articles in scope."""

    def __init__(self, store, article_keys: list[str]):
        self.store = store
        self.base = store.base
        self.derived_iri = terms.derived_graph(self.base)
        raw = store.raw
        # every article's source, to decide the scope
        self.articles: dict[str, dict] = {}      # article node -> {graph, source, ...}
        for sol in store.query(f"SELECT ?g ?a ?src WHERE {{ GRAPH ?g {{ ?a <{NS}sourceFile> ?src }} }}"):
            self.articles[sol["a"].value] = {"graph": sol["g"], "source": sol["src"].value}
        keys = SourceKeys(article_keys)
        self.scope = {a for a, info in self.articles.items() if keys.matching(info["source"])}
        self.source_of = {a: self.articles[a]["source"] for a in self.articles}
        # the article graphs in scope and the derived graph, in memory
        self.local = Index()
        self.graph_of: dict[str, str] = {}       # local subject -> article node
        for a in sorted(self.scope):
            for q in raw.quads_for_pattern(None, None, None, self.articles[a]["graph"]):
                if q.predicate.value == SCHEMA + "articleBody":
                    continue
                self.local.add(q)
                if q.predicate.value == DERIVED_FROM:
                    self.graph_of[node_key(q.subject)] = q.object.value
        self.derived = Index()
        for q in raw.quads_for_pattern(None, None, None, self.derived_iri):
            self.derived.add(q)
        self.locals_of: dict[str, list[str]] = defaultdict(list)   # derived node -> local nodes in scope
        for s, po in self.derived.spo.items():
            for o in po.get(NS + "resolvesTo", []):
                if s in self.graph_of:
                    self.locals_of[o.value].append(s)

    # -- generic helpers -------------------------------------------------------------------------
    def label(self, node: str) -> str | None:
        for index in (self.derived, self.local):
            for p in (PREF, RDFS_LABEL):
                v = index.one(node, p)
                if v is not None:
                    return v.value
        for p in (PREF, RDFS_LABEL):
            for q in self.store.raw.quads_for_pattern(ox.NamedNode(node), ox.NamedNode(p), None, None):
                return q.object.value
        return None

    def labels(self, node: str) -> list[str]:
        out = []
        for index in (self.derived, self.local):
            for p in (PREF, ALT, RDFS_LABEL):
                out += [o.value for o in index.objs(node, p) if o.value not in out]
        return out

    def evidence(self, local_nodes) -> list[dict]:
        """Evidence of local nodes, best first: sentence, source file, rule, confidence."""
        found = []
        for node in local_nodes:
            for ev in self.local.objs(node, NS + "evidence"):
                e = ev.value
                sentence = value_of(self.local.one(e, NS + "sentence"))
                art = value_of(self.local.one(e, NS + "article")) or self.graph_of.get(node)
                conf = self.local.one(e, NS + "confidence")
                start = self.local.one(e, NS + "start")
                found.append({
                    "sentence": sentence, "source": self.source_of.get(art, art),
                    "rule": value_of(self.local.one(e, NS + "derivedBy")),
                    "confidence": float(conf.value) if conf is not None else None,
                    "_start": int(start.value) if start is not None else 0,
                })
        found.sort(key=lambda e: (-(e["confidence"] or 0), e["source"] or "", e["_start"]))
        seen, out = set(), []
        for e in found:
            k = (e["sentence"], e["source"])
            if k not in seen:
                seen.add(k)
                out.append({k2: v for k2, v in e.items() if not k2.startswith("_")})
        return out

    def sources_of(self, derived_node: str, reported_pred: str | None = None) -> list[str]:
        arts = {self.graph_of[l] for l in self.locals_of.get(derived_node, [])}
        if reported_pred:
            arts |= {o.value for o in self.derived.objs(derived_node, reported_pred) if o.value in self.scope}
        return sorted(self.source_of[a] for a in arts if a in self.source_of)

    # -- the articles and persons (the core scores the one and matches people by the other) -----
    def article_facts(self) -> list[Fact]:
        out = []
        for a in sorted(self.scope, key=lambda a: self.source_of[a]):
            title = value_of(self.local.one(a, SCHEMA + "headline"))
            pub = self.local.one(a, SCHEMA + "datePublished")
            ev_node = value_of(self.local.one(a, NS + "publishedEvidence"))
            evidence = []
            if ev_node:
                evidence.append({"sentence": value_of(self.local.one(ev_node, NS + "sentence")), "source": self.source_of[a],
                                 "rule": value_of(self.local.one(ev_node, NS + "derivedBy")), "confidence": None})
            out.append(Fact(a, self.source_of[a], [self.source_of[a]], evidence,
                            {"title": title, "published": period_of(pub), "published_text": value_of(pub)}))
        return out

    def person_facts(self) -> list[Fact]:
        persons = set()
        for p in self.derived.subjects_of_type(NS + "Person"):
            if any(o.value in self.scope for o in self.derived.objs(p, NS + "mentionedIn")) or self.locals_of.get(p):
                persons.add(p)
        out = []
        for p in sorted(persons):
            pref = self.label(p) or p.rsplit("/", 1)[-1]
            out.append(Fact(p, pref, self.sources_of(p, NS + "mentionedIn"), self.evidence(self.locals_of.get(p, [])),
                            {"pref": pref, "labels": self.labels(p)}))
        return out
