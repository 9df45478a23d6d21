"""The TempEval-3 scorer and TimeML writer on a tiny TimeML document written for the test."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.evaluate.timeml import (
    Counts,
    GoldTimex,
    TimeMLError,
    evaluate_dir,
    read_timeml,
    same_notation,
    tag_dir,
)
from eventwire.model import Timex

DOC = """<?xml version="1.0" ?>
<TimeML>
<DOCID>TEST-1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2022-02-07" temporalFunction="false" \
functionInDocument="CREATION_TIME">2022-02-07</TIMEX3></DCT>
<TEXT>
The envoys met <TIMEX3 tid="t1" type="DATE" value="2022-02-04">Friday</TIMEX3> &amp; agreed to talk \
<TIMEX3 tid="t2" type="DATE" value="2022-W07">next week</TIMEX3> for \
<TIMEX3 tid="t3" type="DURATION" value="P2D">two days</TIMEX3>.
</TEXT>
</TimeML>
"""


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "a.tml").write_text(DOC, encoding="utf-8")
    return tmp_path


def test_read_timeml_offsets_and_dct(gold_dir: Path) -> None:
    doc = read_timeml(gold_dir / "a.tml")
    assert doc.dct == date(2022, 2, 7)
    assert [t.text for t in doc.timexes] == ["Friday", "next week", "two days"]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert "&" in doc.text  # entities are unescaped


def test_counts_strict_relaxed_and_values() -> None:
    text = "on Friday night for two days"
    gold = [GoldTimex(3, 9, "Friday", "DATE", "2022-02-04"), GoldTimex(19, 27, "two days", "DURATION", "P2D")]
    system = [
        Timex("T1", 3, 15, text[3:15], "TIME", "2022-02-04TNI"),  # overlaps, wrong type and value
        Timex("T2", 19, 27, text[19:27], "DURATION", "P2D"),  # exact
        Timex("T3", 0, 2, text[0:2], "DATE", "PRESENT_REF"),  # spurious
    ]
    counts = Counts()
    counts.add(gold, system)
    m = counts.metrics()
    assert m["strict_precision"] == pytest.approx(1 / 3)
    assert m["strict_recall"] == pytest.approx(1 / 2)
    assert m["relaxed_precision"] == pytest.approx(2 / 3)
    assert m["relaxed_recall"] == pytest.approx(1.0)
    assert m["relaxed_f1"] == pytest.approx(0.8)
    assert m["type_accuracy"] == pytest.approx(0.5)
    assert m["value_accuracy"] == pytest.approx(0.5)
    assert m["value_f1"] == pytest.approx(0.4)
    assert m["value_f1_notation"] == pytest.approx(0.4)  # a different value is not a spelling


@pytest.mark.parametrize(
    ("gold", "system", "same"),
    [
        ("2000-W7", "2000-W07", True),
        ("2000-W7-WE", "2000-W07-WE", True),
        ("198X", "198", True),
        ("2000-W07", "2000-W07", True),
        ("2000-W17", "2000-W07", False),
        ("1998-XX-XX", "1998", False),  # a day in 1998 is not the year: precision, not spelling
        ("198X", "1980", False),
    ],
)
def test_same_notation_only_forgives_spelling(gold: str, system: str, same: bool) -> None:
    assert same_notation(gold, system) is same


def test_notation_figure_counts_spelling_variants() -> None:
    text = "this week"
    counts = Counts()
    counts.add([GoldTimex(0, 9, text, "DATE", "2000-W7")], [Timex("T1", 0, 9, text, "DATE", "2000-W07")])
    m = counts.metrics()
    assert m["value_f1"] == 0.0
    assert m["value_f1_notation"] == pytest.approx(1.0)


def test_evaluate_dir_scores_our_tagger(gold_dir: Path) -> None:
    result = evaluate_dir(gold_dir)
    assert result["documents"] == 1
    assert result["gold"] == 3
    assert result["relaxed_f1"] == pytest.approx(1.0)
    assert result["value_accuracy"] == pytest.approx(1.0)


def test_tag_dir_writes_readable_timeml(gold_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert tag_dir(gold_dir, out) == 1
    doc = read_timeml(out / "a.tml")
    assert doc.dct == date(2022, 2, 7)
    assert [t.value for t in doc.timexes] == ["2022-02-04", "2022-W07", "P2D"]


def test_missing_creation_time_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tml"
    bad.write_text("<TimeML><TEXT>Friday</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(TimeMLError, match="CREATION_TIME"):
        read_timeml(bad)
    assert evaluate_dir(tmp_path)["skipped"]
