"""The Dask worker plugin, apart so that importing the batch package does not import distributed."""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from eventwire.batch.worker import warm_up


class WarmUp(WorkerPlugin):
    """Load the spaCy model when a worker starts, and again in the worker that replaces a dead one.

    Registered by name, so the scheduler gives it to every worker that joins later: no partition ever
    pays for loading the model.
    """

    idempotent = True

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        warm_up(self.model)
