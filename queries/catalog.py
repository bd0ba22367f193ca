"""Canned queries: one .rq file each, with a YAML header in `#+ ` comment lines.

    #+ title: Articles
    #+ description: Every loaded article with its publication date and source.
    #+ params:
    #+   - {name: outlet, type: string, default: null, description: "only this outlet"}
    #+ view: table

Parameters are bound as typed RDF terms through pyoxigraph's `substitutions`, never spliced
into the query text, so a value cannot change what the query does. A parameter left empty stays
unbound. pyoxigraph only substitutes variables of the SELECT projection, so a query projects each
of its parameters; and its optimiser reads BOUND(?p) of a variable that no pattern binds as
false, so an optional parameter is tested through COALESCE instead, e.g.
`FILTER(COALESCE(?x = ?p, COALESCE(?p, "") = ""))` (true when ?p is unbound, else ?x = ?p).

A filter on a name is evaluated after the whole pattern, so a query filtered by a person still
reads every meeting. A narrowing line, inside the group whose pattern it should start, makes
it start from that person instead:

    GRAPH <graph/derived> {
      #> person: VALUES ?focus { $iris } ?meeting ng:participant ?focus .
      ...

When the parameter `person` has a value, the runner looks up the derived entities whose
preferred or alternative label is that value (any case) and writes the fragment in place of the
comment, `$iris` replaced by their IRIs; otherwise the line stays a comment. The query keeps its
own filter, so it returns the same rows with or without the line (tests/test_queries_catalog.py
checks this for every shipped query): narrowing changes the speed, never the answer.

A date range narrows the same way. A line for two date parameters, `#> from..to: ...`, is
written out when both have a value, the first not after the second and at most
the setting `date_narrowing_max_days` apart, with `$dates` replaced by every value a date in that range can
have in the derived graph: each day (xsd:date), each month (xsd:gYearMonth) and each year
(xsd:gYear) the range touches, which are looked up by value:

      #> from..to: VALUES ?day { $dates } ?meeting ng:date|ng:spanYear ?day .

These are exactly the dates a filter of the form `STR(?date) <= STR(?to)` and
`CONCAT(STR(?date), "~") >= STR(?from)` keeps (a coarse date lasts until its last day), so
again the filter decides and the line only spares the rest. A span (start and end) is found by
the years it touches, which the derivation writes (`ng:spanYear`): a span the filter keeps
shares a day with the range, so it shares that day's year. The line is a pattern, not a UNION
or a sub-SELECT: Oxigraph joins those by evaluating the rest of the group whole (every meeting:
docs/performance.md, "Figures behind the code") where a pattern's bound values are looked up.

A grouped listing (one row per meeting, gathered from many) makes the engine hold every group
until the last solution is in, so its memory grows with the store (docs/performance.md,
"Figures behind the code"). Partition lines let the loader compute such an answer a part at a time when it precomputes it:

      #% { SELECT ?meeting WHERE { VALUES ?bucket { $buckets } ?meeting ng:bucket ?bucket } }
      ?meeting ng:sourceCount ?sources .

The derivation gives every tenure and meeting one of 256 buckets (`ng:bucket`, two hexadecimal
digits, newsgraph.loader.derive_context.bucket). For a part, every `#%` line is written out with
`$buckets` as that part's buckets, `"30" "31" ... "3f"` for the fourth of 16 parts: the query
then answers for the meetings in those buckets, looked up by value. A line goes in every group
that binds the grouped variable (sub-SELECTs too: they see no outside filter), and each row
must belong to one value of it, so that the parts' rows are the whole answer, each row once
(`queries/sorted_answers.py` sorts them together; tests check the answers are the engine's).
A sub-SELECT at the start of a group is evaluated first (a FILTER after a pattern is applied
after the whole pattern). Buckets are looked up by value, so more parts cost little: a larger
store needs more of them to keep each part's groups as small.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import yaml
from pyoxigraph import Literal, NamedNode, Variable

from newsgraph.loader import settings
from newsgraph.loader.records import DateValue
from newsgraph.ontology import terms
from newsgraph.ontology.terms import date_literal

TYPES = ("string", "integer", "date", "iri", "role")
NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
NARROWING = re.compile(r"^(?P<indent>[ \t]*)#> (?P<param>[a-z][a-z0-9_]*(?:\.\.[a-z][a-z0-9_]*)?): (?P<fragment>.+)$", re.M)
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PARTITION = re.compile(r"^(?P<indent>[ \t]*)#% (?P<fragment>.+)$", re.M)
BUCKETS = [f"{i:02x}" for i in range(256)]  # the values of ng:bucket, in order
# the derived entities a name denotes (a narrowing's $iris); ?name is projected for substitution
ENTITIES_NAMED = terms.sparql_prefixes("skos") + """SELECT DISTINCT ?entity ?name WHERE {
  GRAPH <graph/derived> { ?entity skos:prefLabel|skos:altLabel ?label }
  FILTER(LCASE(STR(?label)) = LCASE(STR(?name)))
}"""


class QueryError(Exception):
    """A canned query or one of its parameters is wrong; the message says which and why."""


@dataclass
class Param:
    name: str
    type: str = "string"
    default: str | None = None
    allowed: list[str] | None = None
    description: str = ""
    required: bool = False                      # a value must be given (the default does not count)

    def bind(self, raw: str | None):
        """The RDF term for a user's value (or the default); None leaves the variable unbound."""
        value = raw if raw not in (None, "") else self.default
        if value in (None, ""):
            return None
        value = str(value)
        if self.allowed and value not in [str(a) for a in self.allowed]:
            raise QueryError(f"parameter {self.name!r}: {value!r} is not one of {', '.join(map(str, self.allowed))}")
        if self.type == "string":
            return Literal(value)
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise QueryError(f"parameter {self.name!r}: {value!r} is not a whole number")
            return Literal(str(int(value)), datatype=terms.XSD_INTEGER)
        if self.type == "date":
            try:  # fromisoformat alone also takes "20230105" and week dates, which compare wrongly as text
                if not ISO_DAY.fullmatch(value):
                    raise ValueError(value)
                date.fromisoformat(value)
            except ValueError:
                raise QueryError(f"parameter {self.name!r}: {value!r} is not a date (YYYY-MM-DD)") from None
            return Literal(value, datatype=terms.DATATYPE["day"])
        if self.type == "role":
            if not NAME.match(value):
                raise QueryError(f"parameter {self.name!r}: {value!r} is not a role name")
            return terms.role_iri(value)
        if self.type == "iri":
            if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", value):
                raise QueryError(f"parameter {self.name!r}: {value!r} is not an http(s) IRI")
            return NamedNode(value)
        raise QueryError(f"parameter {self.name!r} has unknown type {self.type!r}")


