"""`newsgraph evaluate`: the matching rules of the gold format, and one store built by the real loader."""
from __future__ import annotations

import gc
import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgraph.loader.evaluation import Gold, GoldError, evaluate, format_text, load_gold, parse_gold
from newsgraph.loader.evaluation.compare import (
    GoldDate,
    judge_date,
    lies_within,
    normalise_name,
    normalise_quote,
    normalise_title,
    parse_date,
    quote_coverage,
    quote_matches,
    source_matches,
)
from newsgraph.loader.evaluation.matching import PersonMap
from newsgraph.loader.evaluation.stored import Fact
from newsgraph.loader.facts.actors.score import score_persons
from newsgraph.loader.facts.meetings.score import match_meetings

SECTIONS = {"articles", "persons", "offices", "meetings", "statements", "tenures"}


# ---------------------------------------------------------------------------------------------
# Matching primitives
# ---------------------------------------------------------------------------------------------

def test_names_compare_without_case_accents_and_punctuation():
    assert normalise_name("Sérgei  SHOIGU") == normalise_name("sergei shoigu") == "sergei shoigu"
    assert normalise_name("Mo Hong'e") == "mo hong e"
    assert normalise_name("Lai Ching-te") == normalise_name("Lai Ching Te")
    assert normalise_name("Kira Rudik") != normalise_name("Kira Ruddick")


def test_titles_compare_after_normalising_quotes_dashes_space_and_case():
    assert normalise_title("Chinese defense chief promises Russia support on ‘Ukrainian issue’") == \
        normalise_title("Chinese defense chief  promises russia support on 'Ukrainian issue'")
    assert normalise_title("A – B “c”") == normalise_title('a - b "C"')


@pytest.mark.parametrize("value, period, inside", [
    ("2023-12", "2023", True),             # finer and inside
    ("2023", "2023-03", False),            # coarser is not within
    ("2023-03", "2023-03", True),          # equal
    ("2023-03-31", "2023-03", True),
    ("2023-04-01", "2023-03", False),
    ("2023-04-17", {"start": "2023-04-16", "end": "2023-04-19"}, True),
    ({"start": "2023-04-16", "end": "2023-04-19"}, {"start": "2023-04-16", "end": "2023-04-19"}, True),
    ({"start": "2023-04-15", "end": "2023-04-19"}, {"start": "2023-04-16", "end": "2023-04-19"}, False),
    ("2024-02", "2024", True),
])
def test_dates_lie_within(value, period, inside):
    assert lies_within(parse_date(value), parse_date(period)) is inside


def test_date_parsing_rejects_what_is_not_an_iso_date():
    for bad in ("2023-13", "2023-02-30", "March 2023", "23", {"start": "2023-05"}):
        with pytest.raises(ValueError):
            parse_date(bad)
    assert str(parse_date(2023)) == "2023"  # YAML reads an unquoted year as a number


def test_unknown_gold_dates_accept_no_date_or_the_true_one():
    unknown = GoldDate(unknown=True, true=parse_date("2022-10-26"))
    assert judge_date(None, unknown) == "right"
    assert judge_date(parse_date("2022-10-26"), unknown) == "right"
    assert judge_date(parse_date("2024-11-08"), unknown) == "wrong"     # e.g. a banner date
    assert judge_date(parse_date("2022-10-26"), GoldDate(unknown=True)) == "wrong"
    known = GoldDate(value=parse_date("2023"))
    assert judge_date(None, known) == "missing"
    assert judge_date(parse_date("2023-05"), known) == "right"
    assert judge_date(parse_date("2023-05"), known, exact=True) == "wrong"   # article dates: same precision
    assert judge_date(parse_date("2023"), known, exact=True) == "right"
    assert judge_date(parse_date("2023"), None) is None


