"""Offices from events, with their dates: sentences written for these tests about real events."""
from __future__ import annotations

import pytest
from extraction_helpers import run
from newsgraph.loader.nlp import get_pipeline
from newsgraph.loader.records import DateValue


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def office(r, name: str, role: str):
    key = r.key(name)
    (found,) = [o for o in r.offices if o.person == key and o.role == role]
    return found


def test_a_post_named_as_the_second_object_of_names_starts_on_the_date_given(nlp):
    r = run(nlp, "Italian President Sergio Mattarella names his favoured candidate Giorgia Meloni the new prime "
                 "minister on Friday, Oct. 21, 2022.", published=DateValue(2022, 10, 22), stages="offices")
    meloni = office(r, "Giorgia Meloni", "head_of_government")
    assert meloni.country == "Italy"
    assert meloni.start == DateValue(2022, 10, 21)


def test_a_month_abbreviation_glued_to_its_day_still_dates_the_event(nlp):
    r = run(nlp, "Italian President Sergio Mattarella names his favoured candidate Giorgia Meloni the new prime "
                 "minister Friday Oct.21 2022.", published=DateValue(2022, 10, 22), stages="offices")
    assert office(r, "Giorgia Meloni", "head_of_government").start == DateValue(2022, 10, 21)


def test_a_post_a_head_of_state_fills_is_in_the_head_of_states_country(nlp):
    r = run(nlp, "Brazilian President Luiz Inacio Lula da Silva appointed Mauro Vieira as foreign minister on "
                 "January 1, 2023.", published=DateValue(2023, 1, 2), stages="offices")
    vieira = office(r, "Mauro Vieira", "foreign_minister")
    assert (vieira.country, vieira.start) == ("Brazil", DateValue(2023, 1, 1))


def test_a_leader_congratulating_another_countrys_new_leader_gives_him_no_post_of_his_own_country(nlp):
    r = run(nlp, "Russian President Vladimir Putin congratulated Masoud Pezeshkian, the new president, on his "
                 "victory.", published=DateValue(2024, 7, 6), stages="offices")
    assert ("head_of_state", "Russia") not in r.offices_of("Masoud Pezeshkian")


def test_a_description_opening_a_sentence_dates_the_protagonists_post_it_names_by_its_owner(nlp):
    r = run(nlp, "NATO Secretary General Mark Rutte visited Kyiv on Thursday. Rutte met soldiers near the front. "
                 "The former Dutch prime minister had been named to NATO's top civilian post in June 2024.",
            published=DateValue(2024, 10, 3), stages="offices")
    rutte = office(r, "Mark Rutte", "other")
    assert (rutte.organization, rutte.start) == ("NATO", DateValue(2024, 6))


def test_a_post_of_another_owner_dates_nothing_the_person_holds(nlp):
    r = run(nlp, "NATO Secretary General Mark Rutte visited Kyiv on Thursday. Rutte met soldiers near the front. "
                 "The former Dutch prime minister had been named to the European Council's advisory post in June 2024.",
            published=DateValue(2024, 10, 3), stages="offices")
    assert office(r, "Mark Rutte", "other").start is None


def test_a_swearing_in_of_the_person_dates_the_start_of_the_post_they_hold(nlp):
    r = run(nlp, "Mexican President Claudia Sheinbaum met the governors on Monday. Several foreign leaders were "
                 "present for Sheinbaum's swearing-in in Mexico City last October.",
            published=DateValue(2025, 2, 4), stages="offices")
    assert office(r, "Claudia Sheinbaum", "head_of_state").start == DateValue(2024, 10)


def test_a_he_that_could_be_either_of_two_people_named_before_it_dates_neither(nlp):
    r = run(nlp, "South Korean Finance Minister Choi Sang-mok took on the role after Prime Minister Han Duck-soo's "
                 "duties were suspended, two weeks since he took the helm on Dec 14.",
            published=DateValue(2024, 12, 27), stages="offices")
    assert all(o.start is None for o in r.offices)


def test_a_he_after_one_person_dates_that_persons_post(nlp):
    r = run(nlp, "Canadian Prime Minister Mark Carney spoke on Friday. Carney said he took office on "
                 "March 14.", published=DateValue(2025, 3, 20), stages="offices")
    assert office(r, "Mark Carney", "head_of_government").start == DateValue(2025, 3, 14)


