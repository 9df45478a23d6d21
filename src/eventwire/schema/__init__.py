"""The JSON Schema of eventwire's public output (one Analysis per article), and a validator for it."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator


@cache
def analysis_schema() -> dict[str, Any]:
    return json.loads(resources.files(__package__).joinpath("analysis.schema.json").read_text("utf-8"))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(analysis_schema())


def validation_errors(analysis_json: dict[str, Any]) -> list[str]:
    """Every way ``analysis_json`` breaks the contract, as readable messages (empty when it is valid)."""
    return [
        f"{'/'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}"
        for err in sorted(_validator().iter_errors(analysis_json), key=lambda e: list(e.absolute_path))
    ]
