"""The dated knowledge base of office holders (``data/people/*.yaml``, schema at the top of each file).

Bare names in an article resolve *at the article date*: Putin is Prime Minister of Russia on
2009-06-01 and President on 2022-02-07. ``lookup(name, when)`` is the public entry point (the CLI's
``eventwire actors lookup``); ``load_extra(path)`` adds a user's own file of the same schema, as YAML
or as CSV (one row per office; docs/actors.md). Files named in ``EVENTWIRE_PEOPLE`` (``os.pathsep``
separated) are read whenever the index is built, so worker processes see their parent's files; a user's
person replaces a shipped person of the same name.

Office intervals are half-open: ``start`` is the first day in office and ``end`` the first day out
(the successor's ``start``), so consecutive holders never overlap.
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
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
from eventwire.actors.userfiles import UserFiles

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


def _person(entry: dict, where: str, office_wheres: list[str], source: Path) -> Person:
    """One validated person from a mapping of the YAML schema (a CSV person is turned into one first)."""
    variants = _strings(entry.get("variants"), where, "variants")
    if "short" in entry:
        short = _strings(entry.get("short"), where, "short")
    else:
        short = tuple(dict.fromkeys(n.split()[-1] for n in (entry["name"], *variants) if " " in n))
    offices = entry.get("offices")
    if not isinstance(offices, list) or not offices:
        raise KBError(f"{where}: offices must be a non-empty list")
    parsed = tuple(sorted((_office(o, w) for o, w in zip(offices, office_wheres, strict=True)),
                          key=lambda o: o.start))
    return Person(entry["name"], variants, short, parsed, str(source))


def _yaml_people(text: str, path: Path) -> list[Person]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise KBError(f"{path}: not valid YAML: {exc}") from exc
    entries = data.get("people") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise KBError(f"{path}: top-level key 'people' must hold a list")
    found = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise KBError(f"{path} entry {i}: a person needs a name")
        where = f"{path} entry {i} ({entry['name']})"
        offices = entry.get("offices")
        wheres = [f"{where} office {j}" for j in range(len(offices))] if isinstance(offices, list) else []
        found.append(_person(entry, where, wheres, path))
    return found


#: Columns of a CSV people file (see docs/actors.md): one row per office, a person's rows share the name.
CSV_COLUMNS = ("name", "variants", "short", "office", "country", "start", "end", "sector", "role", "shared")
CSV_REQUIRED = ("name", "office", "country", "start")
_TRUE, _FALSE = ("true", "yes", "1"), ("false", "no", "0", "")


def _csv_cell_date(cell: str) -> object:
    """A date when the cell is YYYY-MM-DD; else the text itself, for ``_date`` to reject by name."""
    try:
        return date.fromisoformat(cell)
    except ValueError:
        return cell


def _csv_people(text: str, path: Path) -> list[Person]:
    """Rows (one per office) grouped by name into YAML-schema mappings, then validated like YAML.

    Lines whose first cell starts with "#" and empty lines are skipped, so a file can carry its own
    header comment. Errors name the row by its line number (the header line is row 1 when it is first).
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] | None = None
    persons: dict[str, dict] = {}
    rows: dict[str, list[int]] = {}
    for cells in reader:
        row = reader.line_num
        if not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            unknown = [c for c in header if c not in CSV_COLUMNS]
            missing = [c for c in CSV_REQUIRED if c not in header]
            if unknown or missing or len(set(header)) != len(header):
                raise KBError(f"{path} row {row}: the header must name columns of {', '.join(CSV_COLUMNS)} "
                              f"once each (required: {', '.join(CSV_REQUIRED)}); "
                              f"unknown: {unknown or 'none'}, missing: {missing or 'none'}")
            continue
        if len(cells) > len(header):
            raise KBError(f"{path} row {row}: {len(cells)} cells for {len(header)} columns")
        cells += [""] * (len(header) - len(cells))  # editors drop trailing empty cells
        cell = {k: v.strip() for k, v in zip(header, cells, strict=True)}
        name = cell["name"]
        if not name:
            raise KBError(f"{path} row {row}: a person needs a name")
        where = f"{path} row {row} ({name})"
        entry = persons.setdefault(name, {"name": name, "variants": [], "offices": []})
        rows.setdefault(name, []).append(row)
        entry["variants"] += [v.strip() for v in cell.get("variants", "").split("|") if v.strip()]
        short = cell.get("short", "")
        if short == "-":  # "-" = known by full name only (YAML: short: [])
            entry.setdefault("short", [])
        elif short:
            entry.setdefault("short", []).extend(v.strip() for v in short.split("|") if v.strip())
        shared = cell.get("shared", "").lower()
        if shared not in _TRUE + _FALSE:
            raise KBError(f"{where}: shared must be true or false, got {cell['shared']!r}")
        office: dict[str, object] = {
            "office": cell["office"] or None,
            "country": cell["country"] or None,
            "start": _csv_cell_date(cell["start"]) if cell["start"] else None,
            "end": _csv_cell_date(cell["end"]) if cell.get("end") else None,
            "shared": shared in _TRUE,
        }
        office.update({k: cell[k] for k in ("sector", "role") if cell.get(k)})
        entry["offices"].append(office)
    if header is None:
        raise KBError(f"{path}: no header row (columns {', '.join(CSV_COLUMNS)})")
    found = []
    for name, entry in persons.items():
        entry["variants"] = list(dict.fromkeys(entry["variants"]))
        if "short" in entry:
            entry["short"] = list(dict.fromkeys(entry["short"]))
        lines = rows[name]
        found.append(_person(entry, f"{path} row {lines[0]} ({name})",
                             [f"{path} row {r} ({name})" for r in lines], path))
    return found


