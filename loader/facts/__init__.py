"""The fact kinds, in dependency order: the one list that extraction, the RDF mapping, the
derivation, evaluation, statistics, the VoID counts and the entity page walk.

A kind is a folder here holding up to four parts, found by name (like spaCy's components,
each kind names what it `requires`):
  extract.py   spaCy Doc + Article (+ the records of the kinds it requires) -> typed records
  graph.py     records -> quads in the article's named graph (terms from ontology/terms.py)
  derive.py    the article graphs -> its part of the derived graph (one node per real thing)
  score.py     its evaluation sections against a gold file (../shared/gold/FORMAT.md)
docs/extending.md walks through adding one.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

PARTS = ("extract", "graph", "derive", "score")


@dataclass(frozen=True)
class FactKind:
    name: str  # its folder, and its field of records.Facts
    requires: tuple[str, ...]  # kinds whose records its extractor reads (earlier in KINDS)
    classes: tuple[str, ...]  # the ontology classes (local names in ng:) its facts are counted by
    sections: tuple[str, ...]  # the evaluation sections it scores

    def part(self, role: str) -> ModuleType | None:
        """The kind's module for one of PARTS, or None when it has none (a kind need not derive)."""
        if role not in PARTS:
            raise ValueError(f"unknown part {role!r}; one of {', '.join(PARTS)}")
        name = f"{__name__}.{self.name}.{role}"
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                return None
            raise


KINDS: tuple[FactKind, ...] = (
    FactKind("actors", (), ("Person", "Organization", "Country"), ("persons",)),
    FactKind("offices", ("actors",), ("Post", "Tenure"), ("offices", "tenures")),
    FactKind("meetings", ("actors", "offices"), ("Meeting",), ("meetings",)),
    FactKind("statements", ("actors", "offices", "meetings"), ("Statement",), ("statements",)),
)


def kind(name: str) -> FactKind:
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(name)
