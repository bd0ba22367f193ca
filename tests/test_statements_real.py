"""Statements as real news writes them: who "he" is, descriptions that name no one, reporting
verbs, quotations cut by paragraphs. Every sentence here is written for these tests."""
from __future__ import annotations

import pytest
from extraction_helpers import run
from newsgraph.loader.nlp import get_pipeline


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def said(r, kind: str | None = None) -> list[tuple[str, str | None]]:
    """(text, speaker name or None) for each statement (of one kind, if given), in order."""
    return [(s.text, None if s.speaker is None else r.actors[s.speaker].name)
            for s in r.statements if kind is None or s.kind == kind]


def speaker_of(r, start: str) -> str | None:
    found = [name for text, name in said(r) if text.startswith(start)]
    assert found, f"no statement starting {start!r} in {said(r)}"
    return found[0]


def test_the_source_who_asked_not_to_be_named_is_no_one_named_earlier(nlp):
    r = run(nlp, "Indian Foreign Minister Subrahmanyam Jaishankar arrived in Vientiane on Thursday.\n\n"
                 "Diplomats worked late into the night on the final communique.\n\n"
                 "“The text on the South China Sea is almost agreed,” the source said, asking not to be named.")
    assert said(r) == [("The text on the South China Sea is almost agreed", None)]


def test_the_chinese_leader_is_the_chinese_head_of_state_of_the_article(nlp):
    r = run(nlp, "Chinese President Xi Jinping received Australian Prime Minister Anthony Albanese in Beijing.\n\n"
                 "Albanese said the talks had been frank.\n\n"
                 "The Chinese leader said the two countries had settled several trade disputes this year.",
            indirect=True)
    assert speaker_of(r, "the two countries had settled") == "Xi Jinping"


def test_the_chinese_leader_is_nobody_when_the_article_names_no_chinese_leader(nlp):
    r = run(nlp, "Anthony Albanese flew to Beijing on Saturday for talks with the Chinese president.\n\n"
                 "Albanese said the talks had been frank.\n\n"
                 "The Chinese leader said the two countries had settled several trade disputes this year.",
            indirect=True)
    assert [t for t, _ in said(r) if t.startswith("the two countries")] == []


def test_he_is_the_man_who_spoke_last_not_the_one_quoted_before_him(nlp):
    r = run(nlp, "Chinese President Xi Jinping met Anthony Albanese in the Great Hall of the People.\n\n"
                 "“Our relations are back on the right track,” he said.\n\n"
                 "Premier Li Qiang hosted Albanese at a lunch later and said the two sides stood “at a new "
                 "beginning”.\n\n"
                 "Analysts said the visit was carefully choreographed.\n\n"
                 "“China is ready to expand trade with Australia in every field,” he said.")
    assert speaker_of(r, "China is ready") == "Li Qiang"


def test_he_is_the_main_clause_subject_not_the_man_in_the_clause_inside_it(nlp):
    r = run(nlp, "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani hosted a Hamas delegation in Doha.\n\n"
                 "Sheikh Mohammed voiced hope that talks would resume after Donald Trump won the election.\n\n"
                 "“We feel that the mood has changed in the last weeks,” he said at a conference.")
    assert speaker_of(r, "We feel") == "Mohammed bin Abdulrahman Al Thani"


def test_a_name_the_tagger_takes_for_a_common_noun_still_names_the_speaker(nlp):
    r = run(nlp, "Ukrainian President Volodymyr Zelenskyy named a new defence minister in July.\n\n"
                 "\"The experience of the new minister will be valuable in wartime,\" Zelenskyy said during "
                 "his evening address on Monday.")
    assert speaker_of(r, "The experience") == "Volodymyr Zelenskyy"


def test_a_spokesman_named_in_full_once_and_by_surname_later_is_a_speaker(nlp):
    r = run(nlp, "Parliament confirmed the new prime minister on Tuesday.\n\n"
                 "\"The king has endorsed the new prime minister,\" Kampee Ditthakorn told reporters.\n\n"
                 "The swearing-in is due on Friday, Mr Kampee said.")
    assert speaker_of(r, "The king has endorsed") == "Kampee Ditthakorn"


def test_a_quotation_running_over_two_paragraphs_keeps_its_short_first_part_and_its_speaker(nlp):
    r = run(nlp, "Ukraine's defence ministry commented on the offensive on Sunday.\n\n"
                 "Yuriy Sak, an adviser to the defence minister, said: “Yes, that is right\n\n"
                 "“Slowly, I think we are gaining ground.")
    assert said(r) == [("Yes, that is right", "Yuriy Sak"), ("Slowly, I think we are gaining ground", "Yuriy Sak")]


