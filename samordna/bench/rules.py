"""The rule check of the national set: 75 förbund over 10 years against 1 year (fixed seed).

Two paths: the pure engine on a generated document, and the database path the pages and `samordna check`
use (export, then the engine). The 10-year check should cost little more than the 1-year one: most rules
judge what is active on the as-of date or in the last year, not the whole history.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time

N_FORBUND, SEED = 75, 2026
AS_OF = datetime.date(2026, 12, 31)


def _timed(fn, repeat: int = 3):
    """The best of `repeat` runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def _measure(years: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document
    from samordna.rules.engine import check_document
    from samordna.rules.service import findings_for

    doc = generate(N_FORBUND, years, SEED)
    engine, found = _timed(lambda: check_document(doc, AS_OF))
    import_document(doc)
    slugs = [f["id"] for f in doc["forbund"]]
    with CaptureQueriesContext(connection) as nation_queries:
        database, db_found = _timed(lambda: findings_for(None, AS_OF), repeat=1)
    assert len(db_found) == len(found), "the database judges as the document does"
    with CaptureQueriesContext(connection) as one_queries:
        single, _ = _timed(lambda: findings_for([slugs[0]], AS_OF), repeat=1)
    return {
        "engine": engine, "database": database, "single": single, "findings": len(found),
        "nation_queries": len(nation_queries.captured_queries), "one_queries": len(one_queries.captured_queries),
    }


def _measure_fresh(years: int) -> dict:
    """Measure in a child process on a database of its own: the two sets share ids but not their history."""
    workdir = tempfile.mkdtemp(prefix="samordna-bench-rules-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3", "SAMORDNA_VAR_DIR": workdir,
           "DJANGO_SETTINGS_MODULE": "samordna.settings"}
    done = subprocess.run([sys.executable, "-m", "samordna.bench.rules", str(years)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> dict:
    ten = _measure_fresh(10)
    one = _measure_fresh(1)
    n = N_FORBUND
    return {
        "name": f"rules: check of the national set ({n} förbund, 10 years vs 1 year, as of {AS_OF})",
        "results": [
            ("engine, 10 years, whole nation", ten["engine"], "s", 2),
            ("engine, 10 years, per förbund", ten["engine"] / n * 1000, "ms", None),
            ("engine, 1 year, whole nation", one["engine"], "s", None),
            ("engine ratio 10y/1y", ten["engine"] / one["engine"], "×", 1.5),
            ("database, 10 years, whole nation", ten["database"], "s", 2),
            ("database, 10 years, per förbund", ten["database"] / n * 1000, "ms", None),
            ("database, 1 year, whole nation", one["database"], "s", None),
            ("database ratio 10y/1y", ten["database"] / one["database"], "×", 1.5),
            ("database, 10 years, one förbund", ten["single"] * 1000, "ms", None),
            ("queries, whole nation", ten["nation_queries"], "queries", None),
            ("queries per förbund (nation)", ten["nation_queries"] / n, "queries", None),
            ("queries, one förbund alone", ten["one_queries"], "queries", None),
            ("findings, 10 years", ten["findings"], "findings", None),
        ],
    }


if __name__ == "__main__":
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print(json.dumps(_measure(int(sys.argv[1]))))
