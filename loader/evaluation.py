"""Score a loaded store against a gold-fact file (format: ../shared/gold/FORMAT.md).

`evaluate(store, gold)` reads what the store holds for the articles the gold file names and
scores six sections: articles, persons, offices, meetings, statements and tenures. Each section
reports core recall, precision and stretch recall, the gold entries that were missed and the
loaded facts that are wrong (each with its evidence sentence and source file), so a researcher
can see what went wrong. `format_text` renders the result for people; the result itself is plain
JSON-ready data.

Only facts read from articles named in the gold file's `articles` section are scored: a gold
file key such as "004" is a prefix of a loaded article's source file name; a key holding "#"
("110_wire-digest.jsonl#1") names exactly one line of a JSON-lines file.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from . import rdf

SECTIONS = ("articles", "persons", "offices", "meetings", "statements", "tenures")
ROLES = ("defence_minister", "foreign_minister", "head_of_state", "head_of_government", "party_leader",
         "state_councilor", "spokesperson", "legislator", "military_commander", "other")
KINDS = ("in_person", "visit", "phone_call", "video_call")
STATUSES = ("held", "planned")
TIERS = ("core", "stretch")
WORD_COVERAGE = 0.8  # a loaded quote inside the gold quote must cover this share of its words

NS = rdf.NS
RDF_TYPE = rdf.RDF_TYPE.value
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREF, ALT = SKOS + "prefLabel", SKOS + "altLabel"
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
SCHEMA = rdf.SCHEMA


class GoldError(Exception):
    """The gold file cannot be read or is malformed; the message names the file and the fault."""


# ---------------------------------------------------------------------------------------------
# Normalisation and the matching primitives
# ---------------------------------------------------------------------------------------------

def normalise_name(text: str) -> str:
    """Names compare case-insensitively without accents and punctuation."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


QUOTES = dict.fromkeys(map(ord, "‘’‚‛′`´"), "'") | dict.fromkeys(map(ord, "“”„‟″«»"), '"')
DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")


def normalise_title(text: str) -> str:
    """Titles: curly quotes to straight ones, dashes to '-', white space collapsed, case folded."""
    text = unicodedata.normalize("NFKC", str(text)).translate(QUOTES).translate(DASHES)
    return " ".join(text.split()).casefold()


def normalise_quote(text: str) -> str:
    """Quotes: lower-cased, every quote mark to ', every dash to -, white space collapsed, and the
    quote marks and punctuation at either end dropped (a quote may or may not carry its full stop)."""
    text = normalise_title(text).replace('"', "'")
    text = re.sub(r"\s*-\s*-\s*", " - ", text)
    text = " ".join(text.split())
    return text.strip(" '.,;:!?")


def quote_coverage(gold_quote: str, loaded_text: str) -> float:
    """How much of the gold quote the loaded text holds: 1.0 when the gold quote is inside it,
    the share of the gold quote's words when the loaded text is inside the gold quote, else 0."""
    g, t = normalise_quote(gold_quote), normalise_quote(loaded_text)
    if not g or not t:
        return 0.0
    if g in t:
        return 1.0
    if t in g:
        return len(t.split()) / len(g.split())
    return 0.0


def quote_matches(gold_quote: str, loaded_text: str) -> bool:
    return quote_coverage(gold_quote, loaded_text) >= WORD_COVERAGE


@dataclass(frozen=True)
class Period:
    """A date at its precision, or a range, as the closed interval of days it covers."""

    lo: dt.date
    hi: dt.date
    text: str

    def __str__(self) -> str:
        return self.text


def _iso_bounds(text: str) -> tuple[dt.date, dt.date]:
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in m.groups())
    if day is not None:
        d = dt.date(year, month, day)
        return d, d
    if month is not None:
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: no month {month}")
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def parse_date(value) -> Period:
    """A gold or loaded date: "2021-07-28", "2023-03", "2023", a date, or {start: ..., end: ...}."""
    if isinstance(value, Period):
        return value
    if isinstance(value, dict):
        if set(value) != {"start", "end"}:
            raise ValueError(f"a date range needs exactly 'start' and 'end', got {sorted(value)}")
        start, end = parse_date(value["start"]), parse_date(value["end"])
        if end.hi < start.lo:
            raise ValueError(f"range ends ({end}) before it starts ({start})")
        return Period(start.lo, end.hi, f"{start}..{end}")
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return Period(value, value, value.isoformat())
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"{value!r} is not a date")
    text = value.strip()
    # a loaded literal may carry a time or a time zone; the calendar part is what counts
    text = re.sub(r"(T.*|Z|[+-]\d{2}:\d{2})$", "", text)
    lo, hi = _iso_bounds(text)
    return Period(lo, hi, text)


def lies_within(value: Period | None, period: Period | None) -> bool:
    """Equal, or finer and inside: "2023-12" lies within "2023"; "2023" not within "2023-03"."""
    if value is None or period is None:
        return False
    return period.lo <= value.lo and value.hi <= period.hi


@dataclass(frozen=True)
class GoldDate:
    """A gold date field: known (with its value) or `unknown` (with an optional true value)."""

    value: Period | None = None
    unknown: bool = False
    true: Period | None = None

    def __str__(self) -> str:
        if self.unknown:
            return "unknown" + (f" (true {self.true})" if self.true else "")
        return str(self.value)


def judge_date(loaded: Period | None, gold: GoldDate | None, exact: bool = False) -> str | None:
    """'right', 'wrong' or 'missing' for a loaded date against a gold date field (None: not scored).

    A known gold date wants the loaded date to lie within it (`exact`: to be the same date at the
    same precision). An unknown one wants no date, or one that lies within the true value."""
    if gold is None:
        return None
    if gold.unknown:
        if loaded is None or lies_within(loaded, gold.true):
            return "right"
        return "wrong"
    if loaded is None:
        return "missing"
    if exact:
        return "right" if (loaded.lo, loaded.hi) == (gold.value.lo, gold.value.hi) else "wrong"
    return "right" if lies_within(loaded, gold.value) else "wrong"


