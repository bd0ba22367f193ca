"""Answers sorted on disk (newsgraph.queries.sorted_answers): the same rows in the same order as
the engine's ORDER BY, or a refusal that makes the caller let the engine sort."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from newsgraph.ontology import terms
from newsgraph.queries import precomputed
from newsgraph.queries.catalog import catalog
from newsgraph.queries.sorted_answers import NotSortable, plan, write_sorted

EX = "http://example.org/"
PREFIX = f"PREFIX ex: <{EX}>\n"


def store_of(turtle: str) -> ox.Store:
    store = ox.Store()
    store.load(f"@prefix ex: <{EX}> .\n{turtle}".encode(), format=ox.RdfFormat.TURTLE)
    return store


def engine_rows(store: ox.Store, sparql: str) -> tuple[list[str], list[list[str]]]:
    solutions = store.query(sparql)
    columns = [v.value for v in solutions.variables]
    return columns, [[str(s[i]) if s[i] is not None else None for i in range(len(columns))] for s in solutions]


def disk_rows(store: ox.Store, sparql: str, tmp_path) -> tuple[list[str], list[list[str]]]:
    out = tmp_path / "answer.srj"
    written = write_sorted(store.query, sparql, str(out), str(tmp_path))
    with open(out, "rb") as f:
        solutions = ox.parse_query_results(f, ox.QueryResultsFormat.JSON)
        columns = [v.value for v in solutions.variables]
        rows = [[str(s[i]) if s[i] is not None else None for i in range(len(columns))] for s in solutions]
    assert written == len(rows)
    return columns, rows


# a mix of what sorting must get right: unbound keys, IRIs and literals in one key, numbers that
# sort differently as text, non-ASCII text, duplicates for DISTINCT
DATA = """
ex:a ex:n 10 ; ex:label "Zeta" ; ex:group ex:g2 .
ex:b ex:n 9 ; ex:label "alpha" ; ex:group ex:g1 .
ex:c ex:n 100 ; ex:label "Äpfel" ; ex:group ex:g1 .
ex:d ex:label "beta" ; ex:group ex:g2 .
ex:e ex:n -3 ; ex:label "Beta" ; ex:group "a literal group" .
ex:f ex:n 7 ; ex:label "ωmega", "omega" ; ex:group ex:g1 .
"""


@pytest.mark.parametrize("sparql", [
    "SELECT ?s ?n WHERE { ?s ex:label ?l OPTIONAL { ?s ex:n ?n } } ORDER BY ?n ?s",
    "SELECT ?s ?l WHERE { ?s ex:label ?l } ORDER BY ?l ?s",
    "SELECT ?s ?g WHERE { ?s ex:group ?g } ORDER BY ?g ?s",
    "SELECT DISTINCT ?g WHERE { ?s ex:group ?g OPTIONAL { ?s ex:n ?n } } ORDER BY ?g",
    'SELECT DISTINCT ?s WHERE { ?s ex:label ?l } ORDER BY (COALESCE(STR(?l), "")) ?s',
    "SELECT ?s (UCASE(?l) AS ?big) WHERE { ?s ex:label ?l } ORDER BY ASC(?l) ?s",
    "SELECT ?s ?offset WHERE { ?s ex:n ?offset } ORDER BY ?offset",   # a variable named like a clause
    "SELECT ?s ?from WHERE { ?s ex:n ?from } ORDER BY ?from ?s",
    "SELECT ?s ?n WHERE { ?s ex:label ?l OPTIONAL { ?s ex:n ?n } } ORDER BY DESC(?n) ?s",  # unbound last
    # grouped: the query is kept whole and its keys computed from its columns
    "SELECT ?g (COUNT(?s) AS ?n) WHERE { ?s ex:group ?g } GROUP BY ?g ORDER BY DESC(?n) ?g",
    'SELECT ?s (GROUP_CONCAT(?l; separator="|") AS ?ls) (SAMPLE(?n) AS ?k) WHERE { ?s ex:label ?l OPTIONAL { ?s ex:n ?n } } '
    "GROUP BY ?s ORDER BY DESC(?k) ?s",
    'SELECT DISTINCT ?s (MAX(?l) AS ?top) WHERE { ?s ex:label ?l } GROUP BY ?s HAVING(COUNT(?l) >= 1) ORDER BY (STR(?top)) ?s',
])
def test_the_rows_and_their_order_are_the_engines(sparql, tmp_path):
    store = store_of(DATA)
    assert disk_rows(store, PREFIX + sparql, tmp_path) == engine_rows(store, PREFIX + sparql)


def test_a_large_answer_is_the_engines_too(tmp_path):
    store = store_of("".join(f"ex:s{n} ex:n {n * 7919 % 25000} ; ex:label 'l{n % 97}' .\n" for n in range(25_000)))
    sparql = PREFIX + "SELECT ?s ?l ?n WHERE { ?s ex:label ?l ; ex:n ?n } ORDER BY ?l DESC(?n)"
    assert disk_rows(store, sparql, tmp_path) == engine_rows(store, sparql)


def test_integers_beyond_64_bits_are_left_to_the_engine(tmp_path):
    store = store_of("ex:a ex:n 99999999999999999999 . ex:b ex:n 3 .")
    with pytest.raises(NotSortable, match="kind"):
        write_sorted(store.query, PREFIX + "SELECT ?s WHERE { ?s ex:n ?n } ORDER BY ?n", str(tmp_path / "a.srj"), str(tmp_path))


def test_distinct_keeps_the_first_of_equal_rows_in_sorted_order(tmp_path):
    # ex:f has two labels: the row for ?s comes twice, its place is where its first label sorts
    store = store_of(DATA)
    sparql = PREFIX + "SELECT DISTINCT ?s WHERE { ?s ex:label ?l } ORDER BY ?l ?s"
    rows = disk_rows(store, sparql, tmp_path)[1]
    assert rows == engine_rows(store, sparql)[1]
    assert [r[0] for r in rows].count(f"<{EX}f>") == 1


@pytest.mark.parametrize("sparql, reason", [
    ("SELECT ?s WHERE { ?s ex:label ?l }", "ORDER BY"),
    ("SELECT (COUNT(?s) AS ?n) WHERE { ?s ex:group ?g } GROUP BY ?g ORDER BY ?g", "not made of its columns"),
    ("SELECT ?g WHERE { ?s ex:group ?g } GROUP BY ?g ORDER BY (COUNT(?s)) ?g", "not made of its columns"),
    ("SELECT ?s WHERE { ?s ex:label ?l } ORDER BY ?l LIMIT 2", "limited"),
    ("SELECT * WHERE { ?s ex:label ?l } ORDER BY ?l", "*"),
    ("SELECT REDUCED ?s WHERE { ?s ex:label ?l } ORDER BY ?l", "REDUCED"),
    ("SELECT ?s FROM ex:g WHERE { ?s ex:label ?l } ORDER BY ?l", "FROM"),
])
def test_queries_it_cannot_sort_are_refused_before_running(sparql, reason):
    with pytest.raises(NotSortable, match=reason if reason != "*" else r"\*"):
        plan(PREFIX + sparql)


@pytest.mark.parametrize("sparql, reason", [
    # two different rows with the same keys: the engine decides their order
    ("SELECT ?s WHERE { ?s ex:group ?g } ORDER BY ?g", "tie"),
    # numbers and text in one key: SPARQL leaves their order to the engine
    ("SELECT ?s WHERE { { ?s ex:n ?k } UNION { ?s ex:label ?k } } ORDER BY ?k ?s", "mixes"),
    ('SELECT ?s WHERE { ?s ex:label ?l BIND(STRLANG(?l, "en") AS ?k) } ORDER BY ?k ?s', "kind"),
    # descending text: not reproduced here
    ("SELECT ?s WHERE { ?s ex:label ?l } ORDER BY DESC(?l) ?s", "descending"),
])
def test_answers_whose_order_it_cannot_reproduce_are_refused(sparql, reason, tmp_path):
    with pytest.raises(NotSortable, match=reason):
        write_sorted(store_of(DATA).query, PREFIX + sparql, str(tmp_path / "answer.srj"), str(tmp_path))


def test_the_plan_projects_the_keys_after_the_columns_and_drops_the_sort():
    p = plan(PREFIX + '# ORDER BY in a comment\nSELECT DISTINCT ?s ?l WHERE { ?s ex:label ?l FILTER(?l != "ORDER BY") }\n'
                      "ORDER BY (COALESCE(STR(?l), \"9999\")) ?s")
    assert p.distinct and p.keys == 2
    assert "ORDER BY ?" not in p.sparql and "DISTINCT" not in p.sparql
    assert p.sparql.rstrip().endswith("}")
    store = store_of(DATA)
    columns = [v.value for v in store.query(p.sparql).variables]
    assert columns == ["s", "l", "__ng_order_0", "__ng_order_1"]


def test_an_answer_computed_in_parts_is_the_engines_whole_answer(tmp_path):
    """A grouped query restricted to each of 16 disjoint sets of groups (by the MD5 digest of
    the group's IRI, as partition lines do), its parts sorted together: the engine's answer."""
    store = store_of(DATA + "".join(f"ex:x{n} ex:group ex:g{n % 5} ; ex:label 'x{n}' ; ex:n {n % 3} .\n" for n in range(60)))
    sparql = PREFIX + """SELECT ?g (COUNT(?s) AS ?members) (SAMPLE(?n) AS ?some) WHERE {
        ?s ex:group ?g OPTIONAL { ?s ex:n ?n } FILTER(ISIRI(?g)) #PART
    } GROUP BY ?g ORDER BY DESC(?members) ?g"""
    parts = [sparql.replace("#PART", f'FILTER(STRSTARTS(MD5(STR(?g)), "{h}"))') for h in "0123456789abcdef"]
    whole = engine_rows(store, sparql.replace("#PART", ""))
    out = tmp_path / "answer.srj"
    assert sum(1 for text in parts if len(engine_rows(store, text)[1])) >= 3  # the groups are spread
    assert write_sorted(store.query, parts, str(out), str(tmp_path)) == len(whole[1]) == 5
    with open(out, "rb") as f:
        solutions = ox.parse_query_results(f, ox.QueryResultsFormat.JSON)
        rows = [[str(s[i]) if s[i] is not None else None for i in range(len(whole[0]))] for s in solutions]
    assert [r[:2] for r in rows] == [r[:2] for r in whole[1]]  # ?some: any member's, as SAMPLE may


@pytest.mark.parametrize("name", ["meetings", "corroboration"])
def test_the_grouped_listings_are_computed_in_parts(name):
    """The two largest grouped listings (418 and 411 MB when the engine grouped all of 100,000
    articles at once) must stay partitioned and sortable on disk."""
    query = catalog()[name]
    assert precomputed.eligible(query) and query.partitioned
    texts = query.parts(terms.DEFAULT_BASE)
    assert len(texts) == 16 and len(set(texts)) == 16
    assert all(plan(text).keys >= 2 for text in texts)


@pytest.mark.parametrize("name", ["statements", "articles", "conflicts", "tenures"])
def test_the_listings_without_grouping_are_sortable_on_disk(name):
    """The largest default listing (statements: 591 MB sorted by the engine on 100,000 articles,
    287 MB on disk) must stay one this module sorts: a query edit that makes it fall back to the
    engine would bring the memory back."""
    query = catalog()[name]
    assert precomputed.eligible(query)
    assert plan(query.text(terms.DEFAULT_BASE)).keys >= 1
