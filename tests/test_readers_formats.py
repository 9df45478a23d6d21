"""Each input format, written under tmp_path with sentences made up for these tests."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest

from eventwire.model import Article, ReadError
from eventwire.readers import ReaderOptions, read
from eventwire.readers.decode import DecodeError, decode, normalize

DAY = date(2023, 4, 11)


def _read(*paths: Path | str, **kw) -> list[Article | ReadError]:
    return list(read([str(p) for p in paths], ReaderOptions(**kw) if kw else None))


def _articles(results: list[Article | ReadError]) -> list[Article]:
    return [r for r in results if isinstance(r, Article)]


def _errors(results: list[Article | ReadError]) -> list[ReadError]:
    return [r for r in results if isinstance(r, ReadError)]


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# --- seed format and plain text ------------------------------------------------------------------


def test_seed_format_date_and_text(tmp_path: Path) -> None:
    content = "  date 2023-04-11 Envoys met in Vienna on Monday.\n\nA second paragraph.\n"
    path = _write(tmp_path / "a.txt", content)
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.date == DAY
    assert article.text == "Envoys met in Vienna on Monday.\n\nA second paragraph."
    assert article.source == str(path)
    assert article.id == Article.content_id(article.text, DAY)


def test_seed_date_wins_over_fallback(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", "date 2023-04-11 Talks ended.")
    [article] = _read(path, date=date(2020, 1, 1))
    assert article.date == DAY


def test_plain_text_needs_a_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "plain.txt", "The mayor resigned on Friday.\n")
    [error] = _read(path)
    assert isinstance(error, ReadError) and "no date" in error.reason and error.source == str(path)
    [article] = _read(path, date=DAY)
    assert article.date == DAY and article.text == "The mayor resigned on Friday."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("date 2023-02-29 Leap day that was not.", "impossible date"),
        ("date 2023-04-11   \n\n ", "nothing after the date line"),
        ("", "empty file"),
        (" \n\t\n", "only whitespace"),
    ],
)
def test_seed_problems_are_reported(tmp_path: Path, content: str, reason: str) -> None:
    [error] = _read(_write(tmp_path / "bad.txt", content))
    assert isinstance(error, ReadError) and reason in error.reason


# --- JSON Lines and JSON -----------------------------------------------------------------------


def test_jsonl_rows_fields_and_broken_lines(tmp_path: Path) -> None:
    rows = [
        json.dumps(
            {
                "doc_id": 7,
                "published": "2023-04-11T22:15:00-07:00",
                "headline": "Strike",
                "body": "Dock workers walked out.",
                "link": "https://example.org/7",
                "outlet": "Wire",
            }
        ),
        "{broken",
        json.dumps({"text": "No date in this row."}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "Second good row.", "date": "11 April 2023"}),
    ]
    path = _write(tmp_path / "rows.jsonl", "\n".join(rows) + "\n")
    results = _read(path)
    first, second = _articles(results)
    assert (first.id, first.date, first.title, first.url, first.publisher) == (
        "7",
        DAY,
        "Strike",
        "https://example.org/7",
        "Wire",
    )
    assert first.source == f"{path}:line 1"
    assert second.id == Article.content_id("Second good row.", DAY)
    errors = {e.source: e.reason for e in _errors(results)}
    assert set(errors) == {f"{path}:line 2", f"{path}:line 3", f"{path}:line 5"}
    assert "invalid JSON" in errors[f"{path}:line 2"]
    assert "no date" in errors[f"{path}:line 3"]
    assert "array" in errors[f"{path}:line 5"]


def test_record_type_errors(tmp_path: Path) -> None:
    rows = [
        {"id": "n", "date": "2023-04-11", "text": 42},
        {"id": "z", "date": "2023-04-11", "text": None},
        {"id": "w", "date": "2023-04-11", "text": "  "},
        {"id": "d", "date": "soon", "text": "x"},
        {"id": "i", "date": "2023-02-29", "text": "x"},
        {"id": "m", "date": "April 11", "text": "x"},
    ]
    path = _write(tmp_path / "t.jsonl", "\n".join(json.dumps(r) for r in rows))
    reasons = [e.reason for e in _read(path)]
    assert "'text' holds a number" in reasons[0]
    assert "'text' is null" in reasons[1]
    assert "'text' is empty" in reasons[2]
    assert "unreadable date" in reasons[3]
    assert "impossible date" in reasons[4]
    assert "incomplete date" in reasons[5]


def test_json_array_and_single_object(tmp_path: Path) -> None:
    items = [
        {"id": "a", "date": "2023-04-11", "text": "One."},
        "junk",
        {"id": "b", "date": "2023-04-12", "text": "Two."},
    ]
    array = _write(tmp_path / "many.json", json.dumps(items, indent=2))
    single = _write(tmp_path / "one.json", json.dumps(items[0]))
    results = _read(array, single)
    assert [a.id for a in _articles(results)] == ["a", "b", "a"]
    [error] = _errors(results)
    assert error.source == f"{array}:item 2"


def test_json_wrapper_object(tmp_path: Path) -> None:
    items = [{"id": "w1", "date": "2023-04-11", "text": "Wrapped."}, {"id": "w2", "text": "No date."}]
    path = _write(tmp_path / "api.json", json.dumps({"status": "ok", "total": 2, "articles": items}))
    results = _read(path)
    assert [a.id for a in _articles(results)] == ["w1"]
    assert [e.source for e in _errors(results)] == [f"{path}:item 2"]


def test_custom_field_names(tmp_path: Path) -> None:
    row = {"story": "Rebels seized the town.", "when": "2023-04-11"}
    path = _write(tmp_path / "x.jsonl", json.dumps(row))
    assert _errors(_read(path))
    [article] = _read(path, fields={"text": ["story"], "date": ["when"]})
    assert article.text == "Rebels seized the town."


def test_date_in_own_zone_not_utc(tmp_path: Path) -> None:
    row = {"text": "Late news.", "date": "2023-04-11T23:30:00-05:00"}
    path = _write(tmp_path / "z.jsonl", json.dumps(row))
    [article] = _read(path)
    assert article.date == DAY


# --- CSV and TSV --------------------------------------------------------------------------------


def test_csv_quoted_multiline_and_broken_rows(tmp_path: Path) -> None:
    content = (
        "ID,Date,Title,Text\n"
        'r1,2023-04-11,Vote,"Parliament voted on Tuesday.\n\nThe ""reform"" passed."\n'
        'r2,2023-04-11,Bad,"never closed\n'
        "r3,2023-04-12,Ok,Short row text\n"
        "r4,2023-04-12,Extra,a,b\n"
        "r5,2023-04-12\n"
    )
    path = _write(tmp_path / "t.csv", content)
    results = _read(path)
    r1, r3 = _articles(results)
    assert r1.text == 'Parliament voted on Tuesday.\n\nThe "reform" passed.' and r1.title == "Vote"
    assert r1.source == f"{path}:line 2" and r3.id == "r3"
    errors = {e.source: e.reason for e in _errors(results)}
    assert errors == {
        f"{path}:line 5": "unterminated quoted field",
        f"{path}:line 7": "row has 5 fields, the header has 4",
        f"{path}:line 8": "no text ('Text' is empty)",
    }


def test_csv_with_crlf_line_ends(tmp_path: Path) -> None:
    content = 'id,date,text\r\nq,2023-04-11,"Line one.\r\nLine two."\r\nr,2023-04-11,Plain.\r\n'
    a, b = _articles(_read(_write(tmp_path / "w.csv", content.encode())))
    assert (a.text, b.text, b.source.endswith(":line 4")) == ("Line one.\nLine two.", "Plain.", True)


def test_tsv_and_semicolon_csv(tmp_path: Path) -> None:
    tsv = _write(tmp_path / "t.tsv", "id\tdate\ttext\nx\t2023-04-11\tTroops, tanks and drones moved.\n")
    semi = _write(tmp_path / "s.csv", "id;date;text\ny;11.04.2023;Ministers met.\n")
    a, b = _articles(_read(tsv, semi))
    assert a.text == "Troops, tanks and drones moved." and b.id == "y"
    assert b.date == DAY  # dotted dates are day first


# --- HTML ----------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Ceasefire holds</title>
<meta property="article:published_time" content="2023-04-11T21:00:00-04:00">
<meta property="og:site_name" content="Example Wire"><script>var tracking = 1;</script></head>
<body><nav>Home | World | Sport</nav><article><h1>Ceasefire holds</h1>
<p>A ceasefire between the two militias held through Monday night, local officials said.</p>
<p>"We hope it lasts," said a council member in the northern town.</p></article>
<footer>All rights reserved 2019</footer></body></html>"""