def source_matches(key: str, source: str) -> bool:
    """A gold file key names a loaded source: a prefix of its name; a key with '#' is one line."""
    if "#" in key:
        return source == key
    return source.startswith(key)


class SourceKeys:
    """The gold keys that name a loaded source (as `source_matches`), found in O(length of the
    source) instead of one comparison per key: comparing every source with every key was
    quadratic, hours on a 100,000-article gold file."""

    def __init__(self, keys):
        self.keys = set(keys)

    def matching(self, source: str) -> list[str]:
        found = [source[:i] for i in range(1, len(source) + 1) if "#" not in source[:i] and source[:i] in self.keys]
        if "#" in source and source in self.keys:
            found.append(source)
        return found


class GoldByArticle:
    """The positions of gold items by the article keys they name, looked up for a loaded
    fact's sources through `SourceKeys`; an item that names no article fits every source."""

    def __init__(self, keys_of_items):
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.anywhere: list[int] = []
        for i, keys in enumerate(keys_of_items):
            for key in set(keys):
                self.by_key[key].append(i)
            if not keys:
                self.anywhere.append(i)
        self.keys = SourceKeys(self.by_key)

    def positions(self, sources: list[str]) -> list[int]:
        """In gold order, so that reports do not depend on the index."""
        found = set(self.anywhere)
        for source in sources:
            for key in self.keys.matching(source):
                found.update(self.by_key[key])
        return sorted(found)


# ---------------------------------------------------------------------------------------------
# The gold file
# ---------------------------------------------------------------------------------------------

@dataclass
class Gold:
    path: str
    articles: list[dict] = field(default_factory=list)
    persons: list[dict] = field(default_factory=list)
    allowed: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    offices: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)
    statements: list[dict] = field(default_factory=list)
    tenures: list[dict] = field(default_factory=list)
    implicit: list[str] = field(default_factory=list)   # names used in facts but not in 'persons'

    @property
    def article_keys(self) -> list[str]:
        return [a["file"] for a in self.articles]


class _Checker:
    def __init__(self, path: str):
        self.path = path

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

    def keys(self, entry: dict, where: str) -> list[str]:
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
            if key not in ("allowed_persons", "forbidden_persons") and not isinstance(entry, dict):
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
        # libyaml's loader when present: ten times faster on the gold files of big corpora
        data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise GoldError(f"{path}: not valid YAML{where} ({problem})") from None
    return parse_gold(data, str(path))


def parse_gold(data, path: str = "<gold>") -> Gold:
    c = _Checker(path)
    if data is None:
        raise GoldError(f"{path}: the file is empty")
    if not isinstance(data, dict):
        raise GoldError(f"{path}: expected a mapping of sections (articles, persons, ...), got {type(data).__name__}")
    known = {"articles", "persons", "allowed_persons", "forbidden_persons", "offices", "meetings", "statements", "tenures"}
    unknown = sorted(set(map(str, data)) - known)
    if unknown:
        raise GoldError(f"{path}: unknown section(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    gold = Gold(path=path)
    articles = c.section(data, "articles")
    if not articles:
        raise GoldError(f"{path}: no 'articles' section: the gold file must name the articles it covers")
    for i, e in enumerate(articles):
        where = f"articles[{i}]"
        gold.articles.append({
            "file": c.text(e, "file", where),
            "title": c.text(e, "title", where, required=False),
            "published": c.date(e, "published", "true_published", where),
            "tier": c.tier(e, where),
            "raw": e,
        })
    files = [a["file"] for a in gold.articles]
    if len(set(files)) != len(files):
        dup = sorted({f for f in files if files.count(f) > 1})
        raise GoldError(f"{path}: articles: {', '.join(dup)} listed twice")

    def check_keys(keys, where):
        return keys  # a key outside the 'articles' section simply names nothing in scope

    for i, e in enumerate(c.section(data, "persons")):
        where = f"persons[{i}]"
        gold.persons.append({"name": c.text(e, "name", where), "aliases": c.names(e.get("aliases"), f"{where}.aliases"),
                             "raw": e})
    gold.allowed = c.names(data.get("allowed_persons"), "allowed_persons")
    gold.forbidden = c.names(data.get("forbidden_persons"), "forbidden_persons")
    person_names = {p["name"] for p in gold.persons}

    def check_person(name, where):
        # a name used in a fact but missing from 'persons' still denotes a person: it is matched
        # by that name alone, and is not itself a 'persons' item
        if name is not None and name not in person_names and name not in gold.implicit:
            gold.implicit.append(name)
        return name

    for i, e in enumerate(c.section(data, "offices")):
        where = f"offices[{i}]"
        entry = {
            "person": check_person(c.text(e, "person", where, allow_null=True), where),
            "role": c.choice(e, "role", ROLES, where),
            "country": c.text(e, "country", where),
            "organization": c.text(e, "organization", where, required=False),
            "articles": check_keys(c.keys(e, where), where),
            "start": c.date(e, "start", "true_start", where),
            "end": c.date(e, "end", "true_end", where),
            "tier": c.tier(e, where), "raw": e,
        }
        if "person" not in e:
            c.fail(where, "missing 'person' (write null when the post is named but not its holder)")
        gold.offices.append(entry)
    for i, e in enumerate(c.section(data, "meetings")):
        where = f"meetings[{i}]"
        kinds = e.get("kind")
        kinds = [kinds] if isinstance(kinds, str) else kinds
        if not kinds or not isinstance(kinds, list) or any(k not in KINDS for k in kinds):
            c.fail(where, f"kind {e.get('kind')!r} must be one of {', '.join(KINDS)} or a list of them")
        participants = c.names(e.get("participants"), f"{where}.participants")
        if not participants:
            c.fail(where, "needs at least one named participant")
        for p in participants:
            check_person(p, where)
        gold.meetings.append({
            "participants": frozenset(participants), "participant_list": participants, "kinds": kinds,
            "date": c.date(e, "date", "true_date", where),
            "place": c.text(e, "place", where, required=False),
            "status": c.choice(e, "status", STATUSES, where, required=False),
            "articles": check_keys(c.keys(e, where), where),
            "tier": c.tier(e, where), "raw": e,
        })
    for i, e in enumerate(c.section(data, "statements")):
        where = f"statements[{i}]"
        if "speaker" not in e:
            c.fail(where, "missing 'speaker' (write null for an unnamed speaker)")
        gold.statements.append({
            "speaker": check_person(c.text(e, "speaker", where, allow_null=True), where),
            "quote": c.text(e, "quote", where),
            "kind": c.choice(e, "kind", ("direct", "indirect"), where, required=False) or "direct",
            "articles": check_keys(c.keys(e, where), where),
            "tier": c.tier(e, where), "raw": e,
        })
    for i, e in enumerate(c.section(data, "tenures")):
        where = f"tenures[{i}]"
        order = c.names(e.get("order"), f"{where}.order")
        for p in order:
            check_person(p, where)
        checks = e.get("checks") or []
        if not isinstance(checks, list):
            c.fail(where, "'checks' must be a list")
        parsed = []
        for j, ch in enumerate(checks):
            cw = f"{where}.checks[{j}]"
            if not isinstance(ch, dict):
                c.fail(cw, f"expected a mapping, got {ch!r}")
            kinds = [k for k in ("start", "last_attested_before", "end_not_after") if k in ch]
            if len(kinds) != 1:
                c.fail(cw, "needs exactly one of start, last_attested_before, end_not_after")
            try:
                value = parse_date(ch[kinds[0]])
            except ValueError as exc:
                c.fail(cw, f"'{kinds[0]}': {exc}")
            parsed.append({"person": check_person(c.text(ch, "person", cw), cw), "check": kinds[0], "date": value,
                           "tier": c.tier(ch, cw), "raw": ch})
        gold.tenures.append({"role": c.choice(e, "role", ROLES, where), "country": c.text(e, "country", where),
                             "order": order, "checks": parsed, "tier": c.tier(e, where), "raw": e})
    return gold


# ---------------------------------------------------------------------------------------------
# What the store holds (for the articles in scope)
# ---------------------------------------------------------------------------------------------

class Index:
    """subject -> predicate -> objects, for a set of graphs (literals keep their terms)."""

    def __init__(self):
        self.spo: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))

    def add(self, q: ox.Quad) -> None:
        objs = self.spo[_key(q.subject)][q.predicate.value]
        if q.object not in objs:
            objs.append(q.object)

    def objs(self, s: str, p: str) -> list:
        node = self.spo.get(s)
        return node.get(p, []) if node else []

    def one(self, s: str, p: str):
        objs = self.objs(s, p)
        return objs[0] if objs else None

    def types(self, s: str) -> set[str]:
        return {o.value for o in self.objs(s, RDF_TYPE)}

    def subjects_of_type(self, cls: str) -> list[str]:
        return [s for s, po in self.spo.items() if any(o.value == cls for o in po.get(RDF_TYPE, []))]


