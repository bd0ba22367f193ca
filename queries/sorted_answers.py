"""A sorted answer without the engine's sort: the query runs unsorted, with its sort keys as
extra columns, and its rows are sorted on disk (`loader/disk_sort.py`, SQLite).

Why: Oxigraph sorts an answer in memory, holding every solution with every variable in scope;
precomputing the largest listings that way was the largest step of a load's memory. Sorted
here, memory is a batch of rows beside the engine's streaming (docs/performance.md, "Figures
behind the code").

The answer must be exactly the engine's, so this only takes queries and values whose SPARQL
order it can reproduce, and says `NotSortable` otherwise (the caller then lets the engine sort):

- a SELECT without `*`, REDUCED, FROM, LIMIT or OFFSET whose last clause is ORDER BY over
  keys (variables or expressions); a grouped one (GROUP BY, HAVING, aggregates) is kept whole
  as a sub-SELECT, and then its keys must be made of its columns, with no aggregate of their
  own;
- key values that are unbound, IRIs, simple strings, integers (of 64 bits) or plain dates
  (YYYY-MM-DD), one literal kind per key: unbound sorts first, IRIs before literals (SPARQL
  1.1, 15.1), strings and IRIs by code point (as Oxigraph compares them), integers by value; a
  descending key must hold integers (or nothing);
- keys that decide the order: rows that tie on every key but differ would come out in an order
  the engine chooses, so such an answer is not taken either.

DISTINCT keeps the first of equal rows in sorted order, as the engine's DISTINCT after ORDER BY
does: a 16-byte digest per row distinct so far, kept on disk (`DiskSet`), since they grow with
the store.

Several queries whose answers are disjoint parts of one answer (a grouped listing computed a
part of its groups at a time, see the partition lines in `catalog.py`) are sorted together:
the engine then holds one part's groups at a time.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from newsgraph.loader.disk_set import DiskSet
from newsgraph.loader.disk_sort import sort_on_disk
from newsgraph.ontology import terms

XSD_STRING = terms.XSD_STRING
XSD_INTEGER = terms.XSD + "integer"
XSD_DATE = terms.XSD + "date"
PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KEY_PREFIX = "__ng_order_"
LARGEST = 2**63 - 1  # what an integer key may be at most: the disk sort keeps 64-bit integers
BATCH_ROWS = 1_000  # rows held on their way to the disk sort: they are wide (docs/performance.md)

# what the scanner steps over whole: an IRI, a string (one line), a comment
_TOKEN = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|#[^\n]*""")
_AGGREGATE = re.compile(r"\b(COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\s*\(", re.IGNORECASE)
_ORDER_BY = re.compile(r"(?i)\bORDER\s+BY\b")
_SELECT = re.compile(r"(?i)\bSELECT\b")
_AFTER_ORDER = re.compile(r"(?i)\b(GROUP\s+BY|HAVING|LIMIT|OFFSET|VALUES)\b")
_GROUPING = re.compile(r"(?i)\b(GROUP\s+BY|HAVING)\b")
_MODIFIER = re.compile(r"(?i)^\s*(DISTINCT|REDUCED)?\s*")
_FROM = re.compile(r"(?i)(?<![?$\w])FROM\b")  # not the variable ?from
_VARIABLE = re.compile(r"[?$]\w+")
_DESC = re.compile(r"(?i)DESC\b")
_ASC = re.compile(r"(?i)ASC\s*\(")
_DESC_CALL = re.compile(r"(?i)DESC\s*\(")
_PROJECTED = re.compile(r"(?i)\bAS\s+[?$](\w+)\s*\)$")


class NotSortable(Exception):
    """This query or answer is not one this module sorts the way the engine would."""


@dataclass
class Plan:
    """The unsorted form of a query: `sparql` projects the original columns, then one column
    per sort key (named KEY_PREFIX + position)."""
    sparql: str
    keys: int
    distinct: bool
    descending: tuple[bool, ...] = ()


def _masked(text: str) -> str:
    """The text with IRIs, strings and comments blanked (same length): what is left is syntax."""
    if '"""' in text or "'''" in text:
        raise NotSortable("long strings are not scanned")
    return _TOKEN.sub(lambda m: " " * len(m.group(0)), text)


def _depths(masked: str) -> list[int]:
    depth, out = 0, []
    for ch in masked:
        if ch in "{(":
            depth += 1
        out.append(depth)
        if ch in "})":
            depth -= 1
    return out


def _top_level(pattern: re.Pattern, masked: str, depths: list[int]) -> list[re.Match]:
    """Matches outside any group or bracket, and not part of a variable's name (`?offset`)."""
    return [m for m in pattern.finditer(masked)
            if depths[m.start()] == 0 and (m.start() == 0 or masked[m.start() - 1] not in "?$")]


