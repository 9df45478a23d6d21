"""The event coder's knowledge, loaded once from ``data/*.yaml`` and validated on load.

``cameo.yaml`` holds facts (CAMEO code -> PLOVER type/mode/context, quad class, Goldstein score),
``triggers.yaml`` the trigger patterns and participant frames, ``cues.yaml`` the modality, embedding and
anaphora cue words, ``senses.yaml`` the sense guards (games, motion, idioms, accidents, business quarrels)
and the nominal attacks coded without an attacker. Each file documents its schema at the top; a
malformed entry raises ``LexiconError`` naming the file and the entry, so a bad user file fails at load
time instead of silently coding nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).parent / "data"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
FIXED_SLOTS = {
    "subject", "object", "dative", "poss", "demonym", "between", "complement", "condition", "causee",
    "agency",
}  # fmt: skip


class LexiconError(ValueError):
    """A knowledge file does not follow its documented schema."""


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code with its PLOVER reading and its scores."""

    code: str
    name: str
    plover: str
    quad: int
    goldstein: float
    mode: str | None = None
    context: tuple[str, ...] = ()

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class Frame:
    """Where the actor, recipient and place of an event sit relative to its trigger."""

    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    location: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger pattern: a verb or noun lemma, optional conditions, a CAMEO code and a frame."""

    cameo: str
    pos: str  # "verb" or "noun"
    lemmas: frozenset[str]
    frame: str
    objects: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    modifiers: frozenset[str] = frozenset()
    symmetric: bool = False

    @property
    def specificity(self) -> int:
        """How many conditions the pattern has: the most specific matching pattern wins."""
        return bool(self.objects) + bool(self.particles) + bool(self.modifiers)


@dataclass(frozen=True, slots=True)
class Cues:
    """Cue words around a trigger (see cues.yaml)."""

    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]
    speech_verbs: frozenset[str]
    planned_aux: frozenset[str]
    planned_governors: frozenset[str]
    planned_modifiers: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    negation: frozenset[str]
    negation_governors: frozenset[str]
    demand_modals: frozenset[str]
    distinct_modifiers: frozenset[str]
    plural_anaphors: frozenset[str]
    anchors: dict[str, int]
    governing_types: frozenset[str]
    embedding_deps: frozenset[str]
    intent_recode: dict[str, str]
    negation_recode: dict[str, str]
    embedded_recode: dict[str, dict[str, str]]
    relational_roots: frozenset[str]
    person_nouns: frozenset[str]
    sector_nouns: frozenset[str]
    people_nouns: frozenset[str]
    excluded_time_preps: frozenset[str]
    situating_preps: frozenset[str] = frozenset()
    ethnic_markers: frozenset[str] = frozenset()
    unplaced_words: frozenset[str] = frozenset()
    place_recipients: frozenset[str] = frozenset()
    instrument_nouns: frozenset[str] = frozenset()
    ethnic_nouns: frozenset[str] = frozenset()
    press_request_objects: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Idiom:
    """A verb that is not an event with this object or particle ("fought back tears")."""

    verbs: frozenset[str]
    objects: frozenset[str] = frozenset()
    particles: frozenset[str] = frozenset()
    person_object: bool = False


@dataclass(frozen=True, slots=True)
class Senses:
    """The sense guards of senses.yaml: games, motion, idioms, accidents, commerce, nominal attacks."""

    political_sectors: frozenset[str] = frozenset()
    political_nouns: frozenset[str] = frozenset()
    sport_strong: frozenset[str] = frozenset()
    sport_weak: frozenset[str] = frozenset()
    sport_score: bool = False
    sport_article: int = 3
    sport_types: frozenset[str] = frozenset()
    motion_verbs: frozenset[str] = frozenset()
    motion_preps: frozenset[str] = frozenset()
    motion_targets: frozenset[str] = frozenset()
    idioms: tuple[Idiom, ...] = ()
    accident_causes: frozenset[str] = frozenset()
    accident_verbs: frozenset[str] = frozenset()
    violence: frozenset[str] = frozenset()
    accident_types: frozenset[str] = frozenset()
    commerce_verbs: frozenset[str] = frozenset()
    commerce_words: frozenset[str] = frozenset()
    commerce_types: frozenset[str] = frozenset()
    nominal_nouns: frozenset[str] = frozenset()
    nominal_preps: frozenset[str] = frozenset()
    nominal_unreal: frozenset[str] = frozenset()
    nominal_verbs: frozenset[str] = frozenset()
    habitual_adverbs: frozenset[str] = frozenset()
    claim_codes: frozenset[str] = frozenset()
    habitual_modifiers: frozenset[str] = frozenset()
    patient_codes: frozenset[str] = frozenset()
    patient_verbs: frozenset[str] = frozenset()
    patient_nouns: frozenset[str] = frozenset()
    patient_things: frozenset[str] = frozenset()
    warning_verbs: frozenset[str] = frozenset()
    warning_modals: frozenset[str] = frozenset()
    warning_nouns: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the coder knows, indexed for lookup by lemma."""

    codes: dict[str, Code]
    frames: dict[str, Frame]
    verbs: dict[str, tuple[Trigger, ...]]
    nouns: dict[str, tuple[Trigger, ...]]
    cues: Cues
    triggers: tuple[Trigger, ...] = field(default=())
    senses: Senses = field(default_factory=Senses)


