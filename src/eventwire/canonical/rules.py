"""The merging rules of ``canonical/data/rules.yaml``, validated once when first used.

Thresholds and word lists live in the data file so they can be tuned (and documented) without touching the
comparison code; a bad file fails loudly with the file and key named instead of merging wrongly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, get_args

import yaml

from eventwire.events.lexicon import PLOVER_TYPES
from eventwire.model import EntityKind, Modality

RULES_FILE = Path(__file__).parent / "data" / "rules.yaml"
WEIGHT_KEYS = ("type", "participants", "date", "place", "evidence")
DATE_REASONS = ("same-date", "dates-overlap", "article-window")
NAMED_TIES = ("named-participant", "both-named")


class RulesError(ValueError):
    """The rules file is missing a key or holds a value of the wrong kind."""


@dataclass(frozen=True)
class Rules:
    """Everything ``compare`` needs to judge a pair of mentions (see the header of rules.yaml)."""

    modality_classes: dict[str, str]
    symmetric_types: frozenset[str]
    compatible_types: frozenset[frozenset[str]]
    article_window_days: int
    max_span_days: int
    min_similarity: dict[str, float]
    weak_tie_penalty: float
    min_score: float
    weights: dict[str, float]
    min_word_length: int
    suffixes: tuple[str, ...]
    min_stem: int
    name_prefixes: frozenset[str]
    stopwords: frozenset[str]
    reasons: dict[str, str]
    undated_period_days: int
    modality_then: frozenset[tuple[str, str]]
    named_kinds: frozenset[str]
    named_ties: dict[str, float]
    acronym_min_words: int
    acronym_skip: frozenset[str]
    max_place_km: float

    def compatible(self, type_: str) -> list[str]:
        """``type_`` and every type listed as compatible with it (sorted: stable query parameters)."""
        found = {type_}
        for pair in self.compatible_types:
            if type_ in pair:
                found |= pair
        return sorted(found)


def _fail(key: str, message: str, path: Path) -> RulesError:
    return RulesError(f"{path}: {key}: {message}")


def _number(data: dict[str, Any], key: str, path: Path, lo: float, hi: float | None = None) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(key, f"expected a number, got {value!r}", path)
    if value < lo or (hi is not None and value > hi):
        raise _fail(key, f"{value} is outside {lo}..{hi if hi is not None else 'inf'}", path)
    return float(value)


def _words(data: dict[str, Any], key: str, path: Path) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list):
        raise _fail(key, "expected a list of words", path)
    for i, word in enumerate(value):
        if not isinstance(word, str) or not word:
            # YAML reads bare yes/no/on/off as booleans: the word must be quoted.
            raise _fail(f"{key}[{i}]", f"expected a non-empty string, got {word!r} (quote it)", path)
    return value


def _known(types: list[str], key: str, path: Path) -> None:
    unknown = [t for t in types if t not in PLOVER_TYPES]
    if unknown:
        raise _fail(key, f"unknown PLOVER type {unknown[0]!r} (one of {', '.join(PLOVER_TYPES)})", path)


def _modality_then(data: dict[str, Any], classes: set[str], path: Path) -> frozenset[tuple[str, str]]:
    """The ``modality_then`` pairs [earlier class, later class], each a known modality class."""
    pairs = data.get("modality_then")
    if not isinstance(pairs, list):
        raise _fail("modality_then", "expected a list of [class, class] pairs", path)
    for i, pair in enumerate(pairs):
        if not (isinstance(pair, list) and len(pair) == 2 and set(pair) <= classes and pair[0] != pair[1]):
            raise _fail(f"modality_then[{i}]", f"expected two different classes of {sorted(classes)}", path)
    return frozenset(tuple(p) for p in pairs)


def parse(data: Any, path: Path = RULES_FILE) -> Rules:
    """Validate the YAML content ``data`` (read from ``path``) into ``Rules``."""
    if not isinstance(data, dict):
        raise RulesError(f"{path}: expected a mapping at the top level")
    classes = data.get("modality_classes")
    if not isinstance(classes, dict) or not all(isinstance(v, str) for v in classes.values()):
        raise _fail("modality_classes", "expected {modality: class}", path)
    missing = set(get_args(Modality)) - set(classes)
    if missing:
        raise _fail("modality_classes", f"no class for {sorted(missing)}", path)
    pairs = data.get("compatible_types")
    if not isinstance(pairs, list):
        raise _fail("compatible_types", "expected a list of [TYPE, TYPE] pairs", path)
    compatible = set()
    for i, pair in enumerate(pairs):
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(t, str) for t in pair)):
            raise _fail(f"compatible_types[{i}]", f"expected [TYPE, TYPE], got {pair!r}", path)
        if pair[0] == pair[1]:
            raise _fail(f"compatible_types[{i}]", "a type is always compatible with itself", path)
        _known(pair, f"compatible_types[{i}]", path)
        compatible.add(frozenset(pair))
    weights = data.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(WEIGHT_KEYS):
        raise _fail("weights", f"expected exactly the keys {list(WEIGHT_KEYS)}", path)
    for key in WEIGHT_KEYS:
        _number(weights, key, path, 0.0)
    if sum(weights.values()) <= 0:
        raise _fail("weights", "at least one weight must be positive", path)
    reasons = data.get("reasons")
    if not isinstance(reasons, dict) or not all(isinstance(v, str) for v in reasons.values()):
        raise _fail("reasons", "expected {name: explanation}", path)
    needed = {"same-type", "same-cameo-root", "compatible-types", "same-date", "dates-overlap",
              "article-window", "same-country", "place-unknown", "similar-evidence"}
    needed |= {f"shared-{kind}{swap}" for kind in ("name", "head", "description", "code")
               for swap in ("", "-swapped")} | set(NAMED_TIES)
    if needed - set(reasons):
        raise _fail("reasons", f"missing {sorted(needed - set(reasons))}", path)
    suffixes = _words(data, "suffixes", path)
    _known(_words(data, "symmetric_types", path), "symmetric_types", path)
    levels = data.get("min_similarity")
    if not isinstance(levels, dict) or set(levels) != set(DATE_REASONS):
        raise _fail("min_similarity", f"expected exactly the keys {list(DATE_REASONS)}", path)
    similarity = {key: _number(levels, key, path, 0.0, 1.0) for key in DATE_REASONS}
    kinds = _words(data, "named_kinds", path)
    if set(kinds) - set(get_args(EntityKind)):
        raise _fail("named_kinds", f"unknown entity kinds {sorted(set(kinds) - set(get_args(EntityKind)))}",
                    path)
    ties = data.get("named_ties")
    if not isinstance(ties, dict) or set(ties) != set(NAMED_TIES):
        raise _fail("named_ties", f"expected exactly the keys {list(NAMED_TIES)}", path)
    named_ties = {key: _number(ties, key, path, 0.0, 1.0) for key in NAMED_TIES}
    return Rules(
        modality_classes=dict(classes),
        symmetric_types=frozenset(_words(data, "symmetric_types", path)),
        compatible_types=frozenset(compatible),
        article_window_days=int(_number(data, "article_window_days", path, 0, 60)),
        max_span_days=int(_number(data, "max_span_days", path, 1)),
        min_similarity=similarity,
        weak_tie_penalty=_number(data, "weak_tie_penalty", path, 0.0, 1.0),
        min_score=_number(data, "min_score", path, 0.0, 1.0),
        weights={k: float(weights[k]) for k in WEIGHT_KEYS},
        min_word_length=int(_number(data, "min_word_length", path, 1)),
        suffixes=tuple(sorted(suffixes, key=len, reverse=True)),
        min_stem=int(_number(data, "min_stem", path, 1)),
        name_prefixes=frozenset(w.lower() for w in _words(data, "name_prefixes", path)),
        stopwords=frozenset(w.lower() for w in _words(data, "stopwords", path)),
        reasons=dict(reasons),
        modality_then=_modality_then(data, set(classes.values()), path),
        undated_period_days=int(_number(data, "undated_period_days", path, 0, 366)),
        named_kinds=frozenset(kinds),
        named_ties=named_ties,
        acronym_min_words=int(_number(data, "acronym_min_words", path, 2)),
        acronym_skip=frozenset(w.lower() for w in _words(data, "acronym_skip", path)),
        max_place_km=_number(data, "max_place_km", path, 1.0),
    )


#: Bump when ``canonical.Mention`` starts keeping new facts: mentions stored before then lack them, so
#: their canonical events must be rebuilt, as after a change of the rules file.
FEATURES_VERSION = 3


@cache
def fingerprint(path: Path = RULES_FILE) -> str:
    """What the stored canonical events were built with: the rules file's text and FEATURES_VERSION."""
    digest = hashlib.sha256(path.read_bytes())
    digest.update(f"features {FEATURES_VERSION}".encode())
    return digest.hexdigest()[:16]


@cache
def load(path: Path = RULES_FILE) -> Rules:
    """The rules in ``path`` (cached: read and validated once per process)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{path}: cannot read rules: {exc}") from exc
    return parse(data, path)
