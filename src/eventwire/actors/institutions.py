"""Named bodies from ``data/institutions.yaml`` (ministries, armies, armed groups, IGOs, NGOs) and the
government seats of ``countries.yaml``, as one table from surface form to actor.

Users add files of the same schema with ``load_extra(path)`` or the ``EVENTWIRE_INSTITUTIONS``
variable (paths separated by ``os.pathsep``); their names win over the shipped ones.

Matching is by exact token sequence (case-sensitive, as news writes names), so "Hamas" and "the
Pentagon" are found even where the statistical NER missed them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from eventwire.actors import lexicon
from eventwire.actors.lexicon import DATA, LexiconError
from eventwire.actors.titles import titles
from eventwire.actors.userfiles import UserFiles


@dataclass(frozen=True, slots=True)
class Institution:
    """A named body: ``country`` is an ISO3, an IGO/NGO code, or None (filled from the text)."""

    name: str
    country: str | None
    sector: str | None
    kind: str = "organization"
    igo: bool = False
    periods: tuple[tuple[date, str], ...] = ()  # (from date, sector) changes, in date order
    leaders: tuple[str, ...] = ()

    def sector_at(self, when: date) -> str | None:
        """The sector on a date: the latest period that has started, else the base sector."""
        sector = self.sector
        for start, later in self.periods:
            if when >= start:
                sector = later
        return sector


def _names(entry: dict, where: str) -> list[str]:
    names = entry.get("names")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise LexiconError(f"{where}: names must be a non-empty list of strings")
    return names


def load_institutions(path: Path, text: str | None = None) -> dict[str, Institution]:
    """Read and validate one institutions file: surface form -> institution."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8") if text is None else text) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping with national, igos and/or ngos lists")
    sectors = titles().sectors
    isos = {c.iso3 for c in lexicon.countries()}
    table: dict[str, Institution] = {}
    for i, entry in enumerate(data.get("national") or []):
        where = f"{path} national entry {i}"
        names = _names(entry, where)
        country, sector, kind = entry.get("country"), entry.get("sector"), entry.get("kind", "organization")
        if country is not None and country not in isos:
            raise LexiconError(f"{where}: unknown country {country!r}")
        if sector not in sectors:
            raise LexiconError(f"{where}: unknown sector {sector!r}")
        if kind not in ("organization", "group"):
            raise LexiconError(f"{where}: kind must be organization or group")
        periods = []
        for p in entry.get("periods") or []:
            if not (isinstance(p, dict) and isinstance(p.get("start"), date) and p.get("sector") in sectors):
                raise LexiconError(f"{where}: each period needs a start date and a known sector")
            periods.append((p["start"], p["sector"]))
        inst = Institution(names[0], country, sector, kind, False, tuple(sorted(periods)))
        table.update(dict.fromkeys(names, inst))
    for group, sector_default in (("igos", "IGO"), ("ngos", "NGO")):
        for i, entry in enumerate(data.get(group) or []):
            where = f"{path} {group} entry {i}"
            names = _names(entry, where)
            code, sector = entry.get("code"), entry.get("sector", sector_default)
            if not (isinstance(code, str) and code.isupper() and code.isalnum()):
                raise LexiconError(f"{where}: code must be upper-case letters/digits, got {code!r}")
            if sector not in sectors:
                raise LexiconError(f"{where}: unknown sector {sector!r}")
            leaders = tuple(entry.get("leaders") or ())
            inst = Institution(names[0], code, sector, "organization", True, (), leaders)
            table.update(dict.fromkeys(names, inst))
    return table


ENV = "EVENTWIRE_INSTITUTIONS"
_files = UserFiles(ENV)


def load_extra(path: str | Path) -> None:
    """Add a user's institutions file (same schema); validated now, its names win over the shipped ones."""
    path = Path(path)
    load_institutions(path, _files.read(path))
    _files.add(path)
    institutions.cache_clear()
    igo_codes.cache_clear()


def user_files() -> UserFiles:
    """The user files of this process, for the CLI (``export``) and batch workers (``snapshot``/``adopt``)."""
    return _files


def adopt(snapshot: dict[str, str]) -> None:
    """Use the institutions files a batch driver sent (path -> text), rebuilding the tables if new."""
    if _files.adopt(snapshot):
        institutions.cache_clear()
        igo_codes.cache_clear()


@cache
def institutions() -> dict[str, Institution]:
    """Every named body, government seats included: surface form -> institution."""
    table = {
        seat: Institution(seat, iso3, "GOV") for seat, iso3 in lexicon.seats().items()
    }
    table.update(load_institutions(DATA / "institutions.yaml"))
    for path in _files.paths():  # EVENTWIRE_INSTITUTIONS first, then files added in this process
        table.update(load_institutions(path, _files.read(path)))
    return table


@cache
def igo_codes() -> frozenset[str]:
    """Codes that may stand where a country code stands (UN, NATO, EU ...)."""
    return frozenset(i.country for i in institutions().values() if i.igo and i.country)