def test_html_main_text_title_and_metadata_date(tmp_path: Path) -> None:
    [article] = _read(_write(tmp_path / "p.html", PAGE))
    assert isinstance(article, Article), article
    assert article.title == "Ceasefire holds" and article.date == DAY
    assert article.text.startswith("A ceasefire between the two militias")
    assert "\n\n" in article.text
    for junk in ("tracking", "Home | World", "rights reserved"):
        assert junk not in article.text


def test_html_without_metadata_uses_fallback_not_footer(tmp_path: Path) -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2023-04-11T21:00:00-04:00">', "")
    path = _write(tmp_path / "p.htm", page)
    [error] = _read(path)
    assert isinstance(error, ReadError) and "no date" in error.reason
    [article] = _read(path, date=date(2023, 5, 1))
    assert article.date == date(2023, 5, 1)


# --- inputs, folders, globs, stdin, gzip, encodings -------------------------------------------------


def test_folder_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", "date 2023-04-11 Second.")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub" / "c.jsonl", json.dumps({"date": "2023-04-11", "text": "Third."}))
    _write(tmp_path / "a.txt", "date 2023-04-11 First.")
    _write(tmp_path / "notes.md", "not an article")
    _write(tmp_path / ".hidden.txt", "date 2023-04-11 Hidden.")
    _write(tmp_path / "scan.pdf", b"%PDF-1.7 ...")
    results = _read(tmp_path)
    assert [a.text for a in _articles(results)] == ["First.", "Second.", "Third."]
    notes, scan = _errors(results)  # reported, never silently skipped
    assert notes.source.endswith("notes.md") and "unknown file type (.md)" in notes.reason
    assert scan.source.endswith("scan.pdf") and "unsupported format (PDF)" in scan.reason
    assert [a.text for a in _articles(_read(tmp_path, glob="*.jsonl"))] == ["Third."]


