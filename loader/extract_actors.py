"""Actors: the people, organisations and countries one article mentions, resolved within it.

Within an article, a full name ("Dong Jun") anchors a person; a surname alone ("Dong", "Shoigu"),
a spelling variant ("Sergey" beside "Sergei") or a misspelt repeat ("Ruddick" after "Rudik")
resolves to the anchor it matches, the most recently mentioned one when several do. Every
surface form is kept as a label and every mention as evidence.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from .lexicon import lexicon
from .records import ActorRecord, Article, Evidence

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not where names are compared
    from spacy.tokens import Doc, Span

NAME_TOKEN = re.compile(r"^[^\W\d_][\w'’.-]*$")
FUZZY_SURNAME = 80   # rapidfuzz ratio for a misspelt surname ("Ruddick" ~ "Rudik")
FUZZY_FULLNAME = 88  # transliteration variants of a full name ("Sergei" ~ "Sergey Shoigu")
NOT_NAMES = {"he", "she", "they", "we", "it", "his", "her", "president", "minister", "official", "officials",
             "spokesman", "spokesperson", "lawmaker", "chief", "leader", "general", "colonel"}


def normalize_name(text: str) -> str:
    """Case-, accent- and punctuation-free form used to compare names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[’'`]s\b", "", text)
    return " ".join(re.sub(r"[^\w\s-]", " ", text.lower()).replace("-", " ").split())


def slug(text: str) -> str:
    return normalize_name(text).replace(" ", "-") or "x"


@dataclass
class ActorIndex:
    """The article's actors and where each is mentioned (token index -> actor key)."""

    actors: dict[str, ActorRecord] = field(default_factory=dict)
    by_token: dict[int, str] = field(default_factory=dict)
    person_mentions: list[tuple[int, str]] = field(default_factory=list)  # (token index, key), in order
    places: dict[int, str] = field(default_factory=dict)  # token index -> place name
    dateline_country: str | None = None  # "BEIJING (AP) —" opening the story
    dateline_place: str | None = None  # that city, as named in the story
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


PLACE_PREPOSITIONS = {"in", "at", "near", "from", "to", "into", "across", "around", "outside", "inside",
                      "eastern", "western", "northern", "southern", "central", "north", "south", "east", "west"}


def clean_person(ent: Span) -> str | None:
    """The name in a PERSON entity, or None when it is not a plausible personal name."""
    text = re.sub(r"[’']s$", "", ent.text.strip()).strip()
    words = text.split()
    if not words or len(words) > 5:
        return None
    if not all(NAME_TOKEN.match(w) for w in words) or not words[0][0].isupper():
        return None
    name = " ".join(words)
    lex = lexicon()
    low = name.lower()
    if low in NOT_NAMES or lex.country_of(name) or low in lex.capitals or low in lex.role_phrases:
        return None
    if len(words) == 1 and ent.start > 0 and ent.doc[ent.start - 1].lower_ in PLACE_PREPOSITIONS:
        return None  # "in Ladakh": a place the model took for a person
    if len(words) == 1 and ent[0].tag_ in ("NNS", "NNPS") and low.endswith("s"):
        return None  # "Observers noted that ...": a plural noun, not a name
    return name


def _evidence(article: Article, span: Span, rule: str, confidence: float = 0.8) -> Evidence:
    return Evidence(article.id, rule, sentence=span.sent.text.strip(), start=span.start_char, end=span.end_char,
                    confidence=confidence)


def extract_actors(doc: Doc, article: Article) -> ActorIndex:
    index = ActorIndex()
    lex = lexicon()
    from spacy.tokens import Span  # noqa: F811 (spaCy is imported where documents are parsed)

    persons: list[tuple[Span, str]] = []
    split_countries: list[Span] = []
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG") and len(ent) >= 3 and ent.start > 0 and doc[ent.start - 1].lower_ == "of" \
                and lex.country_of(ent[0].text) and ent[1].text[:1].isupper():
            # "President of Botswana Mokgweetsi Masisi": the model ran the country into the name
            split_countries.append(Span(doc, ent.start, ent.start + 1, label="GPE"))
            ent = Span(doc, ent.start + 1, ent.end, label="PERSON")
        if ent.label_ == "PERSON":
            name = clean_person(ent)
            if name:
                persons.append((ent, name))
    # the model sometimes tags a surname it has already seen as a person as an organisation or
    # a place ("Bauer and Sorokina"): a one-word name that is a part of a full name found in
    # this article is that person
    name_parts = {p for _, name in persons if len(name.split()) >= 2 for p in normalize_name(name).split()}
    full_names = {normalize_name(name) for _, name in persons if len(name.split()) >= 2}
    taken = {ent.start for ent, _ in persons}
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE", "NORP", "LOC") and ent.start not in taken and not lex.country_of(ent.text) \
                and (len(ent) == 1 and normalize_name(ent.text) in name_parts
                     or len(ent) >= 2 and normalize_name(ent.text) in full_names):
            # a surname, or a full name, that the model tagged as a person elsewhere in the story
            persons.append((ent, re.sub(r"[’']s$", "", ent.text)))
            taken.add(ent.start)
    for span in split_countries:
        country = lex.country_of(span.text)
        _add(index, f"country:{slug(country)}", "country", country, span.text,
             _evidence(article, span, "rule:country-table", 0.95), span)
        taken.add(span.start)
    for ent in doc.ents:
        if ent.label_ == "PERSON" or ent.start in taken:
            continue
        if ent.label_ in ("GPE", "LOC", "FAC", "NORP", "ORG"):
            text = re.sub(r"^(?:the)\s+", "", ent.text, flags=re.I)
            country = lex.country_of(text) if ent.label_ != "NORP" else None
            if country:
                _add(index, f"country:{slug(country)}", "country", country, ent.text,
                     _evidence(article, ent, "rule:country-table", 0.95), ent)
            if ent.label_ in ("GPE", "LOC", "FAC"):
                for i in range(ent.start, ent.end):
                    index.places[i] = country or text
            elif ent.label_ == "ORG" and not country:
                name = _org_name(ent)
                if name:
                    _add(index, f"organization:{slug(name)}", "organization", name, ent.text,
                         _evidence(article, ent, "model:ner-org", 0.7), ent)
    _resolve_persons(index, persons, article)
    index.dateline_place, index.dateline_country = dateline(doc)
    return index