def to_csv(persons: Iterable[Person]) -> str:
    """Persons as a CSV people file (every value explicit): a start for a user's own file, e.g. to
    correct shipped entries, and the inverse of the CSV reader (``load_people`` gives them back)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for person in persons:
        for o in person.offices:
            writer.writerow([person.name, "|".join(person.variants), "|".join(person.short) or "-", o.office,
                             o.country, o.start.isoformat(), o.end.isoformat() if o.end else "", o.sector,
                             o.role or "", "true" if o.shared else ""])
    return buffer.getvalue()


def load_people(path: Path, text: str | None = None) -> list[Person]:
    """Read and validate one people file: YAML (.yaml, .yml) or CSV (.csv), chosen by suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise KBError(f"{path}: a people file must be .yaml, .yml or .csv")
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise KBError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return _csv_people(text, path) if suffix == ".csv" else _yaml_people(text, path)


ENV = "EVENTWIRE_PEOPLE"
_files = UserFiles(ENV)


def load_extra(path: str | Path) -> None:
    """Add a user's people file (YAML or CSV, same schema); validated now, used from now on.

    A user's person replaces a shipped (or earlier user) person of the same name; see ``_index``.
    """
    path = Path(path)
    load_people(path, _files.read(path))
    _files.add(path)
    _index.cache_clear()


def user_files() -> UserFiles:
    """The user files of this process, for the CLI (``export``) and batch workers (``snapshot``/``adopt``)."""
    return _files


def adopt(snapshot: dict[str, str]) -> None:
    """Use the people files a batch driver sent (path -> text), rebuilding the index if they are new."""
    if _files.adopt(snapshot):
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
    """The look-up tables over shipped and user persons (rebuilt when a user file is added).

    User files (``EVENTWIRE_PEOPLE`` first, then those added in this process) come after the shipped
    ones, and a user's person *replaces* every earlier person whose name or variant is the user's name:
    that is how a user corrects an office or a date of ours. A new person whose short form is also a
    shipped person's is simply one more person of that short name.
    """
    persons: list[Person | None] = list(people())
    owners: dict[str, list[int]] = defaultdict(list)  # full name -> indexes of the persons it names
    extra_paths = _files.paths()
    for i, person in enumerate(persons if extra_paths else ()):
        assert person is not None
        for name in {normalize(n) for n in (person.name, *person.variants)}:
            owners[name].append(i)
    for path in extra_paths:
        for person in load_people(path, _files.read(path)):
            for i in owners.pop(normalize(person.name), []):
                persons[i] = None
            for name in {normalize(n) for n in (person.name, *person.variants)}:
                owners[name].append(len(persons))
            persons.append(person)
    full: dict[str, list[Person]] = defaultdict(list)
    short: dict[str, list[Person]] = defaultdict(list)
    kept = [p for p in persons if p is not None]
    for person in kept:
        for name in dict.fromkeys(normalize(n) for n in (person.name, *person.variants)):
            full[name].append(person)
        for name in dict.fromkeys(normalize(n) for n in person.short):
            short[name].append(person)
    return _Index(tuple(kept), {k: tuple(v) for k, v in full.items()},
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
