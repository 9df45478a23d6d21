"""The command line end to end: extract, ingest (good and bad inputs, idempotence, workers), queries,
export and the thin evaluation commands. Inputs are files written here; only the VOA test reads
../shared (via the ``shared_dir`` fixture)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.model import Analysis
from eventwire.store import Store

runner = CliRunner()

SEED_A = (
    " date 2024-03-05 The foreign ministers of Chile and Peru met in Lima on Monday to discuss fishing "
    'rights. "We agreed to meet again in June," the Chilean minister told reporters.\n'
)
SEED_B = (
    " date 2023-11-20 Protesters marched in Quito on Sunday against a new fuel tax, and police said "
    "twelve people were detained.\n"
)


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """Two good seed files and three that must be reported: empty, binary and undated."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "chile.txt").write_text(SEED_A, encoding="utf-8")
    (folder / "quito.txt").write_text(SEED_B, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "scan.txt").write_bytes(bytes(range(256)) * 8)  # binary content behind a text name
    (folder / "undated.txt").write_text("The mayor opened a bridge over the river.\n", encoding="utf-8")
    return folder


def test_help_lists_commands_and_exit_codes() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for word in ("extract", "ingest", "timeline", "search", "export", "evaluate", "tag-timeml", "Exit codes"):
        assert word in result.stdout
    assert "2    usage error" in result.stdout


