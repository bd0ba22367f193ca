"""Entity pages at the entities' own IRIs ({base}id/...): HTML with the entity's sections
(service/entity_sections.py), its rows as /id/....json and /id/....csv (one row per fact, with
its section), and its triples as Turtle, JSON-LD or N-Triples by Accept or `?format=`.

IRIs are checked, then written into query text with pyoxigraph's own N-Triples serialisation."""
from __future__ import annotations

import re
from collections import OrderedDict, defaultdict

import pyoxigraph as ox
from flask import Response, abort, render_template

from newsgraph.loader import facts as fact_kinds
from newsgraph.ontology import terms

from . import entity_sections, renderers
from .cells import cell, local_path, short_iri, value
from .context import base, error_page, kept, run, select, service
from .query_service import PAGES, QueryError, QueryTimeout

ENTITY_PATH = re.compile(r"^[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$")
NG, SKOS, RDFS, SCHEMA = terms.NS, terms.SKOS, terms.RDFS, terms.SCHEMA
RDF_TYPE = terms.RDF_TYPE.value
FORMATS = ("html", "turtle", "jsonld", "ntriples", "json", "csv")
RDF_LINKS = {"Turtle": "?format=ttl", "JSON-LD": "?format=jsonld", "N-Triples": "?format=nt"}
# the classes fact_labels names: the meeting classes (ontology/terms.py) and tenures
LABELLED_FACT_TYPES = ", ".join(f"ng:{c}" for c in [*terms.MEETING_CLASS.values(), "Tenure"])
COLUMNS = ["section", "fact", "title", "link", "details", "people", "quote", "evidence"]


def entity_node(path: str) -> ox.NamedNode:
    if not ENTITY_PATH.match(path) or "//" in path or path.startswith("/"):
        abort(404)
    try:
        return ox.NamedNode(base() + "id/" + path)
    except ValueError:
        abort(404)


def entity(path: str):
    path, suffix = renderers.split_suffix(path)
    node = entity_node(path)
    fmt = renderers.requested(suffix, FORMATS, format_param="format", negotiated=True)
    page = kept("entities").get(service().signature(), node.value) if fmt in ("html", "json", "csv") else None
    if page is not None:  # built for this store state: no query at all
        return _page_response(page, fmt)
    iri = str(node)  # <...>, escaped by pyoxigraph
    try:
        exists = run(f"ASK {{ {{ {iri} ?p ?o }} UNION {{ ?s ?p {iri} }} }}").boolean
    except QueryError as exc:
        return renderers.error_response(fmt, 503, str(exc)) or error_page(503, "The store is not available", str(exc))
    if not exists:
        message = f"Nothing is known about {node.value}."
        return renderers.error_response(fmt, 404, message) or error_page(404, "Not found", message)
    if not renderers.RENDERERS[fmt].rows and fmt != "html":
        construct = (f"CONSTRUCT {{ {iri} ?p ?o . ?s ?q {iri} }} WHERE {{ "
                     f"{{ SELECT DISTINCT ?p ?o WHERE {{ {iri} ?p ?o }} }} UNION "
                     f"{{ SELECT DISTINCT ?s ?q WHERE {{ ?s ?q {iri} }} }} }}")
        try:
            result = service().query_serialized(construct, graph_format=fmt, lane=PAGES)
        except QueryError as exc:
            return renderers.text_error(503, str(exc))
        response = Response(result.body, content_type=renderers.RENDERERS[fmt].media_type)
        response.vary.add("Accept")
        return response
    try:
        page = entity_page(node)
    except QueryTimeout as exc:
        return renderers.error_response(fmt, 503, str(exc)) or error_page(503, "The page took too long", str(exc))
    return _page_response(page, fmt)


def _page_response(page: dict, fmt: str) -> Response:
    if fmt == "html":
        response = Response(render_template("entity.html", page=page, formats=RDF_LINKS,
                                            rows={"JSON": local_path(page["iri"]) + ".json",
                                                  "CSV": local_path(page["iri"]) + ".csv"}))
    else:
        response = renderers.rows_response(fmt, page_table(page), filename=page["iri"].rsplit("/", 1)[-1] + ".csv")
    response.vary.add("Accept")
    return response


