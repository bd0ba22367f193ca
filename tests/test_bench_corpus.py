"""bench/corpus.py: the synthetic corpus generator and the gold file it writes.

The generator's promise is that its gold file is right for what its texts say, so that scale
runs measure the extractor and not the generator. These tests check the promise where it can be
checked without the extractor (the gold parses, every gold quote and file exists, the generator's
own date arithmetic agrees with the loader's, names cannot be merged by mistake, the chrome ends
where the loader expects) and run one small corpus end to end as a sanity floor.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from random import Random

import pytest

from newsgraph.loader.chrome import END_MARKERS, remove_chrome
from newsgraph.loader.dates import resolve_time
from newsgraph.loader.evaluation import evaluate_file, format_text, load_gold
from newsgraph.loader.evaluation.compare import normalise_quote
from newsgraph.loader.lexicon import lexicon
from newsgraph.loader.records import DateValue

REPO = Path(__file__).resolve().parents[1]
SECTIONS = ("articles", "persons", "offices", "meetings", "statements", "tenures")


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_corpus"] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def article_texts(outdir: Path) -> dict[str, str]:
    """Gold article key -> the text it names (a file, or one line of a .jsonl file)."""
    texts = {}
    for path in sorted((outdir / "articles").iterdir()):
        if path.suffix == ".txt":
            texts[path.name] = path.read_text(encoding="utf-8")
        elif path.suffix == ".jsonl":
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                texts[f"{path.name}#{n}"] = json.loads(line)["text"]
    return texts


def texts_for(key: str, texts: dict[str, str]) -> list[str]:
    if "#" in key:
        return [texts[key]] if key in texts else []
    return [t for name, t in texts.items() if name.startswith(key)]


@pytest.fixture(scope="module")
def txt50(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus50")
    counts = corpus.generate(50, out, seed=3)
    return out, counts


@pytest.fixture(scope="module")
def jsonl50(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus50j")
    counts = corpus.generate(50, out, seed=3, fmt="jsonl")
    return out, counts


# -- determinism and the CLI ---------------------------------------------------------------------

def test_same_seed_gives_byte_identical_files(txt50, tmp_path):
    out, _ = txt50
    again = tmp_path / "again"
    corpus.generate(50, again, seed=3)
    first, second = digest(out), digest(again)
    assert first == second
    assert len([k for k in first if k.endswith(".txt")]) == 50 and "gold.yaml" in first


def test_other_seed_gives_another_corpus(txt50, tmp_path):
    out, _ = txt50
    corpus.generate(50, tmp_path / "other", seed=4)
    assert (out / "gold.yaml").read_bytes() != (tmp_path / "other" / "gold.yaml").read_bytes()


def test_cli_prints_one_summary_line(tmp_path, capsys):
    assert corpus.main(["12", str(tmp_path / "cli"), "--seed", "5", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("12 articles"), lines
    assert (tmp_path / "cli" / "gold.yaml").is_file()
    assert list((tmp_path / "cli" / "articles").glob("*.jsonl"))


def test_rerun_into_the_same_folder_replaces_the_corpus(tmp_path):
    corpus.generate(20, tmp_path / "c", seed=1)
    corpus.generate(8, tmp_path / "c", seed=1)
    assert len(list((tmp_path / "c" / "articles").glob("*.txt"))) == 8
    assert len(load_gold(tmp_path / "c" / "gold.yaml").articles) == 8


# -- the gold file ---------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["txt50", "jsonl50"])
def test_gold_parses_and_names_every_article(which, request):
    out, counts = request.getfixturevalue(which)
    gold = load_gold(out / "gold.yaml")
    texts = article_texts(out)
    assert len(gold.articles) == counts["articles"] == 50
    assert {a["file"] for a in gold.articles} == set(texts)    # every gold file exists, and only those
    assert gold.persons and gold.offices and gold.meetings and gold.statements
    undated = [a for a in gold.articles if a["published"].unknown]
    assert all(a["published"].true is not None for a in undated)


@pytest.mark.parametrize("which", ["txt50", "jsonl50"])
def test_every_fact_names_existing_articles(which, request):
    out, _ = request.getfixturevalue(which)
    gold = load_gold(out / "gold.yaml")
    texts = article_texts(out)
    for section in (gold.offices, gold.meetings, gold.statements):
        for entry in section:
            assert entry["articles"], entry["raw"]
            for key in entry["articles"]:
                assert len(texts_for(key, texts)) == 1, (key, entry["raw"])


@pytest.mark.parametrize("which", ["txt50", "jsonl50"])
def test_every_gold_quote_occurs_in_its_articles(which, request):
    out, _ = request.getfixturevalue(which)
    gold = load_gold(out / "gold.yaml")
    texts = article_texts(out)
    by_article = {}
    for st in gold.statements:
        for key in st["articles"]:
            (text,) = texts_for(key, texts)
            assert st["quote"] in text, (key, st["quote"])
            by_article.setdefault(key, []).append((st["speaker"], normalise_quote(st["quote"])))
    for key, quotes in by_article.items():   # one speaker's words are never inside another's quote
        for s1, q1 in quotes:
            assert not [s2 for s2, q2 in quotes if s2 != s1 and q1 in q2], (key, q1)


def test_gold_names_occur_in_the_story_and_teaser_names_only_in_chrome(txt50):
    out, _ = txt50
    gold = load_gold(out / "gold.yaml")
    texts = article_texts(out)
    bodies = {k: remove_chrome(t).body for k, t in texts.items()}
    forms = {p["name"]: [p["name"], *p["aliases"]] for p in gold.persons}
    for o in gold.offices:
        for key in o["articles"]:
            (body,) = texts_for(key, bodies)
            assert any(f in body for f in forms[o["person"]]), (key, o["person"])
    for m in gold.meetings:
        for key in m["articles"]:
            (body,) = texts_for(key, bodies)
            for p in m["participant_list"]:
                assert any(f in body for f in forms[p]), (key, p)
    everything = "\n".join(bodies.values())
    for name in gold.forbidden:
        assert name not in everything
        assert any(name in t for t in texts.values())


def test_jsonl_files_hold_at_most_10000_lines_under_the_loader_size_limit(jsonl50):
    out, _ = jsonl50
    for path in (out / "articles").glob("*.jsonl"):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert 1 <= len(lines) <= 10_000 and path.stat().st_size <= 5_000_000
        for line in lines:
            record = json.loads(line)
            assert {"text", "title", "outlet", "url"} <= set(record)


def test_undated_articles_have_no_publication_date_anywhere(jsonl50):
    out, _ = jsonl50
    gold = load_gold(out / "gold.yaml")
    undated = {a["file"] for a in gold.articles if a["published"].unknown}
    assert undated
    for path in (out / "articles").glob("*.jsonl"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            record = json.loads(line)
            assert ("published" not in record) == (f"{path.name}#{n}" in undated)


# -- the generator's own assumptions about the loader --------------------------------------------

def test_countries_are_those_of_the_country_table():
    lex = lexicon()
    for row in corpus.COUNTRIES:
        name, dem, capital = row[:3]
        assert name in lex.countries, name
        assert lex.country_of(dem) == name, dem
        assert lex.capitals.get(capital.lower()) == name, capital
        for title in [t for t in row[4:6] if t] + list(row[6]) + list(row[7]):
            assert title.lower() in lex.role_phrases or title.lower().replace("defence", "defense") in lex.role_phrases


def test_every_end_marker_ends_the_story_for_the_loader():
    for marker in corpus.END_MARKERS + ["Related Articles", "You might also like", "More from World", "Most Popular"]:
        assert END_MARKERS.match(marker), marker


def test_time_phrases_resolve_as_the_loader_resolves_them():
    rng = Random(0)

    def as_tuple(when):
        if when is None:
            return None
        s, e = when.start, when.end or when.start
        if s.day is None:
            return ("month", s.year, s.month)
        if when.is_range:
            return ("range", dt.date(s.year, s.month, s.day), dt.date(e.year, e.month, e.day))
        return ("day", dt.date(s.year, s.month, s.day))

    for _ in range(3000):
        event = dt.date(2015, 3, 1) + dt.timedelta(days=rng.randint(0, 3800))
        dated = rng.random() < 0.8
        if rng.random() < 0.5:
            pub = event + dt.timedelta(days=rng.choice([0, 1, 2, 5, 6, 7, 12, 30, 40]))
            phrase, justified = corpus.held_when(rng, event, pub, dated)
            future = False
        else:
            pub = event - dt.timedelta(days=rng.randint(2, 13))
            phrase, justified = corpus.planned_when(rng, event, rng.choice([0, 1, 2]), pub, dated)
            future = True
        anchor = DateValue(pub.year, pub.month, pub.day) if dated else None
        assert as_tuple(resolve_time(phrase, anchor, future=future)) == justified, (phrase, event, pub, dated)


def test_no_two_people_can_be_merged_by_name():
    world = corpus.World(Random(0))
    shorts = [p.short.lower() for p in world.people]
    assert len(shorts) == len(set(shorts))
    tokens_of_others = {}
    for p in world.people:
        for t in p.tokens:
            tokens_of_others.setdefault(t.lower(), set()).add(p.pid)
    for p in world.people:
        assert tokens_of_others[p.short.lower()] == {p.pid}, p.name   # a short form is nobody else's name part
    from rapidfuzz import fuzz
    forms = [(p.pid, corpus.norm_name(f)) for p in world.people for f in filter(None, (p.name, p.variant))]
    by_token = {}
    for pid, f in forms:
        parts = f.split()
        for t in {parts[0], parts[-1]}:
            by_token.setdefault(t, []).append((pid, f))
    for group in by_token.values():
        for i, (pa, fa) in enumerate(group):
            for pb, fb in group[i + 1:]:
                if pa != pb and len(fa.split()) == len(fb.split()):
                    assert fuzz.ratio(fa, fb) < 88, (fa, fb)
    assert any(p.variant for p in world.people)


# -- end to end --------------------------------------------------------------------------------------

def test_end_to_end_on_30_articles(tmp_path):
    from newsgraph.loader.load import load_paths
    from newsgraph.loader.nlp import get_pipeline
    from newsgraph.loader.store import GraphStore

    out = tmp_path / "c30"
    corpus.generate(30, out, seed=0)
    store = GraphStore(tmp_path / "store")
    report = load_paths([str(out / "articles")], store, nlp=get_pipeline())
    assert report.ok and report.loaded == 30, report.summary_lines()
    result = evaluate_file(store, out / "gold.yaml")
    print()
    for name in SECTIONS:
        s = result["sections"][name]
        print(f"{name:<11} core recall {s['core_recall']:.2f}  precision {s['precision']:.2f}  "
              f"stretch recall {s['stretch_recall']:.2f}  {s['counts']}")
    print(format_text(result))
    for name in SECTIONS:
        s = result["sections"][name]
        assert s["core_recall"] >= 0.5, (name, s["misses"])
        assert s["precision"] >= 0.5, (name, s["wrong"])
    assert result["sections"]["articles"]["core_recall"] == 1.0
    assert not result["forbidden_found"]
