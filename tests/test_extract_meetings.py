"""Meetings, visits and calls: kind from the wording, participants, date, place and status."""
from __future__ import annotations

import pytest
from extraction_helpers import run
from newsgraph.loader.nlp import get_pipeline
from newsgraph.loader.records import DateValue


@pytest.fixture(scope="module")
def nlp():
    return get_pipeline()


def meetings(nlp, text, **kw):
    return run(nlp, text, stages="meetings", **kw)


def people(r, m) -> set[str]:
    return {r.actors[k].name for k in m.participants}


TUESDAY = DateValue(2024, 3, 12)  # the Tuesday before the Thursday 14 March 2024 publication date


@pytest.mark.parametrize("text, kind", [
    ("Polish Foreign Minister Adam Nowak met Lithuanian Foreign Minister Rasa Petraitis in Vilnius on Tuesday.",
     "in_person"),
    (("Polish Foreign Minister Adam Nowak held talks with Lithuanian Foreign Minister Rasa Petraitis in Vilnius "
      "on Tuesday."), "in_person"),
    ("Polish President Adam Nowak received Lithuanian Foreign Minister Rasa Petraitis in Warsaw on Tuesday.",
     "in_person"),
    ("Polish Foreign Minister Adam Nowak spoke by phone with Lithuanian Foreign Minister Rasa Petraitis on Tuesday.",
     "phone_call"),
    (("Polish Foreign Minister Adam Nowak held a telephone conversation with Lithuanian Foreign Minister "
      "Rasa Petraitis on Tuesday."), "phone_call"),
    (("Polish Foreign Minister Adam Nowak held a video call with Lithuanian Foreign Minister Rasa Petraitis "
      "on Tuesday."), "video_call"),
    (("Polish Foreign Minister Adam Nowak and Lithuanian Foreign Minister Rasa Petraitis held a virtual meeting "
      "on Tuesday."), "video_call"),
])
def test_kind_of_a_two_person_meeting_from_its_wording(nlp, text, kind):
    r = meetings(nlp, text)
    assert [m.kind for m in r.meetings] == [kind]
    (m,) = r.meetings
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}
    assert m.status == "held"
    assert m.start == TUESDAY and m.end is None
    assert m.evidence and m.evidence[0].sentence == text


def test_official_visit_is_a_visit_by_its_subject(nlp):
    r = meetings(nlp, "Polish Foreign Minister Adam Nowak paid an official visit to Lithuania on Tuesday.")
    (m,) = r.meetings
    assert m.kind == "visit"
    assert m.visitor == r.key("Adam Nowak")
    assert r.key("Adam Nowak") in m.participants
    assert m.place == "Lithuania"
    assert m.status == "held" and m.start == TUESDAY


def test_will_travel_to_is_a_planned_visit(nlp):
    r = meetings(nlp, "Polish Foreign Minister Adam Nowak will travel to Vilnius next week.")
    (m,) = r.meetings
    assert m.kind == "visit"
    assert m.visitor == r.key("Adam Nowak")
    assert m.place == "Vilnius"
    assert m.status == "planned"


def test_will_visit_next_week_is_planned_with_the_week_as_range(nlp):
    r = meetings(nlp, "Polish Foreign Minister Adam Nowak will visit Hanoi next week.")
    (m,) = r.meetings
    assert (m.kind, m.status, m.place) == ("visit", "planned", "Hanoi")
    assert (m.start, m.end) == (DateValue(2024, 3, 18), DateValue(2024, 3, 24))


@pytest.mark.parametrize("text, start, end", [
    ("Polish Foreign Minister Adam Nowak will visit Hanoi from April 16-19.",
     DateValue(2024, 4, 16), DateValue(2024, 4, 19)),
    ("Polish Foreign Minister Adam Nowak will visit Hanoi from May 2 to 5.",
     DateValue(2024, 5, 2), DateValue(2024, 5, 5)),
])
def test_planned_visit_with_a_date_range(nlp, text, start, end):
    (m,) = meetings(nlp, text).meetings
    assert (m.kind, m.status) == ("visit", "planned")
    assert (m.start, m.end) == (start, end)


