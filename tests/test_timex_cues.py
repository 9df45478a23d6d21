"""Tense cues, parts of day, hedged and coordinated periods, numbers that are not years (issue 3, fifth
round: phenomena found on the odd half of TimeBank).

Sentences written for these tests; each test names its DCT.
"""

from __future__ import annotations

from datetime import date

import pytest

from test_timex_narrative import found  # text -> {expression: (type, value)}, offsets checked

THURSDAY = date(1989, 10, 26)
MONDAY = date(1989, 10, 30)




# ------------------------------------------------------------------ dates that lie ahead by meaning
@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("The bank created a new office of the chairman, effective Feb. 1.", "Feb. 1", "1990-02-01"),
        ("Costs rose under the labor contract effective June 1.", "June 1", "1990-06-01"),
        ("The board declared a dividend payable Dec. 7 to holders.", "Dec. 7", "1989-12-07"),
        # without the cue the past tense still decides
        ("The bank created a new office of the chairman on Feb. 1.", "Feb. 1", "1989-02-01"),
    ],
)
def test_effective_and_payable_dates_lie_ahead(sentence: str, expr: str, value: str) -> None:
    assert found(sentence, THURSDAY)[expr] == ("DATE", value)


def test_modal_perfect_looks_back() -> None:
    text = "Worries about the chip may have been responsible for a drop in the shares on Wednesday."
    assert found(text, date(1989, 10, 27))["Wednesday"] == ("DATE", "1989-10-25")
    # a plain modal still looks ahead
    ahead = found("The shares may rise on Wednesday.", date(1989, 10, 27))
    assert ahead["Wednesday"] == ("DATE", "1989-11-01")


def test_had_been_due_looks_back() -> None:
    text = "The offer was extended to Nov. 16. It had been due to expire Friday evening."
    assert found(text, MONDAY)["Friday evening"] == ("TIME", "1989-10-27TEV")
    assert found("The offer is due to expire Friday evening.", MONDAY)["Friday evening"] == (
        "TIME", "1989-11-03TEV")


@pytest.mark.parametrize(
    ("dct", "expr", "value"),
    [
        (date(1998, 3, 1), "last February", "1997-02"),  # the month just gone would be "last month"
        (date(1998, 1, 10), "last December", "1996-12"),
        (date(1989, 10, 26), "last April", "1989-04"),
        (date(1989, 10, 26), "last October", "1988-10"),
    ],
)
def test_last_month_name(dct: date, expr: str, value: str) -> None:
    assert found(f"Two helicopters crashed {expr} near the border.", dct)[expr] == ("DATE", value)


# ------------------------------------------------------------------ parts of the day
def test_bare_part_of_day_belongs_to_the_day_under_discussion() -> None:
    text = "Shares fell on Friday, Oct. 27. Dealers placed heavy buy orders in the morning."
    assert found(text, MONDAY)["the morning"] == ("TIME", "1989-10-27TMO")
    assert found("By mid-afternoon the shelling had stopped.", MONDAY)["mid-afternoon"] == (
        "TIME", "1989-10-30TAF")


def test_part_of_day_is_left_alone_in_other_uses() -> None:
    assert "the morning" not in found("She reads the morning paper.", MONDAY)
    assert "the evening" not in found("The evening news led with the storm.", MONDAY)


@pytest.mark.parametrize(
    ("phrase", "clock"),
    [("at 4 in the morning", "04:00"), ("at 7 in the evening", "19:00"), ("at 3 in the afternoon", "15:00")],
)
def test_clock_hour_with_part_of_day(phrase: str, clock: str) -> None:
    text = f"The father will leave on Thursday {phrase}."
    assert found(text, date(2000, 4, 5))[phrase[3:]] == ("TIME", f"2000-04-06T{clock}")


def test_weekday_with_plural_part_of_day_recurs() -> None:
    text = "The new flights will leave Bombay on Tuesday nights from March 30."
    assert found(text, date(1998, 2, 13))["Tuesday nights"] == ("SET", "XXXX-WXX-2TNI")


# ------------------------------------------------------------------ hedged and coordinated periods
@pytest.mark.parametrize(
    ("sentence", "expr", "ttype", "value"),
    [
        ("Then, a week or so ago, the general chose the date.", "a week or so ago", "DATE", "1989-W43"),
        ("But a minute and a half later, another pilot called in.", "a minute and a half", "DURATION",
         "PT1M30S"),
        ("They have been discounting for at least the past 18 months.", "at least the past 18 months",
         "DURATION", "P18M"),
        ("He probably died within weeks or months of his capture.", "weeks or months", "DURATION", "PXW"),
        ("Many funds in recent weeks and months have sold bonds.", "recent weeks and months", "DATE",
         "PAST_REF"),
        ("In the 1988 third quarter, the company posted a loss.", "the 1988 third quarter", "DATE",
         "1988-Q3"),
    ],
)
def test_hedges_and_coordination_stay_in_the_extent(sentence: str, expr: str, ttype: str, value: str) -> None:
    assert found(sentence, MONDAY)[expr] == (ttype, value)


# ------------------------------------------------------------------ not times
@pytest.mark.parametrize(
    ("sentence", "absent"),
    [
        ("The index shed 47.3 points to close at 2082.1, down 4.5%.", "2082"),
        ("The 30-share index settled lower at 1678.5 on Friday.", "1678"),
        ("Mutual funds account for more than a quarter of the entire market.", "more than a quarter"),
        ("The quarter-to-quarter comparison was helped by charges.", "The quarter"),
        ('Mr. Baker said on ABC-TV\'s "This Week With David Brinkley" that talks failed.', "This Week"),
    ],
)
def test_not_a_time(sentence: str, absent: str) -> None:
    assert absent not in found(sentence, MONDAY)


def test_quarters_of_a_year_are_still_periods() -> None:
    values = found("Losses were spread over the first two quarters of 1990.", MONDAY)
    assert any(t in ("DURATION", "DATE") for t, _ in values.values())
    assert found("He has not seen them this week.", MONDAY)["this week"] == ("DATE", "1989-W44")
