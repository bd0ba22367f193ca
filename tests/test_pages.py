"""The HTML pages (service/pages.py) and the canned queries behind them, through Flask's test client.

The store is the five seed articles (../shared/seeds) plus one crafted article whose headline and
quote carry `<script>` markup; the query workers are real (separate processes, as in `serve`).
A second app with ROW_LIMIT=2 checks the truncation flag. The canned queries are also run
directly with pyoxigraph on a small hand-made store for the cases the seeds do not show
(overlapping holders, reports with different dates, the grace period of holders-on).
"""
from __future__ import annotations

import csv
import gc
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pyoxigraph as ox
import pytest

from conftest import PARAGRAPHS, english_text
from newsgraph.loader import facts
from newsgraph.ontology import terms
from newsgraph.loader.facts.offices import derive as resolution
from newsgraph.loader.records import DateValue
from newsgraph.queries.catalog import catalog

BASE = "https://w3id.org/newsgraph/data/"
NG = "https://w3id.org/newsgraph/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
HOSTILE = '" } DROP ALL #'
CRAFTED_TITLE = 'Harbour council <script>alert("title")</script> approves new ferry line'
CRAFTED_QUOTE = 'Mayor Anna Berg said: "This is a <script>alert(1)</script> good day for the islands," at the harbour on Tuesday.'
QUERIES = sorted(catalog())


# --------------------------------------------------------------------------------------------
# Fixtures: the store, the apps
# --------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pages_store(_seed_store_template, tmp_path_factory) -> Path:
    """The seeds store, copied, plus the crafted article (loaded with extraction)."""
    from newsgraph.loader.load import load_paths
    from newsgraph.loader.nlp import get_pipeline
    from newsgraph.loader.store import GraphStore

    root = tmp_path_factory.mktemp("pages")
    path = root / "store"
    shutil.copytree(_seed_store_template, path)
    (path / "LOCK").unlink(missing_ok=True)
    inputs = root / "in"
    inputs.mkdir()
    (inputs / "crafted.txt").write_text(english_text(CRAFTED_TITLE, paragraphs=PARAGRAPHS + (CRAFTED_QUOTE,)),
                                        encoding="utf-8")
    store = GraphStore(path, base=BASE)
    report = load_paths([str(inputs)], store, nlp=get_pipeline())
    store.flush()
    del store
    gc.collect()
    assert report.ok and report.loaded, report.summary_lines()
    return path


def _app(store: Path, **config):
    from newsgraph.service.app import create_app

    app = create_app({"STORE_PATH": store, "BASE_IRI": BASE, "QUERY_WORKERS": 2, **config})
    assert app.extensions["newsgraph"].wait_ready(60), "query workers did not start"
    return app


@pytest.fixture(scope="module")
def app(pages_store):
    app = _app(pages_store)
    yield app
    app.extensions["newsgraph"].close()


@pytest.fixture(scope="module")
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def small_client(pages_store):
    app = _app(pages_store, ROW_LIMIT=2, QUERY_WORKERS=1)
    yield app.test_client()
    app.extensions["newsgraph"].close()


def get_json(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.get_data(as_text=True)[:500])
    assert response.content_type.startswith("application/json")
    return response.get_json()


def rows_as_dicts(data: dict) -> list[dict]:
    return [dict(zip(data["columns"], row)) for row in data["rows"]]


def url(name: str, suffix: str = "", **params) -> str:
    query = urlencode({k: v for k, v in params.items() if v is not None})
    return f"/queries/{name}{suffix}" + (f"?{query}" if query else "")


