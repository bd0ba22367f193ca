"""Statements: quotes with their speakers, evidence offsets into the body, indirect speech on request."""
from __future__ import annotations

import pytest
from extraction_helpers import make_article, run
from newsgraph.loader.extract import ExtractionSettings, extract_from_doc
from newsgraph.loader.nlp import get_pipeline

INTRO = "Daniel Petrenko spoke to reporters in Kyiv on Monday."
QUOTE = "We will not accept any delay in the reform"


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def said(r) -> list[tuple[str, str | None]]:
    """(text, speaker name or None) for each statement, in order."""
    return [(s.text, None if s.speaker is None else r.actors[s.speaker].name) for s in r.statements]


def assert_offsets(r):
    body = r.article.body
    for s in r.statements:
        assert body[s.evidence.start:s.evidence.end] == s.text, (s.evidence.start, s.evidence.end, s.text)
        assert s.evidence.article_id == "t1"


@pytest.mark.parametrize("paragraph", [
    f"“{QUOTE},” Petrenko said.",
    f"“{QUOTE},” said Petrenko.",
    f"“{QUOTE},” Daniel Petrenko told journalists.",
])
def test_quote_followed_by_its_speaker(nlp, paragraph):
    r = run(nlp, f"{INTRO}\n\n{paragraph}")
    assert said(r) == [(QUOTE, "Daniel Petrenko")]
    (s,) = r.statements
    assert s.kind == "direct"
    assert_offsets(r)


def test_speaker_before_the_quote_with_colon(nlp):
    r = run(nlp, f"{INTRO}\n\nPetrenko added: “The budget must be approved before the summer.”")
    assert said(r) == [("The budget must be approved before the summer", "Daniel Petrenko")]
    assert_offsets(r)


def test_standalone_quote_continues_the_previous_speaker(nlp):
    r = run(nlp, f"{INTRO}\n\n“{QUOTE},” Petrenko said.\n\n“Our partners understand this and support our position.”")
    assert said(r) == [(QUOTE, "Daniel Petrenko"),
                       ("Our partners understand this and support our position", "Daniel Petrenko")]
    assert_offsets(r)


def test_he_resolves_to_the_last_speaker_not_the_last_name(nlp):
    r = run(nlp, "Daniel Petrenko and Peter Lindholm spoke to reporters in Kyiv on Monday.\n\n"
                 f"“{QUOTE},” Petrenko said.\n\n"
                 "Lindholm nodded.\n\n"
                 "“The next steps are clear to everyone,” he said.")
    assert said(r) == [(QUOTE, "Daniel Petrenko"), ("The next steps are clear to everyone", "Daniel Petrenko")]
    assert_offsets(r)


def test_each_quote_gets_its_own_named_speaker(nlp):
    r = run(nlp, "Daniel Petrenko and Peter Lindholm spoke to reporters in Kyiv on Monday.\n\n"
                 f"“{QUOTE},” Petrenko said.\n\n"
                 "“We share that view and will help where we can,” Lindholm said.")
    assert said(r) == [(QUOTE, "Daniel Petrenko"), ("We share that view and will help where we can", "Peter Lindholm")]


@pytest.mark.parametrize("text", [
    "The opposition called the plan a “historic mistake” and demanded a new vote.",
    f"{INTRO} Petrenko said the plan was a “historic mistake” and demanded a new vote.",
    f"{INTRO}\n\nPetrenko described the talks as “very useful” and left the building.",
])
def test_short_scare_quote_inside_a_sentence_is_not_a_statement(nlp, text):
    r = run(nlp, text)
    assert r.statements == []


def test_unnamed_official_leaves_the_speaker_unknown(nlp):
    r = run(nlp, f"{INTRO}\n\n“The situation at the border remains tense but stable,” an official said.")
    assert said(r) == [("The situation at the border remains tense but stable", None)]
    assert_offsets(r)


def test_evidence_offsets_point_at_the_quote_text(nlp):
    body = f"{INTRO}\n\n“{QUOTE},” Petrenko said.\n\nPetrenko added: “The budget must be approved before the summer.”"
    r = run(nlp, body)
    assert [s.evidence.start for s in r.statements] == [body.index(QUOTE), body.index("The budget")]
    assert_offsets(r)
    for s in r.statements:
        assert s.text in s.evidence.sentence


