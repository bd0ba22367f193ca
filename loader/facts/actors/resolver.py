"""Which person a name is, across articles: full names compared within blocks that share a
first or last name, surnames joined to the one person they can be (`NameResolver`)."""
from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from .names import normalize_name, same_full_name, shorter_form_of


@dataclass(slots=True)
class LocalPerson:
    """A person as one article names them (one per mention, read one at a time from a sorted
    stream, see `derive.local_persons`)."""
    iri: str
    article: str
    label: str
    labels: frozenset[str] = frozenset()  # every name the article gives them, the label included
    posts: frozenset[str] = frozenset()  # the posts the article says they hold


class UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def is_full_name(label: str) -> bool:
    return len(normalized(label).split()) >= 2  # "Akufo-Addo" is two names


class NameResolver:
    """Which person a mention is, decided between distinct names, never between mentions.

    Every mention of a person in an article is a local person, so a well-known name has tens
    of thousands of them. Mentions with the same full name (after normalisation) are one person
    at once, and full names are compared pairwise only within blocks sharing a first or last
    name. A surname alone joins the one person whose first or last name it is; when several
    share it, the one holding a post the mention holds. What it keeps is per distinct name
    (and per distinct surname and posts), so its memory follows the vocabulary, not the corpus.
    Cost: O(mentions) to add them, O(sum over blocks of distinct names squared) to resolve,
    where comparing mentions would be quadratic in the corpus."""

    def __init__(self):
        self.posts: dict[str, set[str]] = defaultdict(set)  # normalised full name -> posts of its mentions
        self._uf = UnionFind()
        self._blocks: dict[str, list[str]] = {}
        self._joins: dict[tuple[str, frozenset], str | None] = {}
        self.short: dict[str, set[str]] = defaultdict(set)  # one-word name -> full names an article shortened so

    def add(self, label: str, posts: frozenset[str], labels=()) -> None:
        if is_full_name(label):
            norm = normalized(label)
            self.posts[norm] |= posts
            for other in labels:
                if not is_full_name(other):
                    self.short[normalized(other)].add(norm)

    def resolve(self) -> None:
        """Compare the full names added (call once all are in)."""
        uf, blocks = self._uf, defaultdict(list)  # first or last name -> distinct full names
        for name in self.posts:
            uf.find(name)
            parts = name.split()
            for token in {parts[0], parts[-1]}:
                blocks[token].append(name)
        for names in blocks.values():
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    if uf.find(a) != uf.find(b) and same_full_name(a, b):
                        uf.union(a, b)
        # a shorter full name ("lula da silva", "m j guptill") joins the one person it shortens
        for name in sorted(self.posts, key=lambda n: len(n.split())):
            parts = name.split()
            longer = {uf.find(n) for token in {parts[0], parts[-1]} for n in blocks[token]
                      if n != name and len(n.split()) >= len(parts) and shorter_form_of(name, n)}
            if parts[0] and len(parts[0]) == 1:  # "t latham" / "tom latham": blocked by the last name only
                longer |= {uf.find(n) for n in blocks[parts[-1]] if n != name and shorter_form_of(name, n)}
            longer.discard(uf.find(name))
            if len(longer) == 1:
                uf.union(name, longer.pop())
        self._blocks = dict(blocks)

    def cluster(self, label: str, posts: frozenset[str]) -> str | None:
        """The person a mention is (an id: the least of their normalised full names), or None
        for a one-word name that joins no one or several (a person of its own)."""
        norm = normalized(label)  # each mention is looked up twice (see `derive.derive_persons`)
        if is_full_name(label):
            return self._uf.find(norm)
        key = (norm, frozenset(posts))
        if key not in self._joins:
            # a one-word name joins a full name whose last word it is, or one that articles
            # shorten to it ("Xi", "Lula"), never a first name alone ("David")
            names = [n for n in self._blocks.get(norm, []) if n.split()[-1] == norm]
            names += sorted(self.short.get(norm, ()))
            candidates = {self._uf.find(n) for n in names}
            if len(candidates) > 1 and posts:
                by_post = {self._uf.find(n) for n in names if self.posts[n] & posts}
                candidates = by_post or candidates
            self._joins[key] = next(iter(candidates)) if len(candidates) == 1 else None
        return self._joins[key]


def resolve_persons(persons: dict[str, LocalPerson]) -> dict[str, str]:
    """Local person IRI -> the id of the person it is (see `NameResolver`); a mention that is
    a person of its own is its own id."""
    resolver = NameResolver()
    for p in persons.values():
        resolver.add(p.label, p.posts, p.labels)
    resolver.resolve()
    return {iri: resolver.cluster(p.label, p.posts) or iri for iri, p in persons.items()}


def canonical(counts: dict[str, int]) -> str:
    """The fullest, most frequent form: most words, then most mentions, then alphabetical."""
    return sorted(counts, key=lambda s: (-len(s.split()), -counts[s], s))[0]


@functools.lru_cache(maxsize=65536)
def normalized(label: str) -> str:
    return normalize_name(label)

