"""Country accuracy of source/target actors on the PLOVER gold standard records.

``python -m eventwire.actors.gsr PATH/PLOVER_GSR_CAMEO.dev.json [-v]`` parses each record's sentence,
resolves its entities at the record's date, and checks, for every gold source/target actor whose code
names a country or an IGO, that the entity covering the actor's text has that country. Gold codes are
CAMEO's, which differ from ISO3 in a few places (JAP, VTN); ``CAMEO_TO_ISO3`` maps them.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from eventwire import nlp
from eventwire.actors import lexicon
from eventwire.actors.institutions import igo_codes
from eventwire.actors.resolve import resolve
from eventwire.model import Entity

CAMEO_TO_ISO3 = {"JAP": "JPN", "VTN": "VNM", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS", "KSV": "XKX"}
NOT_COUNTRIES = {"NGO", "IMG", "ISM", "MNC", "UIS"}


@dataclass(slots=True)
class Score:
    total: int = 0
    correct: int = 0
    missing: int = 0  # no entity covers the actor's text, or it has no country

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def _covering(entities: list[Entity], start: int, end: int) -> Entity | None:
    """The entity whose mention overlaps the gold span, preferring one with a country, then the head."""
    best, best_key = None, None
    for ent in entities:
        for m in ent.mentions:
            if m.start < end and start < m.end:
                key = (ent.country is not None, m.end)
                if best_key is None or key > best_key:
                    best, best_key = ent, key
    return best


def score(records: list[dict], verbose: bool = False) -> Score:
    result = Score()
    isos = {c.iso3 for c in lexicon.countries()}
    for rec in records:
        text = rec.get("text")
        if not text:
            continue
        day = date.fromisoformat(rec.get("date") or "2000-01-01")
        entities = resolve(nlp.parse(text), day)
        for role in ("source", "target"):
            actors = rec.get(role)
            if not isinstance(actors, list):
                continue
            for actor in actors:
                gold = CAMEO_TO_ISO3.get(actor.get("code", ""), actor.get("code", ""))
                if gold in NOT_COUNTRIES or not (gold in isos or gold == "IGO"):
                    continue
                words = actor.get("actorText") or ""
                at = text.find(words) if words else -1
                if at < 0:
                    at = text.lower().find(words.lower())
                if at < 0:
                    continue
                result.total += 1
                ent = _covering(entities, at, at + len(words))
                got = ent.country if ent else None
                ok = got in igo_codes() if gold == "IGO" else got == gold
                result.correct += ok
                result.missing += got is None
                if verbose and not ok:
                    print(f"{rec['id']} {role}: {words!r} gold {gold} got {got} ({ent.name if ent else '-'})")
    return result


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    records = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    result = score(records, verbose="-v" in argv)
    print(f"actors with a country/IGO gold code: {result.total}; country correct: {result.correct} "
          f"({result.accuracy:.1%}); no country found: {result.missing}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
