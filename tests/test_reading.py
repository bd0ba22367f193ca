"""Reading inputs: files, folders, globs; .txt, .html, .jsonl; sidecars; encodings; clear errors.

Every error case runs a real `newsgraph load` against a store that already holds an article,
and checks that the message names the file and the reason, the exit code is non-zero, and the
store is exactly as it was.
"""
from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest
from conftest import PARAGRAPHS, XSD, english_text

from newsgraph.loader.reading import iter_files, read_inputs
from newsgraph.loader.records import InputError, SourceDocument

TITLE = "Harbour Council Approves New Ferry Line"


def docs_and_errors(paths, **kwargs):
    items = list(read_inputs([str(p) for p in paths], **kwargs))
    docs = [i for i in items if isinstance(i, SourceDocument)]
    errors = [i for i in items if isinstance(i, InputError)]
    return docs, errors


# --------------------------------------------------------------------------------------------
# Files, folders, globs
# --------------------------------------------------------------------------------------------

def test_txt_file_is_read_as_one_document_with_its_text(write_article):
    path = write_article("a.txt", TITLE)
    docs, errors = docs_and_errors([path])
    assert errors == []
    assert [d.source for d in docs] == ["a.txt"]
    assert docs[0].text == path.read_text(encoding="utf-8")


def test_folder_is_searched_recursively_for_txt_html_and_jsonl_only(tmp_path, run_cli, store_path, view,
                                                                   describe_result):
    root = tmp_path / "inbox"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "top.txt").write_text(english_text("Harbour Council Approves New Ferry Line"), encoding="utf-8")
    (root / "sub" / "page.html").write_text(
        "<html><body><h1>Mayor Opens New Bridge Over The River</h1>"
        + "".join(f"<p>{p.replace('ferry', 'bridge')}</p>" for p in PARAGRAPHS) + "</body></html>",
        encoding="utf-8")
    (root / "sub" / "deeper" / "feed.jsonl").write_text(
        "\n".join(json.dumps({"text": f"{p} This is report number {i} from the islands."}) for i, p in
                  enumerate(PARAGRAPHS[:2], start=1)) + "\n", encoding="utf-8")
    (root / "notes.md").write_text(english_text("Not An Article Input At All Here"), encoding="utf-8")
    (root / ".hidden.txt").write_text(english_text("Hidden Files Are Not Articles Here"), encoding="utf-8")
    (root / "top.meta.json").write_text(json.dumps({"outlet": "Coastal Ledger"}), encoding="utf-8")

    result = run_cli(["load", root, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    sources = {a["source"] for a in view.articles(store_path)}
    assert sources == {"top.txt", "page.html", "feed.jsonl#1", "feed.jsonl#2"}
    # the sidecar is metadata, not an article of its own
    assert view.by_source(store_path)["top.txt"]["outlet"] == "Coastal Ledger"


def test_glob_selects_matching_files_and_double_star_recurses(tmp_path, write_article):
    root = tmp_path / "g"
    write_article("one.txt", "First Story About The Harbour Council", folder=root)
    write_article("two.txt", "Second Story About The Harbour Council", folder=root)
    write_article("three.txt", "Third Story About The Harbour Council", folder=root / "nested")
    (root / "skip.html").write_text("<p>not matched by the pattern</p>", encoding="utf-8")

    docs, errors = docs_and_errors([f"{root}/*.txt"])
    assert errors == []
    assert sorted(d.source for d in docs) == ["one.txt", "two.txt"]

    docs, errors = docs_and_errors([f"{root}/**/*.txt"])
    assert errors == []
    assert sorted(d.source for d in docs) == ["one.txt", "three.txt", "two.txt"]


def test_glob_matching_nothing_is_an_error_naming_the_pattern(tmp_path):
    pattern = f"{tmp_path}/nothing-here-*.txt"
    docs, errors = docs_and_errors([pattern])
    assert docs == []
    assert len(errors) == 1
    assert pattern in str(errors[0])


def test_folders_are_read_in_sorted_order_without_following_folder_links(tmp_path):
    """The walk gives what `sorted(folder.rglob("*"))` filtered to article files gave, so a
    load's order (and where an interrupted one resumes) does not change."""
    root = tmp_path / "corpus"
    names = ["b.txt", "b/c.txt", "b/a.html", "a-b.txt", "a.b.txt", "B.txt", ".hidden.txt",
             ".dir/x.txt", "deep/er/st/z.jsonl", "deep/a.txt", "notes.md", "b.meta.json", "a b.txt"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("text\n", encoding="utf-8")
    (root / "linked").symlink_to(root / "b", target_is_directory=True)
    (root / "alias.txt").symlink_to(root / "b.txt")
    expected = [".dir/x.txt", "B.txt", "a b.txt", "a-b.txt", "a.b.txt", "alias.txt", "b/a.html",
                "b/c.txt", "deep/a.txt", "deep/er/st/z.jsonl"]  # b.txt is alias.txt again
    walked = list(iter_files([str(root)]))
    assert walked == [root / name for name in expected]
    assert walked == [p for p in sorted(root.rglob("*")) if p in walked]  # the order of old


def test_a_file_named_twice_is_read_once(tmp_path, write_article):
    path = write_article("a.txt", TITLE)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "link.txt").symlink_to(path)
    items = list(iter_files([str(path), str(path.parent), f"{path.parent}/*.txt",
                             str(tmp_path / "elsewhere"), f"{path.parent}/./a.txt"]))
    assert [f.resolve() for f in items] == [path.resolve()]


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<title>{title} | The Coastal Ledger</title>
<meta property="article:published_time" content="2023-03-05T10:00:00+01:00">
<meta property="og:site_name" content="The Coastal Ledger">
<script>var tracking = "SCRIPTMARKER";</script>
<style>.x {{ color: red }} /* STYLEMARKER */</style>
</head>
<body>
<header><div>Weather 21 C</div><div>Monday, June 3, 2024</div></header>
<nav><ul><li>Home</li><li>NAVMARKER Sports</li><li>Business</li></ul></nav>
<article>
<h1>{title}</h1>
<p>{p0}</p>
<p>{p1} <a href="/x">Link <b>text</b></a> stays.</p>
<aside>ASIDEMARKER Read our newsletter</aside>
</article>
<footer><p>Copyright 2024 The Coastal Ledger. All rights reserved. FOOTERMARKER</p></footer>
</body>
</html>
"""


def test_html_markup_and_chrome_are_removed_and_meta_tags_give_metadata(tmp_path, run_cli, store_path, view,
                                                                       describe_result):
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE.format(title=TITLE, p0=PARAGRAPHS[0], p1=PARAGRAPHS[1]), encoding="utf-8")
    result = run_cli(["load", page, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    article = view.by_source(store_path)["page.html"]

    assert article["title"] == TITLE
    assert article["published"] == ("2023-03-05", XSD + "date")
    assert article["outlet"] == "The Coastal Ledger"
    body = article["body"]
    assert PARAGRAPHS[0] in body
    assert f"{PARAGRAPHS[1]} Link text stays." in body
    for marker in ("SCRIPTMARKER", "STYLEMARKER", "NAVMARKER", "ASIDEMARKER", "FOOTERMARKER", "Copyright",
                   "Weather", "June 3, 2024", "<", ">", "{"):
        assert marker not in body, f"{marker!r} reached the article body"


@pytest.mark.parametrize("headline_markup", [
    pytest.param("<h1>{title}</h1>", id="h1-after-chrome-lines"),
    pytest.param("", id="no-h1-title-from-title-tag"),
])
def test_html_chrome_above_the_headline_is_not_the_story_or_its_date(tmp_path, headline_markup):
    """Pages without semantic <header>/<nav> tags: menus and a banner date above the headline are chrome."""
    from newsgraph.loader.articles import prepare_article

    page = tmp_path / "plain.html"
    page.write_text(
        f"<html><head><title>{TITLE} | The Coastal Ledger</title></head><body>"
        "<div>Weather 21 C</div><div>Monday, June 3, 2024</div><div>Home World Sports Business</div>"
        "<div>Subscribe today</div>"
        + headline_markup.format(title=TITLE)
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "<div>Related Articles</div><div>Mayor Opens New Bridge Over The River Today</div>"
        "<p>Copyright 2024 The Coastal Ledger. All rights reserved.</p></body></html>",
        encoding="utf-8",
    )
    docs, errors = docs_and_errors([page])
    assert errors == []
    article = prepare_article(docs[0])
    assert article.title == TITLE
    assert article.published is None, "the banner date above the headline was taken as the story's date"
    assert article.body == "\n\n".join(PARAGRAPHS)


def test_html_title_falls_back_to_the_title_tag_without_the_site_name(tmp_path):
    from newsgraph.loader.articles import prepare_article

    page = tmp_path / "t.html"
    page.write_text(f"<html><head><title>{TITLE} | The Coastal Ledger</title></head><body>"
                    + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>", encoding="utf-8")
    docs, _ = docs_and_errors([page])
    article = prepare_article(docs[0])
    assert article.title == TITLE
    assert article.outlet == "The Coastal Ledger"


# --------------------------------------------------------------------------------------------
# JSON lines
# --------------------------------------------------------------------------------------------

def test_jsonl_gives_one_article_per_line_with_its_metadata(tmp_path, run_cli, store_path, view, describe_result):
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"text": english_text("Ferry Line Approved By Harbour Council"), "url": "https://example.org/ferry",
         "title": "Ferry line approved", "published": "2023-03", "outlet": "Coastal Ledger"},
        {"text": english_text("Bridge Works Delayed Again By Flooding", paragraphs=PARAGRAPHS[1:]),
         "published": "2021"},
        {"text": "<p>" + "</p><p>".join(PARAGRAPHS[:2]) + "</p>", "title": "Markup inside a JSON line",
         "published": "2020-02-29"},
    ]
    feed.write_text(json.dumps(lines[0]) + "\n\n" + json.dumps(lines[1]) + "\n" + json.dumps(lines[2]) + "\n",
                    encoding="utf-8")
    result = run_cli(["load", feed, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    arts = view.by_source(store_path)
    # sources name the line numbers of the file (line 2 is blank)
    assert set(arts) == {"feed.jsonl#1", "feed.jsonl#3", "feed.jsonl#4"}

    first = arts["feed.jsonl#1"]
    assert first["title"] == "Ferry line approved"
    assert first["url"] == "https://example.org/ferry"
    assert first["outlet"] == "Coastal Ledger"
    assert first["published"] == ("2023-03", XSD + "gYearMonth")
    assert arts["feed.jsonl#3"]["published"] == ("2021", XSD + "gYear")
    assert arts["feed.jsonl#4"]["published"] == ("2020-02-29", XSD + "date")
    assert "<p>" not in arts["feed.jsonl#4"]["body"]
    assert PARAGRAPHS[0] in arts["feed.jsonl#4"]["body"]


# --------------------------------------------------------------------------------------------
# Sidecars
# --------------------------------------------------------------------------------------------

def test_sidecar_adds_metadata_to_a_txt_file(write_article, run_cli, store_path, view, describe_result):
    path = write_article("a.txt", TITLE, meta={"published": "2022-11", "outlet": "Coastal Ledger",
                                                "url": "https://example.org/a"})
    result = run_cli(["load", path, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    article = view.by_source(store_path)["a.txt"]
    assert article["title"] == TITLE
    assert article["published"] == ("2022-11", XSD + "gYearMonth")
    assert article["outlet"] == "Coastal Ledger"
    assert article["url"] == "https://example.org/a"


def test_sidecar_overrides_what_the_text_says(write_article, run_cli, store_path, view, describe_result):
    path = write_article("a.txt", TITLE, below_headline=("Feb 1, 2024",),
                         meta={"title": "Sidecar headline", "published": "2019-07-04"})
    result = run_cli(["load", path, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    article = view.by_source(store_path)["a.txt"]
    assert article["title"] == "Sidecar headline"
    assert article["published"] == ("2019-07-04", XSD + "date")


def test_sidecar_overrides_html_meta_tags(tmp_path, run_cli, store_path, view, describe_result):
    page = tmp_path / "page.html"
    page.write_text(HTML_PAGE.format(title=TITLE, p0=PARAGRAPHS[0], p1=PARAGRAPHS[1]), encoding="utf-8")
    (tmp_path / "page.meta.json").write_text(json.dumps({"published": "2020", "outlet": "Other Paper"}),
                                             encoding="utf-8")
    result = run_cli(["load", page, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    article = view.by_source(store_path)["page.html"]
    assert article["published"] == ("2020", XSD + "gYear")
    assert article["outlet"] == "Other Paper"
    assert article["title"] == TITLE


def test_sidecar_adds_metadata_to_every_line_of_a_jsonl_file(tmp_path, run_cli, store_path, view, describe_result):
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(json.dumps({"text": english_text(t)}) for t in (
        "Ferry Line Approved By Harbour Council", "Bridge Works Delayed Again By Flooding")) + "\n",
        encoding="utf-8")
    (tmp_path / "feed.meta.json").write_text(json.dumps({"outlet": "Coastal Ledger"}), encoding="utf-8")
    result = run_cli(["load", feed, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    outlets = {a["source"]: a["outlet"] for a in view.articles(store_path)}
    assert outlets == {"feed.jsonl#1": "Coastal Ledger", "feed.jsonl#2": "Coastal Ledger"}


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------

CP1252_STORY = ("The minister\u2019s \u201cvisit\u201d to the capital cost about \u20ac5 million \u2014 according "
                "to officials at the caf\u00e9 near the ministry, who said the talks would continue next week "
                "and that both sides expected a joint statement soon after the meeting ended.")
LATIN1_STORY = ("Caf\u00e9 owners in Z\u00fcrich said the na\u00efve fa\u00e7ade of the old building was "
                "repaired last year, and the city council agreed to pay for the work after a long debate "
                "about the costs and the \u00bdmillion francs it needed.")


@pytest.mark.parametrize("encoding, story", [
    pytest.param("cp1252", CP1252_STORY, id="cp1252"),
    pytest.param("latin-1", LATIN1_STORY, id="latin-1"),
    pytest.param("utf-16", LATIN1_STORY, id="utf-16-with-bom"),
    pytest.param("utf-8-sig", CP1252_STORY, id="utf-8-with-bom"),
])
def test_text_in_common_encodings_is_decoded_exactly(write_article, run_cli, store_path, view, encoding, story,
                                                     describe_result):
    path = write_article("enc.txt", TITLE, encoding=encoding, paragraphs=(story, PARAGRAPHS[1]))
    result = run_cli(["load", path, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    article = view.by_source(store_path)["enc.txt"]
    assert article["title"] == TITLE  # no byte-order mark or mojibake in front of it
    assert story in article["body"]


# --------------------------------------------------------------------------------------------
# Clear errors that leave the store alone
# --------------------------------------------------------------------------------------------

def _missing(d: Path):
    return [d / "does-not-exist.txt"], "does-not-exist.txt", r"no such file"


def _empty(d: Path):
    (d / "empty.txt").write_bytes(b"")
    return [d / "empty.txt"], "empty.txt", r"empty"


def _blank(d: Path):
    (d / "blank.txt").write_text("  \n\n\t \n", encoding="utf-8")
    return [d / "blank.txt"], "blank.txt", r"empty|no text"


def _binary(d: Path):
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    return [d / "image.txt"], "image.txt", r"binary"


def _garbage(d: Path):
    rng = random.Random(1)
    (d / "garbage.txt").write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(4000)))
    return [d / "garbage.txt"], "garbage.txt", r"not utf-?8|binary|encoding"


def _huge(d: Path):
    text = english_text(TITLE)
    (d / "huge.txt").write_text(text * 4, encoding="utf-8")
    return [d / "huge.txt", "--max-bytes", str(len(text.encode()))], "huge.txt", r"limit|too (large|big)"


def _malformed_json_line(d: Path):
    good = json.dumps({"text": english_text(TITLE)})
    (d / "feed.jsonl").write_text("\n\n" + good[:-5] + "\n", encoding="utf-8")
    return [d / "feed.jsonl"], "feed.jsonl:3", r"json"


def _json_line_without_text(d: Path):
    (d / "feed.jsonl").write_text(json.dumps({"title": "no text here"}) + "\n", encoding="utf-8")
    return [d / "feed.jsonl"], "feed.jsonl:1", r"text"


def _json_line_not_an_object(d: Path):
    (d / "feed.jsonl").write_text(json.dumps(["a", "list"]) + "\n", encoding="utf-8")
    return [d / "feed.jsonl"], "feed.jsonl:1", r"object"


def _unsupported_suffix(d: Path):
    (d / "story.pdf").write_text(english_text(TITLE), encoding="utf-8")
    return [d / "story.pdf"], "story.pdf", r"unsupported|\.pdf"


def _broken_sidecar(d: Path):
    (d / "a.txt").write_text(english_text("Another Story About The Harbour"), encoding="utf-8")
    (d / "a.meta.json").write_text("{not json", encoding="utf-8")
    return [d / "a.txt"], "a.meta.json", r"json"


def _bad_date_in_sidecar(d: Path):
    (d / "a.txt").write_text(english_text("Another Story About The Harbour"), encoding="utf-8")
    (d / "a.meta.json").write_text(json.dumps({"published": "sometime soon"}), encoding="utf-8")
    return [d / "a.txt"], "a.txt", r"date"


def _html_without_text(d: Path):
    (d / "empty.html").write_text("<html><head><script>var x = 1;</script></head><body><nav>Home</nav></body></html>",
                                  encoding="utf-8")
    return [d / "empty.html"], "empty.html", r"no (story )?text"


ERROR_CASES = {
    "missing-path": _missing,
    "empty-file": _empty,
    "whitespace-only-file": _blank,
    "binary-file": _binary,
    "undecodable-bytes": _garbage,
    "huge-file": _huge,
    "malformed-json-line": _malformed_json_line,
    "json-line-without-text": _json_line_without_text,
    "json-line-not-an-object": _json_line_not_an_object,
    "unsupported-suffix": _unsupported_suffix,
    "broken-sidecar": _broken_sidecar,
    "bad-date-in-sidecar": _bad_date_in_sidecar,
    "html-without-text": _html_without_text,
}


@pytest.fixture
def populated_store(write_article, run_cli, store_path, tmp_path, describe_result):
    good = write_article("good.txt", "Harbour Council Keeps Old Ferry Timetable", folder=tmp_path / "good")
    result = run_cli(["load", good, "--store", store_path, "-q"])
    assert result.exit_code == 0, describe_result(result)
    return store_path


@pytest.mark.parametrize("case", list(ERROR_CASES), ids=list(ERROR_CASES))
def test_bad_input_fails_clearly_and_leaves_the_store_unchanged(case, tmp_path, run_cli, populated_store, view):
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    args, name, reason = ERROR_CASES[case](bad_dir)
    before = view.quads(populated_store)
    articles_before = view.articles(populated_store)

    result = run_cli(["load", *args, "--store", populated_store, "-q"])

    assert result.exit_code != 0, result.output
    failed_lines = [line for line in result.output.splitlines() if name in line]
    assert failed_lines, f"no output line names {name!r}:\n{result.output}"
    assert any(re.search(reason, line, re.I) for line in failed_lines), \
        f"no line naming {name!r} gives the reason /{reason}/:\n{result.output}"
    assert re.search(r"^failed 1\b", result.output, re.M), result.output
    assert "Traceback" not in result.output
    assert view.quads(populated_store) == before
    assert view.articles(populated_store) == articles_before


def test_one_bad_line_does_not_stop_the_good_lines_of_a_feed(tmp_path, run_cli, store_path, view):
    feed = tmp_path / "feed.jsonl"
    good1 = json.dumps({"text": english_text("Ferry Line Approved By Harbour Council")})
    good3 = json.dumps({"text": english_text("Bridge Works Delayed Again By Flooding")})
    feed.write_text(f"{good1}\n{{\"text\": \"cut off\n{good3}\n", encoding="utf-8")
    result = run_cli(["load", feed, "--store", store_path, "-q"])
    assert result.exit_code == 1
    assert re.search(r"feed\.jsonl:2\b.*json", result.output, re.I), result.output
    assert {a["source"] for a in view.articles(store_path)} == {"feed.jsonl#1", "feed.jsonl#3"}


def test_good_and_bad_paths_together_load_the_good_and_report_the_bad(write_article, tmp_path, run_cli,
                                                                       store_path, view):
    good = write_article("good.txt", TITLE)
    result = run_cli(["load", good, tmp_path / "nope.txt", "--store", store_path, "-q"])
    assert result.exit_code == 1
    assert re.search(r"^loaded 1\b", result.output, re.M), result.output
    assert re.search(r"^failed 1\b", result.output, re.M), result.output
    assert "nope.txt" in result.output
    assert [a["source"] for a in view.articles(store_path)] == ["good.txt"]


# --------------------------------------------------------------------------------------------
# Unwritable store locations
# --------------------------------------------------------------------------------------------

def test_store_location_that_is_a_file_fails_clearly_and_is_left_alone(write_article, tmp_path, run_cli):
    article = write_article("a.txt", TITLE)
    target = tmp_path / "store-file"
    target.write_bytes(b"precious")
    result = run_cli(["load", article, "--store", target, "-q"])
    assert result.exit_code != 0
    assert str(target) in result.output
    assert re.search(r"file|not a (folder|directory)", result.output, re.I), result.output
    assert "Traceback" not in result.output
    assert target.read_bytes() == b"precious"


def test_store_under_a_file_fails_clearly(write_article, tmp_path, run_cli):
    article = write_article("a.txt", TITLE)
    parent = tmp_path / "plain-file"
    parent.write_bytes(b"precious")
    target = parent / "store"
    result = run_cli(["load", article, "--store", target, "-q"])
    assert result.exit_code != 0
    assert str(target) in result.output
    assert "Traceback" not in result.output
    assert parent.read_bytes() == b"precious"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="file permissions do not stop root; run as a normal user to cover read-only folders")
def test_store_under_a_read_only_folder_fails_clearly(write_article, tmp_path, run_cli):
    article = write_article("a.txt", TITLE)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = run_cli(["load", article, "--store", locked / "store", "-q"])
        assert result.exit_code != 0
        assert str(locked / "store") in result.output
        assert "Traceback" not in result.output
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="file permissions do not stop root; run as a normal user to cover read-only stores")
def test_existing_read_only_store_is_not_changed(write_article, tmp_path, run_cli, store_path, view):
    first = write_article("a.txt", TITLE)
    assert run_cli(["load", first, "--store", store_path, "-q"]).exit_code == 0
    before = view.quads(store_path)
    second = write_article("b.txt", "Another Story About The Harbour Council")
    store_path.chmod(0o555)
    try:
        result = run_cli(["load", second, "--store", store_path, "-q"])
        assert result.exit_code != 0
        assert str(store_path) in result.output
    finally:
        store_path.chmod(0o755)
    assert view.quads(store_path) == before


def test_an_html_story_with_an_ad_slot_and_a_read_more_link_inside_is_read_whole():
    from newsgraph.loader.articles import prepare_article
    from newsgraph.loader.html_text import html_to_document

    paragraphs = [
        "Harbourtown's council voted on Tuesday to approve a new ferry line to the Northern Isles, ending a "
        "debate that had lasted for more than two years.",
        "Mayor Jane Doe said the service would start next spring and run every hour during the summer season.",
        "The Northern Isles business association welcomed the vote, saying better connections would bring more "
        "visitors to the islands and help shops that have struggled.",
        "Doe said the council would publish the timetable in March, after talks with the ferry operator.",
    ]
    page = f"""<html lang="en"><head><title>Ferry line approved | Coastal Ledger</title>
      <meta property="article:published_time" content="2024-03-05T10:00:00Z"></head><body>
      <nav><a href="/">Home</a> <a href="/world">World</a></nav>
      <article><h1>Harbour Council Approves New Ferry Line</h1>
      <p>{paragraphs[0]}</p><p>{paragraphs[1]}</p>
      <div class="ad">Advertisement</div>
      <p>Read More</p>
      <p>{paragraphs[2]}</p><p>{paragraphs[3]}</p></article>
      <aside><h3>Most read</h3><ul><li><a href="/a">Airport expansion plan goes to public consultation</a></li></ul></aside>
      </body></html>"""
    article = prepare_article(html_to_document(page, source="x.html", path="x.html"))
    assert article.title == "Harbour Council Approves New Ferry Line"
    assert article.published.iso() == "2024-03-05"
    for paragraph in paragraphs:
        assert paragraph in article.body
    assert "Airport expansion" not in article.body and "Advertisement" not in article.body
