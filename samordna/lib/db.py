"""Database helpers for commands."""

from django.core.management import call_command


def ensure_schema() -> None:
    """Bring the database schema up to date; every samordna command works on an empty database."""
    call_command("migrate", interactive=False, verbosity=0)