def _conditions(text: str, masked: str) -> list[tuple[str, bool]]:
    """The ORDER BY conditions as written (variables, bracketed expressions and calls), each
    with whether it is descending."""
    out, i = [], 0
    while i < len(text):
        if masked[i].isspace():
            i += 1
            continue
        start = i
        if masked[i] in "?$":
            m = _VARIABLE.match(text, i)
            i = m.end()
            out.append((text[start:i], False))
            continue
        descending = bool(_DESC.match(masked, i))
        m = _ASC.match(masked, i) or _DESC_CALL.match(masked, i)
        if m:
            i = m.end() - 1
            start = i
        else:
            while i < len(text) and masked[i] != "(" and not masked[i].isspace():
                i += 1  # a function's name, or an IRI (blanked in `masked`)
            if i >= len(text) or masked[i] != "(":
                raise NotSortable(f"cannot read the ORDER BY condition at {text[start:start + 20]!r}")
        depth = 0
        while i < len(text):
            depth += {"(": 1, ")": -1}.get(masked[i], 0)
            i += 1
            if depth == 0:
                break
        if depth:
            raise NotSortable("unbalanced brackets in ORDER BY")
        out.append((text[start:i], descending))
    if not out:
        raise NotSortable("no ORDER BY condition")
    return out


def plan(sparql: str) -> Plan:
    """The query without its ORDER BY, projecting its sort keys; NotSortable when the query is
    not one this module handles."""
    masked = _masked(sparql)
    depths = _depths(masked)
    orders = _top_level(_ORDER_BY, masked, depths)
    selects = _top_level(_SELECT, masked, depths)
    if not orders or not selects:
        raise NotSortable("not a SELECT with ORDER BY")
    order, select = orders[-1], selects[0]
    if _top_level(_AFTER_ORDER, masked[order.start():], depths[order.start():]):
        raise NotSortable("limited or followed by a clause")
    where = next((i for i in range(select.end(), order.start()) if depths[i] == 1 and masked[i] == "{"), None)
    if where is None:
        raise NotSortable("no WHERE group")
    head = masked[select.end():where]
    m = _MODIFIER.match(head)
    modifier = (m.group(1) or "").upper()
    projection = sparql[select.end() + m.end():where]
    if modifier == "REDUCED" or "*" in head:
        raise NotSortable("a REDUCED or * projection")
    if _FROM.search(head):
        raise NotSortable("a FROM clause")
    projection = re.sub(r"(?i)\s*\bWHERE\s*$", "", projection.rstrip())
    conditions = _conditions(sparql[order.end():], masked[order.end():])
    keys = " ".join(f"({c} AS ?{KEY_PREFIX}{n})" for n, (c, _) in enumerate(conditions))
    descending = tuple(d for _, d in conditions)
    if _top_level(_GROUPING, masked, depths) or _AGGREGATE.search(head):
        # grouped: the query stays whole, as a sub-SELECT, and the keys are computed from its
        # columns (what ORDER BY sees of a grouped query, bar aggregates written in the ORDER BY)
        columns = _columns(projection, masked[select.end() + m.end():where])
        for c, _ in conditions:
            if _AGGREGATE.search(c) or not set(v[1:] for v in _VARIABLE.findall(_masked(c))) <= set(columns):
                raise NotSortable(f"a sort key of a grouped query that is not made of its columns ({c})")
        unsorted = (f"{sparql[:select.start()]}SELECT {' '.join('?' + c for c in columns)} {keys} WHERE {{\n"
                    f"{sparql[select.start():order.start()]}\n}}")
        return Plan(unsorted, len(conditions), False, descending)
    unsorted = f"{sparql[:select.start()]}SELECT {projection} {keys} WHERE {sparql[where:order.start()]}"
    return Plan(unsorted, len(conditions), modifier == "DISTINCT", descending)


def _columns(projection: str, masked: str) -> list[str]:
    """The variables a projection binds, in order: `?v`, or `(expression AS ?v)`."""
    columns, depth, start = [], 0, 0
    for i, ch in enumerate(masked):
        if ch == "(":
            depth += 1
            if depth == 1:
                start = i
        elif ch == ")":
            depth -= 1
            if depth == 0:
                m = _PROJECTED.search(masked[start:i + 1])
                if m is None:
                    raise NotSortable(f"cannot read the projection {projection[start:i + 1]!r}")
                columns.append(projection[start:i + 1][m.start(1):m.end(1)])
        elif depth == 0 and ch in "?$":
            columns.append(_VARIABLE.match(projection, i).group(0)[1:])
    return columns


