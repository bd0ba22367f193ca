"""Meetings as real news tells them: participants named outside the meeting's own phrase,
titles standing for their holders, places given by a building, a gathering or a city named on a
meeting's noun. Every sentence here is written for the tests (about public events)."""
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


def groups(r) -> list[set[str]]:
    return [{r.actors[k].name for k in m.participants} for m in r.meetings]


TUESDAY = DateValue(2024, 3, 12)  # the helpers publish on Thursday 14 March 2024


def test_counterparts_from_a_list_of_countries_are_their_foreign_ministers_even_where_a_country_is_not_tagged(nlp):
    r = meetings(nlp, "Turkish Foreign Minister Hakan Fidan praised Bosnian Foreign Minister Elmedin Konakovic and "
                      "Armenian Foreign Minister Ararat Mirzoyan. He held bilateral meetings individually with his "
                      "counterparts from Mexico, Bosnia and Herzegovina, and Armenia on Tuesday.")
    found = sorted(groups(r), key=sorted)
    assert found == [{"Hakan Fidan", "Ararat Mirzoyan"}, {"Hakan Fidan", "Elmedin Konakovic"}]
    assert all(m.start == TUESDAY for m in r.meetings)


def test_a_title_without_a_name_is_the_person_the_story_introduced_with_that_title(nlp):
    r = meetings(nlp, "External Affairs Minister S. Jaishankar arrived in Canberra, where Foreign Minister Penny Wong "
                      "welcomed him. Later, the External Affairs Minister met Singaporean Foreign Minister "
                      "Vivian Balakrishnan.")
    assert {"S. Jaishankar", "Vivian Balakrishnan"} in groups(r)
    assert {"Penny Wong", "Vivian Balakrishnan"} not in groups(r)


def test_a_title_with_an_indefinite_article_is_anyone_holding_the_post(nlp):
    r = meetings(nlp, "Australian Prime Minister Anthony Albanese and Chinese President Xi Jinping will hold talks on "
                      "Tuesday in Bali – it will be the first formal meeting between an Australian Prime Minister "
                      "and the Chinese President since Malcolm Turnbull in 2016.")
    assert not any({"Anthony Albanese", "Malcolm Turnbull"} <= g for g in groups(r))


def test_a_string_of_meetings_held_at_a_summit_places_the_meetings_told_next(nlp):
    r = meetings(nlp, "Foreign Minister Penny Wong held a string of bilateral meetings with counterparts on the "
                      "sidelines of the ASEAN summit in Jakarta. She held talks with Indonesian Foreign Minister "
                      "Retno Marsudi on Tuesday.")
    (m,) = r.meetings
    assert m.place == "Jakarta" and m.start == TUESDAY


def test_a_meeting_at_a_named_building_is_held_there(nlp):
    r = meetings(nlp, "US President Joe Biden hosted Kenyan President William Ruto at the White House on Thursday.")
    (m,) = r.meetings
    assert m.place == "White House"
    r = meetings(nlp, "Brazilian President Luiz Inacio Lula da Silva received Argentine President Alberto Fernandez "
                      "at the Planalto Palace on Tuesday.")
    (m,) = r.meetings
    assert m.place == "Planalto Palace"


def test_a_caption_naming_two_people_during_a_meeting_is_their_meeting(nlp):
    r = meetings(nlp, "Indian Prime Minister Narendra Modi and Australian Prime Minister Anthony Albanese during a "
                      "meeting in Ahmedabad on March 9, 2023.")
    (m,) = r.meetings
    assert groups(r) == [{"Narendra Modi", "Anthony Albanese"}]
    assert m.place == "Ahmedabad" and m.start == DateValue(2023, 3, 9)


def test_a_meeting_during_a_gathering_is_where_the_story_placed_the_gathering(nlp):
    r = meetings(nlp, "The NATO summit was held at a conference centre in Vilnius. Joe Biden and Volodymyr Zelensky "
                      "during a meeting on Wednesday.")
    (m,) = r.meetings
    assert groups(r) == [{"Joe Biden", "Volodymyr Zelensky"}]
    assert m.place == "Vilnius"


