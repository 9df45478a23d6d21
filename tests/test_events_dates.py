"""Event dates keep the precision of the time expression that governs them (weeks included)."""

from __future__ import annotations

from datetime import date

from eventwire.model import Article
from eventwire.pipeline import analyze


def coded(text: str, day: date) -> list:
    return analyze(Article(id="t", date=day, text=text)).events


def test_last_week_inside_one_month_dates_the_event_to_that_month():
    # DCT Tuesday 2024-03-12: last week is 2024-W10, 4-10 March, inside March.
    [event] = [e for e in coded("Last week, the Polish prime minister criticised the French government.",
                                date(2024, 3, 12)) if e.type == "ACCUSE"]
    assert (event.date, event.date_precision) == ("2024-03", "month")
    assert isinstance(event.date_basis, dict)


def test_month_name_keeps_month_precision():
    [event] = [e for e in coded("The Kenyan president will visit Ethiopia in April.", date(2022, 2, 7))
               if e.type == "CONSULT"]
    assert (event.date, event.date_precision) == ("2022-04", "month")


def test_undated_event_falls_back_to_the_article_date_visibly():
    [event] = [e for e in coded("The Kenyan president visited Ethiopia.", date(2022, 2, 7))
               if e.type == "CONSULT"]
    assert event.date == "2022-02-07"
    assert event.date_basis == "article"
