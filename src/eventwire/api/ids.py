"""Stable, URL-safe ids for things that have no single row in the store: entities across articles, actors.

An entity is stored once per article (``"<article>/E1"``); the API groups the rows that share name, kind
and country, and needs an id for the group that is the same in every article, across restarts and
re-ingests, and that can sit in a URL without escaping. ``entity_id`` builds it from those three values;
``parse_entity_id`` splits it again so a lookup only has to compare the slugs of one kind and country.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_RUN = re.compile(r"[^a-z0-9]+")
_COUNTRY = re.compile(r"^[A-Z0-9_-]{1,16}$")
KINDS = ("person", "organization", "location", "group")


@lru_cache(maxsize=1 << 16)  # a network names the same few thousand actors over and over
def slug(name: str) -> str:
    """The name lower-cased, accents removed, other characters collapsed into ``-``.

    Folding is lossy for letters without an ASCII form (Cyrillic, Arabic, CJK ...) and for punctuation
    that distinguishes names; whenever the folded form does not spell the whole name, a short hash of the
    exact name is appended so two different names never share a slug.
    """
    folded = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    words = _RUN.sub("-", ascii_only).strip("-")
    # The name is spelled fully by the slug when it only held ASCII letters/digits (after removing
    # accents), single spaces and hyphens; anything else could collide, so it gets a hash suffix.
    plain = re.fullmatch(r"[a-z0-9]+(?:[ -][a-z0-9]+)*", ascii_only) is not None
    if plain and words:
        return words
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return f"{words}-h{digest}" if words else f"h-{digest}"


def country_part(country: str | None) -> str:
    return country if country else "_"


def entity_id(name: str, kind: str, country: str | None) -> str:
    """``<kind>.<COUNTRY or _>.<slug>``, e.g. ``person.FRA.emmanuel-macron``."""
    return f"{kind}.{country_part(country)}.{slug(name)}"


def actor_id(name: str, country: str | None) -> str:
    """A network node: ``<COUNTRY or _>.<slug>`` (participants carry no kind)."""
    return f"{country_part(country)}.{slug(name)}"


def parse_entity_id(value: str) -> tuple[str, str | None, str] | None:
    """``(kind, country or None, slug)`` of an entity id, or None when it is not one."""
    parts = value.split(".", 2)
    if len(parts) != 3 or parts[0] not in KINDS or not _COUNTRY.match(parts[1]) or not parts[2]:
        return None
    kind, country, name_slug = parts
    return kind, (None if country == "_" else country), name_slug
