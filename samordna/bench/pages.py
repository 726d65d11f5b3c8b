"""The key pages against a layout floor: 75 förbund over 10 years, and over 1 year (fixed seed).

Each set is generated, imported into a fresh database of its own (a child process) and served in-process by
Django's test client through the full middleware, logged in as the office of one förbund (or as a national
user for the national pages). The *layout floor* is a login-required view that renders the base layout with
an empty body (samordna/bench/urls.py, only mounted here). Each page is requested once to warm up (what is
computed once per data version is not the steady state), then R rounds request every page once in turn,
the floor each round, timing CPU (`time.process_time()`) per request.

Targets: each page's median ≤ 3× the floor's median (10 years); its cost at 10 years ≤ 1.2× its cost at
1 year (the two ratios to each run's own floor); its query count at 10 years ≤ at 1 year. The pages are
served as users get them, from the page cache after the first visit (samordna/web/pagecache.py); each round
also builds every page anew with the cache off (the first visit after a write), reported beside it: its
query count is a target (it must not grow with history), its time is not.

To iterate on a few pages: `python -m samordna.bench --pages mandates,log samordna.bench.pages` (a page is
kept when a name starts its label, case-insensitive; the floors always run), or measure one set on a kept
database, imported on the first run and reused after: `python -m samordna.bench.pages 10 --db /tmp/b10.sqlite3
--pages mandates --rounds 10` (prints the table of that one set).
"""

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

N_FORBUND, SEED = int(os.environ.get("SAMORDNA_BENCH_FORBUND", "75")), 2026
ROUNDS = int(os.environ.get("SAMORDNA_BENCH_ROUNDS", "20"))
PAGES = [name.strip().lower() for name in os.environ.get("SAMORDNA_BENCH_PAGES", "").split(",") if name.strip()]
FLOOR_TARGET, GROWTH_TARGET = 3.0, 1.2
FLOOR, NATIONAL_FLOOR, FORBUND_FLOOR = "floor", "floor (national)", "floor (förbund layout)"
FLOORS = (FLOOR, NATIONAL_FLOOR, FORBUND_FLOOR)
UNCACHED = "(uncached)"  # the page with the page cache off: reported, not a target


def _fixture(years: int) -> dict:
    """Import the set; the office user of its first förbund, a national user, and the subjects to open."""
    from samordna.accounts.models import Access, Role, User
    from samordna.arshjul.services import new_ics_token
    from samordna.exchange.generate import generate
    from samordna.exchange.importer import import_document
    from samordna.insatser.models import Insats
    from samordna.lib.audit import History
    from samordna.lib.dates import today
    from samordna.lib.paging import PER_PAGE
    from samordna.meetings.models import Meeting
    from samordna.organisations.models import Forbund
    from samordna.samrad.models import Consultation

    started = time.perf_counter()
    reused = User.objects.filter(email="kansli@bench.example.se").first()
    if reused is None:
        doc = generate(N_FORBUND, years, SEED)
        slug = doc["forbund"][0]["id"]
        import_document(doc)
        del doc
    else:  # a kept database (--db): imported by an earlier run
        slug = Access.objects.get(user=reused).forbund.slug
    loaded = time.perf_counter() - started

    forbund = Forbund.objects.get(slug=slug)
    if reused is None:
        office = User.objects.create_user("kansli@bench.example.se", name="Kansli (bench)")
        Access.objects.create(user=office, forbund=forbund, role=Role.OFFICE)
        national = User.objects.create_user("nationell@bench.example.se", name="Nationell (bench)",
                                            is_national=True)
        token = new_ics_token(forbund)
    else:
        office, token = reused, forbund.ics_token
        national = User.objects.get(email="nationell@bench.example.se")
    day = today()
    # The latest meeting with adjusted minutes (its protokoll is public), the latest started insats, the
    # latest held samråd: a page a user opens.
    meeting = Meeting.objects.filter(forbund=forbund, date__lte=day, minutes__adjusted__isnull=False) \
        .order_by("-date", "-pk").first()
    insats = Insats.objects.filter(forbund=forbund, start__lte=day).order_by("-start", "-pk").first()
    samrad = Consultation.objects.filter(forbund=forbund, date__lte=day).order_by("-date", "-pk").first()
    log_pages = max(1, math.ceil(History(forbund).count() / PER_PAGE))
    return {
        "slug": slug, "office": office, "national": national, "token": token, "meeting": meeting.external_id,
        "insats": insats.external_id, "samrad": samrad.external_id, "log_pages": log_pages, "loaded": loaded,
    }


