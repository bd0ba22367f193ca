"""The pages in a real browser: Debian's Chromium driven by playwright, against the app served by
waitress on a free localhost port (query workers as separate processes, as `newsgraph serve`).

Open the index, run "tenures" for China (Wei Fenghe, Li Shangfu, Dong Jun in that order), switch
to the timeline, download the CSV, open an entity page, run a query in the SPARQL editor. The
screenshots go to tests/screenshots/, or with NEWSGRAPH_DOC_SCREENSHOTS=1 to docs/screenshots/ (the
ones docs/web.md shows). No console error may appear: a
Content-Security-Policy violation (an inline script or style) is reported there.

Without Chromium (/usr/bin/chromium) or playwright the tests skip, except with CI=true, where
that is an error.
"""
from __future__ import annotations

import csv
import os
import shutil
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[1]
# a run takes its screenshots into tests/screenshots/ (not tracked); NEWSGRAPH_DOC_SCREENSHOTS=1
# takes them into docs/screenshots/, the ones the documentation shows
SHOTS = REPO / ("docs" if os.environ.get("NEWSGRAPH_DOC_SCREENSHOTS") == "1" else "tests") / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
BASE = "https://w3id.org/newsgraph/data/"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync", "--disable-quic"]
CHINA = ["Wei Fenghe", "Li Shangfu", "Dong Jun"]


def _unavailable(reason: str):
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(reason + "; CI=true, so this is an error, not a skip")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium_path() -> str:
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        _unavailable(f"Chromium not found at {CHROMIUM} (install it with `apt-get install -y chromium`)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _unavailable("playwright (python) is not installed (pip install -e '.[test]')")
    return str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium"))


@pytest.fixture(scope="module")
def live_url(_seed_store_template):
    """The app on the seeds store, under waitress on 127.0.0.1:<free port>."""
    import waitress

    from newsgraph.service.app import create_app

    app = create_app({"STORE_PATH": _seed_store_template, "BASE_IRI": BASE, "QUERY_WORKERS": 2})
    service = app.extensions["newsgraph"]
    assert service.wait_ready(60), "query workers did not start"
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=6)
    thread = threading.Thread(target=server.run, name="waitress-browser-tests", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(3)
    service.close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, headless=True, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, accept_downloads=True,
                                  base_url=live_url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.problems = problems
    yield page
    context.close()
    assert problems == [], problems


def shot(page, name: str, full_page: bool = True) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=full_page)


def column(page, name: str) -> list[str]:
    """The texts of one column of the results table, top to bottom."""
    headers = page.locator("table.results thead th").all_inner_texts()
    index = headers.index(name) + 1
    return page.locator(f"table.results tbody tr td:nth-child({index})").all_inner_texts()