def test_a_short_quoted_phrase_inside_a_sentence_is_still_no_statement(nlp):
    r = run(nlp, "Yuriy Sak, an adviser to the defence minister, spoke of “real progress” at the front.\n\n"
                 "“Slowly, I think we are gaining ground,” he said.")
    assert said(r) == [("Slowly, I think we are gaining ground", "Yuriy Sak")]


@pytest.mark.parametrize("verb", ["warned", "underlined", "emphasised", "insisted"])
def test_a_reporting_verb_other_than_said_reports_its_that_clause(nlp, verb):
    r = run(nlp, f"Iranian Foreign Minister Abbas Araghchi spoke in Tehran on Sunday.\n\n"
                 f"Araghchi {verb} that no country could dictate the terms of talks with Iran.", indirect=True)
    assert said(r, "indirect") == [("no country could dictate the terms of talks with Iran", "Abbas Araghchi")]


def test_a_claim_closing_with_he_warned_is_reported_speech(nlp):
    r = run(nlp, "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani spoke in Munich on Saturday.\n\n"
                 "A failure to agree risked a wider war across the region, he warned.", indirect=True)
    assert said(r, "indirect") == [("A failure to agree risked a wider war across the region",
                                    "Mohammed bin Abdulrahman Al Thani")]


def test_a_wh_clause_after_a_reporting_verb_is_a_topic_not_a_claim(nlp):
    r = run(nlp, "Kenyan President William Ruto spoke at the White House on Thursday.\n\n"
                 "Ruto explained what he saw as the main risks to the economy.\n\n"
                 "Ruto agreed, stressing how important trade is at a time of high debt.", indirect=True)
    assert said(r, "indirect") == []


def test_a_that_clause_after_an_adverbial_clause_belongs_to_told_reporters(nlp):
    r = run(nlp, "Thai lawmakers elected Anutin Charnvirakul prime minister on Friday.\n\n"
                 "Anutin told reporters as he left parliament that he would work to fix the economy.", indirect=True)
    assert said(r, "indirect") == [("he would work to fix the economy", "Anutin Charnvirakul")]


def test_a_sentence_ending_in_a_quotation_still_reports_its_first_clause(nlp):
    r = run(nlp, "Foreign ministry spokesman Bahram Qassemi briefed reporters in Tehran.\n\n"
                 "Qassemi said that the German criticism was beside the point, and said, \"Iran accepts no "
                 "lectures on its internal affairs.\"", indirect=True)
    assert ("the German criticism was beside the point", "Bahram Qassemi") in said(r, "indirect")


def test_a_man_with_two_titles_before_his_name_is_one_speaker(nlp):
    r = run(nlp, "Zimbabweans voted on Monday.\n\n"
                 "After voting, the ruling party's leader and the country's president, Emmerson Mnangagwa, "
                 "said that the vote had been the most peaceful in years.", indirect=True)
    assert said(r, "indirect") == [("the vote had been the most peaceful in years", "Emmerson Mnangagwa")]


@pytest.mark.parametrize("text, claim, speaker", [
    ("Accra – Nana Akufo-Addo has won the presidential election, beating the incumbent, electoral commissioner "
     "Charlotte Osei said.", "Nana Akufo-Addo has won the presidential election, beating the incumbent",
     "Charlotte Osei"),
    ("Harare – The MDC Alliance is the winner of the elections in Zimbabwe, its young leader Nelson Chamisa said "
     "on Tuesday; only the official count remained.", "The MDC Alliance is the winner of the elections in Zimbabwe",
     "Nelson Chamisa"),
])
def test_a_closing_attribution_the_parser_hung_on_the_clause_still_names_the_speaker(nlp, text, claim, speaker):
    r = run(nlp, text, indirect=True)
    assert (claim, speaker) in said(r, "indirect")


@pytest.mark.parametrize("sentence, claim", [
    ("He added that what the finance minister said amounts to an open admission of intent.",
     "what the finance minister said amounts to an open admission of intent"),
    ("He added that where trade was concerned, both sides should be patient.",
     "where trade was concerned, both sides should be patient"),
])
def test_a_clause_opening_with_a_wh_word_that_still_makes_a_claim_is_reported(nlp, sentence, claim):
    r = run(nlp, f"Iranian foreign ministry spokesman Nasser Kanaani spoke in Tehran on Monday.\n\n{sentence}",
            indirect=True)
    assert said(r, "indirect") == [(claim, "Nasser Kanaani")]


def test_a_quotation_completing_his_announcement_is_his_not_the_reporters(nlp):
    r = run(nlp, "Mexican President Claudia Sheinbaum spoke by phone with Donald Trump on Thursday, after which the "
                 "US president said he would pause the tariffs.\n\n"
                 "Sheinbaum arrived late at her morning press conference.\n\n"
                 "“I will read you the message from Washington,” she said, referring to his online announcement "
                 "that “Mexican goods covered by the trade agreement will pay no tariffs for now.”")
    assert speaker_of(r, "I will read") == "Claudia Sheinbaum"
    assert speaker_of(r, "Mexican goods") == "Donald Trump"


