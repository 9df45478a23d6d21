"""Load, validate and compile the time grammar in ``timex/data`` (lexicon.yaml + patterns.yaml).

The grammar is data so that it can be read, reviewed and extended without touching the engine: the
lexicon holds words (month names, number words, units ...), the patterns hold regular expressions that
refer to the lexicon through ``{MACRO}`` placeholders and name the normalizer that turns a match into a
TIMEX3 value. Everything is loaded and compiled once per process (``load()`` is cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

DATA = "eventwire.timex.data"
TYPES = {"DATE", "TIME", "DURATION", "SET"}
NORMS = {
    "literal", "vague", "date", "date_list", "year", "decade", "century", "relative", "shifted",
    "weekday", "day_rel", "duration", "set", "quarter", "half", "season", "time", "holiday", "anaphoric",
}
CHECKS = {"year_like", "month_like", "season_like", "vague_like", "adverb_like", "rate_like"}
UNITS = {"Y", "M", "W", "D", "H", "MIN", "S", "Q", "DE", "CE", "WE"}
LEXICON_SECTIONS = {
    "months": int, "ambiguous_months": None, "weekdays": int, "numbers": int, "ordinals": int,
    "vague_numbers": str, "units": str, "seasons": str, "parts_of_day": str, "set_adverbs": str,
    "vague": str, "holidays": str, "future_auxiliaries": None, "future_governors": None,
    "scheduling_verbs": None, "deadline_verbs": None, "invariant_past_verbs": None, "forward_words": None,
    "multi_quarter_periods": None,
}

# Regex fragments that are structure rather than vocabulary (digits, clock times, relative words).
FIXED_MACROS = {
    "DAY": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)",
    "HOUR": r"(?:[01]?\d|2[0-3])",
    "MINUTE": r"[0-5]\d",
    "AMPM": r"(?:a\.m\.?|p\.m\.?|am|pm)(?!\w)",
    "TZ": r"(?:(?-i:[ECMP][SD]T|GMT|UTC|CET|CEST|BST|EEST|MSK)|local\s+time|(?-i:[A-Z][a-z]+)\s+time)",
    "REL": r"(?:this\s+past|this\s+coming|the\s+past|the\s+previous|the\s+coming|the\s+following"
    r"|the\s+next|the\s+last|last|next|this|past|previous|coming|following)",
    "MOD": r"(?:early-|late-|early|late|mid-|mid"
    r"|(?:the\s+)?(?:end|beginning|start|middle|close|turn)\s+of(?:\s+the)?)",
    # bare "over"/"under" are left out: "over several years" is mostly the preposition (during), and
    # both TimeBank and AQUAINT keep it out of the extent
    "APPROX": r"(?:about|around|nearly|almost|roughly|approximately|some|more\s+than|less\s+than"
    r"|fewer\s+than|at\s+least|at\s+most|up\s+to|well\s+over|just\s+over|just\s+under"
    r"|no\s+more\s+than|no\s+less\s+than|a\s+further|another)",
}


class GrammarError(ValueError):
    """The time grammar data is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Rule:
    """One compiled pattern and how to normalize its matches."""

    name: str
    regex: re.Pattern[str]
    norm: str
    type: str | None = None
    value: str | None = None
    unit: str | None = None
    offset: int | None = None
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    not_after: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    check: str | None = None
    needs: frozenset[str] = frozenset()  # empty: always run; "#": any digit


@dataclass(frozen=True)
class Grammar:
    """The lexicon (lower-case word -> value tables) and the compiled rules, in priority order."""

    lexicon: dict[str, Any]
    rules: tuple[Rule, ...]
    number_words: dict[str, int] = field(default_factory=dict)


