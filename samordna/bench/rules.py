"""The rule check of the national set: 75 förbund over 10 years against 1 year (fixed seed).

The pure engine on a generated document (it judges the whole history every time), and the database path
the pages and `samordna check` use (samordna/rules/snapshots.py): cold = no snapshots (export everything,
judge, store snapshots and each förbund's memo of settled findings); after one förbund changed = that
förbund is exported, judged whole and split again, the others' memos reused; warm = snapshots current,
only the live (unsettled) part is judged. The targets: the warm check ≤ 2 s and its 10y/1y ratio ≤ 1.5.
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

    from samordna.exchange.exporter import export_document
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document
    from samordna.organisations.models import Forbund
    from samordna.rules.engine import check_document
    from samordna.rules.models import RuleSnapshot
    from samordna.rules.service import findings_for
    from samordna.rules.versions import bump_forbund

    doc = generate(N_FORBUND, years, SEED)
    engine, found = _timed(lambda: check_document(doc, AS_OF))
    import_document(doc)
    slugs = [f["id"] for f in doc["forbund"]]
    export, exported = _timed(lambda: export_document(None), repeat=1)
    truth = check_document(exported, AS_OF)

    def cold():
        RuleSnapshot.objects.all().delete()
        return findings_for(None, AS_OF)

    cold_s, cold_found = _timed(cold, repeat=1)
    with CaptureQueriesContext(connection) as nation_queries:
        warm, warm_found = _timed(lambda: findings_for(None, AS_OF))
    assert cold_found == truth and warm_found == truth, "the database judges as the engine judges its export"
    assert len(truth) == len(found)

    def after_write():
        bump_forbund([Forbund.objects.order_by("pk").values_list("pk", flat=True).first()])
        return findings_for(None, AS_OF)

    rewrite, rewrite_found = _timed(after_write, repeat=1)
    assert rewrite_found == truth
    with CaptureQueriesContext(connection) as one_queries:
        single, _ = _timed(lambda: findings_for([slugs[0]], AS_OF), repeat=1)
    return {
        "engine": engine, "export": export, "cold": cold_s, "warm": warm, "rewrite": rewrite, "single": single,
        "findings": len(found), "nation_queries": len(nation_queries.captured_queries) / 3,
        "one_queries": len(one_queries.captured_queries),
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
            ("engine only (generated doc), 10 years", ten["engine"], "s", 2),
            ("engine only (generated doc), 1 year", one["engine"], "s", None),
            ("engine only ratio 10y/1y (whole history judged)", ten["engine"] / one["engine"], "×", None),
            ("export_document(None), 10 years", ten["export"], "s", None),
            ("DB check cold (no snapshots: export+judge+store), 10 years", ten["cold"], "s", None),
            ("DB check cold, 1 year", one["cold"], "s", None),
            ("DB check after one förbund changed, 10 years", ten["rewrite"] * 1000, "ms", 2000),
            ("DB check after one förbund changed, 1 year", one["rewrite"] * 1000, "ms", None),
            ("DB check warm (snapshots current), 10 years", ten["warm"] * 1000, "ms", 2000),
            ("DB check warm (snapshots current), 1 year", one["warm"] * 1000, "ms", None),
            ("DB check warm ratio 10y/1y", ten["warm"] / one["warm"], "×", 1.5),
            ("DB check cold ratio 10y/1y", ten["cold"] / one["cold"], "×", None),
            ("one förbund (direct export), 10 years", ten["single"] * 1000, "ms", None),
            ("queries, warm whole nation", ten["nation_queries"], "queries", None),
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