def test_quotes_match_as_substrings_after_normalising():
    gold = "We will not change or abandon our long-standing policy course on this matter"
    assert quote_matches(gold, "“We will not change or abandon our long–standing policy course on this matter,” he said")
    assert quote_matches("Strong support from the Russian side", "STRONG support   from the Russian side on Taiwan.")
    assert not quote_matches(gold, "We will change our policy")
    assert normalise_quote("‘dirty bomb’") == normalise_quote("'dirty bomb'") == "dirty bomb"


def test_a_shorter_loaded_quote_must_cover_80_percent_of_the_gold_words():
    gold = "one two three four five six seven eight nine ten"
    assert quote_coverage(gold, "one two three four five six seven eight") == pytest.approx(0.8)
    assert quote_matches(gold, "one two three four five six seven eight")
    assert quote_matches(gold, "three four five six seven eight nine ten")
    assert not quote_matches(gold, "one two three four five six seven")       # 70%
    assert not quote_matches(gold, "two three four five six seven eight nine ten eleven")  # not a substring


def test_article_keys_are_file_prefixes_and_a_line_key_names_one_line():
    assert source_matches("004", "004_7bbec024cd87ad12.txt")
    assert not source_matches("004", "0004_x.txt")
    assert source_matches("110", "110_wire-digest.jsonl#1") and source_matches("110", "110_wire-digest.jsonl#2")
    assert source_matches("110_wire-digest.jsonl#1", "110_wire-digest.jsonl#1")
    assert not source_matches("110_wire-digest.jsonl#1", "110_wire-digest.jsonl#10")
    assert not source_matches("110_wire-digest.jsonl#1", "110_wire-digest.jsonl#2")


# ---------------------------------------------------------------------------------------------
# Persons and meetings on hand-made facts
# ---------------------------------------------------------------------------------------------

def small_gold(**sections) -> Gold:
    data = {"articles": [{"file": "001"}, {"file": "002"}],
            "persons": [{"name": "Wei Fenghe", "aliases": ["Wei"]}, {"name": "Sergei Shoigu", "aliases": ["Shoigu"]},
                        {"name": "Joseph Wu", "aliases": ["Wu"]}],
            "allowed_persons": ["Mo Hong'e"], "forbidden_persons": ["Elon Musk"]}
    data.update(sections)
    return parse_gold(data, "test.yaml")


def person(iri, pref, *alts, sources=("001_a.txt",)):
    return Fact(iri, pref, list(sources), [{"sentence": f"{pref} said.", "source": sources[0]}],
                {"pref": pref, "labels": [pref, *alts]})


def test_persons_split_merged_allowed_and_forbidden():
    gold = small_gold()
    persons = [
        person("p:wei", "Wei Fenghe", "Wei"),
        person("p:wei2", "Wei"),                       # split: a second entity for Wei Fenghe
        person("p:mixed", "Joseph Wu", "Shoigu"),      # one entity for two gold persons
        person("p:mo", "Mo Hong’e"),                   # allowed: neither right nor wrong
        person("p:musk", "Elon Musk"),                 # forbidden
        person("p:x", "John Smith"),                   # not a gold person
    ]
    sec, forbidden = score_persons(gold, persons, PersonMap(gold, persons))
    result = sec.result()
    assert result["counts"]["loaded"] == {"right": 1, "total": 5}
    reasons = {w["fact"].split(" (")[0]: w["reason"] for w in result["wrong"]}
    assert reasons["Wei"].startswith("split")
    assert "several gold persons" in reasons["Joseph Wu"]
    assert "forbidden" in reasons["Elon Musk"]
    assert "not a gold person" in reasons["John Smith"]
    assert [f["person"] for f in forbidden] == ["Elon Musk"]
    assert {m["entry"].split(" (")[0] for m in result["misses"]} == {"Sergei Shoigu", "Joseph Wu"}
    assert result["core_recall"] == pytest.approx(1 / 3)