def _read(name: str) -> Any:
    path = resources.files(DATA).joinpath(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise GrammarError(f"{name}: invalid YAML: {exc}") from exc


def _validate_lexicon(lex: Any) -> dict[str, Any]:
    if not isinstance(lex, dict):
        raise GrammarError("lexicon.yaml: top level must be a mapping of sections")
    for section, kind in LEXICON_SECTIONS.items():
        if section not in lex:
            raise GrammarError(f"lexicon.yaml: missing section {section!r}")
        body = lex[section]
        if kind is None:
            if not isinstance(body, list) or not all(isinstance(w, str) for w in body):
                raise GrammarError(f"lexicon.yaml: {section} must be a list of words")
            continue
        if not isinstance(body, dict):
            raise GrammarError(f"lexicon.yaml: {section} must be a mapping")
        for word, value in body.items():
            if not isinstance(word, str) or word != word.lower():
                raise GrammarError(f"lexicon.yaml: {section}: key {word!r} must be a lower-case string")
            if not isinstance(value, kind):
                raise GrammarError(f"lexicon.yaml: {section}.{word}: value {value!r} must be {kind.__name__}")
    for word, unit in lex["units"].items():
        if unit not in UNITS:
            raise GrammarError(f"lexicon.yaml: units.{word}: unknown unit {unit!r} (one of {sorted(UNITS)})")
    for word, month in lex["months"].items():
        if not 1 <= month <= 12:
            raise GrammarError(f"lexicon.yaml: months.{word}: {month} is not a month number")
    for word, day in lex["weekdays"].items():
        if not 1 <= day <= 7:
            raise GrammarError(f"lexicon.yaml: weekdays.{word}: {day} is not an ISO weekday (1..7)")
    for word, md in lex["holidays"].items():
        if not re.fullmatch(r"(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])|/(-1|[1-4])/[1-7])", md):
            raise GrammarError(f"lexicon.yaml: holidays.{word}: {md!r} is not MM-DD or MM/N/D")
    return lex


def _word_regex(word: str, case_sensitive: bool = False) -> str:
    """A lexicon word as regex: spaces match any whitespace, a final '.' of an abbreviation is kept."""
    body = r"\s+".join(re.escape(part) for part in word.split())
    if case_sensitive:
        return f"(?-i:{body[0].upper()}{body[1:]}|{body.upper()})"
    return body


def _alternation(words: list[str], sensitive: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(_word_regex(w, w in sensitive) for w in ordered) + ")"


def _number_macro(lex: dict[str, Any]) -> tuple[str, dict[str, int]]:
    """Digits, number words and two-word compounds ("twenty-four", "twenty four")."""
    words = dict(lex["numbers"])
    tens = [w for w, v in words.items() if v % 10 == 0 and 20 <= v <= 90]
    ones = [w for w, v in words.items() if 1 <= v <= 9 and w not in ("a", "an")]
    compound = f"(?:{'|'.join(tens)})[-\\s](?:{'|'.join(ones)})"
    alt = _alternation(list(words))
    return rf"(?:\d{{1,3}}(?:\.\d+)?(?:\s+\d/\d)?|{compound}|{alt})", words


def _spelled_year(lex: dict[str, Any]) -> str:
    """Years as read out in broadcast transcripts: "nineteen ninety-six", "two thousand and one"."""
    numbers = lex["numbers"]
    ones = "|".join(w for w, v in numbers.items() if 1 <= v <= 9 and " " not in w and w not in ("a", "an"))
    teens = "|".join(w for w, v in numbers.items() if 10 <= v <= 19 and " " not in w)
    tens = "|".join(w for w, v in numbers.items() if v % 10 == 0 and 20 <= v <= 90)
    below_100 = rf"(?:(?:{tens})(?:[-\s](?:{ones}))?|{teens})"
    return (
        rf"(?:(?:nineteen|eighteen)[-\s]+(?:{below_100}|hundred|oh[-\s](?:{ones}))"
        rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{below_100}|{ones}))?)"
    )


def _macros(lex: dict[str, Any]) -> dict[str, str]:
    abbreviations = {w for w in list(lex["months"]) + list(lex["weekdays"]) if w.endswith(".")}
    sensitive = set(lex["ambiguous_months"]) | abbreviations
    num, _ = _number_macro(lex)
    macros = dict(FIXED_MACROS)
    # not "2082.1" or "1678.5" (an index level, a decimal number) nor "1,500" or "1990%"
    macros["YEAR"] = rf"(?:(?:1[5-9]\d\d|20\d\d)(?![\d,.]\d|%)|{_spelled_year(lex)})"
    macros.update(
        MONTH=_alternation(list(lex["months"]), sensitive),
        WEEKDAY=_alternation(list(lex["weekdays"]), sensitive),
        NUM=num,
        VNUM=_alternation(list(lex["vague_numbers"])),
        UNIT=_alternation(list(lex["units"])),
        ORD=r"(?:\d{1,2}(?:st|nd|rd|th)|" + _alternation(list(lex["ordinals"]))[3:],
        SEASON=_alternation(list(lex["seasons"])),
        POD=_alternation(list(lex["parts_of_day"])),
        SETADV=_alternation(list(lex["set_adverbs"])),
        VAGUE=_alternation(list(lex["vague"])),
        HOLIDAY=_alternation(list(lex["holidays"])),
    )
    return macros


MACRO_REF = re.compile(r"\{([A-Z]+)(?::(\w+))?\}")


