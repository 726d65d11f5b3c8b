"""samordna worker: send the queued e-mail (and run any other task) until stopped."""

import logging

from django.core.management.base import BaseCommand

from samordna.mail import worker


class Command(BaseCommand):
    help = "Run the task worker (django-tasks database backend): sends the queued e-mail, retries, sweeps."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds to wait when no task is due (default 1)")
        parser.add_argument("--batch", action="store_true",
                            help="sweep, run every task that is due, then exit")

    def handle(self, *args, interval, batch, verbosity, **options):
        level = logging.WARNING if verbosity <= 1 else logging.INFO if verbosity == 2 else logging.DEBUG
        for name in ("samordna.mail", "django_tasks_db", "django_tasks"):
            logger = logging.getLogger(name)
            logger.setLevel(level)
        if batch:
            ran = worker.run_batch()
            self.stdout.write(f"{ran} tasks run")
            return
        self.stdout.write("Samordna's worker runs (Ctrl+C stops it)")
        worker.run(interval=interval)
