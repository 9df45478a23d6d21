"""Accent, case and separator folding for full-text search, the same on SQLite and PostgreSQL (issue 7).

SQLite's FTS5 tokenizer (``unicode61 remove_diacritics 2``) folds "Élysée" to "elysee", so a search for
"Elysee" finds it, and it splits words at every non-letter, curly quotes and dashes included. PostgreSQL's
``to_tsvector('simple', ...)`` does neither (in a database with the "C" locale, every non-ASCII character
counts as a letter, so “Macron” is the word '“macron”'), and its ``unaccent`` extension needs
``CREATE EXTENSION`` rights that a shared database may not grant. So the PostgreSQL store folds with plain
SQL functions (``sql_functions``: ``translate`` and ``regexp_replace``, built in and immutable, no
extension) over two tables made from SQLite's own tokenizer:

- ``data/search_fold.tsv``: letter -> letter (letters with diacritics to their base letter, non-ASCII
  capitals to small letters);
- ``data/search_separators.tsv``: the non-ASCII characters FTS5 splits words at, which become spaces.

The same function folds what is indexed (the generated ``search`` columns) and the query, so the two
always agree; the stored text is never changed, and snippets show it as written.

The tables are frozen into a migration step (``store/postgres.py``): a database keeps the folding it was
migrated with. Editing a table therefore needs a new migration step that replaces the functions and
refills the columns, exactly like step 7 does.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
TABLE = DATA / "search_fold.tsv"
SEPARATORS = DATA / "search_separators.tsv"


class FoldTableError(ValueError):
    """A folding table is malformed (the message names the file and the line)."""


def _lines(path: Path) -> list[tuple[str, list[str]]]:
    """(``file:line``, tab-separated fields) of every line that is not blank or a ``#`` comment."""
    return [(f"{path}:{number}", line.split("\t"))
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if line.strip() and not line.startswith("#")]


@cache
def table(path: Path = TABLE) -> dict[str, str]:
    """The folding table: one non-ASCII letter -> the one letter SQLite's FTS5 indexes it as.

    Validated on load: two tab-separated single characters per line, a non-ASCII source, no source twice,
    no quote, dollar or backslash (the table is written into SQL literals).
    """
    pairs: dict[str, str] = {}
    for where, fields in _lines(path):
        if len(fields) != 2 or len(fields[0]) != 1 or len(fields[1]) != 1:
            raise FoldTableError(f"{where}: expected 'letter<TAB>folded letter', got {fields!r}")
        source, target = fields
        if source.isascii() or any(c in "'$\\" for c in (source, target)):
            raise FoldTableError(f"{where}: {source!r} -> {target!r} cannot be folded (ASCII or SQL quote)")
        if source in pairs:
            raise FoldTableError(f"{where}: {source!r} is folded twice")
        pairs[source] = target
    if not pairs:
        raise FoldTableError(f"{path}: empty folding table")
    return pairs


@cache
def separators(path: Path = SEPARATORS) -> tuple[tuple[int, int], ...]:
    """The code point ranges (first, last) of the non-ASCII characters that separate words.

    Validated on load: two hexadecimal code points per line, first <= last, ascending and disjoint,
    above ASCII, in the Basic Multilingual Plane, no surrogates, and no letter of ``table()``.
    """
    ranges: list[tuple[int, int]] = []
    letters = {ord(c) for c in table()}
    for where, fields in _lines(path):
        try:
            first, last = (int(f, 16) for f in fields)
        except ValueError:
            raise FoldTableError(f"{where}: expected 'first<TAB>last' in hex, got {fields!r}") from None
        if not 0x80 <= first <= last <= 0xFFFF or (first <= 0xDFFF and last >= 0xD800):
            raise FoldTableError(f"{where}: {first:04X}..{last:04X} is not a non-ASCII BMP range")
        if ranges and first <= ranges[-1][1]:
            raise FoldTableError(f"{where}: {first:04X} is not after the previous range")
        if any(first <= c <= last for c in letters):
            raise FoldTableError(f"{where}: {first:04X}..{last:04X} holds a letter of {TABLE.name}")
        ranges.append((first, last))
    return tuple(ranges)


@cache
def _translation() -> dict[int, str]:
    mapping = {ord(k): v for k, v in table().items()}
    mapping.update((c, " ") for first, last in separators() for c in range(first, last + 1))
    return mapping


def fold(text: str) -> str:
    """``text`` with every letter of the table folded and every separator a space: what
    ``eventwire_fold`` does in PostgreSQL (which also turns runs of white space into one space, which
    changes nothing the search index holds)."""
    return text.translate(_translation())