def _key(term) -> tuple:
    """A term's place in SPARQL order, for the kinds handled here; the second item names the
    literal kind (one per key is allowed)."""
    if term is None:
        return (0, "", "")
    if isinstance(term, ox.NamedNode):
        return (1, "iri", term.value)
    if isinstance(term, ox.Literal) and term.language is None:
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return (2, "string", term.value)
        if datatype == XSD_INTEGER:
            try:
                value = int(term.value)
            except ValueError:
                pass
            else:
                if -LARGEST <= value <= LARGEST:
                    return (2, "integer", value)
        if datatype == XSD_DATE and PLAIN_DATE.match(term.value):
            return (2, "date", term.value)
    raise NotSortable(f"a sort key of a kind not ordered here ({term})")


def _json(term) -> str:
    """A term as a SPARQL JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + json.dumps(term.value, ensure_ascii=False) + "}"
    if isinstance(term, ox.Literal):
        value = json.dumps(term.value, ensure_ascii=False)
        if term.language:
            return '{"type":"literal","value":' + value + ',"xml:lang":' + json.dumps(term.language) + "}"
        if term.datatype.value != XSD_STRING:
            return '{"type":"literal","value":' + value + ',"datatype":' + json.dumps(term.datatype.value) + "}"
        return '{"type":"literal","value":' + value + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + json.dumps(term.value) + "}"
    raise NotSortable(f"a value not written here ({term})")


def _rows(solutions: ox.QuerySolutions, columns: list[str], p: Plan, kinds: list[set], start: int) -> Iterator[tuple]:
    """(rank, value for each key, then position, the row as JSON) for each solution: the keys'
    pairs laid flat, which sorts as the pairs do. Positions are unique, so the records sort by
    key, then by the engine's order, never by the text."""
    width = len(columns)
    names = [json.dumps(c) + ":" for c in columns]
    descending = p.descending or (False,) * p.keys
    for position, solution in enumerate(solutions, start):
        key = []
        for n in range(p.keys):
            rank, kind, value = _key(solution[width + n])
            if kind and kind not in kinds[n]:
                kinds[n].add(kind)
                if len(kinds[n] - {"iri"}) > 1:  # literals of two kinds: their order is the engine's
                    raise NotSortable("a sort key mixes kinds of literals")
            if descending[n]:
                if kind not in ("", "integer"):
                    raise NotSortable("descending keys are sorted here when they are integers")
                rank, value = -rank, -(value or 0)
            key += (rank, value)
        values = [solution[i] for i in range(width)]
        text = "{" + ",".join(names[i] + _json(t) for i, t in enumerate(values) if t is not None) + "}"
        yield *key, position, text


def write_sorted(run: Callable[[str], ox.QuerySolutions], sparql: str | list[str], path: str,
                 folder: str | None = None) -> int:
    """Run `sparql` unsorted through `run` and write its answer, sorted as the engine would, to
    `path` as SPARQL 1.1 JSON results; returns the rows written. NotSortable when the engine
    must sort it instead (`path` may then hold part of an answer: write to a temporary name);
    `folder` takes the sorted runs.

    `sparql` may be a list of queries whose answers are parts of one answer (one query
    restricted to disjoint sets of groups, see `CannedQuery.text`): their rows are sorted
    together, and the engine holds one part's groups at a time."""
    parts = [sparql] if isinstance(sparql, str) else list(sparql)
    plans = [plan(text) for text in parts]
    p = plans[0]
    first = run(p.sparql)
    columns = [v.value for v in first.variables][: -p.keys]
    kinds: list[set] = [set() for _ in range(p.keys)]

    def rows():
        position = 0
        for n, q in enumerate(plans):
            solutions = first if n == 0 else run(q.sparql)
            if q.keys != p.keys or [v.value for v in solutions.variables][: -q.keys] != columns:
                raise NotSortable("the parts of an answer have different columns")
            for row in _rows(solutions, columns, q, kinds, position):
                position = row[-2] + 1
                yield row

    ordered = sort_on_disk(rows(), folder, run_rows=BATCH_ROWS)
    seen = DiskSet()  # with DISTINCT, the digests of the rows written, on disk: they grow with the store
    try:
        group_key, group_rows = None, set()
        written = 0
        with open(path, "w", encoding="utf-8") as out:
            out.write(json.dumps({"head": {"vars": columns}})[:-1] + ', "results": {"bindings": [')
            for *key, _, text in ordered:
                digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
                if key != group_key:
                    group_key, group_rows = key, set()
                group_rows.add(digest)
                if len(group_rows) > 1:
                    raise NotSortable("rows tie on every sort key: their order is the engine's")
                if p.distinct and not seen.add(digest):
                    continue
                out.write(("\n" if not written else ",\n") + text)
                written += 1
            out.write("\n]}}\n")
        return written
    finally:
        ordered.close()
        seen.close()
