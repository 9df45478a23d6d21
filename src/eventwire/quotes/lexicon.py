"""Speech cues and quote layouts, loaded once from ``data/cues.yaml`` (schema documented in its header).

The attribution engine only knows shapes (a cue verb and its subject, a phrase and its object, a
trailing name block); which words count as cues and which marks count as quotation marks is data, so a
user can extend both without touching code. A malformed file raises ``CueError`` naming the file and
the entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"
CUES_FILE = DATA / "cues.yaml"
VERB_CLASSES = frozenset({"speech", "report", "stance", "written", "cognition", "expectation", "intention"})
NOUN_COMPLEMENTS = frozenset({"that", "to", "of", "for", "about", "on", "over", "against"})
INFLECTIONS = (
    ("ies", "y"),
    ("ied", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)
OBJECT_PREPOSITIONS = frozenset({"as", "of", "for", "about", "to", "on", "with", "against", "over"})


class CueError(ValueError):
    """A cue file does not follow its documented schema."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A multiword cue such as "according to"; ``speaker_is_object``: the speaker follows the last word.

    ``initial``: only at a sentence start with a comma after the speaker ("For Macron, ..."); ``labels``:
    entity labels the speaker's head must carry (empty: any), which keeps "For now," out."""

    words: tuple[str, ...]
    speaker_is_object: bool
    initial: bool = False
    labels: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Cues:
    verbs: dict[str, str]
    phrases: tuple[Phrase, ...]
    indirect_classes: frozenset[str]
    infinitive_verbs: frozenset[str]
    double_marks: tuple[tuple[str, str], ...]
    single_marks: tuple[tuple[str, str], ...]
    block_labels: frozenset[str]
    block_titles: frozenset[str]
    block_connectors: frozenset[str]
    block_min_content_tokens: int
    colon_max_speaker_tokens: int
    colon_connectors: frozenset[str]
    colon_not_speakers: frozenset[str]
    min_unattributed_words: int
    prep_objects: dict[str, frozenset[str]]
    raising_verbs: frozenset[str]
    nouns: dict[str, frozenset[str]]
    light_verbs: frozenset[str]
    object_verbs: dict[str, frozenset[str]] = field(default_factory=dict)
    object_needs_predicate: frozenset[str] = frozenset()
    adjectives: dict[str, frozenset[str]] = field(default_factory=dict)
    object_prep_only: frozenset[str] = frozenset()

    def lemma(self, lemma: str, form: str = "") -> str | None:
        """The cue lemma for a token's lemma and surface form, or None when it is not a cue.

        The surface form is tried without a regular inflection (-s, -es, -ed, -ied, -ing) because the
        statistical lemmatizer sometimes lemmatizes a cue wrongly ("hopes" -> "hop")."""
        return _lookup(self.verbs, lemma, form)

    def object_verb(self, lemma: str, form: str = "") -> str | None:
        """The lemma of a speech act whose direct object is its content ("denied the allegations"),
        matched like ``lemma``; None when the verb is not one."""
        return _lookup(self.object_verbs, lemma, form)

    def is_cue_verb(self, lemma: str, form: str = "") -> bool:
        return self.lemma(lemma, form) is not None

    def verb_class(self, lemma: str, form: str = "") -> str | None:
        found = self.lemma(lemma, form)
        return self.verbs[found] if found else None

    def makes_indirect(self, lemma: str, form: str = "") -> bool:
        return self.verb_class(lemma, form) in self.indirect_classes


def _lookup(table: dict[str, Any], lemma: str, form: str) -> str | None:
    """The key of ``table`` for a token: its lemma, else its surface form without a regular inflection
    (one rule for cue verbs and object verbs, so both survive the same lemmatizer slips)."""
    lemma, form = lemma.lower(), form.lower()
    if lemma in table:
        return lemma
    for suffix, repl in INFLECTIONS:
        if form.endswith(suffix) and (stem := form[: -len(suffix)] + repl) in table:
            return stem
    return None


def _listed(words: Iterable[str], listed: Iterable[str], where: str, under: str) -> None:
    """Raise a ``CueError`` naming the entries of ``words`` that the ``under`` key does not list."""
    if unknown := sorted(set(words) - set(listed)):
        raise CueError(f"{where}: not listed under {under}: {unknown}")


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CueError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return value


def _int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CueError(f"{where}: expected a non-negative integer, got {value!r}")
    return value


