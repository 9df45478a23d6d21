"""Throughput: eventwire's whole extraction vs bare spaCy ``nlp.pipe`` on the same corpus, in one run.

Usage: python bench/throughput.py [CORPUS.jsonl] [--model NAME] [--limit N] [--repeat R]

Prints articles/s for bare spaCy (the same model, without eventwire's components) and for eventwire
(reading, parsing with eventwire's components, every stage, JSON serialization), each the fastest of R
alternating runs (default 3), their time ratio (and each run's), the
share of each stage in eventwire's time, and the process's peak memory. Skips with a message when the
default corpus (../shared/corpora/voa) is missing.
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import sys
import time
from pathlib import Path

import spacy

from eventwire import nlp, pipeline
from eventwire.model import Article
from eventwire.readers import read

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"


def load_articles(corpus: Path, limit: int | None) -> list[Article]:
    articles = [item for item in read([corpus]) if isinstance(item, Article)]
    return articles[:limit] if limit else articles


def time_bare_spacy(model: str, texts: list[str]) -> float:
    bare = _bare(model)
    list(bare.pipe(texts[:2]))  # warm-up
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


@functools.cache
def _bare(model: str) -> spacy.Language:
    return spacy.load(model)


def time_eventwire(model: str, corpus: Path, limit: int | None) -> tuple[float, int]:
    nlp.load(model)  # loading the model is start-up, not throughput, as for bare spaCy
    list(pipeline.analyze_many(load_articles(corpus, 2), model))
    start = time.perf_counter()
    articles = load_articles(corpus, limit)
    size = sum(len(json.dumps(a.to_json())) for a in pipeline.analyze_many(articles, model))
    return time.perf_counter() - start, size


def stage_shares(model: str, articles: list[Article]) -> dict[str, float]:
    """Seconds spent in parsing (with eventwire's components) and in each later stage."""
    from eventwire import actors, events, quotes, timex

    pipe = nlp.load(model)
    spent = dict.fromkeys(("parse", *pipeline.STAGES), 0.0)
    for article in articles:
        t0 = time.perf_counter()
        doc = pipe(article.text)
        t1 = time.perf_counter()
        timexes = timex.tag(doc, article.date)
        t2 = time.perf_counter()
        entities = actors.resolve(doc, article.date)
        t3 = time.perf_counter()
        events.code(doc, entities, timexes, article.date)
        t4 = time.perf_counter()
        quotes.attribute(doc, entities)
        t5 = time.perf_counter()
        for name, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4), strict=True):
            spent[name] += seconds
    return spent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs of each side, alternating; the fastest of each is kept (default 3)")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus not found at {args.corpus} (needs ../shared/corpora/voa)")
        return 0
    model = nlp.model_name(args.model)
    articles = load_articles(args.corpus, args.limit)
    texts = [a.text for a in articles]
    n = len(articles)
    print(f"corpus: {args.corpus} ({n} articles, {sum(map(len, texts)):,} characters), model: {model}")

    # Alternating runs, fastest of each side: on a shared machine one run's ratio moves by +-0.2, and
    # the fastest run is the one least disturbed by other jobs (the usual rule for timing code).
    bares, ours_runs = [], []
    for _ in range(max(1, args.repeat)):
        bares.append(time_bare_spacy(model, texts))
        seconds, size = time_eventwire(model, args.corpus, args.limit)
        ours_runs.append(seconds)
    bare, ours = min(bares), min(ours_runs)
    each = ", ".join(f"{o / b:.2f}" for b, o in zip(bares, ours_runs, strict=True))
    print(f"bare spaCy nlp.pipe : {bare:7.2f} s  {n / bare:7.1f} articles/s  (fastest of {len(bares)})")
    print(f"eventwire extract   : {ours:7.2f} s  {n / ours:7.1f} articles/s  ({size:,} bytes of JSON)")
    print(f"ratio eventwire/spaCy time: {ours / bare:.2f}x (target <= 1.5x; each run: {each})")

    spent = stage_shares(model, articles)
    parse = spent["parse"]
    print("per stage, one article at a time (share of the parse time):")
    for name, seconds in spent.items():
        print(f"  {name:7s} {seconds:7.2f} s  {100 * seconds / parse:6.1f}% of parse")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process (two models loaded): {peak_mb:.0f} MB (target < 1024 MB per worker)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
