"""Malformed inputs fail alone: each is reported with its file and the reason, and the rest load.

Reading, metadata, language and extraction are checked on their own first (no store, mostly no
spaCy); one command-line load then takes a folder holding every case beside good articles.
"""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import PARAGRAPHS, english_text

from newsgraph.loader import language
from newsgraph.loader.articles import article_id, prepare_article
from newsgraph.loader.html_text import html_to_document
from newsgraph.loader.load import process_documents
from newsgraph.ontology.terms import resolve_base
from newsgraph.loader.reading import read_inputs
from newsgraph.loader.records import Article, InputError, SourceDocument

BASE = "https://w3id.org/newsgraph/data/"
GOOD_TITLE = "Harbour Council Approves New Ferry Line"
DEEP_JSON = "[" * 1000 + "]" * 1000  # deeper than Python's json parser can go


def read_folder(folder: Path) -> tuple[list[SourceDocument], list[InputError]]:
    items = list(read_inputs([str(folder)]))
    return ([i for i in items if isinstance(i, SourceDocument)], [i for i in items if isinstance(i, InputError)])


def story(title: str, *extra: str) -> str:
    return english_text(title, paragraphs=(*PARAGRAPHS, *extra))


def html_page(title: str, head: str = "") -> str:
    return (f"<html><head>{head}</head><body><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>")


def json_line(headline: str, **fields) -> str:
    return json.dumps({"text": story(headline), **fields})


# --------------------------------------------------------------------------------------------
# Inputs that must fail alone, named with the reason
# --------------------------------------------------------------------------------------------

def _json_line_nested_too_deeply(d: Path):
    (d / "feed.jsonl").write_text(json_line("Ferry Timetable Published For The Summer") + "\n"
                                  + '{"text": %s, "extra": %s}\n' % (json.dumps(story("Deep Line Story")), DEEP_JSON),
                                  encoding="utf-8")
    return "feed.jsonl:2", r"nested too deeply", ["feed.jsonl#1"]


def _sidecar_nested_too_deeply(d: Path):
    (d / "a.txt").write_text(story("Island School Gets A New Roof"), encoding="utf-8")
    (d / "a.meta.json").write_text('{"outlet": "Coastal Ledger", "extra": %s}' % DEEP_JSON, encoding="utf-8")
    return "a.meta.json", r"nested too deeply", []


def _title_that_is_a_list(d: Path):
    (d / "feed.jsonl").write_text(json_line("Island School Gets A New Roof", title=["Island", "School"]) + "\n",
                                  encoding="utf-8")
    return "feed.jsonl:1", r"'title'.*list", []


def _title_that_is_nan(d: Path):
    # Python's json reads the bare NaN that some exporters write
    (d / "feed.jsonl").write_text('{"text": %s, "title": NaN}\n' % json.dumps(story("Island School Gets A New Roof")),
                                  encoding="utf-8")
    return "feed.jsonl:1", r"'title'.*NaN", []


def _title_that_is_a_list_in_a_sidecar(d: Path):
    (d / "a.txt").write_text(story("Island School Gets A New Roof"), encoding="utf-8")
    (d / "a.meta.json").write_text(json.dumps({"title": ["Island", "School"]}), encoding="utf-8")
    return "a.meta.json", r"'title'.*list", []


def _language_that_is_a_number(d: Path):
    (d / "feed.jsonl").write_text(json_line("Island School Gets A New Roof", language=7) + "\n", encoding="utf-8")
    return "feed.jsonl:1", r"'language'.*number", []


def _outlet_that_is_an_object_in_a_sidecar(d: Path):
    (d / "a.txt").write_text(story("Island School Gets A New Roof"), encoding="utf-8")
    (d / "a.meta.json").write_text(json.dumps({"outlet": {"name": "Coastal Ledger"}}), encoding="utf-8")
    return "a.meta.json", r"'outlet'.*object", []


def _sidecar_that_is_a_folder(d: Path):
    (d / "a.txt").write_text(story("Island School Gets A New Roof"), encoding="utf-8")
    (d / "a.meta.json").mkdir()
    return "a.meta.json", r"folder", []


