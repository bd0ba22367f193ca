"""Time expressions resolved against the publication date, at the precision the text gives."""
from __future__ import annotations

import pytest
from newsgraph.loader.dates import parse_absolute, resolve_time
from newsgraph.loader.records import DateValue, Precision

THURSDAY = DateValue(2024, 3, 14)  # the story's publication date in most tests


def start_end(when):
    assert when is not None
    return when.start, when.end


# -- weekdays ---------------------------------------------------------------------------------

def test_past_weekday_is_the_most_recent_one_before_the_story():
    # "on Wednesday" in a Thursday story: yesterday, not next week
    when = resolve_time("on Wednesday", THURSDAY)
    assert when is not None and when.start == DateValue(2024, 3, 13)
    assert when.start.precision is Precision.DAY
    assert not when.is_range


def test_past_weekday_earlier_in_the_week_goes_back_not_forward():
    assert resolve_time("on Sunday", THURSDAY).start == DateValue(2024, 3, 10)
    assert resolve_time("Monday", THURSDAY).start == DateValue(2024, 3, 11)


def test_planned_event_weekday_is_the_coming_one():
    # "will visit ... on Sunday" in a Thursday story: the Sunday three days later
    assert resolve_time("on Sunday", THURSDAY, future=True).start == DateValue(2024, 3, 17)
    assert resolve_time("on Wednesday", THURSDAY, future=True).start == DateValue(2024, 3, 20)


def test_weekday_resolution_crosses_a_month_boundary():
    friday_first = DateValue(2024, 3, 1)
    assert resolve_time("on Tuesday", friday_first).start == DateValue(2024, 2, 27)
    assert resolve_time("on Tuesday", friday_first, future=True).start == DateValue(2024, 3, 5)


def test_next_and_last_weekday_override_the_tense_hint():
    assert resolve_time("next Monday", THURSDAY).start == DateValue(2024, 3, 18)
    assert resolve_time("last Monday", THURSDAY, future=True).start == DateValue(2024, 3, 11)


# -- ranges -----------------------------------------------------------------------------------

def test_day_range_in_one_month_for_a_planned_trip():
    assert start_end(resolve_time("April 16-19", THURSDAY, future=True)) == (DateValue(2024, 4, 16), DateValue(2024, 4, 19))


def test_from_to_range():
    when = resolve_time("from May 2 to 5", THURSDAY, future=True)
    assert start_end(when) == (DateValue(2024, 5, 2), DateValue(2024, 5, 5))
    assert when.is_range


def test_range_with_explicit_year_needs_no_anchor():
    assert start_end(resolve_time("April 16-19, 2022", None)) == (DateValue(2022, 4, 16), DateValue(2022, 4, 19))


def test_past_range_later_in_the_year_than_the_story_is_last_year():
    # a March story reporting a finished event "April 16-19" means last April
    assert start_end(resolve_time("April 16-19", THURSDAY)) == (DateValue(2023, 4, 16), DateValue(2023, 4, 19))


# -- relative expressions -----------------------------------------------------------------------

def test_next_week_is_monday_to_sunday_of_the_following_week():
    when = resolve_time("next week", THURSDAY)
    assert start_end(when) == (DateValue(2024, 3, 18), DateValue(2024, 3, 24))


def test_last_week():
    assert start_end(resolve_time("last week", THURSDAY)) == (DateValue(2024, 3, 4), DateValue(2024, 3, 10))


def test_last_month_is_a_month_precision_date():
    when = resolve_time("last month", THURSDAY)
    assert when.start == DateValue(2024, 2)
    assert when.start.precision is Precision.MONTH


def test_last_month_in_january_is_december_of_the_previous_year():
    assert resolve_time("last month", DateValue(2024, 1, 20)).start == DateValue(2023, 12)


def test_bare_month_in_the_past_is_the_previous_occurrence():
    # "in June" in a March story about something that happened: June of last year
    when = resolve_time("in June", THURSDAY)
    assert when.start == DateValue(2023, 6)
    assert when.start.precision is Precision.MONTH


def test_bare_month_for_a_planned_event_is_the_coming_occurrence():
    assert resolve_time("in June", THURSDAY, future=True).start == DateValue(2024, 6)


