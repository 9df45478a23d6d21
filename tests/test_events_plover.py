"""The PLOVER scorer, on gold records written for this test (and on the shared dev set when present)."""

from __future__ import annotations

import json

import pytest

from eventwire.evaluate import plover


def record(rid: str, event: str, text: str, source: str, target: str | None) -> dict:
    return {
        "id": rid,
        "date": "2021-05-04",
        "event": event,
        "eventText": "",
        "text": text,
        "source": [{"actorText": source, "code": source}],
        "target": [{"actorText": target, "code": target}] if target else "",
    }


RECORDS = [
    {"id": "doc", "event": "DOCUMENT", "eventText": "documentation, skipped"},
    record("r1", "DEMAND", "Poland demanded compensation from Germany on Monday.", "POL", "DEU"),
    record("r2", "FIGHT", "Russian forces shelled the Ukrainian city of Kharkiv.", "RUS", "UKR"),
    record("r3", "CONSULT", "The weather was mild in the valley.", "FRA", None),
]


def test_old_categories_are_mapped():
    assert plover.gold_type({"event": "DEMAND"}) == "REQUEST"
    assert plover.gold_type({"event": "DISAPPROVE"}) == "ACCUSE"
    assert plover.gold_type({"event": "FIGHT"}) == "ASSAULT"
    assert plover.gold_type({"event": "INVESTIGATE"}) == "ACCUSE"
    assert plover.gold_type({"event": "AGREE"}) == "AGREE"


def test_gold_countries_keep_iso_and_igo_codes_only():
    gold = [{"code": "JAP"}, {"code": "IGO"}, {"code": "NGO"}, {"code": "USAGOV"}]
    assert plover.gold_countries(gold) == {"JPN", "IGO", "USA"}
    assert plover.predicted_country("NATO") == "IGO" and plover.predicted_country("FRA") == "FRA"


def test_scorer_counts_records_and_misses(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS))
    result = plover.evaluate_file(path)
    assert result["records"] == 3  # the DOCUMENT record is skipped
    assert result["category_mapping"]["DEMAND"] == "REQUEST"
    assert result["confusion"].get("CONSULT->-") == 1  # nothing coded for the weather
    assert result["no_event_predicted"] == 1 and result["no_event_precision"] == 0.0
    assert result["event_type_accuracy"] == pytest.approx(2 / 3, abs=1e-3)


@pytest.mark.slow
def test_dev_set_event_type_accuracy(shared_dir):
    gold = shared_dir / "eval" / "plover_gsr" / "PLOVER_GSR_CAMEO.dev.json"
    if not gold.is_file():
        pytest.skip(f"PLOVER gold not found at {gold}")
    result = plover.evaluate_file(gold)
    assert result["event_type_accuracy"] >= 0.80, result