def test_a_post_put_before_the_name_after_appoint_as_is_the_named_persons(nlp):
    r = run(nlp, "Britain's parliament met on Tuesday. On 5 July, King Charles moved to appoint as prime minister "
                 "Labour leader Keir Starmer. Britain's new government was formed.",
            published=DateValue(2024, 7, 6), stages="offices")
    starmer = office(r, "Keir Starmer", "head_of_government")
    assert (starmer.country, starmer.start) == ("United Kingdom", DateValue(2024, 7, 5))


def test_a_term_in_a_post_that_started_when_something_else_began_starts_then(nlp):
    r = run(nlp, "Spanish Prime Minister Pedro Sanchez spoke in Madrid. His present term as prime minister started "
                 "when his coalition government took office in 2018.", published=DateValue(2024, 3, 14),
            stages="offices")
    assert office(r, "Pedro Sanchez", "head_of_government").start == DateValue(2018)


def test_stepping_in_after_an_event_of_the_story_day_starts_on_that_day(nlp):
    text = ("Vice President Dina Boluarte stepped into the role of president after lawmakers removed President "
            "Pedro Castillo on Wednesday (December 7). Peru's Congress voted to remove him. Peru now has its first "
            "woman president.")
    r = run(nlp, text, published=DateValue(2022, 12, 7), stages="offices")
    assert office(r, "Dina Boluarte", "head_of_state").start == DateValue(2022, 12, 7)
    later = run(nlp, text, published=DateValue(2022, 12, 9), stages="offices")
    assert office(later, "Dina Boluarte", "head_of_state").start is None


def test_a_nominee_named_in_apposition_who_won_parliaments_approval_on_a_weekday_starts_that_day(nlp):
    r = run(nlp, "Japan's parliament has confirmed Shigeru Ishiba as Japan's prime minister. The ruling party's "
                 "leader, Shigeru Ishiba, won the approval of the Diet on Tuesday after Fumio Kishida stepped down.",
            published=DateValue(2024, 10, 1), stages="offices")
    assert office(r, "Shigeru Ishiba", "head_of_government").start == DateValue(2024, 10, 1)


def test_duties_begun_on_the_day_of_the_story_start_that_day(nlp):
    r = run(nlp, "Egypt's new acting President Adly Mansour will begin carrying out his duties on Thursday, "
                 "state television said.", published=DateValue(2013, 7, 4), stages="offices")
    assert office(r, "Adly Mansour", "head_of_state").start == DateValue(2013, 7, 4)


def test_duties_to_begin_after_the_day_of_the_story_start_nothing_yet(nlp):
    r = run(nlp, "Egypt's new acting President Adly Mansour will begin carrying out his duties on Thursday, "
                 "state television said.", published=DateValue(2013, 7, 2), stages="offices")
    assert all(o.start is None for o in r.offices if o.person == r.key("Adly Mansour"))


def test_taking_over_after_lawmakers_removed_the_president_ends_the_presidents_holding_then(nlp):
    r = run(nlp, "Vice President Dina Boluarte took over as Peru's president on December 7, 2022, after "
                 "lawmakers removed President Pedro Castillo.", published=DateValue(2022, 12, 8), stages="offices")
    assert office(r, "Dina Boluarte", "head_of_state").start == DateValue(2022, 12, 7)
    ends = {o.end for o in r.offices if o.person == r.key("Pedro Castillo") and o.role == "head_of_state"}
    assert ends == {DateValue(2022, 12, 7)}


def test_taking_over_after_a_presidents_powers_were_suspended_ends_that_holding(nlp):
    r = run(nlp, "Vice President Michel Temer took over as Brazil's acting president on May 12, 2016, after "
                 "Dilma Rousseff's powers were suspended.", published=DateValue(2016, 5, 13), stages="offices")
    ends = {o.end for o in r.offices if o.person == r.key("Dilma Rousseff") and o.role == "head_of_state"}
    assert ends == {DateValue(2016, 5, 12)}


def test_a_holder_only_mentioned_as_former_is_listed_before_the_holder_the_same_story_reports_in_office():
    from newsgraph.loader.facts.offices.derive import _former_before_current

    def holding(person, start=None, first=None, seen_in=(), mentioned_in=()):
        return {"person": person, "start": start, "first": first, "last": first, "in": set(mentioned_in) | set(seen_in),
                "attested_in": set(seen_in)}

    # "Prime Minister Sunak ... his predecessor Boris Johnson": Johnson only as a past holder
    johnson = holding("johnson", mentioned_in={"a2"})
    sunak = holding("sunak", start=DateValue(2022, 10, 25), first=DateValue(2023, 2, 1), seen_in={"a2"})
    elsewhere = holding("may", mentioned_in={"a9"})  # no story reports anyone in office beside her
    _former_before_current([johnson, sunak, elsewhere])
    assert johnson["next_began"] == DateValue(2022, 10, 25)
    assert "next_began" not in elsewhere
    assert "next_began" not in sunak


