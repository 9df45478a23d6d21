"""The one place that knows the order of the stages: ``analyze(article) -> Analysis``.

Each stage is a plain function over the parsed ``Doc`` and the dataclasses of ``model.py``; none does
I/O. The spaCy pipeline is loaded once per process by ``nlp.load``.
"""

from __future__ import annotations

from eventwire import actors, events, nlp, quotes, timex
from eventwire.model import Analysis, Article


def analyze(article: Article, model: str | None = None) -> Analysis:
    """Run every stage on one article."""
    doc = nlp.parse(article.text, model)
    timexes = timex.tag(doc, article.date)
    entities = actors.resolve(doc, article.date)
    found_events = events.code(doc, entities, timexes, article.date)
    found_quotes = quotes.attribute(doc, entities)
    return Analysis(article, entities, timexes, found_events, found_quotes)