def test_glob_pattern_and_missing_paths(tmp_path: Path) -> None:
    _write(tmp_path / "x1.txt", "date 2023-04-11 One.")
    _write(tmp_path / "x2.txt", "date 2023-04-11 Two.")
    results = _read(tmp_path / "x*.txt", tmp_path / "nope.txt", tmp_path / "none*.csv")
    assert len(_articles(results)) == 2
    reasons = [e.reason for e in _errors(results)]
    assert reasons == ["no such file or directory", "no file matches this pattern"]


def test_stdin_detects_format(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    lines = "\n".join(json.dumps({"id": f"s{i}", "date": "2023-04-11", "text": f"Item {i}."}) for i in (1, 2))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    results = _read("-")
    assert [a.source for a in results] == ["<stdin>:line 1", "<stdin>:line 2"]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"date 2023-04-11 Seed on stdin.")))
    [article] = _read("-")
    assert article.source == "<stdin>" and article.date == DAY


def test_gzip_is_looked_through(tmp_path: Path) -> None:
    body = json.dumps({"id": "g", "date": "2023-04-11", "text": "Compressed."}).encode()
    path = _write(tmp_path / "c.jsonl.gz", gzip.compress(body))
    [article] = _read(path)
    assert article.id == "g"
    [article] = _read(tmp_path)
    assert article.id == "g"


def test_encodings_are_decoded(tmp_path: Path) -> None:
    text = "date 2023-04-11 Le président a reçu l’émissaire à Genève."
    want = "Le président a reçu l’émissaire à Genève."
    paths = [
        _write(tmp_path / "u8bom.txt", b"\xef\xbb\xbf" + text.encode()),
        _write(tmp_path / "u16.txt", text.encode("utf-16")),
        _write(tmp_path / "u16le.txt", text.encode("utf-16-le")),
        _write(tmp_path / "cp1252.txt", text.encode("cp1252")),
    ]
    assert [a.text for a in _read(*paths)] == [want] * 4