def page_table(page: dict) -> renderers.Table:
    """The page's facts, one row each with its section; JSON also gets what the page says of
    the entity itself and its sections."""
    rows = [fact_row(section["title"], item) for section in page["sections"] for item in section["items"]]
    head = {key: page[key] for key in ("iri", "kind", "label", "types", "alt_labels")}
    sections = [{"title": s["title"], "rows": [dict(zip(COLUMNS[1:], fact_row(s["title"], i)[1:])) for i in s["items"]]}
                for s in page["sections"]]
    properties = [{"predicate": p["predicate_iri"], "values": [v["object"]["title"] or v["object"]["text"]
                                                               for v in p["values"]]} for p in page["properties"]]
    return renderers.Table(COLUMNS, rows, extra=head | {"sections": sections, "properties": properties})


def fact_row(section: str, item: dict) -> list:
    title = item.get("title") or {}
    fact = item.get("fact")
    return [section, fact.get("title") if fact else None, title.get("text"),
            title.get("title") if title.get("iri") else title.get("href"),
            "; ".join(item.get("details") or []) or None,
            "; ".join(p["text"] for p in item.get("people") or []) or None,
            item.get("quote"), len(item.get("evidence") or [])]


def entity_page(node: ox.NamedNode):
    """An entity page's content (a dozen queries), kept per store state."""
    signature, pages = service().signature(), kept("entities")
    page = pages.get(signature, node.value)
    if page is None:
        page = EntityPage(node).build()
        pages.put(signature, node.value, page)
    return page


def entity_classes() -> tuple[str, ...]:
    """What an entity is: the first of its classes here (the fact kinds', places, evidence,
    articles), read from the registry when asked, so a kind registered later counts."""
    return tuple(dict.fromkeys(["Person", "Organization", "Country", "Place"]
                               + [c for kind in fact_kinds.KINDS for c in kind.classes] + ["Evidence", "Article"]))


def _kind_of(types: set[str]) -> str:
    for t in entity_classes():
        if NG + t in types:
            return t
    for t in entity_sections.MEETING_KINDS:
        if NG + t in types:
            return "Meeting"
    return "Thing"