def _key(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def _val(term):
    return None if term is None else term.value


def _date(term) -> Period | None:
    if term is None:
        return None
    try:
        return parse_date(term.value)
    except ValueError:
        return None


@dataclass
class Fact:
    """One loaded fact in a form the scorers share."""

    iri: str
    text: str
    sources: list[str]
    evidence: list[dict]
    data: dict = field(default_factory=dict)


class Loaded:
    """Reads everything that scoring needs from the store, limited to the articles in scope."""

    def __init__(self, store, article_keys: list[str]):
        self.store = store
        self.base = store.base
        self.derived_iri = rdf.derived_graph(self.base)
        raw = store.raw
        # every article's source, to decide the scope
        self.articles: dict[str, dict] = {}      # article node -> {graph, source, ...}
        for sol in store.query(f"SELECT ?g ?a ?src WHERE {{ GRAPH ?g {{ ?a <{NS}sourceFile> ?src }} }}"):
            self.articles[sol["a"].value] = {"graph": sol["g"], "source": sol["src"].value}
        keys = SourceKeys(article_keys)
        self.scope = {a for a, info in self.articles.items() if keys.matching(info["source"])}
        self.source_of = {a: self.articles[a]["source"] for a in self.articles}
        # the article graphs in scope and the derived graph, in memory
        self.local = Index()
        self.graph_of: dict[str, str] = {}       # local subject -> article node
        for a in sorted(self.scope):
            for q in raw.quads_for_pattern(None, None, None, self.articles[a]["graph"]):
                if q.predicate.value == SCHEMA + "articleBody":
                    continue
                self.local.add(q)
                if q.predicate.value == DERIVED_FROM:
                    self.graph_of[_key(q.subject)] = q.object.value
        self.derived = Index()
        for q in raw.quads_for_pattern(None, None, None, self.derived_iri):
            self.derived.add(q)
        self.locals_of: dict[str, list[str]] = defaultdict(list)   # derived node -> local nodes in scope
        for s, po in self.derived.spo.items():
            for o in po.get(NS + "resolvesTo", []):
                if s in self.graph_of:
                    self.locals_of[o.value].append(s)

    # -- generic helpers -------------------------------------------------------------------------
    def label(self, node: str) -> str | None:
        for index in (self.derived, self.local):
            for p in (PREF, RDFS_LABEL):
                v = index.one(node, p)
                if v is not None:
                    return v.value
        for p in (PREF, RDFS_LABEL):
            for q in self.store.raw.quads_for_pattern(ox.NamedNode(node), ox.NamedNode(p), None, None):
                return q.object.value
        return None

    def labels(self, node: str) -> list[str]:
        out = []
        for index in (self.derived, self.local):
            for p in (PREF, ALT, RDFS_LABEL):
                out += [o.value for o in index.objs(node, p) if o.value not in out]
        return out

    def evidence(self, local_nodes) -> list[dict]:
        """Evidence of local nodes, best first: sentence, source file, rule, confidence."""
        found = []
        for node in local_nodes:
            for ev in self.local.objs(node, NS + "evidence"):
                e = ev.value
                sentence = _val(self.local.one(e, NS + "sentence"))
                art = _val(self.local.one(e, NS + "article")) or self.graph_of.get(node)
                conf = self.local.one(e, NS + "confidence")
                start = self.local.one(e, NS + "start")
                found.append({
                    "sentence": sentence, "source": self.source_of.get(art, art),
                    "rule": _val(self.local.one(e, NS + "derivedBy")),
                    "confidence": float(conf.value) if conf is not None else None,
                    "_start": int(start.value) if start is not None else 0,
                })
        found.sort(key=lambda e: (-(e["confidence"] or 0), e["source"] or "", e["_start"]))
        seen, out = set(), []
        for e in found:
            k = (e["sentence"], e["source"])
            if k not in seen:
                seen.add(k)
                out.append({k2: v for k2, v in e.items() if not k2.startswith("_")})
        return out

    def sources_of(self, derived_node: str, reported_pred: str | None = None) -> list[str]:
        arts = {self.graph_of[l] for l in self.locals_of.get(derived_node, [])}
        if reported_pred:
            arts |= {o.value for o in self.derived.objs(derived_node, reported_pred) if o.value in self.scope}
        return sorted(self.source_of[a] for a in arts if a in self.source_of)

    # -- the facts ------------------------------------------------------------------------------
    def article_facts(self) -> list[Fact]:
        out = []
        for a in sorted(self.scope, key=lambda a: self.source_of[a]):
            title = _val(self.local.one(a, SCHEMA + "headline"))
            pub = self.local.one(a, SCHEMA + "datePublished")
            ev_node = _val(self.local.one(a, NS + "publishedEvidence"))
            evidence = []
            if ev_node:
                evidence.append({"sentence": _val(self.local.one(ev_node, NS + "sentence")), "source": self.source_of[a],
                                 "rule": _val(self.local.one(ev_node, NS + "derivedBy")), "confidence": None})
            out.append(Fact(a, self.source_of[a], [self.source_of[a]], evidence,
                            {"title": title, "published": _date(pub), "published_text": _val(pub)}))
        return out

    def person_facts(self) -> list[Fact]:
        persons = set()
        for p in self.derived.subjects_of_type(NS + "Person"):
            if any(o.value in self.scope for o in self.derived.objs(p, NS + "mentionedIn")) or self.locals_of.get(p):
                persons.add(p)
        out = []
        for p in sorted(persons):
            pref = self.label(p) or p.rsplit("/", 1)[-1]
            out.append(Fact(p, pref, self.sources_of(p, NS + "mentionedIn"), self.evidence(self.locals_of.get(p, [])),
                            {"pref": pref, "labels": self.labels(p)}))
        return out

    def post_info(self, post: str) -> dict:
        role = _val(self.local.one(post, NS + "role") or self.derived.one(post, NS + "role"))
        country = _val(self.local.one(post, NS + "postCountry") or self.derived.one(post, NS + "postCountry"))
        org = _val(self.local.one(post, NS + "postOrganization") or self.derived.one(post, NS + "postOrganization"))
        if role is None:  # the post's description may live only in an article graph out of scope
            for q in self.store.raw.quads_for_pattern(ox.NamedNode(post), rdf.ng("role"), None, None):
                role = q.object.value
            for q in self.store.raw.quads_for_pattern(ox.NamedNode(post), rdf.ng("postCountry"), None, None):
                country = q.object.value
        return {
            "role": role.rsplit("/", 1)[-1] if role else None,
            "country": self.label(country) if country else None,
            "organization": self.label(org) if org else None,
        }

    def tenure_facts(self) -> list[Fact]:
        out = []
        for t in sorted(self.derived.subjects_of_type(NS + "Tenure")):
            locals_ = self.locals_of.get(t, [])
            if not locals_:
                continue
            holder = _val(self.derived.one(t, NS + "holder"))
            post = _val(self.derived.one(t, NS + "post"))
            info = self.post_info(post) if post else {"role": None, "country": None, "organization": None}
            data = {"holder": holder, "holder_label": self.label(holder) if holder else None, "post": post, **info,
                    "start": _date(self.derived.one(t, NS + "start")), "end": _date(self.derived.one(t, NS + "end")),
                    "first_attested": _date(self.derived.one(t, NS + "firstAttested")),
                    "last_attested": _date(self.derived.one(t, NS + "lastAttested"))}
            out.append(Fact(t, "", self.sources_of(t), self.evidence(locals_), data))
        # a post named in an article without any holder there ("the Indian defence minister")
        held = defaultdict(set)
        for s, po in self.local.spo.items():
            for o in po.get(NS + "post", []):
                held[self.graph_of.get(s)].add(o.value)
        for a in sorted(self.scope):
            graph = self.articles[a]["graph"]
            for q in self.store.raw.quads_for_pattern(None, rdf.RDF_TYPE, rdf.ng("Post"), graph):
                post = q.subject.value
                if post in held.get(a, set()):
                    continue
                info = self.post_info(post)
                out.append(Fact(post + "#" + a, "", [self.source_of[a]], [],
                                {"holder": None, "holder_label": None, "post": post, **info, "start": None, "end": None,
                                 "first_attested": None, "last_attested": None}))
        for f in out:
            f.text = describe_office(f.data)
        return out

    def meeting_facts(self) -> list[Fact]:
        out = []
        for m, po in sorted(self.derived.spo.items()):
            kinds = [rdf.KIND_OF_CLASS[o.value[len(NS):]] for o in po.get(RDF_TYPE, [])
                     if o.value.startswith(NS) and o.value[len(NS):] in rdf.KIND_OF_CLASS]
            if not kinds:
                continue
            sources = self.sources_of(m, NS + "reportedIn")
            if not sources:
                continue
            participants = []
            for o in po.get(NS + "participant", []):
                if NS + "Person" in self.derived.types(o.value):
                    participants.append(o.value)
            date = _date(self.derived.one(m, NS + "date"))
            if date is None:
                start, end = _date(self.derived.one(m, NS + "startDate")), _date(self.derived.one(m, NS + "endDate"))
                if start and end and end.hi >= start.lo:
                    date = Period(start.lo, end.hi, f"{start}..{end}")
                else:
                    date = start or end
            place = _val(self.derived.one(m, NS + "place"))
            status = _val(self.derived.one(m, NS + "status"))
            data = {"kind": kinds[0], "participants": participants,
                    "participant_labels": [self.label(p) or p for p in participants],
                    "date": date, "place": place, "place_labels": self.labels(place) if place else [],
                    "status": status[len(NS):] if status and status.startswith(NS) else status}
            out.append(Fact(m, "", sources, self.evidence(self.locals_of.get(m, [])), data))
        return out

    def statement_facts(self) -> list[Fact]:
        out = []
        resolves = {s: o[0].value for s, po in self.derived.spo.items() if (o := po.get(NS + "resolvesTo"))}
        for s in sorted(self.local.subjects_of_type(NS + "Statement")):
            a = self.graph_of.get(s)
            if a not in self.scope:
                continue
            speaker_local = _val(self.local.one(s, NS + "speaker"))
            speaker = resolves.get(speaker_local, speaker_local) if speaker_local else None
            kind = _val(self.local.one(s, NS + "speechKind"))
            data = {"text": _val(self.local.one(s, NS + "text")) or "", "speaker": speaker,
                    "speaker_label": (self.label(speaker) or self.label(speaker_local)) if speaker else None,
                    "kind": kind[len(NS):] if kind and kind.startswith(NS) else kind, "article": a}
            out.append(Fact(s, "", [self.source_of[a]], self.evidence([s]), data))
        return out


# ---------------------------------------------------------------------------------------------
# Readable renderings
# ---------------------------------------------------------------------------------------------

def describe_office(d: dict) -> str:
    who = d.get("person") if "person" in d else d.get("holder_label")
    post = f"{d.get('role')} of {d.get('country')}"
    if d.get("organization"):
        post += f" ({d['organization']})"
    parts = [f"{who or '(holder not named)'}: {post}"]
    for k in ("start", "end"):
        if d.get(k) is not None:
            parts.append(f"{k} {d[k]}")
    return ", ".join(parts)


def _arts(keys) -> str:
    return f" [{', '.join(keys)}]" if keys else ""


def describe_gold(section: str, e: dict) -> str:
    if section == "articles":
        text = e["file"]
        if e["title"] is not None:
            text += f' "{e["title"]}"'
        if e["published"] is not None:
            text += f", published {e['published']}"
        return text
    if section == "persons":
        return e["name"] + (f" (aliases: {', '.join(e['aliases'])})" if e["aliases"] else "")
    if section == "offices":
        return describe_office(e) + _arts(e["articles"])
    if section == "meetings":
        parts = ["/".join(e["kinds"]) + ": " + " + ".join(e["participant_list"])]
        if e["date"] is not None:
            parts.append(f"date {e['date']}")
        if e["place"]:
            parts.append(e["place"])
        if e["status"]:
            parts.append(e["status"])
        return ", ".join(parts) + _arts(e["articles"])
    if section == "statements":
        return f"{e['speaker'] or '(no speaker)'}: \"{e['quote']}\" ({e['kind']})" + _arts(e["articles"])
    raise ValueError(section)


def describe_meeting(d: dict) -> str:
    parts = [d["kind"] + ": " + (" + ".join(d["participant_labels"]) or "(no named participant)")]
    parts.append(f"date {d['date']}" if d["date"] else "no date")
    if d["place_labels"]:
        parts.append(d["place_labels"][0])
    if d["status"]:
        parts.append(d["status"])
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------

def ratio(n: int, d: int) -> float:
    return 1.0 if d == 0 else n / d


@dataclass
class Section:
    name: str
    core: list[int] = field(default_factory=lambda: [0, 0])       # found, total
    stretch: list[int] = field(default_factory=lambda: [0, 0])
    loaded: list[int] = field(default_factory=lambda: [0, 0])     # right, total
    misses: list[dict] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)
    attributes: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)

    def item(self, tier: str, found: bool, entry: str, gold=None, why: str | None = None) -> None:
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
        self.loaded[1] += 1
        if right:
            self.loaded[0] += 1
            return
        self.wrong.append({"fact": text if text is not None else fact.text, "reason": reason,
                           "sources": fact.sources if fact else [], "evidence": (fact.evidence[:3] if fact else [])})

    def attribute(self, name: str, verdict: str | None) -> None:
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