def test_a_named_possessor_of_a_statement_is_its_speaker(nlp):
    r = run(nlp, "NATO foreign ministers met in Brussels on Tuesday.\n\n"
                 "Several ministers welcomed Mark Rutte's statement that “the alliance will stand by Ukraine "
                 "for as long as it takes.”")
    assert speaker_of(r, "the alliance will stand") == "Mark Rutte"


def test_a_subheading_repeating_a_quotation_is_not_a_second_statement(nlp):
    r = run(nlp, "Southeast Asian ministers met in Vientiane on Thursday.\n\n"
                 "“We expect a hard day of talks,” Malaysian Foreign Minister Mohamad Hasan said.\n\n"
                 "‘The text is almost agreed’\n\n"
                 "“The text is almost agreed,” Indonesian Foreign Minister Retno Marsudi said.")
    assert said(r) == [("We expect a hard day of talks", "Mohamad Hasan"),
                       ("The text is almost agreed", "Retno Marsudi")]


@pytest.mark.parametrize("voiced", ["voiced confidence", "expressed the hope"])
def test_a_belief_voiced_in_a_that_clause_is_reported_speech(nlp, voiced):
    r = run(nlp, f"Outgoing NATO Secretary General Jens Stoltenberg handed over to Mark Rutte in Brussels.\n\n"
                 f"Stoltenberg {voiced} that the alliance would stay united under its new head.", indirect=True)
    assert said(r, "indirect") == [("the alliance would stay united under its new head", "Jens Stoltenberg")]


def test_a_feeling_voiced_without_a_that_clause_reports_nothing(nlp):
    r = run(nlp, "Outgoing NATO Secretary General Jens Stoltenberg handed over to Mark Rutte in Brussels.\n\n"
                 "Stoltenberg voiced his confidence in the new secretary general.", indirect=True)
    assert said(r, "indirect") == []


def test_a_sentence_opening_with_according_to_a_person_reports_that_persons_words(nlp):
    r = run(nlp, "Ukrainian lawmaker Yaroslav Zhelezniak posted on Telegram on Tuesday.\n\n"
                 "According to Zhelezniak, the defence committee backed the nominee unanimously.", indirect=True)
    assert said(r, "indirect") == [("the defence committee backed the nominee unanimously", "Yaroslav Zhelezniak")]


def test_a_sentence_opening_with_according_to_a_document_names_no_speaker(nlp):
    r = run(nlp, "Freeport-McMoRan chief executive Richard Adkerson will become chairman.\n\n"
                 "According to a press release, the board plans to raise the dividend next year.", indirect=True)
    assert said(r, "indirect") == []


@pytest.mark.parametrize("teaser", [
    "Also read: ‘We will not give up an inch,’ Zelensky tells parliament",
    "RELATED:\n\n“We will not give up an inch,” Zelensky tells parliament",
])
def test_a_teaser_for_another_story_gives_no_statement(nlp, teaser):
    r = run(nlp, "Ukrainian President Volodymyr Zelensky addressed parliament in Kyiv on Tuesday.\n\n"
                 "“Our army is holding the line,” Zelensky said.\n\n"
                 f"{teaser}\n\n"
                 "The session lasted two hours.")
    assert said(r) == [("Our army is holding the line", "Volodymyr Zelensky")]


@pytest.mark.parametrize("by", ["This was stated by", "This was announced by"])
def test_a_sentence_followed_by_this_was_stated_by_x_is_xs_reported_speech(nlp, by):
    r = run(nlp, "EU foreign ministers met in Brussels on Monday.\n\n"
                 "The bloc is still talking with Budapest about the blocked aid package. "
                 f"{by} EU foreign policy chief Kaja Kallas, speaking to journalists.", indirect=True)
    assert said(r, "indirect") == [("The bloc is still talking with Budapest about the blocked aid package",
                                    "Kaja Kallas")]


def test_this_was_stated_by_at_the_start_of_a_paragraph_takes_nothing_from_the_paragraph_before(nlp):
    r = run(nlp, "EU foreign ministers met in Brussels on Monday.\n\n"
                 "This was stated by EU foreign policy chief Kaja Kallas.", indirect=True)
    assert said(r, "indirect") == []


