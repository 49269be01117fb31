"""Index updates started by `POST /api/index`: each runs in a background thread through the
Articles tab's own update (`ui.web.library.run_update`: the same lock, the same writer
lock), reporting its progress to `GET /api/jobs/{id}`. Questions are answered from the live
generation meanwhile."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Literal

from index.core.errors import NewsQAError
from index.core.settings import Settings
from index.update.report import IndexReport
from ui.api.errors import ApiError, api_error
from ui.web.library import run_update, update_running

log = logging.getLogger(__name__)

JobState = Literal["running", "done", "failed"]


@dataclass(frozen=True)
class JobView:
    """What `GET /api/jobs/{id}` says of a job at one moment.

    - `state`: "running", "done" or "failed"; `progress` in [0, 1] and `stage` its words.
    - `report`: the update's IndexReport once done; `error` the message when it failed.
    """

    job_id: str
    state: JobState
    progress: float
    stage: str
    started_at: float
    finished_at: float | None
    report: IndexReport | None
    error: str | None
    error_code: str | None


@dataclass
class Job:
    """One update, changed by its thread under the registry's lock."""

    job_id: str
    started_at: float = field(default_factory=time.time)
    state: JobState = "running"
    progress: float = 0.0
    stage: str = "Starting"
    finished_at: float | None = None
    report: IndexReport | None = None
    error: str | None = None
    error_code: str | None = None

    def view(self) -> JobView:
        return JobView(
            job_id=self.job_id,
            state=self.state,
            progress=self.progress,
            stage=self.stage,
            started_at=self.started_at,
            finished_at=self.finished_at,
            report=self.report,
            error=self.error,
            error_code=self.error_code,
        )


class IndexJobs:
    """The update jobs of this server: one runs at a time; the last KEPT are remembered."""

    KEPT = 50

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()

    def start(self) -> JobView:
        """Start an update; ApiError 409 while one runs (with the running job's id when it
        was started here)."""
        with self._lock:
            running = next((j for j in self._jobs.values() if j.state == "running"), None)
            if running is not None:
                raise ApiError(
                    409,
                    f"An index update is already running (job {running.job_id}) - follow it at "
                    f"/api/jobs/{running.job_id}",
                    code="update_running",
                    extra={"job_id": running.job_id},
                )
            if update_running():
                raise ApiError(
                    409,
                    "An index update started in the Articles tab is running - wait for it",
                    code="update_running",
                )
            job = Job(job_id=uuid.uuid4().hex[:16])
            self._jobs[job.job_id] = job
            while len(self._jobs) > self.KEPT:
                self._jobs.popitem(last=False)
            view = job.view()
        # A daemon: an update stopped halfway leaves the live index as it was (generations).
        threading.Thread(
            target=self._run, args=(job,), name=f"index-{job.job_id}", daemon=True
        ).start()
        return view

    def view(self, job_id: str) -> JobView:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                raise ApiError(
                    404,
                    f"No index job {job_id!r} on this server (jobs are kept until it restarts)",
                    code="job_not_found",
                    param="job_id",
                )
            return job.view()

    def running(self) -> JobView | None:
        with self._lock:
            return next((j.view() for j in self._jobs.values() if j.state == "running"), None)

    def _run(self, job: Job) -> None:
        def moved(fraction: float, stage: str) -> None:
            with self._lock:
                job.progress, job.stage = round(fraction, 4), stage

        try:
            report = run_update(self.settings, moved)
        except NewsQAError as err:
            self._finish(job, error=str(err), code=api_error(err).code)
        except Exception as err:
            log.exception("index job %s failed", job.job_id)
            message = f"The update failed ({type(err).__name__}; details are in the server log)"
            self._finish(job, error=message, code="server_error")
        else:
            self._finish(job, report=report)

    def _finish(
        self,
        job: Job,
        *,
        report: IndexReport | None = None,
        error: str | None = None,
        code: str | None = None,
    ) -> None:
        with self._lock:
            job.state = "failed" if error else "done"
            job.stage = "Failed" if error else "Done"
            job.progress = job.progress if error else 1.0
            job.report, job.error, job.error_code = report, error, code
            job.finished_at = time.time()
