"""Page chrome, metadata and language, on the real seeds and on small crafted inputs.

"Reaches the body" is checked two ways for every chrome line: no body paragraph is that line,
and (for lines of three or more words, which cannot occur by chance) the body does not contain it.
Expected values come from the raw seed text and the gold file, never from the loader.
"""
from __future__ import annotations

import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

import pytest
import yaml
from conftest import PARAGRAPHS, SEED_NAMES, SEEDS, XSD, english_text

from newsgraph.loader.articles import prepare_article
from newsgraph.loader.reading import read_inputs
from newsgraph.loader.records import Article, SourceDocument

QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
                        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
                        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
                        "\u2212": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Quotes, dashes, white space and case folded, for comparing titles."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES)
    return " ".join(text.split()).casefold()


def raw_lines(path: Path) -> list[str]:
    return [" ".join(line.split()) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def seed_article(path: Path) -> Article:
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], SourceDocument), items
    article = prepare_article(items[0])
    assert isinstance(article, Article), article
    return article


def assert_not_in_body(lines: list[str], body: str, where: str) -> None:
    paragraphs = {" ".join(p.split()) for p in body.split("\n\n")}
    flat = " ".join(body.split())
    leaked = [line for line in lines
              if line in paragraphs or (len(line.split()) >= 3 and line in flat)]
    assert not leaked, f"{where}: chrome reached the article body: {leaked}"


def gold_entry(gold: dict, name: str) -> dict:
    matches = [a for a in gold["articles"] if str(a["file"]) == name]
    assert len(matches) == 1, f"gold lists {name} {len(matches)} times"
    return matches[0]


def headline_index(lines: list[str], title: str) -> int:
    want = normalise(title)
    for i, line in enumerate(lines):
        if normalise(line).startswith(want):
            return i
    raise AssertionError(f"gold title {title!r} is not a line of the seed")


def seed_named(seed_files: list[Path], prefix: str) -> Path:
    matches = [p for p in seed_files if p.name.startswith(prefix)]
    assert len(matches) == 1, f"expected one seed starting with {prefix!r}, found {matches}"
    return matches[0]


# --------------------------------------------------------------------------------------------
# Chrome on the seeds
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SEED_NAMES or ["<seeds missing>"])
def test_nothing_above_the_headline_reaches_the_body(name, seeds_dir, gold):
    path = seeds_dir / name
    lines = raw_lines(path)
    head = headline_index(lines, gold_entry(gold, name)["title"])
    article = seed_article(path)
    assert_not_in_body(lines[:head], article.body, name)
    # and the headline itself is not repeated as story text
    assert_not_in_body([lines[head]], article.body, name)


@pytest.mark.parametrize("name", SEED_NAMES or ["<seeds missing>"])
def test_the_story_itself_is_kept(name, seeds_dir, gold):
    """The longest lines of a seed are story paragraphs; chrome removal must not lose them."""
    path = seeds_dir / name
    lines = raw_lines(path)
    head = headline_index(lines, gold_entry(gold, name)["title"])
    story = sorted(lines[head + 1:], key=len, reverse=True)[:3]
    body = " ".join(seed_article(path).body.split())
    for line in story:
        assert line in body, f"{name}: story line lost: {line[:80]!r}"


def test_000_nothing_from_source_link_onwards_reaches_the_body(seed_files):
    path = seed_named(seed_files, "000")
    lines = raw_lines(path)
    assert "Source link" in lines, "the seed no longer has its 'Source link' line"
    tail = lines[lines.index("Source link"):]
    assert len(tail) > 5
    assert_not_in_body(tail, seed_article(path).body, path.name)


def test_000_banner_date_is_chrome_not_the_publication_date(seed_files, seed_store, view):
    path = seed_named(seed_files, "000")
    lines = raw_lines(path)
    banner = "Friday, November 8, 2024"
    assert banner in lines, "the seed no longer has its banner date"
    article = seed_article(path)
    assert banner not in article.body
    assert article.published is None
    stored = view.by_source(seed_store)[path.name]
    assert stored["published"] is None
    assert not any("2024-11-08" in value for graph, value in view.literals_in_article_graphs(seed_store)
                   if graph == stored["graph"])


