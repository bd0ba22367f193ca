"""Actors: the people, organisations and countries one article mentions, resolved within it.

Within an article, a full name ("Dong Jun") anchors a person; a surname alone ("Dong", "Shoigu"),
a spelling variant ("Sergey" beside "Sergei") or a misspelt repeat ("Ruddick" after "Rudik")
resolves to the anchor it matches, the most recently mentioned one when several do. Every
surface form is kept as a label and every mention as evidence.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...lexicon import lexicon
from ...records import Article
from .names import normalize_name, slug
from .index import ActorIndex, _add, _evidence, _resolve_persons
from .name_words import honorific_len
from .persons import (
    _apposed_to_post,
    _glued_name_tail,
    _speaks_or_meets,
    _trimmed_person,
    _truncated_teaser,
    _with_titled_names,
    clean_person,
)

if TYPE_CHECKING:  # spaCy is imported where documents are parsed, not where names are compared
    from spacy.tokens import Doc, Span


def extract_actors(doc: Doc, article: Article) -> ActorIndex:
    index = ActorIndex()
    lex = lexicon()
    from spacy.tokens import Span  # noqa: F811 (spaCy is imported where documents are parsed)

    persons: list[tuple[Span, str]] = []
    split_countries: list[Span] = []
    org_ends: dict[int, int] = {}  # organisation start -> its end without a person's name glued on
    ents = list(doc.ents)
    for k, ent in enumerate(ents):
        if ent.label_ == "PERSON" and k > 0 and ents[k - 1].label_ == "ORG":
            cut = _glued_name_tail(ents[k - 1], ent)
            if cut is not None:
                org_ends[ents[k - 1].start] = cut
                ent = Span(doc, cut, ent.end, label="PERSON")
        if ent.label_ in ("PERSON", "ORG") and ent.start > 0 and doc[ent.start - 1].lower_ == "of" \
                and lex.country_of(ent[0].text) and len(ent) >= 2 and ent[1].text[:1].isupper() \
                and (len(ent) >= 3 or honorific_len(doc, ent.start + 1)):
            # "President of Botswana Mokgweetsi Masisi", "Prime Minister of Malaysia Datuk Seri X": the
            # model ran the country into the name or the honorific before it
            split_countries.append(Span(doc, ent.start, ent.start + 1, label="GPE"))
            ent = Span(doc, ent.start + 1, ent.end, label="PERSON")
        if ent.label_ == "PERSON":
            for span in _trimmed_person(ent):
                name = clean_person(span)
                if name:
                    persons.append((span, name))
    persons = _with_titled_names(doc, persons)
    taken = {i for ent, _ in persons for i in range(ent.start, ent.end)}
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE") and ent.start not in taken and (_speaks_or_meets(ent) or _apposed_to_post(ent)):
            name = clean_person(ent)
            if name:  # "Fidan held talks", "Anutin said": a name that speaks or meets is a person
                persons.append((ent, name))
                taken.update(range(ent.start, ent.end))
    # a surname or full name the model took for an organisation or place here ("Bauer and
    # Sorokina") is the person the article names in full elsewhere
    name_parts = {p for _, name in persons if len(name.split()) >= 2 for p in normalize_name(name).split()}
    full_names = {normalize_name(name) for _, name in persons if len(name.split()) >= 2}
    for ent in doc.ents:
        if ent.label_ in ("ORG", "GPE", "NORP", "LOC") and ent.start not in taken and not lex.country_of(ent.text) \
                and (len(ent) == 1 and normalize_name(ent.text) in name_parts
                     or len(ent) >= 2 and normalize_name(ent.text) in full_names):
            # a surname, or a full name, that the model tagged as a person elsewhere in the story
            persons.append((ent, re.sub(r"[’']s$", "", ent.text)))
            taken.add(ent.start)
    persons = [(span, name) for span, name in persons if not _truncated_teaser(span)]
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
                if ent.start in org_ends:
                    ent = Span(doc, ent.start, org_ends[ent.start], label="ORG")
                name = _org_name(ent)
                if name:
                    _add(index, f"organization:{slug(name)}", "organization", name, ent.text,
                         _evidence(article, ent, "model:ner-org", 0.7), ent)
    _resolve_persons(index, persons, article)
    index.dateline_place, index.dateline_country = dateline(doc)
    index.filed_from_country = index.dateline_country or filed_from(doc)
    return index


def filed_from(doc: Doc) -> str | None:
    """The country of a capital written as a dateline in mixed case or before a colon or full stop:
    "Addis Ababa, February 11, 2019 (FBC) –", "Beijing, 6 November 2023 (TDI):", "Jakarta. President
    X ...", "Abu Dhabi: His Highness ...", "VIENTIANE: The ministers ..."."""
    m = re.match(r"^\s*([A-Z][\w'’ .-]{2,30}?)(?:\s*:\s|\.\s+(?=[A-Z])|,\s+[^—–:\n]{3,40}?\s?[—–:-]\s)", doc.text)
    if not m:
        return None
    return lexicon().capitals.get(m.group(1).strip().lower())


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


def extract(doc: Doc, article: Article, found: dict, settings) -> ActorIndex:
    """The registry's entry (loader/facts/__init__.py): the article's actors, as the index the
    later kinds look names up in."""
    return extract_actors(doc, article)
