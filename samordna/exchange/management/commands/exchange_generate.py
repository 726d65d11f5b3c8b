"""samordna generate --forbund N --years Y --seed S -o FILE: a synthetic national data set."""

import json

from django.core.management.base import BaseCommand

from samordna.exchange.generate import generate
from samordna.lib.db import ensure_schema


class Command(BaseCommand):
    help = "Generate a deterministic synthetic samordna-exchange/1 document."

    def add_arguments(self, parser):
        parser.add_argument("--forbund", type=int, default=75, metavar="N", help="number of förbund (75)")
        parser.add_argument("--years", type=int, default=10, metavar="Y", help="years of history (10)")
        parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
        parser.add_argument("--end-year", type=int, default=2026, help="the last year (2026)")
        parser.add_argument("-o", "--output", required=True, metavar="FILE")

    def handle(self, *args, forbund, years, seed, end_year, output, **options):
        ensure_schema()
        doc = generate(forbund, years, seed, end_year=end_year)
        with open(output, "w", encoding="utf-8") as handle:
            json.dump(doc, handle, ensure_ascii=False, indent=2)
            handle.write("\n")
        self.stdout.write(f"Wrote {len(doc['forbund'])} förbund to {output}.")
