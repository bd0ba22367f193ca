"""Offices: who holds which post for which country, read off titles, appositions and counterparts."""
from __future__ import annotations

import pytest
from extraction_helpers import run
from newsgraph.loader.nlp import get_pipeline
from newsgraph.loader.records import DateValue, Precision


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def offices(nlp, text, **kw):
    return run(nlp, text, stages="offices", **kw)


def test_title_before_name_with_demonym(nlp):
    r = offices(nlp, "French Defence Minister Claire Dumont arrived in Warsaw on Monday.")
    assert r.offices_of("Claire Dumont") == {("defence_minister", "France")}
    (office,) = r.offices
    body = r.article.body
    assert "Defence Minister" in body[office.evidence.start:office.evidence.end]
    assert office.evidence.sentence == body.strip()


def test_country_possessive_before_title(nlp):
    r = offices(nlp, "China's State Councilor and Foreign Minister Zhou Ming will attend the forum.")
    assert r.offices_of("Zhou Ming") == {("state_councilor", "China"), ("foreign_minister", "China")}


@pytest.mark.parametrize("text, expected", [
    ("Chinese State Councilor and Foreign Minister Zhou Ming will attend the forum.",
     {("state_councilor", "China"), ("foreign_minister", "China")}),
    ("Chinese State Councillor and Defence Minister Zhou Ming will attend the forum.",
     {("state_councilor", "China"), ("defence_minister", "China")}),
])
def test_two_coordinated_roles_give_both_offices(nlp, text, expected):
    r = offices(nlp, text)
    assert r.offices_of("Zhou Ming") == expected


def test_apposition_with_article_and_demonym(nlp):
    r = offices(nlp, "The bill was backed by Rafael Mendes, a Brazilian senator, who called it overdue.")
    assert r.offices_of("Rafael Mendes") == {("legislator", "Brazil")}


def test_its_foreign_minister_resolves_to_the_subject_country_of_the_previous_sentence(nlp):
    # Russia is named closer to "Its" than Norway, but Norway is the subject
    r = offices(nlp, "Norway condemned the strike by Russia on Tuesday. "
                     "Its foreign minister, Ingrid Halvorsen, called for calm.")
    assert r.offices_of("Ingrid Halvorsen") == {("foreign_minister", "Norway")}


def test_counterpart_takes_the_role_of_the_person_his_refers_to(nlp):
    r = offices(nlp, "Indian Defence Minister Arjun Mehta spoke with his Japanese counterpart Kenji Tanaka on Monday.")
    assert r.offices_of("Arjun Mehta") == {("defence_minister", "India")}
    assert r.offices_of("Kenji Tanaka") == {("defence_minister", "Japan")}


def test_counterpart_of_a_foreign_minister_is_a_foreign_minister(nlp):
    r = offices(nlp, "Polish Foreign Minister Adam Nowak spoke with his Lithuanian counterpart Rasa Petraitis on Monday.")
    assert r.offices_of("Rasa Petraitis") == {("foreign_minister", "Lithuania")}


@pytest.mark.parametrize("qualified, plain, name", [
    ("France's former defence minister, Paul Girard, criticised the plan.",
     "France's defence minister, Paul Girard, criticised the plan.", "Paul Girard"),
    ("French former Defence Minister Paul Girard criticised the plan.",
     "French Defence Minister Paul Girard criticised the plan.", "Paul Girard"),
    ("Paul Girard, a former French defence minister, criticised the plan.",
     "Paul Girard, a French defence minister, criticised the plan.", "Paul Girard"),
    ("The then-French Defence Minister Paul Girard signed the treaty.",
     "The French Defence Minister Paul Girard signed the treaty.", "Paul Girard"),
])
def test_former_and_then_are_past_holdings_the_article_does_not_attest(nlp, qualified, plain, name):
    (current,) = offices(nlp, plain).offices
    assert current.attested
    (past,) = offices(nlp, qualified).offices
    assert (past.role, past.country, past.attested) == ("defence_minister", "France", False)


