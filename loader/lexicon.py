"""The extractor's word lists, read from data files: roles, ministries, titles, countries.

Nothing here names a person or an event; the files hold the general vocabulary of offices and
the world's countries, so a new corpus needs no code change.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


def _data(name: str):
    return yaml.safe_load(resources.files("newsgraph.loader.data").joinpath(name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Country:
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capital: str | None


@dataclass(frozen=True)
class Ministry:
    name: str
    phrases: tuple[str, ...]
    role_of_head: str


class Lexicon:
    def __init__(self, roles: dict, countries: list[dict], institutions: dict | None = None):
        self.role_phrases: dict[str, str] = {}
        self.role_rank: dict[str, int] = {}
        for role, spec in roles["roles"].items():
            self.role_rank[role] = int(spec.get("primary", 99))
            for phrase in spec["phrases"]:
                self.role_phrases[phrase.lower()] = role
        self.role_words = {w for phrase in self.role_phrases for w in phrase.split()}
        quals = roles.get("qualifiers") or {}
        self.not_held = {w.lower() for w in quals.get("not_held", [])}
        self.past = {w.lower() for w in quals.get("past", [])}
        self.future = {w.lower() for w in quals.get("future", [])}
        self.current = {w.lower() for w in quals.get("current", [])}
        # every qualifier that keeps a role from being a current holding
        self.not_current = self.not_held | self.past | self.future
        self.legislatures = {w.lower() for w in roles.get("legislatures") or []}
        self.national_titles = {p.lower(): spec for p, spec in (roles.get("national_titles") or {}).items()}
        self.international = {}  # phrase (lower case) -> (bloc, organisation)
        for o in roles.get("international_organizations") or []:
            for phrase in [o["name"], *o["phrases"]]:
                self.international[phrase.lower()] = (o["bloc"], o["name"])
        self.ministries = [Ministry(o["name"], tuple(p.lower() for p in o["phrases"]), o["role_of_head"])
                           for o in roles.get("organizations", [])]
        self.ministry_countries = {phrase.lower(): country for o in roles.get("organizations", [])
                                   for phrase, country in (o.get("country_of_phrase") or {}).items()}
        self.name_titles = tuple(roles.get("name_titles", []))
        self.name_titles_lower = {t.lower().rstrip(".") for t in self.name_titles}
        # institutions that name their country ("Kremlin", "Downing Street")
        self.institutions = {k.lower(): v for k, v in (institutions or {}).items()}
        self.countries: dict[str, Country] = {}
        self.country_names: dict[str, str] = {}
        self.demonyms: dict[str, str] = {}
        self.capitals: dict[str, str] = {}
        for entry in countries:
            c = Country(entry["name"], tuple(entry.get("aliases") or ()), tuple(entry.get("demonyms") or ()),
                        entry.get("capital"))
            self.countries[c.name] = c
            for n in (c.name, *c.aliases):
                self.country_names[n.lower()] = c.name
                if n.lower().startswith("the "):
                    self.country_names[n.lower()[4:]] = c.name
            self.country_names.setdefault("the " + c.name.lower(), c.name)
            for d in c.demonyms:
                self.demonyms[d.lower()] = c.name
            for cap in [c.capital, *(entry.get("capital_aliases") or [])]:
                if cap:
                    self.capitals[cap.lower()] = c.name

    def country_of(self, text: str) -> str | None:
        """The country a name, alias or demonym denotes ("China", "Chinese", "U.S."), else None."""
        key = text.strip().lower().replace("’", "'").replace("´", "'").replace("`", "'")
        if key.endswith("'s"):
            key = key[:-2]
        return self.country_names.get(key) or self.demonyms.get(key)

    def organization_of(self, text: str) -> tuple[str, str] | None:
        """(bloc, organisation) of an international organisation's name ("NATO", "the UN"), else None."""
        key = text.strip().lower().replace("’", "'")
        if key.endswith("'s"):
            key = key[:-2]
        if key.startswith("the "):
            key = key[4:]
        return self.international.get(key)

    def institution_country(self, text: str) -> str | None:
        """The country an institution's name implies ("the Kremlin", "Downing Street"), else None."""
        key = text.strip().lower().replace("’", "'")
        if key.endswith("'s"):
            key = key[:-2]
        if key.startswith("the "):
            key = key[4:]
        return self.institutions.get(key)

    def ministry_of(self, text: str) -> Ministry | None:
        key = text.strip().lower()
        for m in self.ministries:
            if key in m.phrases:
                return m
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon(_data("roles.yaml"), _data("countries.yaml"), _data("institutions.yaml"))


@dataclass(frozen=True)
class PersonVocabulary:
    """Words around and inside personal names (`data/persons.yaml`)."""

    honorifics: tuple[tuple[str, ...], ...]  # lower-case word sequences, longest first
    opening_titles: frozenset[str]
    particles: frozenset[str]
    suffixes: frozenset[str]
    numerals: frozenset[str]
    not_name_words: frozenset[str]
    media_nouns: frozenset[str]
    person_verbs: frozenset[str]
    title_words: frozenset[str]


@lru_cache(maxsize=1)
def person_vocabulary() -> PersonVocabulary:
    data = _data("persons.yaml")

    def low(key):
        return frozenset(str(w).lower().rstrip(".") for w in data.get(key) or [])
    honorifics = sorted({tuple(w.rstrip(".") for w in str(h).lower().split()) for h in data["honorifics"]},
                        key=lambda t: -len(t))
    return PersonVocabulary(tuple(honorifics), low("name_opening_titles"), low("particles"), low("suffixes"),
                            low("numerals"), low("not_name_words"), low("media_nouns"), low("person_verbs"),
                            low("title_words"))