def _expand(pattern: str, macros: dict[str, str], rule: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name, group = m.group(1), m.group(2)
        if name not in macros:
            raise GrammarError(f"patterns.yaml: rule {rule!r}: unknown macro {{{name}}}")
        body = macros[name]
        if group == "_":
            return f"(?:{body})"
        return f"(?P<{group or name.lower()}>{body})"

    return MACRO_REF.sub(sub, pattern)


def _compile(expr: str, rule: str, what: str) -> re.Pattern[str]:
    try:
        return re.compile(expr, re.IGNORECASE)
    except re.error as exc:
        raise GrammarError(f"patterns.yaml: rule {rule!r}: bad {what}: {exc}") from exc


MACRO_SECTIONS = {
    "MONTH": "months", "WEEKDAY": "weekdays", "UNIT": "units", "SEASON": "seasons", "POD": "parts_of_day",
    "SETADV": "set_adverbs", "VAGUE": "vague", "HOLIDAY": "holidays", "NUM": "numbers", "ORD": "ordinals",
}


def _needs(entry: dict[str, Any], lex: dict[str, Any]) -> frozenset[str]:
    """The rule's trigger words: lexicon sections named by macro expand to every word they contain."""
    raw = entry.get("needs") or []
    name = entry["name"]
    if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
        raise GrammarError(f"patterns.yaml: rule {name!r}: needs must be a list of words")
    words: set[str] = set()
    for item in raw:
        if item.isupper():
            if item not in MACRO_SECTIONS:
                raise GrammarError(f"patterns.yaml: rule {name!r}: needs names unknown macro {item!r}")
            words.update(w for entry_words in lex[MACRO_SECTIONS[item]] for w in WORD.findall(entry_words))
        elif item == "#" or WORD.fullmatch(item):
            words.add(item)
        else:
            raise GrammarError(f"patterns.yaml: rule {name!r}: needs entry {item!r} is not one word")
    return frozenset(words)


WORD = re.compile(r"[a-z]+")


def _rule(entry: Any, index: int, macros: dict[str, str], lex: dict[str, Any] | None = None) -> Rule:
    if not isinstance(entry, dict) or "name" not in entry:
        raise GrammarError(f"patterns.yaml: rules[{index}] must be a mapping with a name")
    name = entry["name"]
    known = {"name", "pattern", "norm", "type", "value", "unit", "offset", "before", "after",
             "not_after", "not_before", "check", "needs"}
    if extra := set(entry) - known:
        raise GrammarError(f"patterns.yaml: rule {name!r}: unknown keys {sorted(extra)}")
    for key in ("pattern", "norm"):
        if not isinstance(entry.get(key), str):
            raise GrammarError(f"patterns.yaml: rule {name!r}: {key} is required and must be a string")
    if entry["norm"] not in NORMS:
        raise GrammarError(f"patterns.yaml: rule {name!r}: unknown norm {entry['norm']!r}")
    if entry.get("type") is not None and entry["type"] not in TYPES:
        raise GrammarError(f"patterns.yaml: rule {name!r}: unknown type {entry['type']!r}")
    if entry.get("check") is not None and entry["check"] not in CHECKS:
        raise GrammarError(f"patterns.yaml: rule {name!r}: unknown check {entry['check']!r}")
    if entry["norm"] == "literal" and not entry.get("value"):
        raise GrammarError(f"patterns.yaml: rule {name!r}: norm literal needs a value")
    body = _expand(entry["pattern"], macros, name)
    regex = _compile(rf"(?<![\w'’])(?:{body})(?!\w)", name, "pattern")
    extras = {
        key: _compile(
            rf"(?:{entry[key]})$" if key in ("before", "not_before") else rf"^(?:{entry[key]})", name, key
        )
        for key in ("before", "after", "not_after", "not_before")
        if entry.get(key)
    }
    return Rule(
        name=name,
        regex=regex,
        norm=entry["norm"],
        type=entry.get("type"),
        value=entry.get("value"),
        unit=entry.get("unit"),
        offset=entry.get("offset"),
        check=entry.get("check"),
        needs=_needs(entry, lex) if lex is not None else frozenset(),
        **extras,
    )


@cache
def load() -> Grammar:
    """The validated, compiled grammar (loaded once per process)."""
    lex = _validate_lexicon(_read("lexicon.yaml"))
    data = _read("patterns.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise GrammarError("patterns.yaml: top level must be a mapping with a `rules` list")
    macros = _macros(lex)
    rules = [_rule(entry, i, macros, lex) for i, entry in enumerate(data["rules"])]
    names = [r.name for r in rules]
    if dup := {n for n in names if names.count(n) > 1}:
        raise GrammarError(f"patterns.yaml: duplicate rule names {sorted(dup)}")
    _, number_words = _number_macro(lex)
    return Grammar(lexicon=lex, rules=tuple(rules), number_words=number_words)