@pytest.mark.parametrize("qualified, plain, name", [
    ("Polish Deputy Foreign Minister Olga Ivanova visited the border.",
     "Polish Foreign Minister Olga Ivanova visited the border.", "Olga Ivanova"),
    ("Olga Ivanova, a deputy Polish foreign minister, visited the border.",
     "Olga Ivanova, a Polish foreign minister, visited the border.", "Olga Ivanova"),
    ("Kenyan Vice President Martin Cole attended the ceremony.",
     "Kenyan President Martin Cole attended the ceremony.", "Martin Cole"),
    ("Kenyan Vice-President Martin Cole attended the ceremony.",
     "Kenyan President Martin Cole attended the ceremony.", "Martin Cole"),
])
def test_deputy_and_vice_are_not_the_office(nlp, qualified, plain, name):
    # the same sentence without the qualifier does give the office
    assert offices(nlp, plain).offices_of(name), plain
    r = offices(nlp, qualified)
    assert name in r.person_names(), r.describe_persons()
    assert r.offices == [], [(o.person, o.role, o.country) for o in r.offices]


def test_deputy_qualifies_only_the_first_of_two_coordinated_titles(nlp):
    r = offices(nlp, "Polish Deputy Prime Minister and Foreign Minister Olga Ivanova visited the border.")
    assert r.offices_of("Olga Ivanova") == {("foreign_minister", "Poland")}


@pytest.mark.parametrize("text", [
    "Acting President Lee Min-ho of South Korea met the envoys.",
    "South Korea's acting president, Lee Min-ho, met the envoys.",
    "Outgoing South Korean President Lee Min-ho met the envoys.",
])
def test_acting_and_outgoing_holders_hold_the_office(nlp, text):
    (office,) = offices(nlp, text).offices
    assert (office.role, office.country, office.attested) == ("head_of_state", "South Korea", True)


@pytest.mark.parametrize("text", [
    "Prime Minister-elect Maria Costa of Portugal thanked her voters.",
    "Portugal's incoming prime minister, Maria Costa, thanked her voters.",
    "Maria Costa, Portugal's prime minister designate, thanked her voters.",
])
def test_elect_designate_incoming_are_not_yet_holdings(nlp, text):
    (office,) = offices(nlp, text).offices
    assert (office.role, office.country, office.attested) == ("head_of_government", "Portugal", False)
    assert office.start is None


@pytest.mark.parametrize("text, name, country", [
    ("The talks were attended by Jo Ruiz, President of Chile, and two aides.", "Jo Ruiz", "Chile"),
    ("Later he received a call from the President of Peru, Al Vega, about trade.", "Al Vega", "Peru"),
    ("He then met President of Peru Al Vega in Lima.", "Al Vega", "Peru"),
    ("Ed Ko, the UK's new Prime Minister, spoke to reporters.", "Ed Ko", "United Kingdom"),
    ("It was a pleasure to meet Prime Minister Ed Ko of Malaysia, she said.", "Ed Ko", "Malaysia"),
])
def test_country_after_the_title_or_the_name(nlp, text, name, country):
    r = offices(nlp, text)
    assert {c for _, c in r.offices_of(name)} == {country}


def test_ministry_spokesperson_with_the_ministrys_country(nlp):
    r = offices(nlp, "Chinese Defense Ministry spokesman Colonel Wang Hao told reporters the exercise was over.")
    (office,) = [o for o in r.offices if o.person == r.key("Wang Hao")]
    assert (office.role, office.country, office.organization) == ("spokesperson", "China", "Ministry of National Defense")


def test_ministry_spokesperson_takes_the_country_of_the_ministry_named_before(nlp):
    r = offices(nlp, "The Chinese Defense Ministry said the drills were routine. "
                     "Defense Ministry spokesman Colonel Wang Hao told reporters the exercise was over.")
    (office,) = [o for o in r.offices if o.person == r.key("Wang Hao")]
    assert (office.role, office.country, office.organization) == ("spokesperson", "China", "Ministry of National Defense")