def test_discussions_held_by_two_people_are_their_meeting(nlp):
    r = meetings(nlp, "The first discussions held by US Secretary of State Antony Blinken and Chinese Foreign "
                      "Minister Wang Yi on Tuesday were described as candid, officials said.")
    (m,) = r.meetings
    assert groups(r) == [{"Antony Blinken", "Wang Yi"}]
    assert m.kind == "in_person" and m.start == TUESDAY


def test_a_city_named_on_the_meeting_noun_is_its_place(nlp):
    r = meetings(nlp, "US President Joe Biden and Russian President Vladimir Putin traded warnings. The Geneva "
                      "meeting of the two presidents lasted less than four hours.")
    (m,) = r.meetings
    assert groups(r) == [{"Joe Biden", "Vladimir Putin"}]
    assert m.place == "Geneva"


def test_a_joint_press_conference_with_someone_is_a_meeting_but_a_press_conference_alone_is_not(nlp):
    r = meetings(nlp, "During a joint news conference with Kenyan President William Ruto, US President Joe Biden "
                      "said the two countries would deepen their ties.")
    assert groups(r) == [{"William Ruto", "Joe Biden"}]
    r = meetings(nlp, "US President Joe Biden told a press conference that Chinese President Xi Jinping was a "
                      "tough negotiator.")
    assert r.meetings == []


def test_a_sentence_counting_the_ministers_it_names_gives_them_all(nlp):
    r = meetings(nlp, "Ministers from Australia and the United States held talks, which took place in Brisbane. "
                      "Australian Foreign Minister Penny Wong, who sat alongside Defence Minister Richard Marles and "
                      "US Secretary of State Antony Blinken and Defense Secretary Lloyd Austin, said all four "
                      "ministers agreed on closer ties.")
    (m,) = r.meetings
    assert groups(r) == [{"Penny Wong", "Richard Marles", "Antony Blinken", "Lloyd Austin"}]
    assert m.place == "Brisbane"


def test_him_after_talks_with_is_the_person_whose_words_report_the_talks(nlp):
    r = meetings(nlp, "Russian Defence Minister Sergei Shoigu arrived in Beijing. Chinese Defence Minister Li Shangfu "
                      "said the Russian defence chief had held talks with him on Tuesday.")
    (m,) = r.meetings
    assert groups(r) == [{"Sergei Shoigu", "Li Shangfu"}]
    assert m.start == TUESDAY


def test_a_date_inside_the_after_phrase_naming_the_talks_is_theirs(nlp):
    r = meetings(nlp, "Speaking after talks with French President Emmanuel Macron on Tuesday, German Chancellor "
                      "Olaf Scholz said Europe must stay united.")
    (m,) = r.meetings
    assert m.start == TUESDAY


def test_a_month_following_which_a_meeting_happened_is_not_its_date(nlp):
    r = meetings(nlp, "Following a September call, US President Joe Biden met Chinese President Xi Jinping in "
                      "San Francisco.")
    (m,) = r.meetings
    assert m.start is None and m.place == "San Francisco"


def test_a_caption_following_a_ceremony_on_a_day_is_that_day(nlp):
    r = meetings(nlp, "Incoming Prime Minister Gabriel Attal, at left, and outgoing Prime Minister Elisabeth Borne "
                      "talk following the handover ceremony in Paris, Tuesday Jan. 9, 2024.")
    (m,) = r.meetings
    assert m.start == DateValue(2024, 1, 9)


def test_this_morning_is_the_story_s_day(nlp):
    r = meetings(nlp, "This morning, German Chancellor Olaf Scholz received Polish Prime Minister Donald Tusk in "
                      "Berlin.")
    (m,) = r.meetings
    assert m.start == DateValue(2024, 3, 14) and m.place == "Berlin"


def test_a_visit_is_dated_by_the_meeting_of_its_programme(nlp):
    r = meetings(nlp, "Ukrainian President Volodymyr Zelensky travelled to the United States, where he met US "
                      "President Joe Biden in Washington on Tuesday.")
    (m,) = r.meetings
    assert m.kind == "visit" and m.start == TUESDAY


