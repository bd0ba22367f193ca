"""The store's statistics: how many articles, entities, facts and pieces of evidence it holds,
counted by queries/stats.rq for the classes the fact-kind registry names.

`newsgraph stats`, the index page and the VoID description read the same counts. A class is
counted in the derived graph (one node per real person, meeting, tenure) when the derivation
writes any node of it; otherwise (articles, statements, evidence: only read per article) in
the article graphs. Posts and countries are in both with the same IRIs, one copy each in the
derived graph, so either count is the same.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from newsgraph.loader.facts import KINDS

from .catalog import shipped, with_base

CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
# select(sparql) -> rows of terms (kind, graph, count)
Select = Callable[[str], Iterable]


def entity_classes() -> list[str]:
    """The classes of the kinds that require no other (the actors): the entities."""
    return [c for k in KINDS if not k.requires for c in k.classes]


def fact_classes() -> list[str]:
    """The classes of the other kinds, then the evidence every fact points at."""
    return [c for k in KINDS if k.requires for c in k.classes] + ["Evidence"]


def classes() -> list[str]:
    """Every class counted: articles, then the registry's kinds' classes, then evidence."""
    return ["Article", *entity_classes(), *fact_classes()]


def query_text(base: str, names: Iterable[str]) -> str:
    """queries/stats.rq for a store with this base, counting the classes `names` (in ng:)."""
    names = list(names)
    bad = [n for n in names if not CLASS_NAME.match(n)]
    if bad:
        raise ValueError(f"not a class name: {', '.join(bad)}")
    return with_base(shipped("stats").sparql.replace("$classes", " ".join(f'"{n}"' for n in names)), base)


def counts(select: Select, base: str) -> dict[str, int]:
    """Each class's count, in the derived graph when it holds any, else in the article graphs
    (see the module)."""
    wanted = classes()
    found: dict[tuple[str, str], int] = {}
    for row in select(query_text(base, wanted)):
        kind, graph, n = list(row)[:3]
        if kind is not None and graph is not None and n is not None:
            found[kind.value, graph.value] = int(n.value)
    return {c: found.get((c, "derived")) or found.get((c, "articles"), 0) for c in wanted}


def summary(select: Select, base: str) -> dict:
    """The counts as `newsgraph stats --json` gives them: articles, entities and facts by class."""
    found = counts(select, base)
    return {
        "articles": found["Article"],
        "entities": {c: found[c] for c in entity_classes()},
        "facts": {c: found[c] for c in fact_classes()},
    }
