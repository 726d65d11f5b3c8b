"""samordna serve: migrate, load demo data into an empty database, and serve with gunicorn."""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from samordna.lib.db import ensure_schema


class Command(BaseCommand):
    help = "Migrate the database and serve Samordna on 127.0.0.1 (PORT overrides the port)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=None, help="port (default: $PORT or 8000)")
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--demo", action="store_true", help="load demo data when the database is empty")

    def handle(self, *args, port, host, workers, demo, **options):
        if port is None:
            raw = os.environ.get("PORT", "8000")
            if not raw.isdigit():
                raise CommandError(f"PORT must be a whole number, not {raw!r}")
            port = int(raw)
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
        App().run()