@pytest.mark.parametrize("text, place", [
    ("Chinese Premier Li Qiang welcomed Australian Prime Minister Anthony Albanese to Beijing on Tuesday.", "Beijing"),
    ("Ukrainian President Volodymyr Zelensky was greeted by Polish President Andrzej Duda upon his arrival in "
     "Warsaw on Tuesday.", "Warsaw"),
    ("Singaporean Prime Minister Lee Hsien Loong paid a courtesy call on Indonesian President Joko Widodo in "
     "Jakarta on Tuesday.", "Jakarta"),
])
def test_welcoming_greeting_and_a_courtesy_call_are_meetings_in_person(nlp, text, place):
    r = meetings(nlp, text)
    (m,) = r.meetings
    assert m.kind == "in_person" and len(m.participants) == 2
    assert m.place == place and m.start == TUESDAY


def test_welcoming_a_decision_is_no_meeting(nlp):
    r = meetings(nlp, "Chinese Premier Li Qiang welcomed the decision of Australian Prime Minister Anthony Albanese.")
    assert r.meetings == []


def test_a_call_with_someone_is_a_phone_call(nlp):
    r = meetings(nlp, "In a call with Ukrainian President Volodymyr Zelensky on Tuesday, German Chancellor Olaf Scholz "
                      "promised more air defence.")
    (m,) = r.meetings
    assert m.kind == "phone_call" and groups(r) == [{"Volodymyr Zelensky", "Olaf Scholz"}]
    assert m.start == TUESDAY


def test_a_meeting_that_took_place_somewhere_is_held_there(nlp):
    r = meetings(nlp, "The meeting between Chinese President Xi Jinping and US President Joe Biden took place in "
                      "Woodside, California on Tuesday.")
    (m,) = r.meetings
    assert m.place == "Woodside" and m.start == TUESDAY


def test_arriving_for_a_state_visit_makes_the_arrival_s_subject_the_visitor(nlp):
    r = meetings(nlp, "Chinese President Xi Jinping arrived in Paris on Sunday for a state visit to France.")
    (m,) = r.meetings
    assert m.kind == "visit" and m.visitor == r.key("Xi Jinping") and m.place == "France"


def test_an_unnamed_counterpart_is_the_one_holder_of_the_post_the_story_names(nlp):
    r = meetings(nlp, "US Secretary of Defense Lloyd Austin met his Chinese counterpart in Singapore on Tuesday. "
                      "Chinese Defence Minister Dong Jun said the talks were positive.")
    assert groups(r) == [{"Lloyd Austin", "Dong Jun"}]
    # two Chinese defence ministers in the story: the text does not say which one he met
    r = meetings(nlp, "US Secretary of Defense Lloyd Austin met his Chinese counterpart in Singapore on Tuesday. "
                      "Chinese Defence Minister Dong Jun succeeded Chinese Defence Minister Li Shangfu, who was "
                      "dismissed in October.")
    assert r.meetings == []


def test_a_month_of_this_year_or_last_year_is_read_from_the_story_s_year(nlp):
    r = meetings(nlp, "French President Emmanuel Macron fondly recalled his visit to India in January this year.")
    (m,) = r.meetings
    assert m.start == DateValue(2024, 1)
    r = meetings(nlp, "French President Emmanuel Macron fondly recalled his visit to India in January last year.")
    (m,) = r.meetings
    assert m.start == DateValue(2023, 1)


def test_later_this_month_runs_from_the_story_s_day_to_the_month_s_end(nlp):
    r = meetings(nlp, "Japanese Prime Minister Fumio Kishida will visit the United States later this month.")
    (m,) = r.meetings
    assert (m.start, m.end) == (DateValue(2024, 3, 14), DateValue(2024, 3, 31))
    assert m.status == "planned"


def test_a_trip_that_is_not_due_until_later_is_planned(nlp):
    r = meetings(nlp, "The talks were informal; Indonesian President Prabowo Subianto's official trip to Malaysia is "
                      "not due until later this month.")
    (m,) = r.meetings
    assert m.kind == "visit" and m.status == "planned"


@pytest.mark.parametrize("when", ["only hours earlier", "earlier today", "earlier in the day"])
def test_hours_earlier_and_earlier_today_are_the_story_s_day(nlp, when):
    r = meetings(nlp, f"French Prime Minister Francois Bayrou had met French President Emmanuel Macron {when} to "
                      "hand in his resignation.")
    (m,) = r.meetings
    assert m.start == DateValue(2024, 3, 14)


