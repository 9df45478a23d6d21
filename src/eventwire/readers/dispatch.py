"""From the user's inputs (files, folders, glob patterns, "-") to format readers, and nothing else.

The format comes from the file extension (``.gz`` is looked through), else from the content: a first
character ``{`` or ``[`` is JSON, ``<`` with HTML markup is HTML, a ``date YYYY-MM-DD`` line is the seed
format, a header line naming a text column is CSV, anything else plain text.
"""

from __future__ import annotations

import glob as globbing
import gzip
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from pathlib import Path

from eventwire.model import Article, ReadError
from eventwire.readers import jsonfile, parquet, seed, tabular, webpage
from eventwire.readers.decode import DecodeError, decode
from eventwire.readers.options import ReaderOptions

Result = Article | ReadError

#: Extension -> format. Folders are searched for these (also with a ``.gz`` suffix) unless a glob is given.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
#: Document formats that people drop into corpus folders: reported (not silently skipped) in folders.
UNSUPPORTED = {".pdf": "PDF", ".doc": "Word", ".docx": "Word", ".odt": "OpenDocument", ".rtf": "RTF"}
#: JSON Lines files larger than this are streamed instead of read whole.
STREAM_ABOVE = 64 * 1024 * 1024
_HEAD = 65536
_HTML = re.compile(r"<(!doctype html|html|head|body|article|p|div)[\s>]", re.IGNORECASE)


def read_inputs(inputs: Iterable[str | Path], options: ReaderOptions) -> Iterator[Result]:
    """Every article (or error) of every input, in order; see ``eventwire.readers.read``."""
    for item in inputs:
        yield from _read_input(item, options)


def _read_input(item: str | Path, options: ReaderOptions) -> Iterator[Result]:
    if str(item) == "-":
        yield from read_bytes(sys.stdin.buffer.read(), "<stdin>", "", options)
        return
    path = Path(item)
    if path.is_dir():
        for found in _walk(path, options.glob):
            if isinstance(found, OSError):
                yield ReadError(str(found.filename or path), f"cannot list folder: {found.strerror or found}")
            else:
                yield from read_file(found, options, in_folder=True)
    elif path.exists():
        yield from read_file(path, options)
    elif globbing.has_magic(str(item)):
        matches = sorted(globbing.glob(str(item), recursive=True))
        files = [Path(m) for m in matches if Path(m).is_file()]
        if not files:
            yield ReadError(str(item), "no file matches this pattern")
        for found in files:
            yield from read_file(found, options)
    else:
        yield ReadError(str(item), "no such file or directory")


def _walk(folder: Path, pattern: str | None) -> Iterator[Path | OSError]:
    """Files under ``folder`` (recursive, sorted, hidden files and folders skipped, symlinks not followed).

    Folders that cannot be listed are yielded as the OSError, for the caller to report.
    """
    problems: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=problems.append):
        yield from problems
        problems.clear()
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith("."):
                continue
            relative = path.relative_to(folder).as_posix()
            if pattern is not None:
                if fnmatch(relative if "/" in pattern else name, pattern):
                    yield path
            else:
                yield path  # unknown types too: read_file reads or reports them, never skips silently
    yield from problems  # the top folder itself could not be listed


def read_file(path: Path, options: ReaderOptions, in_folder: bool = False) -> Iterator[Result]:
    """The articles of one file. In a folder walk, document formats (PDF, Word) and files of unknown type
    that are not articles are reported with the reason, never skipped silently."""
    source = str(path)
    if in_folder and (kind := UNSUPPORTED.get(_suffix(path.name))):
        yield ReadError(source, f"unsupported format ({kind}); convert it to text first")
        return
    if parquet.is_parquet(path):
        yield from _guarded(parquet.read(path, options), source)
        return
    try:
        if _format_of(path.name) == "jsonl" and path.stat().st_size > STREAM_ABOVE:
            yield from _guarded(_stream_jsonl(path, options), source)
            return
        data = path.read_bytes()
    except OSError as err:
        yield ReadError(source, f"cannot read: {err.strerror or err}")
        return
    if in_folder and _format_of(path.name) is None and (reason := _not_an_article(data, path.name)):
        yield ReadError(source, reason)
        return
    yield from read_bytes(data, source, path.name, options)


