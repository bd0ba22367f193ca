"""Cross-article resolution: persons by name and post, meeting reports by date, and the derived graph."""
from __future__ import annotations

import gc
import hashlib
import json

import pyoxigraph as ox
import pytest
from newsgraph.loader import derive
from newsgraph.loader.load import load_paths
from newsgraph.loader.nlp import get_pipeline
from newsgraph.loader.records import DateValue
from newsgraph.loader.facts.actors import resolver
from newsgraph.loader.facts.actors.names import same_full_name
from newsgraph.loader.facts.actors.resolver import LocalPerson, resolve_persons
from newsgraph.loader.facts.meetings.derive import MeetingReport, cluster_reports
from newsgraph.loader.facts.offices import derive as offices
from newsgraph.loader.store import GraphStore

# -- same_full_name -----------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("sergei volkov", "sergey volkov"),
    ("yuri petrov", "yury petrov"),
    ("dmitri sokolov", "dmitry sokolov"),
    ("aleksandr morozov", "alexandr morozov"),
    ("daniel petrenko", "daniel petrenko"),
])
def test_same_full_name_accepts_transliteration_variants(a, b):
    assert same_full_name(a, b)
    assert same_full_name(b, a)


@pytest.mark.parametrize("a, b", [
    ("sergei volkov", "sergei vasiliev"),
    ("ivan orlov", "ivan sokolov"),
    ("maria santos", "maria lindholm"),
])
def test_same_full_name_rejects_different_surnames(a, b):
    assert not same_full_name(a, b)


# -- resolve_persons ----------------------------------------------------------------------------

def person(iri, label, posts=()):
    return LocalPerson(iri, iri.split("/")[0], label, {label}, set(posts))


def test_transliterated_full_names_and_a_surname_join_one_person():
    persons = {p.iri: p for p in [
        person("a1/volkov", "Sergei Volkov", {"post/russia/defence_minister"}),
        person("a2/volkov", "Sergey Volkov"),
        person("a3/volkov", "Volkov"),
        person("a4/keller", "Marta Keller"),
    ]}
    clusters = resolve_persons(persons)
    assert clusters["a1/volkov"] == clusters["a2/volkov"] == clusters["a3/volkov"]
    assert clusters["a4/keller"] != clusters["a1/volkov"]


def test_surname_only_person_joins_the_one_full_name_it_matches():
    persons = {p.iri: p for p in [
        person("a1/p", "Ivan Orlov"),
        person("a2/p", "Orlov"),
        person("a3/p", "Maria Santos"),
    ]}
    clusters = resolve_persons(persons)
    assert clusters["a2/p"] == clusters["a1/p"]
    assert clusters["a3/p"] != clusters["a1/p"]


def test_surname_shared_by_two_full_names_goes_to_the_one_holding_the_same_post():
    persons = {p.iri: p for p in [
        person("a1/p", "Ivan Orlov", {"post/russia/defence_minister"}),
        person("a2/p", "Pavel Orlov", {"post/russia/foreign_minister"}),
        person("a3/p", "Orlov", {"post/russia/foreign_minister"}),
    ]}
    clusters = resolve_persons(persons)
    assert clusters["a3/p"] == clusters["a2/p"]
    assert clusters["a1/p"] != clusters["a2/p"]


def test_ambiguous_surname_without_a_post_stays_alone():
    persons = {p.iri: p for p in [
        person("a1/p", "Ivan Orlov", {"post/russia/defence_minister"}),
        person("a2/p", "Pavel Orlov", {"post/russia/foreign_minister"}),
        person("a3/p", "Orlov"),
    ]}
    clusters = resolve_persons(persons)
    assert clusters["a3/p"] not in (clusters["a1/p"], clusters["a2/p"])
    assert clusters["a1/p"] != clusters["a2/p"]


# -- cluster_reports ----------------------------------------------------------------------------

def report(name, start=None, end=None):
    return MeetingReport(name, "InPersonMeeting", frozenset({"p1", "p2"}), f"article-{name}", start, end)


def names(clusters):
    return sorted(sorted(r.iri for r in c) for c in clusters)


def test_dated_reports_on_different_days_stay_apart():
    clusters = cluster_reports([report("x", DateValue(2024, 3, 4)), report("y", DateValue(2024, 3, 11))])
    assert names(clusters) == [["x"], ["y"]]