def _plain(raw):
    """A gold entry as JSON-ready data (YAML may have read dates as date objects)."""
    if isinstance(raw, dict):
        return {str(k): _plain(v) for k, v in raw.items()}
    if isinstance(raw, (list, tuple)):
        return [_plain(v) for v in raw]
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


def _name_in(names, label_list) -> bool:
    wanted = {normalise_name(n) for n in names}
    return any(normalise_name(l) in wanted for l in label_list)


def score_articles(gold: Gold, loaded: Loaded) -> Section:
    sec = Section("articles")
    facts = loaded.article_facts()
    verdicts = {}
    index = GoldByArticle([a["file"]] for a in gold.articles)
    for f in facts:
        # the most specific gold key that names this article
        keys = index.positions([f.text])
        gi = max(keys, key=lambda i: len(gold.articles[i]["file"]))
        g = gold.articles[gi]
        problems = []
        if g["title"] is not None:
            if f.data["title"] is None:
                sec.attribute("title", "missing")
                problems.append(f"no title (gold \"{g['title']}\")")
            elif normalise_title(f.data["title"]) == normalise_title(g["title"]):
                sec.attribute("title", "right")
            else:
                sec.attribute("title", "wrong")
                problems.append(f"title \"{f.data['title']}\" (gold \"{g['title']}\")")
        verdict = judge_date(f.data["published"], g["published"], exact=True)
        sec.attribute("published", verdict)
        if verdict in ("wrong", "missing"):
            problems.append(f"published {f.data['published_text'] or 'none'} (gold {g['published']})")
        verdicts.setdefault(gi, []).append((f, problems))
        text = f'{f.text}: "{f.data["title"]}", published {f.data["published_text"] or "none"}'
        ev = f.evidence if any(p.startswith("published") for p in problems) else []
        sec.fact(not problems, Fact(f.iri, text, f.sources, ev), "; ".join(problems))
    for gi, g in enumerate(gold.articles):
        found = verdicts.get(gi, [])
        ok = any(not problems for _, problems in found)
        why = None
        if not found:
            why = "no loaded article has this file name"
        elif not ok:
            why = "; ".join(p for _, problems in found for p in problems)
        sec.item(g["tier"], ok, describe_gold("articles", g), _plain(g["raw"]), why)
    return sec