def _not_an_article(data: bytes, name: str) -> str | None:
    """Why a file of unknown type found in a folder walk is not read, or None when its content is an
    article format (seed text, JSON, HTML, CSV) after all. Binary files get the decoder's reason."""
    if data.startswith(b"\x1f\x8b") or not data.strip():
        return None  # gzip and empty files: read_bytes reports or reads them
    try:
        text = decode(data)
    except DecodeError as err:
        return str(err)
    if sniff(text) != "text" or seed.is_seed(text.lstrip("\ufeff \t\r\n")[:4096]):
        return None
    kind = _suffix(name) or "no extension"
    return f"unknown file type ({kind}) and no 'date YYYY-MM-DD' line; rename it to .txt and give --date"


def _stream_jsonl(path: Path, options: ReaderOptions) -> Iterator[Result]:
    """Large JSON Lines files line by line (memory stays flat), when they start as plain UTF-8."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as stream:
        head = stream.read(_HEAD)
    head = head[: head.rfind(b"\n") + 1] or head
    try:
        decode(head)
        head.decode("utf-8")
    except (DecodeError, UnicodeDecodeError):  # BOM, UTF-16, binary...: the whole-file path decides
        yield from read_bytes(path.read_bytes(), str(path), path.name, options)
        return
    with opener(path, "rb") as stream:
        yield from jsonfile.read_lines((_line(raw) for raw in stream), str(path), options)


def _line(raw: bytes) -> str:
    """One line of a streamed file: UTF-8, or for a stray non-UTF-8 line cp1252 / latin-1 (never fails)."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_bytes(data: bytes, source: str, name: str, options: ReaderOptions) -> Iterator[Result]:
    """The articles in ``data``, read as the format its file name (or else its content) says."""
    yield from _guarded(_read_bytes(data, source, name, options), source)


def _guarded(results: Iterator[Result], source: str) -> Iterator[Result]:
    """A bug in a format reader must not end a long ingest: it becomes a ReadError for the rest of a file."""
    try:
        yield from results
    except (OSError, EOFError, zlib.error) as err:  # a file that breaks off while it is streamed
        yield ReadError(source, f"cannot read (stopped part-way): {err}")
    except Exception as err:  # the never-raise contract; the reason names the bug for a report
        yield ReadError(source, f"reader failed unexpectedly ({type(err).__name__}: {err}); please report")


def _read_bytes(data: bytes, source: str, name: str, options: ReaderOptions) -> Iterator[Result]:
    if data.startswith(b"\x1f\x8b"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as err:
            yield ReadError(source, f"broken gzip file: {err}")
            return
        name = name[:-3] if name.lower().endswith(".gz") else name
    if not data.strip():
        yield ReadError(source, "empty file" if not data else "empty text: the file has only whitespace")
        return
    try:
        text = decode(data)
    except DecodeError as err:
        yield ReadError(source, str(err))
        return
    kind = _format_of(name) or sniff(text)
    if kind == "html":
        yield from webpage.read(data, source, options)
    elif kind == "jsonl":
        yield from jsonfile.read_lines(text, source, options)
    elif kind == "json":
        yield from jsonfile.read_document(text, source, options)
    elif kind in ("csv", "tsv"):
        yield from tabular.read(text, source, options, "\t" if kind == "tsv" else None)
    else:
        yield from seed.read(text, source, options)


def sniff(text: str) -> str:
    """The format of content that came without a telling file name (stdin, unknown extensions)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("{"):
        first_line = head.split("\n", 1)[0].rstrip()
        return "jsonl" if first_line.endswith("}") else "json"
    if head.startswith("["):
        return "json"
    if head.startswith("<") and _HTML.search(head):
        return "html"
    if seed.is_seed(head):
        return "text"
    header = head.split("\n", 1)[0].lower()
    delimiter = next((d for d in tabular.DELIMITERS if d in header), None)
    if delimiter and any(c.strip().strip('"') in _TEXT_COLUMNS for c in header.split(delimiter)):
        return "csv"
    return "text"


_TEXT_COLUMNS = {"text", "full_text", "body", "content"}


def _suffix(name: str) -> str:
    suffixes = [s.lower() for s in Path(name).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _format_of(name: str) -> str | None:
    return FORMATS.get(_suffix(name))