def _read(path: Path) -> dict[str, Any]:
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: the top level must be a mapping")
    return data


def _words(value: object, where: str) -> frozenset[str]:
    """A lemma or list of lemmas, lower-cased."""
    if value is None:
        return frozenset()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) and v for v in items):
        raise LexiconError(f"{where}: expected a word or a list of non-empty words, got {value!r}")
    return frozenset(v.lower() for v in items)


def load_codes(path: Path) -> dict[str, Code]:
    """Read and validate a CAMEO table (roots with quad classes, codes with PLOVER and Goldstein)."""
    data = _read(path)
    roots, entries = data.get("roots"), data.get("codes")
    if not isinstance(roots, dict) or not isinstance(entries, dict):
        raise LexiconError(f"{path}: top-level keys 'roots' and 'codes' must hold mappings")
    quads: dict[str, int] = {}
    for root, entry in roots.items():
        where = f"{path} root {root!r}"
        if not (isinstance(root, str) and len(root) == 2 and root.isdigit()):
            raise LexiconError(f"{where}: a root is a quoted two-digit string")
        if not isinstance(entry, dict) or entry.get("quad") not in (1, 2, 3, 4):
            raise LexiconError(f"{where}: quad must be 1, 2, 3 or 4")
        quads[root] = entry["quad"]
    codes: dict[str, Code] = {}
    for code, entry in entries.items():
        where = f"{path} code {code!r}"
        if not (isinstance(code, str) and len(code) in (3, 4) and code.isdigit()):
            raise LexiconError(f"{where}: a code is a quoted string of 3 or 4 digits")
        if code[:2] not in quads:
            raise LexiconError(f"{where}: root {code[:2]} is not listed under 'roots'")
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected a mapping")
        if entry.get("plover") not in PLOVER_TYPES:
            raise LexiconError(f"{where}: plover must be one of {', '.join(PLOVER_TYPES)}")
        score = entry.get("goldstein")
        if not isinstance(score, int | float) or not -10 <= score <= 10:
            raise LexiconError(f"{where}: goldstein must be a number in [-10, 10]")
        context = entry.get("context") or []
        if not isinstance(context, list) or not all(isinstance(c, str) for c in context):
            raise LexiconError(f"{where}: context must be a list of words")
        codes[code] = Code(
            code, str(entry.get("name", "")), entry["plover"], quads[code[:2]], float(score),
            entry.get("mode") or None, tuple(context),
        )  # fmt: skip
    return codes


def _frame(name: str, entry: object, where: str) -> Frame:
    if not isinstance(entry, dict):
        raise LexiconError(f"{where}: frame {name!r} must be a mapping")
    slots = {}
    for key in ("actor", "recipient", "location"):
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise LexiconError(f"{where}: frame {name!r} {key} must be a list of slot names")
        for slot in value:
            if slot.lower() not in FIXED_SLOTS and not slot.isalpha():
                raise LexiconError(
                    f"{where}: frame {name!r} {key}: {slot!r} is neither a slot nor a preposition"
                )
        slots[key] = tuple(v.lower() for v in value)
    return Frame(**slots)


