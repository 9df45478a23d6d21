"""Gender cues for pronoun resolution, from ``actors/data/gender.yaml`` (schema documented there).

A gendered pronoun ("she said") can only refer back to a person whose gender is unknown or matches it.
The gender of a person comes from the text (an honorific or a gendered title right before a mention:
"Mrs Kallas", "Queen Margrethe") or from a given name used for one gender only; nothing else is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from eventwire.actors.lexicon import LexiconError

Gender = Literal["female", "male"]
GENDERS = ("female", "male")
DATA = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class GenderCues:
    pronouns: dict[str, Gender]
    before_name: dict[str, Gender]  # honorifics and gendered titles, lower case, no final dot
    given_names: dict[str, Gender]

    def of_name(self, name: str) -> Gender | None:
        """The gender a person's name says: a leading honorific or title ("Mrs Okonjo"), else its given
        name (first word), if listed."""
        words = [w.lower().strip(".,") for w in name.split()]
        if not words:
            return None
        return self.before_name.get(words[0]) or self.given_names.get(words[0])


def _genders(value: object, path: Path, key: str) -> dict[str, Gender]:
    if not isinstance(value, dict):
        raise LexiconError(f"{path}: {key} must be a mapping of word -> female|male")
    for word, gender in value.items():
        if not isinstance(word, str) or word != word.lower() or gender not in GENDERS:
            raise LexiconError(f"{path}: {key}.{word}: expected a lower-case word -> female|male")
    return dict(value)


def load_gender(path: Path) -> GenderCues:
    """Read and validate one gender file; errors name the file and the key."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: top level must be a mapping")
    names = data.get("given_names")
    if not isinstance(names, dict) or set(names) != set(GENDERS):
        raise LexiconError(f"{path}: given_names must have exactly the keys female and male")
    given: dict[str, Gender] = {}
    for gender in GENDERS:
        words = names[gender]
        if not isinstance(words, list) or not all(isinstance(w, str) and w == w.lower() for w in words):
            raise LexiconError(f"{path}: given_names.{gender} must be a list of lower-case names")
        for word in words:
            if given.get(word, gender) != gender:
                raise LexiconError(f"{path}: given name {word!r} is listed as female and as male")
            given[word] = gender  # type: ignore[assignment]
    before = {**_genders(data.get("honorifics"), path, "honorifics"),
              **_genders(data.get("titles"), path, "titles")}
    return GenderCues(_genders(data.get("pronouns"), path, "pronouns"), before, given)


@cache
def gender_cues() -> GenderCues:
    return load_gender(DATA / "gender.yaml")