INDIRECT = "Daniel Petrenko said on Monday that the reform would be approved before the summer recess."


def test_indirect_speech_only_when_asked(nlp):
    assert run(nlp, INDIRECT, indirect=False).statements == []
    r = run(nlp, INDIRECT, indirect=True)
    assert said(r) == [("the reform would be approved before the summer recess", "Daniel Petrenko")]
    (s,) = r.statements
    assert s.kind == "indirect"
    assert_offsets(r)


def test_extraction_settings_switch_indirect_speech_on_by_default(nlp):
    doc = nlp(INDIRECT)
    article = make_article(INDIRECT)
    assert extract_from_doc(doc, article, ExtractionSettings(indirect_speech=False)).statements == []
    facts = extract_from_doc(doc, article)
    assert [(s.kind, s.speaker) for s in facts.statements] == [("indirect", "person:daniel-petrenko")]


def test_direct_quotes_are_not_repeated_as_indirect_speech(nlp):
    r = run(nlp, f"{INTRO}\n\n“{QUOTE},” Petrenko said.", indirect=True)
    assert [(s.kind, s.text) for s in r.statements] == [("direct", QUOTE)]


# -- classes of news writing (sentences written for these tests) ------------------------------

def test_pronoun_after_a_quote_skips_people_named_inside_it(nlp):
    r = run(nlp, "Foreign Secretary Harriet Colby spoke to reporters in Geneva on Monday. "
                 "A ceasefire could be agreed within days, Colby said.\n\n"
                 "“I can tell you that Anton Verhoeven and Sandro Lukic will meet on Friday,” she said.")
    assert ("I can tell you that Anton Verhoeven and Sandro Lukic will meet on Friday", "Harriet Colby") in said(r)


def test_the_one_who_said_is_not_the_person_said_to_be_replaced(nlp):
    r = run(nlp, "Prime Minister Daniel Petrenko dismissed his finance minister Peter Lindholm on Monday.\n\n"
                 "Mr Petrenko, speaking in his weekly address, said Mr Lindholm would be replaced by a deputy.\n\n"
                 "He said: “I have decided that the ministry needs a fresh start.”")
    assert ("I have decided that the ministry needs a fresh start", "Daniel Petrenko") in said(r)


@pytest.mark.parametrize("attribution", ["the ministry said", "the statement added", "Mr Petrenko's office said"])
def test_an_institution_as_speaker_gives_no_person(nlp, attribution):
    r = run(nlp, f"{INTRO}\n\n“The talks will resume after the holidays,” {attribution}.")
    assert said(r) == [("The talks will resume after the holidays", None)]


@pytest.mark.parametrize("paragraph", [
    "“We will not accept any delay in the reform,” Petrenko said.",
    "\"We will not accept any delay in the reform,” Petrenko said.",
    "«We will not accept any delay in the reform“, Petrenko said.",
])
def test_mismatched_quote_marks_still_close_the_quotation(nlp, paragraph):
    r = run(nlp, f"{INTRO}\n\n{paragraph}")
    assert said(r) == [(QUOTE, "Daniel Petrenko")]
    assert_offsets(r)


def test_single_curly_quotes_opening_a_paragraph(nlp):
    r = run(nlp, f"{INTRO}\n\n‘Our partners understand this and support our position,’ Petrenko added.")
    assert said(r) == [("Our partners understand this and support our position", "Daniel Petrenko")]


def test_a_plural_possessive_is_not_a_closing_quote(nlp):
    r = run(nlp, f"{INTRO}\n\n‘The leaders’ summit will go ahead as planned in June,’ Petrenko said.")
    assert said(r) == [("The leaders’ summit will go ahead as planned in June", "Daniel Petrenko")]


def test_paragraph_attributed_by_a_dash_line(nlp):
    r = run(nlp, f"{INTRO}\n\nWe will not accept any delay in the reform, and our partners know it\n\n— Petrenko said.")
    assert said(r) == [("We will not accept any delay in the reform, and our partners know it", "Daniel Petrenko")]
    assert_offsets(r)


def test_transcript_answer_after_the_speakers_name(nlp):
    r = run(nlp, f"{INTRO}\n\n"
                 "Reporter: Will the talks resume next week?\n\n"
                 "Petrenko: The talks will resume when both sides are ready. We have said so many times.")
    assert said(r) == [("The talks will resume when both sides are ready. We have said so many times", "Daniel Petrenko")]
    assert_offsets(r)


