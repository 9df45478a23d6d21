"""Shared fixtures. Tests that read ../shared skip with a clear message when it is missing."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


@pytest.fixture
def user_state() -> Iterator[None]:
    """Leave the knowledge base and the environment as they were, whatever a test adds (exports of the
    user-file variables included: they are set in ``os.environ`` directly, as worker processes need)."""
    from eventwire.actors import institutions, kb

    names = (kb.ENV, institutions.ENV)
    env = {name: os.environ.pop(name, None) for name in names}
    saved = [(m, list(m._files.added), dict(m._files._texts)) for m in (kb, institutions)]
    kb._index.cache_clear()
    yield
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    for module, added, texts in saved:
        module._files.added[:] = added
        module._files._texts.clear()
        module._files._texts.update(texts)
    institutions.institutions.cache_clear()
    institutions.igo_codes.cache_clear()
    kb._index.cache_clear()