def test_planned_weekday_is_the_coming_one(nlp):
    (m,) = meetings(nlp, "Adam Nowak will visit Hanoi on Sunday.").meetings
    assert m.status == "planned"
    assert m.start == DateValue(2024, 3, 17)


def test_past_weekday_is_the_one_before_publication(nlp):
    (m,) = meetings(nlp, "Adam Nowak met Rasa Petraitis in Vilnius on Wednesday.").meetings
    assert m.status == "held"
    assert m.start == DateValue(2024, 3, 13)


@pytest.mark.parametrize("text, when, status", [
    (("Polish Foreign Minister Adam Nowak will meet Lithuanian Foreign Minister Rasa Petraitis in Vilnius on "
      "Friday, the ministry spokesman Marek Zielinski said."), DateValue(2024, 3, 15), "planned"),
    ("Adam Nowak met Rasa Petraitis in Vilnius on Tuesday, ministry spokesman Marek Zielinski said.",
     TUESDAY, "held"),
    ("Adam Nowak met Rasa Petraitis in Vilnius on Tuesday, spokesman Marek Zielinski told reporters.",
     TUESDAY, "held"),
])
def test_a_person_who_only_reports_the_meeting_is_not_a_participant(nlp, text, when, status):
    r = meetings(nlp, text)
    assert "Marek Zielinski" in r.person_names()
    (m,) = r.meetings
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}
    assert (m.start, m.status) == (when, status)


@pytest.mark.parametrize("text, kind", [
    ("During a visit to Vilnius on Tuesday, Adam Nowak met Rasa Petraitis.", "in_person"),
    ("During a trip to Vilnius, Adam Nowak spoke by phone with Rasa Petraitis on Tuesday.", "phone_call"),
    ("Ahead of the president's visit to Vilnius, Adam Nowak held a phone call with Rasa Petraitis on Tuesday.",
     "phone_call"),
])
def test_a_visit_that_only_frames_another_event_is_not_taken(nlp, text, kind):
    r = meetings(nlp, text)
    assert [m.kind for m in r.meetings] == [kind]
    assert people(r, r.meetings[0]) == {"Adam Nowak", "Rasa Petraitis"}


def test_place_of_an_in_person_meeting(nlp):
    (m,) = meetings(nlp, "Adam Nowak met Rasa Petraitis in Hanoi on Tuesday.").meetings
    assert m.place == "Hanoi"


def test_a_call_has_no_place(nlp):
    (m,) = meetings(nlp, "Adam Nowak spoke by phone with Rasa Petraitis on Tuesday.").meetings
    assert m.kind == "phone_call" and m.place is None


def test_undated_article_gives_no_date_for_a_weekday(nlp):
    r = meetings(nlp, "Adam Nowak met Rasa Petraitis in Vilnius on Tuesday.", published=None)
    (m,) = r.meetings
    assert m.kind == "in_person"
    assert m.start is None and m.end is None
    assert m.place == "Vilnius"


def test_undated_article_keeps_an_absolute_date(nlp):
    r = meetings(nlp, "Adam Nowak met Rasa Petraitis in Vilnius on March 12, 2024.", published=None)
    (m,) = r.meetings
    assert m.start == DateValue(2024, 3, 12)


def test_two_mentions_of_one_visit_merge_with_the_union_of_participants(nlp):
    r = meetings(nlp, "Polish Foreign Minister Adam Nowak will visit Hanoi next week. During Nowak's visit to Hanoi, "
                      "he will hold talks with Vietnamese Foreign Minister Tran Van Minh.")
    (m,) = r.meetings
    assert m.kind == "visit"
    assert people(r, m) == {"Adam Nowak", "Tran Van Minh"}
    assert m.visitor == r.key("Adam Nowak")
    assert len(m.evidence) == 2
    assert (m.start, m.end) == (DateValue(2024, 3, 18), DateValue(2024, 3, 24))
    assert m.status == "planned" and m.place == "Hanoi"


