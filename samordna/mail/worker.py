"""The worker: django-tasks-db's own worker loop, with the mail sweep between its batches.

`run(...)` is what `samordna worker` (and the child process `samordna serve` starts) runs: sweep, run
every task that is due, sleep `interval`, again; the sweep every `sweep_seconds`. SIGINT/SIGTERM end it
after the task being run. `run_batch()` runs the sweep and every due task once, then returns: tests call it
in-process to be the worker for one batch.
"""

import logging
import time

from django.conf import settings
from django.utils.crypto import get_random_string
from django_tasks_db.compat import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger("samordna.mail")


def make_worker(*, backend_name: str = DEFAULT_TASK_BACKEND_ALIAS, queue_names=(DEFAULT_TASK_QUEUE_NAME,),
                max_tasks: int | None = None, worker_id: str | None = None) -> Worker:
    """A django-tasks-db worker that runs the due tasks of its queues once (batch mode), then returns."""
    return Worker(queue_names=list(queue_names), interval=0, batch=True, backend_name=backend_name,
                  startup_delay=False, max_tasks=max_tasks, worker_id=worker_id or get_random_string(32),
                  excluded_queue_names=[])


def run_batch(*, sweep: bool = True, max_tasks: int | None = None) -> int:
    """Sweep (unless told not to), then run every task that is due now. Returns how many ran."""
    from .services import sweep as sweep_mail

    if sweep:
        sweep_mail()
    worker = make_worker(max_tasks=max_tasks)
    worker.run()
    return worker._run_tasks


def run(*, interval: float = 1.0, sweep_seconds: float | None = None, worker_id: str | None = None) -> None:
    """Run until SIGINT/SIGTERM: the worker's batches, the sweep every `sweep_seconds`."""
    from .services import sweep as sweep_mail

    sweep_seconds = settings.MAIL_SWEEP_SECONDS if sweep_seconds is None else sweep_seconds
    worker = make_worker(worker_id=worker_id)
    worker.configure_signals()  # the library's: exit when idle, else after the running task
    next_sweep = 0.0
    logger.info("mail worker %s started", worker.worker_id)
    while worker.running:
        if time.monotonic() >= next_sweep:
            try:
                swept = sweep_mail()
                if swept:
                    logger.warning("mail: the sweep enqueued %s lost deliveries again", swept)
            except Exception:  # a locked database, a lost connection: the next sweep tries again
                logger.exception("mail: the sweep failed")
            next_sweep = time.monotonic() + sweep_seconds
        worker.run()
        if worker.running:
            time.sleep(interval)
