"""Offices: finding the holder after a title (past honorifics, numerals, brackets) and the country
of the post (datelines, hosts and guests, entourages, delegations)."""
from __future__ import annotations

import pytest
from extraction_helpers import run
from newsgraph.loader.nlp import get_pipeline


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def offices(nlp, text, **kw):
    return run(nlp, text, stages="offices", **kw)


def held(r):
    return {(r.actors[o.person].name, o.role, o.country) for o in r.offices}


# -- the holder after a title ------------------------------------------------------------------

def test_a_numeral_and_an_honorific_between_title_and_name_are_skipped(nlp):
    r = offices(nlp, "Brunei Darussalam's Foreign Minister II Dato Erywan Yusof flew to Bangkok on Monday "
                     "for talks on fisheries.")
    assert ("Erywan Yusof", "foreign_minister", "Brunei") in held(r)


def test_a_courtesy_title_between_title_and_name_is_skipped(nlp):
    r = offices(nlp, "Malaysian Prime Minister Datuk Seri Anwar Ibrahim opened the trade fair on Monday.")
    assert ("Anwar Ibrahim", "head_of_government", "Malaysia") in held(r)


def test_a_first_name_that_is_also_a_country_does_not_hide_the_holder(nlp):
    r = offices(nlp, "The Israeli Foreign Minister Israel Katz wrote a post on Tuesday criticising the ruling.")
    assert {(role, country) for _, role, country in held(r)} == {("foreign_minister", "Israel")}


def test_a_bracketed_title_inside_a_quote_names_the_holder_after_it(nlp):
    r = offices(nlp, "“I am going to Malaysia at the invitation of [Malaysian King] Sultan Ibrahim Iskandar,” "
                     "the visitor said.")
    assert ("Sultan Ibrahim Iskandar", "head_of_state", "Malaysia") in held(r)


def test_a_title_that_opens_a_name_gives_no_post_without_its_country(nlp):
    r = offices(nlp, "BANGKOK, May 3. Thailand hosted the forum. Sultan Ahmad Rahman, a businessman, opened "
                     "the trade fair.")
    assert r.offices == []


# -- datelines: the host and his guests --------------------------------------------------------

def test_a_monarch_titled_by_honorifics_hosts_a_guest_named_with_his_country(nlp):
    r = offices(nlp, "AMMAN — His Majesty King Abdullah on Tuesday received His Highness Sheikh Tamim bin "
                     "Hamad Al Thani, Emir of Qatar, at the palace. The talks covered Jordan's water projects.")
    assert ("Abdullah", "head_of_state", "Jordan") in held(r)
    assert all(country != "Jordan" for name, _, country in held(r) if name != "Abdullah")


def test_a_guest_named_with_of_and_his_country_leaves_the_host_the_datelines_country(nlp):
    r = offices(nlp, "OSLO — King Harald on Monday welcomed King Carl Gustaf of Sweden to the palace. "
                     "Norway and Sweden share a long border.")
    assert ("Harald", "head_of_state", "Norway") in held(r)


def test_a_chain_of_titles_before_a_name_takes_the_datelines_country_beside_a_foreign_ambassador(nlp):
    r = offices(nlp, "AMMAN — Deputy Prime Minister and Minister of Foreign Affairs Ayman Safadi and Malaysia's "
                     "Ambassador to Jordan Ahmad Rahman attended the meeting. Jordan hosts the forum each year.")
    assert ("Ayman Safadi", "foreign_minister", "Jordan") in held(r)
    assert ("Ayman Safadi", "head_of_government", "Jordan") not in held(r)


def test_a_country_named_before_the_bare_title_still_rules_the_dateline_out(nlp):
    # a wire story from one capital about another country's politics
    r = offices(nlp, "MOSCOW — Ukrainian President Ivan Petrenko said on Monday that Prime Minister Oleh Marko "
                     "would resign. Russia has not commented.")
    assert all(country != "Russia" for _, _, country in held(r))


