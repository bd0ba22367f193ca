"""The fact kinds, in dependency order: the one list that extraction, the RDF mapping, the
derivation, evaluation, statistics, the VoID counts and the entity page walk.

A kind is a package holding up to four parts, found by name (like spaCy's components, each
kind names what it `requires`); the built-in kinds' packages are the folders here, a kind kept
elsewhere names its package and joins through the entry point group ENTRY_POINTS (an installed
plugin's) or `register` (a test's):
  extract.py   spaCy Doc + Article (+ the records of the kinds it requires) -> typed records
  graph.py     records -> quads in the article's named graph (terms from ontology/terms.py)
  derive.py    the article graphs -> its part of the derived graph (one node per real thing)
  score.py     its evaluation sections against a gold file (../shared/gold/FORMAT.md)
docs/extending.md walks through adding one.
"""
from __future__ import annotations

import importlib
import importlib.metadata
from dataclasses import dataclass
from types import ModuleType

PARTS = ("extract", "graph", "derive", "score")
# the entry point group under which an installed package declares its kinds (each a FactKind),
# as spaCy's `spacy_factories`: every process that imports this module, the loader's workers too
ENTRY_POINTS = "newsgraph_fact_kinds"


@dataclass(frozen=True)
class FactKind:
    name: str  # its name in records.Facts (`facts.meetings`), and by default its folder here
    requires: tuple[str, ...]  # kinds whose records its extractor reads (earlier in KINDS)
    classes: tuple[str, ...]  # the ontology classes (local names in ng:) its facts are counted by
    sections: tuple[str, ...]  # the evaluation sections it scores
    package: str | None = None  # the package holding its parts; None: newsgraph.loader.facts.<name>

    def __post_init__(self):
        if self.package is None:
            object.__setattr__(self, "package", f"{__name__}.{self.name}")

    def part(self, role: str) -> ModuleType | None:
        """The kind's module for one of PARTS, or None when it has none (a kind need not derive)."""
        if role not in PARTS:
            raise ValueError(f"unknown part {role!r}; one of {', '.join(PARTS)}")
        name = f"{self.package}.{role}"
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                return None
            raise


# a list, so that a kind added with `register` is walked by every loop over it, wherever the name was imported
KINDS: list[FactKind] = [
    FactKind("actors", (), ("Person", "Organization", "Country"), ("persons",)),
    FactKind("offices", ("actors",), ("Post", "Tenure"), ("offices", "tenures")),
    FactKind("meetings", ("actors", "offices"), ("Meeting",), ("meetings",)),
    FactKind("statements", ("actors", "offices", "meetings"), ("Statement",), ("statements",)),
]


def kind(name: str) -> FactKind:
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(name)


def register(new: FactKind) -> None:
    """Add a kind kept outside this folder (a plugin's, a test's) after those it requires: from
    then on every loop over `KINDS` walks it like the kinds above (what a module computed from
    `KINDS` when it was imported, such as a list of classes, does not change)."""
    names = [k.name for k in KINDS]
    if new.name in names:
        raise ValueError(f"a fact kind named {new.name!r} is already registered")
    missing = [r for r in new.requires if r not in names]
    if missing:
        raise ValueError(f"fact kind {new.name!r} requires {', '.join(missing)}, not registered before it")
    KINDS.append(new)


def register_installed() -> None:
    """Register the kinds installed packages declare under ENTRY_POINTS, each after the kinds it
    requires (a kind whose requirements never appear is refused by `register`)."""
    pending = [ep.load() for ep in sorted(importlib.metadata.entry_points(group=ENTRY_POINTS), key=lambda e: e.name)]
    while pending:
        names = {k.name for k in KINDS}
        ready = [k for k in pending if set(k.requires) <= names] or pending[:1]
        for new in ready:
            register(new)
            pending.remove(new)


register_installed()
