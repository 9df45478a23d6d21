"""Quote attribution. PLACEHOLDER until the quotes work lands."""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.model import Entity, Quote


def attribute(doc: Doc, entities: list[Entity]) -> list[Quote]:
    return []