def test_bare_earlier_month_in_the_past_is_this_year():
    assert resolve_time("in February", THURSDAY).start == DateValue(2024, 2)


def test_end_of_last_year_is_a_year():
    when = resolve_time("the end of last year", THURSDAY)
    assert when.start == DateValue(2023)
    assert when.start.precision is Precision.YEAR


def test_month_precision_anchor_still_resolves_months_but_not_weekdays():
    march = DateValue(2024, 3)
    assert resolve_time("in June", march).start == DateValue(2023, 6)
    assert resolve_time("on Wednesday", march) is None


# -- absolute dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected, precision", [
    ("July 28, 2021", DateValue(2021, 7, 28), Precision.DAY),
    ("28 July 2021", DateValue(2021, 7, 28), Precision.DAY),
    ("2021-07-28", DateValue(2021, 7, 28), Precision.DAY),
    ("June 2021", DateValue(2021, 6), Precision.MONTH),
    ("2021-06", DateValue(2021, 6), Precision.MONTH),
    ("2019", DateValue(2019), Precision.YEAR),
])
def test_parse_absolute_keeps_the_precision_the_text_names(text, expected, precision):
    value = parse_absolute(text)
    assert value == expected
    assert value.precision is precision


@pytest.mark.parametrize("text, expected", [
    ("July 28, 2021", DateValue(2021, 7, 28)),
    ("June 2021", DateValue(2021, 6)),
    ("in 2019", DateValue(2019)),
])
def test_absolute_dates_resolve_with_and_without_an_anchor(text, expected):
    assert resolve_time(text, THURSDAY).start == expected
    assert resolve_time(text, None).start == expected


@pytest.mark.parametrize("text", [
    "on Wednesday", "next week", "last month", "in June", "the end of last year", "April 16-19",
    "March 10", "yesterday",
])
def test_relative_forms_without_an_anchor_give_none(text):
    assert resolve_time(text, None) is None
    assert resolve_time(text, None, future=True) is None


@pytest.mark.parametrize("text", ["recently", "soon", "in recent weeks", "some time ago", "earlier"])
def test_vague_words_give_none(text):
    assert resolve_time(text, THURSDAY) is None


@pytest.mark.parametrize("text", ["February 30, 2023", "2023-02-30", "2023-13", "April 31"])
def test_invalid_dates_give_none(text):
    assert resolve_time(text, THURSDAY) is None


def test_range_ending_before_it_starts_gives_none():
    assert resolve_time("April 19-16", THURSDAY) is None


@pytest.mark.parametrize("text", ["February 30, 2023", "2023-02-30", "2023-13", "hello", "recently"])
def test_parse_absolute_rejects_non_dates(text):
    assert parse_absolute(text) is None


@pytest.mark.parametrize("text, iso", [
    ("May 31,2023", "2023-05-31"),
    ("15-Apr-2016", "2016-04-15"),
    ("10th September, 2018", "2018-09-10"),
])
def test_date_forms_pages_use_are_read_as_absolute_dates(text, iso):
    from newsgraph.loader.dates import ABSOLUTE_DATE
    m = ABSOLUTE_DATE.search(f"By Staff - {text} - Updated")
    assert m is not None and parse_absolute(m.group(0)).iso() == iso


@pytest.mark.parametrize("text, published, expected", [
    ("last October", DateValue(2025, 1, 24), DateValue(2024, 10)),
    ("last January", DateValue(2025, 1, 24), DateValue(2024, 1)),
    ("last March", DateValue(2025, 7, 2), DateValue(2025, 3)),
    ("next March", DateValue(2025, 1, 24), DateValue(2025, 3)),
    ("next January", DateValue(2025, 1, 24), DateValue(2026, 1)),
])
def test_last_or_next_month_by_name_is_the_nearest_one_before_or_after_the_story_month(text, published, expected):
    when = resolve_time(text, published)
    assert when.start == expected and when.start.precision is Precision.MONTH


def test_a_date_in_brackets_after_its_weekday_resolves_and_must_agree_with_it():
    assert resolve_time("Saturday (December 14)", DateValue(2024, 12, 14)).start == DateValue(2024, 12, 14)
    assert resolve_time("Monday (December 14)", DateValue(2024, 12, 14)) is None
