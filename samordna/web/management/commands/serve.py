"""samordna serve: migrate, load demo data into an empty database, and serve with gunicorn."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from samordna.lib.db import ensure_schema
from samordna.lib.env import site_url


class Command(BaseCommand):
    help = "Migrate the database and serve Samordna on 127.0.0.1 (PORT overrides the port)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None, help="port (default: $PORT or 8000)")
        parser.add_argument("--host", default=None, help="address (default: $HOST or 127.0.0.1)")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--demo", action="store_true", help="load demo data when the database is empty")
        parser.add_argument("--no-worker", action="store_false", dest="worker",
                            help="do not start the task worker (e-mail) beside the web server")

    def handle(self, *args, port, host, workers, demo, worker=True, **options):
        if port is None:
            port = settings.PORT  # read strictly from $PORT by the settings
        if host is None:
            host = settings.HOST
        if not (os.environ.get("SITE_URL") or os.environ.get("SITE_URL_FILE")):
            # the links Samordna prints follow where it serves, --host and --port included
            settings.SITE_URL = site_url(host, port)
        ensure_schema()
        if demo:
            call_command("demo", stdout=self.stdout)
        from gunicorn.app.base import BaseApplication

        from samordna.wsgi import application

        class App(BaseApplication):
            def load_config(self):
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", workers)
                self.cfg.set("threads", 4)
                self.cfg.set("accesslog", "-")

            def load(self):
                return application

        self.stdout.write(f"Samordna serves on http://{host}:{port}/")
        # The task worker (queued e-mail) runs beside the web server, as a child stopped with it.
        from samordna.mail.worker import WorkerProcess

        child = WorkerProcess(stdout=self.stdout).start() if worker else None
        try:
            App().run()
        finally:
            if child is not None:
                child.stop()
