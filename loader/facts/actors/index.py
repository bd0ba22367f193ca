"""The article's actors and where each is mentioned, and how its person mentions resolve to one
actor per person (full names anchor, surnames and misspellings follow).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ...lexicon import person_vocabulary
from ...records import Article, Evidence
from .records import ActorRecord
from .names import normalize_name, same_full_name, shorter_form_of, slug

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not where names are compared
    from spacy.tokens import Span


FUZZY_SURNAME = 80   # rapidfuzz ratio for a misspelt surname ("Ruddick" ~ "Rudik")


@dataclass
class ActorIndex:
    """The article's actors and where each is mentioned (token index -> actor key)."""

    actors: dict[str, ActorRecord] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)
    person_mentions: list[tuple[int, str]] = field(default_factory=list)  # (token index, key), in order
    places: dict[int, str] = field(default_factory=dict)  # token index -> place name
    dateline_country: str | None = None  # "BEIJING (AP) —" opening the story
    dateline_place: str | None = None  # that city, as named in the story
    # the country of a capital opening the story in any case ("Addis Ababa, February 11, 2019 (FBC) –",
    # "Jakarta.", "VIENTIANE:"): where a local outlet files from, a weaker sign than a wire dateline
    filed_from_country: str | None = None
    subjects: set[int] = field(default_factory=set)  # start tokens of person mentions that are subjects

    def actor_at(self, token_i: int) -> str | None:
        return self.by_token.get(token_i)

    def persons_in(self, span: Span) -> list[str]:
        seen = []
        for i in range(span.start, span.end):
            key = self.by_token.get(i)
            if key and self.actors[key].kind == "person" and key not in seen:
                seen.append(key)
        return seen

    def person_by_name_part(self, word: str) -> str | None:
        """The one person of the article whose first or last name is `word` (or a close
        misspelling of it), else None."""
        norm = normalize_name(word)
        if len(norm) < 3:
            return None
        exact, close = set(), set()
        for key, actor in self.actors.items():
            if actor.kind != "person":
                continue
            for label in actor.labels | {actor.name}:
                parts = normalize_name(label).split()
                if not parts:
                    continue
                if norm in (parts[0], parts[-1]):
                    exact.add(key)
                elif len(norm) >= 5 and any(fuzz.ratio(norm, p) >= FUZZY_SURNAME for p in (parts[0], parts[-1])):
                    close.add(key)
        found = exact or close
        return next(iter(found)) if len(found) == 1 else None

    def last_subject_before(self, token_i: int) -> str | None:
        """The person last named as the subject of a clause ("he" usually refers to them)."""
        for i, key in reversed(self.person_mentions):
            if i < token_i and i in self.subjects:
                return key
        return None

    def last_person_before(self, token_i: int, exclude: set[str] = frozenset()) -> str | None:
        best = None
        for i, key in self.person_mentions:
            if i >= token_i:
                break
            if key not in exclude:
                best = key
        return best


def _evidence(article: Article, span: Span, rule: str, confidence: float = 0.8) -> Evidence:
    return Evidence(article.id, rule, sentence=span.sent.text.strip(), start=span.start_char, end=span.end_char,
                    confidence=confidence)


def _add(index: ActorIndex, key: str, kind: str, name: str, surface: str, ev: Evidence, span: Span) -> None:
    actor = index.actors.get(key)
    if actor is None:
        actor = index.actors[key] = ActorRecord(key=key, kind=kind, name=name)
    actor.labels.add(surface.strip())
    actor.mentions.append(ev)
    for i in range(span.start, span.end):
        index.by_token[i] = key
    if kind == "person":
        index.person_mentions.append((span.start, key))
        if span.root.dep_ in ("nsubj", "nsubjpass") or (
                span.root.dep_ in ("appos", "conj") and span.root.head.dep_ in ("nsubj", "nsubjpass")):
            index.subjects.add(span.start)


