"""Canonical events: one real-world event, many reports (pure merging rules, no I/O).

Each stored event is a *mention* of an event in one article. Two mentions from different articles are
linked when ``compare`` finds them compatible (type, participants, date given precision, place, modality,
similar evidence); canonical events are the connected components of those links. Since every link
depends only on its two mentions, the components, their ids (``canonical_id``: a hash of the smallest
member id) and their aggregates are the same whatever order the articles are ingested in. The store
(``store/canonical.py``) finds candidates with indexed queries and keeps the components up to date.
"""

from eventwire.canonical.cluster import aggregate, canonical_id, components
from eventwire.canonical.compare import Decision, compare, similarity
from eventwire.canonical.mention import Mention, content_words, day_range, source_key
from eventwire.canonical.rules import Rules, RulesError, load

__all__ = [
    "Decision",
    "Mention",
    "Rules",
    "RulesError",
    "aggregate",
    "canonical_id",
    "compare",
    "components",
    "content_words",
    "day_range",
    "load",
    "similarity",
    "source_key",
]
