"""One record (a JSON object or a CSV row) to an Article, via the configurable field names.

Shared by the JSON, JSONL and CSV/TSV readers so that every tabular format maps columns, checks types
and reports problems the same way. Column names match case-insensitively; the first candidate that is
present with a non-empty value wins.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventwire.model import Article, ReadError
from eventwire.readers.dates import DateError, parse_date
from eventwire.readers.decode import article_text, normalize
from eventwire.readers.options import ReaderOptions


class RecordError(ValueError):
    """The record cannot become an Article; the message is the reason."""


def to_article(record: dict[str, Any], source: str, options: ReaderOptions) -> Article | ReadError:
    """Build the Article for one record, or the ReadError that says what is missing or malformed."""
    try:
        return _article(record, source, options)
    except (RecordError, DateError) as err:
        return ReadError(source, str(err))


def _article(record: dict[str, Any], source: str, options: ReaderOptions) -> Article:
    columns = {str(key).strip().lower(): key for key in record}
    text = _text(record, columns, options)
    day = _date(record, columns, options)
    given_id = _optional(record, columns, options, "id")
    return Article(
        id=given_id or Article.content_id(text, day),
        date=day,
        text=text,
        title=_optional(record, columns, options, "title", clean=True),
        source=source,
        publisher=_optional(record, columns, options, "publisher", clean=True),
        url=_optional(record, columns, options, "url"),
    )


def _lookup(record: dict[str, Any], columns: dict[str, Any], names: list[str]) -> tuple[str | None, Any]:
    """The first candidate column present with a value that is not empty: (column, value)."""
    first_present: tuple[str | None, Any] = (None, None)
    for name in names:
        key = columns.get(name.lower())
        if key is None:
            continue
        value = record[key]
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return str(key), value
        if first_present[0] is None:
            first_present = (str(key), value)
    return first_present


def _text(record: dict[str, Any], columns: dict[str, Any], options: ReaderOptions) -> str:
    names = options.names("text")
    column, value = _lookup(record, columns, names)
    if column is None:
        raise RecordError(f"no text (no column named {', '.join(names)})")
    if value is None:
        raise RecordError(f"no text ({column!r} is null)")
    if not isinstance(value, str):
        raise RecordError(f"{column!r} holds {kind_of(value)}, not a string")
    text = article_text(value, options.fix_mojibake)
    if not text:
        raise RecordError(f"no text ({column!r} is empty)")
    return text


def _date(record: dict[str, Any], columns: dict[str, Any], options: ReaderOptions) -> date:
    names = options.names("date")
    column, value = _lookup(record, columns, names)
    if value is None or (isinstance(value, str) and not value.strip()):
        if options.date is not None:
            return options.date
        where = f"{column!r} is empty" if column else f"no column named {', '.join(names)}"
        raise RecordError(f"no date ({where}); give a fallback date (--date)")
    try:
        return parse_date(value)
    except DateError as err:
        raise RecordError(f"{err} (column {column!r})") from None


def _optional(
    record: dict[str, Any], columns: dict[str, Any], options: ReaderOptions, key: str, clean: bool = False
) -> str | None:
    """A metadata field as a string, or None when absent or unusable; it never fails the article.

    Numbers are fine (ids often are); an object contributes its "name" (news APIs write
    ``"source": {"name": "..."}``); arrays and booleans are ignored.
    """
    _, value = _lookup(record, columns, options.names(key))
    if isinstance(value, dict):
        value = value.get("name")
    if value is None or isinstance(value, bool | dict | list):
        return None
    value = str(value).strip()
    if clean:
        value = " ".join(normalize(value, options.fix_mojibake).split())
    return value or None


def kind_of(value: Any) -> str:
    """How a JSON value's type reads in an error message."""
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