def test_extract_one_article_prints_one_object(tmp_path: Path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(SEED_A, encoding="utf-8")
    result = run("extract", seed)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    analysis = Analysis.from_json(data)
    assert analysis.article.date.isoformat() == "2024-03-05"
    assert analysis.article.text.startswith("The foreign ministers of Chile")
    assert analysis.check_spans() == []


def test_extract_several_as_array_and_jsonl(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SEED_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SEED_B, encoding="utf-8")
    as_array = run("extract", tmp_path / "a.txt", tmp_path / "b.txt")
    assert [a["article"]["date"] for a in json.loads(as_array.stdout)] == ["2024-03-05", "2023-11-20"]
    as_lines = run("extract", tmp_path, "--format", "jsonl")
    lines = as_lines.stdout.splitlines()
    assert sorted(json.loads(line)["article"]["date"] for line in lines) == ["2023-11-20", "2024-03-05"]


def test_extract_fallback_date_and_reported_failures(inbox: Path) -> None:
    undated = inbox / "undated.txt"
    failed = run("extract", undated)
    assert failed.exit_code == 0 and "undated.txt" in failed.stderr
    assert run("extract", undated, "--strict").exit_code == 1
    dated = run("extract", undated, "--date", "2021-06-01")
    assert json.loads(dated.stdout)["article"]["date"] == "2021-06-01"
    assert run("extract", undated, "--date", "June 1st").exit_code == 2


def _summary(stdout: str) -> dict[str, int]:
    line = stdout.strip().splitlines()[-1].split("(")[0]
    return {part.split()[0]: int(part.split()[1]) for part in line.split(",")}


def test_ingest_mixed_folder_stores_good_reports_bad(inbox: Path, tmp_path: Path) -> None:
    db = tmp_path / "ew.db"
    result = run("ingest", inbox, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert _summary(result.stdout) == {"read": 2, "added": 2, "unchanged": 0, "replaced": 0, "errors": 3}
    for name in ("empty.txt", "scan.txt", "undated.txt"):
        assert str(inbox / name) in result.stderr
    assert "chile.txt" not in result.stderr
    with Store(db) as store:
        assert store.stats()["articles"] == 2
        recorded = {Path(e["source"]).name: e["reason"] for e in store.errors()}
        assert set(recorded) == {"empty.txt", "scan.txt", "undated.txt"}
        assert all(reason for reason in recorded.values())

    again = run("ingest", inbox, "--db", f"sqlite:///{db}", "--strict")
    assert again.exit_code == 1
    assert _summary(again.stdout) == {"read": 2, "added": 0, "unchanged": 2, "replaced": 0, "errors": 3}



def test_ingest_replaces_a_changed_article_with_the_same_id(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    record = {"id": "quito-1", "date": "2023-11-20", "title": "Fuel tax protest", "text": SEED_B[17:]}
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "feed.db"
    assert _summary(run("ingest", feed, "--db", db).stdout)["added"] == 1
    record["text"] = record["text"].replace("twelve", "thirteen")
    feed.write_text(json.dumps(record) + "\n", encoding="utf-8")
    changed = run("ingest", feed, "--db", db, "--strict")
    assert changed.exit_code == 0
    assert _summary(changed.stdout) == {"read": 1, "added": 0, "unchanged": 0, "replaced": 1, "errors": 0}
    with Store(db) as store:
        assert store.stats()["articles"] == 1
        assert {r["article_id"] for r in store.search("thirteen")} == {"quito-1"}
        assert store.search("twelve") == []


def test_ingest_bad_options_are_usage_errors(inbox: Path, tmp_path: Path) -> None:
    assert run("ingest", inbox, "--db", "postgresql://x/y").exit_code == 2
    assert run("ingest", inbox, "--db", tmp_path / "x.db", "--workers", "0").exit_code == 2
    assert run("ingest", "--db", tmp_path / "x.db").exit_code == 2  # no paths
    not_a_db = tmp_path / "junk.db"
    not_a_db.write_bytes(b"this is not a database" * 100)
    result = run("events", "--db", not_a_db)
    assert result.exit_code == 2 and "junk.db" in result.stderr


def test_ingest_with_two_workers_matches_in_process(inbox: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert run("ingest", inbox, "--db", one).exit_code == 0
    result = run("ingest", inbox, "--db", two, "--workers", "2")
    assert result.exit_code == 0, result.stderr
    assert _summary(result.stdout)["added"] == 2
    with Store(one) as a, Store(two) as b:
        assert [x.to_json() for x in a.analyses()] == [y.to_json() for y in b.analyses()]


@pytest.fixture
def filled_db(tmp_path: Path) -> Path:
    from test_store import make_analysis

    db = tmp_path / "filled.db"
    with Store(db) as store:
        store.ingest(make_analysis())
        store.ingest(make_analysis(article_id="a2", event_date="2024-06"))
    return db


def test_queries_in_every_output(filled_db: Path) -> None:
    table = run("events", "--db", filled_db, "--actor", "CHLGOV")
    assert table.exit_code == 0 and "CONSULT" in table.stdout and "a2/V1" in table.stdout
    as_json = json.loads(run("timeline", "--db", filled_db, "--output", "json").stdout)
    assert [(e["date"], e["date_precision"]) for e in as_json] == [("2024-03-04", "day"), ("2024-06", "day")]
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", filled_db, "-o", "csv").stdout)))
    assert rows[0]["actor_code"] == "CHLGOV" and rows[0]["recipient_name"] == "Peru's president"
    later = run("events", "--db", filled_db, "--since", "2024-06-01", "-o", "json")
    assert len(json.loads(later.stdout)) == 1
    assert json.loads(run("events", "--db", filled_db, "--type", "PROTEST", "-o", "json").stdout) == []
    quotes = json.loads(run("quotes", "--db", filled_db, "--speaker", "minister", "-o", "json").stdout)
    assert len(quotes) == 2 and quotes[0]["speaker_country"] == "CHL"
    ents = json.loads(run("entities", "--db", filled_db, "--kind", "location", "-o", "json").stdout)
    assert [(e["name"], e["articles"]) for e in ents] == [("Lima", 2)]
    assert run("events", "--db", filled_db, "--since", "last week").exit_code == 2


def test_search_command_is_safe(filled_db: Path) -> None:
    found = json.loads(run("search", "trade pact", "--db", filled_db, "-o", "json").stdout)
    assert {r["kind"] for r in found} == {"article", "quote"}
    for hostile in ("'; DROP TABLE articles; --", '"unbalanced', "NEAR("):
        result = run("search", hostile, "--db", filled_db, "-o", "json")
        assert result.exit_code == 0 and isinstance(json.loads(result.stdout), list)
    with sqlite3.connect(filled_db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2


def test_export_formats(filled_db: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    mentions = ("--level", "mentions")
    assert run("export", "--format", "jsonl", "--out", tmp_path / "e.jsonl", "--db", filled_db,
               *mentions).exit_code == 0
    events = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text().splitlines()]
    assert [e["event_id"] for e in events] == ["a1/V1", "a2/V1"]
    assert events[0]["actors"][0]["code"] == "CHLGOV"

    to_csv = run("export", "-f", "csv", "--out", tmp_path / "e.csv", "--db", filled_db, "--type", "CONSULT",
                 *mentions)
    assert to_csv.exit_code == 0
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert len(rows) == 2 and rows[1]["date"] == "2024-06"

    assert run("export", "-f", "parquet", "--out", tmp_path / "e.parquet", "--db", filled_db,
               *mentions).exit_code == 0
    table = pq.read_table(tmp_path / "e.parquet").to_pylist()
    assert table[0]["recipients"][0]["country"] == "PER" and table[0]["context"] == ["diplomatic"]
    assert table[0]["date_basis"] == '{"timex": "T1"}'

    out = tmp_path / "all.jsonl"
    assert run("export", "-f", "jsonl", "--what", "analyses", "--out", out, "--db", filled_db).exit_code == 0
    back = [Analysis.from_json(json.loads(line)) for line in out.read_text().splitlines()]
    assert {a.article.id for a in back} == {"a1", "a2"}
    assert run("export", "-f", "csv", "--what", "analyses", "--out", out, "--db", filled_db).exit_code == 2

    # Without --level: canonical events, each with its mentions (one per article here: nothing merges).
    assert run("export", "-f", "jsonl", "--out", tmp_path / "c.jsonl", "--db", filled_db).exit_code == 0
    canonical = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert sorted(m["id"] for c in canonical for m in c["mentions"]) == ["a1/V1", "a2/V1"]


def test_evaluate_and_tag_timeml_are_thin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("eventwire.evaluate.timeml")
    fake.evaluate_dir = lambda gold: {"documents": 3, "strict": {"f1": 0.5}}  # type: ignore[attr-defined]
    fake.tag_dir = lambda src, dst: 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "eventwire.evaluate.timeml", fake)
    import eventwire.evaluate as package

    monkeypatch.setattr(package, "timeml", fake, raising=False)
    table = run("evaluate", "timeml", tmp_path)
    assert table.exit_code == 0 and "strict.f1" in table.stdout and "0.5" in table.stdout
    as_json = run("evaluate", "timeml", tmp_path, "-o", "json")
    assert json.loads(as_json.stdout)["documents"] == 3
    tagged = run("tag-timeml", tmp_path, tmp_path / "out")
    assert tagged.exit_code == 0 and "tagged 7" in tagged.stderr
    assert run("evaluate", "timeml", tmp_path / "missing").exit_code == 2


@pytest.mark.shared
@pytest.mark.slow
def test_ingest_voa_corpus_with_workers(shared_dir: Path, tmp_path: Path) -> None:
    corpus = shared_dir / "corpora" / "voa" / "voa_stories.jsonl"
    db = tmp_path / "voa.db"
    result = run("ingest", corpus, "--db", db, "--workers", "2")
    assert result.exit_code == 0, result.stderr
    assert _summary(result.stdout)["added"] == 89, result.stdout + result.stderr[-2000:]
    with Store(db) as store:
        assert store.stats()["articles"] == 89
        for analysis in store.analyses():
            assert analysis.check_spans() == []
    again = run("ingest", corpus, "--db", db, "--workers", "2")
    assert _summary(again.stdout) == {"read": 89, "added": 0, "unchanged": 89, "replaced": 0, "errors": 0}


@pytest.mark.slow
def test_load_stores_a_batch_output(inbox: Path, tmp_path: Path, store_url: str) -> None:
    """Batch Parquet loads into SQLite and into PostgreSQL alike, events merged into canonical events."""
    batch = pytest.importorskip("eventwire.batch")
    out_dir = tmp_path / "batch"
    batch.run_batch([inbox], out_dir, workers=1)
    db = store_url
    result = run("load", out_dir, "--db", db)
    assert result.exit_code == 0, result.stderr
    assert _summary(result.stdout) == {"read": 2, "added": 2, "unchanged": 0, "replaced": 0, "errors": 3}
    assert "undated.txt" in result.stderr
    with Store(db) as store:
        assert {a.article.text[:10] for a in store.analyses()} == {SEED_A[17:27], SEED_B[17:27]}
        mentions = store.events()
        assert mentions and all(m["canonical_id"] for m in mentions)
        members = sum(c["num_mentions"] for c in store.canonical_events())
        assert members == len(mentions)
    again = run("load", out_dir, "--db", db, "--strict")
    assert again.exit_code == 1 and _summary(again.stdout)["unchanged"] == 2