def dateline(doc: Doc) -> tuple[str | None, str | None]:
    """(city, country) of a capital's dateline opening the story ("BEIJING (AP) —", "MOSCOW, June 3 -")."""
    m = re.match(r"^([A-Z][A-Z .'-]{2,30}?)(?:,|\s*\(|\s+[—–-])", doc.text)
    if not m:
        return None, None
    lex = lexicon()
    place = m.group(1).strip().title()
    if place.lower() in lex.capitals:
        return place, lex.capitals[place.lower()]
    country = lex.country_of(place)
    return (country, country) if country else (None, None)


def _org_name(ent: Span) -> str | None:
    text = re.sub(r"^(?:the)\s+", "", ent.text.strip(), flags=re.I)
    text = re.sub(r"[’']s$", "", text)
    if not text or not text[0].isupper() or len(text) < 2 or re.search(r"[\d/]", text):
        return None
    if len(text.split()) == 1 and text.lower() in lexicon().role_words:
        return None
    lex = lexicon()
    words = text.split()
    # "China's Defense Ministry", "the Chinese Defense Ministry": a country's ministry
    if len(words) >= 2:
        head = re.sub(r"[’']s$", "", words[0])
        country = lex.country_of(head)
        ministry = lex.ministry_of(" ".join(words[1:]))
        if country and ministry:
            return f"{ministry.name} ({country})"
    ministry = lex.ministry_of(text)
    if ministry and text.lower() in lex.ministry_countries:
        return f"{ministry.name} ({lex.ministry_countries[text.lower()]})"
    return text


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
            if canonical is None:
                canonical, rule, conf = name, "model:ner-person", 0.6
        key = key_of(canonical)
        _add(index, key, "person", canonical, name, _evidence(article, ent, rule, conf), ent)
        mentions_so_far.append((ent.start, canonical))
    for key, actor in index.actors.items():
        if actor.kind == "person":
            actor.labels.add(actor.name)


def same_full_name(a: str, b: str) -> bool:
    """Two normalised full names of one person: the same length, a shared first or last name,
    and close spellings ("sergei shoigu" / "sergey shoigu"); within and across articles."""
    pa, pb = a.split(), b.split()
    if len(pa) != len(pb) or (pa[-1] != pb[-1] and pa[0] != pb[0]):
        return False
    return a == b or fuzz.ratio(a, b) >= FUZZY_FULLNAME


def _match_single(norm: str, anchor_parts: dict[str, list[str]], earlier: list[tuple[int, str]], at: int) -> str | None:
    """The anchor a one-word name denotes: exact first/last name, else a close misspelling."""
    exact = [a for a, parts in anchor_parts.items() if norm in (parts[0], parts[-1])]
    if not exact and len(norm) >= 4:
        exact = [a for a, parts in anchor_parts.items()
                 if any(len(p) >= 4 and p[0] == norm[0] and fuzz.ratio(norm, p) >= FUZZY_SURNAME for p in (parts[0], parts[-1]))]
    if not exact:
        return None
    if len(exact) == 1:
        return exact[0]
    recent = [name for i, name in earlier if name in exact and i < at]
    return recent[-1] if recent else exact[0]
