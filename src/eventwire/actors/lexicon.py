"""Country knowledge shared by the NLP gazetteer and the actor layer, loaded once from ``data/*.yaml``.

The engine is small on purpose: names, variants, demonyms and government seats live in
``data/countries.yaml`` (documented at its top). A malformed entry raises ``LexiconError`` naming the
file and the entry, so a bad user file fails loudly at load time instead of silently coding nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"


class LexiconError(ValueError):
    """A knowledge file does not follow its documented schema."""


@dataclass(frozen=True, slots=True)
class Country:
    iso3: str
    name: str
    variants: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capital: str | None = None
    seats: tuple[str, ...] = field(default=())
    leader: str | None = None  # office of the one "the French leader" means; None: president, else PM
    article: bool = False  # "the United States", "the Netherlands"

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)

    @property
    def leader_offices(self) -> tuple[str, ...]:
        """Offices to try, in order, for a descriptor like "the French leader" with nobody named."""
        if self.leader:
            return (self.leader,)
        return ("president", "prime_minister", "chancellor", "king", "queen", "emir", "supreme_leader")


def _country(entry: object, where: str) -> Country:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: expected a mapping, got {type(entry).__name__}")
    iso3, name = entry.get("iso3"), entry.get("name")
    if not (isinstance(iso3, str) and len(iso3) == 3 and iso3.isupper()):
        raise LexiconError(f"{where}: iso3 must be three capital letters, got {iso3!r}")
    if not isinstance(name, str) or not name:
        raise LexiconError(f"{where}: name is required")
    lists = {}
    for key in ("variants", "demonyms", "seats"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise LexiconError(f"{where}: {key} must be a list of non-empty strings")
        lists[key] = tuple(value)
    leader = entry.get("leader")
    if leader is not None and not (isinstance(leader, str) and leader.isidentifier()):
        raise LexiconError(f"{where}: leader must be an office name such as prime_minister, got {leader!r}")
    article = entry.get("article", False)
    if not isinstance(article, bool):
        raise LexiconError(f"{where}: article must be true or false")
    return Country(iso3=iso3, name=name, capital=entry.get("capital"), leader=leader, article=article,
                   **lists)


def load_countries(path: Path) -> list[Country]:
    """Read and validate one countries file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("countries")
    if not isinstance(entries, list):
        raise LexiconError(f"{path}: top-level key 'countries' must hold a list")
    found = [_country(e, f"{path} entry {i}") for i, e in enumerate(entries)]
    seen: set[str] = set()
    for country in found:
        if country.iso3 in seen:
            raise LexiconError(f"{path}: duplicate iso3 {country.iso3}")
        seen.add(country.iso3)
    return found


@cache
def countries() -> tuple[Country, ...]:
    return tuple(load_countries(DATA / "countries.yaml"))


@cache
def country_by_name() -> dict[str, str]:
    """Surface form (as written) of a country name or variant -> ISO3."""
    return {name: c.iso3 for c in countries() for name in c.names}


@cache
def demonyms() -> dict[str, str]:
    """Demonym (as written, e.g. "French") -> ISO3."""
    return {d: c.iso3 for c in countries() for d in c.demonyms}


@cache
def by_iso3() -> dict[str, Country]:
    """ISO3 -> country."""
    return {c.iso3: c for c in countries()}


@cache
def capitals() -> dict[str, str]:
    """Capital city (as written) -> ISO3; used for the capital-as-government metonym."""
    return {c.capital: c.iso3 for c in countries() if c.capital}


@cache
def seats() -> dict[str, str]:
    """Government seat (as written, without "the") -> ISO3; always sector GOV."""
    return {s: c.iso3 for c in countries() for s in c.seats}


def display_name(iso3: str) -> str:
    """The country's name as it reads after "of": "the United States", "France", "the Netherlands"."""
    country = by_iso3().get(iso3)
    if country is None:
        return iso3
    return f"the {country.name}" if country.article else country.name
