"""The readers on the shared corpora: awkward inputs, the VOA stories, the India corpus and the example."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from eventwire.model import Article, ReadError
from eventwire.readers import ReaderOptions, read

pytestmark = pytest.mark.shared

# What bad_inputs/README.md asks for: these files (and the ok-* rows of broken.jsonl, c1 of broken.csv)
# must be read; every other file or row must be reported with its path (and line) and a reason.
GOOD_FILES = {
    "good_seed_format.txt",
    "control_chars.txt",
    "mixed_newlines.txt",
    "latin1.txt",
    "utf16.txt",
    "huge_one_paragraph.txt",
    "page.html",
}
BAD_FILES = {
    "binary.bin": "binary",
    "truncated.pdf": "PDF",
    "empty.txt": "empty",
    "whitespace_only.txt": "empty",
    "date_only.txt": "empty",
    "impossible_date.txt": "impossible date",
    "no_date.txt": "no date",
}


def _by_name(results: list[Article | ReadError]) -> dict[str, list[Article | ReadError]]:
    found: dict[str, list[Article | ReadError]] = {}
    for r in results:
        assert r.source is not None
        found.setdefault(Path(r.source.split(":line ")[0]).name, []).append(r)
    return found


def _bad_input_files(shared_dir: Path) -> list[Path]:
    return sorted(p for p in (shared_dir / "corpora" / "bad_inputs").iterdir() if p.name != "README.md")


def test_bad_inputs_each_file(shared_dir: Path) -> None:
    # page.html has no date metadata, so it is read with a fallback date (as `--date` would give).
    results = _by_name(list(read(_bad_input_files(shared_dir))))
    for name in GOOD_FILES - {"page.html"}:
        [article] = results[name]
        assert isinstance(article, Article), (name, article)
        assert article.text.strip() and "\r" not in article.text and "\x00" not in article.text
    for name, reason in BAD_FILES.items():
        [error] = results[name]
        assert isinstance(error, ReadError) and reason in error.reason, (name, error)
        assert error.source.endswith(name)
    [page_error] = results["page.html"]
    assert isinstance(page_error, ReadError) and "no date" in page_error.reason


def test_bad_inputs_specific_content(shared_dir: Path) -> None:
    results = _by_name(list(read(_bad_input_files(shared_dir), ReaderOptions(date=date(2020, 6, 1)))))
    text = {name: r[0].text for name, r in results.items() if isinstance(r[0], Article)}
    assert text["latin1.txt"] == "Le ministre français a rencontré son homologue à Berlin."
    assert text["utf16.txt"] == text["good_seed_format.txt"]
    assert text["control_chars.txt"].startswith("Leaders met in Paris")
    assert text["mixed_newlines.txt"].split("\n") == [
        "First paragraph.",
        "",
        "Second paragraph with “an unbalanced quote.",
        "Third.",
    ]
    assert text["page.html"] == "Qatar hosted US and Taliban negotiators in Doha on Saturday, officials said."
    assert results["page.html"][0].title == "Talks in Doha"
    assert len(text["huge_one_paragraph.txt"]) > 1_000_000


def test_bad_inputs_rows(shared_dir: Path) -> None:
    folder = shared_dir / "corpora" / "bad_inputs"
    csv_results = list(read([folder / "broken.csv"]))
    assert [a.id for a in csv_results if isinstance(a, Article)] == ["c1"]
    csv_errors = [e for e in csv_results if isinstance(e, ReadError)]
    assert len(csv_errors) == 3 and all(":line " in e.source and e.reason for e in csv_errors)

    jsonl = list(read([folder / "broken.jsonl"]))
    articles = [a for a in jsonl if isinstance(a, Article)]
    assert {a.id for a in articles} == {"ok-1", "ok-2"}
    ok2 = next(a for a in articles if a.id == "ok-2")
    assert ok2.date == date(2024, 3, 6) and ok2.title == "Talks"
    errors = [e for e in jsonl if isinstance(e, ReadError)]
    assert len(errors) == 7  # not JSON, no text, null text, bad date, number text, reused id, an array
    assert all(e.source.startswith(f"{folder / 'broken.jsonl'}:line ") for e in errors)
    reused = [e for e in errors if "already used" in e.reason]
    assert len(reused) == 1  # the different article under ok-1 must not replace the first one


def test_bad_inputs_folder_never_raises(shared_dir: Path) -> None:
    results = list(read([shared_dir / "corpora" / "bad_inputs"]))
    assert any(isinstance(r, Article) for r in results)
    # binary.bin has no supported extension: a folder walk skips it; truncated.pdf is reported.
    assert any(isinstance(r, ReadError) and r.source.endswith("truncated.pdf") for r in results)


def test_voa_gives_89_articles(shared_dir: Path) -> None:
    results = list(read([shared_dir / "corpora" / "voa" / "voa_stories.jsonl"]))
    assert len(results) == 89 and all(isinstance(r, Article) for r in results)
    assert len({r.id for r in results}) == 89
    assert all(r.title and r.url and r.text for r in results if isinstance(r, Article))


def test_example_article(shared_dir: Path) -> None:
    [article] = read([shared_dir / "examples" / "2022-02-07-macron-biden-putin.txt"])
    assert isinstance(article, Article)
    assert article.date == date(2022, 2, 7)
    assert article.text.startswith("French President")


def test_india_mojibake_is_repaired(shared_dir: Path) -> None:
    results = list(read([shared_dir / "corpora" / "india_police_events" / "metadata.jsonl"]))
    articles = [r for r in results if isinstance(r, Article)]
    assert len(articles) == len(results) == 1257
    assert not any("â€" in a.text for a in articles)
    raw = list(
        read(
            [shared_dir / "corpora" / "india_police_events" / "metadata.jsonl"],
            ReaderOptions(fix_mojibake=False),
        )
    )
    assert sum("â€" in a.text for a in raw if isinstance(a, Article)) > 100