@pytest.mark.parametrize("text, words", [
    ("“Russia will answer any threat,” the Interfax news agency quoted Sergei Shoigu as saying.",
     "Russia will answer any threat"),
    ("New army units will be formed by December, the TASS news agency quoted Sergei Shoigu, the defence "
     "minister, as saying on Tuesday.", "New army units will be formed by December"),
    ("State media quoted Sergei Shoigu as saying that new army units would be formed by December.",
     "new army units would be formed by December"),
])
def test_a_news_agency_quoting_someone_as_saying_gives_his_words_not_the_agencys(nlp, text, words):
    r = run(nlp, f"Russian Defence Minister Sergei Shoigu visited the western military district.\n\n{text}",
            indirect=True)
    assert (words, "Sergei Shoigu") in said(r)


def test_he_is_not_the_spokeswoman_named_just_before(nlp):
    r = run(nlp, "US Secretary of State Antony Blinken held talks in Beijing on Friday.\n\n"
                 "Chinese foreign ministry spokeswoman Mao Ning briefed reporters later.\n\n"
                 "“We made progress on fentanyl,” he said.")
    assert speaker_of(r, "We made progress") == "Antony Blinken"


def test_a_tweet_reporting_a_claim_is_reported_speech(nlp):
    r = run(nlp, "US Secretary of State Antony Blinken held talks in Beijing on Friday.\n\n"
                 "Blinken tweeted that the talks had been frank and useful.", indirect=True)
    assert said(r, "indirect") == [("the talks had been frank and useful", "Antony Blinken")]


def test_a_dash_quotation_keeps_its_words_without_the_dash(nlp):
    r = run(nlp, "Ukrainian Foreign Minister Dmytro Kuleba spoke in Kyiv on Monday.\n\n"
                 "— We will not trade territory for peace.\n"
                 "— Kuleba said.")
    assert said(r) == [("We will not trade territory for peace", "Dmytro Kuleba")]
    s = r.statements[0]
    assert r.article.body[s.evidence.start:s.evidence.end] == s.text


def test_an_abbreviated_military_title_does_not_cut_off_the_speaker_after_a_quote(nlp):
    r = run(nlp, "US Defense Secretary Lloyd Austin spoke with his Chinese counterpart by video on Tuesday.\n\n"
                 "\"Both sides agreed to keep military channels open,\" said Pentagon spokesman Maj. Gen. Pat Ryder.")
    assert said(r) == [("Both sides agreed to keep military channels open", "Pat Ryder")]


def test_according_to_a_person_closing_a_paragraph_reports_the_clause(nlp):
    r = run(nlp, "Russian Foreign Minister Sergei Lavrov held talks in Beijing on Tuesday.\n\n"
                 "Any peace conference without Russia would be pointless, according to Lavrov, who spoke to "
                 "reporters after the talks.\n\n"
                 "The talks lasted three hours.", indirect=True)
    assert said(r, "indirect") == [("Any peace conference without Russia would be pointless", "Sergei Lavrov")]


def test_two_people_saying_something_together_is_no_one_persons_statement(nlp):
    r = run(nlp, "Chinese Foreign Minister Wang Yi met Antony Blinken in Beijing on Friday.\n\n"
                 "Wang and Blinken said the talks had been useful.", indirect=True)
    assert said(r, "indirect") == []


def test_a_leaders_spokesman_is_not_the_other_sides_spokeswoman(nlp):
    r = run(nlp, "Chinese foreign ministry spokeswoman Mao Ning briefed reporters in Beijing.\n\n"
                 "“We see no basis for new talks,” Putin's spokesman said.")
    assert said(r) == [("We see no basis for new talks", None)]


@pytest.mark.parametrize("sentence, claim", [
    ("Lavrov said on Tuesday relations with Washington were at a low point.",
     "relations with Washington were at a low point"),
    ("Lavrov said on Friday talks with Kyiv would not resume this year.", "talks with Kyiv would not resume this year"),
])
def test_said_on_a_weekday_before_a_bare_subject_reports_the_whole_clause(nlp, sentence, claim):
    r = run(nlp, f"Russian Foreign Minister Sergei Lavrov spoke to reporters in Moscow.\n\n{sentence}", indirect=True)
    assert said(r, "indirect") == [(claim, "Sergei Lavrov")]


def test_a_lone_quotation_after_a_paragraph_about_someone_else_is_not_the_last_speakers(nlp):
    r = run(nlp, "“We want stable ties,” Chinese Foreign Minister Wang Yi said.\n\n"
                 "Antony Blinken arrived in Beijing later that day and met President Xi Jinping.\n\n"
                 "“Taiwan is the core of China's core interests.”")
    assert said(r) == [("We want stable ties", "Wang Yi")]


def test_a_lone_quotation_right_after_the_speakers_own_quote_continues_it(nlp):
    r = run(nlp, "“We will not back away from our values,” Anthony Albanese told Xi Jinping as the talks opened.\n\n"
                 "“I look forward to a frank exchange today.”")
    assert said(r) == [("We will not back away from our values", "Anthony Albanese"),
                       ("I look forward to a frank exchange today", "Anthony Albanese")]
