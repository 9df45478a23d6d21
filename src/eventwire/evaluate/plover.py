"""Score the event layer on PLOVER gold standard records (``PLOVER_GSR_CAMEO*.json``).

Each gold record is one sentence with one coded event (PLOVER type, source and target actors with
CAMEO-style country codes). We run the full pipeline (``pipeline.analyze``) on an Article made of the
record's text and date and compare the event that best matches the gold event text.

The gold file predates PLOVER 0.8; its older categories are mapped as the PLOVER manual does:
DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, FIGHT -> ASSAULT, INVESTIGATE -> ACCUSE. DOCUMENT records
(file documentation) are skipped.

Reported figures:
- ``event_type_accuracy``: records whose chosen event has the gold type, over all scored records
  (a record with no event counts as wrong); ``event_type_accuracy_when_coded`` over records with events;
- ``actor_country_accuracy`` / ``recipient_country_accuracy``: over records whose gold source / target
  gives a country (or ``IGO``) code, the share where a predicted actor / recipient has that country
  (IGOs such as NATO or UN count as ``IGO``);
- ``no_event_precision``: of the records where we code no event, the share that gold codes as having no
  event (None when we code an event everywhere; this gold file has no no-event records, so any
  no-event prediction is a miss);
- ``event_precision``: of all events we code, the share whose type equals the record's gold type.

Run: ``python -m eventwire.evaluate.plover FILE`` (prints the dict as JSON).
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pycountry

from eventwire.model import Article, Event

OLD_TO_NEW = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
CAMEO_COUNTRY_FIXES = {"JAP": "JPN"}  # CAMEO country codes that differ from ISO 3166 alpha-3
NO_EVENT = {"NONE", "NOEVENT", "NO_EVENT", "NULL"}


def gold_type(record: dict[str, Any]) -> str:
    kind = str(record.get("event", "")).upper()
    return OLD_TO_NEW.get(kind, kind)


def gold_countries(actors: object) -> set[str]:
    """Country codes of a gold source/target list (ISO3 or IGO); agents without one are ignored."""
    found = set()
    for actor in actors if isinstance(actors, list) else []:
        code = str((actor or {}).get("code") or "").upper()[:3]
        code = CAMEO_COUNTRY_FIXES.get(code, code)
        if code == "IGO" or pycountry.countries.get(alpha_3=code) is not None:
            found.add(code)
    return found


def predicted_country(country: str | None) -> str | None:
    if not country:
        return None
    return country if pycountry.countries.get(alpha_3=country) is not None else "IGO"


def choose(events: list[Event], event_text: str) -> Event | None:
    """The event whose trigger shares most words with the gold event text, else the most confident."""
    if not events:
        return None
    gold_words = {w.lower() for w in event_text.split()}

    def overlap(ev: Event) -> int:
        return len({w.lower() for w in ev.trigger.text.split()} & gold_words)

    return max(events, key=lambda ev: (overlap(ev), ev.confidence, -ev.trigger.start))


def evaluate_records(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Score already loaded gold records (see the module docstring for the figures)."""
    from eventwire.pipeline import analyze

    scored = typed = coded = 0
    actor_total = actor_ok = recip_total = recip_ok = 0
    none_predicted = none_correct = 0
    all_events = all_events_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    for record in records:
        kind = gold_type(record)
        if kind == "DOCUMENT" or not record.get("text"):
            continue
        scored += 1
        day = date.fromisoformat(record.get("date") or "2000-01-01")
        article = Article(id=str(record.get("id")), date=day, text=record["text"])
        events = analyze(article).events
        all_events += len(events)
        all_events_ok += sum(ev.type == kind for ev in events)
        if not events:
            none_predicted += 1
            none_correct += kind in NO_EVENT
            confusion[(kind, "-")] += 1
            continue
        coded += 1
        best = choose(events, str(record.get("eventText", "")))
        assert best is not None
        typed += best.type == kind
        confusion[(kind, best.type)] += 1
        for gold_side, predicted, counters in (
            (record.get("source"), best.actors, "actor"),
            (record.get("target"), best.recipients, "recipient"),
        ):
            gold = gold_countries(gold_side)
            if not gold:
                continue
            hit = bool(gold & {predicted_country(p.country) for p in predicted})
            if counters == "actor":
                actor_total, actor_ok = actor_total + 1, actor_ok + hit
            else:
                recip_total, recip_ok = recip_total + 1, recip_ok + hit
    ratio = lambda a, b: round(a / b, 4) if b else None  # noqa: E731
    return {
        "records": scored,
        "records_with_events": coded,
        "event_type_accuracy": ratio(typed, scored),
        "event_type_accuracy_when_coded": ratio(typed, coded),
        "actor_country_accuracy": ratio(actor_ok, actor_total),
        "actor_country_records": actor_total,
        "recipient_country_accuracy": ratio(recip_ok, recip_total),
        "recipient_country_records": recip_total,
        "no_event_precision": ratio(none_correct, none_predicted),
        "no_event_predicted": none_predicted,
        "event_precision": ratio(all_events_ok, all_events),
        "events": all_events,
        "category_mapping": dict(OLD_TO_NEW),
        "confusion": {f"{g}->{p}": n for (g, p), n in sorted(confusion.items())},
        "seconds": round(time.perf_counter() - started, 2),
    }


def evaluate_file(path: Path) -> dict[str, Any]:
    """Score the event layer on one PLOVER gold JSON file (a list of records)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    records = data if isinstance(data, list) else data.get("records", [])
    result = evaluate_records(records)
    result["file"] = str(path)
    return result


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m eventwire.evaluate.plover FILE", file=sys.stderr)
        return 2
    print(json.dumps(evaluate_file(Path(args[0])), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