def test_two_mentions_of_one_meeting_merge_with_the_union_of_participants(nlp):
    r = meetings(nlp, "Daniel Petrenko met Katherine Sullivan in Vienna on Tuesday. "
                      "At the meeting, Petrenko and Sullivan were joined by Maria Santos.")
    (m,) = r.meetings
    assert m.kind == "in_person"
    assert people(r, m) == {"Daniel Petrenko", "Katherine Sullivan", "Maria Santos"}
    assert m.start == TUESDAY and m.place == "Vienna"
    assert len(m.evidence) == 2


def test_visit_mentioned_twice_with_a_pronoun_merges(nlp):
    r = meetings(nlp, "Viktor Romanenko will visit Oslo next week. "
                      "During his visit, Romanenko will hold talks with Peter Lindholm.")
    (m,) = r.meetings
    assert m.kind == "visit" and m.visitor == r.key("Viktor Romanenko")
    assert people(r, m) == {"Viktor Romanenko", "Peter Lindholm"}
    assert (m.start, m.end) == (DateValue(2024, 3, 18), DateValue(2024, 3, 24))
    assert m.status == "planned" and m.place == "Oslo"


@pytest.mark.parametrize("text, dates", [
    (("Daniel Petrenko spoke by phone with Katherine Sullivan on Monday. "
      "Petrenko and Sullivan spoke by phone again on Thursday."), [DateValue(2024, 3, 11), DateValue(2024, 3, 14)]),
    (("Viktor Romanenko spoke by phone with Laura Whitfield on March 4. "
      "Romanenko and Whitfield also spoke by phone on March 11 to discuss energy."),
     [DateValue(2024, 3, 4), DateValue(2024, 3, 11)]),
])
def test_two_meetings_on_different_dates_stay_apart(nlp, text, dates):
    r = meetings(nlp, text)
    assert [m.kind for m in r.meetings] == ["phone_call", "phone_call"]
    assert sorted(m.start for m in r.meetings) == dates
    first, second = r.meetings
    assert set(first.participants) == set(second.participants)
    assert len(first.participants) == 2


def test_same_people_in_two_cities_on_two_days_are_two_meetings(nlp):
    r = meetings(nlp, "Adam Nowak met Rasa Petraitis in Vilnius on Tuesday. Nowak met Petraitis again in Riga on "
                      "Wednesday.")
    assert sorted((m.start, m.place) for m in r.meetings) == [(TUESDAY, "Vilnius"), (DateValue(2024, 3, 13), "Riga")]


def test_visit_in_a_relative_clause_belongs_to_the_person_the_title_stands_beside(nlp):
    r = meetings(nlp, "Maria Lopez, a Chilean senator who visited Peru last week, said the trip had been useful.")
    (m,) = r.meetings
    assert m.kind == "visit" and m.visitor == r.key("Maria Lopez")
    assert m.place == "Peru" and m.status == "held"


# -- separate bilaterals, titles standing for their holder --------------------------------------

@pytest.mark.parametrize("text", [
    ("Polish Foreign Minister Adam Nowak held separate talks with Lithuanian Foreign Minister Rasa Petraitis, "
     "Latvian Foreign Minister Janis Ozols and Estonian Foreign Minister Mari Tamm on Tuesday."),
    ("Polish Foreign Minister Adam Nowak held bilateral meetings with Lithuanian Foreign Minister Rasa Petraitis, "
     "Latvian Foreign Minister Janis Ozols and Estonian Foreign Minister Mari Tamm on Tuesday."),
    ("On Tuesday Polish Foreign Minister Adam Nowak met individually with Lithuanian Foreign Minister "
     "Rasa Petraitis, Latvian Foreign Minister Janis Ozols and Estonian Foreign Minister Mari Tamm."),
])
def test_separate_talks_with_several_people_are_one_meeting_with_each(nlp, text):
    r = meetings(nlp, text)
    assert sorted(sorted(people(r, m)) for m in r.meetings) == [
        ["Adam Nowak", "Janis Ozols"], ["Adam Nowak", "Mari Tamm"], ["Adam Nowak", "Rasa Petraitis"]]
    assert all(m.kind == "in_person" and m.start == TUESDAY for m in r.meetings)


