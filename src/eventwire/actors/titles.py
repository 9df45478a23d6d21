"""Titles, descriptors and speech verbs from ``data/titles.yaml``: what the words around a name say.

A title ("foreign minister", "Kremlin spokesman") gives a person's sector and, with a country, a role;
descriptors ("leader", "counterpart") let a noun phrase stand for an office holder without naming him.
The file is validated on load; errors name the file and the entry (``LexiconError``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from eventwire.actors.lexicon import DATA, LexiconError, countries

RANKS = ("leader", "minister", "official", "other")


@dataclass(frozen=True, slots=True)
class Title:
    """One title: the office it names, its rank and sector, and how to spell the role."""

    words: tuple[str, ...]
    office: str
    rank: str
    sector: str
    role: str | None = None

    def role_for(self, country_name: str | None) -> str | None:
        """The role with the country filled in, or None when the title or the country is missing."""
        if not self.role or not country_name:
            return None
        return self.role.format(country=country_name)


@dataclass(frozen=True, slots=True)
class Titles:
    sectors: dict[str, str]
    by_words: dict[tuple[str, ...], Title]  # lower-case word tuple -> title
    by_office: dict[str, Title]  # office -> its first title
    descriptors: dict[tuple[str, ...], str]  # lower-case word tuple -> rank or "any"
    epithets: dict[tuple[str, ...], str]  # lower-case word tuple -> iso3
    pronouns: frozenset[str]
    speech_verbs: frozenset[str]
    max_words: int
    bodies: dict[str, tuple[str, str]]  # collective noun -> (sector, kind)
    modifiers: frozenset[str]
    former: frozenset[str]
    determiners: frozenset[str]
    region_prefixes: frozenset[str]
    region_suffixes: frozenset[str]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.lower().split())


def _str_list(value: object, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(f"{where}: {key} must be a non-empty list of strings")
    return value


def load_titles(path: Path) -> Titles:
    """Read and validate one titles file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    sectors = data.get("sectors")
    if not isinstance(sectors, dict) or not sectors:
        raise LexiconError(f"{path}: 'sectors' must map sector codes to descriptions")
    by_words: dict[tuple[str, ...], Title] = {}
    by_office: dict[str, Title] = {}
    for i, entry in enumerate(data.get("titles") or []):
        where = f"{path} titles entry {i}"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected a mapping")
        words = _str_list(entry.get("words"), where, "words")
        office, rank, sector = entry.get("office"), entry.get("rank"), entry.get("sector")
        if not (isinstance(office, str) and office.isidentifier()):
            raise LexiconError(f"{where}: office must be a snake_case name, got {office!r}")
        if rank not in RANKS:
            raise LexiconError(f"{where}: rank must be one of {RANKS}, got {rank!r}")
        if sector not in sectors:
            raise LexiconError(f"{where}: sector {sector!r} is not listed under 'sectors'")
        role = entry.get("role")
        if role is not None and (not isinstance(role, str) or "{country}" not in role):
            raise LexiconError(f"{where}: role must be a template containing {{country}}")
        title = Title(tuple(w.lower() for w in words), office, rank, sector, role)
        for w in words:
            key = _words(w)
            if key in by_words:
                raise LexiconError(f"{where}: title words {w!r} already defined")
            by_words[key] = title
        by_office.setdefault(office, title)
    isos = {c.iso3 for c in countries()}
    epithets = {}
    for text, iso3 in (data.get("epithets") or {}).items():
        if iso3 not in isos:
            raise LexiconError(f"{path}: epithet {text!r} names unknown country {iso3!r}")
        epithets[_words(text)] = iso3
    descriptors = {}
    for text, rank in (data.get("descriptors") or {}).items():
        if rank not in (*RANKS, "any"):
            raise LexiconError(f"{path}: descriptor {text!r} has unknown rank {rank!r}")
        descriptors[_words(text)] = rank
    pronouns = frozenset(_str_list(data.get("pronouns"), str(path), "pronouns"))
    verbs = frozenset(_str_list(data.get("speech_verbs"), str(path), "speech_verbs"))
    bodies = {}
    for noun, spec in (data.get("bodies") or {}).items():
        if not (isinstance(spec, dict) and spec.get("sector") in sectors
                and spec.get("kind") in ("group", "organization")):
            raise LexiconError(f"{path}: body {noun!r} needs a known sector and kind group|organization")
        bodies[noun.lower()] = (spec["sector"], spec["kind"])
    longest = max(len(k) for k in (*by_words, *descriptors, *epithets))
    words = {key: frozenset(w.lower() for w in _str_list(data.get(key), str(path), key))
             for key in ("modifiers", "former", "determiners", "region_prefixes", "region_suffixes")}
    return Titles(sectors, by_words, by_office, descriptors, epithets, pronouns, verbs, longest, bodies,
                  **words)


@cache
def titles() -> Titles:
    return load_titles(DATA / "titles.yaml")