@dataclass
class CannedQuery:
    name: str
    sparql: str
    title: str
    description: str = ""
    params: list[Param] = field(default_factory=list)
    view: str = "table"
    listed: bool = True                         # offered in the catalogue (false: run by code only)

    @property
    def narrowings(self) -> list[tuple[str, str]]:
        """(parameter, SPARQL fragment) of each `#> param: fragment` line."""
        return [(m["param"], m["fragment"]) for m in NARROWING.finditer(self.sparql)]

    @property
    def partitioned(self) -> bool:
        """Whether the query has partition lines (`#% ...`, see the module's docstring)."""
        return PARTITION.search(self.sparql) is not None

    def parts(self, base: str, count: int = 16) -> list[str]:
        """The query's texts for each of `count` parts (a power of two from 1 to 256), whose
        answers together are the query's answer: part i takes the i-th run of 256 / count
        buckets."""
        if count < 1 or count > len(BUCKETS) or count & (count - 1):
            raise QueryError(f"query {self.name!r}: parts come in powers of two up to {len(BUCKETS)}, not {count}")
        size = len(BUCKETS) // count
        return [self.text(base, part=BUCKETS[i:i + size]) for i in range(0, len(BUCKETS), size)]

    def text(self, base: str, narrow: dict[str, list[str]] | None = None, part: list[str] | None = None) -> str:
        """The query to run against a store with this base IRI (see `with_base`), with the
        narrowing lines of the parameters in `narrow` written out (a name -> entity IRIs; a
        range "from..to" -> SPARQL date literals, `date_terms`), and
        with `part` (a list of buckets), the partition lines."""
        sparql = self.sparql
        if part is not None:
            if not part or not set(part) <= set(BUCKETS):
                raise QueryError(f"query {self.name!r}: a part is a list of buckets (two hexadecimal digits), not {part!r}")
            values = " ".join(f'"{b}"' for b in part)
            sparql = PARTITION.sub(lambda m: m["indent"] + m["fragment"].replace("$buckets", values), sparql)
        if narrow:
            def write(m: re.Match) -> str:
                values = narrow.get(m["param"])
                if values is None:
                    return m.group(0)
                if ".." in m["param"]:
                    return m["indent"] + m["fragment"].replace("$dates", " ".join(values))
                return m["indent"] + m["fragment"].replace("$iris", " ".join(f"<{i}>" for i in values))
            sparql = NARROWING.sub(write, sparql)
        return with_base(sparql, base)

    def narrowed(self, subs: dict, base: str, select) -> str:
        """The text to run with these substitutions, narrowing lines written out for the
        parameters that have a value; `select(sparql, substitutions)` answers a SELECT against
        the same store with rows of terms (it looks up the entities a value names)."""
        narrow: dict[str, list[str]] = {}
        for param, _ in self.narrowings:
            if param in narrow:
                continue
            if ".." in param:
                terms = [subs.get(Variable(p)) for p in param.split("..")]  # date parameters (parse_query)
                days = [None if t is None else date.fromisoformat(t.value) for t in terms]
                # each day is a value to look up: a wider range runs the query as written
                if None not in days and 0 <= (days[1] - days[0]).days <= settings.value("date_narrowing_max_days"):
                    narrow[param] = date_terms(days[0], days[1])
                continue
            term = subs.get(Variable(param))
            if term is not None:
                rows = select(with_base(ENTITIES_NAMED, base), {Variable("name"): term})
                narrow[param] = sorted({row[0].value for row in rows})
        return self.text(base, narrow)

    def substitutions(self, values: dict[str, str]) -> dict:
        unknown = set(values) - {p.name for p in self.params}
        if unknown:
            known = ", ".join(p.name for p in self.params) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {', '.join(sorted(unknown))} (parameters: {known})")
        subs = {}
        for p in self.params:
            term = p.bind(values.get(p.name))
            if term is not None:
                subs[Variable(p.name)] = term
        return subs


