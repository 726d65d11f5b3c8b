"""samordna reminders [--date YYYY-MM-DD] [--dry-run]: send the reminders that are due (the worker does this
by itself every REMINDER_SECONDS)."""

import datetime

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Send the e-mail reminders that are due today (or on --date), each once."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to judge as today (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="list what is due, send nothing")

    def handle(self, *args, date=None, dry_run=False, **options):
        from samordna.lib.dates import today
        from samordna.mail import reminders

        try:
            day = datetime.date.fromisoformat(date) if date else today()
        except ValueError:
            raise CommandError(f"--date: {date!r} is not a date (YYYY-MM-DD)") from None
        if dry_run:
            waiting = reminders.due(day)
            sent = reminders.sent_keys(item.key for item in waiting)
            for item in waiting:
                self.stdout.write(f"{'sent' if item.key in sent else 'due '}  {item.key}  {item.subject}")
            return
        for item in reminders.send_due(day):
            self.stdout.write(f"sent  {item.key}  {item.subject}")