def _pages(fx: dict) -> list[tuple[str, str, str]]:
    """(label, user, path) of every key page, the floors first."""
    from django.urls import reverse

    slug = fx["slug"]

    def f(name, **kwargs):
        return reverse(name, kwargs={"slug": slug, **kwargs})

    office = [
        ("overview", f("forbund-overview")),
        ("members", f("forbund-members")),
        ("board", f("forbund-board")),
        ("mandates", f("forbund-mandates")),
        ("persons", f("forbund-persons")),
        ("meetings", f("forbund-meetings")),
        ("meeting", f("meeting-detail", subject_id=fx["meeting"])),
        ("protokoll", f("meeting-protokoll", subject_id=fx["meeting"])),
        ("insatser", f("forbund-insatser")),
        ("insats", f("insats-detail", subject_id=fx["insats"])),
        ("budgets", f("forbund-budgets")),
        ("annual reports", f("forbund-annual-reports")),
        ("samråd", f("forbund-samrad")),
        ("samråd (one)", f("consultation-detail", subject_id=fx["samrad"])),
        ("log, first page", f("forbund-log")),
        ("log, last page", f"{f('forbund-log')}?sida={fx['log_pages']}"),
        ("Regelkontroll", f("forbund-findings")),
        ("Årshjul", f("forbund-arshjul")),
        ("ICS feed", f"{f('forbund-arshjul-ics')}?token={fx['token']}"),
        ("public page", f("public-forbund")),
        ("public protokoll", f("public-protokoll", subject_id=fx["meeting"])),
        ("anslag feed", f("public-anslag-feed")),
    ]
    national = [
        ("national overview", reverse("national-overview")),
        ("national CSV", reverse("national-export")),
    ]
    floor = reverse("bench-floor")
    if PAGES:
        office = [page for page in office if page[0].lower().startswith(tuple(PAGES))]
        national = [page for page in national if page[0].lower().startswith(tuple(PAGES))]
    return ([(FLOOR, "office", floor), (NATIONAL_FLOOR, "national", floor),
             (FORBUND_FLOOR, "office", f("bench-forbund-floor"))]
            + [(label, "office", path) for label, path in office]
            + [(label, "national", path) for label, path in national])


