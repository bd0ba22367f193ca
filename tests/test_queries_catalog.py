"""Canned queries: the catalog, their headers, parameter binding, and that each shipped query runs."""
from __future__ import annotations

import re
from datetime import date, timedelta
from importlib import resources

import pyoxigraph as ox
import pytest

from newsgraph.loader import settings
from newsgraph.queries.catalog import (TYPES, CannedQuery, Param, QueryError, catalog, date_terms,
                                       parse_query, resolve, shipped, with_base)

XSD = "http://www.w3.org/2001/XMLSchema#"

HEADER = """#+ title: Example
#+ description: An example query.
#+ params:
#+   - {name: who, type: string, description: "a name"}
#+   - {name: n, type: integer, default: 3}
#+   - {name: day, type: date}
#+   - {name: thing, type: iri}
#+   - {name: post, type: role}
#+   - {name: mode, type: string, allowed: [fast, slow]}
#+ view: chart
SELECT ?who ?n ?day ?thing ?post ?mode WHERE { }
"""


def shipped_rq_names() -> set[str]:
    return {e.name[:-3] for e in resources.files("newsgraph.queries").iterdir() if e.name.endswith(".rq")}


# --------------------------------------------------------------------------------------------
# The catalog
# --------------------------------------------------------------------------------------------

def test_catalog_holds_every_shipped_query_with_a_title_but_those_the_code_runs_itself():
    queries = catalog()
    assert set(queries) == shipped_rq_names() - {"stats"}
    assert not shipped("stats").listed and "stats" not in queries
    assert "articles" in queries
    for name, q in queries.items():
        assert q.name == name
        assert q.title.strip()
        assert all(p.type in TYPES for p in q.params)
        assert len({p.name for p in q.params}) == len(q.params), f"{name}: a parameter is declared twice"


def test_header_is_parsed_into_title_description_params_and_view():
    q = parse_query("example", HEADER)
    assert q.title == "Example"
    assert q.description == "An example query."
    assert q.view == "chart"
    assert [p.name for p in q.params] == ["who", "n", "day", "thing", "post", "mode"]
    assert [p.type for p in q.params] == ["string", "integer", "date", "iri", "role", "string"]
    assert q.params[1].default == 3
    assert q.params[5].allowed == ["fast", "slow"]
    assert q.sparql == HEADER


@pytest.mark.parametrize("text, fragment", [
    ("SELECT * WHERE { }", "title"),
    ("#+ title: [unclosed\nSELECT * WHERE { }", "yaml"),
    ("#+ title: T\n#+ params:\n#+   - {type: string}\nSELECT * WHERE { }", "name"),
    ("#+ title: T\n#+ params:\n#+   - {name: x, type: colour}\nSELECT * WHERE { }", "colour"),
])
def test_bad_headers_are_clear_errors_naming_the_query(text, fragment):
    with pytest.raises(QueryError) as info:
        parse_query("broken_one", text)
    message = str(info.value)
    assert "broken_one" in message
    assert fragment in message.lower()


# --------------------------------------------------------------------------------------------
# resolve: NAME | FILE.rq | SPARQL
# --------------------------------------------------------------------------------------------

def test_resolve_by_name_gives_the_canned_query():
    assert resolve("articles").sparql == catalog()["articles"].sparql


def test_resolve_unknown_name_lists_the_known_ones():
    with pytest.raises(QueryError) as info:
        resolve("no_such_query")
    assert "no_such_query" in str(info.value)
    for name in catalog():
        assert name in str(info.value)