def score_persons(gold: Gold, persons: list[Fact], pmap: PersonMap) -> tuple[Section, list[dict]]:
    sec = Section("persons")
    forbidden_found = []
    by_gold: dict[str, list[Fact]] = defaultdict(list)
    for f in persons:
        cands = pmap.matches[f.iri]
        labels = f.data["labels"]
        f.text = f.data["pref"] + (f" (also: {', '.join(l for l in labels if l != f.data['pref'])})"
                                   if len(labels) > 1 else "")
        if len(cands) > 1:
            sec.fact(False, f, "one entity for several gold persons: " + ", ".join(cands))
        elif cands:
            by_gold[cands[0]].append(f)
        elif _name_in(gold.forbidden, labels):
            forbidden_found.append({"person": f.text, "sources": f.sources, "evidence": f.evidence[:3]})
            sec.fact(False, f, "forbidden person (page chrome or teaser)")
        elif _name_in(gold.allowed, labels):
            continue
        else:
            sec.fact(False, f, "not a gold person")
    for g in [*gold.persons, *({"name": n, "aliases": [], "implicit": True} for n in gold.implicit)]:
        facts = by_gold.get(g["name"], [])
        # the entity called by the canonical name counts; then the one with most sources
        facts.sort(key=lambda f: (normalise_name(f.data["pref"]) != normalise_name(g["name"]), -len(f.sources),
                                  -len(f.evidence), f.iri))
        for i, f in enumerate(facts):
            sec.fact(i == 0, f, f"split: another loaded entity for {g['name']} ({facts[0].text}) already counts")
        if g.get("implicit"):
            continue
        why = None
        if not facts:
            ambiguous = [p for p, c in pmap.matches.items() if g["name"] in c and len(c) > 1]
            why = "only matched by an entity that also matches another gold person" if ambiguous else None
        sec.item("core", bool(facts), describe_gold("persons", g), _plain(g["raw"]), why)
    return sec, forbidden_found


