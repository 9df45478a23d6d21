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
