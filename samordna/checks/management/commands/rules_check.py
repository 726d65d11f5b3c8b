"""samordna check: judge the database, or a samordna-exchange/1 file, against the rule catalogue.

Exit status: 0 when no finding is an error, 1 when one is, 2 when the input is bad (an unreadable or
invalid file, an unknown förbund id, a malformed date or one outside 1900–2200).

The database is judged through samordna.checks.store.findings_for, as every page is.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from samordna.arshjul.calendar import format_date
from samordna.checks.grouping import has_errors, level_counts
from samordna.lib.dates import MAX_DATE, MIN_DATE, in_range, parse_date, today
from samordna.rules.base import LEVELS
from samordna.rules.engine import check_document

BAD_INPUT = 2
ERRORS_FOUND = 1

LEVEL_HEADINGS = {"error": "Fel", "warning": "Varningar", "info": "Påminnelser"}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class Command(BaseCommand):
    help = "Judge förbund (the database, or a samordna-exchange/1 file) against the rule catalogue."

    def add_arguments(self, parser):
        parser.add_argument("--file", help="check this samordna-exchange/1 document instead of the database")
        parser.add_argument(
            "--forbund", nargs="+", action="extend", default=None, metavar="ID",
            help="check only these förbund (ids as in the exchange format)",
        )
        parser.add_argument("--as-of", dest="as_of", help="judge as of this date, YYYY-MM-DD (default: today)")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def fail(self, *lines: str) -> None:
        for line in lines:
            self.stderr.write(line)
        sys.exit(BAD_INPUT)

    def handle(self, *args, file=None, forbund=None, as_of=None, format="text", **options):
        day = today()
        if as_of is not None:
            try:
                day = parse_date(as_of)
            except ValueError:
                self.fail(f"samordna check: --as-of {as_of!r} is not a date (YYYY-MM-DD)")
            if not in_range(day):
                self.fail(f"samordna check: --as-of {as_of!r} is outside {MIN_DATE.isoformat()}–{MAX_DATE.isoformat()}")
        if file is None:
            # The database: the one findings path (samordna/checks/store.py), equal to judging a whole export.
            from samordna.checks.store import findings_for
            from samordna.lib.db import ensure_schema
            from samordna.organisations.models import Forbund

            ensure_schema()
            known = {slug: name or slug for slug, name in Forbund.objects.order_by("slug").values_list("slug", "name")}
            unknown = [fid for fid in forbund or [] if fid not in known]
            if unknown:
                self.fail(*(f"samordna check: unknown förbund id {fid!r}" for fid in unknown))
            findings = findings_for(None if forbund is None else list(dict.fromkeys(forbund)), day)
        else:
            doc, known = self._document(file, forbund)
            unknown = [fid for fid in forbund or [] if fid not in known]
            if unknown:
                self.fail(*(f"samordna check: unknown förbund id {fid!r}" for fid in unknown))
            findings = check_document(doc, day, forbund)
        if format == "json":
            self.stdout.write(json.dumps(
                {"as_of": day.isoformat(), "findings": [f.as_json() for f in findings]},
                ensure_ascii=False, indent=2,
            ))
        else:
            checked = forbund or list(known)
            self.stdout.write(self._report(day, file, checked, known, findings))
        if has_errors(findings):
            sys.exit(ERRORS_FOUND)

    def _document(self, file, forbund):
        """The file's document to judge and its förbund (id → name)."""
        from samordna.exchange.importer import document_problems
        from samordna.exchange.validate import DocumentError, load_document

        if not Path(file).is_file():
            self.fail(f"{file}: no such file")
        try:
            doc = load_document(file)
        except DocumentError as error:
            self.fail(*(f"{file}: {problem}" for problem in error.problems))
        except OSError as error:
            self.fail(f"{file}: {error.strerror or error}")
        problems = document_problems(doc)  # what the import refuses without the database
        if problems:
            self.fail(*(f"{file}: {problem}" for problem in problems))
        known = {f["id"]: f.get("name") or f["id"] for f in doc.get("forbund") or []}
        return doc, known

    def _report(self, day, file, checked, known, findings) -> str:
        """A readable Swedish report: per förbund, per level, each finding with subject, message and source."""
        source = f" ({file})" if file else ""
        lines = [f"Regelkontroll per {format_date(day)}{source}", ""]
        by_forbund: dict[str, list] = {fid: [] for fid in checked}
        for finding in findings:
            by_forbund.setdefault(finding.forbund, []).append(finding)
        for fid, found in by_forbund.items():
            name = known.get(fid, fid)
            if not found:
                lines += [f"{name} ({fid}): inga avvikelser.", ""]
                continue
            lines.append(f"{name} ({fid})")
            for level in LEVELS:
                rows = [f for f in found if f.level == level]
                if not rows:
                    continue
                lines.append(f"  {LEVEL_HEADINGS[level]} ({len(rows)})")
                for f in rows:
                    lines.append(f"    - {f.subject} [{f.rule}]")
                    lines.append(f"      {f.message}")
                    lines.append(f"      Källa: {f.source}")
            lines.append("")
        counts = level_counts(findings)
        with_errors = len({f.forbund for f in findings if f.level == "error"})
        lines.append(
            "Summering: "
            f"{_plural(counts['error'], 'fel', 'fel')}, "
            f"{_plural(counts['warning'], 'varning', 'varningar')} och "
            f"{_plural(counts['info'], 'påminnelse', 'påminnelser')} "
            f"i {_plural(len(by_forbund), 'förbund', 'förbund')}"
            f" ({_plural(with_errors, 'förbund', 'förbund')} med fel)."
        )
        return "\n".join(lines)