def _arts_overlap(keys: list[str], sources: list[str]) -> bool:
    return not keys or any(source_matches(k, s) for k in keys for s in sources)


def score_offices(gold: Gold, facts: list[Fact], pmap: PersonMap) -> Section:
    sec = Section("offices")
    pairs, near = [], defaultdict(list)
    by_post: dict[tuple, list[tuple[int, dict]]] = defaultdict(list)  # gold offices by role and country
    for gi, g in enumerate(gold.offices):
        by_post[(g["role"], normalise_name(g["country"]))].append((gi, g))
    for li, f in enumerate(facts):
        d = f.data
        holder = pmap.gold_of(d["holder"])
        for gi, g in by_post.get((d["role"], normalise_name(d["country"] or "")), ()):
            if g["person"] is None:
                if d["holder"] is not None or not _arts_overlap(g["articles"], f.sources):
                    continue
            elif holder != g["person"]:
                continue
            problems = []
            for k in ("start", "end"):
                if g[k] is not None and judge_date(d[k], g[k]) != "right":
                    problems.append(f"{k} {d[k] or 'none'} does not lie within gold {g[k]}")
            if problems:
                near[li].append(f"close to gold {describe_gold('offices', g)} but " + "; ".join(problems))
                continue
            quality = (_arts_overlap(g["articles"], f.sources), g["start"] is not None)
            pairs.append((quality, li, gi))
    assigned, duplicates = greedy_assign(pairs)
    for li, f in enumerate(facts):
        if li in assigned:
            sec.fact(True, f)
        elif li in duplicates:
            sec.fact(False, f, "duplicate: another loaded office already matches gold "
                     + describe_gold("offices", gold.offices[duplicates[li]]))
        else:
            reason = "; ".join(near[li]) if near[li] else "no gold office matches"
            if f.data["holder"] is not None and pmap.gold_of(f.data["holder"]) is None:
                reason += " (holder is not a gold person)"
            sec.fact(False, f, reason)
    found = set(assigned.values())
    for gi, g in enumerate(gold.offices):
        sec.item(g["tier"], gi in found, describe_gold("offices", g), _plain(g["raw"]))
    return sec


def meeting_participants(d: dict, pmap: PersonMap) -> frozenset:
    """Loaded participants as gold names; one that is no gold person keeps its label (and so can
    never match a gold set)."""
    return frozenset(pmap.gold_of(p) or f"?{label}" for p, label in zip(d["participants"], d["participant_labels"]))


def place_matches(gold_place: str, labels: list[str]) -> bool:
    wanted = {normalise_name(gold_place), normalise_name(gold_place.split(",")[0])}
    return any(normalise_name(l) in wanted for l in labels)


def match_meetings(facts: list[Fact], gold_meetings: list[dict], pmap: PersonMap):
    """(assigned loaded -> gold, duplicates loaded -> gold): participants and kind must match; a
    shared article, then the date that fits, then the place decide between several gold meetings
    (a loaded meeting from the gold meeting's own article is its report, even with a wrong date)."""
    pairs = []
    by_people: dict[frozenset, list[tuple[int, dict]]] = defaultdict(list)  # gold meetings by their people
    for gi, g in enumerate(gold_meetings):
        by_people[g["participants"]].append((gi, g))
    for li, f in enumerate(facts):
        d = f.data
        parts = meeting_participants(d, pmap)
        for gi, g in by_people.get(parts, ()):
            if d["kind"] not in g["kinds"]:
                continue
            date_fits = judge_date(d["date"], g["date"]) == "right"
            place_fits = bool(g["place"]) and place_matches(g["place"], d["place_labels"])
            pairs.append(((_arts_overlap(g["articles"], f.sources), date_fits, place_fits), li, gi))
    return greedy_assign(pairs)


