"""CSV and TSV with a header row.

Rows are found by quote balance rather than by trusting the csv module to the end of the file: an
unterminated quoted field would otherwise swallow every row after it. Such a row is reported
("path:line N") and reading resumes on the next line, so one bad row costs one row. The delimiter is
TAB for ``.tsv``, else whichever of ``, ; TAB |`` the header line uses most.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from eventwire.model import Article, ReadError
from eventwire.readers.options import ReaderOptions
from eventwire.readers.records import to_article

DELIMITERS = (",", ";", "\t", "|")
# Article bodies are longer than the csv module's default 128 KiB field limit; 2**31-1 is the largest
# value every platform accepts. The limit is process-wide, and raising it harms no other reader.
csv.field_size_limit(2**31 - 1)


def read(
    text: str, source: str, options: ReaderOptions, delimiter: str | None = None
) -> Iterator[Article | ReadError]:
    """One article per data row; the first row names the columns."""
    header: list[str] | None = None
    for line_no, fields in _rows(text, delimiter):
        where = f"{source}:line {line_no}"
        if isinstance(fields, str):
            yield ReadError(where, fields)
        elif header is None:
            header = [name.strip() for name in fields]
        elif len(fields) > len(header):
            yield ReadError(where, f"row has {len(fields)} fields, the header has {len(header)}")
        else:
            values = dict.fromkeys(header, "")  # trailing empty columns are often left out
            values.update(zip(header, fields, strict=False))
            yield to_article(values, where, options)
    if header is None:
        yield ReadError(source, "empty CSV file (no header row)")


def _rows(text: str, delimiter: str | None) -> Iterator[tuple[int, list[str] | str]]:
    """(line number, fields) for each record, or (line number, reason) for a broken one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    delimiter = delimiter or _guess_delimiter(lines[0])
    start = 0
    while start < len(lines):
        if not lines[start].strip():
            start += 1
            continue
        end, quotes = start + 1, lines[start].count('"')
        while quotes % 2 and end < len(lines):
            quotes += lines[end].count('"')
            end += 1
        if quotes % 2:  # an odd number of quote characters: a quoted field never closed ("" come in pairs)
            yield start + 1, "unterminated quoted field"
            start += 1
            continue
        yield start + 1, _fields("\n".join(lines[start:end]), delimiter)
        start = end


def _fields(record: str, delimiter: str) -> list[str] | str:
    try:
        return next(csv.reader([record], delimiter=delimiter, strict=True))
    except csv.Error as err:
        return f"malformed CSV row: {err}"


def _guess_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","
