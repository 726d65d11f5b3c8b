"""State changes of insatser, their anchoring, funding and follow-up reports.

The import (`samordna import`, the demo) and the Django admin write through the shared mechanism
(samordna/lib/services.py: one named action per import or admin form, its history rows filed under it).
The product's pages call the functions below (`@services.service`, preconditions raising `DomainError`,
`services.action(...)`, `services.save`); `tests/test_write_path.py` fails for a write anywhere else.

The application's way (issue 9, PRACTICE.md §2): an application (ansökan) is written as a draft by the office
or by a member organisation's user, submitted (a matter is registered in the diarium, so that it can come on
an agenda), or withdrawn; in beredning the anchoring at each concerned member is recorded and the
förbundschef writes a proposal; the board's paragraph decides it (`on_item_decided`, registered in
apps.py): bifall → approved with the funds per year linked to the paragraph, avslag → rejected,
återremiss and bordläggning leave it in beredning. Once the protokoll is adjusted the agreement (avtal) is
recorded, the insats starts and is registered in Uppföljning Finsam, after which its direction and
follow-up method never change.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from samordna.lib import services
from samordna.lib.dates import MAX_DATE, MIN_DATE, in_range, today
from samordna.lib.services import DomainError

from .models import (
    Agreement,
    Anchoring,
    Direction,
    EndChange,
    EndChangeKind,
    Funding,
    FundingRequest,
    Insats,
    InsatsStatus,
    Report,
    ReportDate,
    ReportKind,
)

# Application ----------------------------------------------------------------------------------------------

# The fields of an application a form sets (many-to-many: parties, concerns).
APPLICATION_FIELDS = ("name", "direction", "owner", "parties", "concerns", "contact", "need", "target_group",
                      "goals", "in_kind", "planned_participants", "followup_method", "start", "end")
# What Uppföljning Finsam does not let change once the insats is registered there (PRACTICE.md §2).
LOCKED_WHEN_REGISTERED = ("direction", "followup_method")
# An application is edited while it is a draft or in beredning, and an insats until it is closed.
EDITABLE = (InsatsStatus.DRAFT, InsatsStatus.SUBMITTED, InsatsStatus.APPROVED, InsatsStatus.ACTIVE)
MAX_AMOUNT = 10**12


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (list, tuple, set)) or (hasattr(value, "__iter__") and not isinstance(value, (str, dict))):
        return [_json(v) for v in value]
    return value


def _data(changes: dict) -> dict:
    return {key: _json(value) for key, value in changes.items()}


def _check_date(value, field: str) -> None:
    if value is not None and (not isinstance(value, datetime.date) or not in_range(value)):
        raise DomainError(_("Ange ett datum mellan %(min)s och %(max)s.")
                          % {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}, field=field)


def _own_members(forbund, members, field: str) -> list:
    members = [m for m in (members or []) if m is not None]
    for member in members:
        if member.forbund_id != forbund.pk:
            raise DomainError(_("Välj medlemmar i det egna förbundet."), field=field)
    return members


def _new_insats_id(forbund, year: int) -> str:
    base = f"{forbund.slug}-ans-{year}-"[:90]
    taken = set(Insats.objects.filter(external_id__startswith=base).values_list("external_id", flat=True))
    n = 1
    while f"{base}{n}" in taken:
        n += 1
    return f"{base}{n}"


def _check_requested(requested) -> dict[int, int]:
    """{year: amount} as integers; a Swedish error for a year or amount out of range."""
    clean = {}
    for year, amount in (requested or {}).items():
        try:
            year, amount = int(year), int(amount)
        except (TypeError, ValueError):
            raise DomainError(_("Ange år och belopp i hela kronor."), field="requested") from None
        if not 2000 <= year <= 2100:
            raise DomainError(_("Ange ett år mellan 2000 och 2100."), field="requested")
        if not 0 <= amount <= MAX_AMOUNT:
            raise DomainError(_("Beloppet ska vara noll eller mer, i hela kronor."), field="requested")
        clean[year] = amount
    return clean


def _check_application(insats: Insats, m2m: dict) -> None:
    """The hard refusals for an application as it would be saved."""
    insats.name = (insats.name or "").strip() or None
    if not insats.name:
        raise DomainError(_("Ange insatsens namn."), field="name")
    if insats.direction not in (None, "", *Direction.values):
        raise DomainError(_("Välj individinriktad eller strukturövergripande."), field="direction")
    insats.direction = insats.direction or None
    for name in ("start", "end"):
        _check_date(getattr(insats, name), name)
    if insats.start and insats.end and insats.end < insats.start:
        raise DomainError(_("Slutdatumet kan inte ligga före startdatumet."), field="end")
    for name in ("owner", "applicant"):
        member = getattr(insats, name)
        if member is not None and member.forbund_id != insats.forbund_id:
            raise DomainError(_("Välj en medlem i det egna förbundet."), field=name)
    for name in ("parties", "concerns"):
        if name in m2m:
            m2m[name] = _own_members(insats.forbund, m2m[name], name)
    parties = m2m["parties"] if "parties" in m2m else (list(insats.parties.all()) if insats.pk else [])
    if insats.owner is not None and insats.owner not in parties:
        raise DomainError(_("Huvudmannen ska vara en av insatsens parter."), field="owner")
    if insats.contact_id is not None:
        from samordna.organisations.models import Person

        if not Person.objects.of_forbund(insats.forbund).filter(pk=insats.contact_id).exists():
            raise DomainError(_("Kontaktpersonen hör inte till förbundet."), field="contact")
    for name in ("followup_method",):
        setattr(insats, name, (getattr(insats, name) or "").strip())


def _check_lock(insats: Insats, changes: dict) -> None:
    """Direction and follow-up method never change once the insats is registered in Uppföljning Finsam."""
    stored = Insats.objects.filter(pk=insats.pk).values(*LOCKED_WHEN_REGISTERED, "followup_registered").first()
    if not stored or not stored["followup_registered"]:
        return
    for name in LOCKED_WHEN_REGISTERED:
        if name in changes and (changes[name] or "") != (stored[name] or ""):
            what = Insats._meta.get_field(name).verbose_name
            raise DomainError(
                _("%(what)s kan inte ändras: insatsen registrerades i Uppföljning Finsam %(date)s, och där går "
                  "inriktning och uppföljningsmetod inte att ändra. Behövs en annan, registrera en ny insats.")
                % {"what": str(what).capitalize(), "date": stored["followup_registered"].isoformat()}, field=name)


def _set_requested(insats: Insats, requested: dict[int, int]) -> None:
    existing = {r.year: r for r in FundingRequest.objects.filter(insats=insats)}
    for year, row in existing.items():
        if year not in requested:
            services.remove(row)
    for year, amount in requested.items():
        row = existing.get(year) or FundingRequest(insats=insats, forbund_id=insats.forbund_id, year=year)
        if row.pk is None or row.amount != amount:
            row.amount = amount
            services.save(row)


def _apply(insats: Insats, changes: dict) -> dict:
    m2m = {}
    for name, value in changes.items():
        if name not in APPLICATION_FIELDS:
            raise TypeError(f"not an application field: {name}")
        if insats._meta.get_field(name).many_to_many:
            m2m[name] = list(value or [])
        else:
            setattr(insats, name, value)
    return m2m


@services.service
def create_application(forbund, *, user, applicant=None, requested=None, **fields) -> Insats:
    """A new application, saved as a draft: by the office (no applicant) or for a member organisation
    (`applicant`, the member the user speaks for). `requested`: the funds applied for, {year: kr}."""
    insats = Insats(forbund=forbund, status=InsatsStatus.DRAFT, applicant=applicant)
    m2m = _apply(insats, fields)
    _check_application(insats, m2m)
    clean = _check_requested(requested)
    insats.external_id = _new_insats_id(forbund, today().year)
    data = _data({**fields, "applicant": applicant, "requested": {str(y): a for y, a in clean.items()}})
    with services.action("insats.application_created", user=user, forbund=forbund, obj=insats, data=data) as record:
        services.save(insats)
        for name, values in m2m.items():
            getattr(insats, name).set(values)
        _set_requested(insats, clean)
        services.set_object(record, insats)
    return insats


@services.service
def change_application(insats: Insats, *, user, requested=None, **changes) -> Insats:
    """Change an application or insats (and, when given, the funds applied for). Direction and follow-up
    method are refused once the insats is registered in Uppföljning Finsam."""
    if insats.status not in EDITABLE:
        raise DomainError(_("Insatsen är %(status)s och kan inte ändras.")
                          % {"status": insats.get_status_display().lower()}, field="status")
    _check_lock(insats, changes)
    m2m = _apply(insats, changes)
    _check_application(insats, m2m)
    clean = _check_requested(requested) if requested is not None else None
    if clean is not None and insats.status not in (InsatsStatus.DRAFT, InsatsStatus.SUBMITTED):
        raise DomainError(_("De sökta medlen ändras inte efter beslutet."), field="requested")
    data = _data(changes)
    if clean is not None:
        data["requested"] = {str(y): a for y, a in clean.items()}
    with services.action("insats.application_changed", user=user, forbund=insats.forbund, obj=insats, data=data):
        services.save(insats)
        for name, values in m2m.items():
            getattr(insats, name).set(values)
        if clean is not None:
            _set_requested(insats, clean)
    return insats


def requested_by_year(insats: Insats) -> dict[int, int]:
    return dict(FundingRequest.objects.filter(insats=insats).order_by("year").values_list("year", "amount"))


def open_matter(insats: Insats):
    """The insats's open matter in the diarium (its application), or None."""
    from samordna.diarium.models import MatterStatus

    return insats.matters.filter(status=MatterStatus.OPEN).order_by("registered", "pk").first()


