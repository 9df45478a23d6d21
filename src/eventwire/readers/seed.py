"""The seed format and plain text.

Seed format: optional leading whitespace, the word ``date``, an ISO date, then the article text on the
same line; paragraphs are separated by blank lines (``dumps`` writes it). Plain text is the same without
the date line, so it needs the fallback date (``ReaderOptions.date``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from eventwire.model import Article, ReadError
from eventwire.readers.dates import DateError, parse_date
from eventwire.readers.decode import article_text
from eventwire.readers.options import ReaderOptions

DATE_LINE = re.compile(r"\A\s*date:?[ \t]+(\d{4}-\d{1,2}-\d{1,2})(?=\s|\Z)[ \t]*")


def is_seed(text: str) -> bool:
    """Whether the text starts with a seed-format date line."""
    return DATE_LINE.match(text) is not None


def read(text: str, source: str, options: ReaderOptions) -> Iterator[Article | ReadError]:
    """One article from a seed-format or plain-text file (already decoded).

    Only the body is normalized, never the date line with it: mojibake repair looks at its whole input,
    and the same body must give the same text (and id) whether it came in a seed file or a JSON record.
    """
    match = DATE_LINE.match(text)
    if match:
        try:
            day = parse_date(match.group(1))
        except DateError as err:
            yield ReadError(source, f"date line: {err}")
            return
        body, empty = text[match.end() :], "empty text: nothing after the date line"
    elif not text.strip():
        yield ReadError(source, "empty text: the file has only whitespace" if text else "empty file")
        return
    elif options.date is not None:
        day, body, empty = options.date, text, "empty text: only control characters"
    else:
        yield ReadError(source, "no date: plain text without a 'date YYYY-MM-DD' line; give --date")
        return
    body = article_text(body, options.fix_mojibake)
    if not body:
        yield ReadError(source, empty)
        return
    yield Article(id=Article.content_id(body, day), date=day, text=body, source=source)


def dumps(article_text: str, day: date) -> str:
    """Write one article in the seed format; ``read`` gives the same (normalized, stripped) text back."""
    return f"date {day.isoformat()} {article_text}\n"