def test_a_meeting_of_three_together_stays_one_meeting(nlp):
    r = meetings(nlp, "Polish Foreign Minister Adam Nowak met Lithuanian Foreign Minister Rasa Petraitis and "
                      "Latvian Foreign Minister Janis Ozols in Riga on Tuesday.")
    (m,) = r.meetings
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis", "Janis Ozols"}


def test_the_title_alone_stands_for_the_article_holder_of_the_post(nlp):
    r = meetings(nlp, "Polish Prime Minister Adam Nowak arrived in Vilnius on Monday. On Tuesday, the Prime "
                      "Minister held talks with Lithuanian President Rasa Petraitis.")
    (m,) = [m for m in r.meetings if m.kind == "in_person"]
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}
    assert m.start == TUESDAY


def test_a_title_held_by_two_people_of_the_article_stands_for_neither(nlp):
    r = meetings(nlp, "Polish President Adam Nowak and Latvian President Janis Ozols spoke on Monday. On Tuesday, "
                      "the president held talks with Lithuanian Foreign Minister Rasa Petraitis.")
    assert not [m for m in r.meetings if "Rasa Petraitis" in people(r, m)]


@pytest.mark.parametrize("text", [
    "Polish Foreign Minister Adam Nowak is set to meet Lithuanian Foreign Minister Rasa Petraitis in Vilnius next week.",
    "Polish Foreign Minister Adam Nowak plans to meet Lithuanian Foreign Minister Rasa Petraitis in Vilnius next week.",
    ("Polish Foreign Minister Adam Nowak and Lithuanian Foreign Minister Rasa Petraitis are planning to hold a "
     "meeting in Vilnius next week."),
])
def test_a_meeting_under_a_planning_verb_takes_its_subject_and_is_planned(nlp, text):
    r = meetings(nlp, text)
    (m,) = r.meetings
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}
    assert m.status == "planned"


@pytest.mark.parametrize("text", [
    ("Polish Foreign Minister Adam Nowak, talking to reporters after two days of talks with his Lithuanian "
     "counterpart Rasa Petraitis, said the border question was settled."),
    ("Polish Foreign Minister Adam Nowak, who met Lithuanian Foreign Minister Rasa Petraitis on Tuesday, "
     "said the border question was settled."),
    ("Polish Foreign Minister Adam Nowak held talks with a Lithuanian delegation led by Foreign Minister "
     "Rasa Petraitis."),
])
def test_a_participant_outside_the_clause_of_the_meeting_word(nlp, text):
    r = meetings(nlp, text)
    (m,) = r.meetings
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}


def test_the_two_leaders_are_the_last_two_people_named_whatever_their_titles(nlp):
    r = meetings(nlp, "Polish Senate Speaker Adam Nowak and Lithuanian President Rasa Petraitis discussed trade on Tuesday. "
                      "The talks took place in a telephone call between the two leaders.")
    (m,) = r.meetings
    assert m.kind == "phone_call"
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}


@pytest.mark.parametrize("text", [
    "Polish President Adam Nowak conferred with Lithuanian President Rasa Petraitis on Tuesday.",
    "Polish President Adam Nowak sat down with Lithuanian President Rasa Petraitis on Tuesday.",
    "Polish President Adam Nowak received his counterpart from Lithuania, President Rasa Petraitis, on Tuesday.",
    "Lithuanian President Rasa Petraitis was received by Polish President Adam Nowak on Tuesday.",
])
def test_wordings_of_an_in_person_meeting(nlp, text):
    r = meetings(nlp, text)
    (m,) = r.meetings
    assert m.kind == "in_person"
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}
    assert m.start == TUESDAY


def test_his_meetings_with_two_people_are_his_and_separate(nlp):
    r = meetings(nlp, "Polish President Adam Nowak named a new cabinet on Tuesday. The choice follows his meetings "
                      "with both Rasa Petraitis and Janis Ozols.")
    assert sorted(sorted(people(r, m)) for m in r.meetings) == [["Adam Nowak", "Janis Ozols"],
                                                                ["Adam Nowak", "Rasa Petraitis"]]