def _measure(years: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    fx = _fixture(years)
    clients = {}
    for role in ("office", "national"):
        clients[role] = Client()
        clients[role].force_login(fx[role])
    pages = _pages(fx)

    def get(user, path):
        response = clients[user].get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    started = time.perf_counter()
    for _label, user, path in pages:  # warm up: the first request may compute and store
        get(user, path)
    warm = time.perf_counter() - started
    queries = {}
    for label, user, path in pages:
        with CaptureQueriesContext(connection) as captured:
            get(user, path)
        queries[label] = len(captured.captured_queries)
    with override_settings(PAGE_CACHE=False):
        for label, user, path in pages:
            with CaptureQueriesContext(connection) as captured:
                get(user, path)
            queries[f"{label} {UNCACHED}"] = len(captured.captured_queries)
    times = {label: [] for label, _user, _path in pages}
    times.update({f"{label} {UNCACHED}": [] for label, _user, _path in pages if label not in FLOORS})
    for _ in range(ROUNDS):
        for label, user, path in pages:
            started = time.process_time()
            get(user, path)
            times[label].append(time.process_time() - started)
        with override_settings(PAGE_CACHE=False):  # the same pages built anew: the first visit after a write
            for label, user, path in pages:
                if label in FLOORS:
                    continue
                started = time.process_time()
                get(user, path)
                times[f"{label} {UNCACHED}"].append(time.process_time() - started)
    medians = {label: statistics.median(spent) for label, spent in times.items()}
    return {"slug": fx["slug"], "loaded": fx["loaded"], "warm": warm, "log_pages": fx["log_pages"],
            "medians": medians, "queries": queries, "order": [label for label, _u, _p in pages]}


def _measure_fresh(years: int) -> dict:
    """Measure in a child process on a database of its own: the two sets share ids but not their history."""
    workdir = tempfile.mkdtemp(prefix="samordna-bench-pages-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir}/bench.sqlite3", "SAMORDNA_VAR_DIR": workdir,
           "DJANGO_SETTINGS_MODULE": "samordna.settings", "ALLOWED_HOSTS": "testserver"}
    done = subprocess.run([sys.executable, "-m", "samordna.bench.pages", str(years)], env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"samordna.bench.pages {years} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _floor_of(label: str) -> str:
    return NATIONAL_FLOOR if label.startswith("national") else FLOOR


def ratios(run: dict) -> dict:
    """Each page's median as a multiple of its user's floor (the national user's layout lists every förbund)."""
    medians = run["medians"]
    return {label: medians[label] / medians[_floor_of(label)] for label in run["order"]
            if label not in FLOORS}


def rows(ten: dict, one: dict) -> list[tuple]:
    ten_x, one_x = ratios(ten), ratios(one)
    result = [
        (f"floor, 10 years ({ROUNDS} rounds)", ten["medians"][FLOOR] * 1000, "ms", None),
        ("floor, 1 year", one["medians"][FLOOR] * 1000, "ms", None),
        ("floor (national user), 10 years", ten["medians"][NATIONAL_FLOOR] * 1000, "ms", None),
        ("floor inside a förbund (its navigation), 10 years", ten["medians"][FORBUND_FLOOR] * 1000, "ms", None),
        ("  the same as a multiple of the floor", ten["medians"][FORBUND_FLOOR] / ten["medians"][FLOOR], "×", None),
        ("generate + import, 10 years", ten["loaded"], "s", None),
        ("warm-up of all pages, 10 years", ten["warm"], "s", None),
    ]
    for label in ten_x:
        result += [
            (f"{label}: ×floor, 10y ({ten['medians'][label] * 1000:.0f} ms)", ten_x[label], "×", FLOOR_TARGET),
            (f"{label}: 10y/1y (1y {one_x[label]:.2f}× floor)", ten_x[label] / one_x[label], "×", GROWTH_TARGET),
            (f"{label}: queries, 10y vs 1y", ten["queries"][label], "queries", one["queries"][label]),
        ]
        cold = f"{label} {UNCACHED}"
        if cold in ten["medians"]:
            base = ten["medians"][_floor_of(label)]
            result += [
                (f"  uncached: ×floor, 10y ({ten['medians'][cold] * 1000:.0f} ms)", ten["medians"][cold] / base,
                 "×", None),
                ("  uncached: 10y/1y", (ten["medians"][cold] / base)
                 / (one["medians"][cold] / one["medians"][_floor_of(label)]), "×", None),
                ("  uncached: queries, 10y vs 1y", ten["queries"][cold], "queries", one["queries"][cold]),
            ]
    return result


def run() -> dict:
    ten = _measure_fresh(10)
    one = _measure_fresh(1)
    return {
        "name": f"pages: key pages of {ten['slug']} against the layout floor ({N_FORBUND} förbund, 10 years vs 1 "
                f"year; CPU median of {ROUNDS} interleaved rounds; log {ten['log_pages']} pages at 10 years)",
        "results": rows(ten, one),
    }


def _main(argv: list[str]) -> None:
    """`years` (the child of run()), or by hand: `years --db PATH [--pages a,b] [--rounds N]` on a kept database."""
    import argparse

    global PAGES, ROUNDS
    parser = argparse.ArgumentParser(prog="python -m samordna.bench.pages")
    parser.add_argument("years", type=int)
    parser.add_argument("--db", help="a kept SQLite database: imported when new, reused after; prints a table")
    parser.add_argument("--pages", default="", help="comma-separated starts of page labels")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args(argv)
    ROUNDS = args.rounds
    PAGES = [name.strip().lower() for name in args.pages.split(",") if name.strip()] or PAGES
    if args.db:
        os.environ.update({"DATABASE_URL": f"sqlite:///{os.path.abspath(args.db)}",
                           "SAMORDNA_VAR_DIR": os.path.dirname(os.path.abspath(args.db)),
                           "DJANGO_SETTINGS_MODULE": "samordna.settings", "ALLOWED_HOSTS": "testserver"})
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import override_settings

    call_command("migrate", interactive=False, verbosity=0)
    with override_settings(ROOT_URLCONF="samordna.bench.urls"):
        measured = _measure(args.years)
    if not args.db:
        print(json.dumps(measured))
        return
    floor = measured["medians"][FLOOR]
    for label in measured["order"]:
        median = measured["medians"][label]
        base = measured["medians"][_floor_of(label)]
        print(f"{label:28} {median * 1000:8.1f} ms {median / base:6.2f}× floor  {measured['queries'][label]:3} queries")
    print(f"(floor {floor * 1000:.1f} ms; {ROUNDS} rounds)")


if __name__ == "__main__":
    _main(sys.argv[1:])
