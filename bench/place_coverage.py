"""Place coverage: how many location entities of a corpus resolve to a country and to a point.

Usage: python bench/place_coverage.py [CORPUS.jsonl] [--limit N] [--top K]

There is no gold set of place resolutions here, so this measures coverage, not accuracy: of the
location entities the pipeline finds, the share with a country and with coordinates, and the most
frequent names left without a country (continents, seas and misread names are expected there). Skips
with a message when the default corpus (../shared/corpora/voa) is missing.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from eventwire import pipeline
from eventwire.model import Article
from eventwire.readers import read

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "voa" / "voa_stories.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: corpus {args.corpus} not found (it lives in ../shared)")
        return 0
    articles = [a for a in read([args.corpus]) if isinstance(a, Article)][: args.limit]
    found = Counter()
    unresolved = Counter()
    for article in articles:
        for entity in pipeline.analyze(article).entities:
            if entity.kind != "location":
                continue
            found["locations"] += 1
            found["with country"] += entity.country is not None
            found["with coordinates"] += entity.lat is not None
            if entity.country is None:
                unresolved[entity.name] += 1
    total = found["locations"] or 1
    print(f"articles: {len(articles)}  location entities: {found['locations']}")
    for key in ("with country", "with coordinates"):
        print(f"{key}: {found[key]} ({found[key] / total:.1%})")
    top = ", ".join(f"{name} ({count})" for name, count in unresolved.most_common(args.top))
    print(f"most frequent without a country: {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