def test_a_visitor_with_a_bare_title_does_not_take_the_datelines_country_named_with_his_host(nlp):
    r = offices(nlp, "BEIJING — Chinese President Xi Jinping on Monday received Prime Minister Anthony Albanese "
                     "at the Great Hall of the People. China and Australia agreed to resume talks.")
    assert ("Anthony Albanese", "head_of_government", "China") not in held(r)


# -- a local outlet's dateline gives the story's home country ----------------------------------

def test_a_mixed_case_dateline_with_an_agency_gives_bare_titles_its_country(nlp):
    r = offices(nlp, "Nairobi, March 3, 2024 (KNA) – President William Ruto today received President of Ghana "
                     "Nana Akufo-Addo at State House.")
    assert ("William Ruto", "head_of_state", "Kenya") in held(r)
    assert ("Nana Akufo-Addo", "head_of_state", "Ghana") in held(r)


def test_a_capital_and_a_full_stop_opening_the_story_give_bare_titles_its_country(nlp):
    r = offices(nlp, "Jakarta. President Joko Widodo will fly to Tokyo next week to meet Japanese Prime Minister "
                     "Fumio Kishida.")
    assert ("Joko Widodo", "head_of_state", "Indonesia") in held(r)


def test_a_dateline_country_named_as_the_venue_is_not_the_home_country(nlp):
    r = offices(nlp, "VIENTIANE: Ministers from ten nations met in Laos on Thursday. Foreign Minister Sergei "
                     "Lavrov said the talks were useful.")
    assert all(country != "Laos" for _, _, country in held(r))


# -- a country sends its officials; officials travel with their leader ---------------------------

def test_a_country_that_sends_an_official_gives_him_and_the_absent_leader_its_country(nlp):
    r = offices(nlp, "Leaders of twenty nations met in Johannesburg on Saturday. China sent Premier Li Qiang, "
                     "since President Xi Jinping chose to stay at home.")
    assert ("Li Qiang", "head_of_government", "China") in held(r)
    assert ("Xi Jinping", "head_of_state", "China") in held(r)


def test_a_country_represented_by_an_official_gives_him_its_country(nlp):
    r = offices(nlp, "Leaders of twenty nations met in Johannesburg on Saturday. Russia was represented by "
                     "Foreign Minister Sergei Lavrov.")
    assert ("Sergei Lavrov", "foreign_minister", "Russia") in held(r)


def test_a_country_that_accuses_a_leader_does_not_give_him_its_country(nlp):
    r = offices(nlp, "Leaders of twenty nations met in Johannesburg on Saturday. Russia accused President Ivan "
                     "Petrenko of lying.")
    assert all(country != "Russia" for _, _, country in held(r))


def test_an_official_accompanying_a_leader_titled_the_president_is_of_the_leaders_country(nlp):
    r = offices(nlp, "Indonesian President Prabowo Subianto arrived in Tokyo on Friday. The President, who was "
                     "accompanied by Foreign Minister Sugiono, met Japanese business leaders.")
    assert ("Sugiono", "foreign_minister", "Indonesia") in held(r)


def test_an_official_accompanying_a_named_leader_is_of_the_leaders_country(nlp):
    r = offices(nlp, "Chinese President Xi Jinping landed in Paris on Sunday. Xi, accompanied by Foreign "
                     "Minister Wang Yi, was greeted by the French prime minister.")
    assert ("Wang Yi", "foreign_minister", "China") in held(r)


# -- plural titles -------------------------------------------------------------------------------

def test_a_plural_title_pairs_its_countries_with_the_names_after_them_in_order(nlp):
    r = offices(nlp, "On Tuesday Lula met the presidents of Argentina and Chile, Javier Milei and Gabriel Boric, "
                     "in Brasilia.")
    assert ("Javier Milei", "head_of_state", "Argentina") in held(r)
    assert ("Gabriel Boric", "head_of_state", "Chile") in held(r)


def test_a_plural_title_with_one_country_and_one_name(nlp):
    r = offices(nlp, "He later held talks with the foreign ministers of Japan, Yoko Kamikawa, and of India.")
    assert ("Yoko Kamikawa", "foreign_minister", "Japan") in held(r)


