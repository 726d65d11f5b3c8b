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

from .models import Agreement, Anchoring, Direction, Funding, FundingRequest, Insats, InsatsStatus

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
