"""Event coding. PLACEHOLDER until the events work lands."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from eventwire.model import Entity, Event, Timex


def code(doc: Doc, entities: list[Entity], timexes: list[Timex], article_date: date) -> list[Event]:
    return []