def meeting(iri, kind, participants, date=None, sources=("001_a.txt",)):
    iris = [f"p:{n}" for n in participants]
    return Fact(iri, iri, list(sources), [], {
        "kind": kind, "participants": iris, "participant_labels": list(participants),
        "date": parse_date(date) if date else None, "place": None, "place_labels": [], "status": "held"})


def test_two_loaded_meetings_for_one_gold_meeting_make_one_duplicate():
    gold = small_gold(meetings=[
        {"participants": ["Wei Fenghe", "Sergei Shoigu"], "kind": "in_person", "date": "2021-07-28", "articles": ["001"]},
    ])
    persons = [person("p:Wei Fenghe", "Wei Fenghe"), person("p:Sergei Shoigu", "Sergei Shoigu")]
    pmap = PersonMap(gold, persons)
    facts = [meeting("m:1", "in_person", ["Sergei Shoigu", "Wei Fenghe"], None),
             meeting("m:2", "in_person", ["Wei Fenghe", "Sergei Shoigu"], "2021-07-28"),
             meeting("m:3", "phone_call", ["Wei Fenghe", "Sergei Shoigu"], "2021-07-28")]
    assigned, duplicates = match_meetings(facts, gold.meetings, pmap)
    assert assigned == {1: 0}          # the one whose date fits counts
    assert duplicates == {0: 0}        # the other is a duplicate, so wrong
    assert 2 not in assigned and 2 not in duplicates   # wrong kind matches nothing


def test_when_several_gold_meetings_fit_the_date_decides():
    gold = small_gold(meetings=[
        {"participants": ["Wei Fenghe", "Sergei Shoigu"], "kind": "phone_call", "date": "2021-02"},
        {"participants": ["Wei Fenghe", "Sergei Shoigu"], "kind": ["phone_call", "video_call"], "date": "2021-09"},
        {"participants": ["Wei Fenghe", "Joseph Wu"], "kind": "phone_call", "date": "2021-09"},
    ])
    persons = [person(f"p:{n}", n) for n in ("Wei Fenghe", "Sergei Shoigu", "Joseph Wu")]
    pmap = PersonMap(gold, persons)
    facts = [meeting("m:sep", "phone_call", ["Wei Fenghe", "Sergei Shoigu"], "2021-09-10"),
             meeting("m:feb", "phone_call", ["Wei Fenghe", "Sergei Shoigu"], "2021-02"),
             meeting("m:unnamed", "phone_call", ["Wei Fenghe", "Someone Else"], "2021-09")]
    assigned, duplicates = match_meetings(facts, gold.meetings, pmap)
    assert assigned == {0: 1, 1: 0}
    assert not duplicates



def test_a_gold_meeting_pairs_with_the_loaded_meeting_from_its_own_article_before_the_date():
    gold = small_gold(meetings=[
        {"participants": ["Wei Fenghe", "Sergei Shoigu"], "kind": "in_person", "date": "2021-07", "articles": ["001"]},
        {"participants": ["Wei Fenghe", "Sergei Shoigu"], "kind": "in_person", "date": "2022-03", "articles": ["002"]},
    ])
    persons = [person("p:Wei Fenghe", "Wei Fenghe"), person("p:Sergei Shoigu", "Sergei Shoigu")]
    pmap = PersonMap(gold, persons)
    # the report in 002 carries a wrong date that fits the 001 meeting; 001's report has no date
    facts = [meeting("m:002", "in_person", ["Wei Fenghe", "Sergei Shoigu"], "2021-07-20", sources=("002_b.txt",)),
             meeting("m:001", "in_person", ["Wei Fenghe", "Sergei Shoigu"], None, sources=("001_a.txt",))]
    assigned, duplicates = match_meetings(facts, gold.meetings, pmap)
    assert assigned == {0: 1, 1: 0}
    assert not duplicates

# ---------------------------------------------------------------------------------------------
# The gold file
# ---------------------------------------------------------------------------------------------

