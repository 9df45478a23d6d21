"""Search paged by the database (issue 8 follow-up): ``Store.search_page`` and ``/api/search`` give exactly
the slice of ``Store.search``'s full list, and its length as the total, on both backends (PostgreSQL when
EVENTWIRE_TEST_PG is set). Texts are written for this test; hits tie on rank on purpose (same wording).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.store import Filters, Store
from test_store import make_analysis

QUERIES = ("trade", "minister", "trade OR Lima", '"trade pact"', 'trade "pact', "lim*", "nothingatall")
PAGES = ((1, 0), (3, 2), (5, 9), (50, 0), (4, 40), (2, 1000))


def _fill(store: Store) -> None:
    """Fourteen articles: the word "trade" repeated 0-3 times (so ranks differ and tie), dates spread."""
    for n in range(14):
        text = (
            "Chile's foreign minister met Peru's president in Lima on Monday. "
            + "Trade was on the table. " * (n % 4)
            + '"We will sign the trade pact in June," the minister said.'
        )
        day = date(2024, 1, 1) + timedelta(n * 9)
        store.ingest(make_analysis(text=text, article_id=f"s{n:02d}", day=day))


@pytest.mark.parametrize("query", QUERIES)
def test_pages_are_slices_of_the_full_list(backend_store: Store, query: str) -> None:
    _fill(backend_store)
    for dates in (Filters(), Filters(since="2024-02-01", until="2024-03-31")):
        full = backend_store.search(query, dates)
        for limit, offset in PAGES:
            paged = Filters(since=dates.since, until=dates.until, limit=limit, offset=offset)
            assert backend_store.search_page(query, paged) == (len(full), full[offset : offset + limit])
    if query != "nothingatall":
        assert len(backend_store.search(query)) > 5  # the pages above cut a real list


def test_api_search_pages_like_the_store(store_url: str) -> None:
    with Store(store_url) as store:
        _fill(store)
        full = store.search("trade")
    client = TestClient(create_app(store_url, static_dir=None))
    seen = []
    for offset in range(0, len(full) + 4, 4):
        page = client.get("/api/search", params={"q": "trade", "limit": 4, "offset": offset}).json()
        assert (page["total"], page["limit"], page["offset"]) == (len(full), 4, offset)
        seen += page["items"]
    assert seen == full and all("[" in hit["snippet"] for hit in full)
