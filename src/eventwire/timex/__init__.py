"""TIMEX3 tagging and normalization against the article date (DCT). PLACEHOLDER until the timex work lands."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from eventwire.model import Timex


def tag(doc: Doc, dct: date) -> list[Timex]:
    return []
