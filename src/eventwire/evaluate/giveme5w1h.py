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
``halves`` gives the same-cluster share separately for the clusters whose names sort at even positions
(``even``: what the rules were tuned on) and at odd positions (``odd``: the check).

``political_cluster_share`` is an extra figure, not the headline: the same-cluster share over the clusters
whose story is political (``POLITICAL_CLUSTERS``), which PLOVER is made to code. The other clusters (sport,
a consumer product, accidents, a rescue) report events PLOVER has no type for, so what links their
articles is mostly noise; the headline share still counts them.

Run: ``eventwire evaluate giveme5w1h [DIR]`` or ``python -m eventwire.evaluate.giveme5w1h [DIR]``.

Diagnostics (``python -m eventwire.evaluate.giveme5w1h [DIR] --pairs [--analyses FILE]``): the canonical
events are rebuilt in memory (every cross-article mention pair judged by ``canonical.compare``: the same
graph as the store's exact blocking gives), and for every same-cluster article pair that shares no
canonical event the closest mention pair is reported with the rule that refused it (the gate reached
last, then the most similar evidence), with a tally of those rules (``refusals``; ``refusals_political``
over the political clusters only). ``--analyses FILE`` keeps the
pipeline output in a JSON-lines file and reuses it when it exists (delete it after changing the
pipeline), so the merging rules can be tried in seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from eventwire import canonical
from eventwire.canonical.compare import GATES
from eventwire.model import Analysis, Article

DEFAULT_DIR = Path("../shared/eval/giveme5w1h")
FOLDERS = ("data", "data_damaged")

# The clusters whose story is political, chosen by what the story is about (not by how well it merges),
# and why; the other clusters of the dataset are not, for the reason given.
POLITICAL_CLUSTERS = {
    "clinton blames comey": "a candidate blames the FBI director for her defeat (ACCUSE)",
    "clinton clear": "the FBI ends an investigation of a candidate; the campaigns react (ACCUSE, REJECT)",
    "consulate attack": "the Taliban attack a German consulate (ASSAULT, political violence)",
    "gaga protests": "protests against a president-elect (PROTEST)",
    "seattle shooting": "a shooting next to an anti-Trump protest; the protest is the political part",
    "trump and obama": "the outgoing and the incoming president meet (CONSULT)",
}
NOT_POLITICAL_CLUSTERS = {
    "china well": "a child is rescued from a well (an accident and a rescue)",
    "cubs win championship": "baseball",
    "f1": "motor racing",
    "toberone-gate": "a chocolate bar changes shape (consumer news)",
    "tram": "a tram derails (an accident)",
    "tram victims": "the victims of that accident",
}


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
    half = {name: i % 2 for i, name in enumerate(sorted({c for c in clusters.values() if c is not None}))}
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
    political = [per_cluster[c] for c in sorted(per_cluster) if c in POLITICAL_CLUSTERS]
    political_hit, political_total = sum(h for h, _ in political), sum(n for _, n in political)
    return {
        "same_cluster_share": round(same_hit / same_total, 4) if same_total else None,
        "same_cluster_pairs": same_total,
        "political_cluster_share": round(political_hit / political_total, 4) if political_total else None,
        "political_cluster_pairs": f"{political_hit}/{political_total}",
        "different_cluster_apart": round(diff_apart / diff_total, 4) if diff_total else None,
        "different_cluster_pairs": diff_total,
        "per_cluster": {c: f"{hit}/{n}" for c, (hit, n) in sorted(per_cluster.items())},
        "halves": _halves(per_cluster, half),
        "confused_clusters": dict(confused.most_common(8)),
    }


def _halves(per_cluster: dict[str, list[int]], half: dict[str, int]) -> dict[str, str]:
    """Same-cluster share of the even-position (tuning) and odd-position (check) clusters."""
    found = {}
    for name, parity in (("even", 0), ("odd", 1)):
        hit = sum(h for c, (h, _) in per_cluster.items() if half[c] == parity)
        total = sum(n for c, (_, n) in per_cluster.items() if half[c] == parity)
        found[name] = f"{hit / total:.3f} ({hit}/{total})" if total else "-"
    return found


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


def analyses_of(folder: Path, cache: Path | None = None) -> tuple[dict[str, str | None], list[Analysis]]:
    """Each article's cluster and its analysis; with ``cache``, read from / written to that JSON-lines
    file."""
    if cache is not None and cache.exists():
        rows = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines() if line]
        analyses = [Analysis.from_json(r["analysis"]) for r in rows]
        return {a.article.id: r["cluster"] for r, a in zip(rows, analyses, strict=True)}, analyses
    from eventwire import pipeline

    items, _ = read_articles(Path(folder))
    analyses = list(pipeline.analyze_many(a for _, a in items))
    if cache is not None:
        lines = (json.dumps({"cluster": c, "analysis": a.to_json()}, ensure_ascii=False) + "\n"
                 for (c, _), a in zip(items, analyses, strict=True))
        cache.write_text("".join(lines), encoding="utf-8")
    return {a.id: c for c, a in items}, analyses


