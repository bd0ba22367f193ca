"""The gold file (../shared/gold/FORMAT.md): read, checked, and parsed into `Gold`.

Its sections follow from the registry of fact kinds: `articles` first, then each kind's first
section in registry order, then the kinds' further sections (the offices' `tenures`, a check
over listings across articles), so a new kind's sections join without an edit here. The core
reads `articles` and `persons` (with `allowed_persons` and `forbidden_persons`: every section
matches people through them); each other section is read by the reader its kind's score.py
lists in `GOLD` (see scoring.py), or kept as written when it lists none.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsgraph.loader import facts

from .compare import GoldDate, parse_date


def sections() -> tuple[str, ...]:
    """The gold file's sections in report order, from the registry as it stands."""
    kinds = facts.KINDS
    deepest = max((len(k.sections) for k in kinds), default=0)
    return ("articles", *(k.sections[depth] for depth in range(deepest) for k in kinds if depth < len(k.sections)))


class _Sections(Sequence):
    """`sections()` read each time it is used, so a kind registered after import is seen
    (callers that import SECTIONS by name keep a live view, not a copy)."""

    def __getitem__(self, index):
        return sections()[index]

    def __len__(self) -> int:
        return len(sections())

    def __repr__(self) -> str:
        return repr(sections())


SECTIONS = _Sections()
NAME_LISTS = ("allowed_persons", "forbidden_persons")  # top-level keys that are lists of names, not sections
TIERS = ("core", "stretch")


class GoldError(Exception):
    """The gold file cannot be read or is malformed; the message names the file and the fault."""


@dataclass
class Gold:
    path: str
    sections: dict[str, list[dict]] = field(default_factory=dict)  # every name in sections() -> its entries
    allowed: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    implicit: list[str] = field(default_factory=list)   # names used in facts but not in 'persons'

    def __getattr__(self, name: str):
        # a section reads like a field: gold.meetings
        entries = self.__dict__.get("sections", {})
        if name in entries:
            return entries[name]
        raise AttributeError(name)

    @property
    def article_keys(self) -> list[str]:
        return [a["file"] for a in self.articles]


