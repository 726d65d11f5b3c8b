"""The `samordna` command: Samordna's own subcommands plus every Django management command."""

import os
import sys

# Subcommands whose names would clash with Django's own (check) or read better in Swedish-free English.
ALIASES = {
    "check": "rules_check",
    "import": "exchange_import",
    "export": "exchange_export",
    "generate": "exchange_generate",
}

HELP = """usage: samordna <command> [options]

Samordna's commands:
  serve [--port N]        migrate the database and serve on http://127.0.0.1:8000 (PORT overrides),
                          with the task worker (queued e-mail) beside it; --no-worker without
  worker [--batch]        the task worker alone: send queued e-mail, retry, sweep (--batch: once)
  reminders [--date D] [--dry-run]
                          send the e-mail reminders due today (the worker does it by itself)
  demo                    load the demo förbund and users (does nothing when data exists; --force to add anyway)
  import FILE [--dry-run] import a samordna-exchange/1 document
  export [--forbund ID ...] [-o FILE]
                          export förbund as samordna-exchange/1
  generate --forbund N --years Y --seed S -o FILE
                          generate a synthetic national data set
  check [--file FILE] [--forbund ID ...] [--as-of YYYY-MM-DD] [--format text|json]
                          judge the data against the rule catalogue

Every Django management command (migrate, createsuperuser, shell, …) works too.
"""


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    if len(argv) < 2 or argv[1] in ("-h", "--help", "help"):
        sys.stdout.write(HELP)
        return
    argv[1] = ALIASES.get(argv[1], argv[1])
    from django.core.management import execute_from_command_line

    from samordna.lib.services import guarded

    # Commands write domain models only through services (samordna/lib/services.py).
    with guarded("cli"):
        execute_from_command_line(["samordna", *argv[1:]])


if __name__ == "__main__":
    main()
