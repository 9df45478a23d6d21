"""Score canonical-event merging on the Giveme5W1H gold standard (articles grouped by the event they cover).

The dataset (``../shared/eval/giveme5w1h``, from github.com/fhamborg/Giveme5W1H) holds one JSON document
per news article in ``data/`` (and ``data_damaged/``, whose CoreNLP parse trees were broken; the texts
are fine): ``text``, ``title``, ``date_publish``, ``publisher``, ``url`` and ``category``, the cluster
of articles reporting the same news event ("tram", "f1", ...). The 5W1H phrase annotations are not used.

We analyse every article with the pipeline, ingest all of them into a temporary store (canonical events
are built as in production, incrementally), then count over article pairs:

- ``same_cluster_share``: pairs of articles of the same cluster that share at least one canonical event
  (target >= 0.80);
- ``different_cluster_apart``: pairs of articles of different clusters that share none (target >= 0.98);
  an article without a category is a cluster of its own.

Articles without a publication date cannot be dated and are skipped (counted in ``skipped``).

Run: ``eventwire evaluate giveme5w1h [DIR]`` or ``python -m eventwire.evaluate.giveme5w1h [DIR]``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from eventwire.model import Analysis, Article

DEFAULT_DIR = Path("../shared/eval/giveme5w1h")
FOLDERS = ("data", "data_damaged")


def read_articles(folder: Path) -> tuple[list[tuple[str | None, Article]], list[str]]:
    """(cluster, Article) for every dated document, and a note for every skipped one."""
    from eventwire.readers.dates import DateError, parse_date
    from eventwire.readers.decode import article_text

    found: list[tuple[str | None, Article]] = []
    skipped: list[str] = []
    for sub in FOLDERS:
        for path in sorted((folder / sub).glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            text = article_text(doc.get("text") or "")
            try:
                day = parse_date(doc.get("date_publish"))
            except DateError:
                skipped.append(f"{path.name}: no publication date")
                continue
            if not text:
                skipped.append(f"{path.name}: no text")
                continue
            article = Article(id=str(doc.get("dId") or path.stem), date=day, text=text,
                              title=doc.get("title"), source=str(path), publisher=doc.get("publisher"),
                              url=doc.get("url"))
            found.append((doc.get("category"), article))
    return found, skipped


def pair_scores(clusters: dict[str, str | None], shared: dict[tuple[str, str], int]) -> dict[str, Any]:
    """Pairwise figures from each article's cluster and the canonical events each pair shares."""
    ids = sorted(clusters)
    same_total = same_hit = diff_total = diff_apart = 0
    per_cluster: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    confused: Counter[str] = Counter()
    for a, b in combinations(ids, 2):
        together = shared.get((a, b), 0) > 0
        ca, cb = clusters[a], clusters[b]
        if ca is not None and ca == cb:
            same_total += 1
            same_hit += together
            per_cluster[ca][0] += together
            per_cluster[ca][1] += 1
        else:
            diff_total += 1
            diff_apart += not together
            if together:
                confused[" / ".join(sorted((str(ca), str(cb))))] += 1
    return {
        "same_cluster_share": round(same_hit / same_total, 4) if same_total else None,
        "same_cluster_pairs": same_total,
        "different_cluster_apart": round(diff_apart / diff_total, 4) if diff_total else None,
        "different_cluster_pairs": diff_total,
        "per_cluster": {c: f"{hit}/{n}" for c, (hit, n) in sorted(per_cluster.items())},
        "confused_clusters": dict(confused.most_common(8)),
    }


def evaluate_dir(folder: Path = DEFAULT_DIR, model: str | None = None) -> dict[str, Any]:
    """Analyse, ingest and score every article of the dataset in ``folder``."""
    from eventwire import pipeline
    from eventwire.store import Store

    items, skipped = read_articles(Path(folder))
    clusters = {article.id: cluster for cluster, article in items}
    started = time.perf_counter()
    analyses: list[Analysis] = list(pipeline.analyze_many((a for _, a in items), model))
    analysed = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "giveme5w1h.db") as store:
        for analysis in analyses:
            store.ingest(analysis)
        stored = time.perf_counter()
        by_canonical: dict[str, set[str]] = defaultdict(set)
        for row in store.conn.execute("SELECT canonical_id, article_id FROM canonical_members"):
            by_canonical[row[0]].add(row[1])
        mentions = store.stats()["events"]
        canonical_events = store.count_canonical_events()
    shared: Counter[tuple[str, str]] = Counter()
    for articles in by_canonical.values():
        for pair in combinations(sorted(articles), 2):
            shared[pair] += 1
    scores = pair_scores(clusters, shared)
    return {
        **scores,
        "articles": len(items),
        "clusters": len({c for c in clusters.values() if c is not None}),
        "articles_without_events": sum(1 for a in analyses if not a.events),
        "mentions": mentions,
        "canonical_events": canonical_events,
        "canonical_events_across_articles": sum(1 for arts in by_canonical.values() if len(arts) > 1),
        "skipped": skipped,
        "seconds_analysis": round(analysed - started, 1),
        "seconds_store": round(stored - analysed, 2),
        "folder": str(folder),
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else DEFAULT_DIR
    if not (folder / "data").is_dir():
        print(f"skipped: no Giveme5W1H data in {folder} (expected {folder}/data/*.json)", file=sys.stderr)
        return 0
    print(json.dumps(evaluate_dir(folder), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
