"""How the readers are configured: the fallback date, column names and the folder filter.

Kept apart from the dispatcher so every format module can take the options without importing it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

#: Contract field -> column/key names tried in order (case-insensitively) in JSON, JSONL, CSV and TSV.
DEFAULT_FIELDS: dict[str, list[str]] = {
    "id": ["id", "doc_id", "article_id", "guid"],
    "date": ["date", "published", "publish_date", "pubdate", "datetime", "timestamp"],
    "text": ["text", "full_text", "body", "content"],
    "title": ["title", "headline"],
    "url": ["url", "link"],
    "publisher": ["publisher", "source", "outlet", "domain"],
}


def _default_fields() -> dict[str, list[str]]:
    return {key: list(names) for key, names in DEFAULT_FIELDS.items()}


@dataclass(slots=True)
class ReaderOptions:
    """Options shared by all readers.

    ``date`` is the fallback document date: it is used only when the input itself carries none (plain
    text, a record without a date column, an HTML page without date metadata); a date written in the
    input always wins. ``fields`` maps each contract field to candidate column names; entries given
    here replace the defaults for that field only. ``glob`` filters the files found in folders (and
    lifts the supported-extension filter). ``fix_mojibake`` repairs UTF-8 text that was decoded as
    cp1252/latin-1 somewhere upstream ("â€œ" -> "“") with ftfy.
    """

    date: date | None = None
    fields: dict[str, list[str]] = field(default_factory=_default_fields)
    glob: str | None = None
    fix_mojibake: bool = True

    def names(self, key: str) -> list[str]:
        """Candidate names for one contract field (the defaults when the caller did not override it)."""
        return self.fields.get(key) or DEFAULT_FIELDS[key]
