"""HTML pages: the main text with trafilatura, the title kept, the date from the page's metadata.

Only metadata dates count (``<meta>`` tags, JSON-LD, ``<time>`` markup); trafilatura's extensive search
is switched off because it guesses from copyright footers and URLs ("(c) 2020" became 1 January 2020).
Without one, the fallback date applies. Paragraphs are separated by blank lines, as in the seed format,
and a first line that repeats the title (the page's h1) is dropped since the title is kept apart.
"""

from __future__ import annotations

from collections.abc import Iterator

from eventwire.model import Article, ReadError
from eventwire.readers.dates import DateError, parse_date
from eventwire.readers.decode import normalize
from eventwire.readers.options import ReaderOptions

_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def read(data: bytes | str, source: str, options: ReaderOptions) -> Iterator[Article | ReadError]:
    """One article from an HTML page (bytes are decoded by trafilatura, which honours meta charset)."""
    try:
        page = _extract(data, favor_precision=True) or _extract(data, favor_precision=False)
    except Exception as err:  # trafilatura/lxml raise many types on hostile markup; report, never crash
        yield ReadError(source, f"HTML extraction failed: {type(err).__name__}: {err}")
        return
    if page is None or not (page.text or "").strip():
        yield ReadError(source, "no article text found in the HTML page")
        return
    title = " ".join(normalize(page.title or "", options.fix_mojibake).split()) or None
    text = _paragraphs(normalize(page.text, options.fix_mojibake), title)
    if not text:
        yield ReadError(source, "no article text found in the HTML page (only the title)")
        return
    try:
        day = parse_date(page.date) if page.date else options.date
    except DateError as err:
        day = options.date
        if day is None:
            yield ReadError(source, f"page date: {err}")
            return
    if day is None:
        yield ReadError(source, "no date: none in the page metadata; give --date")
        return
    yield Article(
        id=Article.content_id(text, day),
        date=day,
        text=text,
        title=title,
        source=source,
        publisher=page.sitename or None,
        url=page.url or None,
    )


def _extract(data: bytes | str, favor_precision: bool):
    import trafilatura  # half a second to import: only paid when a page is actually read

    return trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=favor_precision,
        date_extraction_params=_DATE_PARAMS,
    )


def _paragraphs(text: str, title: str | None) -> str:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]
    return "\n\n".join(lines)
