"""The batch engine: local pool and Dask give the same Parquet, failures and crashes, reruns, Parquet input.

The corpus is written here (short articles of our own). Two articles carry markers that the test
analyzer below reacts to, on the workers: ``[[fail]]`` raises (a per-article failure), ``[[crash]]``
kills the worker process the first time it is seen in a run (a worker dying mid-partition). Both engines
run the same analyzer, so their outputs must still be identical.
"""

from __future__ import annotations

import json
import os
import signal
from datetime import date
from functools import partial
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire import batch
from eventwire.batch import inputs as batch_inputs
from eventwire.batch import output
from eventwire.model import Analysis, Article, ReadError
from eventwire.pipeline import analyze_doc
from eventwire.readers import ReaderOptions

ARTICLES = [
    ("b1", "2023-05-02", "Police arrested twelve protesters in Lagos on Monday after clashes near the port."),
    ("b2", "2023-05-03", "Germany and France signed a trade agreement in Berlin on Tuesday."),
    ("b3", "2023-05-04", '"We will not negotiate under threat," the Interior Minister said on Wednesday.'),
    ("b4", "2023-05-05", "The United Nations called for a ceasefire in the region last week. [[fail]]"),
    ("b5", "2023-05-06", "Rebels attacked an army base near the border, killing three soldiers."),
    ("b6", "2023-05-07", "The president will visit Japan in June to discuss security. [[crash]]"),
    ("b7", "2023-05-08", "Farmers blocked roads in Brussels to protest new rules on Thursday."),
    ("b8", "2023-05-09", "The court sentenced a former mayor to five years in prison for fraud."),
]
IDS = {aid for aid, _, _ in ARTICLES}
PARTITION_SIZE = 3


class MarkedFailure(ValueError):
    """Raised by the test analyzer for an article marked ``[[fail]]``."""