def load_triggers(path: Path, codes: dict[str, Code]) -> tuple[dict[str, Frame], tuple[Trigger, ...]]:
    """Read and validate a trigger file against the known CAMEO codes."""
    data = _read(path)
    frames_data, entries = data.get("frames") or {}, data.get("triggers")
    if not isinstance(frames_data, dict) or not isinstance(entries, list):
        raise LexiconError(f"{path}: 'frames' must be a mapping and 'triggers' a list")
    frames = {name: _frame(name, entry, str(path)) for name, entry in frames_data.items()}
    frames.setdefault("verb", Frame(("subject",), ("object",)))
    frames.setdefault("noun", Frame(("poss",), ("with",)))
    found = []
    for i, entry in enumerate(entries):
        where = f"{path} trigger {i} ({entry!r})"
        if not isinstance(entry, dict):
            raise LexiconError(f"{where}: expected a mapping")
        unknown = set(entry) - {
            "cameo",
            "verb",
            "noun",
            "object",
            "particle",
            "modifier",
            "frame",
            "symmetric",
        }
        if unknown:
            raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
        if entry.get("cameo") not in codes:
            raise LexiconError(f"{where}: cameo must be a code listed in cameo.yaml")
        if ("verb" in entry) == ("noun" in entry):
            raise LexiconError(f"{where}: give exactly one of 'verb' and 'noun'")
        pos = "verb" if "verb" in entry else "noun"
        frame = entry.get("frame", pos)
        if frame not in frames:
            raise LexiconError(f"{where}: unknown frame {frame!r}")
        found.append(
            Trigger(
                cameo=entry["cameo"],
                pos=pos,
                lemmas=_words(entry[pos], where),
                frame=frame,
                objects=_words(entry.get("object"), where),
                particles=_words(entry.get("particle"), where),
                modifiers=_words(entry.get("modifier"), where),
                symmetric=bool(entry.get("symmetric", False)),
            )
        )
    return frames, tuple(found)


def load_cues(path: Path, codes: dict[str, Code]) -> Cues:
    """Read and validate the cue file."""
    data = _read(path)

    def words(key: str, sub: str | None = None) -> frozenset[str]:
        value = data.get(key)
        if sub is not None:
            value = (value or {}).get(sub) if isinstance(value, dict) else None
        return _words(value, f"{path} key {key}{'.' + sub if sub else ''}")

    def recode(key: str) -> dict[str, str]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise LexiconError(f"{path} key {key}: expected a mapping of PLOVER type -> CAMEO code")
        for kind, code in value.items():
            if kind not in PLOVER_TYPES or code not in codes:
                raise LexiconError(
                    f"{path} key {key}: {kind!r} -> {code!r} needs a PLOVER type and a known code"
                )
        return dict(value)

    anchors = data.get("anchors") or {}
    if not isinstance(anchors, dict) or not all(isinstance(v, int) for v in anchors.values()):
        raise LexiconError(f"{path} key anchors: expected a mapping of lemma -> whole days")
    embedded_data = data.get("embedded_recode") or {}
    if not isinstance(embedded_data, dict):
        raise LexiconError(f"{path} key embedded_recode: expected a mapping of type -> mapping")
    embedded = {}
    for kind, table in embedded_data.items():
        data[f"embedded_recode.{kind}"] = table
        embedded[kind] = recode(f"embedded_recode.{kind}")
        if kind not in PLOVER_TYPES:
            raise LexiconError(f"{path} key embedded_recode: unknown PLOVER type {kind!r}")
    governing = words("governing_types")
    if not governing <= {t.lower() for t in PLOVER_TYPES}:
        raise LexiconError(f"{path} key governing_types: unknown PLOVER types {sorted(governing)}")
    return Cues(
        light_verbs=words("light_verbs"), occurrence_verbs=words("occurrence_verbs"),
        speech_verbs=words("speech_verbs"), planned_aux=words("planned", "aux"),
        planned_governors=words("planned", "governors"), planned_modifiers=words("planned", "modifiers"),
        hypothetical_aux=words("hypothetical", "aux"), hypothetical_marks=words("hypothetical", "marks"),
        hypothetical_modifiers=words("hypothetical", "modifiers"), negation=words("negation", "words"),
        negation_governors=words("negation", "governors"), demand_modals=words("demand_modals"),
        distinct_modifiers=words("distinct_modifiers"), plural_anaphors=words("plural_anaphors"),
        anchors={str(k).lower(): v for k, v in anchors.items()},
        governing_types=frozenset(t.upper() for t in governing), embedding_deps=words("embedding_deps"),
        intent_recode=recode("intent_recode"), negation_recode=recode("negation_recode"),
        embedded_recode=embedded, relational_roots=words("relational_roots"),
        person_nouns=words("person_nouns"),
        sector_nouns=words("sector_nouns"), excluded_time_preps=words("excluded_time_preps"),
        people_nouns=words("people_nouns"), situating_preps=words("situating_preps"),
        ethnic_markers=words("ethnic_markers"), unplaced_words=words("unplaced_words"),
        place_recipients=words("place_recipients"), instrument_nouns=words("instrument_nouns"),
        ethnic_nouns=words("ethnic_nouns"), press_request_objects=words("press_request_objects"),
    )  # fmt: skip