def test_forbidden_teaser_names_reach_no_article(seed_store, view, gold):
    """Names that occur only in page teasers (gold `forbidden_persons`, e.g. Trump) are in no stored text."""
    forbidden = gold["forbidden_persons"]
    assert any("Trump" in name for name in forbidden)
    leaks = [(graph, name) for graph, value in view.literals_in_article_graphs(seed_store)
             for name in forbidden if name in value]
    assert not leaks, leaks


def test_002_rating_and_previous_article_lines_are_gone(seed_files):
    path = seed_named(seed_files, "002")
    lines = raw_lines(path)
    assert "Previous Article" in lines, "the seed no longer has its 'Previous Article' line"
    tail = lines[lines.index("Previous Article"):]
    rating = [line for line in lines if re.search(r"(?i)rating|rate it|votes? |useful was this", line)]
    assert len(rating) >= 3
    body = seed_article(path).body
    assert_not_in_body(tail + rating, body, path.name)
    assert "Previous Article" not in body and "Next Article" not in body


def test_004_copyright_lines_are_gone(seed_files):
    path = seed_named(seed_files, "004")
    lines = raw_lines(path)
    legal = [line for line in lines if re.search(r"(?i)copyright|©|all rights reserved|reproduction in whole", line)]
    assert legal, "the seed no longer has its copyright lines"
    body = seed_article(path).body
    assert_not_in_body(legal, body, path.name)
    assert "©" not in body and "Copyright" not in body


# --------------------------------------------------------------------------------------------
# Metadata against the gold file
# --------------------------------------------------------------------------------------------

def datatype_for(iso: str) -> str:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
        return XSD + "date"
    if re.fullmatch(r"\d{4}-\d{2}", iso):
        return XSD + "gYearMonth"
    if re.fullmatch(r"\d{4}", iso):
        return XSD + "gYear"
    raise AssertionError(f"gold date {iso!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def test_gold_articles_section_comes_out_exactly(seed_store, view, gold, seed_files):
    stored = view.by_source(seed_store)
    assert set(stored) == {p.name for p in seed_files}
    problems = []
    for entry in gold["articles"]:
        name = str(entry["file"])
        article = stored.get(name)
        if article is None:
            problems.append(f"{name}: not loaded")
            continue
        if "title" in entry:
            if article["title"] is None or normalise(article["title"]) != normalise(entry["title"]):
                problems.append(f"{name}: title {article['title']!r}, gold {entry['title']!r}")
        published = entry.get("published")
        if published is None or str(published) == "unknown":
            if article["published"] is not None:
                problems.append(f"{name}: published {article['published']}, gold says unknown")
        else:
            want = (str(published), datatype_for(str(published)))
            if article["published"] != want:
                problems.append(f"{name}: published {article['published']}, gold {want}")
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------------------------
# Metadata rules on crafted text
# --------------------------------------------------------------------------------------------

def prepare(tmp_path: Path, text: str, name: str = "x.txt", meta: dict | None = None) -> Article:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if meta is not None:
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], SourceDocument), items
    result = prepare_article(items[0])
    assert isinstance(result, Article), result
    return result


TITLE = "Harbour Council Approves New Ferry Line"


@pytest.mark.parametrize("dateline, iso, precision", [
    ("Feb 1, 2024", "2024-02-01", "day"),
    ("1 February 2024", "2024-02-01", "day"),
    ("March 2023", "2023-03", "month"),
    ("By Jane Doe | June 3, 2022", "2022-06-03", "day"),
])
def test_dateline_under_the_headline_is_the_publication_date_with_its_precision(tmp_path, dateline, iso,
                                                                                 precision):
    article = prepare(tmp_path, english_text(TITLE, below_headline=(dateline,)))
    assert article.published is not None
    assert article.published.iso() == iso
    assert article.published.precision.value == precision


def test_banner_date_above_the_headline_is_not_the_publication_date(tmp_path):
    article = prepare(tmp_path, english_text(TITLE, above=("Weather 21 C", "Friday, November 8, 2024", "Menu")))
    assert article.title == TITLE
    assert article.published is None
    assert "November 8, 2024" not in article.body
    assert "Weather" not in article.body