class Links(HTMLParser):
    """Every href, script src, inline script and style attribute of a page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[dict] = []
        self.styled: list[str] = []
        self.inline_style_blocks = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "script":
            self.scripts.append(attrs)
        if tag == "style":
            self.inline_style_blocks += 1
        if "style" in attrs:
            self.styled.append(tag)
        if any(name.startswith("on") for name in attrs):
            self.styled.append(f"{tag} with an on* handler")


def parse(html: str) -> Links:
    links = Links()
    links.feed(html)
    return links


# --------------------------------------------------------------------------------------------
# The index
# --------------------------------------------------------------------------------------------

@pytest.fixture
def later_kind():
    """A kind registered after the service started (as a plugin's or a test's would be)."""
    registered = list(facts.KINDS)
    facts.register(facts.FactKind("sanctions", ("actors",), ("Sanction",), ("sanctions",), package="no_such_package"))
    yield
    facts.KINDS[:] = registered


def test_a_kind_registered_after_the_service_started_shows_on_the_index_the_model_page_and_in_void(client, later_kind):
    index = client.get("/").get_data(as_text=True)
    assert re.search(r"<strong>0</strong> sanctions", index)
    assert re.search(r"<strong>\d+</strong> people", index)
    assert "<code>ng:Sanction</code>" in client.get("/model").get_data(as_text=True)
    void = ox.Store()
    void.load(client.get("/.well-known/void", headers={"Accept": "text/turtle"}).get_data(), format=ox.RdfFormat.TURTLE)
    partitions = {q.object.value for q in void.quads_for_pattern(None, ox.NamedNode("http://rdfs.org/ns/void#class"), None)}
    assert NG + "Sanction" in partitions and NG + "Person" in partitions


def test_the_index_shows_articles_and_the_kinds_headline_figures_but_not_organisations_posts_or_evidence(client):
    index = client.get("/").get_data(as_text=True)
    labels = re.findall(r"<li><strong>\d+</strong> (\w+)</li>", index)
    assert labels == ["articles", "people", "tenures", "meetings", "statements"]


def test_index_lists_every_canned_query_with_its_parameters_and_the_other_pages(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    hrefs = parse(html).hrefs
    for name, q in catalog().items():
        assert f"/queries/{name}" in hrefs, name
        assert str(q.title).replace('"', "&#34;") in html or q.title in html
        for p in q.params:
            assert f"<code>{p.name}</code>" in html
    for target in ("/editor", "/dump", "/.well-known/void", "/model", "/ns"):
        assert target in hrefs, target
    assert re.search(r"<strong>6</strong> articles", html), "six articles: the five seeds and the crafted one"


# --------------------------------------------------------------------------------------------
# Every canned query, as HTML, JSON and CSV
# --------------------------------------------------------------------------------------------

def required_params(name: str) -> set[str]:
    return {p.name for p in catalog()[name].params if p.required}


@pytest.mark.parametrize("name", QUERIES)
def test_canned_query_with_default_parameters_in_every_format(client, name):
    html = client.get(url(name))
    assert html.status_code == 200
    assert html.content_type.startswith("text/html")
    page = html.get_data(as_text=True)
    assert catalog()[name].title in page.replace("&#34;", '"').replace("&#39;", "'")
    if required_params(name):
        # nothing to run yet: the form, and a note saying what is missing; JSON and CSV say 400
        assert 'role="alert"' in page and "required" in page
        data = get_json(client, url(name, ".json"), status=400)
        assert "required" in data["error"]
        assert client.get(url(name, ".csv")).status_code == 400
        return
    assert 'id="results-title"' in page
    data = get_json(client, url(name, ".json"))
    assert set(data) == {"columns", "rows", "truncated"}
    assert data["truncated"] is False
    assert all(len(row) == len(data["columns"]) for row in data["rows"])
    assert all(cell is None or isinstance(cell, str) for row in data["rows"] for cell in row)
    response = client.get(url(name, ".csv"))
    assert response.status_code == 200
    assert response.content_type.startswith("text/csv")
    assert response.headers["X-Newsgraph-Truncated"] == "false"
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == data["columns"]
    assert table[1:] == [["" if c is None else c for c in row] for row in data["rows"]]
    if data["rows"]:
        assert "<table class=\"results\"" in page
        assert page.count("<tr>") == len(data["rows"]) + 1


def test_the_html_table_shows_a_page_at_a_time_and_links_to_the_others(client):
    rows = get_json(client, url("statements", ".json"))["rows"]
    assert len(rows) >= 5
    size, pages = 2, -(-len(rows) // 2)
    first_cells, address, visited = [], "/queries/statements?_size=2", 0
    while address:
        page = client.get(address).get_data(as_text=True)
        visited += 1
        shown = page.count("<tr>") - 1
        assert shown == (size if visited < pages else len(rows) - size * (pages - 1))
        start = size * (visited - 1) + 1
        assert f"rows {start}–{start + shown - 1} of {len(rows)}" in page
        assert f"page {visited} of {pages}" in page
        assert ('id="page-prev"' in page) == (visited > 1)
        first_cells += re.findall(r'<tr><td data-value="([^"]*)"', page)
        found = re.search(r'<a href="([^"]+)" id="page-next"', page)
        address = found.group(1).replace("&amp;", "&") if found else None
        assert address is None or ("_page=" in address and "_size=2" in address)
    assert visited == pages
    # the pages together are the whole answer, in its order (the first column is the statement)
    assert first_cells == [r[0] for r in rows]
    # downloads give every row whatever the page
    last = client.get(f"/queries/statements?_size=2&_page={pages}").get_data(as_text=True)
    assert 'href="/queries/statements.csv"' in last


@pytest.mark.parametrize("bad", ["_page=0", "_page=two", "_size=0", "_size=5000"])
def test_a_bad_page_number_or_size_is_a_400_that_says_which(client, bad):
    response = client.get(f"/queries/statements?{bad}")
    assert response.status_code == 400
    assert bad.split("=")[0] in response.get_data(as_text=True)


def test_a_page_past_the_end_shows_the_last_page(client):
    rows = get_json(client, url("statements", ".json"))["rows"]
    page = client.get("/queries/statements?_size=2&_page=999").get_data(as_text=True)
    assert f"page {-(-len(rows) // 2)} of {-(-len(rows) // 2)}" in page and 'id="page-next"' not in page


CUSTOM = {
    # name: (parameters, check of the JSON rows)
    "articles": ({"outlet": "Associated Press"},
                 lambda rows: {r["source"] for r in rows} == {"000_8e2760d46737ed1a.txt", "002_d60de712a694bcf9.txt"}),
    "tenures": ({"country": "Russia", "role": "defence_minister"},
                lambda rows: [r["name"] for r in rows] == ["Sergei Shoigu"]),
    "meetings": ({"person": "shoigu", "kind": "video_call"},
                 lambda rows: len(rows) == 1 and rows[0]["participants"] in ("Dong Jun, Sergei Shoigu", "Sergei Shoigu, Dong Jun")
                 and rows[0]["date"] == "2024-01-31" and rows[0]["sources"] == "2"),
    "met-with": ({"person": "Wei Fenghe"},
                 lambda rows: [(r["name_a"], r["name_b"], r["meetings"]) for r in rows]
                 == [("Wei Fenghe", "Sergei Shoigu", "2"), ("Wei Fenghe", "Emomali Rahmon", "1")]),
    "statements": ({"speaker": "Dong", "words": "HEGEMONY"},
                   lambda rows: len(rows) == 3 and all(r["name"] == "Dong Jun" and "hegemony" in r["text"].lower()
                                                       and r["kind"] == "direct" and r["sentence"] for r in rows)),
    "holders-on": ({"date": "2022-01-01", "role": "defence_minister", "country": "china"},
                   # last attested 2021-07 with no stated successor: his holding may have ended before the day
                   lambda rows: [(r["name"], r["certainty"]) for r in rows] == [("Wei Fenghe", "possible")]),
    "corroboration": ({"type": "meeting", "min_articles": "2"},
                      lambda rows: len(rows) == 1 and rows[0]["articles"] == "2" and "Dong Jun" in rows[0]["summary"]),
    "conflicts": ({"problem": "overlapping_holders"}, lambda rows: rows == []),
}


@pytest.mark.parametrize("name", QUERIES)
def test_canned_query_with_custom_parameters(client, name):
    params, check = CUSTOM.get(name, ({}, lambda rows: True))
    data = get_json(client, url(name, ".json", **params))
    rows = rows_as_dicts(data)
    assert check(rows), rows
    html = client.get(url(name, **params)).get_data(as_text=True)
    for key, value in params.items():  # the form shows the values it ran with
        assert f'value="{value}"' in html or f'<option value="{value}" selected>' in html


def test_every_shipped_query_has_a_custom_case_here():
    assert set(CUSTOM) == set(QUERIES)


def test_tenures_for_china_lists_wei_li_dong_in_that_order(client):
    data = get_json(client, url("tenures", ".json", country="China"))
    rows = rows_as_dicts(data)
    assert [r["name"] for r in rows] == ["Wei Fenghe", "Li Shangfu", "Dong Jun"]
    li, dong = rows[1], rows[2]
    assert li["start"] == "2023-03" and dong["start"] == "2023"
    assert rows[0]["last_attested"] < "2023-03"  # 000's banner date does not extend Wei's tenure
    html = client.get(url("tenures", country="China")).get_data(as_text=True)
    positions = [html.index(f">{name}<") for name in ("Wei Fenghe", "Li Shangfu", "Dong Jun")]
    assert positions == sorted(positions)
    assert 'data-view="timeline"' in html and 'id="timeline"' in html  # view: timeline


def test_meetings_filters_by_country_through_posts_and_place_and_by_dates(client):
    rows = rows_as_dicts(get_json(client, url("meetings", ".json", country="tajikistan")))
    assert [r["participants"] for r in rows] in (["Emomali Rahmon, Wei Fenghe"], ["Wei Fenghe, Emomali Rahmon"])
    rows = rows_as_dicts(get_json(client, url("meetings", ".json", country="Russia", kind="visit")))
    assert len(rows) == 1 and rows[0]["place"] == "Russia" and rows[0]["status"] == "planned"
    assert (rows[0]["start"], rows[0]["end"]) == ("2023-04-16", "2023-04-19")
    rows = rows_as_dicts(get_json(client, url("meetings", ".json", **{"from": "2023-04-18", "to": "2024-12-31"})))
    assert {r["date"] or r["start"] for r in rows} == {"2023-04-16", "2024-01-31"}  # the visit overlaps the range
    rows = rows_as_dicts(get_json(client, url("meetings", ".json", to="2021-06-30")))
    assert [r["date"] for r in rows] == ["2021-06"]  # a month counts when any of it is in range


def test_holders_on_a_date_with_coarse_dates_says_possible(client):
    rows = rows_as_dicts(get_json(client, url("holders-on", ".json", date="2023-06-01", role="defence_minister",
                                              country="China")))
    assert {r["name"]: r["certainty"] for r in rows} == {"Li Shangfu": "possible", "Dong Jun": "possible"}
    rows = rows_as_dicts(get_json(client, url("holders-on", ".json", date="2023-04-14", role="defence_minister",
                                              country="China")))
    assert {r["name"]: r["certainty"] for r in rows}["Li Shangfu"] == "certain"


def test_open_in_editor_gives_the_same_rows_through_the_sparql_endpoint(client):
    html = client.get(url("tenures", country="China")).get_data(as_text=True)
    link = next(h for h in parse(html).hrefs if h.startswith("/editor?"))
    sparql = parse_qs(urlsplit(link).query)["query"][0]
    assert 'VALUES (?country ?role) { ("China" <https://w3id.org/newsgraph/role/defence_minister>) }' in sparql
    response = client.post("/sparql", data={"query": sparql}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200
    names = [b["name"]["value"] for b in response.get_json()["results"]["bindings"]]
    assert names == ["Wei Fenghe", "Li Shangfu", "Dong Jun"]


# --------------------------------------------------------------------------------------------
# Bad and hostile parameters
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", QUERIES)
def test_a_hostile_value_in_any_parameter_is_harmless(client, pages_store, view, name):
    before = view.quads(pages_store)
    for p in catalog()[name].params:
        values = {p.name: HOSTILE}
        for o in catalog()[name].params:  # give required ones a value, so the hostile one is reached
            if o.name != p.name and o.name in required_params(name):
                values[o.name] = "2023-06-01"
        for suffix in ("", ".json", ".csv"):
            response = client.get(url(name, suffix, **values))
            assert response.status_code in (200, 400), (name, p.name, suffix, response.status_code)
            body = response.get_data(as_text=True)
            if response.status_code == 400 and suffix == ".json":
                assert p.name in response.get_json()["error"]
            if suffix == "" and response.status_code == 200:
                assert 'value="&#34; } DROP ALL #"' in body  # shown back, escaped, as the field's value
    assert view.quads(pages_store) == before
    assert client.get(url("tenures", ".json", country="China")).get_json()["rows"], "the store still answers"


@pytest.mark.parametrize("params, fragment", [
    ({"kind": "meeting_of_minds"}, "kind"),
    ({"from": "last week"}, "from"),
    ({"to": "2024-02-30"}, "to"),
    ({"colour": "red"}, "colour"),
])
def test_bad_parameters_are_400_with_a_clear_message(client, params, fragment):
    data = get_json(client, url("meetings", ".json", **params), status=400)
    assert fragment in data["error"]
    response = client.get(url("meetings", ".csv", **params))
    assert response.status_code == 400 and fragment in response.get_data(as_text=True)
    response = client.get(url("meetings", **params))
    assert response.status_code == 400
    assert fragment in response.get_data(as_text=True)
    assert 'role="alert"' in response.get_data(as_text=True)


def test_bad_role_and_missing_required_date(client):
    assert "role" in get_json(client, url("tenures", ".json", role="Defence Minister"), status=400)["error"]
    assert "date" in get_json(client, url("holders-on", ".json", country="China"), status=400)["error"]
    response = client.get(url("holders-on", country="China"))
    assert response.status_code == 400 and "required" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/queries/nope", "/queries/nope.json", "/queries/nope.csv", "/queries/..%2Fcatalog"])
def test_unknown_queries_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.endswith(".json"):
        assert "nope" in response.get_json()["error"]


def test_truncated_results_are_flagged(small_client):
    data = get_json(small_client, url("meetings", ".json"))
    assert data["truncated"] is True and len(data["rows"]) == 2
    response = small_client.get(url("meetings", ".csv"))
    assert response.headers["X-Newsgraph-Truncated"] == "true"
    assert len(list(csv.reader(io.StringIO(response.get_data(as_text=True))))) == 3
    html = small_client.get(url("meetings")).get_data(as_text=True)
    assert 'id="truncated"' in html and "row limit" in html


# --------------------------------------------------------------------------------------------
# Entity pages
# --------------------------------------------------------------------------------------------

def test_person_page_has_offices_meetings_statements_with_evidence(client):
    response = client.get("/id/person/dong-jun")
    assert response.status_code == 200
    assert response.content_type.startswith("text/html")
    assert "Accept" in response.headers.get("Vary", "")
    html = response.get_data(as_text=True)
    assert "<h1 id=\"entity-label\">Dong Jun</h1>" in html
    for section in ("Offices", "Meetings", "Statements", "Mentioned in"):
        assert f"<h2>{section}</h2>" in html, section
    assert "defence minister of China" in html
    assert "video call" in html and "Sergei Shoigu" in html
    assert "hegemony is doomed to failure" in html  # a statement ...
    assert "China Vows To Support Russia In The War With Ukraine" in html  # ... and its source article
    assert "<q>" in html  # evidence sentences are quoted
    links = parse(html).hrefs
    assert "/id/person/sergei-shoigu" in links
    assert any(h.startswith("/id/article/") for h in links)


def test_every_entity_page_linked_from_a_person_page_opens(client):
    html = client.get("/id/person/dong-jun").get_data(as_text=True)
    targets = sorted({h.split("#")[0] for h in parse(html).hrefs
                      if h.startswith("/id/") and not h.endswith((".json", ".csv"))})  # the page's own rows
    kinds = set()
    for target in targets:
        response = client.get(target)
        assert response.status_code == 200, target
        page = response.get_data(as_text=True)
        kinds.add(re.search(r'data-kind="(\w+)"', page).group(1))
    assert {"Person", "Meeting", "Tenure", "Article", "Post", "Statement"} <= kinds


def test_meeting_page_lists_participants_and_both_reports(client):
    rows = rows_as_dicts(get_json(client, url("meetings", ".json", kind="video_call", person="Dong Jun")))
    path = "/id/" + rows[0]["meeting"][len(BASE) + 3:]
    html = client.get(path).get_data(as_text=True)
    assert "Participants" in html and "Dong Jun" in html and "Sergei Shoigu" in html
    assert "<h2>Reported in</h2>" in html
    assert "China Vows To Support Russia In The War With Ukraine" in html
    assert "Chinese defense chief promises Russia support on" in html


def test_country_and_post_pages_list_holders(client):
    html = client.get("/id/country/china").get_data(as_text=True)
    assert "<h2>Holders</h2>" in html and "Li Shangfu" in html
    html = client.get("/id/post/china/defence_minister").get_data(as_text=True)
    assert all(name in html for name in ("Wei Fenghe", "Li Shangfu", "Dong Jun"))


def graph_of(body: bytes, fmt) -> set[tuple]:
    return {(str(t.subject), str(t.predicate), str(t.object)) for t in ox.parse(body, format=fmt)}


def test_entity_as_turtle_and_json_ld_by_accept(client):
    person = f"<{BASE}id/person/dong-jun>"
    label = (person, f"<{SKOS}prefLabel>", '"Dong Jun"')
    response = client.get("/id/person/dong-jun", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.content_type.startswith("text/turtle")
    triples = graph_of(response.data, ox.RdfFormat.TURTLE)
    assert label in triples
    assert any(t[1] == f"<{NG}resolvesTo>" and t[2] == person for t in triples)  # the article-level mentions
    response = client.get("/id/person/dong-jun", headers={"Accept": "application/ld+json"})
    assert response.status_code == 200
    assert response.content_type.startswith("application/ld+json")
    json.loads(response.data)
    assert label in graph_of(response.data, ox.RdfFormat.JSON_LD)
    response = client.get("/id/person/dong-jun?format=nt")
    assert response.content_type.startswith("application/n-triples")
    assert label in graph_of(response.data, ox.RdfFormat.N_TRIPLES)
    response = client.get("/id/person/dong-jun", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.content_type.startswith("text/html")


@pytest.mark.parametrize("path", ["/id/person/nobody-at-all", "/id/article/0000000000000000", "/id/%3Cscript%3E",
                                  "/id/person/a%20b", "/id/person/x%3E%20%3Cy"])
def test_unknown_entities_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.content_type.startswith("text/html")
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404


# --------------------------------------------------------------------------------------------
# Escaping, CSP, the editor and the other pages
# --------------------------------------------------------------------------------------------

def crafted_article_path(client) -> str:
    rows = rows_as_dicts(get_json(client, url("articles", ".json")))
    article = next(r for r in rows if r["source"] == "crafted.txt")
    assert article["title"] == CRAFTED_TITLE  # stored verbatim ...
    return "/id/" + article["article"][len(BASE) + 3:]


def test_markup_in_articles_renders_as_text(client):
    pages = [crafted_article_path(client), url("articles"), url("statements", speaker="Anna Berg"),
             "/id/person/anna-berg", "/search?q=" + "<script>", "/editor?query=" + "%3Cscript%3Ealert(2)%3C/script%3E"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert "<script>alert" not in html, path  # ... and shown as text
        links = parse(html)
        assert all("src" in s for s in links.scripts), path
    article = client.get(crafted_article_path(client)).get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in article
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/id/person/anna-berg").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/queries/tenures", "/queries/meetings", "/editor", "/model", "/search?q=dong",
                                  "/id/person/dong-jun", "/id/country/china", "/queries/nope"])
def test_pages_have_no_inline_script_or_style_and_send_the_csp(client, path):
    response = client.get(path)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    links = parse(response.get_data(as_text=True))
    assert links.scripts == [] or all(s.get("src", "").startswith("/assets/") for s in links.scripts)
    assert links.styled == [] and links.inline_style_blocks == 0
    assert "http://" not in "".join(s.get("src", "") for s in links.scripts)


def test_assets_are_shipped_in_the_package(client):
    for asset in ("style.css", "results.js", "editor.js", "favicon.svg", "vendor/codemirror/codemirror.js",
                  "vendor/codemirror/codemirror.css", "vendor/codemirror/mode/sparql/sparql.js",
                  "vendor/codemirror/LICENSE"):
        response = client.get(f"/assets/{asset}")
        assert response.status_code == 200, asset
        response.close()


def test_editor_page_has_examples_and_the_query_from_the_url(client):
    html = client.get("/editor?query=SELECT%20%2A%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D").get_data(as_text=True)
    assert "SELECT * WHERE { ?s ?p ?o }</textarea>" in html
    assert html.count('<template class="example"') >= len(QUERIES) + 3
    assert 'data-endpoint="/sparql"' in html
    assert f'data-base="{BASE}"' in html


def test_search_and_model_pages(client):
    html = client.get("/search?q=shoigu").get_data(as_text=True)
    assert '/id/person/sergei-shoigu' in html
    assert client.get("/search?q=nothing-like-this").status_code == 200
    html = client.get("/model").get_data(as_text=True)
    assert "ng:Tenure" in html and "graph/derived" in html


# --------------------------------------------------------------------------------------------
# Every page's rows as JSON and CSV (service/renderers.py)
# --------------------------------------------------------------------------------------------

ROW_PAGES = ["/", "/queries/meetings", "/search?q=dong", "/id/person/dong-jun", "/id/country/china",
             "/id/post/china/defence_minister"]


def with_suffix(path: str, fmt: str) -> str:
    page, _, query = path.partition("?")
    return (page + "." + fmt) + (f"?{query}" if query else "")


@pytest.mark.parametrize("path", ROW_PAGES)
def test_every_page_with_rows_has_a_working_json_and_csv(client, path):
    data = get_json(client, with_suffix(path, "json"))
    assert data["columns"] and data["rows"], path
    assert all(len(row) == len(data["columns"]) for row in data["rows"])
    response = client.get(with_suffix(path, "csv"))
    assert response.status_code == 200
    assert response.content_type.startswith("text/csv")
    table = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert table[0] == data["columns"]
    assert table[1:] == [["" if c is None else str(c) for c in row] for row in data["rows"]]


@pytest.mark.parametrize("path", ROW_PAGES)
def test_the_format_parameter_gives_the_same_rows_as_the_suffix(client, path):
    joiner = "&" if "?" in path else "?"
    assert client.get(path + joiner + "_format=json").get_json() == get_json(client, with_suffix(path, "json"))
    assert client.get(path + joiner + "_format=csv").data == client.get(with_suffix(path, "csv")).data


def test_the_entity_json_has_one_row_per_fact_with_its_section(client):
    data = get_json(client, "/id/person/dong-jun.json")
    assert data["iri"] == BASE + "id/person/dong-jun" and data["kind"] == "Person" and data["label"] == "Dong Jun"
    rows = rows_as_dicts(data)
    assert {"Offices", "Meetings", "Statements", "Mentioned in"} <= {r["section"] for r in rows}
    assert [s["title"] for s in data["sections"]][:4] == ["Offices", "Meetings", "Statements", "Mentioned in"]
    office = next(r for r in rows if r["section"] == "Offices")
    assert office["fact"].startswith(BASE + "id/") and office["evidence"] >= 1
    assert any(r["section"] == "Meetings" and "Sergei Shoigu" in (r["people"] or "") for r in rows)
    assert any("hegemony is doomed to failure" in (r["quote"] or "") for r in rows)
    assert any(p["predicate"] == SKOS + "prefLabel" and "Dong Jun" in p["values"] for p in data["properties"])


def test_the_entity_page_links_its_rows_and_keeps_its_rdf_forms(client):
    html = client.get("/id/person/dong-jun").get_data(as_text=True)
    assert 'href="/id/person/dong-jun.json"' in html and 'href="/id/person/dong-jun.csv"' in html
    # ?format=json stays JSON-LD, as before there were row formats
    response = client.get("/id/person/dong-jun?format=json")
    assert response.content_type.startswith("application/ld+json")


def test_search_rows_name_each_entity_once_with_its_kind(client):
    rows = rows_as_dicts(get_json(client, "/search.json?q=shoigu"))
    assert {"entity": BASE + "id/person/sergei-shoigu", "label": "Sergei Shoigu", "kind": "ng:Person"} in rows
    assert len({r["entity"] for r in rows}) == len(rows)
    assert get_json(client, "/search.json?q=nothing-like-this")["rows"] == []


def test_the_index_rows_are_the_canned_queries_with_the_store_counts(client):
    data = get_json(client, "/.json")
    assert [r["name"] for r in rows_as_dicts(data)] == QUERIES
    assert data["counts"]["Person"] >= 1 and data["counts"]["Article"] == 6


@pytest.mark.parametrize("path", ["/id/person/nobody-at-all", "/queries/nope"])
def test_rows_of_a_missing_page_are_a_404_in_their_format(client, path):
    assert "error" in get_json(client, with_suffix(path, "json"), status=404)
    response = client.get(with_suffix(path, "csv"))
    assert response.status_code == 404 and response.content_type.startswith("text/plain")


def test_a_new_section_file_shows_on_the_pages_it_names(app, monkeypatch):
    from newsgraph.service import entity, entity_sections

    extra = entity_sections.Section(
        "sanctions", "Sanctions", ("Person",), 99,
        "SELECT ?article ?label WHERE { GRAPH <graph/derived> { $iri ng:mentionedIn ?article } "
        "GRAPH ?g { ?article schema:headline ?label } }")
    monkeypatch.setattr(entity_sections, "sections", lambda: {"sanctions": extra})
    with app.test_request_context("/"):
        page = entity.EntityPage(ox.NamedNode(BASE + "id/person/dong-jun")).build()
    section = next(s for s in page["sections"] if s["title"] == "Sanctions")
    assert any(item["title"]["text"] == "China Vows To Support Russia In The War With Ukraine"
               for item in section["items"])


# --------------------------------------------------------------------------------------------
# The queries on a hand-made store: what the seeds do not show
# --------------------------------------------------------------------------------------------

def _lit(value: str, kind: str = "date") -> ox.Literal:
    types = {"date": "date", "month": "gYearMonth", "year": "gYear", "int": "integer"}
    return ox.Literal(value, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#" + types[kind]))


@pytest.fixture(scope="module")
def synthetic() -> ox.Store:
    """Three holders of one single-holder post (two overlapping), one meeting reported with two
    incompatible dates, and one holder only seen long ago."""
    from importlib import resources

    store = ox.Store()
    ontology = ox.NamedNode("https://w3id.org/newsgraph/ns")
    text = resources.files("newsgraph.ontology").joinpath("newsgraph.ttl").read_bytes()
    store.load(text, format=ox.RdfFormat.TURTLE, base_iri=ontology.value, to_graph=ontology)
    d = ox.NamedNode(BASE + "graph/derived")
    a1, a2 = (ox.NamedNode(BASE + f"graph/article/a{i}") for i in (1, 2))
    n = lambda local: ox.NamedNode(BASE + "id/" + local)  # noqa: E731
    p = lambda local: ox.NamedNode(NG + local)  # noqa: E731
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = ox.NamedNode(SKOS + "prefLabel")
    rdfs_label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    prov = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
    post = n("post/ruritania/defence_minister")
    quads = [
        ox.Quad(post, rdf_type, p("Post"), a1),
        ox.Quad(post, p("role"), ox.NamedNode("https://w3id.org/newsgraph/role/defence_minister"), a1),
        ox.Quad(post, p("postCountry"), n("country/ruritania"), a1),
        ox.Quad(post, rdfs_label, ox.Literal("defence minister of Ruritania"), a1),
        ox.Quad(n("country/ruritania"), label, ox.Literal("Ruritania"), a1),
        ox.Quad(n("country/ruritania"), rdf_type, p("Country"), a1),
    ]
    # resolution describes shared nodes (posts, countries) once more in the derived graph
    quads += [ox.Quad(q.subject, q.predicate, q.object, d) for q in list(quads)]
    holders = {  # name: (start, end, first attested, last attested)
        "ann": (_lit("2020-01", "month"), None, _lit("2020-02-01"), _lit("2022-06-01")),
        "bob": (_lit("2021-03-10"), None, _lit("2021-04-01"), _lit("2021-05-01")),
        "cy": (None, None, _lit("2015-01-01"), _lit("2015-06-01")),
        "dee": (_lit("2024-05-01"), None, _lit("2024-02-01"), _lit("2024-02-01")),
    }
    for name, (start, end, first, last) in holders.items():
        person, tenure = n(f"person/{name}"), n(f"tenure/{name}")
        quads += [ox.Quad(person, rdf_type, p("Person"), d), ox.Quad(person, label, ox.Literal(name.title()), d),
                  ox.Quad(tenure, rdf_type, p("Tenure"), d), ox.Quad(tenure, p("holder"), person, d),
                  ox.Quad(tenure, p("post"), post, d), ox.Quad(tenure, p("sourceCount"), _lit("1", "int"), d)]
        for prop, value in (("start", start), ("end", end), ("firstAttested", first), ("lastAttested", last)):
            if value is not None:
                quads.append(ox.Quad(tenure, p(prop), value, d))
    # when each holding's successor began, as the derivation computes it
    holdings = [{"person": name, **{key: None if v is None else DateValue.from_iso(v.value) for key, v in
                                    zip(("start", "end", "first", "last"), dates)}} for name, dates in holders.items()]
    resolution._next_holder_began(holdings)
    quads += [ox.Quad(n(f"tenure/{h['person']}"), p("nextHolderBegan"), terms.date_literal(h["next_began"]), d)
              for h in holdings if h.get("next_began")]
    meeting = n("meeting/m1")
    quads += [ox.Quad(meeting, rdf_type, p("PhoneCall"), d), ox.Quad(meeting, p("participant"), n("person/ann"), d),
              ox.Quad(meeting, p("participant"), n("person/bob"), d), ox.Quad(meeting, p("status"), p("held"), d),
              ox.Quad(meeting, p("sourceCount"), _lit("2", "int"), d), ox.Quad(meeting, p("date"), _lit("2021-04-02"), d)]
    for i, (graph, when) in enumerate(((a1, _lit("2021-04-02")), (a2, _lit("2021-09", "month"))), start=1):
        report, article = n(f"article/a{i}/meeting/r"), n(f"article/a{i}")
        quads += [ox.Quad(report, rdf_type, p("PhoneCall"), graph), ox.Quad(report, p("date"), when, graph),
                  ox.Quad(report, prov, article, graph), ox.Quad(report, p("resolvesTo"), meeting, d),
                  ox.Quad(meeting, p("reportedIn"), article, d),
                  ox.Quad(article, ox.NamedNode("http://schema.org/headline"), ox.Literal(f"Report {i}"), graph)]
    store.extend(quads)
    return store


def run_canned(store: ox.Store, name: str, **values) -> list[dict]:
    q = catalog()[name]
    results = store.query(q.text(BASE), substitutions=q.substitutions(values), use_default_graph_as_union=True)
    names = [v.value for v in results.variables]
    return [{k: (None if s[k] is None else s[k].value) for k in names} for s in results]


def test_conflicts_finds_overlapping_holders_and_differing_report_dates(synthetic):
    rows = run_canned(synthetic, "conflicts")
    problems = sorted((r["problem"], r["severity"]) for r in rows)
    assert ("overlapping_holders", "contradiction") in problems
    overlap = [r for r in rows if r["problem"] == "overlapping_holders"]
    assert len(overlap) == 1 and {overlap[0]["fact"], overlap[0]["other"]} == {BASE + "id/tenure/ann", BASE + "id/tenure/bob"}
    assert "Ann" in overlap[0]["detail"] and "Bob" in overlap[0]["detail"]
    dates = [r for r in rows if r["problem"] == "meeting_dates_differ"]
    assert len(dates) == 1 and dates[0]["severity"] == "contradiction" and "2021-09" in dates[0]["detail"]
    assert [r["problem"] for r in rows if r["problem"] == "start_after_last_attested"] == ["start_after_last_attested"]
    assert run_canned(synthetic, "conflicts", problem="start_after_end") == []


def test_holders_on_counts_the_grace_period_until_a_successor_begins(synthetic):
    def names(**values):
        return {r["name"]: r["certainty"] for r in run_canned(synthetic, "holders-on", **values)}

    assert names(date="2021-04-15") == {"Ann": "certain", "Bob": "certain"}
    assert names(date="2015-09-01") == {"Cy": "possible"}  # last seen in June: within the grace period
    assert names(date="2015-09-01", grace_days="30") == {}
    assert "Cy" not in names(date="2020-03-01", grace_days="10000")  # Ann began after Cy was last seen
    assert names(date="2019-12-31") == {}
    assert names(date="2020-01-15") == {"Ann": "possible"}  # began in January 2020: maybe by the 15th