def score_meetings(gold: Gold, facts: list[Fact], pmap: PersonMap) -> Section:
    sec = Section("meetings")
    for f in facts:
        f.text = describe_meeting(f.data)
    assigned, duplicates = match_meetings(facts, gold.meetings, pmap)
    for li, f in enumerate(facts):
        if li in assigned:
            sec.fact(True, f)
            g, d = gold.meetings[assigned[li]], f.data
            sec.attribute("date", judge_date(d["date"], g["date"]))
            if g["place"]:
                sec.attribute("place", "missing" if not d["place_labels"]
                              else "right" if place_matches(g["place"], d["place_labels"]) else "wrong")
            if g["status"]:
                sec.attribute("status", "missing" if not d["status"] else "right" if d["status"] == g["status"] else "wrong")
        elif li in duplicates:
            sec.fact(False, f, "duplicate: another loaded meeting already matches gold "
                     + describe_gold("meetings", gold.meetings[duplicates[li]]))
        else:
            parts = meeting_participants(f.data, pmap)
            same_people = [g for g in gold.meetings if g["participants"] == parts]
            if same_people:
                reason = "kind differs from gold " + "; ".join(describe_gold("meetings", g) for g in same_people)
            else:
                reason = "no gold meeting has these participants"
            sec.fact(False, f, reason)
    wrong_attrs = []
    for li, gi in sorted(assigned.items(), key=lambda x: x[1]):
        g, d = gold.meetings[gi], facts[li].data
        issues = []
        v = judge_date(d["date"], g["date"])
        if v in ("wrong", "missing"):
            issues.append(f"date {d['date'] or 'none'} (gold {g['date']})")
        if g["place"] and not place_matches(g["place"], d["place_labels"]):
            issues.append(f"place {d['place_labels'][0] if d['place_labels'] else 'none'} (gold {g['place']})")
        if g["status"] and d["status"] != g["status"]:
            issues.append(f"status {d['status'] or 'none'} (gold {g['status']})")
        if issues:
            wrong_attrs.append({"meeting": facts[li].text, "gold": describe_gold("meetings", g), "issues": issues,
                                "sources": facts[li].sources, "evidence": facts[li].evidence[:3]})
    sec.extra["attribute_errors"] = wrong_attrs
    found = set(assigned.values())
    for gi, g in enumerate(gold.meetings):
        sec.item(g["tier"], gi in found, describe_gold("meetings", g), _plain(g["raw"]))
    return sec


def statement_fits(g: dict, d: dict, sources: list[str], pmap: PersonMap) -> bool:
    if g["speaker"] is None:
        if d["speaker"] is not None:
            return False
    elif pmap.gold_of(d["speaker"]) != g["speaker"]:
        return False
    return _arts_overlap(g["articles"], sources) and quote_matches(g["quote"], d["text"])


def score_statements(gold: Gold, facts: list[Fact], pmap: PersonMap) -> Section:
    """Each loaded statement is compared only with the gold statements of its articles (and
    those that name no article), found through an index of the gold's article keys: comparing
    every statement with every gold one was quadratic."""
    sec = Section("statements")
    found = defaultdict(list)
    index = GoldByArticle(g["articles"] for g in gold.statements)
    for f in facts:
        d = f.data
        f.text = f"{d['speaker_label'] or '(no speaker)'}: \"{d['text']}\" ({d['kind']})"
        near = index.positions(f.sources)
        hits = [gi for gi in near if statement_fits(gold.statements[gi], d, f.sources, pmap)]
        for gi in hits:
            found[gi].append(f)
        if hits:
            sec.fact(True, f)
            continue
        # say why: the quote fits but not the speaker, or it covers too little of a gold quote
        reason = "no gold statement matches"
        for g in (gold.statements[gi] for gi in near):
            cov = quote_coverage(g["quote"], d["text"])
            if cov >= WORD_COVERAGE:
                reason = f"quote fits gold statement of {g['speaker'] or '(no speaker)'}, speaker differs"
                break
            if cov > 0:
                reason = f"covers only {cov:.0%} of the words of gold \"{g['quote']}\""
        sec.fact(False, f, reason)
    for gi, g in enumerate(gold.statements):
        hits = found.get(gi, [])
        if hits:
            sec.attribute("kind", "right" if any(f.data["kind"] == g["kind"] for f in hits) else "wrong")
        sec.item(g["tier"], bool(hits), describe_gold("statements", g), _plain(g["raw"]))
    return sec


def tenure_listing(store, role: str, country: str) -> list[dict]:
    """The rows of the canned query `tenures` for one post, in its order."""
    from newsgraph.queries.catalog import resolve

    q = resolve("tenures")
    rows = []
    for sol in store.query(q.text(store.base), substitutions=q.substitutions({"country": country, "role": role})):
        rows.append({"person": _val(sol["person"]), "name": _val(sol["name"]), "post": _val(sol["post"]),
                     **{k: _date(sol[k]) for k in ("start", "end", "first_attested", "last_attested")}})
    return rows


def _collapse(seq: list[str]) -> list[str]:
    out = []
    for x in seq:
        if not out or out[-1] != x:
            out.append(x)
    return out


