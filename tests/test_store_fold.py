"""Search folds accents and case the same on SQLite and PostgreSQL (issue 7).

SQLite's FTS5 folds by itself; PostgreSQL folds through ``eventwire_fold`` (store/fold.py, migration step
7). The backend tests run on SQLite, and on PostgreSQL when EVENTWIRE_TEST_PG is set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventwire.store import Store, fold
from eventwire.store.postgres import PostgresDialect, pg_migrations
from eventwire.store.sql import SQLITE_MIGRATIONS, SQLiteDialect
from test_store import make_analysis

TEXT = (
    "Chile's foreign minister met Peru's president in Bogotá on Monday near the Élysée-style palace. "
    '"We will sign the pact in Zürich with São Tomé," the minister said. '
    "Aides called it the “Andes—Alps accord”."
)


def _load(store: Store) -> None:
    store.ingest(make_analysis(text=TEXT, article_id="acc"))
    store.ingest(make_analysis(article_id="plain"))  # the test module's plain text: no accents


@pytest.mark.parametrize(
    ("folded", "accented"),
    [
        ("Bogota", "Bogotá"),
        ("zurich", "ZÜRICH"),
        ("Elysee", "Élysée"),
        ("sao tome", "São Tomé"),
        ('"pact in Zurich"', '"pact in Zürich"'),
        ("Bogo*", "Bogó*"),
        ("elysee OR lima", "ÉLYSÉE OR Lima"),
        ("accord", "“accord”"),  # curly quotes and dashes separate words, as FTS5 has it
        ('"andes alps accord"', "“Andes—Alps”"),
    ],
)
def test_folded_and_accented_spellings_find_the_same(backend_store: Store, folded: str,
                                                     accented: str) -> None:
    _load(backend_store)
    hits = {(r["kind"], r["id"]) for r in backend_store.search(folded)}
    assert hits and hits == {(r["kind"], r["id"]) for r in backend_store.search(accented)}


def test_quotes_and_articles_are_both_folded(backend_store: Store) -> None:
    _load(backend_store)
    assert {(r["kind"], r["article_id"]) for r in backend_store.search("Sao Tome")} == {
        ("article", "acc"), ("quote", "acc")}
    assert {r["article_id"] for r in backend_store.search("bogota")} == {"acc"}


def test_snippets_show_the_original_accented_words(backend_store: Store) -> None:
    _load(backend_store)
    article = [r for r in backend_store.search("Bogota") if r["kind"] == "article"]
    assert len(article) == 1 and "[Bogotá]" in article[0]["snippet"]
    quote = [r for r in backend_store.search("zurich") if r["kind"] == "quote"]
    assert len(quote) == 1 and "[Zürich]" in quote[0]["snippet"]
    assert all("[" in r["snippet"] for r in backend_store.search("tom*"))


def test_store_made_before_folding_is_refilled(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store at schema 6 (no folding) gets step 7 on open, and its stored rows become foldable."""
    monkeypatch.setattr(SQLiteDialect, "migrations", SQLITE_MIGRATIONS[:6])
    monkeypatch.setattr(PostgresDialect, "migrations", pg_migrations()[:6])
    with Store(store_url) as old:
        _load(old)
        assert old.schema_version == 6
    monkeypatch.undo()
    with Store(store_url) as store:
        assert store.schema_version == 7
        assert {r["article_id"] for r in store.search("Zurich")} == {"acc"}
        assert {r["article_id"] for r in store.search("Zürich")} == {"acc"}


def test_postgres_fold_function_is_the_table(pg_url: str) -> None:
    table = fold.table()
    sample = "".join(table) + " Élysée, São Tomé; ZÜRICH plain ASCII"
    with Store(pg_url) as store:
        row = store.conn.execute("SELECT eventwire_fold(?), eventwire_fold('ascii only')",
                                 (sample,)).fetchone()
    assert row[0] == fold.fold(sample) and row[1] == "ascii only"
    assert "".join(table.values()) in row[0]


def test_fold_tables_are_what_sqlite_fts5_does() -> None:
    assert fold.table() == fold.sqlite_pairs()
    assert fold.separators() == fold.sqlite_separators()
    assert fold.fold("“Zürich”—Bogotá") == " Zurich  Bogota"
    assert fold.fold("Élysée ZÜRICH Москва") == "elysee ZuRICH москва"  # ASCII: the tokenizer lowercases


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("é\te\textra", "expected 'letter<TAB>folded letter'"),
        ("e\te", "cannot be folded"),
        ("é\t'", "cannot be folded"),
        ("é\te\né\te", "folded twice"),
    ],
)
def test_fold_table_is_validated(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "fold.tsv"
    path.write_text("# header\n" + line + "\n", encoding="utf-8")
    with pytest.raises(fold.FoldTableError, match=message) as error:
        fold.table(path)
    assert str(path) in str(error.value)


def test_odd_accented_tokens_search_and_highlight_without_error(backend_store: Store) -> None:
    """Words the text-search parser keeps whole (e-mail, URL, path, apostrophes, backslashes) still fold,
    and the highlight query built from them is always valid."""
    odd = ("Chile's foreign minister met Peru's president in Lima on Monday. Write to josé@example.org, "
           "see https://élysée.example.fr/a?b=c or C:\\dossiers\\été; l'Élysée's ‘naïve’ O'Brién. "
           '"We will sign the pact," the minister said.')
    backend_store.ingest(make_analysis(text=odd, article_id="odd"))
    for query in ("jose", "josé@example.org", "elysee", "l'Elysee", "naive", "ete", "O'Brien", "brie*", "é*"):
        assert isinstance(backend_store.search(query), list), query
    assert {r["article_id"] for r in backend_store.search("naive")} == {"odd"}
    assert any(re.search(r"\[‘?naïve’?\]", r["snippet"]) for r in backend_store.search("naive"))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("2000\t200G", "in hex"),
        ("0041\t0050", "not a non-ASCII BMP range"),
        ("D7FF\tD800", "not a non-ASCII BMP range"),
        ("2010\t2020\n2015\t2030", "not after the previous range"),
        ("00C0\t00C9", "holds a letter"),
    ],
)
def test_separator_table_is_validated(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "separators.tsv"
    path.write_text("# header\n" + line + "\n", encoding="utf-8")
    with pytest.raises(fold.FoldTableError, match=message) as error:
        fold.separators(path)
    assert str(path) in str(error.value)


def test_step_7_folds_on_postgres_only() -> None:
    from eventwire.store import _statements

    assert list(_statements(SQLITE_MIGRATIONS[6])) == []  # FTS5 folds by itself
    step = pg_migrations()[6]
    assert "CREATE OR REPLACE FUNCTION eventwire_fold(" in step and "eventwire_fold_word(" in step
    assert step.count("GENERATED ALWAYS AS") == 2 and step.count("CREATE INDEX") == 2
    assert all(letter in step for letter in fold.table())