def load_senses(path: Path) -> Senses:
    """Read and validate the sense guards (schema at the top of senses.yaml)."""
    data = _read(path)

    def section(key: str) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise LexiconError(f"{path} key {key}: expected a mapping")
        return value

    def words(key: str, sub: str | None = None) -> frozenset[str]:
        value = section(key).get(sub) if sub else data.get(key)
        return _words(value, f"{path} key {key}{'.' + sub if sub else ''}")

    def types(key: str) -> frozenset[str]:
        found = frozenset(t.upper() for t in words(key, "types"))
        if not found <= set(PLOVER_TYPES):
            unknown = sorted(found - set(PLOVER_TYPES))
            raise LexiconError(f"{path} key {key}.types: unknown PLOVER types {unknown}")
        return found

    article = section("sports").get("article_strong", 3)
    if not isinstance(article, int) or article < 1:
        raise LexiconError(f"{path} key sports.article_strong: expected a whole number >= 1")
    idioms = []
    entries = data.get("idioms") or []
    if not isinstance(entries, list):
        raise LexiconError(f"{path} key idioms: expected a list")
    for i, entry in enumerate(entries):
        where = f"{path} idiom {i} ({entry!r})"
        if not isinstance(entry, dict) or set(entry) - {"verb", "object", "particle", "person_object"}:
            raise LexiconError(f"{where}: expected a mapping of verb, object, particle, person_object")
        idiom = Idiom(
            _words(entry.get("verb"), where), _words(entry.get("object"), where),
            _words(entry.get("particle"), where), bool(entry.get("person_object", False)),
        )  # fmt: skip
        if not idiom.verbs or not (idiom.objects or idiom.particles or idiom.person_object):
            raise LexiconError(f"{where}: needs a verb and at least one of object, particle, person_object")
        idioms.append(idiom)
    return Senses(
        political_sectors=frozenset(s.upper() for s in words("political_sectors")),
        political_nouns=words("political_nouns"),
        sport_strong=words("sports", "strong"), sport_weak=words("sports", "weak"),
        sport_score=bool(section("sports").get("score", False)), sport_article=article,
        sport_types=types("sports"), motion_verbs=words("motion", "verbs"),
        motion_preps=words("motion", "preps"), motion_targets=words("motion", "targets"),
        idioms=tuple(idioms), accident_causes=words("accidents", "causes"),
        accident_verbs=words("accidents", "verbs"), violence=words("accidents", "violence"),
        accident_types=types("accidents"), commerce_verbs=words("commerce", "verbs"),
        commerce_words=words("commerce", "words"), commerce_types=types("commerce"),
        nominal_nouns=words("nominal_attacks", "nouns"),
        nominal_preps=words("nominal_attacks", "place_preps"),
        nominal_unreal=words("nominal_attacks", "unreal"),
        nominal_verbs=words("nominal_attacks", "verbs"),
        habitual_adverbs=words("habitual", "adverbs"),
        claim_codes=words("nominal_attacks", "claims"),
        habitual_modifiers=words("habitual", "modifiers"),
        patient_codes=words("patients", "codes"), patient_verbs=words("patients", "verbs"),
        patient_nouns=words("patients", "nouns"), patient_things=words("patients", "things"),
        warning_verbs=words("warnings", "verbs"), warning_modals=words("warnings", "modals"),
        warning_nouns=words("warnings", "nouns"),
    )  # fmt: skip


def build(data_dir: Path = DATA) -> Lexicon:
    """Load and index the three knowledge files of ``data_dir``."""
    codes = load_codes(data_dir / "cameo.yaml")
    frames, triggers = load_triggers(data_dir / "triggers.yaml", codes)
    cues = load_cues(data_dir / "cues.yaml", codes)
    senses = load_senses(data_dir / "senses.yaml") if (data_dir / "senses.yaml").exists() else Senses()
    if unknown := sorted(senses.patient_codes - set(codes)):
        where = data_dir / "senses.yaml"
        raise LexiconError(f"{where} key patients.codes: codes not in cameo.yaml {unknown}")
    verbs: dict[str, list[Trigger]] = defaultdict(list)
    nouns: dict[str, list[Trigger]] = defaultdict(list)
    for trig in triggers:
        for lemma in trig.lemmas:
            (verbs if trig.pos == "verb" else nouns)[lemma].append(trig)
    order = lambda ts: tuple(sorted(ts, key=lambda t: -t.specificity))  # noqa: E731
    return Lexicon(
        codes, frames, {k: order(v) for k, v in verbs.items()}, {k: order(v) for k, v in nouns.items()},
        cues, triggers, senses,
    )  # fmt: skip


@cache
def load() -> Lexicon:
    """The package's lexicon, loaded once per process."""
    return build(DATA)