def separator_class() -> str:
    """The separators as a regular-expression bracket expression (the characters themselves)."""
    return "[" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in separators()) + "]"


def sql_functions() -> str:
    """``CREATE OR REPLACE FUNCTION`` statements for ``eventwire_fold_word`` (the letters of one word: a
    ``translate`` with the table as its two strings) and ``eventwire_fold`` (any text).

    ``translate`` compares each character with the whole table (~1,000 letters): over a whole article
    that is ~40 ms. So ``eventwire_fold`` turns the separators into spaces (one ``regexp_replace``), then
    passes only the words holding a non-ASCII character through ``translate`` (a text that is all ASCII
    is returned as is), and joins the words again with single spaces: what the text-search parser makes
    of the text (its words and their positions) is the same, at ~1 ms per article.
    """
    pairs = table()
    source, target = "".join(pairs), "".join(pairs.values())
    return (
        "CREATE OR REPLACE FUNCTION eventwire_fold_word(w text) RETURNS text LANGUAGE sql IMMUTABLE STRICT"
        f" PARALLEL SAFE AS $fold$ SELECT translate(w, '{source}', '{target}') $fold$;\n"
        "CREATE OR REPLACE FUNCTION eventwire_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT"
        " PARALLEL SAFE AS $fold$ SELECT CASE WHEN octet_length(t) = char_length(t) THEN t ELSE"
        " (SELECT string_agg(CASE WHEN octet_length(w) = char_length(w) THEN w"
        " ELSE eventwire_fold_word(w) END, ' ' ORDER BY n)"
        f" FROM regexp_split_to_table(regexp_replace(t, '{separator_class()}', ' ', 'g'), '\\s+')"
        " WITH ORDINALITY AS words(w, n)) END $fold$;\n"
    )


def _sqlite_tokens(characters: list[int]) -> dict[int, list[str]]:
    """The FTS5 tokens of "q<c>q" for each code point c (``unicode61 remove_diacritics 2``)."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    conn.executemany("INSERT INTO t (rowid, x) VALUES (?, ?)", [(c, f"q{chr(c)}q") for c in characters])
    found: dict[int, list[str]] = {}
    for doc, term in conn.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
        found.setdefault(doc, []).append(term)
    conn.close()
    return found


def sqlite_pairs(first: int = 0x80, last: int = 0x3000) -> dict[str, str]:
    """SQLite's own folding of the letters in ``[first, last)``, read from an FTS5 index: how
    ``data/search_fold.tsv`` was made (``python -m eventwire.store.fold``) and what tests compare it with.
    Only letters folded to exactly one other letter are kept (``translate`` maps letters to letters)."""
    letters = [i for i in range(first, last)
               if unicodedata.category(chr(i)).startswith("L") and not 0xD800 <= i < 0xE000]
    found: dict[str, str] = {}
    for code, terms in _sqlite_tokens(letters).items():
        if len(terms) == 1 and len(terms[0]) == 3 and chr(code) != terms[0][1]:
            found[chr(code)] = terms[0][1]
    return found


def sqlite_separators() -> tuple[tuple[int, int], ...]:
    """The non-ASCII BMP characters FTS5 splits "q<c>q" at, as ranges: how ``data/search_separators.tsv``
    was made (``python -m eventwire.store.fold separators``) and what tests compare it with."""
    codes = [i for i in range(0x80, 0x10000) if not 0xD800 <= i < 0xE000]
    tokens = _sqlite_tokens(codes)
    ranges: list[list[int]] = []
    for code in codes:
        if tokens.get(code) == ["q", "q"]:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return tuple((a, b) for a, b in ranges)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] == ["separators"]:
        print("# Word separators for full-text search (store/fold.py): one range of code points a line,")
        print("# 'first<TAB>last' in hexadecimal. Made from SQLite's FTS5 tokenizer (unicode61")
        print("# remove_diacritics 2) with `python -m eventwire.store.fold separators`: the non-ASCII")
        print("# characters of the BMP it splits words at. Frozen into PostgreSQL migration step 7: a change")
        print("# needs a new migration step.")
        for a, b in sqlite_separators():
            print(f"{a:04X}\t{b:04X}")
    else:
        print("# Accent and case folding for full-text search (store/fold.py): one line per letter,")
        print("# 'letter<TAB>folded letter'. Made from SQLite's FTS5 tokenizer (unicode61")
        print("# remove_diacritics 2) with `python -m eventwire.store.fold`; letters it folds to nothing or")
        print("# to several are left out.")
        print("# Frozen into PostgreSQL migration step 7: a change needs a new migration step.")
        for letter, folded in sqlite_pairs().items():
            print(f"{letter}\t{folded}")
