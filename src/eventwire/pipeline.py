"""The one place that knows the order of the stages: ``analyze(article) -> Analysis``.

Each stage is a plain function over the parsed ``Doc`` and the dataclasses of ``model.py``; none does
I/O. The spaCy pipeline is loaded once per process by ``nlp.load``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from eventwire import actors, events, nlp, quotes, timex
from eventwire.model import Analysis, Article

# Stage order, by name, for benchmarks and profiles that time each stage on its own.
STAGES = ("timex", "actors", "events", "quotes")


def analyze_doc(article: Article, doc: Doc) -> Analysis:
    """Run every stage after parsing on one article whose text ``doc`` parses."""
    timexes = timex.tag(doc, article.date)
    entities = actors.resolve(doc, article.date)
    found_events = events.code(doc, entities, timexes, article.date)
    found_quotes = quotes.attribute(doc, entities)
    return Analysis(article, entities, timexes, found_events, found_quotes)


def analyze(article: Article, model: str | None = None) -> Analysis:
    """Parse and analyze one article."""
    return analyze_doc(article, nlp.parse(article.text, model))


def analyze_many(
    articles: Iterable[Article], model: str | None = None, batch_size: int = 16
) -> Iterator[Analysis]:
    """Analyze a stream of articles, parsing them in batches with ``nlp.pipe`` (faster than one by one)."""
    pipeline = nlp.load(model)
    stream = ((a.text, a) for a in articles)
    for doc, article in pipeline.pipe(stream, as_tuples=True, batch_size=batch_size):
        yield analyze_doc(article, doc)
