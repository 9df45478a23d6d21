"""``--people`` / EVENTWIRE_PEOPLE on the commands that analyse text: extract, ingest, batch (2 workers).

The politician is invented (a made-up name, a real country): only the user's file can say who she is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.actors import kb
from eventwire.cli import app
from eventwire.store import Store

runner = CliRunner()

# Without the user's file the name is nobody (spaCy even calls it an organisation).
ARTICLE = ("Marta Sobral met union leaders on Tuesday to discuss the budget. "
           "Sobral said the talks would continue next week.\n")
PEOPLE_CSV = """\
# Portuguese opposition, as this user tracks it
name,variants,short,office,country,start,end,sector,role,shared
Marta Quintela Sobral,Marta Sobral,Sobral,party_leader,PRT,2021-03-01,,OPP,,
"""


@pytest.fixture(autouse=True)
def _undo_user_files(user_state: None) -> None:
    """The CLI adds files to this process and names them in the environment: undo both (conftest)."""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "budget.txt").write_text(ARTICLE, encoding="utf-8")
    (inbox / "budget2.txt").write_text(ARTICLE.replace("Tuesday", "Wednesday"), encoding="utf-8")
    people = tmp_path / "mine.csv"
    people.write_text(PEOPLE_CSV, encoding="utf-8")
    return {"inbox": inbox, "article": inbox / "budget.txt", "people": people}


def run(*args: object, env: dict[str, str] | None = None):
    return runner.invoke(app, [str(a) for a in args], env=env)


def _sobral(entities: list[dict]) -> list[tuple]:
    return [(e["name"], e["kind"], e["country"], e["sector"], e["code"])
            for e in entities if "Sobral" in e["name"]]


EXPECTED = [("Marta Quintela Sobral", "person", "PRT", "OPP", "PRTOPP")]


def test_extract_without_the_file_does_not_know_her(files):
    result = run("extract", files["article"], "--date", "2023-03-03")
    assert result.exit_code == 0, result.stderr
    assert all(e[2] is None for e in _sobral(json.loads(result.stdout)["entities"]))


def test_extract_with_people_resolves_the_users_politician(files):
    result = run("extract", files["article"], "--date", "2023-03-03", "--people", files["people"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert _sobral(data["entities"]) == EXPECTED
    (entity,) = [e for e in data["entities"] if e["name"] == "Marta Quintela Sobral"]
    assert [m["text"] for m in entity["mentions"]] == ["Marta Sobral", "Sobral"]


def test_environment_variable_works_like_the_option(files):
    result = run("extract", files["article"], "--date", "2023-03-03", env={kb.ENV: str(files["people"])})
    assert result.exit_code == 0, result.stderr
    assert _sobral(json.loads(result.stdout)["entities"]) == EXPECTED


def test_bad_file_fails_before_any_article(files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(PEOPLE_CSV + "Rui Tavares Lobo,,,party_leader,PRT,2021-13-01,,OPP,,\n", encoding="utf-8")
    result = run("extract", files["article"], "--date", "2023-03-03", "--people", bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad.csv row 4 (Rui Tavares Lobo): start must be a date" in result.stderr
    missing = run("extract", files["article"], "--people", tmp_path / "nope.csv")
    assert missing.exit_code == 2 and "nope.csv" in missing.stderr
    from_env = run("extract", files["article"], env={kb.ENV: str(bad)})
    assert from_env.exit_code == 2 and "bad.csv row 4" in from_env.stderr


def test_ingest_with_two_workers_stores_the_resolved_entity(files, tmp_path):
    """The pool's spawned workers learn the file from EVENTWIRE_PEOPLE, set by the command."""
    db = tmp_path / "x.db"
    result = run("ingest", files["inbox"], "--db", db, "--date", "2023-03-03", "--workers", "2",
                 "--people", files["people"])
    assert result.exit_code == 0, result.stderr
    with Store(db) as store:
        analyses = list(store.analyses())
    assert len(analyses) == 2
    assert all(_sobral(a.to_json()["entities"]) == EXPECTED for a in analyses)


def test_actors_lookup_reads_csv(files):
    result = run("actors", "lookup", "Sobral", "--date", "2023-03-03", "--people", files["people"],
                 "-o", "json")
    assert result.exit_code == 0, result.stderr
    (row,) = json.loads(result.stdout)
    assert (row["name"], row["country"], row["sector"]) == ("Marta Quintela Sobral", "PRT", "OPP")


def test_batch_with_two_workers_sees_the_file(files, tmp_path):
    from eventwire.batch import read_table

    out = tmp_path / "out"
    result = run("batch", files["inbox"], "--out", out, "--workers", "2", "--partition-size", "1",
                 "--date", "2023-03-03", "--people", files["people"])
    assert result.exit_code == 0, result.stderr
    rows = read_table(out, "entities").to_pylist()
    assert len({r["article_id"] for r in rows}) == 2
    assert _sobral(rows) == EXPECTED * 2


def test_batch_workers_use_the_files_sent_with_the_task(files, tmp_path, nlp):
    """A worker of a remote cluster has neither the path nor the variable: the task carries the texts."""
    from eventwire.batch import read_table, worker
    from eventwire.model import Article

    kb.load_extra(files["people"])
    actors = worker.actor_files()
    assert list(actors["people"].values()) == [PEOPLE_CSV]
    kb._files.added.clear()
    kb._files._texts.clear()
    kb._index.cache_clear()
    from datetime import date

    article = Article("a1", date(2023, 3, 3), ARTICLE)
    out = tmp_path / "out"
    worker.run_task(worker.Task("p1", [article], str(out), actors=actors))
    assert _sobral(read_table(out, "entities").to_pylist()) == EXPECTED


def test_serve_checks_the_file_before_serving(files, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("people:\n  - name: Rui Tavares Lobo\n    offices: []\n", encoding="utf-8")
    result = run("serve", "--db", tmp_path / "x.db", "--people", bad)
    assert result.exit_code == 2
    assert "bad.yaml entry 0 (Rui Tavares Lobo): offices must be a non-empty list" in result.stderr