def test_overlapping_reports_merge():
    # a three-day range and a day inside it; a day and its month
    assert names(cluster_reports([report("x", DateValue(2024, 3, 4), DateValue(2024, 3, 6)),
                                  report("y", DateValue(2024, 3, 5))])) == [["x", "y"]]
    assert names(cluster_reports([report("x", DateValue(2024, 3, 4)), report("y", DateValue(2024, 3))])) == [["x", "y"]]


def test_undated_report_joins_the_single_dated_cluster():
    clusters = cluster_reports([report("x", DateValue(2024, 3, 4)), report("u")])
    assert names(clusters) == [["u", "x"]]


def test_undated_report_placed_elsewhere_than_the_single_dated_meeting_stays_apart():
    dated = MeetingReport("x", "InPersonMeeting", frozenset({"p1", "p2"}), "article-x", DateValue(2023, 5, 31),
                          place="Alvorada Palace")
    elsewhere = MeetingReport("u", "InPersonMeeting", frozenset({"p1", "p2"}), "article-u", place="Bogota")
    unplaced = MeetingReport("v", "InPersonMeeting", frozenset({"p1", "p2"}), "article-v")
    assert names(cluster_reports([dated, elsewhere, unplaced])) == [["u"], ["v", "x"]]


def test_undated_report_is_left_alone_when_there_are_several_dated_clusters():
    clusters = cluster_reports([report("x", DateValue(2024, 3, 4)), report("y", DateValue(2024, 3, 11)), report("u")])
    assert names(clusters) == [["u"], ["x"], ["y"]]


def test_undated_reports_alone_form_one_cluster():
    assert names(cluster_reports([report("u"), report("v")])) == [["u", "v"]]


# -- the derived graph of a store ---------------------------------------------------------------

DATED = """Ministers Discuss Grain Exports In Phone Call

{dateline}Romanian Foreign Minister Viktor Romanenko spoke by phone with British Foreign Secretary Laura Whitfield on Tuesday about grain exports across the Black Sea.

Romanenko told reporters afterwards that the ministers had agreed to keep the shipping lanes open for commercial vessels.

Whitfield said the conversation had been constructive and that both governments would present a joint proposal to their partners.
"""

UNDATED = """Romania And Britain Agree To Keep Shipping Lanes Open

Romanian Foreign Minister Viktor Romanenko held a telephone conversation with British Foreign Secretary Laura Whitfield about grain exports and the safety of ships.

The two ministers discussed ways to protect commercial vessels and agreed that their teams would stay in close contact over the coming weeks.

Officials in both capitals described the call as friendly and said that further contacts were likely later in the spring.
"""

NG = "PREFIX ng: <https://w3id.org/newsgraph/ns#>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


def phone_calls(store) -> dict[str, dict]:
    """Each ng:PhoneCall in the derived graph: participant labels, reporting sources, dates."""
    derived = f"<{store.base}graph/derived>"
    calls: dict[str, dict] = {}
    for row in store.query(NG + f"SELECT ?m WHERE {{ GRAPH {derived} {{ ?m a ng:PhoneCall }} }}"):
        calls[row["m"].value] = {"participants": set(), "sources": set(), "dates": set()}
    for row in store.query(NG + f"""SELECT ?m ?label WHERE {{ GRAPH {derived} {{
            ?m a ng:PhoneCall ; ng:participant ?p . ?p skos:prefLabel ?label }} }}"""):
        calls[row["m"].value]["participants"].add(row["label"].value)
    for row in store.query(NG + f"""SELECT ?m ?source WHERE {{
            GRAPH {derived} {{ ?m a ng:PhoneCall ; ng:reportedIn ?a }}
            GRAPH ?g {{ ?a ng:sourceFile ?source }} }}"""):
        calls[row["m"].value]["sources"].add(row["source"].value)
    for row in store.query(NG + f"""SELECT ?m ?d WHERE {{ GRAPH {derived} {{
            ?m a ng:PhoneCall . {{ ?m ng:date ?d }} UNION {{ ?m ng:startDate ?d }} }} }}"""):
        calls[row["m"].value]["dates"].add((row["d"].value, row["d"].datatype.value))
    return calls