def test_foreign_ministry_spokeswoman_with_possessive_country(nlp):
    r = offices(nlp, "Japan's Foreign Ministry spokeswoman Yuki Sato said Tokyo was concerned.")
    (office,) = r.offices
    assert (office.role, office.country, office.organization) == ("spokesperson", "Japan", "Ministry of Foreign Affairs")


def test_tenure_start_from_was_appointed_in_month(nlp):
    # published in February 2024: "appointed in March" is March 2023, a month-precision date
    r = offices(nlp, "Canadian Defence Minister Liam Carter said the plan was sound. "
                     "Carter was appointed in March, replacing a colleague who retired.",
                published=DateValue(2024, 2, 10))
    (office,) = r.offices
    assert (office.role, office.country) == ("defence_minister", "Canada")
    assert office.start == DateValue(2023, 3)
    assert office.start.precision is Precision.MONTH
    assert office.start_evidence is not None and "appointed in March" in office.start_evidence.sentence


def test_tenure_start_in_the_month_of_publication(nlp):
    r = offices(nlp, "Canadian Defence Minister Liam Carter said the plan was sound. "
                     "Carter was appointed in March, replacing a colleague who retired.")
    assert r.offices[0].start == DateValue(2024, 3)


def test_tenure_start_from_end_of_last_year_is_a_year(nlp):
    r = offices(nlp, "Canadian Defence Minister Liam Carter said the plan was sound. "
                     "He was appointed at the end of last year.", published=DateValue(2024, 2, 10))
    assert r.offices[0].start == DateValue(2023)
    assert r.offices[0].start.precision is Precision.YEAR


def test_tenure_start_needs_a_publication_date(nlp):
    r = offices(nlp, "Canadian Defence Minister Liam Carter said the plan was sound. Carter was appointed in March.",
                published=None)
    assert [(o.role, o.country) for o in r.offices] == [("defence_minister", "Canada")]
    assert r.offices[0].start is None


@pytest.mark.parametrize("text, name", [
    ("Defence Minister Liam Carter said the plan was sound.", "Liam Carter"),
    ("Foreign Ministry spokeswoman Yuki Sato said the ministry was concerned.", "Yuki Sato"),
])
def test_no_office_when_no_country_can_be_determined(nlp, text, name):
    r = offices(nlp, text)
    assert name in r.person_names(), r.describe_persons()
    assert r.offices == [], [(o.person, o.role, o.country) for o in r.offices]


@pytest.mark.parametrize("text, name, expected", [
    ("Kremlin spokesman Pavel Orlov told reporters the talks were useful.", "Pavel Orlov", ("spokesperson", "Russia")),
    ("White House press secretary Dana Reed briefed reporters.", "Dana Reed", ("spokesperson", "United States")),
    ("External Affairs Minister Ravi Kumar met the envoys.", "Ravi Kumar", ("foreign_minister", "India")),
    ("Secretary of Defense Mark Ellis toured the base.", "Mark Ellis", ("defence_minister", "United States")),
    ("India's Foreign Secretary Ravi Kumar briefed reporters.", "Ravi Kumar", ("other", "India")),
])
def test_institutions_and_national_titles_give_the_country(nlp, text, name, expected):
    assert offices(nlp, text).offices_of(name) == {expected}


@pytest.mark.parametrize("text, name", [
    ("NATO Secretary General Ana Berg opened the summit.", "Ana Berg"),
    ("Ana Berg, the Secretary-General of NATO, opened the summit.", "Ana Berg"),
    ("NATO leaders agreed to extend the term of Secretary-General Ana Berg by a year.", "Ana Berg"),
])
def test_posts_of_an_international_organisation_have_it_in_place_of_a_country(nlp, text, name):
    r = offices(nlp, text)
    (office,) = [o for o in r.offices if o.person == r.key(name)]
    assert (office.role, office.country, office.organization) == ("other", "NATO", "NATO")