def test_tweeted_with_an_age_description_as_speaker(nlp):
    r = run(nlp, "Opposition leader Daniel Petrenko claimed victory on Tuesday.\n\n"
                 "The 45-year-old tweeted: “Results from most polling stations show a clear win for us.”")
    assert said(r) == [("Results from most polling stations show a clear win for us", "Daniel Petrenko")]


# -- second round: descriptions by title, outer speakers, reported speech made precise ---------

def test_the_qualified_title_is_the_one_the_article_titled_so(nlp):
    r = run(nlp, "President Marcus Hale met European Commission President Ilse Varga in Brussels on Monday.\n\n"
                 "The European Commission president said the meeting was a first step.\n\n"
                 "“We will keep talking until we have a deal,” the president said.", indirect=True)
    assert said(r) == [("We will keep talking until we have a deal", "Marcus Hale"),
                       ("the meeting was a first step", "Ilse Varga")]


def test_a_reported_clause_with_a_quoted_phrase_is_the_outer_speakers(nlp):
    r = run(nlp, "Prime Minister Tomas Reyes met President Lin Wei in Manila on Monday.\n\n"
                 "Reyes said that he and Lin had agreed the president would visit at “a time that suits both sides”.")
    assert [sp for _, sp in said(r) if _ == "a time that suits both sides"] == ["Tomas Reyes"]


def test_the_subject_nearest_the_speech_verb_speaks(nlp):
    r = run(nlp, "President Joao Almeida hosted Amara Diallo in Lisbon on Monday.\n\n"
                 "Welcoming Diallo at the palace gates, Almeida stressed that both nations are "
                 "\"bound by a long shared history.\"")
    assert said(r) == [("bound by a long shared history", "Joao Almeida")]


@pytest.mark.parametrize("attribution", ["a statement posted by the ministry said",
                                         "a readout released by the government said"])
def test_a_document_described_by_a_participle_gives_no_person(nlp, attribution):
    r = run(nlp, "Defence Minister Karl Brandt met General Ana Ruiz in Madrid on Monday.\n\n"
                 f"The two ministers agreed to “expand joint training of their navies next year”, {attribution}.")
    assert [sp for _, sp in said(r)] in ([], [None])


def test_a_title_nobody_in_the_article_holds_is_no_speaker(nlp):
    r = run(nlp, "Defence Minister Karl Brandt flew to Madrid on Monday.\n\n"
                 "The Spanish foreign minister said on Tuesday that Spain would not send more troops.", indirect=True)
    assert ("Karl Brandt" not in [sp for _, sp in said(r)])


def test_a_hyphenated_name_tagged_as_an_organisation_still_speaks(nlp):
    r = run(nlp, "Opposition leader Kwame Osei-Bonsu won the vote on Friday.\n\n"
                 "Osei-Bonsu said on Twitter that his rival had called him “to wish me well in the new office”.")
    assert [sp for t, sp in said(r) if t.startswith("to wish me well")] == ["Kwame Osei-Bonsu"]


def test_he_after_an_untagged_speakers_paragraph_is_that_speaker(nlp):
    r = run(nlp, "President Helen Marsh welcomed Oduya to the capital on Tuesday.\n\n"
                 "Oduya, who also praised the new trade deal, said he would raise debt relief with Marsh.\n\n"
                 "“I am sure our partnership will bring results that both peoples need,” he said.")
    assert said(r)[0] == ("I am sure our partnership will bring results that both peoples need", "Oduya")


@pytest.mark.parametrize("text", [
    # the sentence is cut off, as in a teaser or a caption
    "Daniel Petrenko says the reform would be approved before the",
    # several people, not one speaker
    "The two ministers stressed that the reform would be approved before the summer recess.",
])
def test_reported_speech_that_is_not_one_persons_whole_clause(nlp, text):
    assert run(nlp, f"{INTRO}\n\n{text}", indirect=True).statements == []


def test_a_reported_clause_keeps_the_attribution_out(nlp):
    r = run(nlp, f"{INTRO}\n\nThe reform will be approved before the summer recess, Petrenko said.", indirect=True)
    assert said(r) == [("The reform will be approved before the summer recess", "Daniel Petrenko")]