@pytest.mark.parametrize("text", [
    "On Tuesday Lula met the presidents of Argentina and Chile, Javier Milei, and an adviser.",
    "On Tuesday Lula met the former presidents of Argentina and Chile, Mauricio Macri and Sebastian Pinera.",
])
def test_a_plural_title_whose_names_do_not_pair_with_its_countries_gives_no_office(nlp, text):
    r = offices(nlp, text)
    assert all(country not in ("Argentina", "Chile") for _, _, country in held(r))


# -- a relative clause after the name ------------------------------------------------------------

def test_a_relative_clause_naming_the_country_of_the_head_of_state_gives_the_title_its_country(nlp):
    r = offices(nlp, "The oath was read before the envoy of King Charles, who is Canada's head of state, and "
                     "the chief justice.")
    assert ("Charles", "head_of_state", "Canada") in held(r)


def test_a_relative_clause_about_something_else_gives_no_country(nlp):
    r = offices(nlp, "The crowd cheered President Joe Biden, who is Ireland's proudest son, and the mayor.")
    assert all(country != "Ireland" for _, _, country in held(r))


# -- a definite title referring back; a plural demonym; a country of several words before a title --

def test_a_definite_title_with_a_country_refers_back_to_the_one_person_the_sentence_names(nlp):
    r = offices(nlp, "On Monday she spoke by phone with Keir Starmer, after which the British prime minister "
                     "announced new aid.")
    assert ("Keir Starmer", "head_of_government", "United Kingdom") in held(r)


def test_a_definite_title_does_not_refer_back_when_the_sentence_names_two_people(nlp):
    r = offices(nlp, "Anthony Albanese met Xi Jinping on Monday, and the Australian prime minister said the talks "
                     "went well.")
    assert ("Xi Jinping", "head_of_government", "Australia") not in held(r)


def test_a_country_of_several_words_before_president_is_not_a_body_that_has_a_president(nlp):
    r = offices(nlp, "Reporters waited for Donald Trump, after which the United States president signed the order.")
    assert ("Donald Trump", "head_of_state", "United States") in held(r)


def test_a_plural_demonym_counts_as_the_story_naming_its_country(nlp):
    r = offices(nlp, "Zimbabweans voted on Monday in Zimbabwe's general election. Shortly after he voted, the "
                     "incumbent president, Emmerson Mnangagwa, said the vote was peaceful.")
    assert ("Emmerson Mnangagwa", "head_of_state", "Zimbabwe") in held(r)


def test_a_definite_title_in_what_the_named_person_says_is_someone_else(nlp):
    r = offices(nlp, "Joe Biden said on Monday that the Chinese president would attend the summit.")
    assert all(country != "China" for _, _, country in held(r))


def test_a_counterpart_named_with_a_military_rank_holds_the_post(nlp):
    r = offices(nlp, "Indian Defence Minister Arjun Mehta met his Chinese counterpart, General Li Wen, in Moscow "
                     "on Friday.")
    assert ("Li Wen", "defence_minister", "China") in held(r)


def test_a_second_head_of_state_in_a_dateline_story_does_not_take_the_datelines_country(nlp):
    r = offices(nlp, "AMMAN — His Majesty King Abdullah II received a phone call from President Joe Biden on "
                     "Monday. Jordan and the United States discussed aid.")
    assert ("Abdullah II", "head_of_state", "Jordan") in held(r)
    assert ("Joe Biden", "head_of_state", "Jordan") not in held(r)


def test_a_former_holder_beside_the_current_one_keeps_the_datelines_country(nlp):
    r = offices(nlp, "BANGKOK, May 3. Thailand's parliament met on Friday. Prime Minister Somchai Wong, the son of "
                     "former Prime Minister Anan Wong, thanked the lawmakers.")
    assert ("Somchai Wong", "head_of_government", "Thailand") in held(r)
    assert ("Anan Wong", "head_of_government", "Thailand") in held(r)


def test_a_capitalised_plural_title_pairs_each_name_with_the_country_after_it(nlp):
    r = offices(nlp, "The talks were held between Foreign Ministers Wang Yi of China and Sergei Lavrov of Russia.")
    assert ("Wang Yi", "foreign_minister", "China") in held(r)
    assert ("Sergei Lavrov", "foreign_minister", "Russia") in held(r)


