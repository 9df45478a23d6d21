"""Periods without a number, extents and names that look like months (issue 3, fourth round).

Sentences written for these tests; DCT Saturday 2000-01-15 unless a test needs another one.
"""

from __future__ import annotations

from datetime import date

import pytest

from test_timex_narrative import found as tagged  # text -> {expression: (type, value)}

DCT = date(2000, 1, 15)  # a Saturday


def found(text: str, dct: date = DCT) -> dict[str, tuple[str, str]]:
    return tagged(text, dct)


# ------------------------------------------------------------------ periods named by one unit
@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("The family left their third day-long meeting with officials.", "day-long", "P1D"),
        ("A weeklong strike shut the port.", "weeklong", "P1W"),
        ("The year-long inquiry ended in a report.", "year-long", "P1Y"),
        ("Over the years, the clinic treated many patients.", "the years", "PXY"),
        ("Through the decades the party kept its name.", "the decades", "PXDE"),
        ("The road will stay closed for a while.", "a while", "PXX"),
        ("The farmers waited for quite a long while.", "a long while", "PXX"),
    ],
)
def test_unnumbered_periods_are_durations(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DURATION", value)


@pytest.mark.parametrize(
    "sentence",
    [
        "In the years since the war, the town has grown.",  # a time span anchored elsewhere, not PXY
        "The strike ended a while ago.",  # "a while ago" is not a length of time
        "She kept the diary for the years of her exile.",
    ],
)
def test_anchored_or_other_periods_are_left_alone(sentence: str) -> None:
    got = found(sentence)
    assert not any(v == ("DURATION", "PXY") or v == ("DURATION", "PXX") for v in got.values()), got


# ------------------------------------------------------------------ the period being reported
@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("Troops will be in place by the end of the month.", "the end of the month", "2000-01"),
        ("Talks resume at the beginning of the week.", "the beginning of the week", "2000-W02"),
        ("For the year, pet food volume was flat.", "the year", "2000"),
        ("For the week, the index dropped 3.8%.", "the week", "2000-W02"),
    ],
)
def test_current_period_phrases(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DATE", value)


def test_for_the_year_without_a_comma_is_not_the_reporting_period() -> None:
    assert "the year" not in found("He stayed for the year and then left.")


# ------------------------------------------------------------------ "a second" as an ordinal
def test_a_second_before_a_noun_is_an_ordinal() -> None:
    assert found("Sending him back would be a second betrayal, she said.") == {}
    assert found("Another defeat would mean a second round of talks.") == {}


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("The screen went dark for a second.", "a second", "PT1S"),
        ("He paused one second before answering.", "one second", "PT1S"),
        ("The lights flickered for two seconds.", "two seconds", "PT2S"),
    ],
)
def test_a_second_as_a_length_of_time(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DURATION", value)


# ------------------------------------------------------------------ "over" is a preposition
def test_over_stays_out_of_a_duration_extent() -> None:
    got = found("Prices rose over several years and fell over two months.")
    assert got["several years"] == ("DURATION", "PXY")
    assert got["two months"] == ("DURATION", "P2M")
    assert found("They talked for well over an hour.")["well over an hour"] == ("DURATION", "PT1H")


# ------------------------------------------------------------------ "the past" before a count
@pytest.mark.parametrize(
    "sentence",
    ["Rain fell over the past three summers.", "Sales slid in the past several seasons."],
)
def test_the_past_before_a_count_is_not_the_vague_past(sentence: str) -> None:
    assert ("DATE", "PAST_REF") not in found(sentence).values()


def test_the_past_alone_is_still_the_vague_past() -> None:
    assert found("Those rules belong to the past.")["the past"] == ("DATE", "PAST_REF")


# ------------------------------------------------------------------ month names inside names
@pytest.mark.parametrize(
    "sentence",
    [
        "The ministers of Poland, Hungary and the Czech Republic, Bronislaw Geremek and Jan Kavan, signed.",
        "The reporter April Ryan asked the first question.",
    ],
)
def test_a_month_name_inside_a_person_name_is_not_a_month(sentence: str) -> None:
    assert not any(v[1].startswith("2000-0") or v[1].startswith("1999-") for v in found(sentence).values())


def test_a_month_after_a_preposition_is_still_a_month() -> None:
    assert found("The three countries join the alliance in March.")["March"] == ("DATE", "2000-03")


# ------------------------------------------------------------------ a weekday that modifies a noun
def test_possessive_weekday_under_a_reporting_modal_stays_in_the_past() -> None:
    text = "Relatives said they would look for ways around Wednesday's ruling by the agency."
    assert found(text)["Wednesday"] == ("DATE", "2000-01-12")


def test_possessive_weekday_under_will_lies_ahead() -> None:
    assert found("Thousands will attend Sunday's rally in the capital.")["Sunday"] == ("DATE", "2000-01-16")


# ------------------------------------------------------------------ extents
@pytest.mark.parametrize(
    ("sentence", "expr"),
    [
        ("The third-quarter loss was larger than expected.", "third-quarter"),
        ("The year-ago results included a one-time gain.", "year-ago"),
        ("Applicants face the 30-day waiting period.", "30-day"),
    ],
)
def test_the_before_a_hyphenated_modifier_belongs_to_the_noun(sentence: str, expr: str) -> None:
    got = found(sentence)
    assert expr in got and not any(k.lower().startswith("the ") for k in got), got


def test_the_stays_when_the_time_word_is_the_noun() -> None:
    got = found("Profits fell in the third-quarter, the company said.", date(1989, 11, 2))
    assert got["the third-quarter"] == ("DATE", "1989-Q3")


def test_hyphenated_early_and_late_are_part_of_the_expression() -> None:
    got = found("Snow is expected in late-November.", date(1999, 10, 5))
    assert got["late-November"] == ("DATE", "1999-11")