def test_called_him_is_a_call_with_the_person_who_reports_it(nlp):
    r = meetings(nlp, "Polish President Adam Nowak said on Tuesday that Rasa Petraitis had called him to "
                      "congratulate him on his victory.")
    (m,) = r.meetings
    assert m.kind == "phone_call"
    assert people(r, m) == {"Adam Nowak", "Rasa Petraitis"}


def test_in_the_capital_names_the_place(nlp):
    r = meetings(nlp, "In the capital Vilnius, Polish Foreign Minister Adam Nowak held talks with Lithuanian "
                      "Foreign Minister Rasa Petraitis.")
    (m,) = r.meetings
    assert m.place == "Vilnius"


def test_a_building_gives_its_city_where_the_text_says_it_else_the_building_is_the_place(nlp):
    r = meetings(nlp, "Polish President Adam Nowak met Lithuanian President Rasa Petraitis at the Presidential "
                      "Palace in Vilnius on Tuesday.")
    (m,) = r.meetings
    assert m.place == "Vilnius"
    r = meetings(nlp, "Polish President Adam Nowak met Lithuanian President Rasa Petraitis at the Presidential "
                      "Palace on Tuesday.")
    (m,) = r.meetings
    assert m.place == "Presidential Palace"


def test_talks_prefer_the_city_to_its_country(nlp):
    r = meetings(nlp, "Polish President Adam Nowak held talks with Lithuanian President Rasa Petraitis in "
                      "Lithuania's Kaunas on Tuesday.")
    (m,) = r.meetings
    assert m.place == "Kaunas"


def test_the_lede_dates_and_places_the_meetings_the_next_sentence_tells(nlp):
    r = meetings(nlp, "Polish Foreign Minister Adam Nowak on Tuesday held talks with several counterparts in Vilnius. "
                      "He also met Latvian Foreign Minister Janis Ozols.")
    (m,) = r.meetings
    assert m.start == TUESDAY and m.place == "Vilnius"


def test_a_meeting_before_the_month_is_out_is_planned(nlp):
    r = meetings(nlp, "After a second meeting of Polish Foreign Minister Adam Nowak and Lithuanian Foreign Minister "
                      "Rasa Petraitis before this month is out, their experts will draft a plan.")
    (m,) = [m for m in r.meetings if len(m.participants) == 2]
    assert m.status == "planned" and m.start == DateValue(2024, 3)


def test_the_inviter_hosts_a_visit_on_two_days(nlp):
    r = meetings(nlp, "At the invitation of Foreign Minister Rasa Petraitis, Polish Foreign Minister Adam Nowak "
                      "will be visiting Lithuania on March 20 and 21.")
    (m,) = r.meetings
    assert m.kind == "visit" and m.status == "planned"
    assert r.actors[m.host].name == "Rasa Petraitis" and r.actors[m.visitor].name == "Adam Nowak"
    assert (m.start, m.end) == (DateValue(2024, 3, 20), DateValue(2024, 3, 21))


@pytest.mark.parametrize("text", [
    ("Polish President Adam Nowak met Lithuanian President Rasa Petraitis in Vilnius on Tuesday. "
     "Deputy Foreign Minister Jan Kowal and the Lithuanian Ambassador Tomas Zilinskas concluded the meeting."),
    ("Polish President Adam Nowak met Lithuanian President Rasa Petraitis in Vilnius on Tuesday. "
     "Deputy Foreign Minister Jan Kowal and Ambassador Marek Lis were also present at his meeting with the president."),
])
def test_people_attending_a_meeting_already_told_are_not_a_new_meeting(nlp, text):
    r = meetings(nlp, text)
    assert [people(r, m) for m in r.meetings] == [{"Adam Nowak", "Rasa Petraitis"}]


def test_people_attending_a_meeting_with_someone_named_meet_them(nlp):
    r = meetings(nlp, "Polish President Adam Nowak attended a meeting with Lithuanian President Rasa Petraitis "
                      "in Vilnius on Tuesday.")
    assert [people(r, m) for m in r.meetings] == [{"Adam Nowak", "Rasa Petraitis"}]


