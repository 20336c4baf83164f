"""Where the checks of a portfolio run: in this process, in a local process pool, or on Dask.

All three have one small interface, `map_batches(fn, batches)`: apply a picklable function to each
batch and yield each outcome as soon as it is there, in whatever order batches finish. A batch that
fails as a whole (its worker died, it could not be sent) is yielded as an error, never raised, so
the other batches carry on.

Dask is an optional extra (`pip install 'gapcheck[dask]'`) and is imported only when used.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

from gapcheck.errors import GapcheckError
from gapcheck.messages import _

KINDS = ("inprocess", "process", "dask")


@dataclass(frozen=True)
class Done:
    """The outcome of one batch: `value` is fn(batch), or `error` says why there is none."""

    index: int  # position of the batch in the sequence given to map_batches
    value: Any = None
    error: str | None = None


def _failure(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def default_workers() -> int:
    """The CPUs this process may use (fewer than the machine's inside a container or with taskset)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Executor:
    """Runs batches; use as a context manager so that workers are shut down."""

    name = "executor"
    workers = 1

    def map_batches(self, fn: Callable[[Any], Any], batches: Sequence[Any]) -> Iterator[Done]:
        raise NotImplementedError

    def close(self) -> None:
        """Release the workers."""

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


class InProcess(Executor):
    """Serial, in this process: for debugging, for tiny portfolios and as the benchmarks' baseline."""

    name = "inprocess"

    def map_batches(self, fn, batches):
        for index, batch in enumerate(batches):
            try:
                value = fn(batch)
            except Exception as error:
                yield Done(index, error=_failure(error))
            else:
                yield Done(index, value)


class ProcessPool(Executor):
    """A pool of worker processes on this machine (concurrent.futures)."""

    name = "process"

    def __init__(self, workers: int | None = None):
        self.workers = workers or default_workers()
        self._pool = ProcessPoolExecutor(max_workers=self.workers)

    def map_batches(self, fn, batches):
        futures = {self._pool.submit(fn, batch): index for index, batch in enumerate(batches)}
        try:
            for future in as_completed(futures):
                error = future.exception()
                yield Done(futures[future], error=_failure(error)) if error else Done(futures[future], future.result())
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class Dask(Executor):
    """Dask distributed: a running scheduler (tcp://HOST:PORT), or a LocalCluster started here.

    Workers of a remote cluster need gapcheck installed and the same paths to the inputs and the
    output folder (a shared file system), since checks are sent as paths, not file contents.
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None, *, processes: bool = True):
        try:
            import dask
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise GapcheckError(_("the Dask executor needs the dask extra: pip install 'gapcheck[dask]'")) from None
        self._cluster = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout="30s")
            except (OSError, TimeoutError) as error:
                raise GapcheckError(_("cannot reach the Dask scheduler at {scheduler}: {error}", scheduler=scheduler, error=error)) from None
            self.workers = max(1, sum(w["nthreads"] for w in self._client.scheduler_info()["workers"].values()))
        else:
            self.workers = workers or default_workers()
            # One thread per worker: the checks are CPU-bound Python, threads would only contend for the GIL.
            # The workers' statistical profiler samples that thread's stack every 10 ms, holding the
            # GIL: it cost the checks about a fifth of their speed.
            with dask.config.set({"distributed.worker.profile.enabled": False}):
                self._cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=processes,
                    dashboard_address=":0",  # its HTTP server starts anyway: any free port, never a clash on 8787
                    silence_logs=logging.ERROR,
                )
            self._client = Client(self._cluster)

    @property
    def client(self):
        return self._client

    def map_batches(self, fn, batches):
        from dask.distributed import as_completed as dask_completed

        futures = self._client.map(fn, list(batches), pure=False)
        positions = {future.key: index for index, future in enumerate(futures)}
        try:
            for future in dask_completed(futures):
                index = positions[future.key]
                if future.status == "finished":
                    yield Done(index, future.result())
                else:
                    error = future.exception()
                    yield Done(index, error=_failure(error) if error else _("task {status}", status=future.status))
                future.release()
        finally:
            self._client.cancel(futures)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(kind: str = "process", *, workers: int | None = None, scheduler: str | None = None) -> Executor:
    """An executor by its CLI name: inprocess, process (the default) or dask."""
    if kind == "inprocess":
        return InProcess()
    if kind == "process":
        return ProcessPool(workers)
    if kind == "dask":
        return Dask(scheduler, workers)
    raise ValueError(f"unknown executor {kind!r} (one of: {', '.join(KINDS)})")