def test_date_in_a_teaser_after_the_story_is_not_the_publication_date(tmp_path):
    article = prepare(tmp_path, english_text(TITLE, after=(
        "Related Articles", "Mayor opens bridge on Friday, November 8, 2024, after long delays",
        "Another teaser headline about the islands")))
    assert article.published is None
    assert "Related Articles" not in article.body and "Mayor opens bridge" not in article.body


def test_weekday_checked_said_date_in_the_story_is_the_publication_date(tmp_path):
    story = ("The harbour council said Friday, April 14, 2023 that the new ferry line would open next "
             "spring, after a vote that ended a debate of more than two years.")
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(story, *PARAGRAPHS[1:])))
    assert article.published is not None and article.published.iso() == "2023-04-14"


def test_said_date_with_the_wrong_weekday_is_not_taken(tmp_path):
    # 14 April 2023 was a Friday, not a Monday
    story = ("The harbour council said Monday, April 14, 2023 that the new ferry line would open next "
             "spring, after a vote that ended a debate of more than two years.")
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(story, *PARAGRAPHS[1:])))
    assert article.published is None


def test_a_date_mentioned_in_the_story_is_not_the_publication_date(tmp_path):
    story = ("The old ferry was retired on March 3, 2019, and the islands have had no regular service "
             "since then, according to the harbour council and several local business owners.")
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(story, *PARAGRAPHS[1:])))
    assert article.published is None


@pytest.mark.parametrize("value, iso, precision", [
    ("2023", "2023", "year"),
    ("2023-03", "2023-03", "month"),
    ("2023-03-05", "2023-03-05", "day"),
    ("2023-03-05T23:30:00+02:00", "2023-03-05", "day"),
    ("March 5, 2023", "2023-03-05", "day"),
])
def test_stated_publication_date_keeps_its_precision(tmp_path, value, iso, precision):
    article = prepare(tmp_path, english_text(TITLE), meta={"published": value})
    assert article.published.iso() == iso
    assert article.published.precision.value == precision


def test_agency_in_the_dateline_names_the_outlet(tmp_path):
    agencies = yaml.safe_load(resources.files("newsgraph.loader.data").joinpath("outlets.yaml")
                              .read_text(encoding="utf-8"))
    story = ("HARBOURTOWN (Reuters) \u2014 " + PARAGRAPHS[0],)
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(*story, *PARAGRAPHS[1:])))
    assert article.outlet == agencies["Reuters"]


def test_outlet_after_the_headline_is_split_off(tmp_path):
    article = prepare(tmp_path, english_text(f"{TITLE} \u2014 Coastal Ledger News"))
    assert article.title == TITLE
    assert article.outlet == "Coastal Ledger News"


def test_no_outlet_is_invented(tmp_path):
    article = prepare(tmp_path, english_text(TITLE))
    assert article.outlet is None


def test_ad_tokens_and_disclaimers_inside_the_story_are_dropped(tmp_path):
    article = prepare(tmp_path, english_text(
        TITLE, paragraphs=("[ad_1]", PARAGRAPHS[0], "(Disclaimer: this story was generated from a feed.)",
                           PARAGRAPHS[1], "[ad_2]", "Source link", PARAGRAPHS[2])))
    assert article.body == "\n\n".join(PARAGRAPHS[:2])


# --------------------------------------------------------------------------------------------
# Language
# --------------------------------------------------------------------------------------------

GERMAN = ("Der Hafenrat hat am Dienstag beschlossen, eine neue F\u00e4hrverbindung zwischen dem alten Hafen "
          "und den n\u00f6rdlichen Inseln einzurichten. Damit endet eine Debatte, die mehr als zwei Jahre "
          "gedauert hat. Die Mitglieder des Rates sagten, der Dienst solle im n\u00e4chsten Fr\u00fchjahr "
          "beginnen und im Sommer jede Stunde fahren, im Winter dagegen seltener. Die Gesch\u00e4ftsleute "
          "auf den Inseln begr\u00fc\u00dften die Entscheidung.")
FRENCH = ("Le conseil du port a d\u00e9cid\u00e9 mardi de cr\u00e9er une nouvelle ligne de ferry entre le vieux "
          "port et les \u00eeles du nord, mettant fin \u00e0 un d\u00e9bat qui durait depuis plus de deux ans. "
          "Les membres du conseil ont d\u00e9clar\u00e9 que le service commencerait au printemps prochain et "
          "qu'il fonctionnerait toutes les heures pendant l'\u00e9t\u00e9, avec moins de travers\u00e9es en "
          "hiver. Les commer\u00e7ants des \u00eeles ont salu\u00e9 cette d\u00e9cision.")


