"""The demo's insatser beyond what the exchange format carries (called from `samordna demo`)."""

import datetime

from samordna.rules.deadlines import reports_due

DAY = datetime.timedelta(days=1)


def seed_reports(forbund, day: datetime.date) -> None:
    """Reports on a schedule, so the insats pages, reminders and charts show them (dates relative to `day`):
    the huvudman's representative is each running insats's contact; the reports get outcome counts and success
    factors; an insats that has ended gets its final report and is closed; one running insats has a planned
    report due in five days and another a planned report that is overdue."""
    from samordna.insatser import services
    from samordna.insatser.models import Insats, InsatsStatus, ReportKind
    from samordna.organisations.models import Representative

    insatser = list(Insats.objects.filter(forbund=forbund, status=InsatsStatus.ACTIVE)
                    .select_related("owner").prefetch_related("reports").order_by("start", "pk"))
    reps = {}
    for rep in Representative.objects.filter(member__forbund=forbund, person__email__isnull=False) \
            .select_related("person").order_by("pk"):
        reps.setdefault(rep.member_id, rep.person)
    for n, insats in enumerate(insatser):
        contact = reps.get(insats.owner_id)
        if contact is not None and insats.contact_id is None:
            services.set_contact(insats, contact, user=None)
        for k, report in enumerate(insats.reports.all()):
            if report.success_factors:
                continue
            total = sum(c or 0 for c in (report.participants_women, report.participants_men, report.participants_other))
            outcomes = report.outcomes or {"work": total // 4 + k % 2, "studies": total // 6, "other": (n + k) % 3}
            services.change_report(report, user=None, outcomes=outcomes,
                                   success_factors="Gemensam handläggning med Arbetsförmedlingen och kommunen.")
    running = []
    for insats in insatser:
        if insats.end is not None and insats.end < day:
            if not any(r.kind == ReportKind.FINAL for r in insats.reports.all()):
                services.file_report(insats, user=None, date=min(day, insats.end + 20 * DAY), kind=ReportKind.FINAL,
                                     women=8, men=7, other=0, outcomes={"work": 5, "studies": 2, "other": 1},
                                     success_factors="Tydligt ägarskap hos huvudmannen.")
            services.close_insats(insats, user=None)
        elif insats.start and insats.start <= day:
            running.append(insats)
    months = forbund.report_interval_months
    soon = next((i for i in running if i.start <= day - 30 * DAY), None)
    if soon is not None:
        services.add_report_date(soon, user=None, date=day + 5 * DAY, label="Milstolpe: första gruppen avslutad")
    for insats in running:
        if insats is soon:
            continue
        dates = [r.date for r in insats.reports.all()]
        planned = max([insats.start + 10 * DAY, *(d + 31 * DAY for d in dates), day - 20 * DAY])
        owed = reports_due(insats.start, insats.end, months, [(r.date, r.kind) for r in insats.reports.all()], day,
                           [(planned, "x")])
        if planned < day and any(r.kind == "planned" for r in owed):
            services.add_report_date(insats, user=None, date=planned, label="Extra rapport till styrelsen")
            break
