"""The worker: django-tasks-db's own worker loop, with the mail sweep between its batches.

`run(...)` is what `samordna worker` (and the child process `samordna serve` starts) runs: sweep, run
every task that is due, sleep `interval`, again; the sweep every `sweep_seconds`, the due reminders
(samordna/mail/reminders.py) every REMINDER_SECONDS. SIGINT/SIGTERM end it
after the task being run. `run_batch()` runs the sweep and every due task once, then returns: tests call it
in-process to be the worker for one batch.
"""

import logging
import time

logger = logging.getLogger("samordna.mail")


def make_worker(*, backend_name: str = "default", queue_names=("default",), max_tasks: int | None = None,
                worker_id: str | None = None):
    """A django-tasks-db worker that runs the due tasks of its queues once (batch mode), then returns."""
    # Imported here: WorkerProcess (below) is used before Django is set up.
    from django.utils.crypto import get_random_string
    from django_tasks_db.management.commands.db_worker import Worker

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
    from django.conf import settings

    from .reminders import send_due
    from .services import sweep as sweep_mail

    sweep_seconds = settings.MAIL_SWEEP_SECONDS if sweep_seconds is None else sweep_seconds
    worker = make_worker(worker_id=worker_id)
    worker.configure_signals()  # the library's: exit when idle, else after the running task
    next_sweep = next_reminders = 0.0
    logger.info("mail worker %s started", worker.worker_id)
    while worker.running:
        if time.monotonic() >= next_reminders:
            try:
                sent = send_due()
                if sent:
                    logger.info("reminders: %s sent", len(sent))
            except Exception:  # the next round tries again; a reminder is sent once whatever happens
                logger.exception("reminders: sending the due reminders failed")
            next_reminders = time.monotonic() + settings.REMINDER_SECONDS
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


class WorkerProcess:
    """The worker as a child process beside the web server (`samordna serve`): started before it, started
    again if it dies, stopped with it. On Linux the child also gets SIGTERM when its parent dies."""

    RESTART_DELAY = 5.0

    def __init__(self, argv: list[str] | None = None, *, stdout=None):
        import sys

        self.argv = argv or [sys.executable, "-m", "samordna.cli", "worker"]
        self.stdout = stdout
        self.process = None
        self._stopping = False
        self._thread = None

    @staticmethod
    def _die_with_parent():  # runs in the child between fork and exec
        try:
            import ctypes
            import signal

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except Exception:  # not Linux: the parent's stop() is the only stop
            pass

    def _spawn(self):
        import subprocess

        self.process = subprocess.Popen(self.argv, preexec_fn=self._die_with_parent)
        if self.stdout is not None:
            self.stdout.write(f"Samordna's worker runs (pid {self.process.pid})")

    def _watch(self):
        while not self._stopping:
            time.sleep(1.0)
            if self._stopping:
                return
            # poll() is also None→0 when the web server's arbiter reaped the child (waitpid(-1)).
            if self.process is not None and self.process.poll() is not None:
                logger.warning("mail: the worker stopped (exit %s); starting it again", self.process.returncode)
                time.sleep(self.RESTART_DELAY)
                if not self._stopping:
                    self._spawn()

    def start(self) -> "WorkerProcess":
        import threading

        self._spawn()
        self._thread = threading.Thread(target=self._watch, name="samordna-worker-watch", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        import subprocess

        self._stopping = True
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)
