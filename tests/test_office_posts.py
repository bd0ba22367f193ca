"""Posts outside the heads-and-ministers family: portfolio ministers and envoys keep their own
title (role `other`), bare spokesperson and lawmaker titles take the story's country, party
leaders are read off "leader of the X party" and "its leader"."""
from __future__ import annotations

import pytest
from extraction_helpers import make_article, run
from newsgraph.loader.nlp import get_pipeline
from newsgraph.loader.rdf import ArticleMapper, FactMapper
from newsgraph.ontology.terms import RDFS_LABEL


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def offices(nlp, text, **kw):
    return run(nlp, text, stages="offices", **kw)


def titles_of(r, name):
    key = r.key(name)
    return {(o.role, o.country, o.title) for o in r.offices if o.person == key}


def test_a_portfolio_minister_named_with_a_demonym_keeps_its_title(nlp):
    r = offices(nlp, "Japanese Finance Minister Shunichi Suzuki met bankers in Tokyo on Monday.")
    assert titles_of(r, "Shunichi Suzuki") == {("other", "Japan", "Minister of Finance")}


def test_a_minister_of_a_portfolio_before_the_name_keeps_its_title(nlp):
    r = offices(nlp, "Malaysia's Minister of Investment, Trade and Industry Zafrul Aziz opened the fair.")
    assert titles_of(r, "Zafrul Aziz") == {("other", "Malaysia", "Minister of Investment, Trade and Industry")}


def test_a_portfolio_minister_with_no_country_named_is_not_recorded(nlp):
    r = offices(nlp, "Finance Minister Shunichi Suzuki met bankers on Monday.")
    assert r.offices_of("Shunichi Suzuki") == set()


def test_an_ambassador_to_a_country_belongs_to_the_country_that_sends_them(nlp):
    r = offices(nlp, "Australia's Ambassador to Japan Justin Hayhurst attended the ceremony.")
    assert titles_of(r, "Justin Hayhurst") == {("other", "Australia", "Ambassador to Japan")}


def test_a_coordinated_portfolio_after_a_vice_title_is_still_held(nlp):
    r = offices(nlp, "German Vice Chancellor and Economy Minister Robert Habeck visited Kyiv.")
    assert titles_of(r, "Robert Habeck") == {("other", "Germany", "Minister of Economy")}


def test_a_bare_press_secretary_in_a_story_told_from_the_white_house_is_american(nlp):
    r = offices(nlp, "The White House said on Friday that the president would travel to Ottawa in June. "
                     "\"We look forward to the visit,\" Press Secretary Jen Psaki said.")
    (office,) = [o for o in r.offices if o.person == r.key("Jen Psaki")]
    assert (office.role, office.country, office.organization) == ("spokesperson", "United States", "White House")


def test_a_bare_spokesman_is_given_no_country_when_two_countries_institutions_speak(nlp):
    r = offices(nlp, "The White House and the Kremlin both declined to comment on Friday. "
                     "\"There is nothing to add,\" spokesman Ivan Petrov said.")
    assert r.offices_of("Ivan Petrov") == set()


def test_a_bare_lawmaker_in_a_story_about_a_countrys_parliament_sits_in_it(nlp):
    r = offices(nlp, "Ukraine's parliament approved the budget on Thursday. "
                     "\"The vote passed easily,\" lawmaker Oleksiy Goncharenko wrote on Telegram.")
    assert r.offices_of("Oleksiy Goncharenko") == {("legislator", "Ukraine")}


def test_an_upper_case_mp_before_a_name_is_a_legislator(nlp):
    r = offices(nlp, "The Verkhovna Rada passed the bill on Tuesday, MP Oleksiy Goncharenko said.")
    assert r.offices_of("Oleksiy Goncharenko") == {("legislator", "Ukraine")}