def test_a_malformed_gold_file_is_reported_with_its_name(tmp_path):
    cases = {
        "syntax.yaml": "articles: [\n",
        "number.yaml": "articles:\n  - file: 004\n",
        "noarticles.yaml": "persons: []\n",
        "kind.yaml": "articles:\n  - {file: \"004\"}\nmeetings:\n  - {participants: [A], kind: lunch}\n",
        "date.yaml": "articles:\n  - {file: \"004\", published: \"2021-13-01\"}\n",
        "list.yaml": "- just a list\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(GoldError) as info:
            load_gold(path)
        assert name in str(info.value)
    with pytest.raises(GoldError, match="no such gold file"):
        load_gold(tmp_path / "missing.yaml")


def test_the_shared_gold_files_parse():
    repo = Path(__file__).resolve().parents[1]
    for path in (repo / "examples" / "gold.yaml", repo.parent / "shared" / "gold" / "seeds.yaml"):
        if path.exists():
            gold = load_gold(path)
            assert gold.articles and gold.persons and gold.meetings and gold.tenures


# ---------------------------------------------------------------------------------------------
# End to end: the real loader on a crafted article, a tiny gold file, the CLI
# ---------------------------------------------------------------------------------------------

STORY = """\
Chinese and Russian defence ministers meet in Moscow

March 3, 2022

MOSCOW — Chinese Defence Minister Wei Fenghe met Russian Defence Minister Sergei Shoigu in Moscow on Tuesday, the two ministries said.

"Our cooperation in the military field is developing steadily in all areas," Shoigu said at the start of the talks.

Wei told reporters that the two armed forces would hold more joint exercises this year and would keep in close contact on regional security issues.

The ministers also discussed the situation in Central Asia and agreed to meet again later in the year, officials said after the talks ended in the evening. Businessman Elon Musk was not part of the talks.
"""

OTHER = """\
Harbour council approves new ferry line

June 5, 2021

The harbour council voted on Tuesday to approve a new ferry line between the old port and the northern islands, ending a debate that had lasted for more than two years.

Mayor Hannah Lindqvist said the service would start next spring and would run every hour during the summer season, with fewer crossings in the winter months.

Local business owners welcomed the decision, saying that better connections would bring more visitors to the islands and help shops that have struggled since the old ferry was retired.
"""

GOLD = """\
articles:
  - {file: "201", title: "Chinese and Russian defence ministers meet in Moscow", published: "2022-03-03"}
persons:
  - {name: Wei Fenghe, aliases: [Wei]}
  - {name: Sergei Shoigu, aliases: [Shoigu]}
  - {name: Li Shangfu, aliases: [Li]}              # deliberately wrong: not in the story
forbidden_persons: [Elon Musk]
offices:
  - {person: Wei Fenghe, role: defence_minister, country: China, articles: ["201"]}
  - {person: Sergei Shoigu, role: defence_minister, country: Russia, articles: ["201"]}
  - {person: Wei Fenghe, role: foreign_minister, country: China, articles: ["201"]}   # deliberately wrong
meetings:
  - {participants: [Wei Fenghe, Sergei Shoigu], kind: in_person, date: "2022-03-01", place: "Moscow, Russia", status: held, articles: ["201"]}
  - {participants: [Wei Fenghe, Sergei Shoigu], kind: phone_call, date: "2022-01", status: held, articles: ["201"], tier: stretch}
statements:
  - {speaker: Sergei Shoigu, quote: "cooperation in the military field is developing steadily", articles: ["201"]}
  - {speaker: Wei Fenghe, quote: "We will never meet again", articles: ["201"]}   # deliberately wrong
tenures:
  - role: defence_minister
    country: China
    order: [Wei Fenghe]
    checks:
      - {person: Wei Fenghe, last_attested_before: "2023"}
      - {person: Wei Fenghe, start: "2018-03", tier: stretch}
"""


@pytest.fixture(scope="module")
def crafted(tmp_path_factory):
    """A store holding the crafted story (in scope) and an unrelated article (out of scope)."""
    from newsgraph.loader.load import load_paths
    from newsgraph.loader.nlp import get_pipeline
    from newsgraph.loader.store import GraphStore

    root = tmp_path_factory.mktemp("evaluation")
    (root / "in").mkdir()
    (root / "in" / "201_moscow-talks.txt").write_text(STORY, encoding="utf-8")
    (root / "in" / "301_ferry.txt").write_text(OTHER, encoding="utf-8")
    store = GraphStore(root / "store")
    report = load_paths([str(root / "in")], store, nlp=get_pipeline())
    assert report.loaded == 2, report.summary_lines()
    store.flush()
    del store
    gc.collect()
    gold = root / "gold.yaml"
    gold.write_text(GOLD, encoding="utf-8")
    return root / "store", gold


def run_evaluation(store_path, gold_path):
    from newsgraph.loader.store import GraphStore

    store = GraphStore(store_path, create=False)
    try:
        return evaluate(store, load_gold(gold_path))
    finally:
        del store
        gc.collect()


def test_end_to_end_finds_what_is_there_and_misses_the_wrong_gold_facts(crafted):
    result = run_evaluation(*crafted)
    s = result["sections"]
    assert set(s) == SECTIONS

    assert s["articles"]["in_scope"] == ["201_moscow-talks.txt"]       # the ferry story is not scored
    assert s["articles"]["core_recall"] == 1.0 and s["articles"]["precision"] == 1.0

    persons = s["persons"]
    assert [m["entry"] for m in persons["misses"]] == ["Li Shangfu (aliases: Li)"]
    assert persons["counts"]["core"] == {"found": 2, "total": 3}
    assert not any("Lindqvist" in w["fact"] for w in persons["wrong"])  # out of scope
    musk = [w for w in persons["wrong"] if "Elon Musk" in w["fact"]]
    assert musk and musk[0]["evidence"][0]["source"] == "201_moscow-talks.txt"
    assert "Elon Musk" in musk[0]["evidence"][0]["sentence"]
    assert [f["person"] for f in result["forbidden_found"]] == ["Elon Musk"]

    offices = s["offices"]
    assert [m["entry"] for m in offices["misses"]] == ["Wei Fenghe: foreign_minister of China [201]"]
    assert offices["counts"]["core"] == {"found": 2, "total": 3}

    meetings = s["meetings"]
    assert meetings["core_recall"] == 1.0 and meetings["precision"] == 1.0
    assert meetings["stretch_recall"] == 0.0 and meetings["misses"][0]["tier"] == "stretch"
    assert meetings["attributes"]["date"] == {"right": 1, "wrong": 0, "missing": 0}
    assert meetings["attributes"]["place"]["right"] == 1                # "Moscow" fits "Moscow, Russia"

    statements = s["statements"]
    assert statements["counts"]["core"] == {"found": 1, "total": 2}
    assert "We will never meet again" in statements["misses"][0]["entry"]

    tenures = s["tenures"]
    assert tenures["counts"]["core"] == {"found": 2, "total": 2}        # the order, and last attested
    assert tenures["stretch_recall"] == 0.0                              # no start is stated
    assert "not listed" not in tenures["misses"][0].get("why", "")

    text = format_text(result, gold_path="gold.yaml", store_path="store")
    assert "persons     core recall 0.67 (2/3)" in text
    assert "miss  [core] Li Shangfu" in text
    assert "evidence (201_moscow-talks.txt)" in text
    assert "forbidden persons found: 1" in text


def test_cli_json_has_the_documented_shape(crafted):
    from newsgraph.loader.cli import main

    store_path, gold_path = crafted
    result = CliRunner().invoke(main, ["evaluate", str(gold_path), "--store", str(store_path), "--json"])
    gc.collect()
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"sections", "forbidden_found"}
    assert set(data["sections"]) == SECTIONS
    for name, section in data["sections"].items():
        for key in ("core_recall", "precision", "stretch_recall"):
            assert isinstance(section[key], float) and 0.0 <= section[key] <= 1.0, (name, key)
        assert isinstance(section["misses"], list) and isinstance(section["wrong"], list)
    assert isinstance(data["forbidden_found"], list)


