"""The data model and its JSON contract."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from eventwire.model import (
    Analysis,
    Article,
    Entity,
    Event,
    Location,
    Participant,
    Quote,
    Span,
    Speaker,
    Timex,
)
from eventwire.schema import validation_errors

TEXT = "Leaders met in Geneva on Monday. “We agreed,” she said."


def sample_analysis() -> Analysis:
    article = Article(id="a1", date=date(2023, 5, 8), text=TEXT, title="Talks")
    leader = Entity("E1", "Geneva", "location", [Span.of(TEXT, 15, 21)], country="CHE", lat=46.2, lon=6.1)
    monday = Timex("T1", 25, 31, TEXT[25:31], "DATE", "2023-05-08")
    meeting = Event(
        id="V1",
        type="CONSULT",
        cameo="043",
        quad_class=1,
        goldstein=2.8,
        trigger=Span.of(TEXT, 8, 11),
        evidence=Span.of(TEXT, 0, 32),
        actors=[Participant("Leaders")],
        date="2023-05-08",
        date_precision="day",
        date_basis={"timex": "T1"},
        location=Location("Geneva", "CHE", 46.2, 6.1),
        mentions=[Span.of(TEXT, 0, 32)],
    )
    quote = Quote("Q1", 34, 43, TEXT[34:43], "direct", Speaker("she"), Span.of(TEXT, 50, 54))
    return Analysis(article, [leader], [monday], [meeting], [quote])


def test_json_round_trip_is_lossless():
    analysis = sample_analysis()
    assert Analysis.from_json(analysis.to_json()).to_json() == analysis.to_json()


def test_sample_validates_against_schema():
    assert validation_errors(sample_analysis().to_json()) == []


def test_schema_rejects_a_broken_event():
    data = sample_analysis().to_json()
    data["events"][0]["quad_class"] = 7
    data["events"][0]["date"] = "Feb 2023"
    errors = validation_errors(data)
    assert any("quad_class" in e for e in errors)
    assert any("date" in e for e in errors)


def test_check_spans_finds_a_wrong_offset():
    analysis = sample_analysis()
    assert analysis.check_spans() == []
    analysis.timexes[0] = Timex("T1", 24, 30, "Monday", "DATE", "2023-05-08")
    assert len(analysis.check_spans()) == 1


@given(st.text(min_size=1, max_size=200), st.dates())
def test_content_id_is_stable_and_date_sensitive(text, day):
    assert Article.content_id(text, day) == Article.content_id(text, day)
    other = date(day.year + 1, 1, 1) if day.year < 9999 else date(1, 1, 1)
    assert Article.content_id(text, day) != Article.content_id(text, other)


@given(st.text(max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_span_of_always_agrees_with_text(text, a, b):
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    span = Span.of(text, start, end)
    assert text[span.start : span.end] == span.text