def test_index_tenures_table_timeline_csv_and_entity(page, tmp_path):
    page.goto("/")
    assert page.locator("h1").inner_text() == "newsgraph"
    for title in ("Tenures of a post", "Meetings", "Who held a post on a date", "Conflicts"):
        assert page.get_by_role("link", name=title, exact=True).is_visible()
    shot(page, "index.png")

    # run "tenures" for China from its form
    page.get_by_role("link", name="Tenures of a post", exact=True).click()
    page.wait_for_url("**/queries/tenures")
    page.fill("#p-country", "China")
    page.select_option("#p-role", "defence_minister")
    page.get_by_role("button", name="Run").click()
    page.wait_for_url("**/queries/tenures?country=China&role=defence_minister")
    page.wait_for_selector("table.results tbody tr")
    assert column(page, "name") == CHINA
    assert page.locator("#timeline").is_hidden()
    shot(page, "tenures-table.png")

    # the timeline: one labelled bar per holder, in the same order
    page.get_by_role("button", name="Timeline").click()
    timeline = page.locator("#timeline svg.timeline-svg")
    timeline.wait_for()
    assert page.locator("#results-table").is_hidden()
    assert page.locator("#timeline svg .row text.label").all_text_contents() == CHINA
    # a bar per holding with a span, a point for one known by a single day (Wei Fenghe: attested
    # once, no stated successor, so no end)
    assert page.locator("#timeline svg .row rect.bar").count() == 2
    assert page.locator("#timeline svg .row circle.point").count() == 1
    assert page.get_by_role("button", name="Timeline").get_attribute("aria-pressed") == "true"
    assert page.url.endswith("#timeline")
    shot(page, "tenures-timeline.png")

    # back to the table, then the CSV download
    page.get_by_role("button", name="Table").click()
    assert page.locator("#results-table").is_visible()
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    download = info.value
    assert download.suggested_filename == "tenures.csv"
    target = tmp_path / "tenures.csv"
    download.save_as(str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert [r["name"] for r in rows] == CHINA
    assert [r["start"] for r in rows] == ["", "2023-03", "2023"]
    assert all(r["country"] == "China" and r["role"].endswith("/defence_minister") for r in rows)

    # an entity page, from the table
    page.get_by_role("link", name="person/dong-jun", exact=True).click()
    page.wait_for_url("**/id/person/dong-jun")
    assert page.locator("#entity-label").inner_text() == "Dong Jun"
    for section in ("Offices", "Meetings", "Statements"):
        assert page.get_by_role("heading", name=section, exact=True).is_visible()
    assert page.locator("ul.evidence q").count() > 3
    shot(page, "entity.png")


def test_meetings_timeline_draws_every_dated_meeting(page):
    page.goto("/queries/meetings#timeline")
    page.locator("#timeline svg.timeline-svg").wait_for()
    labels = page.locator("#timeline svg .row text.label").all_text_contents()
    assert len(labels) == 5  # six seed meetings, one (the phone call 'on Wednesday') undated
    assert "Not shown (no date)" in page.locator("#timeline").inner_text()
    assert page.locator("#timeline .legend li").count() >= 3
    assert page.locator("#results-table").is_hidden()


def test_editor_runs_a_query_with_highlighting(page):
    page.goto("/editor")
    page.locator(".CodeMirror").wait_for()
    page.select_option("#examples", label="People and how many articles mention them")
    code = page.locator(".CodeMirror-code")
    assert "COUNT(DISTINCT ?article)" in code.inner_text()
    assert page.locator(".CodeMirror .cm-keyword").count() > 3  # highlighted SPARQL
    page.get_by_role("button", name="Run").click()
    page.wait_for_selector("#result-table table tbody tr")
    assert "rows in" in page.locator("#result-summary").inner_text()
    people = page.locator("#result-table tbody tr td:nth-child(2)").all_inner_texts()
    assert "Sergei Shoigu" == people[0]  # in all five seed articles
    assert "Dong Jun" in people
    first_link = page.locator("#result-table tbody tr td:nth-child(1) a").first
    assert first_link.get_attribute("href").startswith("/id/person/")
    assert "query=" in page.url  # a shareable address
    shot(page, "editor.png")

    # an error is shown as such, not as an empty table
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("SELECT ?x WHERE { ?x ")
    page.keyboard.press("Control+Enter")
    page.locator("#result-error").wait_for()
    assert "400" in page.locator("#result-error").inner_text()
    # the browser logs the failed request itself; that one is expected
    assert all("status of 400" in p for p in page.problems), page.problems
    page.problems.clear()


def test_an_entity_page_and_a_search_give_their_rows_as_json_and_csv(page, tmp_path):
    import json

    page.goto("/id/person/dong-jun")
    with page.expect_download() as info:
        page.locator("#facts-csv").click(modifiers=["Alt"])  # Alt-click saves the link's target
    target = tmp_path / "dong-jun.csv"
    info.value.save_as(str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert {"Offices", "Meetings", "Statements"} <= {r["section"] for r in rows}

    page.locator("#facts-json").click()
    page.wait_for_url("**/id/person/dong-jun.json")
    data = json.loads(page.locator("body").inner_text())
    assert data["label"] == "Dong Jun" and data["columns"][0] == "section"
    assert len(data["rows"]) == len(rows)

    page.goto("/search?q=shoigu")
    with page.expect_download() as info:
        page.locator("#download-csv").click()
    assert info.value.suggested_filename == "search.csv"
    target = tmp_path / "search.csv"
    info.value.save_as(str(target))
    found = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    assert {"entity": BASE + "id/person/sergei-shoigu", "label": "Sergei Shoigu", "kind": "ng:Person"} in found
