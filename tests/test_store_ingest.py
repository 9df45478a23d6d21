"""The ingest driver (``eventwire.ingest``) over a real store, with the pipeline replaced where a test
needs an analysis to fail: failures are counted, recorded and never stop the run."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire import ingest as ingest_module
from eventwire.ingest import AnalysisFailed, Skipped, analyze_stream, ingest
from eventwire.model import Analysis, Article, ReadError
from eventwire.store import Store
from test_store import TEXT, make_analysis


def _article(article_id: str, text: str = TEXT) -> Article:
    return Article(article_id, date(2024, 3, 5), text, source=f"{article_id}.txt")


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Analyses built by hand; an article whose text mentions "explode" makes the pipeline raise."""
    calls: list[str] = []

    def analyze(article: Article, model: str | None = None) -> Analysis:
        calls.append(article.id)
        if "explode" in article.text:
            raise ValueError("stage crashed")
        analysis = make_analysis(text=article.text, article_id=article.id)
        analysis.article = article  # the real pipeline returns the article it was given
        if "twice" in article.text:  # a stage bug: the same entity id twice
            analysis.entities.append(analysis.entities[0])
        return analysis

    import eventwire.pipeline

    monkeypatch.setattr(eventwire.pipeline, "analyze", analyze)
    return calls


def test_failures_are_counted_recorded_and_never_stop_the_run(tmp_path: Path, fake_pipeline: list) -> None:
    items = [
        _article("good"),
        ReadError("inbox/empty.txt", "empty file"),
        _article("boom", TEXT + " It may explode."),
        _article("dup", TEXT + " Said twice."),
        _article("also-good", TEXT.replace("Lima", "Cusco")),
    ]
    seen: list[tuple[str, str]] = []
    with Store(tmp_path / "i.db") as store:
        summary = ingest(items, store, on_result=lambda kind, item: seen.append((kind, type(item).__name__)))
        assert summary.to_json() == {"read": 4, "added": 2, "unchanged": 0, "replaced": 0, "errors": 3}
        reasons = {e.source: e.reason for e in summary.errors}
        assert reasons["inbox/empty.txt"] == "empty file"
        assert "stage crashed" in reasons["boom.txt"]
        assert reasons["dup.txt"].startswith("cannot store analysis")
        assert {e["source"] for e in store.errors()} == set(reasons)
        assert sorted(a.article.id for a in store.analyses()) == ["also-good", "good"]
    assert [kind for kind, _ in seen] == ["added", "error", "error", "error", "added"]


def test_stored_articles_are_not_analysed_again(tmp_path: Path, fake_pipeline: list[str]) -> None:
    with Store(tmp_path / "i.db") as store:
        ingest([_article("a"), _article("b")], store)
        fake_pipeline.clear()
        summary = ingest([_article("a"), _article("b", TEXT + " Updated.")], store)
    assert fake_pipeline == ["b"]  # "a" was skipped before analysis
    assert (summary.unchanged, summary.replaced) == (1, 1)
    with Store(tmp_path / "i.db") as store:
        forced = ingest([_article("a")], store, force=True)
    assert forced.replaced == 1 and fake_pipeline == ["b", "a"]


def test_stream_keeps_order_and_skips(fake_pipeline: list[str]) -> None:
    items = [_article("x"), ReadError("bad", "why"), _article("y")]
    out = list(analyze_stream(items, skip=lambda a: a.id == "y"))
    assert [type(r) for r in out] == [Analysis, ReadError, Skipped]


def test_worker_that_cannot_load_the_model_reports_instead_of_hanging() -> None:
    items = [_article("w1"), _article("w2")]
    out = list(analyze_stream(items, workers=2, model="no_such_spacy_model_for_eventwire"))
    assert [type(r) for r in out] == [AnalysisFailed, AnalysisFailed]
    assert all("cannot load" in r.reason and r.source.startswith("w") for r in out)


def test_worker_round_trip_is_plain_json() -> None:
    # What crosses the process border is JSON, so the decoded answer equals the original analysis.
    analysis = make_analysis()
    assert ingest_module._decode({"analysis": analysis.to_json()}).to_json() == analysis.to_json()
    failed = ingest_module._decode({"failed": {"source": "s", "reason": "r"}})
    assert isinstance(failed, AnalysisFailed) and (failed.source, failed.reason) == ("s", "r")


@pytest.mark.parametrize("batch", [1, 2, 50])
def test_store_results_in_batches_keeps_the_good_and_reports_the_bad(tmp_path: Path, batch: int) -> None:
    """`eventwire load` stores many analyses per transaction; a bad one is reported, the rest stored."""
    from eventwire.ingest import store_results

    good = [make_analysis(article_id=f"g{i}") for i in range(3)]
    bad = make_analysis(article_id="bad")
    bad.entities.append(bad.entities[0])  # the same entity id twice: the store refuses it
    unreadable = ReadError("broken.jsonl:7", "not JSON")
    seen: list[str] = []
    with Store(tmp_path / "b.db") as store:
        summary = store_results([good[0], bad, unreadable, good[1], good[2]], store, batch=batch,
                                on_result=lambda kind, item: seen.append(kind))
        assert sorted(r[0] for r in store.conn.execute("SELECT id FROM articles")) == ["g0", "g1", "g2"]
        assert sorted(e["source"] for e in store.errors()) == ["bad.txt", "broken.jsonl:7"]
    assert summary.to_json() == {"read": 4, "added": 3, "unchanged": 0, "replaced": 0, "errors": 2}
    assert sorted(seen) == ["added", "added", "added", "error", "error"]