def test_a_date_with_its_weekday_is_read_when_they_agree(nlp):
    r = meetings(nlp, "Polish President Adam Nowak meets Lithuanian President Rasa Petraitis in Vilnius, "
                      "Lithuania, Tuesday, March 12, 2024.", published=None)
    (m,) = r.meetings
    assert m.start == TUESDAY
    r = meetings(nlp, "Polish President Adam Nowak meets Lithuanian President Rasa Petraitis in Vilnius, "
                      "Lithuania, Monday, March 12, 2024.", published=None)
    (m,) = r.meetings
    assert m.start is None


def test_an_undated_story_reads_its_weekdays_from_the_day_its_lede_names(nlp):
    r = meetings(nlp, "Polish President Adam Nowak receives this Thursday (March 14, 2024) his Czech counterpart, "
                      "Petr Dvorak, in Warsaw. On Tuesday, Nowak received the President of Lithuania, Rasa Petraitis.",
                 published=None)
    (m,) = [m for m in r.meetings if "Rasa Petraitis" in people(r, m)]
    assert m.start == TUESDAY


def test_the_kingdom_is_no_place_name(nlp):
    r = meetings(nlp, "King Haakon received Polish President Adam Nowak, who is in the Kingdom on a visit, "
                      "on Tuesday.")
    assert r.meetings and all(m.place != "Kingdom" for m in r.meetings)


def test_a_summit_here_is_in_the_all_capitals_dateline_city(nlp):
    r = meetings(nlp, "GDANSK CITY, Poland — The two governments issued a statement on Tuesday, once Polish President "
                      "Adam Nowak and Lithuanian President Rasa Petraitis had met on the sidelines of the summit "
                      "taking place here.")
    (m,) = r.meetings
    assert m.place == "Gdansk City"


def test_a_meeting_at_a_summit_is_where_the_summit_is_held(nlp):
    r = meetings(nlp, "Polish President Adam Nowak met Lithuanian President Rasa Petraitis on Tuesday on the "
                      "sidelines of the regional forum taking place in Gdansk.")
    (m,) = r.meetings
    assert m.place == "Gdansk"
    r = meetings(nlp, "Polish President Adam Nowak met Lithuanian President Rasa Petraitis on Tuesday, a day after "
                      "a regional summit that took place in Gdansk.")
    (m,) = r.meetings
    assert m.place is None


def _report(name, start=None, place=None, published=None, status="held"):
    from newsgraph.loader.facts.meetings.derive import MeetingReport
    return MeetingReport(name, "InPersonMeeting", frozenset({"p1", "p2"}), f"article-{name}", start, None,
                         status, place, published=published)


def _clustered(reports):
    from newsgraph.loader.facts.meetings.derive import cluster_reports
    return sorted(sorted(r.iri for r in c) for c in cluster_reports(reports))


def test_an_undated_report_joins_the_one_meeting_at_its_place():
    reports = [_report("x", DateValue(2022, 11, 15), "place/gdansk"), _report("y", DateValue(2023, 11, 6), "place/vilnius"),
               _report("u", place="place/gdansk")]
    assert _clustered(reports) == [["u", "x"], ["y"]]


def test_an_undated_held_report_joins_the_one_meeting_of_the_week_before_its_article():
    reports = [_report("x", DateValue(2022, 11, 15)), _report("y", DateValue(2023, 11, 6)),
               _report("u", published=DateValue(2023, 11, 7))]
    assert _clustered(reports) == [["u", "y"], ["x"]]
    reports[2] = _report("u", published=DateValue(2023, 12, 20))
    assert _clustered(reports) == [["u"], ["x"], ["y"]]


def test_the_kingdom_is_the_country_of_the_dateline(nlp):
    r = meetings(nlp, "AMMAN — King Haakon received Polish President Adam Nowak, who is in the Kingdom on a visit, "
                      "on Tuesday.")
    (visit,) = [m for m in r.meetings if m.kind == "visit"]
    assert visit.place == "Jordan"


