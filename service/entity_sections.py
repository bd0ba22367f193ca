"""The entity page's sections: one SPARQL file each in queries/entity/ (`$iri` stands for the
entity, `<graph/derived>` is relative to the base), with a YAML header in `#+ ` lines:

    #+ title: Offices
    #+ shows on: [Person, Organization]      the entity classes whose pages show it
    #+ order: 10                             its place on those pages

A section named here (FORMATTERS) is shown by its own function (dates in words, evidence, the
people of a meeting); any other is shown row by row: the first column is the fact, a `label`
column its title, the other columns its details. So a new fact kind's section is a new file.
"""
from __future__ import annotations

import functools
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from importlib import resources

import pyoxigraph as ox
import yaml

from newsgraph.ontology import terms

from .cells import cell, short_iri, value
from .context import select

# the meeting classes (ng:Visit ...) with the words a page shows for them
MEETING_KINDS = {cls: kind.replace("_", " ") for kind, cls in terms.MEETING_CLASS.items()}
NG = terms.NS


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    shows_on: tuple[str, ...]
    order: int
    sparql: str

    def rows(self, iri: str, **fills: str) -> list[dict]:
        text = self.sparql.replace("$iri", iri)
        for key, fill in fills.items():
            text = text.replace("$" + key, fill)
        return select(text)


@functools.lru_cache(maxsize=1)
def sections() -> dict[str, Section]:
    """Every section file shipped in queries/entity/, by name."""
    found = {}
    folder = resources.files("newsgraph.queries").joinpath("entity")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            text = entry.read_text(encoding="utf-8")
            meta = yaml.safe_load("\n".join(line[3:] for line in text.splitlines() if line.startswith("#+ "))) or {}
            body = "\n".join(line for line in text.splitlines() if not line.startswith("#+"))
            found[entry.name[:-3]] = Section(entry.name[:-3], str(meta["title"]), tuple(meta.get("shows on") or ()),
                                             int(meta.get("order", 50)), body)
    return found


def sections_for(kind: str) -> list[Section]:
    return sorted((s for s in sections().values() if kind in s.shows_on), key=lambda s: (s.order, s.name))


def build(section: Section, page) -> dict:
    """The section's title and items for `page` (an entity.EntityPage)."""
    formatter = FORMATTERS.get(section.name, generic)
    return formatter(section, page)


def dedupe(rows: list[dict], key: str) -> list[dict]:
    seen, out = set(), []
    for r in rows:
        k = value(r[key])
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


def date_text(date=None, start=None, end=None) -> str:
    if date is not None:
        return date.value
    if start is not None or end is not None:
        return f"{value(start) or '?'} – {value(end) or '?'}"
    return ""


def generic(section: Section, page) -> dict:
    rows = section.rows(page.iri)
    items = []
    for r in rows:
        columns = list(r)
        fact = r[columns[0]] if columns else None
        details = [value(r[c]) for c in columns[1:] if c != "label" and r[c] is not None]
        items.append({"fact": cell(fact) if isinstance(fact, ox.NamedNode) else None,
                      "title": cell(fact, value(r.get("label"))) if fact is not None else None,
                      "details": details, "evidence": []})
    return {"title": section.title, "items": items}


def offices(section: Section, page) -> dict:
    facts = dedupe(section.rows(page.iri), "tenure")
    evidence = page.evidence_for([r["tenure"].value for r in facts], via_resolution=True)
    items = []
    for r in sorted(facts, key=lambda r: value(r["start"]) or value(r["first"]) or "9999"):
        details = []
        if r["start"] is not None or r["end"] is not None:
            details.append(f"from {value(r['start']) or 'an unknown date'} to {value(r['end']) or 'an unknown date'}")
        if r["first"] is not None:
            details.append(f"attested {value(r['first'])} – {value(r['last'])}")
        if r["sources"] is not None:
            details.append(f"{r['sources'].value} article(s)")
        items.append({"fact": cell(r["tenure"], "tenure"), "title": cell(r["post"], value(r["office"])),
                      "details": details, "evidence": evidence.get(r["tenure"].value, [])})
    return {"title": section.title, "items": items}