@pytest.mark.parametrize("dated_by", ["dateline", "sidecar"])
def test_one_phone_call_reported_by_two_articles_is_one_derived_meeting(tmp_path, dated_by):
    folder = tmp_path / "in"
    folder.mkdir()
    dated = folder / "dated.txt"
    if dated_by == "dateline":
        dated.write_text(DATED.format(dateline="March 14, 2024\n\n"), encoding="utf-8")
    else:
        dated.write_text(DATED.format(dateline=""), encoding="utf-8")
        (folder / "dated.meta.json").write_text(json.dumps({"published": "2024-03-14"}), encoding="utf-8")
    undated = folder / "undated.txt"
    undated.write_text(UNDATED, encoding="utf-8")

    store = GraphStore(tmp_path / "s")
    try:
        report = load_paths([str(dated), str(undated)], store, nlp=get_pipeline())
        assert report.ok and report.loaded == 2, report.summary_lines()

        calls = phone_calls(store)
        assert len(calls) == 1, calls
        (call,) = calls.values()
        assert call["participants"] == {"Viktor Romanenko", "Laura Whitfield"}
        assert call["sources"] == {"dated.txt", "undated.txt"}
        # "on Tuesday" in the story of Thursday 14 March 2024
        assert call["dates"] == {("2024-03-12", "http://www.w3.org/2001/XMLSchema#date")}

        (dated_id,) = store.find_articles("dated.txt")
        store.remove_articles([dated_id])
        derive.rebuild(store)

        calls = phone_calls(store)
        assert len(calls) == 1, calls
        (call,) = calls.values()
        assert call["participants"] == {"Viktor Romanenko", "Laura Whitfield"}
        assert call["sources"] == {"undated.txt"}
        assert call["dates"] == set()
    finally:
        del store
        gc.collect()


def test_names_are_compared_once_per_pair_of_distinct_names_not_per_mention(monkeypatch):
    """A name mentioned in thousands of articles must not make resolution quadratic in the
    mentions: the fuzzy comparison runs between distinct names only."""
    calls = []
    real = resolver.same_full_name

    def counting(a, b):
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(resolver, "same_full_name", counting)
    finds = []
    real_find = resolver.UnionFind.find

    def counting_find(self, x):
        finds.append(x)
        return real_find(self, x)

    monkeypatch.setattr(resolver.UnionFind, "find", counting_find)
    persons = {}
    for n in range(3000):
        label = ("Sergei Shoigu", "Sergey Shoigu", "Shoigu", "Andrei Belousov")[n % 4]
        iri = f"http://e/a{n}/p"
        persons[iri] = LocalPerson(iri, f"http://e/a{n}", label, {label})
    clusters = resolver.resolve_persons(persons)

    assert len(calls) <= 1  # "sergei shoigu" ~ "sergey shoigu"; "andrei belousov" shares no name
    assert len(finds) < 10 * len(persons)  # linear in the mentions (pairs of mentions: millions)
    by_label = {}
    for iri, root in clusters.items():
        by_label.setdefault(persons[iri].label, set()).add(root)
    assert all(len(roots) == 1 for roots in by_label.values())
    assert by_label["Sergei Shoigu"] == by_label["Sergey Shoigu"] == by_label["Shoigu"]
    assert by_label["Andrei Belousov"] != by_label["Shoigu"]


def test_the_next_holders_start_is_the_first_after_a_holding_was_last_seen():
    """ng:nextHolderBegan: the earliest start (else first attestation) of another holder of the
    post that is surely after this holding was last seen; a coarse date counts as its last day."""
    def holding(person, start=None, first=None, last=None):
        return {"person": person, "start": start, "first": first, "last": last}

    cy = holding("cy", start=DateValue(2010, 3, 1), last=DateValue(2015, 6))
    within = holding("bo", start=DateValue(2015, 6, 20))  # may be before the end of June: not after
    ann = holding("ann", first=DateValue(2015, 7, 2), last=DateValue(2018, 1, 5))
    dee = holding("dee", start=DateValue(2019))
    holdings = [cy, within, ann, dee]
    offices._next_holder_began(holdings)
    assert cy["next_began"] == DateValue(2015, 7, 2)
    assert ann["next_began"] == DateValue(2019)
    assert within["next_began"] == DateValue(2015, 7, 2)  # seen by its start only
    assert "next_began" not in dee


FIRST_HOLDER = """Romanian Defence Minister Meets Troops

May 4, 2021

Romanian Defence Minister Nicolae Ciuca visited soldiers at a base near Constanta on Monday and thanked them for their service.

Ciuca said the army would receive new equipment in the coming year.
"""