def _mark_pairs(value: Any, where: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        raise CueError(f"{where}: expected a list of [open, close] pairs")
    pairs = []
    for i, pair in enumerate(value):
        marks_ok = isinstance(pair, list) and len(pair) == 2
        if not (marks_ok and all(isinstance(m, str) and 1 <= len(m) <= 2 for m in pair)):
            raise CueError(f"{where} entry {i}: expected [open, close] marks of 1-2 characters, got {pair!r}")
        pairs.append((pair[0], pair[1]))
    return tuple(pairs)


def _lemma_map(value: Any, where: str, allowed: frozenset[str] | None) -> dict[str, frozenset[str]]:
    """A mapping lemma -> list of words (prepositions or complement kinds), optionally from a closed set."""
    if not isinstance(value, dict):
        raise CueError(f"{where}: expected a mapping lemma -> list")
    out: dict[str, frozenset[str]] = {}
    for lemma, words in value.items():
        entry = f"{where} entry {lemma!r}"
        if not isinstance(lemma, str) or not lemma:
            raise CueError(f"{entry}: expected a lemma")
        items = frozenset(w.lower() for w in _strings(words, entry))
        if allowed is not None and (unknown := items - allowed):
            raise CueError(f"{entry}: unknown {sorted(unknown)}, expected some of {sorted(allowed)}")
        out[lemma.lower()] = items
    return out


def load_cues(path: Path) -> Cues:
    """Read and validate one cue file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise CueError(f"{path}: expected a mapping at the top level")
    for key in (
        "verbs",
        "phrases",
        "indirect_classes",
        "infinitive_verbs",
        "marks",
        "block",
        "colon",
        "min_unattributed_words",
        "prep_objects",
        "raising_verbs",
        "nouns",
        "light_verbs",
        "object_verbs",
        "object_needs_predicate",
        "adjectives",
        "object_prep_only",
    ):
        if key not in data:
            raise CueError(f"{path}: missing top-level key {key!r}")
    verbs = data["verbs"]
    if not isinstance(verbs, dict):
        raise CueError(f"{path} verbs: expected a mapping lemma -> class")
    for lemma, cls in verbs.items():
        if not isinstance(lemma, str) or cls not in VERB_CLASSES:
            raise CueError(
                f"{path} verbs entry {lemma!r}: class must be one of {sorted(VERB_CLASSES)}, got {cls!r}"
            )
    phrases = []
    for i, entry in enumerate(data["phrases"] or []):
        where = f"{path} phrases entry {i}"
        if not isinstance(entry, dict) or entry.get("speaker") not in ("object", "none"):
            raise CueError(f"{where}: expected {{words: [...], speaker: object|none}}, got {entry!r}")
        words = tuple(w.lower() for w in _strings(entry.get("words"), where))
        initial = entry.get("initial", False)
        if not isinstance(initial, bool):
            raise CueError(f"{where}: initial must be true or false, got {initial!r}")
        labels = frozenset(_strings(entry.get("labels", []) or [], where) if "labels" in entry else [])
        phrases.append(Phrase(words, entry["speaker"] == "object", initial, labels))
    classes = frozenset(_strings(data["indirect_classes"], f"{path} indirect_classes"))
    if unknown := classes - VERB_CLASSES:
        raise CueError(f"{path} indirect_classes: unknown classes {sorted(unknown)}")
    known = {str(k).lower() for k in verbs}
    infinitive = _strings(data["infinitive_verbs"], f"{path} infinitive_verbs")
    raising = _strings(data["raising_verbs"], f"{path} raising_verbs")
    _listed(infinitive, known, f"{path} infinitive_verbs", "verbs")
    prep_objects = _lemma_map(data["prep_objects"], f"{path} prep_objects", None)
    _listed(prep_objects, known, f"{path} prep_objects", "verbs")
    nouns = _lemma_map(data["nouns"], f"{path} nouns", NOUN_COMPLEMENTS)
    object_verbs = _lemma_map(data["object_verbs"], f"{path} object_verbs", OBJECT_PREPOSITIONS)
    needs_predicate = _strings(data["object_needs_predicate"], f"{path} object_needs_predicate")
    _listed(needs_predicate, object_verbs, f"{path} object_needs_predicate", "object_verbs")
    adjectives = _lemma_map(data["adjectives"], f"{path} adjectives", OBJECT_PREPOSITIONS)
    prep_only = _strings(data["object_prep_only"], f"{path} object_prep_only")
    _listed(prep_only, object_verbs, f"{path} object_prep_only", "object_verbs")
    marks, block, colon = data["marks"], data["block"], data["colon"]
    if not all(isinstance(x, dict) for x in (marks, block, colon)):
        raise CueError(f"{path}: marks, block and colon must be mappings")
    return Cues(
        verbs={str(k).lower(): v for k, v in verbs.items()},
        phrases=tuple(phrases),
        indirect_classes=classes,
        infinitive_verbs=frozenset(infinitive),
        double_marks=_mark_pairs(marks.get("double"), f"{path} marks.double"),
        single_marks=_mark_pairs(marks.get("single"), f"{path} marks.single"),
        block_labels=frozenset(_strings(block.get("labels"), f"{path} block.labels")),
        block_titles=frozenset(t.lower() for t in _strings(block.get("titles"), f"{path} block.titles")),
        block_connectors=frozenset(_strings(block.get("connectors"), f"{path} block.connectors")),
        block_min_content_tokens=_int(block.get("min_content_tokens"), f"{path} block.min_content_tokens"),
        colon_max_speaker_tokens=_int(colon.get("max_speaker_tokens"), f"{path} colon.max_speaker_tokens"),
        colon_connectors=frozenset(_strings(colon.get("connectors"), f"{path} colon.connectors")),
        colon_not_speakers=frozenset(
            s.lower() for s in _strings(colon.get("not_speakers"), f"{path} colon.not_speakers")
        ),
        min_unattributed_words=_int(data["min_unattributed_words"], f"{path} min_unattributed_words"),
        prep_objects=prep_objects,
        raising_verbs=frozenset(raising),
        nouns=nouns,
        light_verbs=frozenset(_strings(data["light_verbs"], f"{path} light_verbs")),
        object_verbs=object_verbs,
        object_needs_predicate=frozenset(needs_predicate),
        adjectives=adjectives,
        object_prep_only=frozenset(prep_only),
    )


@cache
def cues() -> Cues:
    """The packaged cue file, loaded once per process."""
    return load_cues(CUES_FILE)