def marked_analyzer(article: Article, doc, sentinel: str) -> Analysis:
    """The real pipeline, except for the two markers (runs on the workers: module-level, picklable)."""
    if "[[fail]]" in article.text:
        raise MarkedFailure(f"marked to fail: {article.id}")
    if "[[crash]]" in article.text and not os.path.exists(sentinel):
        Path(sentinel).write_text(str(os.getpid()))
        os.kill(os.getpid(), signal.SIGKILL)  # the worker dies halfway through its partition
    return analyze_doc(article, doc)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    lines = [json.dumps({"id": aid, "date": day, "text": text}) for aid, day, text in ARTICLES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(corpus: Path, out: Path, engine: str, **kwargs):
    sentinel = str(out.parent / f"{out.name}.crashed")
    analyzer = partial(marked_analyzer, sentinel=sentinel)
    missing = str(corpus.parent / "missing.jsonl")  # a read error, recorded by the driver
    summary = batch.run_batch(
        [corpus, missing], out, engine=engine, workers=2, partition_size=PARTITION_SIZE, analyzer=analyzer,
        **kwargs,
    )
    return summary, Path(sentinel)


@pytest.fixture(scope="module")
def local_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("local") / "out"
    summary, sentinel = _run(corpus, out, "local")
    return out, summary, sentinel


@pytest.fixture(scope="module")
def dask_run(corpus: Path, tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("distributed")
    out = tmp_path_factory.mktemp("dask") / "out"
    summary, sentinel = _run(corpus, out, "dask")
    return out, summary, sentinel


def _sorted(out: Path, table: str) -> pa.Table:
    data = output.read_table(out, table)
    return data.sort_by([(key, "ascending") for key in batch.KEYS[table]])


def _accounted(out: Path) -> list[str]:
    """Every article id in the articles and errors tables (with repeats, if any)."""
    analysed = output.read_table(out, "articles").column("article_id").to_pylist()
    failed = [a for a in output.read_table(out, "errors").column("article_id").to_pylist() if a is not None]
    return analysed + failed


# -- local pool -----------------------------------------------------------------------------------------


def test_local_engine_writes_every_table_with_its_schema(local_run) -> None:
    out, summary, _ = local_run
    assert summary.articles == len(ARTICLES) and summary.analyzed == len(ARTICLES) - 1
    assert summary.events > 0 and summary.entities > 0
    for table in batch.TABLES:
        files = sorted((out / table).glob("part-*.parquet"))
        assert files, table
        for path in files:
            assert pq.read_schema(path).equals(batch.SCHEMAS[table], check_metadata=False), path


def test_failing_article_lands_in_errors_and_the_rest_is_written(local_run) -> None:
    out, summary, _ = local_run
    errors = output.read_table(out, "errors").to_pylist()
    analyze_errors = [e for e in errors if e["stage"] == "analyze"]
    assert [(e["article_id"], e["error"]) for e in analyze_errors] == [("b4", "MarkedFailure")]
    assert "marked to fail" in analyze_errors[0]["reason"]
    # its partition-mates were analysed: the failure cost one article, not the partition
    partition = analyze_errors[0]["partition"]
    mates = [r for r in output.read_table(out, "articles").to_pylist() if r["partition"] == partition]
    assert len(mates) == PARTITION_SIZE - 1
    assert summary.failed == 1


def test_read_errors_are_recorded_with_their_source(local_run) -> None:
    out, summary, _ = local_run
    reads = [e for e in output.read_table(out, "errors").to_pylist() if e["stage"] == "read"]
    assert len(reads) == 1 and reads[0]["source"].endswith("missing.jsonl") and reads[0]["article_id"] is None
    assert summary.read_errors == 1
    reasons = [e.reason for e in batch.read_errors(out)]
    assert any(r.startswith("analysis failed: MarkedFailure") for r in reasons)


def test_local_pool_survives_a_worker_killed_mid_partition(local_run) -> None:
    out, summary, sentinel = local_run
    assert sentinel.exists(), "the [[crash]] article never killed its worker"
    assert summary.retried >= 1
    assert sorted(_accounted(out)) == sorted(IDS)  # each article exactly once


def test_results_round_trip_to_the_pipelines_analysis(local_run, nlp) -> None:
    out, _, _ = local_run
    results = {a.article.id: a for a in batch.read_results(out)}
    assert set(results) == IDS - {"b4"}
    for aid, day, text in ARTICLES:
        if aid in results:
            expected = analyze_doc(Article(aid, date.fromisoformat(day), text), nlp(text))
            assert results[aid].to_json() | {"article": None} == expected.to_json() | {"article": None}
            assert results[aid].article.text == text and not results[aid].check_spans()


def test_flat_columns_agree_with_the_analysis_json(local_run) -> None:
    out, _, _ = local_run
    events = {(r["article_id"], r["event_id"]): r for r in output.read_table(out, "events").to_pylist()}
    found = 0
    for analysis in batch.read_results(out):
        for ev in analysis.events:
            row = events[(analysis.article.id, ev.id)]
            assert (row["type"], row["cameo"], row["trigger"]["text"]) == (ev.type, ev.cameo, ev.trigger.text)
            assert row["actors"] == [p.to_json() for p in ev.actors]
            found += 1
    assert found == len(events)


# -- Dask -----------------------------------------------------------------------------------------------


def test_dask_and_local_give_identical_tables(local_run, dask_run) -> None:
    local_out, _, _ = local_run
    dask_out, dask_summary, _ = dask_run
    assert dask_summary.articles == len(ARTICLES)
    for table in batch.TABLES:
        local_table = _sorted(local_out, table)
        dask_table = _sorted(dask_out, table)
        if table == "errors":  # the read error names the missing file, which sits in each run's own folder
            local_table, dask_table = (t.drop_columns(["source"]) for t in (local_table, dask_table))
        assert local_table.num_rows > 0 or table in ("quotes",), table
        assert dask_table.equals(local_table), table


def test_dask_survives_a_killed_worker_and_processes_each_article_once(dask_run) -> None:
    out, summary, sentinel = dask_run
    assert sentinel.exists(), "the [[crash]] article never killed its worker"
    assert sorted(_accounted(out)) == sorted(IDS)
    assert summary.analyzed == len(ARTICLES) - 1 and summary.failed == 1


# -- reruns ---------------------------------------------------------------------------------------------


def test_rerun_skips_done_partitions_and_redoes_an_incomplete_one(local_run, tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(local_run[0], out)
    markers = sorted((out / output.MARKERS).glob("*.json"))
    stamps = {p: p.stat().st_mtime_ns for p in (out / "articles").glob("*.parquet")}

    again = batch.run_batch([out / ".." / "nothing-new.jsonl"], out, workers=1)
    assert again.articles == 0 and again.startup_seconds == 0  # nothing to do: no worker was started

    corpus = tmp_path / "corpus.jsonl"
    kept = [json.dumps({"id": a, "date": d, "text": t}) for a, d, t in ARTICLES if a not in ("b4", "b6")]
    corpus.write_text("\n".join(kept), encoding="utf-8")
    victim = next(m for m in markers if "b1" in json.loads(m.read_text())["articles"])
    lost = set(json.loads(victim.read_text())["articles"])
    victim.unlink()  # as if the run had died before this partition's marker was renamed into place
    rerun = batch.run_batch([corpus], out, workers=1, partition_size=PARTITION_SIZE)
    assert rerun.articles == len(lost - {"b4", "b6"})
    assert rerun.skipped == len(ARTICLES) - 2 - rerun.articles
    for path, stamp in stamps.items():
        rewritten = path.stat().st_mtime_ns != stamp
        assert rewritten == (path.stem == f"part-{victim.stem}"), path.name
    assert victim.exists()  # the same articles in the same order make the same partition again
    ids = output.read_table(out, "articles").column("article_id").to_pylist()
    assert sorted(ids) == sorted(set(ids)) and set(ids) == (IDS - {"b4"}) - ({"b6"} & lost)


# -- inputs and output, without the model ---------------------------------------------------------------


def test_parquet_input_reads_like_jsonl(corpus: Path, tmp_path: Path) -> None:
    table = pa.table(
        {
            "doc_id": [aid for aid, _, _ in ARTICLES],
            "published": [date.fromisoformat(day) for _, day, _ in ARTICLES],
            "body": [text for _, _, text in ARTICLES],
        }
    )
    path = tmp_path / "articles.parquet"
    pq.write_table(table, path)
    from_parquet = list(batch.read_inputs([tmp_path]))  # the folder walk finds the Parquet file
    from_jsonl = list(batch.read_inputs([corpus]))
    assert [(a.id, a.date, a.text) for a in from_parquet] == [(a.id, a.date, a.text) for a in from_jsonl]
    assert from_parquet[1].source == f"{path}:row 2"


def test_parquet_rows_without_text_or_date_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "bad.parquet"
    rows = {"id": ["x", "y"], "text": ["Some text.", None], "date": [None, "2023-01-01"]}
    pq.write_table(pa.table(rows), path)
    found = list(batch.read_inputs([path]))
    assert all(isinstance(item, ReadError) for item in found)
    assert [item.source for item in found] == [f"{path}:row 1", f"{path}:row 2"]
    with_fallback = list(batch.read_inputs([path], ReaderOptions(date=date(2023, 2, 1))))
    assert isinstance(with_fallback[0], Article) and with_fallback[0].date == date(2023, 2, 1)
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    assert isinstance(next(iter(batch.read_inputs([tmp_path / "broken.parquet"]))), ReadError)


def test_repeated_ids_are_dropped_and_conflicting_ids_reported(tmp_path: Path) -> None:
    one = tmp_path / "one.jsonl"
    two = tmp_path / "two.jsonl"
    one.write_text(json.dumps({"id": "a", "date": "2023-01-01", "text": "Same text."}) + "\n")
    two.write_text(
        json.dumps({"id": "a", "date": "2023-01-01", "text": "Same text."}) + "\n"
        + json.dumps({"id": "a", "date": "2023-01-01", "text": "Other text."}) + "\n"
    )
    found = list(batch.read_inputs([one, two]))
    assert [type(item).__name__ for item in found] == ["Article", "ReadError"]
    assert "already used" in found[1].reason


def test_partitions_are_stable_and_named_by_their_articles() -> None:
    articles = [Article(f"id{i}", date(2023, 1, 1), "text") for i in range(7)]
    first = list(batch_inputs.partitions(articles, 3))
    assert [len(chunk) for _, chunk in first] == [3, 3, 1]
    assert [pid for pid, _ in first] == [pid for pid, _ in batch_inputs.partitions(articles, 3)]
    assert len({pid for pid, _ in first}) == 3
    assert first[0][0] != next(batch_inputs.partitions(articles[1:], 3))[0]
    with pytest.raises(ValueError):
        next(batch_inputs.partitions(articles, 0))


def test_incomplete_partitions_are_invisible_and_cleared(tmp_path: Path) -> None:
    tables = {name: batch.SCHEMAS[name].empty_table() for name in batch.TABLES}
    output.write_partition(tmp_path, "done", tables, {"articles": ["x"]})
    pq.write_table(tables["events"], output.table_file(tmp_path, "events", "orphan"))
    (tmp_path / output.STAGING / "orphan-123").mkdir(parents=True)
    assert batch.done_ids(tmp_path) == {"x"}
    assert output.clear_incomplete(tmp_path) == 1
    assert not (tmp_path / output.STAGING).exists()
    assert sorted(p.name for p in (tmp_path / "events").iterdir()) == ["part-done.parquet"]
    (tmp_path / output.MARKERS / "done.json").write_text('{"partition": "done", "schema_version": 999}')
    with pytest.raises(batch.OutputError, match="schema 999"):
        batch.done_ids(tmp_path)


# -- the driver loop, with an engine that runs in this process -------------------------------------------


class WorkerGone(RuntimeError):
    """What the fake engine's futures raise when their 'worker' died."""


class FakeEngine:
    """Runs tasks at once in this process; partitions listed in ``deaths`` 'kill their worker' n times."""

    name = "fake"
    dashboard = None

    def __init__(self, deaths: dict[str, int], breaks_all: bool, max_attempts: int) -> None:
        self.slots = 2
        self.deaths = deaths
        self.fatal: Exception | None = None
        self.crash_breaks_all = breaks_all
        self.max_attempts = max_attempts
        self.recoveries = 0
        self.submitted: list[tuple[str, int]] = []

    def submit(self, task, attempt: int = 1):
        from concurrent.futures import Future

        from eventwire.batch.worker import Report

        self.submitted.append((task.partition, attempt))
        future: Future = Future()
        if self.fatal is not None:
            future.set_exception(self.fatal)
        elif self.deaths.get(task.partition, 0) > 0:
            self.deaths[task.partition] -= 1
            future.set_exception(WorkerGone("killed"))
        else:
            done = len(task.articles)
            future.set_result(Report(task.partition, articles=done, analyzed=done))
        return future

    def wait_any(self, futures):
        return {f for f in futures if f.done()}

    def crashed(self, exc: BaseException) -> bool:
        return isinstance(exc, WorkerGone)

    def recover(self) -> None:
        self.recoveries += 1


def _tasks(out: Path, count: int):
    from eventwire.batch.worker import Task

    for i in range(count):
        yield Task(f"p{i}", [Article(f"a{i}", date(2023, 1, 1), "text", source=f"s{i}")], str(out))


@pytest.mark.parametrize("breaks_all", [True, False])
def test_driver_retries_a_crashed_partition_then_gives_it_up(tmp_path: Path, breaks_all: bool) -> None:
    from eventwire.batch.run import BatchSummary, _drive

    engine = FakeEngine({"p1": 1, "p3": 5}, breaks_all, max_attempts=3)
    summary = BatchSummary("fake", 2, str(tmp_path))
    reports = {r.partition: r for r in _drive(engine, _tasks(tmp_path, 5), summary)}
    assert sorted(reports) == ["p0", "p1", "p2", "p3", "p4"]
    assert reports["p1"].analyzed == 1  # succeeded on its second attempt
    assert reports["p3"].failed == 1 and reports["p3"].analyzed == 0  # died 3 times: given up
    assert [a for p, a in engine.submitted if p == "p3"] == [1, 2, 3]
    errors = output.read_table(tmp_path, "errors").to_pylist()
    assert [(e["article_id"], e["error"]) for e in errors] == [("a3", "WorkerDied")]
    assert batch.done_ids(tmp_path) == {"a3"}  # the given-up partition counts as done for a rerun


def test_driver_stops_on_a_worker_that_cannot_work(tmp_path: Path) -> None:
    from eventwire.batch.run import BatchSummary, _drive

    engine = FakeEngine({}, True, 3)
    engine.fatal = batch.WorkerError("worker cannot load the pipeline: no model")
    with pytest.raises(batch.WorkerError, match="no model"):
        list(_drive(engine, _tasks(tmp_path, 3), BatchSummary("fake", 2, str(tmp_path))))
    assert not (tmp_path / output.MARKERS).exists()  # nothing was written as if it had been done
