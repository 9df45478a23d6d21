"""The dated knowledge base of office holders (``data/people/*.yaml``, schema at the top of each file).

Bare names in an article resolve *at the article date*: Putin is Prime Minister of Russia on
2009-06-01 and President on 2022-02-07. ``lookup(name, when)`` is the public entry point (the CLI's
``eventwire actors lookup``); ``load_extra(path)`` adds a user's own file of the same schema.

Office intervals are half-open: ``start`` is the first day in office and ``end`` the first day out
(the successor's ``start``), so consecutive holders never overlap.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from eventwire.actors import lexicon
from eventwire.actors.institutions import igo_codes
from eventwire.actors.lexicon import DATA, LexiconError
from eventwire.actors.titles import titles

Status = Literal["in_office", "former", "future"]


class KBError(LexiconError):
    """A people file does not follow its documented schema."""


@dataclass(frozen=True, slots=True)
class Office:
    office: str
    country: str
    start: date
    end: date | None
    sector: str
    role: str | None
    shared: bool = False

    def active(self, when: date) -> bool:
        return self.start <= when and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    variants: tuple[str, ...]
    short: tuple[str, ...]
    offices: tuple[Office, ...]
    source: str  # file the entry came from, for error messages

    def offices_at(self, when: date) -> list[Office]:
        return [o for o in self.offices if o.active(when)]


@dataclass(frozen=True, slots=True)
class Match:
    """A person the name may mean on the date, with the office that makes them relevant then."""

    person: Person
    office: Office | None  # the office held on the date; else the last one before it; else the first
    status: Status

    @property
    def country(self) -> str | None:
        return self.office.country if self.office else None

    @property
    def sector(self) -> str | None:
        """GOV etc. while in office, ELI (former elite) after it, None before the first office."""
        if self.office is None or self.status == "future":
            return None
        return self.office.sector if self.status == "in_office" else "ELI"

    @property
    def role(self) -> str | None:
        if self.office is None or self.status == "future":
            return None
        return self.office.role if self.status == "in_office" else f"former {self.office.role}"


def normalize(name: str) -> str:
    """Fold case, accents, dots and hyphens: "ZELENSKYY"/"Zelenskyy", "Kim Jong-un"/"Kim Jong Un" meet."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.casefold().replace("-", " ").replace(".", " ").replace("\u2019", "'")
    return " ".join(folded.split())


def _date(value: object, where: str, key: str, required: bool) -> date | None:
    if value is None and not required:
        return None
    if not isinstance(value, date):
        expected = "a date YYYY-MM-DD" + ("" if required else " or null")
        raise KBError(f"{where}: {key} must be {expected}, got {value!r}")
    return value


def _office(entry: object, where: str) -> Office:
    if not isinstance(entry, dict):
        raise KBError(f"{where}: an office must be a mapping")
    tt = titles()
    office, country = entry.get("office"), entry.get("country")
    if office not in tt.by_office:
        raise KBError(f"{where}: office {office!r} is not defined in titles.yaml")
    known = {c.iso3 for c in lexicon.countries()} | igo_codes()
    if country not in known:
        raise KBError(f"{where}: country {country!r} is neither an ISO3 in countries.yaml nor an IGO code")
    start = _date(entry.get("start"), where, "start", True)
    end = _date(entry.get("end"), where, "end", False)
    assert start is not None
    if end is not None and end <= start:
        raise KBError(f"{where}: end {end} is not after start {start}")
    title = tt.by_office[office]
    sector = entry.get("sector", title.sector)
    if sector not in tt.sectors:
        raise KBError(f"{where}: unknown sector {sector!r}")
    role = entry.get("role")
    if role is None:
        role = title.role_for(lexicon.display_name(country))
    return Office(office, country, start, end, sector, role, bool(entry.get("shared", False)))


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    value = value or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KBError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(value)


