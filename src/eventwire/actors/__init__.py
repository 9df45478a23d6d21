"""The actor layer: entities resolved to who they are on the article date.

``resolve(doc, when)`` reads titles, demonyms and descriptors from the text, merges every mention of an
entity, and consults the dated knowledge base (``kb.lookup``) for bare names. Knowledge lives in
``data/`` (countries, titles, institutions, people); see each file's header for its schema.
"""

from __future__ import annotations

from eventwire.actors.resolve import resolve

__all__ = ["resolve"]