class EntityPage:
    """Gathers what the store knows about one IRI, with evidence, for entity.html."""

    def __init__(self, node: ox.NamedNode):
        self.node = node
        self.iri = str(node)
        self.base = base()
        self.derived_iri = terms.derived_graph(self.base).value

    def build(self) -> dict:
        out_rows = select(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {self.iri} ?p ?o }} }}")
        in_rows = select(f"SELECT DISTINCT ?s ?p WHERE {{ GRAPH ?g {{ ?s ?p {self.iri} }} }} LIMIT 500", row_limit=500)
        types = {r["o"].value for r in out_rows if r["p"].value == RDF_TYPE}
        kind = _kind_of(types)
        iris = {r["o"].value for r in out_rows if isinstance(r["o"], ox.NamedNode)}
        iris |= {r["s"].value for r in in_rows if isinstance(r["s"], ox.NamedNode)}
        labels = self.labels(iris)
        own = self.own_label(out_rows)
        if own is None and kind in ("Meeting", "Tenure"):
            own = self.fact_labels([self.node.value]).get(self.node.value)
        evidence_refs = [r for r in in_rows if r["p"].value == NG + "article"]
        in_rows = [r for r in in_rows if r["p"].value != NG + "article"]
        page = {
            "iri": self.node.value, "kind": kind, "types": sorted(short_iri(t) for t in types),
            "label": own or short_iri(self.node.value),
            "evidence_count": len(evidence_refs),
            "alt_labels": sorted({r["o"].value for r in out_rows if r["p"].value == SKOS + "altLabel"}),
            "properties": self.properties(out_rows, labels),
            "incoming": [{"subject": cell(r["s"], labels.get(r["s"].value)), "predicate": short_iri(r["p"].value)}
                         for r in in_rows if isinstance(r["s"], ox.NamedNode)],
            "incoming_truncated": len(in_rows) >= 500,
            "sections": [],
            "body": None,
            "resolves_to": [cell(r["o"], labels.get(r["o"].value)) for r in out_rows
                            if r["p"].value == NG + "resolvesTo"],
        }
        sections = [entity_sections.build(s, self) for s in entity_sections.sections_for(kind)]
        if kind == "Article":
            body = [r["o"].value for r in out_rows if r["p"].value == SCHEMA + "articleBody"]
            page["body"] = body[0] if body else None
        # an article-level node of a fact kind's class shows its own evidence (derived nodes show
        # theirs per section; countries and posts are always in the derived graph as well)
        if kind in {c for k in fact_kinds.KINDS for c in k.classes} and not self.is_derived(out_rows):
            sections += [self.own_evidence()]
        page["sections"] = [s for s in sections if s and (s.get("items") or s.get("facts"))]
        return page

    # -- small pieces --------------------------------------------------------------------------
    def is_derived(self, out_rows) -> bool:
        return any(r["p"].value == RDF_TYPE and r["g"].value == self.derived_iri for r in out_rows)

    def own_label(self, out_rows) -> str | None:
        for prop in (SKOS + "prefLabel", RDFS + "label", SCHEMA + "headline", NG + "text", NG + "sentence"):
            for r in out_rows:
                if r["p"].value == prop:
                    return r["o"].value
        return None

    def labels(self, iris: set[str]) -> dict[str, str]:
        """Display names for IRIs: prefLabel, rdfs:label, headline or statement text."""
        iris = [i for i in iris if i.startswith(("http://", "https://"))]
        out: dict[str, str] = {}
        for chunk in range(0, len(iris), 200):
            values = " ".join(str(ox.NamedNode(i)) for i in iris[chunk:chunk + 200])
            rows = select(f"""SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }}
                              ?s skos:prefLabel|rdfs:label|schema:headline|ng:sentence ?l }} GROUP BY ?s""")
            for r in rows:
                if r["label"] is not None:
                    text = r["label"].value
                    out[r["s"].value] = text if len(text) <= 100 else text[:97].rstrip() + "…"

        out.update(self.fact_labels([i for i in iris if i not in out]))
        return out

    def fact_labels(self, iris: list[str]) -> dict[str, str]:
        """Readable names for meetings ("video call: Dong Jun, Sergei Shoigu, 2024-01-31") and
        tenures ("Dong Jun, defence minister of China")."""
        out: dict[str, str] = {}
        for chunk in range(0, len(iris), 200):
            values = " ".join(str(ox.NamedNode(i)) for i in iris[chunk:chunk + 200])
            # one branch per attribute, each starting from the IRIs (docs/performance.md, Service)
            branches = [
                "GRAPH ?g { ?s a ?type ; ng:participant ?p . ?p skos:prefLabel ?pn }",
                "GRAPH ?g { ?s a ?type ; ng:date|ng:startDate ?d }",
                "GRAPH ?g { ?s a ?type ; ng:holder ?h . ?h skos:prefLabel ?hn }",
                "GRAPH ?g { ?s a ?type ; ng:post ?po } GRAPH <graph/derived> { ?po rdfs:label ?pl }",
                "GRAPH ?g { ?s a ?type }",
            ]
            union = " UNION ".join(f"{{ VALUES ?s {{ {values} }} {b} }}" for b in branches)
            rows = select(f"""SELECT ?s ?type ?pn ?d ?hn ?pl WHERE {{ {union}
                FILTER(?type IN ({LABELLED_FACT_TYPES})) }}""",
                          row_limit=100_000)
            facts: dict[str, dict] = {}
            for r in rows:
                f = facts.setdefault(r["s"].value, {"type": r["type"].value, "people": [], "date": None,
                                                    "holder": None, "post": None})
                if r["pn"] is not None and r["pn"].value not in f["people"]:
                    f["people"].append(r["pn"].value)
                for key, var in (("date", "d"), ("holder", "hn"), ("post", "pl")):
                    if f[key] is None and r[var] is not None:
                        f[key] = r[var].value
            for iri, f in facts.items():
                kind = f["type"][len(NG):]
                if kind == "Tenure":
                    out[iri] = ", ".join(v for v in (f["holder"], f["post"]) if v) or "tenure"
                else:
                    text = entity_sections.MEETING_KINDS.get(kind, "meeting") + ": " + (", ".join(sorted(f["people"])) or "?")
                    out[iri] = text + (f", {f['date']}" if f["date"] else "")
        return out

    def properties(self, out_rows, labels) -> list[dict]:
        """Each (predicate, object) once, with the graphs stating it."""
        merged: OrderedDict = OrderedDict()
        skip = {SCHEMA + "articleBody"}
        for r in out_rows:
            if r["p"].value in skip:
                continue
            key = (r["p"].value, str(r["o"]))
            entry = merged.setdefault(key, {"predicate": short_iri(r["p"].value), "predicate_iri": r["p"].value,
                                            "object": cell(r["o"], labels.get(value(r["o"]))), "graphs": []})
            g = r.get("g")
            if g is not None:
                entry["graphs"].append(self.graph_cell(g.value))
        entries = sorted(merged.values(), key=lambda e: (e["predicate"] != "rdf:type", e["predicate"], e["object"]["text"]))
        grouped: OrderedDict = OrderedDict()
        for e in entries:
            grouped.setdefault(e["predicate_iri"], {"predicate": e["predicate"], "predicate_iri": e["predicate_iri"],
                                                    "values": []})["values"].append(e)
        return list(grouped.values())

    def graph_cell(self, graph: str) -> dict:
        prefix = self.base + "graph/article/"
        if graph.startswith(prefix):
            return {"text": "article " + graph[len(prefix):len(prefix) + 8],
                    "href": local_path(self.base + "id/article/" + graph[len(prefix):])}
        if graph == self.derived_iri:
            return {"text": "derived", "href": None}
        return {"text": short_iri(graph), "href": None}

    def evidence_for(self, facts: list[str], via_resolution: bool) -> dict[str, list[dict]]:
        """Evidence sentences and their articles for facts: their own evidence, or (derived facts)
        the evidence of the article-level facts that resolve to them."""
        if not facts:
            return {}
        values = " ".join(str(ox.NamedNode(f)) for f in facts)
        link = "?local ng:resolvesTo ?fact ." if via_resolution else "BIND(?fact AS ?local)"
        rows = select(f"""SELECT DISTINCT ?fact ?sentence ?article ?headline ?published ?start ?rule WHERE {{
            VALUES ?fact {{ {values} }}
            {link}
            GRAPH ?g {{
              ?local ng:evidence ?ev . ?ev ng:article ?article .
              OPTIONAL {{ ?ev ng:sentence ?sentence }}
              OPTIONAL {{ ?ev ng:start ?start }}
              OPTIONAL {{ ?ev ng:derivedBy ?rule }}
              OPTIONAL {{ ?article schema:headline ?headline }}
              OPTIONAL {{ ?article schema:datePublished ?published }}
            }}
        }} ORDER BY STR(?published) ?article ?start""")
        out: dict[str, list[dict]] = defaultdict(list)
        seen = set()
        for r in rows:
            key = (r["fact"].value, value(r["sentence"]), r["article"].value)
            if key in seen:
                continue
            seen.add(key)
            out[r["fact"].value].append({
                "sentence": value(r["sentence"]) or "(from the article's metadata)",
                "article": cell(r["article"], value(r["headline"])),
                "published": value(r["published"]) or "date unknown",
                "rule": value(r["rule"]),
            })
        return out

    def own_evidence(self) -> dict:
        evidence = self.evidence_for([self.node.value], via_resolution=False).get(self.node.value, [])
        if not evidence:
            return {}
        return {"title": "Evidence", "items": [{"fact": None, "title": {"text": "Read from", "href": None},
                                                "details": [], "evidence": evidence}]}
