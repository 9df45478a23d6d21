"""One test per rule family of the time grammar, on sentences written for the tests (DCT Mon 2022-02-07)."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.timex import date_part, precision, tag_text

DCT = date(2022, 2, 7)


def found(text: str, dct: date = DCT) -> dict[str, tuple[str, str]]:
    """Map each tagged expression's text to (type, value); also checks offsets and ids."""
    timexes = tag_text(text, dct)
    for i, t in enumerate(timexes, 1):
        assert text[t.start : t.end] == t.text
        assert t.id == f"T{i}"
    assert [t.start for t in timexes] == sorted(t.start for t in timexes)
    return {t.text: (t.type, t.value) for t in timexes}


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("The treaty was signed on 7 February 2022 in Minsk.", "7 February 2022", "2022-02-07"),
        ("The treaty was signed on February 7, 2022 in Minsk.", "February 7, 2022", "2022-02-07"),
        ("The form is dated 2/7/22 by the clerk.", "2/7/22", "2022-02-07"),
        ("Ministers met on Feb. 3 in Vienna.", "Feb. 3", "2022-02-03"),
        ("The summit, set for Monday, February 14, was postponed.", "Monday, February 14", "2022-02-14"),
        ("Elections are due in April.", "April", "2022-04"),
        ("The plant closed in March 2019.", "March 2019", "2019-03"),
        ("Their first meeting took place in 1994.", "1994", "1994"),
        ("Output fell in the third quarter of 2021.", "the third quarter of 2021", "2021-Q3"),
        ("Tensions rose in the 1990s.", "the 1990s", "199"),
        ("A summit is planned for the spring of 2023.", "the spring of 2023", "2023-SP"),
        ("The ministry's fiscal 2021 budget was cut.", "fiscal 2021", "2021"),
        ("The report on 2022-01-15 was leaked.", "2022-01-15", "2022-01-15"),
    ],
)
def test_explicit_dates(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DATE", value)


def test_month_without_year_follows_tense_beyond_two_months() -> None:
    assert found("Parliament approved the budget in October.")["October"] == ("DATE", "2021-10")
    assert found("Parliament will vote on the budget in November.")["November"] == ("DATE", "2022-11")
    assert found("The ceasefire held until January 30.")["January 30"] == ("DATE", "2022-01-30")


def test_impossible_date_is_not_tagged_as_that_date() -> None:
    assert "February 30" not in found("The vote on February 30 never happened.")


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("The minister resigned on Friday.", "Friday", "2022-02-04"),
        ("The minister will resign on Friday.", "Friday", "2022-02-11"),
        ("The talks are expected to resume on Thursday.", "Thursday", "2022-02-10"),
        ("The delegation arrived Wednesday and left.", "Wednesday", "2022-02-02"),
        ("The vote will be held on Monday.", "Monday", "2022-02-07"),
        ("Troops withdrew last Tuesday.", "last Tuesday", "2022-02-01"),
        ("Troops will withdraw next Tuesday.", "next Tuesday", "2022-02-08"),
        # The verb's meaning puts the date ahead whatever its tense (lexicon: scheduling/deadline verbs).
        ("The union has scheduled a strike on Thursday.", "Thursday", "2022-02-10"),
        ("Farmers planned a march on Saturday.", "Saturday", "2022-02-12"),
        ("The court postponed the hearing until Wednesday.", "Wednesday", "2022-02-09"),
        ("The ministry gave the firms until Friday to reply.", "Friday", "2022-02-11"),
        # ... but not when the plan itself is dated, or the scheduled thing is only described.
        ("On Friday, the council planned to raise taxes.", "Friday", "2022-02-04"),
        ("A concert planned for Saturday was cancelled.", "Saturday", "2022-02-05"),
        ("The hearing lasted until Wednesday.", "Wednesday", "2022-02-02"),
    ],
)
def test_weekdays_use_tense(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DATE", value)


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("Protesters gathered yesterday.", "yesterday", "2022-02-06"),
        ("Protesters will gather tomorrow.", "tomorrow", "2022-02-08"),
        ("The envoy left today.", "today", "2022-02-07"),
        ("The envoy arrived last week.", "last week", "2022-W05"),
        ("The envoy will arrive next month.", "next month", "2022-03"),
        ("Trade grew this year.", "this year", "2022"),
        ("Trade shrank last year.", "last year", "2021"),
        ("The ship sank two days ago.", "two days ago", "2022-02-05"),
        ("The law passed three years ago.", "three years ago", "2019"),
        ("The law passed earlier this year.", "earlier this year", "2022"),
        ("Fighting resumed this weekend.", "this weekend", "2022-W06-WE"),
        ("Sales collapsed last quarter.", "last quarter", "2021-Q4"),
        ("The president spoke in January last year.", "January last year", "2021-01"),
    ],
)
def test_relative_expressions(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DATE", value)


def test_narrative_anchor_for_later() -> None:
    got = found("The accord was signed on March 3, 2015. Two days later it collapsed.")
    assert got["Two days later"] == ("DATE", "2015-03-05")


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("Prices doubled over the past two years.", "the past two years", "P2Y"),
        ("The siege lasted several months.", "several months", "PXM"),
        ("He served three years in prison.", "three years", "P3Y"),
        ("A two-year deal was signed.", "two-year", "P2Y"),
        ("The talks took 5 1/2 hours.", "5 1/2 hours", "PT5H30M"),
        ("The strike lasted for a week.", "a week", "P1W"),
        ("Over the next few days the army regrouped.", "the next few days", "PXD"),
        ("Power was cut for 90 minutes.", "90 minutes", "PT90M"),
        ("The dispute has gone on for two decades.", "two decades", "P20Y"),
    ],
)
def test_durations(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DURATION", value)


def test_ages_are_not_durations() -> None:
    assert not any(v[0] == "DURATION" for v in found("A 6-year-old boy was rescued.").values())


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("Inspectors visit every week.", "every week", "P1W"),
        ("The council meets each month.", "each month", "P1M"),
        ("The paper is published daily.", "daily", "P1D"),
        ("Talks are held every Monday.", "every Monday", "XXXX-WXX-1"),
        ("Ministers meet twice a year.", "twice a year", "P1Y"),
        ("A march is held each July.", "each July", "XXXX-07"),
    ],
)
def test_sets(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("SET", value)


def test_coordinated_lists_get_one_timex_per_day() -> None:
    text = "The leaders spoke on January 31 and 28 about the crisis."
    got = found(text)
    assert got["January 31"] == ("DATE", "2022-01-31")
    assert got["28"] == ("DATE", "2022-01-28")
    got = found("Strikes are planned between 3 and 5 March.")
    assert got["3"] == ("DATE", "2022-03-03")
    assert got["5 March"] == ("DATE", "2022-03-05")


def test_ranges_of_years_are_two_dates() -> None:
    got = found("He governed from 2019 to 2021.")
    assert got["2019"] == ("DATE", "2019")
    assert got["2021"] == ("DATE", "2021")


@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        ("The army is now on alert.", "now", "PRESENT_REF"),
        ("The army is currently on alert.", "currently", "PRESENT_REF"),
        ("Several clashes occurred in recent days.", "recent days", "PAST_REF"),
        ("Nobody knows what the future holds.", "the future", "FUTURE_REF"),
        ("The two sides met recently.", "recently", "PAST_REF"),
    ],
)
def test_vague_references(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DATE", value)


@pytest.mark.parametrize(
    ("sentence", "expr", "ttype", "value"),
    [
        ("Shelling began on Tuesday night.", "Tuesday night", "TIME", "2022-02-01TNI"),
        ("Shelling began this morning.", "this morning", "TIME", "2022-02-07TMO"),
        ("Shelling began last night.", "last night", "TIME", "2022-02-06TNI"),
        ("The curfew starts at 3 p.m. local time.", "3 p.m. local time", "TIME", "2022-02-07T15:00"),
        ("The curfew starts at 10:30 p.m.", "10:30 p.m.", "TIME", "2022-02-07T22:30"),
        ("Polls close at midnight.", "midnight", "TIME", "2022-02-07T24:00"),
    ],
)
def test_parts_of_day_and_clock_times(sentence: str, expr: str, ttype: str, value: str) -> None:
    assert found(sentence)[expr] == (ttype, value)


@pytest.mark.parametrize(
    "sentence",
    [
        "May I ask a question?",
        "Prices may fall.",
        "Thousands march in the capital.",
        "The leaves fall in the garden.",
        "The company hired 2000 people.",
        "The deal is worth $1990 million.",
        "The current account deficit is large.",
    ],
)
def test_ambiguous_words_are_not_times(sentence: str) -> None:
    got = found(sentence)
    assert not any(v[1] in ("2022-05", "2022-03", "2000", "1990") or "FA" in v[1] for v in got.values()), got


def test_no_times_gives_empty_list() -> None:
    assert tag_text("The minister spoke to reporters.", DCT) == []
    assert tag_text("", DCT) == []


@pytest.mark.parametrize(
    ("value", "part", "prec"),
    [
        ("2022-02-01TNI", "2022-02-01", "day"),
        ("2022-02-07T15:00", "2022-02-07", "day"),
        ("2022-04", "2022-04", "month"),
        ("2022", "2022", "year"),
        ("2022-W06", "2022-02", "month"),
        ("2022-W05", "2022", "year"),
        ("2022-Q3", "2022", "year"),
        ("2021-WI", None, None),
        ("P2Y", None, None),
        ("PAST_REF", None, None),
        ("199", None, None),
    ],
)
def test_date_part_and_precision(value: str, part: str | None, prec: str | None) -> None:
    assert date_part(value) == part
    assert precision(value) == prec