def mentions_of(analyses: list[Analysis], rules: canonical.Rules) -> dict[str, list[canonical.Mention]]:
    """The mentions the store would build, by article id."""
    return {a.article.id: [canonical.Mention.of_event(f"{a.article.id}/{ev.id}", ev, a.article, rules,
                                                      a.entities) for ev in a.events] for a in analyses}


def _rank(decision: canonical.Decision, a: canonical.Mention, b: canonical.Mention) -> tuple[int, float]:
    """How close a pair came to merging: the gate that refused it (later is closer), then similarity."""
    return (len(GATES) if decision.merge else GATES.index(decision.gate), canonical.similarity(a, b)[0])


def explain(clusters: dict[str, str | None], analyses: list[Analysis],
            rules: canonical.Rules | None = None) -> dict[str, Any]:
    """Canonical events rebuilt in memory, the pairwise figures, and why same-cluster pairs stay apart.

    Every pair of mentions from different articles is judged (no blocking), which links exactly what the
    store links; the components are the canonical events. For each same-cluster article pair sharing
    none, the closest mention pair is reported with the rule that refused it.
    """
    rules = rules or canonical.load()
    by_article = mentions_of(analyses, rules)
    every = [m for ms in by_article.values() for m in ms]
    links = []
    decisions: dict[tuple[str, str], tuple[canonical.Decision, canonical.Mention, canonical.Mention]] = {}
    for i, a in enumerate(every):
        for b in every[i + 1:]:
            if a.article_id == b.article_id:
                continue
            first, second = sorted((a, b), key=lambda m: m.id)
            decision = canonical.compare(first, second, rules)
            if decision.merge:
                links.append((first.id, second.id))
            key = (min(a.article_id, b.article_id), max(a.article_id, b.article_id))
            if clusters.get(key[0]) is not None and clusters.get(key[0]) == clusters.get(key[1]):
                best = decisions.get(key)
                if best is None or _rank(decision, first, second) > _rank(*best):
                    decisions[key] = (decision, first, second)
    members: dict[str, set[str]] = {}
    groups = canonical.components([m.id for m in every], links)
    for group in groups:
        members[group[0]] = {m.rsplit("/", 1)[0] for m in group}
    shared: Counter[tuple[str, str]] = Counter()
    for articles in members.values():
        for pair in combinations(sorted(articles), 2):
            shared[pair] += 1
    refused: list[dict[str, Any]] = []
    for a, b in combinations(sorted(clusters), 2):
        if clusters[a] is None or clusters[a] != clusters[b] or shared.get((a, b)):
            continue
        if not by_article[a] or not by_article[b]:
            refused.append({"pair": f"{a} / {b}", "cluster": clusters[a], "gate": "no-event"})
            continue
        if (a, b) not in decisions:
            continue
        decision, first, second = decisions[(a, b)]
        refused.append({
            "pair": f"{a} / {b}", "cluster": clusters[a], "gate": decision.gate or "chain",
            "reasons": decision.reasons, "similarity": round(canonical.similarity(first, second)[0], 2),
            "a": f"{first.type} {first.modality} {first.lo}..{first.hi} "
                 f"{_who(first)}: {first.evidence[:160]}",
            "b": f"{second.type} {second.modality} {second.lo}..{second.hi} "
                 f"{_who(second)}: {second.evidence[:160]}",
        })
    return {
        **pair_scores(clusters, shared),
        "links": len(links),
        "mentions": len(every),
        "canonical_events": len(groups),
        "refusals": dict(Counter(r["gate"] for r in refused).most_common()),
        "refusals_political": dict(Counter(r["gate"] for r in refused
                                           if r["cluster"] in POLITICAL_CLUSTERS).most_common()),
        "pairs": refused,
    }


def _who(m: canonical.Mention) -> str:
    """Actors -> recipients of a mention, for reading a refusal."""
    names = [", ".join(p["name"] for p in people) for people in (m.actors, m.recipients)]
    return " -> ".join(names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eventwire.evaluate.giveme5w1h", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--pairs", action="store_true",
                        help="in memory: figures, and why each same-cluster pair shares no canonical event")
    parser.add_argument("--analyses", type=Path, help="JSON-lines cache of the pipeline output (--pairs)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    folder = args.folder
    if not (folder / "data").is_dir():
        print(f"skipped: no Giveme5W1H data in {folder} (expected {folder}/data/*.json)", file=sys.stderr)
        return 0
    if args.pairs:
        print(json.dumps(explain(*analyses_of(folder, args.analyses)), indent=2, ensure_ascii=False))
    else:
        print(json.dumps(evaluate_dir(folder), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