class GoldReader:
    """Reads the fields of gold entries, failing with the file's name and the entry's place."""

    def __init__(self, path: str, gold: Gold):
        self.path = path
        self.gold = gold
        self.person_names: set[str] = set()

    def fail(self, where: str, what: str):
        raise GoldError(f"{self.path}: {where}: {what}")

    def text(self, entry: dict, key: str, where: str, required: bool = True, allow_null: bool = False) -> str | None:
        if key not in entry:
            if required:
                self.fail(where, f"missing '{key}'")
            return None
        value = entry[key]
        if value is None:
            if allow_null or not required:
                return None
            self.fail(where, f"'{key}' is empty")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self.fail(where, f"'{key}' is the number {value!r}; quote it (YAML reads 004 as 4)")
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"'{key}' must be a non-empty string, got {value!r}")
        return value.strip()

    def names(self, value, where: str) -> list[str]:
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.fail(where, f"expected a list of names, got {value!r}")
        out = []
        for i, v in enumerate(value):
            if not isinstance(v, str) or not v.strip():
                self.fail(f"{where}[{i}]", f"expected a name, got {v!r}")
            out.append(v.strip())
        return out

    def person(self, name: str | None) -> str | None:
        """A name a fact uses; one missing from 'persons' still denotes a person: it is matched by
        that name alone, and is not itself a 'persons' item."""
        if name is not None and name not in self.person_names and name not in self.gold.implicit:
            self.gold.implicit.append(name)
        return name

    def keys(self, entry: dict, where: str) -> list[str]:
        """An entry's `articles`; a key outside the 'articles' section simply names nothing in scope."""
        value = entry.get("articles")
        if value is None:
            return []
        if isinstance(value, (str, int)):
            value = [value]
        if not isinstance(value, list):
            self.fail(where, f"'articles' must be a list of quoted file prefixes, got {value!r}")
        out = []
        for v in value:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                self.fail(where, f"'articles' holds the number {v!r}; quote file prefixes (YAML reads \"004\" unquoted as 4)")
            if not isinstance(v, str) or not v.strip():
                self.fail(where, f"'articles' holds {v!r}, not a file prefix")
            out.append(v.strip())
        return out

    def tier(self, entry: dict, where: str) -> str:
        tier = entry.get("tier", "core") or "core"
        if tier not in TIERS:
            self.fail(where, f"tier {tier!r} is not one of {', '.join(TIERS)}")
        return tier

    def choice(self, entry: dict, key: str, allowed, where: str, required: bool = True) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing '{key}'")
            return None
        if value not in allowed:
            self.fail(where, f"{key} {value!r} is not one of {', '.join(allowed)}")
        return value

    def date(self, entry: dict, key: str, true_key: str, where: str) -> GoldDate | None:
        if key not in entry:
            return None
        value = entry[key]
        try:
            true = parse_date(entry[true_key]) if entry.get(true_key) is not None else None
        except ValueError as exc:
            self.fail(where, f"'{true_key}': {exc}")
        if value is None or value == "unknown":
            return GoldDate(unknown=True, true=true)
        try:
            return GoldDate(value=parse_date(value))
        except ValueError as exc:
            self.fail(where, f"'{key}': {exc}")

    def section(self, data: dict, key: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(key, f"expected a list of entries, got {type(value).__name__}")
        for i, entry in enumerate(value):
            if key not in NAME_LISTS and not isinstance(entry, dict):
                self.fail(f"{key}[{i}]", f"expected a mapping of fields, got {entry!r}")
        return value


def load_gold(path) -> Gold:
    """Read and check a gold file; GoldError names the file and what is wrong."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file") from None
    except IsADirectoryError:
        raise GoldError(f"{path}: is a folder, not a gold file") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise GoldError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        # libyaml's loader when present: the gold files of big corpora take long to read in Python
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise GoldError(f"{path}: not valid YAML{where} ({problem})") from None
    return parse_gold(data, str(path))


def read_articles(read: GoldReader, entries: list) -> list[dict]:
    if not entries:
        raise GoldError(f"{read.path}: no 'articles' section: the gold file must name the articles it covers")
    articles = []
    for i, e in enumerate(entries):
        where = f"articles[{i}]"
        articles.append({
            "file": read.text(e, "file", where),
            "title": read.text(e, "title", where, required=False),
            "published": read.date(e, "published", "true_published", where),
            "tier": read.tier(e, where),
            "raw": e,
        })
    files = [a["file"] for a in articles]
    if len(set(files)) != len(files):
        dup = sorted({f for f in files if files.count(f) > 1})
        raise GoldError(f"{read.path}: articles: {', '.join(dup)} listed twice")
    return articles


def read_persons(read: GoldReader, entries: list) -> list[dict]:
    persons = []
    for i, e in enumerate(entries):
        where = f"persons[{i}]"
        persons.append({"name": read.text(e, "name", where), "aliases": read.names(e.get("aliases"), f"{where}.aliases"),
                        "raw": e})
    read.person_names = {p["name"] for p in persons}
    return persons


def section_readers() -> dict:
    """Section name -> reader(GoldReader, entries) -> parsed entries: the core's and the kinds'."""
    readers = {"articles": read_articles, "persons": read_persons}
    for kind in facts.KINDS:
        readers.update(getattr(kind.part("score"), "GOLD", {}))
    return readers


def parse_gold(data, path: str = "<gold>") -> Gold:
    if data is None:
        raise GoldError(f"{path}: the file is empty")
    if not isinstance(data, dict):
        raise GoldError(f"{path}: expected a mapping of sections (articles, persons, ...), got {type(data).__name__}")
    names = sections()
    known = {*names, *NAME_LISTS}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise GoldError(f"{path}: unknown section(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    gold = Gold(path=path)
    read = GoldReader(path, gold)
    readers = section_readers()
    # sections in report order, so that the names facts use but 'persons' lacks keep their order
    for name in names:
        entries = read.section(data, name)
        reader = readers.get(name)
        gold.sections[name] = reader(read, entries) if reader else list(entries)
        if name == "persons":
            gold.allowed = read.names(data.get("allowed_persons"), "allowed_persons")
            gold.forbidden = read.names(data.get("forbidden_persons"), "forbidden_persons")
    return gold