def load_people(path: Path) -> list[Person]:
    """Read and validate one people file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = data.get("people")
    if not isinstance(entries, list):
        raise KBError(f"{path}: top-level key 'people' must hold a list")
    found = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise KBError(f"{path} entry {i}: a person needs a name")
        where = f"{path} entry {i} ({entry['name']})"
        variants = _strings(entry.get("variants"), where, "variants")
        if "short" in entry:
            short = _strings(entry.get("short"), where, "short")
        else:
            short = tuple(dict.fromkeys(n.split()[-1] for n in (entry["name"], *variants) if " " in n))
        offices = entry.get("offices")
        if not isinstance(offices, list) or not offices:
            raise KBError(f"{where}: offices must be a non-empty list")
        parsed = tuple(sorted((_office(o, f"{where} office {j}") for j, o in enumerate(offices)),
                              key=lambda o: o.start))
        found.append(Person(entry["name"], variants, short, parsed, str(path)))
    return found


_extra: list[Path] = []


def load_extra(path: str | Path) -> None:
    """Add a user's people file (same schema) to the knowledge base; validated now, used from now on."""
    path = Path(path)
    load_people(path)
    _extra.append(path)
    _index.cache_clear()


@cache
def people() -> tuple[Person, ...]:
    """Every person of the shipped files."""
    return tuple(p for path in sorted((DATA / "people").glob("*.yaml")) for p in load_people(path))


@dataclass(frozen=True, slots=True)
class _Index:
    persons: tuple[Person, ...]
    full: dict[str, tuple[Person, ...]]
    short: dict[str, tuple[Person, ...]]


@cache
def _index() -> _Index:
    persons = list(people()) + [p for path in _extra for p in load_people(path)]
    full: dict[str, list[Person]] = defaultdict(list)
    short: dict[str, list[Person]] = defaultdict(list)
    for person in persons:
        for name in dict.fromkeys(normalize(n) for n in (person.name, *person.variants)):
            full[name].append(person)
        for name in dict.fromkeys(normalize(n) for n in person.short):
            short[name].append(person)
    return _Index(tuple(persons), {k: tuple(v) for k, v in full.items()},
                  {k: tuple(v) for k, v in short.items()})


def all_people() -> tuple[Person, ...]:
    """Shipped and user-added persons."""
    return _index().persons


def match(person: Person, when: date) -> Match:
    """Where a person stands on a date: in office (the most senior office held), former, or future."""
    held = person.offices_at(when)
    if held:
        # The most senior office: by rank, then by the order of titles.yaml (president before premier).
        ranks = {"leader": 0, "minister": 1, "official": 2, "other": 3}
        by_office = titles().by_office
        order = {name: i for i, name in enumerate(by_office)}
        best = min(held, key=lambda o: (ranks[by_office[o.office].rank], order[o.office]))
        return Match(person, best, "in_office")
    before = [o for o in person.offices if o.start <= when]
    if before:
        return Match(person, before[-1], "former")
    return Match(person, person.offices[0], "future")


def lookup(name: str, when: date) -> list[Match]:
    """Who ``name`` can mean on ``when``: full names first, else short forms; office holders first.

    A short form shared by several people ("Sharif") returns all of them; callers decide with the
    rest of the text.
    """
    index = _index()
    key = normalize(name)
    persons = index.full.get(key) or index.short.get(key) or ()
    order = {"in_office": 0, "former": 1, "future": 2}
    return sorted((match(p, when) for p in persons), key=lambda m: order[m.status])


def holders(country: str, office: str, when: date) -> list[Person]:
    """Who holds ``office`` in ``country`` on ``when`` (used for "his Russian counterpart")."""
    return [p for p in all_people() for o in p.offices if o.country == country and o.office == office
            and o.active(when)]


def problems() -> list[str]:
    """Overlapping holders of a single-holder office (the validation test asserts this is empty)."""
    spans: dict[tuple[str, str], list[tuple[Office, Person]]] = defaultdict(list)
    for person in all_people():
        for office in person.offices:
            if not office.shared:
                spans[(office.country, office.office)].append((office, person))
    found = []
    far = date.max
    for (country, office), held in spans.items():
        held.sort(key=lambda pair: pair[0].start)
        for (a, pa), (b, pb) in itertools.pairwise(held):
            if (a.end or far) > b.start:
                found.append(f"{country} {office}: {pa.name} ({a.start}..{a.end}) overlaps "
                             f"{pb.name} ({b.start}..{b.end})")
    return found