@services.service
def submit_application(insats: Insats, *, user, day: datetime.date | None = None) -> Insats:
    """Submit a draft: it goes to beredning and a matter is registered in the diarium (linked to the insats)."""
    from samordna.diarium.models import MatterDirection, MatterKind
    from samordna.diarium.services import register_matter

    day = day or today()
    if insats.status != InsatsStatus.DRAFT:
        raise DomainError(_("Bara ett utkast kan lämnas in; ansökan är %(status)s.")
                          % {"status": insats.get_status_display().lower()}, field="status")
    missing = [str(Insats._meta.get_field(name).verbose_name) for name in
               ("name", "direction", "owner", "need", "target_group", "goals") if not getattr(insats, name)]
    if missing:
        raise DomainError(_("Fyll i före inlämningen: %(fields)s.") % {"fields": ", ".join(missing)},
                          field="status")
    if not FundingRequest.objects.filter(insats=insats).exists():
        raise DomainError(_("Ange de medel som söks för minst ett år före inlämningen."), field="requested")
    with services.action("insats.submitted", user=user, forbund=insats.forbund, obj=insats,
                         data={"submitted_on": day.isoformat()}):
        insats.status, insats.submitted_on = InsatsStatus.SUBMITTED, day
        services.save(insats)
        if open_matter(insats) is None:
            who = insats.applicant or insats.owner
            register_matter(insats.forbund, user=user, registered=day, title=_("Ansökan om medel: %(name)s")
                            % {"name": insats.name}, kind=MatterKind.APPLICATION,
                            direction=MatterDirection.INCOMING if insats.applicant else MatterDirection.DRAWN_UP,
                            counterpart=who.name if who else "", insats=insats)
    return insats