def score_tenures(gold: Gold, store, tenures: list[Fact], pmap: PersonMap) -> Section:
    sec = Section("tenures")
    in_scope = defaultdict(list)      # (holder, post) -> derived tenure facts from articles in scope
    for f in tenures:
        if f.data["holder"]:
            in_scope[(f.data["holder"], f.data["post"])].append(f)
    listings = []
    for t in gold.tenures:
        rows = [r for r in tenure_listing(store, t["role"], t["country"]) if (r["person"], r["post"]) in in_scope]
        names = [pmap.gold_of(r["person"]) or f"{r['name']} (not a gold person)" for r in rows]
        listed = _collapse(names)
        title = f"{t['role']} of {t['country']}"
        listings.append({"post": title, "holders": [
            {"name": r["name"], **{k: str(r[k]) if r[k] else None for k in ("start", "end", "first_attested", "last_attested")}}
            for r in rows]})
        sec.item(t["tier"], listed == t["order"], f"{title}: listing names {' -> '.join(t['order'])} and no other holder",
                 _plain({k: v for k, v in t["raw"].items() if k != "checks"}),
                 None if listed == t["order"] else f"listed: {' -> '.join(listed) or 'nobody'}")
        seen = set()
        for r, name in zip(rows, names):
            if r["person"] in seen:
                continue
            seen.add(r["person"])
            facts = in_scope[(r["person"], r["post"])]
            fact = Fact(r["person"], f"{r['name']} listed as {title}", facts[0].sources if facts else [],
                        [e for f in facts for e in f.evidence])
            sec.fact(name in t["order"], fact, f"{r['name']} is listed but is not in the gold order")
        for ch in t["checks"]:
            mine = [r for r, n in zip(rows, names) if n == ch["person"]]
            kind, d = ch["check"], ch["date"]
            if kind == "start":
                got = [r["start"] for r in mine]
                ok = any(lies_within(s, d) for s in got)
                label, shown = f"start lies within {d}", "start"
            elif kind == "last_attested_before":
                got = [r["last_attested"] for r in mine if r["last_attested"]]
                latest = max(got, key=lambda p: p.hi) if got else None
                ok = latest is not None and latest.hi < d.lo
                got, label, shown = ([latest] if latest else []), f"last attested before {d}", "last attested"
            else:
                got = [r["end"] for r in mine if r["end"]]
                ok = bool(got) and all(e.hi <= d.hi for e in got)
                label, shown = f"end known and not after {d}", "end"
            why = None
            if not ok:
                why = "not listed" if not mine else f"{shown}: {', '.join(str(g) for g in got if g) or 'none'}"
            sec.item(ch["tier"], ok, f"{title}: {ch['person']} {label}", _plain(ch["raw"]), why)
    sec.extra["listings"] = listings
    return sec


def evaluate(store, gold: Gold) -> dict:
    """Score the store against the gold facts; a JSON-ready dict (see the module docstring)."""
    loaded = Loaded(store, gold.article_keys)
    persons = loaded.person_facts()
    pmap = PersonMap(gold, persons)
    tenures = loaded.tenure_facts()
    sections = {"articles": score_articles(gold, loaded)}
    sections["persons"], forbidden = score_persons(gold, persons, pmap)
    sections["offices"] = score_offices(gold, tenures, pmap)
    sections["meetings"] = score_meetings(gold, loaded.meeting_facts(), pmap)
    sections["statements"] = score_statements(gold, loaded.statement_facts(), pmap)
    sections["tenures"] = score_tenures(gold, store, tenures, pmap)
    sections["articles"].extra["in_scope"] = sorted(loaded.source_of[a] for a in loaded.scope)
    return {"sections": {name: sections[name].result() for name in SECTIONS}, "forbidden_found": forbidden}


def evaluate_file(store, gold_path) -> dict:
    return evaluate(store, load_gold(gold_path))


# ---------------------------------------------------------------------------------------------
# Text report
# ---------------------------------------------------------------------------------------------

def _shorten(text: str | None, width: int = 220) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _evidence_lines(evidence: list[dict], sources: list[str], limit: int = 2) -> list[str]:
    lines = []
    for e in evidence[:limit]:
        lines.append(f"        evidence ({e['source']}): \"{_shorten(e['sentence'])}\"")
    if not evidence and sources:
        lines.append(f"        source: {', '.join(sources)} (no evidence sentence stored)")
    return lines


def format_text(result: dict, gold_path=None, store_path=None) -> str:
    scope = result["sections"]["articles"].get("in_scope", [])
    out = []
    if gold_path is not None:
        out.append(f"evaluation of {store_path or 'the store'} against {gold_path}")
    out += [f"articles in scope: {len(scope)}" + (f" ({', '.join(scope)})" if len(scope) <= 8 else ""), ""]
    for name in SECTIONS:
        s = result["sections"][name]
        c = s["counts"]
        out.append(f"{name:<11} core recall {s['core_recall']:.2f} ({c['core']['found']}/{c['core']['total']})   "
                   f"precision {s['precision']:.2f} ({c['loaded']['right']}/{c['loaded']['total']})   "
                   f"stretch recall {s['stretch_recall']:.2f} ({c['stretch']['found']}/{c['stretch']['total']})")
        if s.get("attributes"):
            out.append("  attributes: " + "; ".join(
                f"{k} {v['right']} right, {v['wrong']} wrong, {v['missing']} missing" for k, v in s["attributes"].items()))
        for listing in s.get("listings", []):
            holders = ", ".join(
                f"{h['name']} ({h['start'] or '?'} to {h['end'] or '?'}; attested {h['first_attested'] or '?'}"
                f"..{h['last_attested'] or '?'})" for h in listing["holders"]) or "nobody"
            out.append(f"  listing {listing['post']}: {holders}")
        for m in s["misses"]:
            out.append(f"  miss  [{m['tier']}] {m['entry']}" + (f"  -- {m['why']}" if m.get("why") else ""))
        for w in s["wrong"]:
            out.append(f"  wrong {_shorten(w['fact'], 300)}" + (f"  -- {w['reason']}" if w["reason"] else ""))
            out += _evidence_lines(w["evidence"], w["sources"])
        for a in s.get("attribute_errors", []):
            out.append(f"  attribute wrong: {a['meeting']}  -- " + "; ".join(a["issues"]))
            out.append(f"        matched gold: {a['gold']}")
            out += _evidence_lines(a["evidence"], a["sources"], limit=1)
        out.append("")
    found = result["forbidden_found"]
    out.append(f"forbidden persons found: {len(found)}")
    for f in found:
        out.append(f"  {f['person']} in {', '.join(f['sources']) or '?'}")
        out += _evidence_lines(f["evidence"], f["sources"], limit=1)
    return "\n".join(out)
