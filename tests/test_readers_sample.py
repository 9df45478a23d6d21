"""The bundled sample corpus reads completely, in every format, with its own dates."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from eventwire.model import Article
from eventwire.readers import read, sample_dir


def test_sample_corpus_reads_without_errors() -> None:
    results = list(read([sample_dir()]))
    assert all(isinstance(r, Article) for r in results), [r for r in results if not isinstance(r, Article)]
    assert len(results) == 8
    formats = Counter(Path(r.source.split(":line ")[0]).suffix for r in results if r.source)
    assert formats == {".txt": 2, ".jsonl": 3, ".csv": 2, ".html": 1}
    assert len({r.id for r in results}) == 8


def test_sample_articles_are_dated_news(tmp_path: Path) -> None:
    for article in read([sample_dir()]):
        assert isinstance(article, Article)
        assert 2020 <= article.date.year <= 2025
        paragraphs = article.text.split("\n\n")
        assert len(paragraphs) >= 4, article.source
        assert any(q in article.text for q in ('"', "\u201c")), article.source