def date_terms(first: date, last: date) -> list[str]:
    """Every value a date from `first` to `last` (inclusive) can have in the derived graph, as
    SPARQL literals: each day as xsd:date, each month it touches as xsd:gYearMonth, each year as
    xsd:gYear, typed by the loader's own `date_literal`, as the derivation writes them."""
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    values = ([DateValue(d.year, d.month, d.day) for d in days]
              + [DateValue(y, m) for y, m in sorted({(d.year, d.month) for d in days})]
              + [DateValue(y) for y in sorted({d.year for d in days})])
    return [str(date_literal(v)) for v in values]


def with_base(sparql: str, base: str) -> str:
    """The query with `BASE <base>` in front. Canned queries name the store's own graphs by
    IRIs relative to its base (`<graph/derived>`): a constant graph lets the engine read that
    graph's index alone, where `GRAPH ?g ... FILTER(...)` would scan every article graph."""
    return f"BASE <{base}>\n{sparql}"


def parse_query(name: str, text: str) -> CannedQuery:
    header = "\n".join(line[3:] if line.startswith("#+ ") else "" for line in text.splitlines() if line.startswith("#+"))
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"query {name!r}: header is not valid YAML ({exc})") from None
    if not isinstance(meta, dict) or "title" not in meta:
        raise QueryError(f"query {name!r}: header needs at least a title")
    params = []
    for raw in meta.get("params") or []:
        if not isinstance(raw, dict) or "name" not in raw:
            raise QueryError(f"query {name!r}: each parameter needs a name")
        param = Param(**{k: raw[k] for k in ("name", "type", "default", "allowed", "description", "required") if k in raw})
        if param.type not in TYPES:
            raise QueryError(f"query {name!r}: parameter {param.name!r} has unknown type {param.type!r}")
        params.append(param)
    declared = {p.name: p for p in params}
    for m in NARROWING.finditer(text):
        names = m["param"].split("..")
        for param in names:
            if param not in declared:
                raise QueryError(f"query {name!r}: narrowing line for unknown parameter {param!r}")
        if len(names) == 2:
            if any(declared[p].type != "date" for p in names):
                raise QueryError(f"query {name!r}: narrowing line for {m['param']!r}: a range is of two date parameters")
            if "$dates" not in m["fragment"]:
                raise QueryError(f"query {name!r}: narrowing line for {m['param']!r} has no $dates")
        elif "$iris" not in m["fragment"]:
            raise QueryError(f"query {name!r}: narrowing line for {m['param']!r} has no $iris")
    for m in PARTITION.finditer(text):
        if "$buckets" not in m["fragment"]:
            raise QueryError(f"query {name!r}: partition line without $buckets: {m['fragment']!r}")
    return CannedQuery(name=name, sparql=text, title=str(meta["title"]), description=str(meta.get("description", "")),
                       params=params, view=str(meta.get("view", "table")), listed=meta.get("listed", True) is not False)


def catalog() -> dict[str, CannedQuery]:
    """Every canned query shipped with the package and offered to users, by name (the files
    are read each time, so an edited query shows at once; parsing a text is remembered)."""
    return {name: q for name, q in _shipped().items() if q.listed}


def shipped(name: str) -> CannedQuery:
    """A query shipped with the package by name, offered in the catalogue or not (`listed:
    false` in its header: a query the code runs itself, as queries/stats.rq)."""
    queries = _shipped()
    if name not in queries:
        raise QueryError(f"no query named {name!r} ships with newsgraph")
    return queries[name]


def _shipped() -> dict[str, CannedQuery]:
    found = {}
    for entry in sorted(resources.files("newsgraph.queries").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[:-3]
            found[name] = _parsed(name, entry.read_text(encoding="utf-8"))
    return found


@functools.lru_cache(maxsize=64)
def _parsed(name: str, text: str) -> CannedQuery:
    return parse_query(name, text)


def resolve(spec: str) -> CannedQuery:
    """A canned query by name, a .rq file by path, or literal SPARQL text."""
    if NAME.match(spec):
        queries = catalog()
        if spec in queries:
            return queries[spec]
        raise QueryError(f"no canned query named {spec!r} (known: {', '.join(queries)})")
    if spec.endswith(".rq") and "\n" not in spec:
        path = Path(spec)
        if not path.is_file():
            raise QueryError(f"{spec}: no such query file")
        text = path.read_text(encoding="utf-8")
        if "#+" in text:
            return parse_query(path.stem, text)
        return CannedQuery(name=path.stem, sparql=text, title=path.stem)
    return CannedQuery(name="query", sparql=spec, title="SPARQL query")
