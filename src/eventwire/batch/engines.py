"""Where partitions run: a local process pool or a Dask cluster, behind one small interface.

Both engines run ``worker.run_task`` in worker processes that loaded the spaCy model once at start, and
both hand back futures the driver waits on, so the driver loop (``run.py``) is written once. They differ
only in how a crashed worker shows up:

- local: ``concurrent.futures.ProcessPoolExecutor`` (spawn context: no fork of a threaded driver, the
  same on every OS). A worker that dies breaks the whole pool (``BrokenProcessPool`` on every pending
  future); the engine starts a new pool and the driver resubmits those partitions.
- dask: ``distributed.Client`` on the given scheduler, or on a ``LocalCluster`` of ``workers`` processes
  with one thread each (spaCy is CPU-bound Python: threads would share one GIL). Dask itself reruns the
  tasks of a dead worker elsewhere; a partition that kept killing workers comes back as ``KilledWorker``.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from typing import Any, Literal, Protocol

from eventwire.batch import worker

EngineName = Literal["local", "dask"]
ENGINES: tuple[str, ...] = ("local", "dask")


class Engine(Protocol):
    """What the driver needs from an engine."""

    name: str
    slots: int  # partitions that run at the same time
    dashboard: str | None
    crash_breaks_all: bool  # a dead worker fails every pending future, not only its own
    max_attempts: int  # submissions of a partition whose worker died before it is given up

    def submit(self, task: worker.Task, attempt: int = 1) -> Any: ...

    def wait_any(self, futures: Iterable[Any]) -> set[Any]: ...

    def crashed(self, exc: BaseException) -> bool:
        """Whether ``exc`` (from a future) means a worker died, so the partition may be tried again."""
        ...

    def recover(self) -> None:
        """Get ready for resubmission after a crash (a new pool for the local engine)."""
        ...

    def close(self) -> None: ...


#: Set in every local worker, as Dask's nanny does for its workers (``distributed.nanny.pre-spawn-environ``):
#: one BLAS thread per process, since the processes already use every core. More threads only compete,
#: and a multi-threaded BLAS may sum in another order, so the two engines could tag a word differently.
WORKER_ENVIRON = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}

#: Dask settings for the workers of a LocalCluster (set them on a real cluster's workers too, see
#: docs/scale.md). Dask's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` so that freed memory
#: goes back to the OS at once; spaCy allocates and frees many small objects per article, and with that
#: setting the same partition took about 35% more CPU here (measured with a plain process pool). None
#: unsets it. The statistical profiler samples the running task every 10 ms under the GIL, for a
#: profile nobody reads in a batch.
DASK_WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ": {**WORKER_ENVIRON, "MALLOC_TRIM_THRESHOLD_": None},
    "distributed.worker.profile.enabled": False,
}


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables (those the user has not set) for the duration of the block."""
    added = {key: value for key, value in values.items() if key not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


def _ping(model: str | None) -> int:
    """A no-op task: it returns once a worker has started and loaded its model."""
    worker.warm_up(model)
    return os.getpid()


class LocalEngine:
    """A pool of ``workers`` spawned processes on this machine."""

    name = "local"
    dashboard: str | None = None
    crash_breaks_all = True
    max_attempts = 3  # a text that crashes spaCy kills every worker it meets

    def __init__(self, workers: int, model: str | None) -> None:
        self.slots = workers
        self.model = model
        self._pool = self._start()

    def _start(self) -> cf.ProcessPoolExecutor:
        pool = cf.ProcessPoolExecutor(
            max_workers=self.slots,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=worker.init_pool_worker,
            initargs=(self.model,),
        )
        # the workers are spawned by the first submissions and inherit the environment of that moment
        with _environment(WORKER_ENVIRON):
            pings = [pool.submit(_ping, self.model) for _ in range(self.slots)]
        # wait until the workers are up with their model, so start-up is not counted as throughput
        cf.wait(pings)
        return pool

    def submit(self, task: worker.Task, attempt: int = 1) -> cf.Future[worker.Report]:
        return self._pool.submit(worker.run_task, task)

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:
        done, _ = cf.wait(list(futures), return_when=cf.FIRST_COMPLETED)
        return set(done)

    def crashed(self, exc: BaseException) -> bool:
        from concurrent.futures.process import BrokenProcessPool

        return isinstance(exc, BrokenProcessPool)

    def recover(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """A ``distributed.Client`` on a scheduler address, or on a LocalCluster it starts and stops."""

    name = "dask"
    crash_breaks_all = False
    max_attempts = 1  # KilledWorker already means Dask tried it on allowed-failures + 1 workers

    def __init__(self, workers: int, model: str | None, scheduler: str | None, out_dir: str) -> None:
        import dask
        from distributed import Client, LocalCluster

        from eventwire.batch.dask_plugin import WarmUp

        self.model = model
        self._cluster = None
        if scheduler:
            self._client = Client(scheduler)
        else:
            with dask.config.set(DASK_WORKER_CONFIG):  # the nannies hand this config to their workers
                self._cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",
                    silence_logs=logging.ERROR,  # the progress bar and summary report; no nanny chatter
                )
            self._client = Client(self._cluster)
        try:
            self._client.register_plugin(WarmUp(model), name="eventwire-warm-up")
        except Exception as exc:  # the workers cannot load the model: a setup error, as for the local pool
            self.close()
            raise worker.WorkerError(f"worker cannot load the pipeline: {type(exc).__name__}: {exc}") from exc
        if scheduler is None:
            self._client.wait_for_workers(workers)
        info = self._client.scheduler_info()
        self.slots = max(1, sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()))
        self.dashboard = self._client.dashboard_link if "dashboard" in info.get("services", {}) else None
        # keys name the output folder too: two batches of the same articles on one scheduler stay apart
        self._salt = hashlib.sha256(out_dir.encode()).hexdigest()[:8]

    def submit(self, task: worker.Task, attempt: int = 1) -> Any:
        # a new key per attempt: the erred key of the last attempt may still be known to the scheduler
        key = f"eventwire-partition-{task.partition}-{self._salt}-{attempt}"
        return self._client.submit(worker.run_task, task, key=key, retries=0)

    def wait_any(self, futures: Iterable[Any]) -> set[Any]:
        from distributed import wait

        done, _ = wait(list(futures), return_when="FIRST_COMPLETED")
        return set(done)

    def crashed(self, exc: BaseException) -> bool:
        from distributed.scheduler import KilledWorker

        return isinstance(exc, KilledWorker)

    def recover(self) -> None:
        """Nothing to do: the scheduler already replaced the dead worker (the nanny restarts it)."""

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def start(engine: str, workers: int, model: str | None, scheduler: str | None, out_dir: str) -> Engine:
    """Start the named engine (blocks until its workers have loaded the model)."""
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if engine == "local":
        if scheduler:
            raise ValueError("--scheduler needs --engine dask")
        return LocalEngine(workers, model)
    if engine == "dask":
        return DaskEngine(workers, model, scheduler, out_dir)
    raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