def test_a_senate_president_is_a_legislator_not_a_head_of_state(nlp):
    r = offices(nlp, "The call angered Chile's Senate President Jorge Mena, who demanded an apology.")
    assert r.offices_of("Jorge Mena") == {("legislator", "Chile")}


def test_a_prime_minister_after_a_place_phrase_does_not_take_its_country(nlp):
    r = offices(nlp, "At the summit in Brazil, Prime Minister Ed Ko and President Jo Ruiz held talks.")
    assert r.offices == []


@pytest.mark.parametrize("text", [
    # a wire story filed from one capital about another country's politics
    "MOSCOW, May 3. Lawmakers in Ukraine backed the bill. According to one deputy, President Ivan Petrenko "
    "signed it at once.",
])
def test_the_dateline_does_not_give_a_foreign_title_its_country(nlp, text):
    r = offices(nlp, text)
    assert all(o.country != "Russia" for o in r.offices), [(o.role, o.country) for o in r.offices]


def test_a_bare_title_takes_the_datelines_country_when_the_story_is_about_it(nlp):
    r = offices(nlp, "BANGKOK, May 3. Thailand's parliament met on Friday. Prime Minister Somchai Wong "
                     "thanked the lawmakers.")
    assert r.offices_of("Somchai Wong") == {("head_of_government", "Thailand")}


# -- offices from events (published Thursday 14 March 2024) -----------------------------------

def _office(r, name):
    (office,) = [o for o in r.offices if o.person == r.key(name)]
    return office


@pytest.mark.parametrize("text, name, role, country, start", [
    ("Parliament elected Maria Lopez as prime minister of Spain on Tuesday.", "Maria Lopez",
     "head_of_government", "Spain", DateValue(2024, 3, 12)),
    ("Ana Berg was sworn in as Sweden's prime minister on Monday.", "Ana Berg",
     "head_of_government", "Sweden", DateValue(2024, 3, 11)),
    ("Lawmakers confirmed Tomas Vik as Norway's defence minister on Wednesday.", "Tomas Vik",
     "defence_minister", "Norway", DateValue(2024, 3, 13)),
    # the news of the day: within the month of publication
    ("Rui Costa has been appointed Portugal's new foreign minister, the government said.", "Rui Costa",
     "foreign_minister", "Portugal", DateValue(2024, 3)),
])
def test_an_appointment_gives_the_office_and_its_start(nlp, text, name, role, country, start):
    office = _office(offices(nlp, text), name)
    assert (office.role, office.country, office.attested, office.start) == (role, country, True, start)
    assert office.start_evidence is not None


def test_an_appointment_reported_as_background_without_a_date_has_no_start(nlp):
    office = _office(offices(nlp, "Rui Costa was appointed Portugal's foreign minister, and he likes football."),
                     "Rui Costa")
    assert (office.role, office.country, office.start) == ("foreign_minister", "Portugal", None)


@pytest.mark.parametrize("text", [
    "The alliance said NATO appointed Ana Berg to be its next secretary general on Wednesday.",
    "The president will nominate Rui Costa as Portugal's defence minister next week.",
])
def test_a_nomination_or_a_next_holder_is_planned_not_held(nlp, text):
    r = offices(nlp, text)
    (office,) = [o for o in r.offices if r.actors[o.person].name in ("Ana Berg", "Rui Costa")]
    assert not office.attested and office.start is None


def test_taking_over_from_a_predecessor_starts_one_holding_and_ends_the_other(nlp):
    r = offices(nlp, "Maria Lindqvist formally took over from her predecessor Tom Hale as NATO Secretary General "
                     "on Tuesday.")
    berg = _office(r, "Maria Lindqvist")
    assert (berg.role, berg.country, berg.organization, berg.start) == ("other", "NATO", "NATO", DateValue(2024, 3, 12))
    hale = [o for o in r.offices if o.person == r.key("Tom Hale")]
    assert hale and all((o.role, o.country, o.end, o.attested) == ("other", "NATO", DateValue(2024, 3, 12), False)
                        for o in hale)
    assert any(o.evidence.derived_by == "rule:succeeded-by" for o in hale)