SECOND_HOLDER = """New Defence Minister Takes Questions

September 8, 2022

Romanian Defence Minister Angel Tilvar answered questions from lawmakers about the defence budget on Wednesday.

Tilvar said that spending would rise in the next two years.
"""


def test_a_holding_with_no_end_stops_counting_once_its_successor_began(tmp_path, monkeypatch):
    """End to end: the derivation records when the next holder began, holders-on reads it, and
    a store derived by an older version of the derivation is recomputed by the next load."""
    from newsgraph.queries.catalog import catalog

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "first.txt").write_text(FIRST_HOLDER, encoding="utf-8")
    (folder / "second.txt").write_text(SECOND_HOLDER, encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    try:
        assert load_paths([str(folder)], store, nlp=get_pipeline()).ok

        def holders(day: str) -> set[str]:
            q = catalog()["holders-on"]
            values = {"date": day, "role": "defence_minister", "country": "Romania", "grace_days": "10000"}
            return {r["name"].value for r in store.query(q.text(store.base), substitutions=q.substitutions(values))}

        assert holders("2021-06-01") == {"Nicolae Ciuca"}
        assert holders("2022-10-01") == {"Angel Tilvar"}  # Ciuca, last seen in 2021, gave way

        derived = f"<{store.base}graph/derived>"
        (row,) = store.query(NG + f"""SELECT ?next WHERE {{ GRAPH {derived} {{
            ?t ng:holder/skos:prefLabel "Nicolae Ciuca" ; ng:nextHolderBegan ?next }} }}""")
        assert row["next"].value == "2022-09-08"

        with monkeypatch.context() as m:  # as if derived by an older version of the derivation
            m.setattr(derive, "DERIVATION_VERSION", "0")
            derive.rebuild(store)
            assert derive.derived_is_current(store)
        assert not derive.derived_is_current(store)
        assert load_paths([str(folder)], store, nlp=get_pipeline()).ok  # nothing new to read
        assert derive.derived_is_current(store) and holders("2022-10-01") == {"Angel Tilvar"}
    finally:
        del store
        gc.collect()


def test_each_derived_tenure_and_meeting_lists_the_articles_of_its_reports(_seed_store_template):
    """ng:reportedIn on a derived fact is exactly the set of articles its reports come from,
    ng:sourceCount counts them, and ng:outletCount and ng:reportingOutlet count and name their
    outlets (what `corroboration` reads instead of the reports)."""
    store = ox.Store.read_only(str(_seed_store_template))
    derived = "<https://w3id.org/newsgraph/data/graph/derived>"
    prov = "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
    listed, counted, from_reports = {}, {}, {}
    for row in store.query(NG + f"""SELECT ?f ?a WHERE {{ GRAPH {derived} {{
            ?f a ?c ; ng:reportedIn ?a }} VALUES ?c {{ ng:Tenure ng:InPersonMeeting ng:Visit ng:PhoneCall ng:VideoCall }} }}"""):
        listed.setdefault(row["f"].value, set()).add(row["a"].value)
    for row in store.query(NG + f"SELECT ?f ?n WHERE {{ GRAPH {derived} {{ ?f ng:sourceCount ?n }} }}"):
        counted[row["f"].value] = int(row["n"].value)
    for row in store.query(prov + NG + f"""SELECT ?f ?a WHERE {{ GRAPH {derived} {{ ?r ng:resolvesTo ?f . ?f ng:sourceCount ?n }}
            GRAPH ?g {{ ?r prov:wasDerivedFrom ?a }} }}"""):
        from_reports.setdefault(row["f"].value, set()).add(row["a"].value)
    tenures = [f for f in from_reports if "/id/tenure/" in f]
    assert tenures and any("/id/meeting/" in f for f in from_reports)
    assert listed == from_reports
    assert counted == {f: len(a) for f, a in from_reports.items()}
    # ng:outletCount: the distinct outlets of those articles, one without an outlet its own;
    # ng:reportingOutlet: the outlets' names
    outlet_of = {r["a"].value: r["o"].value for r in store.query(NG + "SELECT ?a ?o WHERE { GRAPH ?g { ?a ng:outlet ?o } }")}
    outlets, names = {}, {}
    for row in store.query(NG + f"SELECT ?f ?k WHERE {{ GRAPH {derived} {{ ?f ng:outletCount ?k }} }}"):
        outlets[row["f"].value] = int(row["k"].value)
    for row in store.query(NG + f"SELECT ?f ?o WHERE {{ GRAPH {derived} {{ ?f ng:reportingOutlet ?o }} }}"):
        names.setdefault(row["f"].value, set()).add(row["o"].value)
    assert outlets == {f: len({outlet_of.get(a, a) for a in arts}) for f, arts in from_reports.items()}
    assert names == {f: {outlet_of[a] for a in arts if a in outlet_of} for f, arts in from_reports.items()
                     if any(a in outlet_of for a in arts)}
    # ng:bucket: exactly one per fact, the start of the MD5 digest of its IRI (what the
    # partition lines of the grouped listings look up, queries/catalog.py)
    buckets = {}
    for row in store.query(NG + f"SELECT ?f ?b WHERE {{ GRAPH {derived} {{ ?f ng:sourceCount [] ; ng:bucket ?b }} }}"):
        buckets.setdefault(row["f"].value, []).append(row["b"].value)
    assert buckets == {f: [hashlib.md5(f.encode()).hexdigest()[:2]] for f in from_reports}


def test_corroboration_counts_each_outlet_once_and_an_article_without_one_as_its_own(tmp_path):
    """Three articles report one call: two from one outlet, one with no outlet named. The
    listing says three articles and two outlets, whole or computed a part at a time (as it is
    precomputed on a large store), and names the one outlet."""
    from newsgraph.queries.catalog import catalog

    folder = tmp_path / "in"
    folder.mkdir()
    for name, text, outlet in (("first.txt", DATED.format(dateline="March 14, 2024\n\n"), "Coastal Ledger"),
                               ("second.txt", UNDATED, "Coastal Ledger"),
                               ("third.txt", DATED.format(dateline="March 14, 2024\n\n").replace("Tuesday", "Tuesday evening"), None)):
        (folder / name).write_text(text, encoding="utf-8")
        if outlet:
            (folder / name.replace(".txt", ".meta.json")).write_text(json.dumps({"outlet": outlet}), encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    try:
        assert load_paths([str(folder)], store, nlp=get_pipeline()).ok
        query = catalog()["corroboration"]
        subs = query.substitutions({"type": "meeting"})
        whole = [r for r in store.query(query.text(store.base), substitutions=subs)]
        parts = [r for text in query.parts(store.base) for r in store.query(text, substitutions=subs)]
        for rows in (whole, parts):
            (call,) = [r for r in rows if r["summary"].value.startswith("phone call")]
            assert (int(call["articles"].value), int(call["outlets"].value)) == (3, 2)
            assert call["outlet_names"].value == "Coastal Ledger"
        derived = f"<{store.base}graph/derived>"
        (row,) = store.query(NG + f"""SELECT ?k (GROUP_CONCAT(?o) AS ?names) WHERE {{ GRAPH {derived} {{
            ?m a ng:PhoneCall ; ng:outletCount ?k ; ng:reportingOutlet ?o }} }} GROUP BY ?k""")
        assert (int(row["k"].value), row["names"].value) == (2, "Coastal Ledger")
    finally:
        del store
        gc.collect()


def test_a_meeting_spanning_days_lists_each_year_it_touches_and_a_single_date_none():
    """`ng:spanYear` is how a date range finds a span (queries/catalog.py, narrowing lines): on
    the sample corpus every span lists exactly the years from its start to its end, typed
    xsd:gYear, and no other meeting lists any."""
    import pyoxigraph as ox
    from service_fixtures import build_store

    store = ox.Store.read_only(str(build_store()))
    derived = "<https://w3id.org/newsgraph/data/graph/derived>"
    spans, years = {}, {}
    for row in store.query(NG + f"SELECT ?m ?s ?e WHERE {{ GRAPH {derived} {{ ?m ng:startDate ?s ; ng:endDate ?e }} }}"):
        spans[row["m"].value] = set(range(int(row["s"].value[:4]), int(row["e"].value[:4]) + 1))
    for row in store.query(NG + f"SELECT ?m ?y WHERE {{ GRAPH {derived} {{ ?m ng:spanYear ?y }} }}"):
        assert row["y"].datatype.value == "http://www.w3.org/2001/XMLSchema#gYear"
        years.setdefault(row["m"].value, set()).add(int(row["y"].value))
    assert spans, "the sample corpus should hold a meeting over several days"
    assert years == spans


@pytest.mark.parametrize("last, start, closed", [
    (DateValue(2023, 11, 20), DateValue(2023, 12, 1), True),   # seen ten days before the successor began
    (DateValue(2023, 11), DateValue(2023, 12, 29), True),      # seen in the month before
    (DateValue(2022, 11), DateValue(2023, 12), False),         # a year between: someone else may have held it
    (DateValue(2022), DateValue(2023, 3), False),
    (None, DateValue(2023, 3), False),
])
def test_a_gap_is_closed_only_when_the_holding_was_seen_just_before_the_successor_began(last, start, closed):
    assert offices._gap_closed(last, start) is closed


APPOINTED_LATER = """Romania Names New Defence Minister

June 20, 2023

Angel Tilvar was appointed Romania's defence minister on Monday, the government said.
"""

SUCCESSION_STATED = """Romania Names New Defence Minister

June 20, 2023

Angel Tilvar replaced Mr Nicolae Ciuca as Romania's defence minister on Monday, the government said.
"""


@pytest.mark.parametrize("second, ends", [(APPOINTED_LATER, False), (SUCCESSION_STATED, True)])
def test_a_successors_start_ends_a_holding_only_when_the_succession_is_stated(tmp_path, second, ends):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "first.txt").write_text(FIRST_HOLDER, encoding="utf-8")
    (folder / "second.txt").write_text(second, encoding="utf-8")
    store = GraphStore(tmp_path / "s")
    try:
        assert load_paths([str(folder)], store, nlp=get_pipeline()).ok
        derived = f"<{store.base}graph/derived>"
        rows = list(store.query(NG + f"""SELECT ?end WHERE {{ GRAPH {derived} {{
            ?t ng:holder/skos:prefLabel "Nicolae Ciuca" . OPTIONAL {{ ?t ng:end ?end }} }} }}"""))
        assert len(rows) == 1
        assert (rows[0]["end"].value if rows[0]["end"] else None) == ("2023-06-19" if ends else None)
    finally:
        del store
        gc.collect()


# -- person names written shorter, with initials, or by one name --------------------------------

def test_shorter_forms_and_initials_of_a_full_name_join_it_across_articles():
    persons = {p.iri: p for p in [
        person("a1/p", "Luiz Inacio Lula da Silva"),
        person("a2/p", "Lula da Silva"),
        person("a3/p", "Antony J. Blinken"),
        person("a4/p", "Antony Blinken"),
        person("a5/p", "S. Jaishankar"),
        person("a6/p", "Subrahmanyam Jaishankar"),
        person("a7/p", "Lloyd J. Austin III"),
        person("a8/p", "Lloyd Austin"),
    ]}
    clusters = resolve_persons(persons)
    assert clusters["a1/p"] == clusters["a2/p"]
    assert clusters["a3/p"] == clusters["a4/p"]
    assert clusters["a5/p"] == clusters["a6/p"]
    assert clusters["a7/p"] == clusters["a8/p"]
    assert len({clusters[k] for k in ("a1/p", "a3/p", "a5/p", "a7/p")}) == 4


def test_a_shorter_form_shared_by_two_full_names_joins_neither():
    persons = {p.iri: p for p in [
        person("a1/p", "Mohammed bin Salman Al Saud"),
        person("a2/p", "Mohammed bin Nayef Al Saud"),
        person("a3/p", "Mohammed Al Saud"),
    ]}
    clusters = resolve_persons(persons)
    assert clusters["a3/p"] not in (clusters["a1/p"], clusters["a2/p"])
    assert clusters["a1/p"] != clusters["a2/p"]


def test_a_first_name_alone_joins_only_a_person_articles_call_by_it():
    xi = LocalPerson("a1/xi", "a1", "Xi Jinping", frozenset({"Xi Jinping", "Xi"}), frozenset())
    persons = {p.iri: p for p in [
        xi,
        person("a2/xi", "Xi"),
        person("a3/p", "David Lammy"),
        person("a4/p", "David"),
    ]}
    clusters = resolve_persons(persons)
    assert clusters["a2/xi"] == clusters["a1/xi"]
    assert clusters["a4/p"] != clusters["a3/p"]