def test_resolve_a_file_with_and_without_header(tmp_path):
    with_header = tmp_path / "mine.rq"
    with_header.write_text(HEADER, encoding="utf-8")
    q = resolve(str(with_header))
    assert q.name == "mine" and q.title == "Example" and len(q.params) == 6

    bare = tmp_path / "bare.rq"
    bare.write_text("SELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    q = resolve(str(bare))
    assert q.name == "bare" and q.params == [] and q.sparql.startswith("SELECT ?s")


def test_resolve_missing_file_is_a_clear_error(tmp_path):
    missing = tmp_path / "gone.rq"
    with pytest.raises(QueryError) as info:
        resolve(str(missing))
    assert str(missing) in str(info.value)


def test_resolve_sparql_text_is_taken_as_is():
    text = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    q = resolve(text)
    assert q.sparql == text and q.params == []


# --------------------------------------------------------------------------------------------
# Binding parameters
# --------------------------------------------------------------------------------------------

def example() -> CannedQuery:
    return parse_query("example", HEADER)


def test_values_are_bound_as_typed_terms():
    subs = example().substitutions({"who": "Ada", "n": "42", "day": "2024-02-01",
                                    "thing": "https://example.org/x", "post": "defence_minister", "mode": "slow"})
    by_name = {v.value: t for v, t in subs.items()}
    assert by_name["who"] == ox.Literal("Ada")
    assert by_name["n"] == ox.Literal("42", datatype=ox.NamedNode(XSD + "integer"))
    assert by_name["day"] == ox.Literal("2024-02-01", datatype=ox.NamedNode(XSD + "date"))
    assert by_name["thing"] == ox.NamedNode("https://example.org/x")
    assert by_name["post"] == ox.NamedNode("https://w3id.org/newsgraph/role/defence_minister")
    assert by_name["mode"] == ox.Literal("slow")


def test_defaults_apply_and_empty_values_stay_unbound():
    subs = {v.value: t for v, t in example().substitutions({"who": ""}).items()}
    assert set(subs) == {"n"}
    assert subs["n"].value == "3"


def test_hostile_string_is_bound_verbatim_as_one_literal():
    value = '" } DROP ALL #'
    q = example()
    subs = q.substitutions({"who": value})
    term = {v.value: t for v, t in subs.items()}["who"]
    assert isinstance(term, ox.Literal)
    assert term.value == value
    assert q.sparql == HEADER  # the query text is untouched


@pytest.mark.parametrize("name, value", [
    ("n", "three"),
    ("n", "1.5"),
    ("day", "2024-02-30"),
    ("day", "yesterday"),
    ("day", "20240105"),     # ISO's basic form: compared as text it would sort among the years
    ("day", "2024-W01-1"),
    ("thing", "not an iri"),
    ("thing", "https://example.org/a b"),
    ("thing", "https://example.org/>"),
    ("post", "Defence Minister"),
    ("post", "x> . <y"),
    ("mode", "medium"),
])
def test_bad_values_are_clear_errors_naming_the_parameter(name, value):
    with pytest.raises(QueryError) as info:
        example().substitutions({name: value})
    assert repr(name) in str(info.value) or name in str(info.value)
    assert value in str(info.value)


def test_unknown_parameter_is_an_error_listing_the_known_ones():
    with pytest.raises(QueryError) as info:
        example().substitutions({"colour": "red"})
    message = str(info.value)
    assert "colour" in message
    for p in ("who", "n", "day", "thing", "post", "mode"):
        assert p in message


def test_bad_default_in_a_header_is_caught_when_binding():
    q = parse_query("x", "#+ title: X\n#+ params:\n#+   - {name: n, type: integer, default: lots}\nSELECT ?n {}")
    with pytest.raises(QueryError):
        q.substitutions({})


def test_param_bind_of_an_unknown_type_is_an_error():
    with pytest.raises(QueryError):
        Param(name="p", type="colour").bind("red")


# --------------------------------------------------------------------------------------------
# Every shipped query runs, with and without each of its parameters
# --------------------------------------------------------------------------------------------

SAMPLE = {"string": "Someone", "integer": "2", "date": "2024-02-01", "iri": "https://example.org/x",
          "role": "defence_minister"}


@pytest.mark.parametrize("name", sorted(catalog()))
def test_shipped_query_runs_with_and_without_each_parameter(name, seed_store):
    from newsgraph.loader.store import GraphStore

    q = catalog()[name]
    settings = [{}] + [{p.name: str(p.allowed[0]) if p.allowed else SAMPLE[p.type]} for p in q.params]
    store = GraphStore(seed_store)
    try:
        for values in settings:
            try:
                results = store.query(q.text(store.base), substitutions=q.substitutions(values))
                if isinstance(results, ox.QuerySolutions):
                    list(results)
            except (SyntaxError, RuntimeError, OSError) as exc:
                pytest.fail(f"query {name!r} with {values or 'no parameters'} fails: {exc}")
    finally:
        del store


def test_articles_outlet_parameter_filters(seed_store):
    """The outlet filter keeps exactly the articles whose outlet is the given one."""
    from newsgraph.loader.store import GraphStore

    q = catalog()["articles"]
    store = GraphStore(seed_store)
    try:
        everything = list(store.query(q.text(store.base), substitutions=q.substitutions({})))
        outlets = {row["publisher"].value for row in everything if row["publisher"] is not None}
        assert outlets, "no seed has an outlet to filter on"
        for outlet in outlets:
            rows = list(store.query(q.text(store.base), substitutions=q.substitutions({"outlet": outlet})))
            want = {row["article"].value for row in everything
                    if row["publisher"] is not None and row["publisher"].value == outlet}
            assert {row["article"].value for row in rows} == want
    finally:
        del store


# --------------------------------------------------------------------------------------------
# Narrowing lines change the speed, never the answer
# --------------------------------------------------------------------------------------------

def test_a_narrowing_line_must_name_a_parameter_and_hold_iris():
    head = "#+ title: T\n#+ params:\n#+   - {name: person, type: string, default: null}\n"
    with pytest.raises(QueryError, match="unknown parameter 'who'"):
        parse_query("t", head + "SELECT ?person WHERE {\n  #> who: VALUES ?x { $iris }\n}")
    with pytest.raises(QueryError, match=r"no \$iris"):
        parse_query("t", head + "SELECT ?person WHERE {\n  #> person: VALUES ?x { }\n}")
    q = parse_query("t", head + "SELECT ?person WHERE {\n  #> person: VALUES ?x { $iris }\n}")
    assert q.narrowings == [("person", "VALUES ?x { $iris }")]
    assert "  VALUES ?x { <http://e/a> <http://e/b> }\n" in q.text("http://e/", {"person": ["http://e/a", "http://e/b"]})
    assert "#> person:" in q.text("http://e/")  # no value: the line stays a comment


def test_a_date_range_narrowing_line_takes_two_date_parameters_and_holds_dates():
    head = ("#+ title: T\n#+ params:\n#+   - {name: from, type: date, default: null}\n"
            "#+   - {name: to, type: date, default: null}\n#+   - {name: who, type: string, default: null}\n")
    with pytest.raises(QueryError, match="unknown parameter 'until'"):
        parse_query("t", head + "SELECT ?from WHERE {\n  #> from..until: VALUES ?d { $dates }\n}")
    with pytest.raises(QueryError, match="two date parameters"):
        parse_query("t", head + "SELECT ?from WHERE {\n  #> from..who: VALUES ?d { $dates }\n}")
    with pytest.raises(QueryError, match=r"no \$dates"):
        parse_query("t", head + "SELECT ?from WHERE {\n  #> from..to: VALUES ?d { $iris }\n}")
    q = parse_query("t", head + "SELECT ?from ?to WHERE {\n  #> from..to: VALUES ?d { $dates }\n}")
    assert q.narrowings == [("from..to", "VALUES ?d { $dates }")]

    def written(values):
        text = q.narrowed(q.substitutions(values), "http://e/", lambda sparql, subs: [])
        return None if "#> from..to" in text else re.search(r"VALUES \?d \{ (.*) \}", text)[1]

    assert written({"from": "2024-03-30", "to": "2024-04-01"}) == " ".join(date_terms(date(2024, 3, 30), date(2024, 4, 1)))
    assert written({"from": "2024-03-30"}) is None                    # an open range: no line
    assert written({"from": "2024-04-02", "to": "2024-04-01"}) is None   # an empty one: no line
    last = date(2020, 1, 1) + timedelta(days=settings.value("date_narrowing_max_days"))
    assert written({"from": "2020-01-01", "to": last.isoformat()}) is not None
    assert written({"from": "2020-01-01", "to": (last + timedelta(days=1)).isoformat()}) is None  # too wide: no line


def test_date_terms_are_each_day_month_and_year_a_range_touches():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    terms = date_terms(date(2023, 12, 30), date(2024, 1, 2))
    assert terms == [f'"2023-12-30"^^<{xsd}date>', f'"2023-12-31"^^<{xsd}date>', f'"2024-01-01"^^<{xsd}date>',
                     f'"2024-01-02"^^<{xsd}date>', f'"2023-12"^^<{xsd}gYearMonth>', f'"2024-01"^^<{xsd}gYearMonth>',
                     f'"2023"^^<{xsd}gYear>', f'"2024"^^<{xsd}gYear>']
    assert date_terms(date(2024, 2, 29), date(2024, 2, 29)) == [
        f'"2024-02-29"^^<{xsd}date>', f'"2024-02"^^<{xsd}gYearMonth>', f'"2024"^^<{xsd}gYear>']
    # the terms parse as the literals the derived graph holds
    store = ox.Store()
    rows = store.query("SELECT ?d WHERE { VALUES ?d { " + " ".join(terms) + " } }")
    assert [r[0] for r in rows][-1] == ox.Literal("2024", datatype=ox.NamedNode(xsd + "gYear"))


def test_partition_lines_take_each_bucket_in_exactly_one_part():
    head = "#+ title: T\n"
    with pytest.raises(QueryError, match=r"without \$buckets"):
        parse_query("t", head + "SELECT ?m WHERE {\n  #% { SELECT ?m WHERE { ?m ng:bucket \"3\" } }\n}")
    q = parse_query("t", head + "SELECT ?m WHERE {\n  #% VALUES ?b { $buckets } ?m <http://e/bucket> ?b .\n}")
    assert q.partitioned and "#% " in q.text("http://e/")   # run live, the line stays a comment
    for count in (1, 4, 16, 256):
        texts = q.parts("http://e/", count)
        taken = [re.findall(r'"([0-9a-f]{2})"', t) for t in texts]
        assert len(texts) == count and all(len(b) == 256 // count for b in taken)
        assert sorted(b for part in taken for b in part) == [f"{i:02x}" for i in range(256)]
    for bad in (0, 3, 512):
        with pytest.raises(QueryError, match="powers of two"):
            q.parts("http://e/", bad)


def _unordered(rows):
    """Rows as comparable text; GROUP_CONCAT's order is unspecified, so lists compare as sets."""
    return sorted(tuple("" if v is None else ",".join(sorted(v.value.split(", "))) for v in row) for row in rows)


def _narrowed_queries():
    return sorted({name for name, q in catalog().items() if q.narrowings})


def test_the_shipped_queries_with_people_filters_are_narrowed():
    assert {"meetings", "met-with"} <= set(_narrowed_queries())
    assert {p for p, _ in catalog()["meetings"].narrowings} == {"person", "country", "from..to"}


@pytest.mark.parametrize("name", _narrowed_queries())
def test_narrowed_and_plain_queries_return_the_same_rows(name, seed_store):
    from newsgraph.loader.store import GraphStore

    q = catalog()[name]
    store = GraphStore(seed_store)

    def select(sparql, subs):
        return [list(row) for row in store.query(sparql, substitutions=subs)]

    try:
        def labels(kind):
            rows = select(with_base("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                                    "SELECT DISTINCT ?label WHERE { GRAPH <graph/derived> { ?p a "
                                    f"<https://w3id.org/newsgraph/ns#{kind}> ; skos:prefLabel|skos:altLabel ?label }} }}",
                                    store.base), {})
            return sorted({row[0].value for row in rows})

        people, countries = labels("Person"), labels("Country")
        assert len(people) >= 3 and countries
        values = people[:: max(1, len(people) // 6)] + [people[0].upper(), "No Such Person"] + countries + [countries[0].lower()]
        for param in sorted({p for p, _ in q.narrowings if ".." not in p}):
            tried = 0
            for value in values:
                subs = q.substitutions({param: value})
                plain = select(q.text(store.base), subs)
                narrowed_text = q.narrowed(subs, store.base, select)
                assert "#> " + param not in narrowed_text
                assert _unordered(select(narrowed_text, subs)) == _unordered(plain), (param, value)
                tried += bool(plain)
            assert tried, f"no value gave {name!r} any row to compare for {param!r}"
    finally:
        del store


def _date_ranges(dates: list[tuple[str | None, str | None, str | None]]) -> list[tuple[str, str]]:
    """Ranges that end and begin at, inside and just beside the given meeting dates (date,
    start, end as text): each precision's edges, where a narrowing would most easily go wrong."""
    ranges = set()
    for single, start, end in dates:
        if single:
            first = date.fromisoformat((single + "-01-01")[:10])
            if len(single) == 10:
                last = first
            elif len(single) == 7:
                last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            else:
                last = first.replace(month=12, day=31)
            ranges |= {(first, last), (last, last), (first - timedelta(days=3), first - timedelta(days=1)),
                       (last + timedelta(days=1), last + timedelta(days=9)), (first - timedelta(days=400), first)}
        if start and end and len(start) == len(end) == 10:
            s, e = date.fromisoformat(start), date.fromisoformat(end)
            ranges |= {(e, e + timedelta(days=5)), (s - timedelta(days=5), s), (e + timedelta(days=1), e + timedelta(days=2))}
            if (e - s).days >= 2:  # a range inside the span, touching neither end
                ranges.add((s + timedelta(days=1), e - timedelta(days=1)))
    return sorted((a.isoformat(), b.isoformat()) for a, b in ranges)


@pytest.mark.parametrize("name", sorted(n for n, q in catalog().items() if any(".." in p for p, _ in q.narrowings)))
def test_date_range_narrowing_returns_the_same_rows(name, tmp_path):
    """On the sample corpus's meetings (days, months and spans) and one dated by its year only
    (the corpus has none; added here to the derived graph, a copy of a reported one with its
    date made coarse): every range around them, alone and with another filter, gives the same
    rows narrowed as the query as written."""
    from service_fixtures import build_store, copy_store

    q = catalog()[name]
    store = ox.Store(str(copy_store(build_store(), tmp_path / "store")))
    base = "https://w3id.org/newsgraph/data/"
    store.update(with_base("""PREFIX ng: <https://w3id.org/newsgraph/ns#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        INSERT { GRAPH <graph/derived> { <id/meeting/coarse> ?p ?o ; ng:date ?year } }
        WHERE { { SELECT ?m WHERE { GRAPH <graph/derived> { ?m ng:date ?d } } ORDER BY ?m LIMIT 1 }
                GRAPH <graph/derived> { ?m ng:date ?d ; ?p ?o FILTER(?p != ng:date) } BIND(STRDT(SUBSTR(STR(?d), 1, 4), xsd:gYear) AS ?year) }""", base))

    def select(sparql, subs):
        return [list(row) for row in store.query(sparql, substitutions=subs)]

    dated = select(with_base("PREFIX ng: <https://w3id.org/newsgraph/ns#> SELECT ?d ?s ?e WHERE { GRAPH <graph/derived> {"
                             " ?m ng:sourceCount ?n OPTIONAL { ?m ng:date ?d } OPTIONAL { ?m ng:startDate ?s }"
                             " OPTIONAL { ?m ng:endDate ?e } FILTER(BOUND(?d) || BOUND(?s)) } }", base), {})
    dates = [tuple(None if v is None else v.value for v in row) for row in dated]
    assert {len(d) for d, _, _ in dates if d} >= {4, 7, 10} and any(s for _, s, _ in dates), "the corpus should have every precision and a span"
    (spec,) = {p for p, _ in q.narrowings if ".." in p}
    range_from, range_to = spec.split("..")
    ranges = _date_ranges(dates)
    counts = set()
    for first, last in ranges:
        for extra in ({}, {"kind": "in_person"}, {"country": "China"}):
            values = {range_from: first, range_to: last, **{k: v for k, v in extra.items() if k in {p.name for p in q.params}}}
            subs = q.substitutions(values)
            narrowed_text = q.narrowed(subs, base, select)
            assert "#> " + spec not in narrowed_text
            plain = select(q.text(base), subs)
            assert _unordered(select(narrowed_text, subs)) == _unordered(plain), values
            counts.add(len(plain))
    assert len(counts) >= 3, f"the ranges tried should select different meetings, got row counts {counts}"