def test_a_meeting_lasting_hours_has_no_date_from_them(nlp):
    r = meetings(nlp, "French President Emmanuel Macron met German Chancellor Olaf Scholz for three hours.")
    (m,) = r.meetings
    assert m.start is None


@pytest.mark.parametrize("text", [
    "Russian President Vladimir Putin refused to meet Ukrainian President Volodymyr Zelensky.",
    "Ukrainian President Volodymyr Zelensky hopes to meet US President Donald Trump soon.",
    "Ukrainian President Volodymyr Zelensky said he was ready to meet Russian President Vladimir Putin.",
    "Chinese President Xi Jinping invited Brazilian President Luiz Inacio Lula da Silva to visit China.",
    "Russian President Vladimir Putin was set to meet Ukrainian President Volodymyr Zelensky in Istanbul, but the "
    "meeting was cancelled.",
])
def test_a_meeting_wished_refused_offered_or_called_off_is_no_meeting(nlp, text):
    assert meetings(nlp, text).meetings == []


def test_the_title_of_a_country_s_post_stands_for_its_holder_though_the_country_is_a_name(nlp):
    r = meetings(nlp, "The Indian Prime Minister will meet the US President in Washington, the foreign ministry said. "
                      "Indian Prime Minister Narendra Modi and US President Donald Trump will discuss trade.")
    (m,) = r.meetings
    assert groups(r) == [{"Narendra Modi", "Donald Trump"}]
    assert m.status == "planned" and m.place == "Washington"


def test_last_month_s_call_is_dated_last_month(nlp):
    r = meetings(nlp, "The Pentagon described the call as a follow-up to last month's video call between US President "
                      "Joe Biden and Chinese President Xi Jinping.")
    (m,) = r.meetings
    assert m.kind == "video_call" and m.start == DateValue(2024, 2)


def test_the_call_a_first_conversation_is_measured_from_was_held_then(nlp):
    r = meetings(nlp, "German Chancellor Olaf Scholz held a telephone conversation with Russian President Vladimir "
                      "Putin on Tuesday, the first time the two leaders have spoken since a call in December 2022.")
    dated = sorted((m.start.iso(), m.kind, m.status) for m in r.meetings)
    assert dated == [("2022-12", "phone_call", "held"), ("2024-03-12", "phone_call", "held")]
    assert groups(r) == [{"Olaf Scholz", "Vladimir Putin"}] * 2


def test_calling_on_someone_is_a_visit_in_person_but_calling_on_someone_to_act_is_not(nlp):
    r = meetings(nlp, "Indian External Affairs Minister S. Jaishankar called on Russian President Vladimir Putin at "
                      "the Kremlin on Tuesday.")
    (m,) = r.meetings
    assert m.kind == "in_person" and m.start == TUESDAY
    r = meetings(nlp, "Kenyan President William Ruto called on US President Joe Biden to lift tariffs.")
    assert r.meetings == []


def test_early_on_a_weekday_is_that_day(nlp):
    r = meetings(nlp, "North Korean leader Kim Jong Un welcomed Russian President Vladimir Putin at Pyongyang "
                      "airport early Tuesday.")
    (m,) = r.meetings
    assert m.start == TUESDAY


def test_a_clause_of_time_with_its_own_subject_is_a_meeting_of_its_own_dated_apart_when_measured(nlp):
    r = meetings(nlp, "On Sunday, Australian Prime Minister Anthony Albanese held talks with US President Joe Biden "
                      "in Phnom Penh, a full 24 hours before Mr Biden and Chinese President Xi Jinping met in Bali.")
    by_people = {frozenset(g): m for g, m in zip(groups(r), r.meetings)}
    first = by_people[frozenset({"Anthony Albanese", "Joe Biden"})]
    second = by_people[frozenset({"Joe Biden", "Xi Jinping"})]
    assert first.start == DateValue(2024, 3, 10) and first.place == "Phnom Penh"
    assert second.start is None and second.place == "Bali"


def test_talks_after_which_something_was_signed_on_a_day_share_that_day(nlp):
    r = meetings(nlp, "Britain and Germany signed a defence pact on Tuesday after British Defence Secretary John Healey "
                      "held talks with German Defence Minister Boris Pistorius in London.")
    (m,) = r.meetings
    assert m.start == TUESDAY and m.place == "London"