FAILING = {
    "json-line-nested-too-deeply": _json_line_nested_too_deeply,
    "sidecar-nested-too-deeply": _sidecar_nested_too_deeply,
    "title-that-is-a-list": _title_that_is_a_list,
    "title-that-is-nan": _title_that_is_nan,
    "title-that-is-a-list-in-a-sidecar": _title_that_is_a_list_in_a_sidecar,
    "language-that-is-a-number": _language_that_is_a_number,
    "outlet-that-is-an-object-in-a-sidecar": _outlet_that_is_an_object_in_a_sidecar,
    "sidecar-that-is-a-folder": _sidecar_that_is_a_folder,
}


@pytest.mark.parametrize("case", list(FAILING), ids=list(FAILING))
def test_a_malformed_input_fails_alone_with_its_name_and_reason_and_the_rest_are_read(case, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(story(GOOD_TITLE), encoding="utf-8")
    named, reason, also_read = FAILING[case](folder)

    docs, errors = read_folder(folder)

    assert [e.source for e in errors] == [str(folder / named)], errors
    assert re.search(reason, errors[0].reason), errors[0]
    assert sorted(d.source for d in docs) == sorted(["good.txt", *also_read])


def test_metadata_that_is_not_a_string_fails_the_article_however_it_was_read():
    doc = SourceDocument(source="page.html", path="page.html", text=story(GOOD_TITLE),
                         metadata={"title": ["Harbour", "Council"]})
    with pytest.raises(InputError, match=r"'title'.*list"):
        prepare_article(doc)


def test_a_folder_that_cannot_be_listed_is_reported_and_the_rest_are_read(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (locked / "inside.txt").write_text(story("Locked Away Story About The Harbour"), encoding="utf-8")
    (folder / "good.txt").write_text(story(GOOD_TITLE), encoding="utf-8")
    deny_listing(monkeypatch, locked)  # chmod 000 does not stop root, who runs the tests

    docs, errors = read_folder(folder)

    assert [d.source for d in docs] == ["good.txt"]
    assert [e.source for e in errors] == [str(locked)]
    assert re.search(r"cannot read folder.*permission denied", errors[0].reason, re.I), errors[0]


def deny_listing(monkeypatch, folder: Path) -> None:
    real = os.scandir

    def scandir(path="."):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


# --------------------------------------------------------------------------------------------
# Inputs that load, with the fault mended
# --------------------------------------------------------------------------------------------

def _lone_surrogate_in_a_json_line(d: Path):
    text = story("Night Ferry Returns To The Northern Islands", "The captain wrote \ud800 in the log.")
    (d / "surrogate.jsonl").write_text(json.dumps({"text": text, "outlet": "Coastal \udc00Ledger"}) + "\n",
                                       encoding="utf-8")
    return "surrogate.jsonl#1", "The captain wrote \ufffd in the log."


def _name_too_long_for_a_sidecar(d: Path):
    name = "n" * 246 + ".txt"  # its sidecar's name would be longer than a file name may be
    (d / name).write_text(story("Long Named Story About The Harbour"), encoding="utf-8")
    return name, PARAGRAPHS[0]


def _json_ld_nested_too_deeply(d: Path):
    head = f'<script type="application/ld+json">{DEEP_JSON}</script>'
    (d / "page.html").write_text(html_page("Harbour Lights Switched On Again", head), encoding="utf-8")
    return "page.html", PARAGRAPHS[1]


MENDED = {
    "lone-surrogate-in-a-json-line": _lone_surrogate_in_a_json_line,
    "name-too-long-for-a-sidecar": _name_too_long_for_a_sidecar,
    "json-ld-nested-too-deeply": _json_ld_nested_too_deeply,
}


@pytest.mark.parametrize("case", list(MENDED), ids=list(MENDED))
def test_an_input_with_a_mendable_fault_is_read_with_its_story(case, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    source, sentence = MENDED[case](folder)

    docs, errors = read_folder(folder)

    assert errors == []
    assert [d.source for d in docs] == [source]
    doc = docs[0]
    assert sentence in doc.text
    for value in (doc.text, doc.title_hint or "", *map(str, doc.metadata.values())):
        value.encode("utf-8")  # nothing the store or a hash would refuse
    article_id(doc.text)


def test_a_lone_surrogate_becomes_the_replacement_character_in_text_and_metadata(tmp_path):
    _lone_surrogate_in_a_json_line(tmp_path)
    (doc,) = list(read_inputs([str(tmp_path / "surrogate.jsonl")]))
    assert doc.metadata["outlet"] == "Coastal \ufffdLedger"
    assert "\ufffd" in doc.text and not re.search("[\ud800-\udfff]", doc.text)


def test_one_invalid_byte_in_utf8_text_is_one_replacement_character_not_a_guessed_code_page(tmp_path):
    text = story(GOOD_TITLE, "The mayor said \u201cthe ferry\u2019s new route is a good one\u201d \u2014 and "
                             "the council\u2019s members agreed with her.")
    data = text.encode("utf-8").replace(b"good one", b"good \xff one")
    (tmp_path / "a.txt").write_bytes(data)

    (doc,) = list(read_inputs([str(tmp_path / "a.txt")]))

    assert doc.text == text.replace("good one", "good \ufffd one")
    assert doc.encoding == "utf-8"


# --------------------------------------------------------------------------------------------
# Language: English is written in the Latin script
# --------------------------------------------------------------------------------------------

# our own sentences: the harbour council story, in Arabic, Russian and Greek
ARABIC = ("وافق مجلس الميناء يوم الثلاثاء على خط عبارات جديد بين الميناء القديم والجزر الشمالية. "
          "وقال أعضاء المجلس إن الخدمة ستبدأ في الربيع المقبل وستعمل كل ساعة خلال الصيف. "
          "ورحب أصحاب المتاجر بالقرار وقالوا إنه سيجلب مزيدا من الزوار إلى الجزر.")
RUSSIAN = ("Совет порта во вторник одобрил новую паромную линию между старым портом и северными островами. "
           "Члены совета сказали, что паром начнёт ходить следующей весной и будет ходить каждый час летом.")
GREEK = ("Το λιμενικό συμβούλιο ενέκρινε την Τρίτη μια νέα γραμμή πορθμείου μεταξύ του παλιού λιμανιού και "
         "των βόρειων νησιών. Τα μέλη του συμβουλίου είπαν ότι η υπηρεσία θα ξεκινήσει την επόμενη άνοιξη.")
OTHER_SCRIPTS = {"arabic": ARABIC, "cyrillic": RUSSIAN, "greek": GREEK}


def test_an_arabic_article_the_identifier_is_unsure_of_is_not_english():
    # the identifier gives this text "ar" at a confidence below the one it needs on its own
    reason = language.non_english_reason(GOOD_TITLE + "\n\n" + ARABIC)
    assert reason and "not English" in reason and "Arabic" in reason


@pytest.mark.parametrize("script", list(OTHER_SCRIPTS))
def test_a_text_mostly_in_another_script_is_not_english_whatever_the_identifier_says(script, monkeypatch):
    monkeypatch.setattr(language, "detect_language", lambda text: ("en", 0.99))
    text = GOOD_TITLE + "\n\n" + OTHER_SCRIPTS[script]
    reason = language.non_english_reason(text)
    assert reason and "not English" in reason and script in reason.lower()
    assert language.non_english_reason(text, stated="en") == reason


def test_an_english_article_quoting_other_scripts_is_still_english():
    quoted = story(GOOD_TITLE, "The sign at the harbour read \u201c\u0645\u0631\u062d\u0628\u0627\u201d and "
                               "\u201c\u0394\u03b9\u03ba\u03b1\u03c3\u03c4\u03ae\u03c1\u03b9\u03bf\u201d, "
                               "the councillors said.")
    assert language.non_english_reason(quoted) is None


# --------------------------------------------------------------------------------------------
# Extraction: one document never sinks its batch
# --------------------------------------------------------------------------------------------

def doc_for(source: str, text: str) -> SourceDocument:
    return SourceDocument(source=source, path=source, text=text)


def test_an_unexpected_error_preparing_one_article_fails_that_article_only(monkeypatch):
    from newsgraph.loader import load

    real = load.prepare_article

    def prepare(doc):
        if doc.source == "bad.txt":
            raise KeyError("a case no check foresaw")
        return real(doc)

    monkeypatch.setattr(load, "prepare_article", prepare)
    docs = [doc_for("a.txt", story(GOOD_TITLE)), doc_for("bad.txt", story("Bridge Works Delayed Again")),
            doc_for("c.txt", story("Island School Gets A New Roof"))]

    outcomes = process_documents(docs, BASE)

    assert [o.source for o in outcomes] == ["a.txt", "bad.txt", "c.txt"]
    assert outcomes[1].failed is not None and "KeyError" in outcomes[1].failed.reason
    assert outcomes[0].nquads and outcomes[2].nquads


@pytest.fixture(scope="module")
def nlp():
    from newsgraph.loader.nlp import get_pipeline

    return get_pipeline(None)


@pytest.mark.slow
def test_a_story_longer_than_the_pipeline_reads_fails_with_its_size_before_spacy(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 2000)  # spaCy refuses longer texts, as it does at 1,000,000
    long_story = story("Very Long Story About The Harbour", *PARAGRAPHS * 10)
    docs = [doc_for("long.txt", long_story), doc_for("good.txt", story(GOOD_TITLE))]

    outcomes = process_documents(docs, BASE, nlp)

    assert outcomes[0].failed is not None
    assert re.search(r"story text is [\d,]+ characters, over the 2,000", outcomes[0].failed.reason)
    assert outcomes[1].failed is None and outcomes[1].nquads


class RefusesMarkedTexts:
    """The real pipeline, except that it raises for a text holding MARK, as spaCy does for a
    text it cannot take."""

    MARK = "UNPARSEABLE"

    def __init__(self, nlp):
        self.nlp, self.max_length = nlp, nlp.max_length

    def _check(self, text):
        if self.MARK in text:
            raise ValueError("this text cannot be parsed")

    def pipe(self, texts, batch_size=32):
        for text in texts:
            self._check(text)
            yield self.nlp(text)

    def __call__(self, text):
        self._check(text)
        return self.nlp(text)


@pytest.mark.slow
def test_a_text_spacy_refuses_fails_alone_and_the_others_of_its_batch_are_extracted(nlp):
    docs = [doc_for("a.txt", story(GOOD_TITLE)),
            doc_for("bad.txt", story("Bridge Works Delayed Again", f"The word {RefusesMarkedTexts.MARK} is here.")),
            doc_for("c.txt", story("Island School Gets A New Roof"))]

    outcomes = process_documents(docs, BASE, RefusesMarkedTexts(nlp))

    assert outcomes[1].failed is not None and "cannot be parsed" in outcomes[1].failed.reason
    assert [o.failed for o in (outcomes[0], outcomes[2])] == [None, None]
    assert outcomes[0].nquads and outcomes[2].nquads


# --------------------------------------------------------------------------------------------
# Pathological HTML: work grows with the page, not with its square
# --------------------------------------------------------------------------------------------

def lines_executed(markup: str) -> int:
    """Python lines run to turn `markup` into a document: a measure of work that, unlike time,
    is the same on every run and machine."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += event == "line"
        return tracer

    sys.settrace(tracer)
    try:
        html_to_document(markup, "page.html", "page.html")
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("shape", ["many-paragraphs", "deep-nesting"])
def test_html_work_grows_linearly_with_paragraphs_and_with_nesting_depth(shape):
    def page(n: int) -> str:
        if shape == "many-paragraphs":
            return "<html><body><h1>Many Short Paragraphs</h1>" + "<p>He said no.</p>" * n + "</body></html>"
        return ("<html><body><h1>Deeply Nested Sections</h1>" + "<div>" * n + "<p>He said no.</p>" + "</div>" * n
                + "</body></html>")

    small, large = lines_executed(page(500)), lines_executed(page(2000))
    assert large < 5 * small, f"4 times the markup cost {large / small:.1f} times the work"


def test_nested_html_keeps_its_text_and_line_breaks():
    markup = "<html><body><h1>Deeply Nested Sections</h1>" + "<div>" * 3000 + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS) + "</div>" * 3000 + "</body></html>"
    doc = html_to_document(markup, "page.html", "page.html")
    assert doc.text.split("\n\n") == ["Deeply Nested Sections", *PARAGRAPHS]


# --------------------------------------------------------------------------------------------
# The base IRI
# --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("base, reason", [
    ("https://example.org/my data/", r"not a valid IRI.*' '"),
    ("https://example.org/<data>/", r"not a valid IRI"),
    ("https:///data/", r"no host"),
    ("ftp://example.org/data/", r"http"),
])
def test_a_base_that_is_not_an_iri_is_refused_with_the_reason(base, reason):
    with pytest.raises(ValueError, match=reason):
        resolve_base(base)


def test_load_refuses_a_base_iri_with_a_space_in_one_line_and_creates_no_store(write_article, run_cli, store_path):
    article = write_article("a.txt", GOOD_TITLE)
    result = run_cli(["load", article, "--store", store_path, "-q", "-w", "2",
                      "--base-iri", "https://example.org/my data/"])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), result.exception
    assert re.search(r"^Error: base IRI 'https://example.org/my data/' is not a valid IRI", result.output, re.M), \
        result.output
    assert "Traceback" not in result.output
    assert not store_path.exists()


# --------------------------------------------------------------------------------------------
# Everything at once, through the command line
# --------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_folder_of_every_malformed_input_loads_its_good_articles_and_names_each_bad_one(
        tmp_path, run_cli, store_path, view, monkeypatch, describe_result):
    folder = tmp_path / "in"
    expected_failures: dict[str, str] = {}  # what the output names -> the reason it gives
    expected_sources = set()
    for case, build in FAILING.items():
        sub = folder / case
        sub.mkdir(parents=True)
        named, reason, also_read = build(sub)
        expected_failures[str(sub / named)] = reason  # read before extraction: named by path
        expected_sources.update(also_read)
    for case, build in MENDED.items():
        sub = folder / case
        sub.mkdir(parents=True)
        source, _ = build(sub)
        expected_sources.add(source)
    titles = ("Harbour Council Approves New Ferry Line", "Mayor Opens New Bridge Over The River",
              "Island Schools Receive New Computers")
    for n, title in enumerate(titles):
        (folder / f"good{n}.txt").write_text(story(title, f"This is the report on {title.lower()}."),
                                             encoding="utf-8")
        expected_sources.add(f"good{n}.txt")
    text = story("Mayor Praises The New Ferry", "She said \u201cit\u2019s a good day\u201d \u2014 and left.")
    (folder / "bad-byte.txt").write_bytes(text.encode("utf-8").replace(b"good day", b"good \xff day"))
    expected_sources.add("bad-byte.txt")
    paragraph = "The council met again on Wednesday and talked about the ferry timetable for a long time. "
    (folder / "huge-story.txt").write_text("Very Long Story About The Harbour Council\n\n" + paragraph * 12000,
                                           encoding="utf-8")
    expected_failures["huge-story.txt"] = r"story text is 1,0\d\d,\d\d\d characters"
    (folder / "arabic.txt").write_text(GOOD_TITLE + "\n\n" + ARABIC + "\n", encoding="utf-8")
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(story("Locked Away Story About The Harbour"), encoding="utf-8")
    deny_listing(monkeypatch, locked)
    expected_failures[str(locked)] = r"cannot read folder"

    result = run_cli(["load", folder, "--store", store_path, "-q", "-w", "1"])

    assert result.exit_code == 1, describe_result(result)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit), describe_result(result)
    assert {a["source"] for a in view.articles(store_path)} == expected_sources
    failed = [line for line in result.output.splitlines() if line.startswith("  failed ")]
    for named, reason in expected_failures.items():
        lines = [line for line in failed if f"failed {named}:" in line]
        assert len(lines) == 1 and re.search(reason, lines[0]), f"{named} /{reason}/ not reported:\n{result.output}"
    assert len(failed) == len(expected_failures), result.output
    assert re.search(r"^  skipped arabic\.txt: not English", result.output, re.M), result.output
    body = view.by_source(store_path)["bad-byte.txt"]["body"]
    assert "\u201cit\u2019s a good \ufffd day\u201d \u2014" in body
