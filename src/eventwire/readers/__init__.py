"""Readers: every supported input becomes ``Article`` objects, every problem a ``ReadError``.

``read(inputs, options)`` takes files, folders (recursive; filtered by ``options.glob`` when given),
glob patterns and "-" for stdin, and never raises for bad input.

Formats (one module each, chosen by ``dispatch``):

- seed format (``seed.py``): ``date YYYY-MM-DD`` then the text on the same line; plain ``.txt`` without
  the date line needs ``options.date``;
- JSON Lines / JSON (``jsonfile.py``), CSV / TSV (``tabular.py``): columns are mapped with
  ``options.fields`` (``records.py``); each broken line or row is reported as ``path:line N`` (JSON
  arrays: ``path:item N``) and the rest of the file goes on;
- HTML (``webpage.py``): main text via trafilatura, title kept, date from page metadata only;
- Parquet (``parquet.py``): one article per row, columns mapped like CSV, read in row batches;
- any of them gzip-compressed. JSON Lines files over 64 MiB are streamed line by line.

Folders are walked recursively in sorted order; hidden files and folders are skipped. Nothing else is
skipped silently: document formats people expect to work (PDF, Word, RTF, ODT) are reported as
unsupported, and a file of unknown type is read when its content is an article format (a seed date line,
JSON, HTML, CSV) and reported otherwise (binary content, or text with no date). A file named explicitly
is always tried, its format sniffed when the extension does not tell.

Decisions:

- Encodings (``decode.py``): UTF-8 with or without BOM; UTF-16/32 with BOM and UTF-16 without BOM
  (recognised by its NUL pattern) are decoded; other non-UTF-8 bytes are decoded as cp1252, or latin-1
  where cp1252 has no mapping, when they look like text. So latin-1 and UTF-16 files are *read*, not
  reported. Binary files (a known signature such as ``%PDF``, NUL bytes outside valid UTF-8, or, when the
  encoding had to be guessed, >10% control characters) are reported.
- Text normalization (offsets refer to the result, which is ``Article.text``): CR LF / CR / FF / VT ->
  LF; ANSI escape sequences and control characters other than LF and TAB removed; mojibake repaired
  with ftfy (``options.fix_mojibake``, on by default: UTF-8 read as cp1252 is common in scraped corpora);
  NFC; leading and trailing whitespace stripped. Everything else is kept as written.
- Dates (``dates.py``): the calendar date as written in the input's own time zone; impossible or
  incomplete dates are errors. A date in the input wins over ``options.date``, which is the fallback.
- Ids: the given id, else ``Article.content_id(text, date)``. Within one ``read`` call an id that comes
  back with *different* content is reported (a store keyed by id would silently replace the first
  article); an exact repeat is passed on, since storing it again changes nothing.
- ``source``: the path; ``path:line N`` / ``path:item N`` for multi-record files; ``<stdin>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from eventwire.model import Article, ReadError
from eventwire.readers.dispatch import FORMATS, read_bytes, read_inputs, sniff
from eventwire.readers.options import DEFAULT_FIELDS, ReaderOptions

__all__ = [
    "DEFAULT_FIELDS",
    "FORMATS",
    "Article",
    "ReadError",
    "ReaderOptions",
    "read",
    "read_bytes",
    "sample_dir",
    "sniff",
]


def sample_dir() -> Path:
    """The bundled demo corpus (``eventwire/sample``): 8 articles in every supported format."""
    return Path(__file__).resolve().parents[1] / "sample"


def read(inputs: Iterable[str | Path], options: ReaderOptions | None = None) -> Iterator[Article | ReadError]:
    """Read every input lazily, yielding Articles and ReadErrors in input order; never raises on bad input."""
    options = options or ReaderOptions()
    seen: dict[str, tuple[str, str | None]] = {}
    for result in read_inputs(inputs, options):
        if isinstance(result, Article):
            # 16 hex digits of the hash are plenty to tell two articles apart and keep memory small.
            first = seen.setdefault(result.id, (result.content_hash[:16], result.source))
            if first[0] != result.content_hash[:16]:
                result = ReadError(
                    result.source or "?",
                    f"id {result.id!r} was already used by {first[1]} for a different article",
                )
        yield result