@services.service
def withdraw_application(insats: Insats, *, user, day: datetime.date | None = None) -> Insats:
    """The applicant (or the office) withdraws a draft or an application in beredning; its matter is closed."""
    from samordna.diarium.services import close_matter
    from samordna.meetings.models import Item

    day = day or today()
    if insats.status not in (InsatsStatus.DRAFT, InsatsStatus.SUBMITTED):
        raise DomainError(_("Bara en ansökan som inte är beslutad kan återtas; den är %(status)s.")
                          % {"status": insats.get_status_display().lower()}, field="status")
    matter = open_matter(insats)
    if matter is not None and Item.objects.filter(matter=matter, meeting__date__gte=day,
                                                  decision__isnull=True).exists():
        raise DomainError(_("Ansökan står på föredragningslistan till ett kommande sammanträde; ta bort "
                            "ärendet från listan först."), field="status")
    with services.action("insats.withdrawn", user=user, forbund=insats.forbund, obj=insats,
                         data={"day": day.isoformat()}):
        insats.status = InsatsStatus.WITHDRAWN
        services.save(insats)
        if matter is not None:
            close_matter(matter, user=user, day=max(day, matter.registered))
    return insats


# Beredning --------------------------------------------------------------------------------------------------

@services.service
def record_anchoring(insats: Insats, member, *, user, date: datetime.date, by: str = "") -> Anchoring:
    """The insats is anchored (förankrad) at a member on a date, by whom (a nämnd, a chef)."""
    if member is None or member.forbund_id != insats.forbund_id:
        raise DomainError(_("Välj en medlem i det egna förbundet."), field="member")
    if not isinstance(date, datetime.date):
        raise DomainError(_("Ange förankringens datum."), field="date")
    _check_date(date, "date")
    if date > today():
        raise DomainError(_("Förankringen kan inte registreras för ett datum som inte har kommit än."), field="date")
    by = (by or "").strip()
    if not by:
        raise DomainError(_("Ange vem hos medlemmen som förankrat insatsen."), field="by")
    if len(by) > 200:
        raise DomainError(_("Högst 200 tecken."), field="by")
    if insats.status in (InsatsStatus.WITHDRAWN, InsatsStatus.REJECTED, InsatsStatus.CLOSED):
        raise DomainError(_("Insatsen är %(status)s.") % {"status": insats.get_status_display().lower()},
                          field="member")
    row = Anchoring.objects.filter(insats=insats, member=member).first() or Anchoring(
        insats=insats, forbund_id=insats.forbund_id, member=member)
    row.date, row.by = date, by
    with services.action("anchoring.recorded", user=user, forbund=insats.forbund, obj=row,
                         data={"insats": insats.external_id, "member": member.name, "date": date.isoformat(),
                               "by": by}) as record:
        services.save(row)
        services.set_object(record, row)
    return row


