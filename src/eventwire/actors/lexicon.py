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

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.variants)


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
    return Country(iso3=iso3, name=name, capital=entry.get("capital"), **lists)


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
