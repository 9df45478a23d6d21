"""``eventwire events show ID`` and ``eventwire evaluate giveme5w1h`` (hand-built analyses, no NLP)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.evaluate.giveme5w1h import pair_scores
from eventwire.store import Store
from test_canonical_store import pool

runner = CliRunner()


def stored(tmp_path: Path) -> Path:
    db = tmp_path / "cli.db"
    with Store(db) as store:
        for analysis in pool():
            store.ingest(analysis)
    return db


def test_events_show_explains_a_canonical_event(tmp_path: Path) -> None:
    db = stored(tmp_path)
    with Store(db) as store:
        top = store.canonical_events(order="mentions")[0]
    result = runner.invoke(app, ["events", "show", top["id"], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert top["id"] in result.output and "why merged" in result.output and "same-type" in result.output
    # An event id shows the canonical event it belongs to; JSON carries mentions and links.
    result = runner.invoke(app, ["events", "show", "a2/V1", "--db", str(db), "-o", "json"])
    assert result.exit_code == 0, result.output
    [shown] = json.loads(result.output)
    assert shown["id"] == top["id"] and len(shown["mentions"]) == 3 and shown["links"]


def test_events_show_reports_unknown_ids_and_bad_usage(tmp_path: Path) -> None:
    db = stored(tmp_path)
    assert runner.invoke(app, ["events", "show", "C0", "--db", str(db)]).exit_code == 1
    assert runner.invoke(app, ["events", "list", "--db", str(db)]).exit_code == 2
    listing = runner.invoke(app, ["events", "--db", str(db), "-o", "json"])
    assert listing.exit_code == 0
    assert all(row["canonical_id"].startswith("C") for row in json.loads(listing.output))


def test_giveme5w1h_evaluation_skips_without_data(tmp_path: Path) -> None:
    result = runner.invoke(app, ["evaluate", "giveme5w1h", str(tmp_path / "missing")])
    assert result.exit_code == 0
    assert "skipped" in result.output


def test_pair_scores_count_shared_canonical_events() -> None:
    clusters = {"a": "x", "b": "x", "c": "x", "d": "y", "e": None}
    shared = {("a", "b"): 1, ("a", "d"): 2}
    scores = pair_scores(clusters, shared)
    assert scores["same_cluster_pairs"] == 3 and scores["same_cluster_share"] == round(1 / 3, 4)
    assert scores["different_cluster_pairs"] == 7 and scores["different_cluster_apart"] == round(6 / 7, 4)
    assert scores["per_cluster"] == {"x": "1/3"}


def test_a_store_built_with_other_merge_rules_says_so_until_rebuilt(tmp_path: Path) -> None:
    db = stored(tmp_path)
    with Store(db) as store:
        assert store.canonical_rules_current()
        before = store.count_canonical_events()
        # As if built by an eventwire with another rules.yaml (or older mention facts).
        with store._transaction():
            store.conn.execute("UPDATE canonical_state SET value = 'older' WHERE key = 'rules'")
        assert not store.canonical_rules_current()
    ingest = runner.invoke(app, ["ingest", str(tmp_path / "none.txt"), "--db", str(db)])
    assert "events rebuild" in ingest.output  # the note names the command that fixes it
    result = runner.invoke(app, ["events", "rebuild", "--db", str(db)])
    assert result.exit_code == 0 and f"rebuilt {before} canonical events" in result.output
    with Store(db) as store:
        assert store.canonical_rules_current() and store.count_canonical_events() == before
