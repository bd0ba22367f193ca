"""The machinery every section's scorer shares: a section's tally (`Section`: recall over gold
items, precision over loaded facts, misses and wrong facts with their evidence), the one-to-one
assignment of loaded facts to gold entries, and the map from loaded persons to gold persons that
every section matches people through."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .compare import normalise_name
from .gold import Gold
from .stored import Fact


def ratio(n: int, d: int) -> float:
    return 1.0 if d == 0 else n / d


@dataclass
class Section:
    """One section's tally: `item` once per gold entry (recall), `fact` once per loaded fact
    (precision), `attribute` per attribute of a matched fact; `extra` joins the result as is."""

    name: str
    core: list[int] = field(default_factory=lambda: [0, 0])       # found, total
    stretch: list[int] = field(default_factory=lambda: [0, 0])
    loaded: list[int] = field(default_factory=lambda: [0, 0])     # right, total
    misses: list[dict] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def item(self, tier: str, found: bool, entry: str, gold=None, why: str | None = None) -> None:
        """A gold entry of `tier`, found or missed (`entry` describes it, `gold` is its raw form)."""
        counter = self.core if tier == "core" else self.stretch
        counter[1] += 1
        if found:
            counter[0] += 1
        else:
            miss = {"tier": tier, "entry": entry}
            if why:
                miss["why"] = why
            if gold is not None:
                miss["gold"] = gold
            self.misses.append(miss)

    def fact(self, right: bool, fact: Fact | None = None, reason: str = "", text: str | None = None) -> None:
        """A loaded fact, right or wrong (`reason` says why; its first three pieces of evidence are kept)."""
        self.loaded[1] += 1
        if right:
            self.loaded[0] += 1
            return
        self.wrong.append({"fact": text if text is not None else fact.text, "reason": reason,
                           "sources": fact.sources if fact else [], "evidence": (fact.evidence[:3] if fact else [])})

    def attribute(self, name: str, verdict: str | None) -> None:
        """An attribute of a matched fact: 'right', 'wrong', 'missing', or None (not scored)."""
        if verdict is None:
            return
        counts = self.attributes.setdefault(name, {"right": 0, "wrong": 0, "missing": 0})
        counts[verdict] += 1

    def result(self) -> dict:
        out = {
            "core_recall": ratio(*self.core), "precision": ratio(*self.loaded), "stretch_recall": ratio(*self.stretch),
            "counts": {"core": {"found": self.core[0], "total": self.core[1]},
                       "stretch": {"found": self.stretch[0], "total": self.stretch[1]},
                       "loaded": {"right": self.loaded[0], "total": self.loaded[1]}},
            "misses": self.misses, "wrong": self.wrong,
        }
        if self.attributes:
            out["attributes"] = self.attributes
        out.update(self.extra)
        return out


def plain(raw):
    """A gold entry as JSON-ready data (YAML may have read dates as date objects)."""
    if isinstance(raw, dict):
        return {str(k): plain(v) for k, v in raw.items()}
    if isinstance(raw, (list, tuple)):
        return [plain(v) for v in raw]
    if isinstance(raw, (dt.date, dt.datetime)):
        return raw.isoformat()
    return raw


def greedy_assign(pairs: list[tuple[tuple, int, int]]) -> tuple[dict[int, int], dict[int, int]]:
    """One-to-one assignment of (quality, loaded, gold) pairs, best quality first.

    Returns loaded -> gold for the assigned pairs, and loaded -> gold for loaded facts that fit
    only gold entries already taken (duplicates), pointing at the best of them."""
    assigned, taken = {}, set()
    for _, li, gi in sorted(pairs, key=lambda p: (p[0], -p[1], -p[2]), reverse=True):
        if li in assigned or gi in taken:
            continue
        assigned[li] = gi
        taken.add(gi)
    duplicates = {}
    for _, li, gi in sorted(pairs, key=lambda p: (p[0], -p[1], -p[2]), reverse=True):
        if li not in assigned and li not in duplicates:
            duplicates[li] = gi
    return assigned, duplicates


class PersonMap:
    """Which gold person each loaded person denotes, by its labels."""

    def __init__(self, gold: Gold, persons: list[Fact]):
        self.names = {}                                   # normalised name -> canonical names
        for p in [*gold.persons, *({"name": n, "aliases": []} for n in gold.implicit)]:
            for n in [p["name"], *p["aliases"]]:
                self.names.setdefault(normalise_name(n), set()).add(p["name"])
        self.matches: dict[str, list[str]] = {}
        self.to_gold: dict[str, str | None] = {}
        for f in persons:
            self.add(f.iri, f.data["pref"], f.data["labels"])

    def candidates(self, pref: str, labels) -> list[str]:
        found = set()
        for label in [pref, *labels]:
            found |= self.names.get(normalise_name(label), set())
        return sorted(found)

    def add(self, iri: str, pref: str, labels) -> None:
        cands = self.candidates(pref, labels)
        self.matches[iri] = cands
        if len(cands) == 1:
            self.to_gold[iri] = cands[0]
        else:
            by_pref = sorted(self.names.get(normalise_name(pref), set()))
            self.to_gold[iri] = by_pref[0] if len(by_pref) == 1 else None

    def gold_of(self, iri: str | None) -> str | None:
        return self.to_gold.get(iri) if iri else None


def name_in(names, label_list) -> bool:
    wanted = {normalise_name(n) for n in names}
    return any(normalise_name(l) in wanted for l in label_list)