def test_a_titled_post_is_labelled_with_its_title_and_kept_apart_from_another_title(nlp):
    r = offices(nlp, "Japanese Finance Minister Shunichi Suzuki and Japanese Trade Minister Ken Saito met on Monday.")
    mapper = ArticleMapper("https://example.org/", make_article("x"))
    fm = FactMapper(mapper, set())
    posts = {fm.post(o.role, o.country, o.organization, o.title) for o in r.offices}
    assert len(posts) == 2
    labels = {q.object.value for q in mapper.quads if q.predicate == RDFS_LABEL and q.subject in posts}
    assert labels == {"Minister of Finance (Japan)", "Minister of Trade (Japan)"}


def test_secretary_general_of_an_alliance_is_titled_the_same_however_it_is_spelt(nlp):
    a = offices(nlp, "NATO Secretary General Mark Rutte arrived in Vilnius on Monday.")
    b = offices(nlp, "NATO Secretary-General Mark Rutte arrived in Vilnius on Monday.")
    assert titles_of(a, "Mark Rutte") == titles_of(b, "Mark Rutte") == {("other", "NATO", "Secretary-General")}


def test_its_young_leader_after_a_party_named_in_the_sentence_leads_it(nlp):
    r = offices(nlp, "In Kenya, the Orange Democratic Movement said it had won most seats, its veteran leader "
                     "Raila Odinga told reporters on Monday.")
    assert ("party_leader", "Kenya") in r.offices_of("Raila Odinga")


def test_a_party_choosing_its_next_leader_names_them_after_their_former_post(nlp):
    r = offices(nlp, "The Liberal Democratic Party of Japan has chosen as its new leader former economic security "
                     "minister Sanae Takaichi.")
    (office,) = [o for o in r.offices if o.person == r.key("Sanae Takaichi") and o.role == "party_leader"]
    assert (office.country, office.organization) == ("Japan", "Liberal Democratic Party")


def test_a_party_leader_described_by_age_is_the_storys_protagonist(nlp):
    r = offices(nlp, "Japanese politician Shigeru Ishiba won the vote in Japan's parliament on Tuesday. "
                     "Ishiba thanked his colleagues after the count. "
                     "The 67-year-old Liberal Democratic Party leader, who once ran for the post four times, "
                     "promised quick action on prices.")
    assert ("party_leader", "Japan") in r.offices_of("Shigeru Ishiba")


def test_the_leader_of_a_named_party_opening_a_sentence_is_the_protagonist(nlp):
    r = offices(nlp, "Veteran Norwegian politician Jonas Lie was elected prime minister of Norway on Friday. "
                     "The leader of the Centre party secured 95 votes in the chamber.")
    assert ("party_leader", "Norway") in r.offices_of("Jonas Lie")


def test_the_opposition_leader_opening_a_sentence_is_not_the_protagonist(nlp):
    r = offices(nlp, "Veteran Norwegian politician Jonas Lie was elected prime minister of Norway on Friday. "
                     "The opposition leader conceded defeat in the evening.")
    assert ("party_leader", "Norway") not in r.offices_of("Jonas Lie")


def test_a_party_leader_description_with_two_equally_named_people_is_left_unassigned(nlp):
    r = offices(nlp, "Norwegian politicians Jonas Lie and Erna Berg met on Friday. "
                     "The leader of the Centre party left early.")
    assert all(role != "party_leader" for role, _ in r.offices_of("Jonas Lie") | r.offices_of("Erna Berg"))


def test_a_relative_clause_after_a_name_gives_its_post(nlp):
    r = offices(nlp, "The Brazilian senate met on Friday. Rafael Mendes, who's a veteran senator, spoke first.")
    assert r.offices_of("Rafael Mendes") == {("legislator", "Brazil")}


def test_another_countrys_senate_president_does_not_set_the_storys_parliament(nlp):
    r = offices(nlp, "The vote followed a call to Cambodia's Senate President Hun Sen. "
                     "\"We won,\" lawmaker Somchai Wong said.")
    assert ("legislator", "Cambodia") not in r.offices_of("Somchai Wong")