def test_the_leader_who_replaces_a_minister_is_not_the_successor(nlp):
    r = offices(nlp, "Greek Defence Minister Nikos Pappas was replaced on Monday when President Eleni Kostas "
                     "replaced Defence Minister Nikos Pappas.")
    assert all(o.role != "defence_minister" for o in r.offices if o.person == r.key("Eleni Kostas"))


def test_resigning_as_a_minister_ends_the_holding(nlp):
    office = _office(offices(nlp, "Rui Costa resigned as Portugal's defence minister on Monday."), "Rui Costa")
    assert (office.role, office.country, office.end) == ("defence_minister", "Portugal", DateValue(2024, 3, 11))


def test_a_ministry_spokesperson_filed_from_abroad_is_the_ministrys(nlp):
    r = offices(nlp, "SINGAPORE (AP) — Senior Colonel Li Wen, a spokesperson for China's Ministry of National "
                     "Defense, told reporters in Singapore that the talks had been useful.")
    office = _office(r, "Li Wen")
    assert (office.role, office.country, office.organization) == ("spokesperson", "China", "Ministry of National Defense")


def test_his_minister_has_the_country_of_the_leader_his_refers_to(nlp):
    r = offices(nlp, "Moldovan President Ana Rusu said she had dismissed her defence minister Ion Lupu on Friday.")
    assert r.offices_of("Ion Lupu") == {("defence_minister", "Moldova")}


# -- bare titles: the country from the person's other mention or the story's home country --------

def test_bare_title_takes_the_country_stated_for_the_same_person(nlp):
    r = offices(nlp, "Brazilian Foreign Minister Carla Mendes arrived in Lisbon on Monday. "
                     "On Tuesday, Minister of Foreign Affairs Carla Mendes met students.")
    assert ("foreign_minister", "Brazil") in r.offices_of("Carla Mendes")


def test_bare_title_in_a_story_plainly_about_one_country(nlp):
    text = ("Canada's parliament met on Monday to debate the budget. Prime Minister Ellen Hart defended "
            "the plan, saying Canada could afford it. Critics in Canada said the deficit would grow.")
    r = offices(nlp, text)
    assert r.offices_of("Ellen Hart") == {("head_of_government", "Canada")}


def test_bare_title_in_a_two_country_leaders_story_is_the_unqualified_side(nlp):
    text = ("Chinese President Li Wen hosted a banquet in Beijing on Monday. Prime Minister Ellen Hart "
            "attended it. Canada and China agreed to resume trade talks. Hart said Canada wanted stable ties with China. "
            "Li said China welcomed Canada's approach.")
    r = offices(nlp, text)
    assert r.offices_of("Ellen Hart") == {("head_of_government", "Canada")}
    assert r.offices_of("Li Wen") == {("head_of_state", "China")}


def test_bare_title_with_no_home_country_gets_no_country(nlp):
    text = ("Prime Minister Ellen Hart met students on Monday. Canada and Mexico are trading partners. "
            "Mexico and Canada will meet again.")
    r = offices(nlp, text)
    assert r.offices_of("Ellen Hart") == set()


def test_its_leader_refers_to_a_party_named_before(nlp):
    text = ("In France, the Green Alliance came second in Sunday's vote, its leader, Marc Dubois, said. "
            "France will form a new government.")
    r = offices(nlp, text)
    assert ("party_leader", "France") in r.offices_of("Marc Dubois")


def test_leader_of_a_country_is_not_a_party_leader(nlp):
    r = offices(nlp, "French leader Marc Dubois met voters in Lyon. France votes in May.")
    assert all(role != "party_leader" for role, _ in r.offices_of("Marc Dubois"))


def test_subject_hung_on_the_auxiliary_still_holds_the_elected_post(nlp):
    r = offices(nlp, "Norwegian politician Kari Olsen was on Wednesday elected prime minister of Norway after the vote.")
    (office,) = [o for o in r.offices if o.person == r.key("Kari Olsen")]
    assert (office.role, office.country, office.start) == ("head_of_government", "Norway", DateValue(2024, 3, 13))


