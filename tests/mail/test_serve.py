"""`samordna serve` runs the worker as a child process, started again when it dies and stopped with it;
`samordna worker --batch` runs one batch."""

import io
import os
import signal
import subprocess
import sys
import time

import pytest
from django.core.management import call_command

from samordna.mail.models import Delivery
from samordna.mail.worker import WorkerProcess

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_the_worker_child_is_started_restarted_and_stopped(monkeypatch):
    monkeypatch.setattr(WorkerProcess, "RESTART_DELAY", 0.0)
    child = WorkerProcess(SLEEPER).start()
    try:
        first = child.process
        assert first.poll() is None
        os.kill(first.pid, signal.SIGKILL)  # the worker dies
        assert _wait(lambda: child.process is not first and child.process.poll() is None)
    finally:
        child.stop(timeout=5)
    assert child.process.poll() is not None  # stopped with the server
    time.sleep(1.2)
    assert child.process.poll() is not None  # and not started again after the stop


def test_the_worker_child_dies_with_its_parent(tmp_path):
    """The web server killed outright (SIGKILL): the worker gets SIGTERM from the kernel and ends."""
    pidfile = tmp_path / "pid"
    script = (
        "import sys, time; from samordna.mail.worker import WorkerProcess; "
        f"c = WorkerProcess({SLEEPER!r}).start(); open({str(pidfile)!r}, 'w').write(str(c.process.pid)); "
        "time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": os.getcwd()})
    try:
        assert _wait(lambda: pidfile.exists() and pidfile.read_text())
        child_pid = int(pidfile.read_text())
        parent.kill()
        parent.wait(5)

        def gone():
            try:
                os.kill(child_pid, 0)
            except ProcessLookupError:
                return True
            # a zombie (reaped by init later) counts as ended
            with open(f"/proc/{child_pid}/stat") as fh:
                return fh.read().split(") ")[1].startswith("Z")
        assert _wait(gone)
    finally:
        if parent.poll() is None:
            parent.kill()


def test_samordna_serve_has_the_worker_option():
    from samordna.web.management.commands.serve import Command

    parser = Command().create_parser("samordna", "serve")
    assert parser.parse_args([]).worker is True
    assert parser.parse_args(["--no-worker"]).worker is False


@pytest.mark.usefixtures("smtp_server")
def test_samordna_worker_batch_sends_the_queue(db, monkeypatch):
    import django_tasks_db.management.commands.db_worker as db_worker

    from samordna.mail import services as mail

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # inside the test's transaction
    message = mail.queue(subject="Hej", body="Text", recipients=[("a@example.se", "A"), ("b@example.se", "B")])
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    assert out.getvalue().strip() == "2 tasks run"
    assert set(Delivery.objects.filter(message=message).values_list("status", flat=True)) == {"sent"}