@pytest.mark.parametrize("text", [GERMAN, FRENCH], ids=["german", "french"])
def test_non_english_article_is_skipped_with_a_message_and_counted(text, tmp_path, run_cli, store_path, view):
    assert len(text.split()) >= 40
    foreign = tmp_path / "in" / "foreign.txt"
    foreign.parent.mkdir()
    foreign.write_text("Neue F\u00e4hrverbindung\n\n" + text + "\n", encoding="utf-8")
    english = tmp_path / "in" / "english.txt"
    english.write_text(english_text(TITLE), encoding="utf-8")

    result = run_cli(["load", foreign.parent, "--store", store_path, "-q"])

    assert result.exit_code == 0, result.output  # a skip is not a failure
    assert re.search(r"^skipped 1\b", result.output, re.M), result.output
    assert re.search(r"^loaded 1\b", result.output, re.M), result.output
    skipped = [line for line in result.output.splitlines() if "foreign.txt" in line]
    assert skipped and re.search(r"(?i)english", skipped[0]), result.output
    assert [a["source"] for a in view.articles(store_path)] == ["english.txt"]


def test_plain_english_needs_no_statistical_identifier_and_other_languages_still_get_it(monkeypatch):
    """English prose is recognised by its function words, so a worker need not load the
    identifier's model; text that is not plainly English still goes to the identifier."""
    from newsgraph.loader import language

    asked = []
    real = language.detect_language
    monkeypatch.setattr(language, "detect_language", lambda text: asked.append(text) or real(text))
    for paragraph in PARAGRAPHS:
        assert language.plainly_english(paragraph)
        assert language.non_english_reason(paragraph) is None
    for seed in SEED_NAMES:
        body = prepare_article(next(iter(read_inputs([str(SEEDS / seed)])))).body
        assert language.non_english_reason(body) is None
    assert asked == []
    for foreign in (GERMAN, FRENCH):
        assert not language.plainly_english(foreign)
        assert "not English" in language.non_english_reason(foreign)
    assert asked == [GERMAN, FRENCH]