def test_cli_exits_1_on_a_bad_gold_file_or_a_missing_store(crafted, tmp_path):
    from newsgraph.loader.cli import main

    store_path, gold_path = crafted
    bad = tmp_path / "bad.yaml"
    bad.write_text(textwrap.dedent("""\
        articles:
          - file: 201
    """), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(bad), "--store", str(store_path)])
    gc.collect()
    assert result.exit_code == 1 and "bad.yaml" in result.output and "quote" in result.output
    result = CliRunner().invoke(main, ["evaluate", str(gold_path), "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "no store" in result.output
    assert not (tmp_path / "nowhere").exists()


def test_source_keys_find_the_same_keys_as_comparing_each_one():
    from newsgraph.loader.evaluation.compare import SourceKeys, source_matches

    keys = ["000.txt", "001", "01", "feed.jsonl", "feed.jsonl#2", "feed.jsonl#12", "x#1", "a"]
    sources = ["000.txt", "001.txt", "0012.txt", "feed.jsonl#2", "feed.jsonl#12", "feed.jsonl#1",
               "other.txt", "x#1", "x#10", "abc.html"]
    index = SourceKeys(keys)
    for source in sources:
        assert sorted(index.matching(source)) == sorted(k for k in keys if source_matches(k, source)), source


# ---------------------------------------------------------------------------------------------
# The sections come from the registry of fact kinds
# ---------------------------------------------------------------------------------------------

def test_the_gold_sections_are_the_articles_then_the_sections_of_the_registry_s_kinds():
    from newsgraph.loader.evaluation.gold import sections
    from newsgraph.loader.facts import KINDS

    names = sections()
    assert names[0] == "articles"
    assert sorted(names[1:]) == sorted(s for k in KINDS for s in k.sections)
    assert names == ("articles", "persons", "offices", "meetings", "statements", "tenures")  # the report's order


def test_a_new_kind_s_score_part_adds_its_section_to_the_gold_file_and_the_report(crafted, monkeypatch, tmp_path):
    from newsgraph.loader import facts

    package = tmp_path / "sanctions_kind_for_evaluation"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "score.py").write_text(textwrap.dedent("""\
        from newsgraph.loader.evaluation.matching import Section


        def read_sanctions(read, entries):
            return [{"by": read.person(read.text(e, "by", f"sanctions[{i}]")), "tier": read.tier(e, f"sanctions[{i}]")}
                    for i, e in enumerate(entries)]


        GOLD = {"sanctions": read_sanctions}


        def score(context):
            sec = Section("sanctions")
            for g in context.gold.sanctions:
                sec.item(g["tier"], False, f"sanction by {g['by']}", why="no sanction is extracted")
            return {"sanctions": sec}
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    kind = facts.FactKind("sanctions", ("actors",), ("Sanction",), ("sanctions",), package="sanctions_kind_for_evaluation")
    monkeypatch.setattr(facts, "KINDS", (*facts.KINDS, kind))
    store_path, gold_path = crafted
    gold = tmp_path / "gold.yaml"
    gold.write_text(gold_path.read_text(encoding="utf-8") + "\nsanctions:\n  - {by: Wei Fenghe}\n", encoding="utf-8")

    result = run_evaluation(store_path, gold)
    assert list(result["sections"]) == ["articles", "persons", "offices", "meetings", "statements", "sanctions", "tenures"]
    assert result["sections"]["sanctions"]["counts"]["core"] == {"found": 0, "total": 1}
    text = format_text(result)
    assert "sanctions   core recall 0.00 (0/1)" in text
    assert "miss  [core] sanction by Wei Fenghe  -- no sanction is extracted" in text
