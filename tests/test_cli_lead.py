"""CLI commands wired at integration: actor lookup, batch -> load, and the scorers' argument handling."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import Store

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def test_actors_lookup_resolves_at_the_given_date():
    then = json.loads(run("actors", "lookup", "Putin", "--date", "2009-06-01", "-o", "json").stdout)
    now = json.loads(run("actors", "lookup", "Putin", "--date", "2022-02-07", "-o", "json").stdout)
    assert then[0]["role"] == "Prime Minister of Russia"
    assert now[0]["role"] == "President of Russia"
    assert now[0]["code"] == "RUSGOV"


def test_actors_lookup_of_an_unknown_name_exits_1():
    result = run("actors", "lookup", "Nobody Atall", "--date", "2020-01-01")
    assert result.exit_code == 1
    assert "no one called" in result.stderr


def test_actors_lookup_takes_a_user_people_file(tmp_path: Path, user_state):
    people = tmp_path / "mayors.yaml"
    people.write_text(
        "people:\n"
        "  - name: Ada Example\n"
        "    offices:\n"
        "      - {office: foreign_minister, country: GBR, start: 1801-02-01, end: 1802-03-01}\n",
        encoding="utf-8",
    )
    result = run("actors", "lookup", "Ada Example", "--date", "1801-06-01", "--people", people, "-o", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["code"] == "GBRGOV"


def test_batch_then_load_stores_every_article(tmp_path: Path):
    corpus = tmp_path / "corpus.jsonl"
    rows = [
        {"id": f"a{i}", "date": "2024-05-0" + str(i + 1),
         "text": f"The defence ministers of Chile and Peru met in Lima on Monday, meeting {i}."}
        for i in range(3)
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out_dir, db = tmp_path / "out", tmp_path / "batch.db"
    result = run("batch", corpus, "--out", out_dir, "--engine", "local", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert run("load", out_dir, "--db", db).exit_code == 0
    store = Store(str(db))
    try:
        assert store.stats()["articles"] == 3
    finally:
        store.close()


def test_scheduler_without_dask_is_a_usage_error(tmp_path: Path):
    result = run("batch", tmp_path, "--out", tmp_path / "o", "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert "--engine dask" in result.stderr