@services.service
def set_proposal(insats: Insats, *, user, proposal: str) -> Insats:
    """The förbundschef's proposal for decision (förslag till beslut)."""
    if insats.status != InsatsStatus.SUBMITTED:
        raise DomainError(_("Förslaget till beslut skrivs medan ansökan är i beredning."), field="proposal")
    proposal = (proposal or "").strip()
    if not proposal:
        raise DomainError(_("Skriv förslaget till beslut."), field="proposal")
    with services.action("insats.proposal_written", user=user, forbund=insats.forbund, obj=insats,
                         data={"proposal": proposal}):
        insats.proposal = proposal
        services.save(insats)
    return insats


def coming_meetings(insats: Insats):
    """The förbund's meetings from today whose protokoll is not adjusted: where the application can go."""
    from samordna.meetings.models import Meeting

    return (Meeting.objects.filter(forbund_id=insats.forbund_id, date__gte=today())
            .exclude(minutes__adjusted__isnull=False).order_by("date", "pk"))


@services.service
def put_on_agenda(insats: Insats, meeting, *, user):
    """Put the application's matter on a coming meeting's agenda, with the förbundschef's proposal."""
    from samordna.meetings.services import add_item

    if insats.status != InsatsStatus.SUBMITTED:
        raise DomainError(_("Bara en ansökan i beredning kan läggas på dagordningen."), field="meeting")
    if meeting is None or meeting.forbund_id != insats.forbund_id:
        raise DomainError(_("Välj ett sammanträde i förbundet."), field="meeting")
    if not coming_meetings(insats).filter(pk=meeting.pk).exists():
        raise DomainError(_("Välj ett kommande sammanträde vars protokoll inte är justerat."), field="meeting")
    if not insats.proposal:
        raise DomainError(_("Skriv förbundschefens förslag till beslut först."), field="meeting")
    matter = open_matter(insats)
    if matter is None:
        raise DomainError(_("Ansökan har inget öppet ärende i diariet."), field="meeting")
    with services.action("insats.put_on_agenda", user=user, forbund=insats.forbund, obj=insats,
                         data={"meeting": meeting.external_id, "dnr": matter.dnr}):
        item = add_item(meeting, user=user, matter=matter, proposal=insats.proposal,
                        title=_("Ansökan om medel: %(name)s") % {"name": insats.name})
    return item


# Decision ---------------------------------------------------------------------------------------------------

def on_item_decided(item, decision, user) -> None:
    """The decision handler (meetings/hooks.py): the paragraph of an application's matter moves it on.
    Bifall: approved, with the funds applied for per year decided in the paragraph; avslag: rejected;
    återremiss and bordläggning: it stays in beredning (the matter comes back). A decision changed at the
    same meeting moves it again."""
    from samordna.meetings.models import Outcome

    matter = item.matter
    if matter is None or matter.insats_id is None:
        return
    insats = Insats.objects.get(pk=matter.insats_id)
    if insats.status == InsatsStatus.SUBMITTED:
        pass
    elif insats.status in (InsatsStatus.APPROVED, InsatsStatus.REJECTED) and insats.decided_in_id == item.pk:
        for row in Funding.objects.filter(insats=insats, decided_in=item):  # the paragraph decides again
            services.remove(row)
    else:
        return
    if decision.outcome == Outcome.APPROVED:
        insats.status, insats.decided_in = InsatsStatus.APPROVED, item
        for year, amount in requested_by_year(insats).items():
            row = Funding.objects.filter(insats=insats, year=year).first() or Funding(
                insats=insats, forbund_id=insats.forbund_id, year=year)
            row.amount, row.decided_in = amount, item
            services.save(row)
    elif decision.outcome == Outcome.REJECTED:
        insats.status, insats.decided_in = InsatsStatus.REJECTED, item
    else:
        insats.status, insats.decided_in = InsatsStatus.SUBMITTED, None
    services.save(insats)


# Agreement, start and the national follow-up ----------------------------------------------------------------

def agreement_problem(insats: Insats) -> str | None:
    """Why the agreement cannot be recorded now (None when it can)."""
    from samordna.protokoll.freeze import adjusted_on

    if insats.status != InsatsStatus.APPROVED or insats.decided_in_id is None:
        return _("Avtal tecknas för en beviljad insats.")
    if Agreement.objects.filter(insats=insats).exists():
        return _("Avtalet är redan registrerat.")
    meeting = insats.decided_in.meeting
    if adjusted_on(meeting.pk) is None:
        return _("Avtalet kan registreras först när protokollet från sammanträdet %(date)s är justerat "
                 "(beslutet gäller från justeringen).") % {"date": meeting.date.isoformat()}
    return None