def test_nominee_for_a_post_is_not_its_holder(nlp):
    r = offices(nlp, "Norway's parliament voted on Tuesday. The party's own nominee for prime minister, "
                     "Lars Berg, got 152 votes.")
    assert ("head_of_government", "Norway") not in r.offices_of("Lars Berg")


def test_appointing_parliament_gives_the_country(nlp):
    r = offices(nlp, "The Norwegian parliament has appointed former finance minister Kari Olsen to the post of minister of defence.")
    assert ("defence_minister", "Norway") in r.offices_of("Kari Olsen")


def test_date_of_a_relative_clause_is_not_the_succession_date(nlp):
    r = offices(nlp, "Kari Olsen succeeds Lars Berg, whom a court dismissed last week as prime minister of Norway.")
    ends = [o.end for o in r.offices if o.person == r.key("Lars Berg") and o.end is not None]
    assert all(e != DateValue(2024, 3, 4) for e in ends)


@pytest.mark.parametrize("text, name, expected", [
    ("Polish Prime Minister Jan Marek met the envoy. Marek, who has been prime minister since March 2019, "
     "is expected to stay on.", "Jan Marek", (2019, 3)),
    ("Chilean President Rosa Vidal spoke on Monday. Vidal has been in office since 2016.", "Rosa Vidal", (2016, None)),
])
def test_has_been_role_since_gives_the_start_of_a_current_holding(nlp, text, name, expected):
    r = offices(nlp, text, published="2024-05-10")
    (office,) = [o for o in r.offices if o.person == r.index.person_by_name_part(name.split()[-1])]
    assert (office.start.year, office.start.month) == expected


def test_since_that_dates_no_post_gives_no_start(nlp):
    r = offices(nlp, "Polish President Jan Marek hosted the first state visit since 2008.", published="2024-05-10")
    (office,) = r.offices
    assert office.start is None


@pytest.mark.parametrize("text", [
    "Foreign Minister Ana Ruiz of Spain met her counterpart from Bosnia and Herzegovina, Edin Kovac, in New York.",
    "Spanish Foreign Minister Ana Ruiz held separate talks with Chilean Foreign Minister Pablo Soto "
    "and her Bosnian counterpart Edin Kovac in Jakarta.",
])
def test_counterpart_from_a_country_or_after_another_official(nlp, text):
    r = offices(nlp, text)
    assert r.offices_of("Edin Kovac") == {("foreign_minister", "Bosnia and Herzegovina")}


def test_counterpart_of_an_unnamed_title_takes_that_title(nlp):
    r = offices(nlp, "In addition, the External Affairs Minister met his counterpart from Bosnia and Herzegovina, "
                     "Edin Kovac, and talked about trade.")
    assert r.offices_of("Edin Kovac") == {("foreign_minister", "Bosnia and Herzegovina")}


@pytest.mark.parametrize("text, name, expected", [
    ("The Chairman of the Standing Committee of the National People’s Congress, Wang Lei, welcomed the visitors.",
     "Wang Lei", {("legislator", "China")}),
    ("NPC Standing Committee Chairman Wang Lei met the delegation.", "Wang Lei", {("legislator", "China")}),
    ("At the invitation of State Councilor and Foreign Minister Li Wen, Mongolian Foreign Minister Bat Erdene "
     "will visit on May 1.", "Li Wen", {("state_councilor", "China"), ("foreign_minister", "China")}),
])
def test_titles_of_one_country_give_it_and_the_coordinated_title_follows(nlp, text, name, expected):
    assert offices(nlp, text).offices_of(name) == expected


def test_title_after_counterparts_takes_their_country(nlp):
    r = offices(nlp, "The British ministers sat alongside their Japanese counterparts, Foreign Minister Kenji Sato "
                     "and Trade Minister Aiko Mori, in Tokyo.")
    assert r.offices_of("Kenji Sato") == {("foreign_minister", "Japan")}
