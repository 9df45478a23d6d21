"""Narrative time, earnings-report quarters, year-level phrases, tense and type decisions (issue 3).

Sentences written for these tests; DCT Monday 2022-02-07 unless a test needs another one.
"""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.timex import tag_text

DCT = date(2022, 2, 7)
AUTUMN = date(2022, 11, 2)  # a Wednesday early in Q4: Q3 is the last quarter a company has reported


def found(text: str, dct: date = DCT) -> dict[str, tuple[str, str]]:
    """Each tagged expression's text -> (type, value); checks offsets on the way."""
    out = {}
    for t in tag_text(text, dct):
        assert text[t.start : t.end] == t.text
        out[t.text] = (t.type, t.value)
    return out


# ------------------------------------------------------------------ narrative anchoring
@pytest.mark.parametrize(
    ("sentence", "expr", "ttype", "value"),
    [
        ("The rebels took the town on March 3, 2015. The next day, troops arrived.",
         "The next day", "DATE", "2015-03-04"),
        ("The rebels took the town on March 3, 2015. The day before, police had warned residents.",
         "The day before", "DATE", "2015-03-02"),
        ("The minister resigned on Jan. 5, 2019. That evening he addressed the nation.",
         "That evening", "TIME", "2019-01-05TEV"),
        ("The minister resigned on Jan. 5, 2019. Later that month, parliament was dissolved.",
         "Later that month", "DATE", "2019-01"),
        ("Exports reached $4 billion in 2011, a record for exports that year.", "that year", "DATE", "2011"),
        ("The envoy was detained on Friday and freed the following morning.",
         "the following morning", "TIME", "2022-02-05TMO"),
    ],
)
def test_anaphora_follow_the_story_date(sentence: str, expr: str, ttype: str, value: str) -> None:
    assert found(sentence)[expr] == (ttype, value)


def test_that_day_without_a_date_in_sight_is_not_placed() -> None:
    assert "that day" not in found("Nobody who lived through that day will forget it.")


def test_the_day_before_an_event_is_left_alone() -> None:
    assert "the day before" not in found("Shops closed the day before the vote.")


# ------------------------------------------------------------------ earnings-report quarters
def test_latest_quarter_is_a_reported_one() -> None:
    got = found("The insurer expects a fourth-quarter charge. Earnings fell 59% in the latest quarter, "
                "compared with earnings a year ago.", AUTUMN)
    assert got["fourth-quarter"] == ("DATE", "2022-Q4")
    assert got["the latest quarter"] == ("DATE", "2022-Q3")
    assert got["a year ago"] == ("DATE", "2021-Q3")


@pytest.mark.parametrize(
    "phrase", ["the corresponding period last year", "the same quarter a year ago", "last year's quarter"]
)
def test_year_back_comparisons_of_the_reported_quarter(phrase: str) -> None:
    text = f"Net income fell in the third quarter. It was $2 million in {phrase}."
    assert found(text, AUTUMN)[phrase] == ("DATE", "2021-Q3")


def test_comparisons_do_not_move_the_quarter_under_discussion() -> None:
    text = ("Profit rose in the fiscal first quarter. In the 2021 quarter, the firm earned $3 million. "
            "It expects to break even for the quarter on sales of $5 million.")
    got = found(text, AUTUMN)
    assert got["the 2021 quarter"] == ("DATE", "2021-Q1")
    assert got["the quarter"] == ("DATE", "2022-Q1")


def test_comparison_looks_back_from_the_reported_quarter_not_a_forecast_one() -> None:
    text = ("The mill lost money in the third quarter. Losses should continue into the third quarter of "
            "2023. In the year-ago period, the mill earned $9 million.")
    assert found(text, AUTUMN)["the year-ago period"] == ("DATE", "2021-Q3")


def test_quarter_ended_names_the_calendar_quarter() -> None:
    assert found("In the quarter ended July 31, the chain sold 3,000 bikes.", AUTUMN)["the quarter"] == (
        "DATE", "2022-Q2")


