"""Shared fixtures. Tests that read ../shared skip with a clear message when it is missing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLE = SHARED / "examples" / "2022-02-07-macron-biden-putin.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}; these tests need the development corpora")
    return SHARED


@pytest.fixture(scope="session")
def example_text(shared_dir: Path) -> str:
    if not EXAMPLE.is_file():
        pytest.skip(f"example article not found at {EXAMPLE}")
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nlp():
    from eventwire import nlp as nlp_layer

    return nlp_layer.load()


@pytest.fixture(scope="session")
def parse(nlp):
    return nlp


@pytest.fixture
def dct() -> date:
    return date(2022, 2, 7)


# -- store backends ------------------------------------------------------------------------------------
# EVENTWIRE_TEST_PG: URL of a throw-away PostgreSQL database (scripts/pg_cluster.sh start prints one).
# Each test gets its own fresh schema in it (search_path), dropped afterwards.

PG_ENV = "EVENTWIRE_TEST_PG"


@pytest.fixture
def pg_url():
    """URL of a fresh, empty PostgreSQL schema; skips when EVENTWIRE_TEST_PG is not set."""
    import os
    import uuid

    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql://... (see scripts/pg_cluster.sh)")
    import psycopg

    schema = f"ew_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield base + ("&" if "?" in base else "?") + f"options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """A URL for an empty store on each backend: SQLite always, PostgreSQL when EVENTWIRE_TEST_PG is set."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def backend_store(store_url: str):
    """An open, empty Store on each backend (see ``store_url``)."""
    from eventwire.store import Store

    with Store(store_url) as store:
        yield store
