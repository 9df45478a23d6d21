"""JSON Lines (one object per line) and JSON (one object, an array of objects, or an object wrapping one).

A broken line or a record that is not an object is reported on its own ("path:line N", "path:item N")
and the rest of the file goes on. A ``.json`` file that turns out to hold several objects one per line
is read as JSON Lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from eventwire.model import Article, ReadError
from eventwire.readers.options import ReaderOptions
from eventwire.readers.records import kind_of, to_article


def read_lines(
    text: str | Iterable[str], source: str, options: ReaderOptions
) -> Iterator[Article | ReadError]:
    """Every line holds one JSON object; blank lines are skipped. ``text`` may be a stream of lines."""
    lines = text.split("\n") if isinstance(text, str) else text
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as err:
            yield ReadError(where, f"invalid JSON: {err.msg} (column {err.colno})")
            continue
        yield _record(value, where, options)


def read_document(text: str, source: str, options: ReaderOptions) -> Iterator[Article | ReadError]:
    """A whole-file JSON value: an object is one article, an array holds one article per item."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            yield from read_lines(text, source, options)
        else:
            yield ReadError(source, f"invalid JSON: {err.msg} (line {err.lineno}, column {err.colno})")
        return
    value = _unwrap(value, options)
    if isinstance(value, list):
        if not value:
            yield ReadError(source, "empty JSON array")
        for number, item in enumerate(value, start=1):
            yield _record(item, f"{source}:item {number}", options)
    else:
        yield _record(value, source, options)


def _record(value: Any, where: str, options: ReaderOptions) -> Article | ReadError:
    if not isinstance(value, dict):
        return ReadError(where, f"expected a JSON object, got {kind_of(value)}")
    return to_article(value, where, options)


def _unwrap(value: Any, options: ReaderOptions) -> Any:
    """An API response that wraps the articles ({"status": "ok", "articles": [...]}) -> the list.

    Only when the object has no text field of its own and exactly one of its values is a list of objects.
    """
    text_names = {name.lower() for name in options.names("text")}
    if not isinstance(value, dict) or any(str(k).lower() in text_names for k in value):
        return value
    lists = [v for v in value.values() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
    return lists[0] if len(lists) == 1 else value