@pytest.mark.parametrize("text", [
    ("Estonian Foreign Minister Kadri Tamm held talks with Finnish Foreign Minister Olli Virtanen on the sidelines, "
     "the ministry said. According to an agenda seen by reporters, Tamm was set to sit down with Virtanen for an "
     "hour."),
    ("Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Olli Virtanen at the forum, officials said. "
     "Tamm had been due to meet Virtanen for half an hour."),
])
def test_a_plan_told_in_the_past_yields_to_the_meeting_held(nlp, text):
    r = meetings(nlp, text)
    assert len(r.meetings) == 1
    assert r.meetings[0].status == "held"


def test_a_plan_still_ahead_keeps_the_meeting_planned(nlp):
    r = meetings(nlp, ("Estonian Foreign Minister Kadri Tamm will meet Finnish Foreign Minister Olli Virtanen on "
                       "Friday. Tamm and Virtanen met last year."), published=DateValue(2024, 3, 14))
    planned = [m for m in r.meetings if m.start == DateValue(2024, 3, 15)]
    assert planned and all(m.status == "planned" for m in planned)


def test_reports_that_agree_on_a_place_keep_the_city_over_its_country():
    from newsgraph.loader.facts.meetings.derive import MeetingReport, cluster_place

    base = "https://example.org/"
    country, city = f"{base}id/country/norway", f"{base}id/place/bergen"
    labels = {country: "Norway", city: "Bergen"}

    def rep(article, place):
        return MeetingReport(f"{base}m/{article}", "InPersonMeeting", frozenset({"p1", "p2"}), article, place=place)

    assert cluster_place([rep("a1", country), rep("a2", city)], labels) == city
    assert cluster_place([rep("a1", city), rep("a2", country)], labels) == city
    other = f"{base}id/place/stavanger"
    labels[other] = "Stavanger"
    # two reports naming two cities: the first article's place, no guess between them
    assert cluster_place([rep("a1", country), rep("a2", city), rep("a3", other)], labels) == country


@pytest.mark.parametrize("text, names", [
    (("Britain's newly appointed Prime Minister Anna Berg, at right, and the outgoing Prime Minister Lars Holm talk "
      "following the handover ceremony in Oslo, Friday, March 8, 2024."), {"Anna Berg", "Lars Holm"}),
    ("Estonian Prime Minister Kadri Tamm and Finnish President Olli Virtanen shake hands before their talks in Tallinn.",
     {"Kadri Tamm", "Olli Virtanen"}),
])
def test_two_people_who_talk_or_shake_hands_in_a_caption_meet(nlp, text, names):
    r = meetings(nlp, text)
    assert [(m.kind, people(r, m), m.status) for m in r.meetings] == [("in_person", names, "held")]


def test_a_talk_given_by_one_person_is_no_meeting(nlp):
    r = meetings(nlp, "Professor Anna Berg gave a talk on Baltic security at the university on Monday.")
    assert r.meetings == []


def test_talks_on_the_sidelines_are_where_the_gathering_just_told_is_held(nlp):
    r = meetings(nlp, ("The regional bloc opened its three-day meeting on Thursday in the capital Tallinn, where trade "
                       "topped the agenda. Estonian Foreign Minister Kadri Tamm held talks with Finnish Foreign "
                       "Minister Olli Virtanen on the meeting's sidelines, the ministry said."))
    assert [(m.kind, m.place) for m in r.meetings] == [("in_person", "Tallinn")]


def test_talks_on_the_sidelines_take_no_place_from_a_gathering_told_long_before(nlp):
    r = meetings(nlp, ("The regional bloc opened its meeting on Thursday in Tallinn. Trade topped the agenda. "
                       "Fishing quotas came next. Energy prices were also discussed. Estonian Foreign Minister Kadri "
                       "Tamm held talks with Finnish Foreign Minister Olli Virtanen on the sidelines, the ministry "
                       "said."))
    assert [(m.kind, m.place) for m in r.meetings] == [("in_person", None)]