@services.service
def record_agreement(insats: Insats, *, user, date: datetime.date, parties, document=None) -> Agreement:
    """The agreement (avtal) with the parties, once the protokoll of the deciding meeting is adjusted."""
    from samordna.protokoll.freeze import adjusted_on

    problem = agreement_problem(insats)
    if problem:
        raise DomainError(problem, field="date")
    if not isinstance(date, datetime.date):
        raise DomainError(_("Ange avtalets datum."), field="date")
    _check_date(date, "date")
    adjusted = adjusted_on(insats.decided_in.meeting_id)
    if date < adjusted:
        raise DomainError(_("Avtalet kan inte vara daterat före justeringen av protokollet (%(date)s).")
                          % {"date": adjusted.isoformat()}, field="date")
    parties = _own_members(insats.forbund, parties, "parties")
    if len(parties) < 2:
        raise DomainError(_("Välj minst två avtalsparter."), field="parties")
    if document is not None and document.forbund_id != insats.forbund_id:
        raise DomainError(_("Välj en handling i förbundets diarium."), field="document")
    agreement = Agreement(insats=insats, forbund_id=insats.forbund_id, date=date, document=document)
    with services.action("agreement.recorded", user=user, forbund=insats.forbund, obj=agreement,
                         data=_data({"insats": insats.external_id, "date": date, "parties": parties,
                                     "document": document})) as record:
        services.save(agreement)
        agreement.parties.set(parties)
        services.set_object(record, agreement)
    return agreement


@services.service
def start_insats(insats: Insats, *, user, start: datetime.date) -> Insats:
    """The insats starts (status active) on `start`, once its agreement is recorded."""
    if insats.status != InsatsStatus.APPROVED:
        raise DomainError(_("Bara en beviljad insats kan starta; den är %(status)s.")
                          % {"status": insats.get_status_display().lower()}, field="start")
    agreement = Agreement.objects.filter(insats=insats).first()
    if agreement is None:
        raise DomainError(_("Registrera avtalet innan insatsen startar."), field="start")
    if not isinstance(start, datetime.date):
        raise DomainError(_("Ange startdatumet."), field="start")
    _check_date(start, "start")
    if start < agreement.date:
        raise DomainError(_("Insatsen kan inte starta före avtalet (%(date)s).") % {"date": agreement.date.isoformat()},
                          field="start")
    if insats.end and insats.end < start:
        raise DomainError(_("Startdatumet kan inte ligga efter slutdatumet (%(date)s).")
                          % {"date": insats.end.isoformat()}, field="start")
    with services.action("insats.started", user=user, forbund=insats.forbund, obj=insats,
                         data={"start": start.isoformat()}):
        insats.status, insats.start = InsatsStatus.ACTIVE, start
        services.save(insats)
    return insats


@services.service
def register_followup(insats: Insats, *, user, date: datetime.date, followup_id: str) -> Insats:
    """The insats is registered in Uppföljning Finsam on `date` with its id there; from then on its direction
    and follow-up method are fixed."""
    if insats.status not in (InsatsStatus.APPROVED, InsatsStatus.ACTIVE):
        raise DomainError(_("Bara en beviljad eller pågående insats registreras i Uppföljning Finsam."),
                          field="followup_id")
    if insats.followup_registered:
        raise DomainError(_("Insatsen registrerades redan %(date)s.") % {"date": insats.followup_registered.isoformat()},
                          field="followup_id")
    if not Agreement.objects.filter(insats=insats).exists():
        raise DomainError(_("Registrera avtalet först."), field="followup_id")
    if not isinstance(date, datetime.date):
        raise DomainError(_("Ange registreringens datum."), field="date")
    _check_date(date, "date")
    if date > today():
        raise DomainError(_("Registreringen kan inte ha skett ett datum som inte har kommit än."), field="date")
    followup_id = (followup_id or "").strip()
    if not followup_id:
        raise DomainError(_("Ange insatsens id i Uppföljning Finsam."), field="followup_id")
    if len(followup_id) > 100:
        raise DomainError(_("Högst 100 tecken."), field="followup_id")
    if not insats.direction:
        raise DomainError(_("Ange insatsens inriktning före registreringen."), field="followup_id")
    with services.action("insats.followup_registered", user=user, forbund=insats.forbund, obj=insats,
                         data={"date": date.isoformat(), "followup_id": followup_id}):
        insats.followup_registered, insats.followup_id = date, followup_id
        services.save(insats)
    return insats


