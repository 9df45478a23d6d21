"""Actor resolution. PLACEHOLDER until the actors work lands."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from eventwire.model import Entity


def resolve(doc: Doc, when: date) -> list[Entity]:
    return []