def test_stated_non_english_language_is_skipped(tmp_path, run_cli, store_path, view):
    page = tmp_path / "page.html"
    page.write_text('<html lang="fr"><body><h1>Nouvelle ligne</h1><p>' + FRENCH + "</p></body></html>",
                    encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": GERMAN, "language": "de"}) + "\n", encoding="utf-8")
    result = run_cli(["load", page, feed, "--store", store_path, "-q"])
    assert result.exit_code == 0, result.output
    assert re.search(r"^skipped 2\b", result.output, re.M), result.output
    assert view.articles(store_path) == []


def test_short_english_article_is_not_mistaken_for_another_language(tmp_path):
    article = prepare(tmp_path, "Ferry Line Approved\n\nThe council approved the new ferry line on Tuesday "
                                "after two years of debate.\n")
    assert article.language == "en"


# --------------------------------------------------------------------------------------------
# Reading real news pages: headline, date forms, where the story begins and ends
# --------------------------------------------------------------------------------------------

STANDFIRST = "The new line was sought by the island villages, whose residents had campaigned for a direct route"
CAPTION = "Council members vote on the ferry plan at the town hall on Tuesday (Council photo)"


def test_a_page_that_opens_with_its_headline_keeps_it_over_a_standfirst_and_a_caption(tmp_path):
    article = prepare(tmp_path, english_text(TITLE, below_headline=("Published 6 November 2023", STANDFIRST, CAPTION)))
    assert article.title == TITLE
    assert article.published.iso() == "2023-11-06"
    assert STANDFIRST not in article.body and CAPTION not in article.body


def test_a_headline_with_a_colon_is_not_taken_for_a_story_paragraph(tmp_path):
    title = "Ferries, fares and timetables: what the harbour council decided in its longest meeting of the year"
    article = prepare(tmp_path, english_text(title, below_headline=("Published 9 January 2024",)))
    assert article.title == title
    assert article.published.iso() == "2024-01-09"


def test_a_headline_naming_a_date_is_still_the_headline(tmp_path):
    title = "Harbour Council Spokesperson's Regular Press Briefing of April 28, 2023"
    article = prepare(tmp_path, english_text(title, below_headline=("2023-04-28 19:13",)))
    assert article.title == title
    assert article.published.iso() == "2023-04-28"


def test_a_weather_banner_opening_the_page_is_not_the_headline(tmp_path):
    article = prepare(tmp_path, english_text(TITLE, above=("Wednesday, February 5, 2025 Harbourtown 3°C", "Menu")))
    assert article.title == TITLE
    assert article.published is None


def test_a_one_word_attribution_after_a_dash_stays_in_the_headline(tmp_path):
    title = "Ferry line to open before the summer season - Mayor"
    article = prepare(tmp_path, english_text(title))
    assert article.title == title
    assert article.outlet is None


def test_a_known_agency_after_a_dash_is_the_outlet(tmp_path):
    article = prepare(tmp_path, english_text(f"{TITLE} - Reuters"))
    assert article.title == TITLE and article.outlet == "Reuters"


@pytest.mark.parametrize("line, iso", [
    ("By JT - May 31,2023 - Last updated at Jun 01,2023", "2023-05-31"),
    ("Jane Doe, JOHN ROESaturday, 27 July 2024, 17:38", "2024-07-27"),
    ("Published By : Admin | June 2, 2020 | 21:29 IST", "2020-06-02"),
    ("15-Apr-2016", "2016-04-15"),
])
def test_a_date_glued_to_a_byline_or_a_time_under_the_headline_dates_the_article(tmp_path, line, iso):
    article = prepare(tmp_path, english_text(TITLE, below_headline=(line,)))
    assert article.published is not None and article.published.iso() == iso


def test_a_date_line_after_the_standfirst_dates_the_article_and_is_not_story(tmp_path):
    standfirst = ("The harbour council approved the ferry line on Tuesday, and the first crossing is planned for "
                  "the spring.")
    line = "September 25, 2023 12:28 pm | Updated 12:29 pm IST - Harbourtown"
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(standfirst, line, *PARAGRAPHS)))
    assert article.published.iso() == "2023-09-25"
    assert line not in article.body


@pytest.mark.parametrize("opening, iso", [
    ("OTTAWA, March 14, 2025 \u2014 ", "2025-03-14"),
    ("Addis Ababa, February 11, 2019 (FBC) \u2013 ", "2019-02-11"),
    ("Harbourtown, 6 November 2023 (HNA): ", "2023-11-06"),
    ("HARBOURTOWN (Coastal Wire / HNA - 10th September, 2018) ", "2018-09-10"),
])
def test_a_dateline_opening_the_first_sentence_dates_the_article(tmp_path, opening, iso):
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(opening + PARAGRAPHS[0], *PARAGRAPHS[1:])))
    assert article.published is not None and article.published.iso() == iso
    ev = article.published_evidence
    assert ev.derived_by == "rule:opening-dateline" and article.body[ev.start:ev.end] == opening.strip()


def test_a_date_inside_the_first_sentence_is_not_a_dateline(tmp_path):
    story = ("Harbourtown, which lost its ferry on March 3, 2019 \u2014 the last crossing of the old line \u2014 "
             "will get a new service next spring, the council said.")
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(story, *PARAGRAPHS[1:])))
    assert article.published is None


@pytest.mark.parametrize("numeric, opening, iso", [
    ("06/09/2025", "HARBOURTOWN, Sept 6, (AP): ", "2025-09-06"),
    ("09/06/2025", "HARBOURTOWN, Sept 6, (AP): ", "2025-09-06"),
    ("25/03/2024", "", "2024-03-25"),
    ("06/09/2025", "", None),
])
def test_an_all_number_date_is_read_only_when_the_page_settles_day_and_month(tmp_path, numeric, opening, iso):
    article = prepare(tmp_path, english_text(TITLE, below_headline=(numeric,),
                                             paragraphs=(opening + PARAGRAPHS[0], *PARAGRAPHS[1:])))
    assert (article.published.iso() if article.published else None) == iso