def test_coming_quarters_are_future() -> None:
    assert found("It bodes ill for coming quarters.", AUTUMN)["coming quarters"] == ("DATE", "FUTURE_REF")


# ------------------------------------------------------------------ year-level phrases
@pytest.mark.parametrize(
    ("sentence", "expr", "ttype", "value"),
    [
        ("Sales in the year ended Sept. 30 rose 4%.", "the year", "DURATION", "P1Y"),
        ("Revenue for the fiscal year ending June 30 fell.", "the fiscal year", "DURATION", "P1Y"),
        ("Sales for the full year were $6 billion.", "the full year", "DATE", "2022"),
        ("The plant will close by year end.", "year end", "DATE", "2022"),
        ("Rules should be in place by year's end.", "year's end", "DATE", "2022"),
        ("The deal should close before the end of the year.", "the end of the year", "DATE", "2022"),
        ("Heavy rain delayed planting earlier in the year.", "earlier in the year", "DATE", "2022"),
    ],
)
def test_year_level_phrases(sentence: str, expr: str, ttype: str, value: str) -> None:
    assert found(sentence, AUTUMN)[expr] == (ttype, value)


# ------------------------------------------------------------------ tense
@pytest.mark.parametrize(
    ("sentence", "expr", "value"),
    [
        # "hurt" is past or present; the tag cannot tell, so the weekday keeps the news default (past)
        ("Weak chip stocks hurt the index, which fell 2%, on Friday.", "Friday", "2022-02-04"),
        # a weekday inside a noun phrase: "follows" describes the noun's context, not a schedule
        ("The walkout follows Tuesday's vote by the union.", "Tuesday", "2022-02-01"),
        # ... while a scheduled event in the news present is still ahead
        ("The two leaders meet Thursday in Geneva.", "Thursday", "2022-02-10"),
    ],
)
def test_weekday_tense_cues(sentence: str, expr: str, value: str) -> None:
    assert found(sentence)[expr] == ("DATE", value)


# ------------------------------------------------------------------ vague references and types
def test_soon_is_future_only_outside_past_clauses() -> None:
    assert found("Prices will soon rise.")["soon"] == ("DATE", "FUTURE_REF")
    assert "soon" not in found("The trickle soon became a flood.")
    assert "soon" not in found("Call us as soon as you can.")


def test_one_day_after_a_modal_is_the_future() -> None:
    assert found("The region could one day export power.")["one day"] == ("DATE", "FUTURE_REF")
    assert found("The strike lasted one day.")["one day"] == ("DURATION", "P1D")


def test_amount_per_period_is_a_set() -> None:
    assert found("The merger will save $33 million a year.")["a year"] == ("SET", "P1Y")
    assert found("Fans buy 50,000 records a year.")["a year"] == ("SET", "P1Y")
    assert found("The repairs took a year.")["a year"] == ("DURATION", "P1Y")


def test_ages_in_years_old_are_not_durations() -> None:
    assert "55 years" not in found("The offer is open to workers 55 years old or older.")


def test_decade_words_after_other_prepositions() -> None:
    assert found("Membership fell through the nineties.", date(1998, 3, 3))["the nineties"] == ("DATE", "199")


def test_a_year_earlier_after_a_longer_period_is_the_year() -> None:
    text = ("Net fell in the third quarter, compared with $3 million a year earlier. For the nine months, "
            "losses totaled $212 million, compared with net income of $48 million a year earlier.")
    got = [(t.text, t.value) for t in tag_text(text, AUTUMN) if t.text == "a year earlier"]
    assert got == [("a year earlier", "2021-Q3"), ("a year earlier", "2021")]


def test_a_later_date_is_the_future() -> None:
    assert found("The bank may raise capital at a later date.")["a later date"] == ("DATE", "FUTURE_REF")
