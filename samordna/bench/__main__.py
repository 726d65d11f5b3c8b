"""Run every benchmark of samordna.bench.BENCHES on a fresh temporary database and print a summary."""

import importlib
import os
import sys
import tempfile


def main() -> int:
    workdir = tempfile.mkdtemp(prefix="samordna-bench-")
    # The database must be chosen before Django reads its settings.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["SAMORDNA_VAR_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from samordna.bench import BENCHES

    call_command("migrate", interactive=False, verbosity=0)
    failed = False
    args = sys.argv[1:]
    if "--pages" in args:  # only these key pages (starts of their labels, comma-separated): see bench/pages.py
        at = args.index("--pages")
        os.environ["SAMORDNA_BENCH_PAGES"] = args[at + 1]
        del args[at:at + 2]
    names = args or BENCHES
    for name in names:
        report = importlib.import_module(name).run()
        print(f"\n== {report['name']}")
        width = max([32] + [len(label) for label, *_ in report["results"]])
        for label, value, unit, target in report["results"]:
            verdict = ""
            if target is not None:
                ok = value <= target
                failed |= not ok
                verdict = f"  (target ≤ {target:g} {unit}: {'ok' if ok else 'MISSED'})"
            digits = 2 if unit == "×" else 1
            print(f"  {label:{width}} {value:12,.{digits}f} {unit}{verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
