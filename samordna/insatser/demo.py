"""The demo's applications (issue 9, part 1), made through the services relative to the demo's day: a draft of
the member organisation Västerås, one in beredning whose anchoring at a concerned member is missing, one
withdrawn, and two the board decided at an extra meeting two days ago — one rejected, one approved whose
agreement waits for the protokoll to be adjusted; and the reports of the imported insatser (part 2)."""

import datetime

from samordna.accounts.models import Access, Role
from samordna.organisations.models import Mandate, MandateRole, Member
from samordna.rules.deadlines import reports_due

from . import services

DAY = datetime.timedelta(days=1)


def _weekday_before(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= DAY
    return day


def present_board(meeting, *, user) -> None:
    """Record every ledamot with a mandate on the meeting day as present (a quorate board)."""
    from samordna.meetings.services import record_attendance

    mandates = (Mandate.objects.filter(forbund=meeting.forbund, role=MandateRole.LEDAMOT).active_on(meeting.date)
                .select_related("person").order_by("person__name"))
    for person in dict.fromkeys(m.person for m in mandates):
        record_attendance(meeting, person, "present", user=user)


def _application(forbund, user, members, name, *, applicant=None, parties, concerns, requested, direction="individ",
                 **extra):
    fields = {
        "name": name, "direction": direction, "owner": members[parties[0]],
        "parties": [members[p] for p in parties], "concerns": [members[c] for c in concerns],
        "need": "Många i målgruppen står långt från arbetsmarknaden och får stöd från flera parter utan samordning.",
        "target_group": "Personer 18–29 år med aktivitetsersättning eller försörjningsstöd.",
        "goals": "Hälften av deltagarna i arbete eller studier efter insatsen.",
        "in_kind": "Handledare från Arbetsförmedlingen två dagar i veckan; lokaler från kommunen.",
        "planned_participants": 30, "followup_method": "Uppföljning Finsam, deltagarenkät (NNS)",
    }
    fields.update(extra)
    return services.create_application(forbund, user=user, applicant=applicant, requested=requested, **fields)


def seed_applications(forbund, day: datetime.date) -> list:
    """The applications of the demo for `forbund` (sf-vastra-vastmanland only); returns them."""
    from samordna.meetings.services import add_item, create_meeting, decide, record_notice_sent

    if forbund.slug != "sf-vastra-vastmanland":
        return []
    office = Access.objects.filter(forbund=forbund, role=Role.OFFICE).select_related("user").first()
    member_access = Access.objects.filter(forbund=forbund, role=Role.MEMBER).select_related("user").first()
    user, member_user = (office.user if office else None), (member_access.user if member_access else None)
    members = {m.external_id: m for m in Member.objects.filter(forbund=forbund)}
    year = day.year
    made = []

    # A draft of Västerås (the member organisation's user is writing it).
    made.append(_application(forbund, member_user, members, "Föräldrar i arbete – Västerås",
                             applicant=members["vv-1980"], parties=["vv-1980", "vv-af"], concerns=["vv-1980"],
                             requested={year + 1: 450_000}))

    # In beredning: anchored at Västerås, not yet at Hallstahammar.
    inquiry = _application(forbund, member_user, members, "Gemensam kartläggning av unga vuxna",
                           applicant=members["vv-1980"], parties=["vv-1980", "vv-fk", "vv-af"],
                           concerns=["vv-1980", "vv-1961"], requested={year + 1: 380_000, year + 2: 380_000},
                           start=datetime.date(year + 1, 2, 1), end=datetime.date(year + 2, 12, 31))
    services.submit_application(inquiry, user=member_user, day=day - 12 * DAY)
    services.record_anchoring(inquiry, members["vv-1980"], user=user, date=day - 9 * DAY,
                              by="Arbetsmarknadsnämnden i Västerås")
    made.append(inquiry)

    # Withdrawn by the applicant.
    withdrawn = _application(forbund, user, members, "Digitalt stöd vid sjukskrivning",
                             parties=["vv-reg", "vv-fk"], concerns=["vv-reg"], requested={year + 1: 200_000},
                             direction="struktur")
    services.submit_application(withdrawn, user=user, day=day - 40 * DAY)
    services.withdraw_application(withdrawn, user=user, day=day - 20 * DAY)
    made.append(withdrawn)

    # Decided two days ago at an extra meeting: one rejected, one approved (agreement pending the justering).
    meeting_day = _weekday_before(day - 2 * DAY)
    rejected = _application(forbund, user, members, "Kulturverkstad för långtidssjukskrivna",
                            parties=["vv-1962"], concerns=["vv-1962"], requested={year + 1: 250_000})
    approved = _application(forbund, user, members, "Steget vidare – stöd till unga med aktivitetsersättning",
                            parties=["vv-1961", "vv-fk", "vv-af"], concerns=["vv-1961"],
                            requested={year + 1: 300_000, year + 2: 300_000},
                            start=datetime.date(year + 1, 1, 15), end=datetime.date(year + 2, 12, 31))
    for insats in (rejected, approved):
        services.submit_application(insats, user=user, day=meeting_day - 35 * DAY)
        for member in insats.concerns.all():
            services.record_anchoring(insats, member, user=user, date=meeting_day - 20 * DAY,
                                      by=f"Förvaltningsledningen, {member.name}")
    services.set_proposal(rejected, user=user, proposal="Styrelsen avslår ansökan: insatsen har bara en part.")
    services.set_proposal(approved, user=user, proposal=(
        f"Styrelsen beviljar 300 000 kr för {year + 1} och 300 000 kr för {year + 2} enligt ansökan."))
    meeting = create_meeting(forbund, user=user, date=meeting_day, start_time=datetime.time(13, 0),
                             place="Kommunhuset, sammanträdesrum Ängen", kind="extra")
    record_notice_sent(meeting, user=user, day=meeting_day - 8 * DAY)
    items = {insats.pk: add_item(meeting, user=user, matter=services.open_matter(insats), proposal=insats.proposal)
             for insats in (approved, rejected)}
    present_board(meeting, user=user)
    decide(items[approved.pk], "approved", approved.proposal, user=user)
    decide(items[rejected.pk], "rejected", rejected.proposal, user=user)
    made += [rejected, approved]
    return made
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
