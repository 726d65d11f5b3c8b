"""samordna import FILE [--dry-run]: validate a samordna-exchange/1 document and write it in one transaction."""

import getpass
import os
import sys

from django.core.management.base import BaseCommand

from samordna.exchange.importer import import_document
from samordna.exchange.validate import DocumentError, load_document
from samordna.lib.db import ensure_schema


class Command(BaseCommand):
    help = "Import a samordna-exchange/1 document; exit status 2 and nothing written when it is invalid."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON document ('-' for standard input)")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
        parser.add_argument("--user", metavar="EMAIL", help="the Samordna user the changes are recorded as")

    def handle(self, *args, file, dry_run, user=None, **options):
        ensure_schema()
        account = None
        if user:
            from samordna.accounts.models import User

            account = User.objects.filter(email__iexact=user, is_active=True).first()
            if account is None:
                self.stderr.write(f"--user: {user!r} is not an active Samordna user")
                raise SystemExit(2)
        # Every change is attributable: the history rows name the file and who ran the command.
        name = "standard input" if file == "-" else os.path.basename(file)
        reason = f"samordna import {name} (körd av {getpass.getuser()})"
        try:
            doc = load_document(sys.stdin.buffer if file == "-" else file)
            result = import_document(doc, dry_run=dry_run, user=account, reason=reason)
        except OSError as error:
            self.stderr.write(f"{file}: cannot be read ({error.strerror or error})")
            raise SystemExit(2) from error
        except DocumentError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            self.stderr.write(f"{len(error.problems)} problem(s); nothing was imported.")
            raise SystemExit(2) from error
        for line in result.lines():
            self.stdout.write(line)
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {result.total('created')} created, {result.total('updated')} updated, "
                          f"{result.total('deleted')} deleted, {result.total('unchanged')} unchanged.")
