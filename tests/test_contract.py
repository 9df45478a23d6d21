"""The public contract on real text: every output validates against the schema and every span is exact."""

from __future__ import annotations

from datetime import date

import pytest

from eventwire.model import Article
from eventwire.pipeline import analyze, analyze_many
from eventwire.readers import read
from eventwire.schema import validation_errors


def test_example_article_validates_and_spans_are_exact(shared_dir):
    [article] = list(read([shared_dir / "examples" / "2022-02-07-macron-biden-putin.txt"]))
    assert isinstance(article, Article)
    analysis = analyze(article)
    data = analysis.to_json()
    assert validation_errors(data) == []
    assert analysis.check_spans() == []
    assert data["article"]["text"] == article.text
    assert data["article"]["date"] == "2022-02-07"


def test_text_with_nothing_to_find_gives_empty_but_valid_output():
    analysis = analyze(Article(id="x", date=date(2020, 1, 1), text="the and of to a"))
    assert validation_errors(analysis.to_json()) == []


@pytest.mark.slow
def test_every_output_of_the_voa_corpus_is_valid_and_exact(shared_dir):
    corpus = shared_dir / "corpora" / "voa" / "voa_stories.jsonl"
    articles = [a for a in read([corpus]) if isinstance(a, Article)]
    assert len(articles) == 89
    problems = []
    for analysis in analyze_many(articles):
        problems += [f"{analysis.article.id}: {e}" for e in validation_errors(analysis.to_json())]
        problems += [f"{analysis.article.id}: {e}" for e in analysis.check_spans()]
    assert problems == []
