"""The event layer on the canonical example and on a real corpus, through the full pipeline.

These tests also depend on the time and actor layers (dates and countries come from them).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime

import pytest

from eventwire.model import Article, Event
from eventwire.pipeline import analyze
from eventwire.schema import validation_errors


@pytest.fixture(scope="module")
def example_events(example_text) -> list[Event]:
    analysis = analyze(Article("example", date(2022, 2, 7), example_text))
    assert analysis.check_spans() == []
    assert validation_errors(analysis.to_json()) == []
    return analysis.events


def countries(ev: Event) -> set[str | None]:
    return {p.country for p in ev.actors + ev.recipients}


def consults_on(found: list[Event], day: str) -> list[Event]:
    return [ev for ev in found if ev.type == "CONSULT" and ev.date == day]


def test_dated_calls_each_once(example_events):
    for day, pair in [
        ("2022-02-02", {"USA", "FRA"}),
        ("2022-01-31", {"FRA", "RUS"}),
        ("2022-01-28", {"FRA", "RUS"}),
    ]:
        found = consults_on(example_events, day)
        assert len(found) == 1, (day, found)
        assert countries(found[0]) >= pair
        assert found[0].date_precision == "day" and isinstance(found[0].date_basis, dict)


def test_moscow_meeting_is_one_planned_event_with_many_mentions(example_events):
    found = [
        ev for ev in consults_on(example_events, "2022-02-07") if ev.location and ev.location.name == "Moscow"
    ]
    assert len(found) == 1
    meeting = found[0]
    assert meeting.modality == "planned" and countries(meeting) >= {"FRA", "RUS"}
    assert len(meeting.mentions) >= 3


def test_buildup_and_demands(example_events):
    kinds = Counter(ev.type for ev in example_events)
    assert kinds["MOBILIZE"] == 1 and kinds["REQUEST"] == 1
    demands = next(ev for ev in example_events if ev.type == "REQUEST")
    assert "RUS" in {p.country for p in demands.actors} and "USA" in {p.country for p in demands.recipients}


def test_call_on_the_eve_of_the_visit_is_dated_from_the_visit(example_events):
    eve = consults_on(example_events, "2022-02-06")
    assert len(eve) == 1 and countries(eve[0]) >= {"USA", "FRA"}
    assert isinstance(eve[0].date_basis, dict) and eve[0].date_basis.get("offset_days") == "-1"


def test_no_duplicate_events(example_events):
    keys = [(ev.type, ev.date, ev.modality, frozenset(countries(ev))) for ev in example_events]
    assert len(keys) == len(set(keys)), keys


@pytest.mark.slow
def test_every_span_of_the_voa_corpus_is_exact(shared_dir):
    corpus = shared_dir / "corpora" / "voa" / "voa_stories.jsonl"
    if not corpus.is_file():
        pytest.skip(f"VOA corpus not found at {corpus}")
    coded = 0
    for line in corpus.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        day = datetime.fromisoformat(record["published"].replace("Z", "+00:00")).date()
        analysis = analyze(Article(str(record["id"]), day, record["text"]))
        assert analysis.check_spans() == [], record["id"]
        assert validation_errors(analysis.to_json()) == [], record["id"]
        for ev in analysis.events:
            assert ev.evidence.start <= ev.trigger.start and ev.trigger.end <= ev.evidence.end
            assert ev.date and ev.date_basis
        coded += len(analysis.events)
    assert coded > 0
