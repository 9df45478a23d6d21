"""Properties of the readers over arbitrary text (hypothesis)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Article
from eventwire.readers import ReaderOptions, read, read_bytes
from eventwire.readers.decode import article_text, normalize
from eventwire.readers.seed import dumps

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(text=st.text(min_size=1), day=DAYS)
def test_seed_round_trip_keeps_normalized_text(text: str, day: date) -> None:
    want = article_text(text)
    results = list(
        read_bytes(dumps(text, day).encode("utf-8", "surrogatepass"), "<mem>", "a.txt", ReaderOptions())
    )
    [result] = results
    if not want:
        assert not isinstance(result, Article)
        return
    assert isinstance(result, Article), result
    assert (result.text, result.date) == (want, day)
    assert result.id == Article.content_id(want, day)


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "\r" not in once and not any(ord(c) < 32 and c not in "\n\t" for c in once)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1).filter(article_text), day=DAYS)
def test_ids_are_stable_across_reads_and_formats(tmp_path: Path, text: str, day: date) -> None:
    import json

    seed_file = tmp_path / "a.txt"
    seed_file.write_text(dumps(text, day), encoding="utf-8", errors="surrogatepass")
    json_file = tmp_path / "a.jsonl"
    json_file.write_text(json.dumps({"date": day.isoformat(), "text": text}) + "\n", encoding="utf-8")
    first = list(read([seed_file]))
    again = list(read([seed_file]))
    as_json = list(read([json_file]))
    assert [a.id for a in first] == [a.id for a in again] == [a.id for a in as_json]


_PIECES = st.sampled_from(
    [
        "{",
        "}",
        "[",
        "]",
        '"',
        ",",
        "\n",
        "\r",
        "date ",
        "2022-02-30",
        "2022-02-07",
        "text",
        "id",
        "date",
        ":",
        "<html>",
        "<p>",
        "\x00",
        "\t",
        "null",
        "1e999",
        "â€œ",
        "\ufffd",
        " ",
        "x",
        "\u2028",
        "\\",
        "\\u0000",
    ]
)
_NAMES = st.sampled_from(["a.txt", "a.jsonl", "a.json", "a.csv", "a.tsv", "a.html", "a", "a.gz"])


@settings(max_examples=300, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=300),
        st.lists(_PIECES, max_size=40).map(lambda p: "".join(p).encode()),
    ),
    name=_NAMES,
    fallback=st.booleans(),
)
def test_any_bytes_give_articles_or_errors_never_exceptions(data: bytes, name: str, fallback: bool) -> None:
    options = ReaderOptions(date=date(2020, 1, 1) if fallback else None)
    for result in read_bytes(data, "<mem>", name, options):
        if isinstance(result, Article):
            assert result.text and result.text == result.text.strip()
            assert "\r" not in result.text and "\x00" not in result.text
        else:
            assert result.reason and "unexpectedly" not in result.reason