def describe_actions() -> None:
    """How the Händelselogg says the application's actions (called from the app's ready())."""
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    for name, sentence in {
        "insats.application_created": gettext_lazy("Ansökan %(object)s skrevs av %(who)s"),
        "insats.application_changed": gettext_lazy("Insatsen %(object)s ändrades av %(who)s"),
        "insats.submitted": gettext_lazy("Ansökan %(object)s lämnades in %(submitted_on)s av %(who)s"),
        "insats.withdrawn": gettext_lazy("Ansökan %(object)s återtogs av %(who)s"),
        "anchoring.recorded": gettext_lazy("Förankring hos %(member)s (%(date)s) registrerades av %(who)s"),
        "insats.proposal_written": gettext_lazy("Förslag till beslut om %(object)s skrevs av %(who)s"),
        "insats.put_on_agenda": gettext_lazy("Ansökan %(object)s lades på dagordningen av %(who)s"),
        "agreement.recorded": gettext_lazy("Avtal om %(object)s registrerades av %(who)s"),
        "insats.started": gettext_lazy("Insatsen %(object)s startade %(start)s (%(who)s)"),
        "insats.followup_registered": gettext_lazy(
            "Insatsen %(object)s registrerades i Uppföljning Finsam (%(followup_id)s) av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)


# ---- end of the application's services (issue 9, part 1); the follow-up's services follow. ----------------


# Reports on a schedule, presentation to the board, prolongation, early end and closing (issue 9, part 2) -----


# The outcome counts a report form asks for (Report.outcomes; an imported report may carry other keys).
REPORT_OUTCOMES = ("work", "studies", "other")
# An insats files reports while approved or running; a closed, withdrawn or rejected one does not.
_REPORTING = (InsatsStatus.APPROVED, InsatsStatus.ACTIVE)


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _ensure_reporting(insats: Insats, field: str | None = None) -> None:
    if insats.status not in _REPORTING:
        raise DomainError(_("Insatsen är %(status)s: den lämnar inga rapporter.") % {
            "status": insats.get_status_display().lower()}, field=field)


def _count(value, field: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise DomainError(_("Ange ett antal (ett heltal, noll eller mer)."), field=field)
    if value > 1_000_000:
        raise DomainError(_("Antalet är orimligt stort."), field=field)
    return value


def _check_report(report: Report, today: datetime.date) -> None:
    insats = report.insats
    if not isinstance(report.date, datetime.date):
        raise DomainError(_("Ange rapportens datum."), field="date")
    if report.date > today:
        raise DomainError(_("En rapport kan inte dateras i framtiden."), field="date")
    if insats.start and report.date < insats.start:
        raise DomainError(_("Rapporten kan inte vara daterad före insatsens start (%(start)s).") % {
            "start": insats.start.isoformat()}, field="date")
    if report.kind not in ReportKind.values:
        raise DomainError(_("Välj delrapport eller slutrapport."), field="kind")
    others = Report.objects.filter(insats=insats).exclude(pk=report.pk)
    if others.filter(date=report.date).exists():
        raise DomainError(_("Insatsen har redan en rapport daterad %(date)s.") % {"date": report.date.isoformat()},
                          field="date")
    if report.kind == ReportKind.FINAL and others.filter(kind=ReportKind.FINAL).exists():
        raise DomainError(_("Insatsen har redan en slutrapport."), field="kind")
    for name in ("participants_women", "participants_men", "participants_other"):
        setattr(report, name, _count(getattr(report, name), name))
    outcomes = {}
    for key, value in (report.outcomes or {}).items():
        count = _count(value, f"outcome_{key}")
        if count is not None:
            outcomes[key] = count
    report.outcomes = outcomes or None
    report.success_factors = (report.success_factors or "").strip()


def _report_data(report: Report) -> dict:
    return {"insats": report.insats.external_id, "date": _iso(report.date), "kind": report.kind,
            "women": report.participants_women, "men": report.participants_men, "other": report.participants_other,
            "outcomes": report.outcomes or {}}


@services.service
def file_report(insats: Insats, *, user, date: datetime.date, kind: str = ReportKind.PROGRESS,
                women: int | None = None, men: int | None = None, other: int | None = None,
                outcomes: dict | None = None, success_factors: str = "") -> Report:
    """A progress or final report of the insats: participant counts by sex, outcome counts and success
    factors — aggregates only, never a participant."""
    from samordna.lib.dates import today

    _ensure_reporting(insats)
    report = Report(forbund_id=insats.forbund_id, insats=insats, date=date, kind=kind, participants_women=women,
                    participants_men=men, participants_other=other, outcomes=dict(outcomes or {}),
                    success_factors=success_factors)
    _check_report(report, today())
    with services.action("insats.report_filed", user=user, forbund=insats.forbund, obj=report,
                         data=_report_data(report)) as record:
        services.save(report)
        services.set_object(record, report)
    return report


@services.service
def change_report(report: Report, *, user, **changes) -> Report:
    """Correct a report: date, kind, women, men, other, outcomes, success_factors."""
    from samordna.lib.dates import today

    _ensure_reporting(report.insats)
    names = {"women": "participants_women", "men": "participants_men", "other": "participants_other"}
    for key, value in changes.items():
        if key not in {"date", "kind", "outcomes", "success_factors", *names}:
            raise DomainError(_("Okänd uppgift: %(key)s.") % {"key": key})
        setattr(report, names.get(key, key), dict(value or {}) if key == "outcomes" else value)
    _check_report(report, today())
    with services.action("insats.report_changed", user=user, forbund=report.forbund, obj=report,
                         data=_report_data(report)):
        services.save(report)
    return report


@services.service
def present_report(report: Report, meeting, *, user):
    """Put the report on a coming meeting's agenda as an information item ("Lägg på dagordningen"), with the
    insats's open diarium matter when it has one; the report is then presented in that paragraph."""
    from samordna.diarium.models import MatterStatus
    from samordna.meetings import services as meetings
    from samordna.meetings.models import ItemKind

    if meeting.forbund_id != report.forbund_id:
        raise DomainError(_("Sammanträdet hör inte till förbundet."), field="meeting")
    if report.presented_in_id:
        raise DomainError(_("Rapporten är redan lagd på en dagordning."), field="meeting")
    insats = report.insats
    matter = insats.matters.filter(status=MatterStatus.OPEN).exclude(items__meeting=meeting).order_by("pk").first()
    title = _("%(kind)s: %(name)s") % {"kind": report.get_kind_display(), "name": insats.name or insats.external_id}
    with services.action("insats.report_presented", user=user, forbund=insats.forbund, obj=report,
                         data={"insats": insats.external_id, "date": _iso(report.date),
                               "meeting": meeting.external_id}):
        item = meetings.add_item(meeting, user=user, title=title, kind=ItemKind.INFORMATION, matter=matter,
                                 proposal=_("Styrelsen lägger rapporten till handlingarna."))
        report.presented_in = item
        services.save(report)
    return item


def _check_report_date(row: ReportDate) -> None:
    if not isinstance(row.date, datetime.date):
        raise DomainError(_("Ange datumet."), field="date")
    row.label = (row.label or "").strip()
    if not row.label:
        raise DomainError(_("Ange vad rapporten gäller, t.ex. en milstolpe."), field="label")
    if len(row.label) > 200:
        raise DomainError(_("Rubriken får vara högst 200 tecken."), field="label")
    if row.insats.start and row.date < row.insats.start:
        raise DomainError(_("Datumet kan inte ligga före insatsens start."), field="date")
    if ReportDate.objects.filter(insats=row.insats, date=row.date).exclude(pk=row.pk).exists():
        raise DomainError(_("Det finns redan ett planerat rapportdatum %(date)s.") % {"date": row.date.isoformat()},
                          field="date")


@services.service
def add_report_date(insats: Insats, *, user, date: datetime.date, label: str) -> ReportDate:
    """A one-time report date, or one tied to a milestone, beyond the statutes' interval (a date already
    passed is allowed: it is overdue at once and its reminder says so)."""
    _ensure_reporting(insats)
    row = ReportDate(forbund_id=insats.forbund_id, insats=insats, date=date, label=label)
    _check_report_date(row)
    with services.action("insats.report_date_added", user=user, forbund=insats.forbund, obj=row,
                         data={"insats": insats.external_id, "date": _iso(date), "label": row.label}) as record:
        services.save(row)
        services.set_object(record, row)
    return row


@services.service
def remove_report_date(row: ReportDate, *, user) -> None:
    with services.action("insats.report_date_removed", user=user, forbund=row.forbund, obj=row,
                         data={"insats": row.insats.external_id, "date": _iso(row.date), "label": row.label}):
        services.remove(row)


@services.service
def set_contact(insats: Insats, person, *, user) -> Insats:
    """The huvudman's contact person, who gets the report reminders."""
    from samordna.organisations.models import Person

    if person is not None and not Person.objects.of_forbund(insats.forbund).filter(pk=person.pk).exists():
        raise DomainError(_("Personen hör inte till förbundet."), field="contact")
    with services.action("insats.contact_set", user=user, forbund=insats.forbund, obj=insats,
                         data={"insats": insats.external_id, "contact": person.name if person else ""}):
        insats.contact = person
        services.save(insats)
    return insats


@services.service
def request_end_change(insats: Insats, meeting, *, user, kind: str, new_end: datetime.date,
                       reason: str = "") -> EndChange:
    """A prolongation or early end is a decision of the board: the request goes on the meeting's agenda as a
    decision item; an approving decision (see `apply_end_change`) sets the new end."""
    from samordna.diarium.models import MatterStatus
    from samordna.meetings import services as meetings

    _ensure_reporting(insats)
    if meeting.forbund_id != insats.forbund_id:
        raise DomainError(_("Sammanträdet hör inte till förbundet."), field="meeting")
    if kind not in EndChangeKind.values:
        raise DomainError(_("Välj förlängning eller förtida avslut."), field="kind")
    if not isinstance(new_end, datetime.date):
        raise DomainError(_("Ange det nya slutdatumet."), field="new_end")
    if insats.start and new_end < insats.start:
        raise DomainError(_("Slutdatumet kan inte ligga före insatsens start."), field="new_end")
    if kind == EndChangeKind.PROLONG and insats.end and new_end <= insats.end:
        raise DomainError(_("En förlängning ska sluta efter nuvarande slutdatum (%(end)s).") % {
            "end": insats.end.isoformat()}, field="new_end")
    if kind == EndChangeKind.EARLY_END and (insats.end is None or new_end >= insats.end):
        raise DomainError(_("Ett förtida avslut ska sluta före nuvarande slutdatum."), field="new_end")
    if EndChange.objects.filter(insats=insats, applied__isnull=True, item__isnull=False).exists():
        raise DomainError(_("Insatsen har redan en begäran om ändrat slutdatum som väntar på beslut."), field="kind")
    change = EndChange(forbund_id=insats.forbund_id, insats=insats, kind=kind, new_end=new_end,
                       reason=(reason or "").strip(), previous_end=insats.end)
    name = insats.name or insats.external_id
    if kind == EndChangeKind.PROLONG:
        title = _("Förlängning av insatsen %(name)s") % {"name": name}
        proposal = _("Styrelsen förlänger insatsen %(name)s till och med %(date)s.")
    else:
        title = _("Förtida avslut av insatsen %(name)s") % {"name": name}
        proposal = _("Styrelsen avslutar insatsen %(name)s i förtid den %(date)s.")
    matter = insats.matters.filter(status=MatterStatus.OPEN).exclude(items__meeting=meeting).order_by("pk").first()
    with services.action("insats.end_change_requested", user=user, forbund=insats.forbund, obj=change,
                         data={"insats": insats.external_id, "kind": kind, "new_end": _iso(new_end),
                               "meeting": meeting.external_id}) as record:
        change.item = meetings.add_item(meeting, user=user, title=title, matter=matter,
                                        proposal=proposal % {"name": name, "date": new_end.isoformat()})
        services.save(change)
        services.set_object(record, change)
    return change


def apply_end_change(item, decision, user) -> None:
    """Decision handler (meetings/hooks.py): the paragraph that decides a prolongation or early end sets the
    insats's end when it approves, and puts the former end back when a later decision no longer does."""
    from samordna.meetings.models import Outcome

    for change in EndChange.objects.filter(item=item).select_related("insats"):
        insats = change.insats
        if decision.outcome == Outcome.APPROVED and change.applied is None:
            change.previous_end, change.applied = insats.end, item.meeting.date
            insats.end = change.new_end
        elif decision.outcome != Outcome.APPROVED and change.applied is not None:
            insats.end, change.applied = change.previous_end, None
        else:
            continue
        if insats.start and insats.end and insats.end < insats.start:
            raise DomainError(_("Det nya slutdatumet ligger före insatsens start."), field="outcome")
        services.save(insats)
        services.save(change)


@services.service
def close_insats(insats: Insats, *, user) -> Insats:
    """Close the insats: only once its final report is filed."""
    if insats.status == InsatsStatus.CLOSED:
        raise DomainError(_("Insatsen är redan avslutad."))
    if insats.status not in _REPORTING:
        raise DomainError(_("Bara en beviljad eller pågående insats kan avslutas."))
    if not insats.reports.filter(kind=ReportKind.FINAL).exists():
        raise DomainError(_("Insatsen kan avslutas först när slutrapporten är lämnad."))
    with services.action("insats.closed", user=user, forbund=insats.forbund, obj=insats,
                         data={"insats": insats.external_id}):
        insats.status = InsatsStatus.CLOSED
        services.save(insats)
    return insats


def register_report_sentences() -> None:
    from django.utils.translation import gettext_lazy

    from samordna.lib import audit

    for name, sentence in {
        "insats.report_filed": gettext_lazy("Rapport %(date)s för insatsen %(insats)s lämnades av %(who)s"),
        "insats.report_changed": gettext_lazy("Rapport %(date)s för insatsen %(insats)s ändrades av %(who)s"),
        "insats.report_presented": gettext_lazy(
            "Rapport %(date)s för insatsen %(insats)s lades på dagordningen av %(who)s"),
        "insats.report_date_added": gettext_lazy("Rapportdatum %(date)s för insatsen %(insats)s lades till av %(who)s"),
        "insats.report_date_removed": gettext_lazy("Rapportdatum %(date)s för insatsen %(insats)s togs bort av %(who)s"),
        "insats.contact_set": gettext_lazy("Kontaktperson för insatsen %(insats)s ändrades av %(who)s"),
        "insats.end_change_requested": gettext_lazy(
            "Ändrat slutdatum (%(new_end)s) för insatsen %(insats)s lades på dagordningen av %(who)s"),
        "insats.closed": gettext_lazy("Insatsen %(insats)s avslutades av %(who)s"),
    }.items():
        audit.describe_action(name, sentence)
