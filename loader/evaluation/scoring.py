"""`evaluate(store, gold)`: the articles section, then every fact kind's sections, found through
the registry (newsgraph.loader.facts.KINDS), in one JSON-ready result.

The score part of a kind, loader/facts/<kind>/score.py, holds:
  score(context: Context) -> dict[str, Section]
      one Section (matching.Section) for each name in its FactKind.sections; the result lists
      the sections in gold.sections() order, whatever order the kinds score them in.
  GOLD: dict[str, reader]   (optional)
      section name -> reader(read: gold.GoldReader, entries: list[dict]) -> list[dict], the
      section's gold entries checked and parsed (GoldReader's text, names, person, keys, tier,
      choice, date and fail name the entry's place in a GoldError); the scorer finds them as
      gold.<section>. A section without a reader keeps its entries as written.
The Context carries what every scorer shares: the gold file, what the store holds for the
articles in scope (stored.Loaded: its generic readers, from which a kind reads its own facts),
the loaded persons and the map from them to gold persons, the store (for canned queries), and
`findings`: entries of the result beside "sections" (the actors' forbidden persons found).
A new kind's sections need only its folder's score.py and its registry line; the text report
(report.format_text) shows any section's scores, attributes, misses and wrong facts, and of the
sections' extra entries the tenures' `listings` and the meetings' `attribute_errors`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.loader import facts

from .articles import score_articles
from .gold import Gold, load_gold, sections
from .matching import PersonMap, Section
from .stored import Fact, Loaded


@dataclass
class Context:
    gold: Gold
    loaded: Loaded          # the store's article graphs in scope and its derived graph
    persons: list[Fact]     # the loaded persons mentioned in the articles in scope
    person_map: PersonMap   # which gold person each loaded person denotes
    store: object           # the GraphStore, for canned queries
    findings: dict = field(default_factory=dict)


def evaluate(store, gold: Gold) -> dict:
    """Score the store against the gold facts: {"sections": {name: scores, misses, wrong facts},
    and the kinds' findings}, JSON-ready."""
    loaded = Loaded(store, gold.article_keys)
    persons = loaded.person_facts()
    context = Context(gold, loaded, persons, PersonMap(gold, persons), store)
    scored_sections: dict[str, Section] = {"articles": score_articles(gold, loaded)}
    for kind in facts.KINDS:
        part = kind.part("score")
        scored = part.score(context) if part is not None else {}
        if set(scored) != set(kind.sections):
            raise ValueError(f"the {kind.name} kind scored {sorted(scored)}, its registry line says {list(kind.sections)}")
        scored_sections.update(scored)
    scored_sections["articles"].extra["in_scope"] = sorted(loaded.source_of[a] for a in loaded.scope)
    return {"sections": {name: scored_sections[name].result() for name in sections()}, **context.findings}


def evaluate_file(store, gold_path) -> dict:
    return evaluate(store, load_gold(gold_path))