@pytest.mark.parametrize("text", [
    "Russian President Vladimir Putin, who has met Chinese President Xi Jinping more than 40 times, praised their "
    "friendship.",
    "US President Joe Biden and Chinese President Xi Jinping have met several times over the past decade.",
    "It is unclear whether US President Donald Trump will meet Russian President Vladimir Putin.",
    "If a ceasefire holds, US President Donald Trump will meet Russian President Vladimir Putin in Budapest.",
    "Ukrainian President Volodymyr Zelensky did not rule out meeting Russian President Vladimir Putin.",
    "A meeting between Chinese President Xi Jinping and US President Donald Trump has not been scheduled.",
    "Ukrainian President Volodymyr Zelensky wants a meeting with Russian President Vladimir Putin.",
])
def test_repeated_conditional_unscheduled_or_wished_meetings_are_none(nlp, text):
    assert meetings(nlp, text).meetings == []


def test_a_phone_call_over_which_someone_was_ruled_guilty_is_still_a_call(nlp):
    r = meetings(nlp, "Paetongtarn Shinawatra was dismissed as prime minister after being ruled guilty of ethics "
                      "breaches over a phone call to Cambodian Senate President Hun Sen.")
    (m,) = r.meetings
    assert m.kind == "phone_call" and groups(r) == [{"Paetongtarn Shinawatra", "Hun Sen"}]


def test_someone_invited_to_a_meeting_takes_part_in_it(nlp):
    r = meetings(nlp, "Hungarian Prime Minister Viktor Orban walked up to Ukrainian President Volodymyr Zelensky, who "
                      "had been invited to their meeting in Brussels.")
    assert any({"Viktor Orban", "Volodymyr Zelensky"} <= g for g in groups(r))


def test_a_lone_surname_the_tagger_missed_is_the_person_named_in_full_before(nlp):
    r = meetings(nlp, "Turkish Foreign Minister Hakan Fidan arrived in Jakarta on Tuesday. Fidan held talks with "
                      "Indonesian Foreign Minister Retno Marsudi.")
    assert {"Hakan Fidan", "Retno Marsudi"} in groups(r)


def test_also_speaking_with_someone_right_after_a_phone_call_is_another_call_that_day(nlp):
    r = meetings(nlp, "Indian Prime Minister Narendra Modi spoke by phone with Russian President Vladimir Putin on "
                      "Tuesday. Modi also spoke with Ukrainian President Volodymyr Zelensky.")
    second = next(m for m, g in zip(r.meetings, groups(r)) if "Volodymyr Zelensky" in g)
    assert second.kind == "phone_call" and second.start == TUESDAY
    r = meetings(nlp, "Indian Prime Minister Narendra Modi spoke by phone with Russian President Vladimir Putin on "
                      "Tuesday. Modi also spoke with Ukrainian President Volodymyr Zelensky in Kyiv.")
    second = next(m for m, g in zip(r.meetings, groups(r)) if "Volodymyr Zelensky" in g)
    assert second.kind == "in_person" and second.place == "Kyiv"


def test_talks_during_a_visit_to_a_country_are_the_visit_not_a_meeting_placed_in_the_country(nlp):
    r = meetings(nlp, "During his visit to France, Chinese President Xi Jinping met French President Emmanuel Macron "
                      "on Tuesday.")
    (m,) = r.meetings
    assert m.kind == "visit" and m.visitor == r.key("Xi Jinping") and m.place == "France"
    r = meetings(nlp, "Chinese President Xi Jinping held talks with French President Emmanuel Macron on Tuesday "
                      "during a trip to France.")
    talks = [m for m in r.meetings if m.kind == "in_person"]
    assert talks and all(m.place is None for m in talks)


def test_a_headline_pairing_two_surnames_with_a_comma_names_both_sides(nlp):
    r = meetings(nlp, "Modi, Kishida hold talks in New Delhi\nIndian Prime Minister Narendra Modi and Japanese Prime "
                      "Minister Fumio Kishida held talks on Tuesday on defence and trade.")
    (m,) = r.meetings
    assert groups(r) == [{"Narendra Modi", "Fumio Kishida"}]
    assert m.place == "New Delhi" and m.start == TUESDAY