def meetings(section: Section, page) -> dict:
    rows = [r for r in section.rows(page.iri)
            if r["class"].value.startswith(NG) and r["class"].value[len(NG):] in MEETING_KINDS]
    facts = dedupe(rows, "meeting")
    names = participants(page, [r["meeting"].value for r in facts])
    evidence = page.evidence_for([r["meeting"].value for r in facts], via_resolution=True)
    items = []
    for r in sorted(facts, key=lambda r: date_text(r["date"], r["start"], r["end"]) or "9999"):
        kind = MEETING_KINDS[r["class"].value[len(NG):]]
        when = date_text(r["date"], r["start"], r["end"]) or "date unknown"
        details = [when, r["status"].value.rsplit("#", 1)[-1]]
        if r["place"] is not None:
            details.append("in " + (value(r["place_label"]) or short_iri(r["place"].value)))
        details.append(f"{r['sources'].value} article(s)")
        items.append({"fact": cell(r["meeting"], "meeting"), "title": {"text": kind, "href": None},
                      "people": names.get(r["meeting"].value, []), "details": details,
                      "evidence": evidence.get(r["meeting"].value, [])})
    return {"title": section.title, "items": items}


def participants(page, meetings: list[str]) -> dict[str, list[dict]]:
    if not meetings:
        return {}
    values = " ".join(str(ox.NamedNode(m)) for m in meetings)
    rows = select(f"""SELECT DISTINCT ?meeting ?p ?name WHERE {{ VALUES ?meeting {{ {values} }}
        GRAPH <graph/derived> {{ ?meeting ng:participant ?p . ?p skos:prefLabel ?name }} }} ORDER BY ?name""")
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[r["meeting"].value].append(cell(r["p"], r["name"].value))
    return out


def statements(section: Section, page) -> dict:
    items = []
    for r in dedupe(section.rows(page.iri), "statement"):
        kind = r["kind"].value
        direct = kind.endswith("direct") and not kind.endswith("indirect")
        details = [kind.rsplit("#", 1)[-1] + (" quote" if direct else " speech")]
        if r["date"] is not None:
            details.append(r["date"].value)
        items.append({"fact": cell(r["statement"], "statement"), "quote": r["text"].value,
                      "details": details, "meeting": cell(r["meeting"], "at this meeting") if r["meeting"] else None,
                      "evidence": [{"sentence": value(r["sentence"]) or "",
                                    "article": cell(r["article"], value(r["headline"])),
                                    "published": value(r["published"]) or "date unknown", "rule": None}]})
    return {"title": section.title, "items": items}


def mentioned_in(section: Section, page) -> dict:
    items = [{"fact": None, "title": cell(r["article"], value(r["headline"])),
              "details": [value(r["published"]) or "date unknown"], "evidence": []}
             for r in dedupe(section.rows(page.iri), "article")]
    return {"title": section.title, "items": items}


def holders(section: Section, page) -> dict:
    facts = dedupe(section.rows(page.iri), "tenure")
    items = []
    for r in sorted(facts, key=lambda r: (value(r["office"]) or "", (value(r["start"]) or value(r["first"]) or "9999") + "~")):
        details = [f"from {value(r['start']) or '?'} to {value(r['end']) or '?'}"]
        if r["first"] is not None:
            details.append(f"attested {value(r['first'])} – {value(r['last'])}")
        items.append({"fact": cell(r["tenure"], "tenure"), "title": cell(r["holder"], r["name"].value),
                      "details": [value(r["office"]) or short_iri(r["post"].value)] + details, "evidence": []})
    return {"title": section.title, "items": items}