def _resolve_persons(index: ActorIndex, persons: list[tuple[Span, str]], article: Article) -> None:
    # 1. full names anchor people; transliteration variants of one full name share an anchor
    anchors: list[str] = []  # canonical full names
    canon_of: dict[str, str] = {}
    for _, name in persons:
        if len(name.split()) < 2:
            continue
        norm = normalize_name(name)
        if norm in canon_of:
            continue
        match = next((a for a in anchors if same_full_name(norm, normalize_name(a))), None)
        if match:
            canon_of[norm] = match
        else:
            anchors.append(name)
            canon_of[norm] = name
    # a shorter full name ("Lula da Silva", "Mohammed Al Thani") is the one anchor it shortens
    for short in sorted(anchors, key=lambda a: len(normalize_name(a).split())):
        longer = [a for a in anchors if a != short and canon_of[normalize_name(a)] == a
                  and shorter_form_of(normalize_name(short), normalize_name(a))]
        if len(longer) == 1:
            for norm, canon in canon_of.items():
                if canon == short:
                    canon_of[norm] = longer[0]
    for norm in canon_of:
        seen = set()
        while canon_of[norm] != canon_of[normalize_name(canon_of[norm])] and norm not in seen:
            seen.add(norm)
            canon_of[norm] = canon_of[normalize_name(canon_of[norm])]
    anchors = [a for a in anchors if canon_of[normalize_name(a)] == a]
    anchor_parts = {a: normalize_name(a).split() for a in anchors}

    def key_of(name: str) -> str:
        return f"person:{slug(name)}"

    mentions_so_far: list[tuple[int, str]] = []
    for ent, name in sorted(persons, key=lambda p: p[0].start):
        norm = normalize_name(name)
        if len(name.split()) >= 2:
            canonical, rule, conf = canon_of[norm], "model:ner-person", 0.85
        else:
            canonical, rule, conf = _match_single(norm, anchor_parts, mentions_so_far, ent.start), "rule:surname-in-article", 0.75
            if canonical is None and len(norm.split()) >= 2:  # "Akufo-Addo" after "Nana Akufo-Addo"
                longer = [a for a in anchors if shorter_form_of(norm, normalize_name(a))]
                canonical = longer[0] if len(longer) == 1 else None
            if canonical is None:
                canonical, rule, conf = name, "model:ner-person", 0.6
        key = key_of(canonical)
        _add(index, key, "person", canonical, name, _evidence(article, ent, rule, conf), ent)
        mentions_so_far.append((ent.start, canonical))
    for key, actor in index.actors.items():
        if actor.kind == "person":
            actor.labels.add(actor.name)


def _match_single(norm: str, anchor_parts: dict[str, list[str]], earlier: list[tuple[int, str]], at: int) -> str | None:
    """The anchor a one-word name denotes: exact first/last name, else a close misspelling."""
    exact = [a for a, parts in anchor_parts.items() if norm in (parts[0], parts[-1])]
    if not exact and len(norm) >= 4:
        exact = [a for a, parts in anchor_parts.items()
                 if any(len(p) >= 4 and p[0] == norm[0] and fuzz.ratio(norm, p) >= FUZZY_SURNAME for p in (parts[0], parts[-1]))]
    if not exact and len(norm) >= 4:
        # the name a person goes by, written inside their full name ("Lula" in "Luiz Inacio Lula
        # da Silva"): one anchor only, never a particle
        voc = person_vocabulary()
        middle = [a for a, parts in anchor_parts.items() if norm in parts[1:-1] and norm not in voc.particles
                  and not any(p in voc.particles or p in voc.opening_titles for p in parts[:parts.index(norm)])]
        exact = middle if len(middle) == 1 else []
    if not exact:
        return None
    if len(exact) == 1:
        return exact[0]
    recent = [name for i, name in earlier if name in exact and i < at]
    return recent[-1] if recent else exact[0]
