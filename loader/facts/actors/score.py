"""The actors' evaluation section, persons: every loaded person mentioned in the articles in scope
against the gold persons (one loaded entity per gold person, none for two), with the forbidden
names (page chrome, teasers) found reported beside the sections. The score part's contract is
in newsgraph.loader.evaluation.scoring."""
from __future__ import annotations

from collections import defaultdict

from newsgraph.loader.evaluation.compare import normalise_name
from newsgraph.loader.evaluation.gold import Gold
from newsgraph.loader.evaluation.matching import PersonMap, Section, name_in, plain
from newsgraph.loader.evaluation.stored import Fact


def describe_person(e: dict) -> str:
    return e["name"] + (f" (aliases: {', '.join(e['aliases'])})" if e["aliases"] else "")


def score_persons(gold: Gold, persons: list[Fact], pmap: PersonMap) -> tuple[Section, list[dict]]:
    sec = Section("persons")
    forbidden_found = []
    by_gold: dict[str, list[Fact]] = defaultdict(list)
    for f in persons:
        cands = pmap.matches[f.iri]
        labels = f.data["labels"]
        f.text = f.data["pref"] + (f" (also: {', '.join(l for l in labels if l != f.data['pref'])})"
                                   if len(labels) > 1 else "")
        if len(cands) > 1:
            sec.fact(False, f, "one entity for several gold persons: " + ", ".join(cands))
        elif cands:
            by_gold[cands[0]].append(f)
        elif name_in(gold.forbidden, labels):
            forbidden_found.append({"person": f.text, "sources": f.sources, "evidence": f.evidence[:3]})
            sec.fact(False, f, "forbidden person (page chrome or teaser)")
        elif name_in(gold.allowed, labels):
            continue
        else:
            sec.fact(False, f, "not a gold person")
    for g in [*gold.persons, *({"name": n, "aliases": [], "implicit": True} for n in gold.implicit)]:
        facts = by_gold.get(g["name"], [])
        # the entity called by the canonical name counts; then the one with most sources
        facts.sort(key=lambda f: (normalise_name(f.data["pref"]) != normalise_name(g["name"]), -len(f.sources),
                                  -len(f.evidence), f.iri))
        for i, f in enumerate(facts):
            sec.fact(i == 0, f, f"split: another loaded entity for {g['name']} ({facts[0].text}) already counts")
        if g.get("implicit"):
            continue
        why = None
        if not facts:
            ambiguous = [p for p, c in pmap.matches.items() if g["name"] in c and len(c) > 1]
            why = "only matched by an entity that also matches another gold person" if ambiguous else None
        sec.item("core", bool(facts), describe_person(g), plain(g["raw"]), why)
    return sec, forbidden_found


def score(context) -> dict[str, Section]:
    section, forbidden = score_persons(context.gold, context.persons, context.person_map)
    context.findings["forbidden_found"] = forbidden
    return {"persons": section}
