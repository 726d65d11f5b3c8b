"""State changes of insatser, their anchoring, funding and follow-up reports.

No page of the product changes these yet: they are written by the import (`samordna import`, the demo)
and the Django admin, both through the shared mechanism (samordna/lib/services.py: one named action per
import or admin form, its history rows filed under it). A workflow that changes them adds its function
here (`@services.service`, preconditions raising `DomainError`, `services.action(...)`, `services.save`),
and its views call it; `tests/test_write_path.py` fails for a write anywhere else.
"""


# Reports on a schedule, presentation to the board, prolongation, early end and closing (issue 9, part 2) -----

import datetime  # noqa: E402

from django.utils.translation import gettext as _  # noqa: E402

from samordna.lib import services  # noqa: E402
from samordna.lib.services import DomainError  # noqa: E402

from .models import (  # noqa: E402
    EndChange,
    EndChangeKind,
    Insats,
    InsatsStatus,
    Report,
    ReportDate,
    ReportKind,
)

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
