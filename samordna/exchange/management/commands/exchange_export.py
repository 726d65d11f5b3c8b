"""samordna export [--forbund ID ...] [-o FILE]: write förbund as a canonical samordna-exchange/1 document."""

import json
import sys

from django.core.management.base import BaseCommand

from samordna.exchange.exporter import UnknownForbund, export_document
from samordna.lib.db import ensure_schema


class Command(BaseCommand):
    help = "Export förbund (all, or those named) as samordna-exchange/1 to FILE or standard output."

    def add_arguments(self, parser):
        parser.add_argument("--forbund", nargs="+", action="extend", metavar="ID", help="förbund ids to export")
        parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
        parser.add_argument("--without-secret", action="store_true",
                            help="for readers who may not see secrets: a secret matter shows only its date and "
                                 "diarienummer, secret documents are left out (docs/exchange.md)")

    def handle(self, *args, forbund, output, without_secret=False, **options):
        ensure_schema()
        try:
            doc = export_document(forbund, secret=not without_secret)
        except UnknownForbund as error:
            self.stderr.write(f"{error}; nothing was exported.")
            raise SystemExit(2) from error
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            sys.stdout.buffer.write(text.encode("utf-8"))
            sys.stdout.flush()