def test_a_name_after_his_counterpart_and_a_comma_is_a_person_holding_the_post(nlp):
    r = offices(nlp, "Brazilian President Luiz Inacio Lula da Silva and his Colombian counterpart, Gustavo Petro, "
                     "met in Bogota.")
    assert ("Gustavo Petro", "head_of_state", "Colombia") in held(r)


def test_a_country_run_into_an_honorific_after_of_is_split_from_it(nlp):
    r = offices(nlp, "Prime Minister of Malaysia Datuk Seri Anwar Ibrahim said the deal was good.")
    assert ("Anwar Ibrahim", "head_of_government", "Malaysia") in held(r)


def test_a_dateline_country_the_story_never_names_is_only_for_the_lead(nlp):
    r = offices(nlp, "Brussels, March 3, 2024 (ANA) – Leaders met on Thursday for talks on trade. Later, "
                     "President Ursula von der Leyen addressed reporters.")
    assert all(country != "Belgium" for _, _, country in held(r))


def test_a_guest_named_as_his_countrys_leader_leaves_the_host_the_datelines_country(nlp):
    r = offices(nlp, "MOSCOW — President Vladimir Putin hosted Chinese leader Xi Jinping at the Kremlin on Tuesday. "
                     "Russia and China signed several deals.")
    assert ("Vladimir Putin", "head_of_state", "Russia") in held(r)


def test_a_national_parliament_named_before_a_title_gives_its_country(nlp):
    r = offices(nlp, "A Sejm lawmaker, Anna Nowak, opposed the bill on Tuesday.")
    assert ("Anna Nowak", "legislator", "Poland") in held(r)


def test_a_country_named_only_as_an_ally_is_not_the_home_of_bare_titles(nlp):
    r = offices(nlp, "South Korean Prime Minister Han Duck-soo became acting leader on Saturday. He took over from "
                     "President Yoon Suk Yeol. Han once won US approval for the US-South Korea trade pact. "
                     "He has deep ties with the United States and US business.")
    assert ("Yoon Suk Yeol", "head_of_state", "United States") not in held(r)


def test_of_two_bare_titles_in_a_dateline_sentence_only_the_subject_takes_its_country(nlp):
    r = offices(nlp, "BEIJING (AP) — President Xi Jinping met Prime Minister Anthony Albanese on Monday. China and "
                     "Australia agreed to resume dialogue.")
    assert ("Xi Jinping", "head_of_state", "China") in held(r)
    assert ("Anthony Albanese", "head_of_government", "China") not in held(r)


def test_a_local_dateline_gives_its_country_when_the_story_names_none(nlp):
    r = offices(nlp, "Ottawa, March 14 (CP) – Prime Minister Mark Carney met reporters on Friday after the "
                     "cabinet meeting.")
    assert ("Mark Carney", "head_of_government", "Canada") in held(r)


# -- a story about one country -----------------------------------------------------------------

ONE_COUNTRY = ("Polish President Andrzej Duda praised Prime Minister Donald Tusk on Monday. Poland needs a "
               "stable government, he said. Tusk, who was once Poland's envoy to the United States, thanked "
               "him. Poland's parliament will vote on Friday.")


def test_a_bare_title_beside_the_home_leader_is_the_home_countrys_when_no_other_country_takes_part(nlp):
    assert ("Donald Tusk", "head_of_government", "Poland") in held(offices(nlp, ONE_COUNTRY))


def test_a_bare_title_beside_the_host_stays_unguessed_when_a_guest_country_takes_part(nlp):
    text = ONE_COUNTRY.replace("Poland needs a stable government, he said.",
                               "Germany wants closer ties, he said. Germany sent its ministers.")
    assert ("Donald Tusk", "head_of_government", "Poland") not in held(offices(nlp, text))


def test_the_country_an_envoy_is_posted_to_is_no_party_to_the_story(nlp):
    text = ONE_COUNTRY.replace("Poland's parliament will vote on Friday.",
                               "Duda's former aide is Poland's ambassador to the United States.")
    assert ("Donald Tusk", "head_of_government", "Poland") in held(offices(nlp, text))
