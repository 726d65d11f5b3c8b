"""A real SMTP server on loopback (aiosmtpd) and the worker run in-process for one batch."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    """Keeps what it receives; `refuse` answers RCPT with that reply instead (e.g. "451 …" or "550 …")."""

    def __init__(self):
        self.received = []
        self.refuse = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append({
            "from": envelope.mail_from, "to": list(envelope.rcpt_tos),
            "message": message_from_bytes(envelope.content, policy=policy.default),
        })
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """An SMTP server on 127.0.0.1 that Django's SMTP backend sends to (the settings point at it)."""
    handler = Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "kansli@samordna.example.se"
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture
def closed_smtp_port(settings):
    """Django's SMTP backend pointed at a loopback port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def worker(request, monkeypatch):
    """Run the real django-tasks-db worker in-process for one batch (`worker()` → tasks run).

    Inside a test's transaction the worker's `close_old_connections` would drop the test's connection
    (autocommit is off there), so for a non-transactional test it is a no-op; a transactional test runs the
    worker untouched."""
    from samordna.mail.worker import run_batch

    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    if not transactional:
        import django_tasks_db.management.commands.db_worker as db_worker

        monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    return run_batch
