"""`eventwire export` end to end: a tiny store (two hand-built reports of written-for-the-test sentences,
merged by the store's canonical events) exported in every format through the command line."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.export import gdelt
from eventwire.export.tables import canonical_schema
from eventwire.store import Store
from test_export_formats import SECOND, first_report, second_report

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.db"
    with Store(path) as store:
        store.ingest(first_report())
        store.ingest(second_report())
    return path


def _canonical(db: Path) -> list[dict]:
    with Store(db) as store:
        return [store.canonical_event(r["id"]) for r in store.canonical_events()]


def test_export_canonical_jsonl_csv_parquet(db: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    expected = _canonical(db)
    assert sum(e["num_mentions"] for e in expected) == 3  # every stored mention belongs to one event

    result = run("export", "-f", "jsonl", "--level", "canonical", "-o", tmp_path / "c.jsonl", "--db", db)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert {r["id"] for r in records} == {e["id"] for e in expected}
    assert sorted(m["id"] for r in records for m in r["mentions"]) == ["r1/V1", "r2/V1", "r2/V2"]
    assert all(isinstance(r["links"], list) for r in records)

    to_csv = run("export", "-f", "csv", "--level", "canonical", "-o", tmp_path / "c.csv", "--db", db)
    assert to_csv.exit_code == 0
    rows = list(csv.DictReader((tmp_path / "c.csv").open(encoding="utf-8")))
    assert len(rows) == len(expected) and list(rows[0])[:3] == ["id", "type", "mode"]
    assert {r["cameo"] for r in rows} <= {"043", "042", "111"}  # codes keep their leading zero

    assert run("export", "-f", "parquet", "--level", "canonical", "-o", tmp_path / "c.parquet",
               "--db", db).exit_code == 0
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.schema.equals(canonical_schema()) and table.num_rows == len(expected)

    # Filters apply to canonical events too.
    only = run("export", "-f", "jsonl", "--level", "canonical", "--type", "ACCUSE",
               "-o", tmp_path / "a.jsonl", "--db", db)
    assert only.exit_code == 0
    assert [json.loads(x)["type"] for x in (tmp_path / "a.jsonl").read_text().splitlines()] == ["ACCUSE"]
    verbal_conflict = run("export", "-f", "plover", "--quad-class", "3", "-o", tmp_path / "q.jsonl",
                          "--db", db)
    assert verbal_conflict.exit_code == 0
    assert [json.loads(x)["quad_code"] for x in (tmp_path / "q.jsonl").read_text().splitlines()] == [3]


def test_export_gdelt_events_and_mentions(db: Path, tmp_path: Path) -> None:
    events_file, mentions_file = tmp_path / "gdelt.export.tsv", tmp_path / "gdelt.mentions.tsv"
    result = run("export", "-f", "gdelt", "-o", events_file, "--db", db)
    assert result.exit_code == 0, result.output
    assert "gdelt.export.eventwire.tsv" in result.output  # the crosswalk is announced
    lines = events_file.read_text(encoding="utf-8").splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)
    names = gdelt.columns()[0]
    cells = [dict(zip(names, line.split("\t"), strict=True)) for line in lines]
    assert {c["EventCode"] for c in cells} <= {"043", "042", "111"}
    assert all(c["AvgTone"] == "" and c["GLOBALEVENTID"].isdigit() for c in cells)

    assert run("export", "-f", "gdelt-mentions", "--header", "-o", mentions_file, "--db", db).exit_code == 0
    header, *mention_lines = mentions_file.read_text(encoding="utf-8").splitlines()
    assert header.split("\t") == list(gdelt.columns()[1]) and len(mention_lines) == 3
    mentions = [dict(zip(gdelt.columns()[1], line.split("\t"), strict=True)) for line in mention_lines]
    assert {m["GLOBALEVENTID"] for m in mentions} == {c["GLOBALEVENTID"] for c in cells}  # they join
    accuse = next(m for m in mentions if json.loads(m["Extras"])["eventwire_id"] == "r2/V2")
    extras = json.loads(accuse["Extras"])
    assert SECOND[int(accuse["ActionCharOffset"]) : extras["action_end"]] == "criticised"
    assert SECOND[int(accuse["Actor1CharOffset"]) : extras["actor1_end"]] == "NATO"

    # Exporting twice gives the same ids: GLOBALEVENTID is derived from the canonical id.
    again = tmp_path / "again.tsv"
    assert run("export", "-f", "gdelt", "-o", again, "--db", db).exit_code == 0
    assert again.read_text(encoding="utf-8") == events_file.read_text(encoding="utf-8")


def test_export_plover_and_levels(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "plover.jsonl"
    assert run("export", "-f", "plover", "-o", out, "--db", db).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    core = {"id", "date", "source", "recipient", "event", "eventwire"}
    assert records and all(set(r) >= core for r in records)
    assert {r["event"][0] for r in records} == {"CONSULT", "ACCUSE"}

    # The mention-level shape stays available with --level mentions (canonical is the default).
    mentions = tmp_path / "m.jsonl"
    assert run("export", "-f", "jsonl", "--level", "mentions", "-o", mentions, "--db", db).exit_code == 0
    default = run("export", "-f", "jsonl", "-o", tmp_path / "d.jsonl", "--db", db)
    assert default.exit_code == 0 and len((tmp_path / "d.jsonl").read_text().splitlines()) == len(records)
    rows = [json.loads(x) for x in mentions.read_text().splitlines()]
    assert sorted(r["event_id"] for r in rows) == ["r1/V1", "r2/V1", "r2/V2"]
    assert {r["canonical_id"] for r in rows} == {r["id"] for r in records}  # mentions point at their event
    explicit = run("export", "-f", "jsonl", "--level", "mentions", "-o", mentions, "--db", db)
    assert explicit.exit_code == 0 and "3 events" in explicit.output

    refused = run("export", "-f", "gdelt", "--level", "mentions", "-o", tmp_path / "x.tsv", "--db", db)
    assert refused.exit_code == 2 and "canonical" in refused.output
