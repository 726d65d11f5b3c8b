"""The rule check of the national set: 75 förbund over 10 years against 1 year (fixed seed).

The pure engine on a generated document (it judges the whole history every time), and the one findings
path the pages and `samordna check` use (samordna/checks/store.py): cold = nothing stored (one export of
everything, one check, store a row per förbund); warm = every row current; after a single ORM write of a
member, a person, a mandate, a meeting or a samråd = the marked förbund (the written one and those of its
joint samråd) exported with what they depend on and judged again, the others read from the store.
Targets: the national check after any single write ≤ 1 s (10 years).
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
WRITES = ("member", "person", "mandate", "meeting", "samrad")


def _timed(fn, repeat: int = 3):
    """The best of `repeat` runs (seconds) and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def _write(kind: str, n: int) -> None:
    """One ORM write of a kind (the n-th time: a different value), as a form or a service would save it."""
    from django.db.models import Q

    from samordna.meetings.models import Meeting
    from samordna.organisations.models import Mandate, Member, Person
    from samordna.samrad.models import Consultation

    if kind == "member":
        row = Member.objects.order_by("pk").first()
        row.name = f"{row.name.split(' #')[0]} #{n}"
    elif kind == "person":
        row = Person.objects.filter(mandates__isnull=False).order_by("pk").first()
        row.name = f"{row.name.split(' #')[0]} #{n}"
    elif kind == "mandate":
        row = Mandate.objects.order_by("pk").first()
        row.substitute_order = n if row.role == "ersattare" else row.substitute_order
        row.extra = {"bench": n}
    elif kind == "meeting":
        # (a meeting whose minutes are not adjusted: adjusted minutes are frozen, issue 8)
        row = Meeting.objects.filter(Q(minutes__isnull=True) | Q(minutes__adjusted__isnull=True)).order_by("pk").first()
        row.notice_sent = row.date - datetime.timedelta(days=n % 10)
    else:
        row = Consultation.objects.filter(forbund__isnull=False).order_by("pk").first()
        row.extra = {"bench": n}
    from samordna.lib import services

    with services.action(f"bench.{kind}.changed", obj=row, source="bench"):
        services.save(row, clean=False)


def _measure(years: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samordna.checks.models import StoredFindings
    from samordna.checks.store import findings_for
    from samordna.exchange.exporter import export_document
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document
    from samordna.rules.engine import check_document

    doc = generate(N_FORBUND, years, SEED)
    engine, found = _timed(lambda: check_document(doc, AS_OF))
    import_document(doc)
    slugs = [f["id"] for f in doc["forbund"]]
    export, exported = _timed(lambda: export_document(None), repeat=1)
    truth = check_document(exported, AS_OF)

    def cold():
        StoredFindings.objects.all().delete()
        return findings_for(None, AS_OF)

    cold_s, cold_found = _timed(cold, repeat=1)
    with CaptureQueriesContext(connection) as nation_queries:
        warm, warm_found = _timed(lambda: findings_for(None, AS_OF))
    assert cold_found == truth and warm_found == truth, "the database judges as the engine judges its export"
    assert len(truth) == len(found)
    after = {}
    for kind in WRITES:
        best = float("inf")
        for n in range(3):
            _write(kind, n + 1)
            seconds, _found = _timed(lambda: findings_for(None, AS_OF), repeat=1)
            best = min(best, seconds)
        after[kind] = best
    assert findings_for(None, AS_OF) == check_document(export_document(None), AS_OF)
    StoredFindings.objects.filter(forbund__slug=slugs[0]).delete()
    with CaptureQueriesContext(connection) as one_queries:
        single, _ = _timed(lambda: findings_for([slugs[0]], AS_OF), repeat=1)
    warm_one, _ = _timed(lambda: findings_for([slugs[0]], AS_OF))
    return {
        "engine": engine, "export": export, "cold": cold_s, "warm": warm, "after": after, "single": single,
        "warm_one": warm_one, "findings": len(found), "nation_queries": len(nation_queries.captured_queries) / 3,
        "one_queries": len(one_queries.captured_queries),
    }


def _measure_fresh(years: int) -> dict:
    """Measure in a child process on a database of its own: the two sets share ids but not their history."""
    workdir = tempfile.mkdtemp(prefix="samordna-bench-rules-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3", "SAMORDNA_VAR_DIR": workdir,
           "DJANGO_SETTINGS_MODULE": "samordna.settings"}
    done = subprocess.run([sys.executable, "-m", "samordna.bench.rules", str(years)], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"samordna.bench.rules {years} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> dict:
    ten = _measure_fresh(10)
    one = _measure_fresh(1)
    n = N_FORBUND
    results = [
        ("engine only (generated doc), 10 years", ten["engine"], "s", None),
        ("engine only (generated doc), 1 year", one["engine"], "s", None),
        ("export_document(None), 10 years", ten["export"], "s", None),
        ("national check cold (export+judge+store), 10 years", ten["cold"], "s", None),
        ("national check cold, 1 year", one["cold"], "s", None),
        ("national check warm (all rows current), 10 years", ten["warm"] * 1000, "ms", 1000),
        ("national check warm, 1 year", one["warm"] * 1000, "ms", None),
    ]
    for kind in WRITES:
        results.append((f"national check after a {kind} write, 10 years", ten["after"][kind] * 1000, "ms", 1000))
    for kind in WRITES:
        results.append((f"national check after a {kind} write, 1 year", one["after"][kind] * 1000, "ms", None))
    results += [
        ("one förbund cold (with its dependencies), 10 years", ten["single"] * 1000, "ms", None),
        ("one förbund warm, 10 years", ten["warm_one"] * 1000, "ms", None),
        ("queries, warm whole nation", ten["nation_queries"], "queries", None),
        ("queries, one förbund cold", ten["one_queries"], "queries", None),
        ("findings, 10 years", ten["findings"], "findings", None),
    ]
    return {"name": f"rules: check of the national set ({n} förbund, 10 years vs 1 year, as of {AS_OF})",
            "results": results}


if __name__ == "__main__":
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    print(json.dumps(_measure(int(sys.argv[1]))))