def test_also_read_inside_a_story_does_not_end_it(tmp_path):
    story = ("Harbourtown's council voted on Tuesday to approve a new ferry line to the Northern Isles, ending a "
             "debate that had lasted for more than two years.",
             "Mayor Jane Doe said the service would start next spring and run every hour in the summer season.")
    rest = ("The Northern Isles business association welcomed the vote, saying better connections would bring "
            "more visitors to the islands.",
            "Doe said the council would publish the timetable in March, after talks with the ferry operator.")
    for marker in (("Also Read: Airport expansion plan goes to public consultation",),
                   ("ALSO READ", "Airport expansion plan goes to public consultation"),
                   ("Advertisement",), ("RELATED:", "Airport expansion plan goes to public consultation")):
        article = prepare(tmp_path, english_text(TITLE, paragraphs=(*story, *marker, *rest)))
        assert rest[0] in article.body and rest[1] in article.body, marker
        assert "Airport expansion" not in article.body, marker


def test_a_teaser_after_read_more_that_tells_another_story_ends_it(tmp_path):
    teaser = ("The regional airport will add two runways by 2030, officials from the aviation authority announced "
              "at a press conference on Monday.")
    article = prepare(tmp_path, english_text(TITLE, after=("Read more", "Airport to grow", teaser)))
    assert "runways" not in article.body
    assert PARAGRAPHS[2] in article.body


def test_a_wire_credit_line_ends_the_story(tmp_path):
    teaser = ("Harbour workers in the northern islands went on strike over pay, their union said on Friday, "
              "halting the old ferry service for a day.")
    article = prepare(tmp_path, english_text(TITLE, after=("Reporting by Jane Doe; Editing by John Roe", "Related",
                                                           "Northern islands", teaser)))
    assert "strike" not in article.body and "Reporting by" not in article.body


def test_a_block_of_teaser_standfirsts_after_the_story_is_not_story(tmp_path):
    teasers = ("Heavy rain warning tells drivers to stay off the coastal road",
               "Museum director says the new wing will \"change the city\"",
               "Police say they know of several hoax calls")
    article = prepare(tmp_path, english_text(TITLE, after=teasers))
    assert PARAGRAPHS[2] in article.body
    assert not any(t in article.body for t in teasers)


def test_a_lead_set_above_the_story_without_its_full_stop_is_part_of_the_story(tmp_path):
    lead = ("Japanese Prime Minister Fumio Kishida will travel to Washington on April 10 for a state visit meant "
            "to deepen defence ties with a close ally, the government in Tokyo said on Friday")
    article = prepare(tmp_path, english_text(TITLE, below_headline=("By Staff Writer", lead)))
    assert article.body.startswith(lead)


@pytest.mark.parametrize("line", [
    "Kishida Heads To Washington For A State Visit Meant To Deepen Defence Ties With A Close Ally Of Japan",
    "Published 14 March 2024 | 09:53 PM | Tokyo bureau with reporting from our correspondents in Washington DC",
    "Trade ministers to meet",
])
def test_a_title_cased_standfirst_or_a_date_line_above_the_story_stays_out_of_it(tmp_path, line):
    article = prepare(tmp_path, english_text(TITLE, below_headline=(line,)))
    assert line not in article.body


def test_an_ad_slot_a_caption_a_photo_credit_and_a_section_label_inside_the_story_do_not_end_it(tmp_path):
    background = ("On 9 January, President Emmanuel Macron named Gabriel Attal prime minister, the youngest "
                  "to hold the post in the history of the Fifth Republic.")
    story = ("The harbour council voted on Tuesday to approve a new ferry line, and President Emmanuel Macron "
             "welcomed the decision in a statement.")
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(
        story, *PARAGRAPHS[1:], "Advertisement:", "The ferry terminal in the old port.",
        "Photo: Harbour council on Telegram", "Background:", background)))
    assert background in article.body
    assert "Photo: Harbour council" not in article.body


def test_a_related_link_right_under_the_lead_is_an_inline_teaser_not_the_end(tmp_path):
    after = ("In the meeting, the two leaders took up trade, investment and the protection of the rainforest, "
             "and agreed that their delegations would meet again within a month.")
    article = prepare(tmp_path, english_text(TITLE, paragraphs=(
        PARAGRAPHS[0], "RELATED:", "Harbour Board Puts Night Crossings On Hold", after, *PARAGRAPHS[1:])))
    assert after in article.body
    assert "Night Crossings" not in article.body