def meeting(section: Section, page) -> dict:
    people, seen = defaultdict(list), set()
    for r in sections()["meeting-people"].rows(page.iri):
        if (r["role"].value, r["who"].value) not in seen:
            seen.add((r["role"].value, r["who"].value))
            people[r["role"].value].append(cell(r["who"], value(r["name"])))
    items = []
    for r in section.rows(page.iri):
        kind = r["class"].value[len(NG):]
        if kind not in MEETING_KINDS:
            continue
        details = [date_text(r["date"], r["start"], r["end"]) or "date unknown", r["status"].value.rsplit("#", 1)[-1]]
        if r["sources"] is not None:
            details.append(f"{r['sources'].value} article(s)")
        items.append({"fact": None, "title": {"text": MEETING_KINDS[kind], "href": None},
                      "people": [cell(r["place"], value(r["place_label"]))] if r["place"] is not None else [],
                      "details": details, "evidence": []})
        break
    for role, title in ((NG + "participant", "Participants"), (NG + "host", "Host"), (NG + "visitor", "Visitor")):
        if people.get(role):
            items.append({"fact": None, "title": {"text": title, "href": None}, "people": people[role],
                          "details": [], "evidence": []})
    return {"title": section.title, "items": items}


def tenure(section: Section, page) -> dict:
    items = []
    for r in dedupe(section.rows(page.iri), "holder"):
        items.append({"fact": None, "title": cell(r["holder"], value(r["name"])),
                      "details": ["holds " + (value(r["office"]) or short_iri(r["post"].value))],
                      "post": cell(r["post"], value(r["office"])), "evidence": []})
    return {"title": section.title, "items": items}


def reported_in(section: Section, page) -> dict:
    rows = section.rows(page.iri)
    evidence = page.evidence_for([r["local"].value for r in rows], via_resolution=False)
    items = [{"fact": cell(r["local"], "report"), "title": cell(r["article"], value(r["headline"])),
              "details": [value(r["published"]) or "date unknown"],
              "evidence": evidence.get(r["local"].value, [])} for r in dedupe(rows, "local")]
    return {"title": section.title, "items": items}


def made_at(section: Section, page) -> dict:
    items = [{"fact": cell(r["statement"], "statement"), "quote": r["text"].value,
              "details": [("said by " + r["name"].value) if r["name"] is not None else "speaker unknown"],
              "evidence": [{"sentence": "", "article": cell(r["article"], value(r["headline"])),
                            "published": "", "rule": None}]}
             for r in dedupe(section.rows(page.iri), "statement")]
    return {"title": section.title, "items": items}


def article(section: Section, page) -> dict:
    graph = str(terms.article_graph(page.base, page.node.value.rsplit("/", 1)[-1]))
    rows = section.rows(page.iri, graph=graph)
    groups: dict[str, list] = OrderedDict()
    names = page.fact_labels([r["s"].value for r in rows if r["label"] is None])
    for r in rows:
        kind = r["type"].value[len(NG):]
        kind = "Meeting" if kind in MEETING_KINDS else kind
        groups.setdefault(kind, []).append(cell(r["s"], value(r["label"]) or names.get(r["s"].value)))
    items = [{"fact": None, "title": {"text": f"{kind} ({len(cells)})", "href": None}, "people": cells,
              "details": [], "evidence": []} for kind, cells in groups.items()]
    return {"title": section.title, "items": items}


def evidence(section: Section, page) -> dict:
    items = []
    for r in section.rows(page.iri):
        details = [f"characters {r['start'].value}–{r['end'].value}"] if r["start"] is not None else []
        items.append({"fact": None, "title": {"text": "The span", "href": None}, "quote": value(r["span"]),
                      "details": details,
                      "evidence": [{"sentence": value(r["sentence"]) or "",
                                    "article": cell(r["article"], value(r["headline"])),
                                    "published": "", "rule": None}]})
    return {"title": section.title, "items": items}


FORMATTERS = {"offices": offices, "meetings": meetings, "meetings-held-here": meetings, "statements": statements,
              "mentioned-in": mentioned_in, "holders": holders, "holders-in-country": holders, "meeting": meeting,
              "tenure": tenure, "reported-in": reported_in, "made-at": made_at, "article": article,
              "evidence": evidence}