def test_binary_is_reported() -> None:
    with pytest.raises(DecodeError, match="PDF"):
        decode(b"%PDF-1.4\n...")
    with pytest.raises(DecodeError, match="NUL"):
        decode(bytes(range(256)) * 8)
    with pytest.raises(DecodeError, match="control characters"):
        decode(bytes(range(1, 32)) * 10 + b"\xff")
    assert decode(b"dirt\x00 in text") == "dirt\x00 in text"  # normalize removes it later


def test_normalize() -> None:
    assert normalize("a\r\nb\rc\fd") == "a\nb\nc\nd"
    assert normalize("Leaders\x00 met\x07 in\x1b[31m Paris\x1b[0m.\t!") == "Leaders met in Paris.\t!"
    assert normalize("Cafe\u0301") == "Café"
    assert normalize("\u201cQuoted\u201d \u200b kept") == "\u201cQuoted\u201d \u200b kept"
    assert normalize("He said â€œnoâ€\ufffd today") == "He said \u201cno\u201d today"
    assert normalize("He said â€œnoâ€\ufffd today", fix_mojibake=False) == "He said â€œnoâ€\ufffd today"


def test_reused_id_with_other_content_is_reported(tmp_path: Path) -> None:
    rows = [{"id": "k", "date": "2023-04-11", "text": t} for t in ("Same.", "Same.", "Different.")]
    path = _write(tmp_path / "dup.jsonl", "\n".join(json.dumps(r) for r in rows))
    results = _read(path)
    assert [type(r).__name__ for r in results] == ["Article", "Article", "ReadError"]
    assert f"{path}:line 1" in results[2].reason


def test_metadata_objects_do_not_fail_the_article(tmp_path: Path) -> None:
    row = {
        "id": 5,
        "date": "2023-04-11",
        "text": "Body.",
        "source": {"id": None, "name": "Daily Example"},
        "title": ["not", "a", "title"],
    }
    [article] = _read(_write(tmp_path / "api.json", json.dumps(row)))
    assert (article.id, article.publisher, article.title) == ("5", "Daily Example", None)


def test_large_jsonl_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.readers import dispatch

    monkeypatch.setattr(dispatch, "STREAM_ABOVE", 100)
    monkeypatch.setattr(dispatch, "_HEAD", 300)
    monkeypatch.setattr(dispatch, "read_bytes", None)  # the whole-file path must not be taken
    rows = [json.dumps({"id": f"L{i}", "date": "2023-04-11", "text": f"Row {i} \u00e9."}) for i in range(50)]
    rows[10] = "{oops"
    path = _write(
        tmp_path / "big.jsonl", "\n".join(rows).encode() + b"\n" + b'{"id": "x", "text": "caf\xe9"}\n'
    )
    results = _read(path)
    assert len(_articles(results)) == 49 and [e.source for e in _errors(results)] == [
        f"{path}:line 11",
        f"{path}:line 51",
    ]
    assert _articles(results)[0].text == "Row 0 é."
    assert "no date" in _errors(results)[1].reason


def test_mojibake_data_file_is_validated(tmp_path: Path) -> None:
    from eventwire.readers.decode import load_lossy, lossy_sequences

    assert lossy_sequences()  # the bundled file loads
    bad = _write(tmp_path / "m.yaml", 'lossy:\n  - broken: "x"\n    fixed: ""\n    why: "test"\n')
    with pytest.raises(ValueError, match=r"m\.yaml entry 0"):
        load_lossy(bad)
    with pytest.raises(ValueError, match="top-level key"):
        load_lossy(_write(tmp_path / "n.yaml", "other: 1\n"))


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2023-04-11T23:30:00-05:00", DAY),
        ("Tue, 11 Apr 2023 23:00:00 EST", DAY),
        ("April 11, 2023 11:30 PM IST", DAY),
        ("11 April 2023", DAY),
        ("04/11/2023", DAY),
        ("11.04.2023", DAY),
        (1681171200, DAY),
        ("1681171200000", DAY),
    ],
)
def test_date_formats(written: object, day: date) -> None:
    from eventwire.readers.dates import parse_date

    assert parse_date(written) == day