def test_a_leaders_administration_that_began_in_a_year_starts_the_leaders_post_then(nlp):
    r = run(nlp, "French President Emmanuel Macron met farmers in Paris on Monday. Macron's presidency began "
                 "in May 2017.", published=DateValue(2024, 2, 26), stages="offices")
    assert office(r, "Emmanuel Macron", "head_of_state").start == DateValue(2017, 5)


def test_a_leaders_administration_dates_no_other_post_of_theirs(nlp):
    r = run(nlp, "British Defence Minister Ben Wallace spoke on Monday. Wallace's administration began in July 2019.",
            published=DateValue(2023, 1, 9), stages="offices")
    assert office(r, "Ben Wallace", "defence_minister").start is None


def test_a_former_leader_who_took_over_from_a_holder_ends_that_holders_term(nlp):
    r = run(nlp, "Former Portuguese Prime Minister Antonio Guterres took over from Ban Ki-moon as UN "
                 "Secretary-General on January 1, 2017.", published=DateValue(2017, 1, 2), stages="offices")
    ends = {o.end for o in r.offices if o.person == r.key("Ban Ki-moon") and o.organization == "United Nations"}
    assert ends == {DateValue(2017, 1, 1)}


def test_the_outgoing_holder_of_a_post_another_holder_began_on_a_day_ends_that_day(nlp):
    r = run(nlp, "British Prime Minister Keir Starmer took office on July 5, 2024. Starmer met the outgoing British "
                 "Prime Minister Rishi Sunak in London.", published=DateValue(2024, 7, 6), stages="offices")
    ends = {o.end for o in r.offices if o.person == r.key("Rishi Sunak") and o.role == "head_of_government"}
    assert ends == {DateValue(2024, 7, 5)}


def test_an_outgoing_holder_keeps_no_end_when_no_other_holders_start_is_dated(nlp):
    r = run(nlp, "British Prime Minister Keir Starmer met the outgoing British Prime Minister Rishi Sunak in London.",
            published=DateValue(2024, 7, 6), stages="offices")
    assert all(o.end is None for o in r.offices if o.person == r.key("Rishi Sunak"))


def test_a_predecessor_removed_last_week_ends_in_that_month_not_on_the_successors_day(nlp):
    r = run(nlp, "Pakistan's parliament elected Shehbaz Sharif as prime minister on Monday. Sharif succeeds Imran "
                 "Khan, whom lawmakers removed last week as prime minister in a no-confidence vote.",
            published=DateValue(2022, 4, 12), stages="offices")
    assert office(r, "Shehbaz Sharif", "head_of_government").start == DateValue(2022, 4, 11)
    ends = {o.end for o in r.offices if o.person == r.key("Imran Khan") and o.role == "head_of_government"}
    assert ends == {DateValue(2022, 4)}


def test_a_week_across_two_months_dates_nothing():
    from newsgraph.loader.dates import When
    from newsgraph.loader.facts.offices.appointments import _within_one_month

    across = When(DateValue(2022, 3, 28), DateValue(2022, 4, 3), derived_by="date:relative-week")
    within = When(DateValue(2022, 4, 4), DateValue(2022, 4, 10), derived_by="date:relative-week")
    assert _within_one_month(across).is_range
    assert _within_one_month(within).start == DateValue(2022, 4)


def test_a_leader_appointed_after_the_predecessor_resigned_ends_the_predecessors_holding(nlp):
    r = run(nlp, "Rishi Sunak was appointed Britain's prime minister on October 25, 2022, after Liz Truss resigned.",
            published=DateValue(2022, 10, 26), stages="offices")
    ends = {o.end for o in r.offices if o.person == r.key("Liz Truss") and o.role == "head_of_government"}
    assert ends == {DateValue(2022, 10, 25)}


def test_the_one_appointed_not_the_one_appointing_succeeds_the_ousted_holder(nlp):
    r = run(nlp, "King Charles appointed Liz Truss as Britain's new prime minister on September 6, 2022, after "
                 "Boris Johnson was ousted by his party.", published=DateValue(2022, 9, 7), stages="offices")
    ends = {o.end for o in r.offices if o.person == r.key("Boris Johnson") and o.role == "head_of_government"}
    assert ends == {DateValue(2022, 9, 6)}
