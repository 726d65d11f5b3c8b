"""State changes of budgets, contributions, consultations, annual reports, audits, remarks and discharge.

No page of the product changes these yet: they are written by the import (`samordna import`, the demo)
and the Django admin, both through the shared mechanism (samordna/lib/services.py: one named action per
import or admin form, its history rows filed under it). A workflow that changes them adds its function
here (`@services.service`, preconditions raising `DomainError`, `services.action(...)`, `services.save`),
and its views call it; `tests/test_write_path.py` fails for a write anywhere else.
"""


# The annual report, its audit, the remarks and the board's responses, and discharge (issue 10, part 2) -------
#
# Who may: the office (Cap.MANAGE) makes the report ready, puts it and the remarks on a meeting's agenda,
# delivers it to the members and records discharge on a member's behalf; the auditors (Cap.AUDIT) record
# the revisionsberättelse and its remarks; a member-role user records its own member's discharge. The board
# makes the report and answers a remark only by a decision at a meeting (the decision handler below).
# `user=None` is the system (the demo, an import): no role is asked of it.

import datetime  # noqa: E402

from django.core.exceptions import PermissionDenied  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402

from samordna.lib import services  # noqa: E402
from samordna.lib.services import DomainError  # noqa: E402

ANNUAL_REPORT_ACTIONS = {
    "annual_report.created": gettext_lazy("Årsredovisningen %(object)s lades upp av %(who)s"),
    "annual_report.changed": gettext_lazy("Årsredovisningen %(object)s ändrades av %(who)s"),
    "annual_report.on_agenda": gettext_lazy("Årsredovisningen %(object)s sattes på dagordningen av %(who)s"),
    "annual_report.delivered": gettext_lazy("Årsredovisningen %(object)s skickades till medlemmarna av %(who)s"),
    "goal.followed_up": gettext_lazy("Måluppfyllelsen för målet %(object)s registrerades av %(who)s"),
    "audit.recorded": gettext_lazy("Revisionsberättelsen %(object)s registrerades av %(who)s"),
    "remark.added": gettext_lazy("Revisorernas anmärkning %(object)s registrerades av %(who)s"),
    "remark.changed": gettext_lazy("Revisorernas anmärkning %(object)s ändrades av %(who)s"),
    "remark.removed": gettext_lazy("Revisorernas anmärkning %(object)s togs bort av %(who)s"),
    "remark.on_agenda": gettext_lazy("Svaret på anmärkningen %(object)s sattes på dagordningen av %(who)s"),
    "discharge.recorded": gettext_lazy("Beslut om ansvarsfrihet %(object)s registrerades av %(who)s"),
}


def describe_annual_actions() -> None:
    """How the Händelselogg says these actions (called from the app's ready())."""
    from samordna.lib import audit

    for name, sentence in ANNUAL_REPORT_ACTIONS.items():
        audit.describe_action(name, sentence)


def _role(user, forbund):
    from samordna.lib.access import role_in

    return role_in(user, forbund)


def _require(user, forbund, capability) -> None:
    """The user's role in the förbund has the capability (the system, user None, always has)."""
    from samordna.lib.access import can

    if user is None:
        return
    if not can(_role(user, forbund), capability):
        raise PermissionDenied


def _require_manage(user, forbund) -> None:
    from samordna.lib.access import Cap

    _require(user, forbund, Cap.MANAGE)


def _require_audit(user, forbund) -> None:
    """Only the auditors (and the admin) record the audit report and its remarks; the office reads them."""
    from samordna.lib.access import Cap

    _require(user, forbund, Cap.AUDIT)


def _today() -> datetime.date:
    from samordna.lib.dates import today

    return today()


def _check_day(value, field: str, *, required: bool = True, not_after: datetime.date | None = None):
    if value is None:
        if required:
            raise DomainError(_("Ange ett datum."), field=field)
        return
    if not isinstance(value, datetime.date):
        raise DomainError(_("Ange datumet som ÅÅÅÅ-MM-DD."), field=field)
    limit = not_after or _today()
    if value > limit:
        raise DomainError(_("Datumet kan inte ligga efter %(day)s.") % {"day": limit.isoformat()}, field=field)


def _check_document(document, forbund, field: str = "document") -> None:
    if document is not None and document.forbund_id != forbund.pk:
        raise DomainError(_("Handlingen hör till ett annat förbund."), field=field)


def _upload(forbund, *, user, upload, title: str, day: datetime.date, matter=None):
    """A file sent with a form, into the diarium as a public document (a decision of a public body)."""
    from samordna.diarium import services as diarium
    from samordna.diarium.models import Classification

    if upload is None:
        return None
    return diarium.add_document(forbund, user=user, upload=upload, title=title, classification=Classification.PUBLIC,
                                matter=matter, registered=day)


def _report_matter(report):
    """The open diarium matter of the annual report, if any."""
    from samordna.diarium.models import MatterStatus

    return report.matters.filter(status=MatterStatus.OPEN).order_by("-registered", "-pk").first()


@services.service
def create_annual_report(forbund, year: int, *, user):
    """Start the annual report of a year (the board makes it at a meeting later)."""
    from .models import AnnualReport

    _require_manage(user, forbund)
    if not isinstance(year, int) or year < 1990 or year > _today().year:
        raise DomainError(_("Ange ett år som har börjat."), field="year")
    if AnnualReport.objects.filter(forbund=forbund, year=year).exists():
        raise DomainError(_("Förbundet har redan en årsredovisning för det året."), field="year")
    report = AnnualReport(forbund=forbund, year=year)
    with services.action("annual_report.created", user=user, forbund=forbund, obj=report,
                         data={"year": year}) as record:
        services.save(report)
        services.set_object(record, report)
    return report


@services.service
def change_annual_report(report, *, user, story: str | None = None, equity=None, document=None,
                         clear_document: bool = False):
    """The verksamhetsberättelse, the year-end equity and the report's document from the diarium."""
    _require_manage(user, report.forbund)
    data = {}
    if story is not None:
        report.story = story.strip()
        data["story"] = report.story
    if equity is not None:
        if equity < 0:
            raise DomainError(_("Beloppet kan inte vara negativt."), field="equity")
        report.equity = equity
        data["equity"] = equity
    if document is not None:
        _check_document(document, report.forbund)
        report.document = document
        data["document"] = document.pk
    elif clear_document:
        report.document = None
        data["document"] = None
    with services.action("annual_report.changed", user=user, forbund=report.forbund, obj=report, data=data):
        services.save(report)
    return report


@services.service
def put_annual_report_on_agenda(report, meeting, *, user, proposal: str = ""):
    """The annual report as a decision item of a coming meeting, through its diarium matter (registered now
    if it has none): the board's bifall makes the report (see `on_decision`)."""
    from samordna.diarium import services as diarium
    from samordna.diarium.models import MatterKind
    from samordna.meetings import services as meetings

    forbund = report.forbund
    _require_manage(user, forbund)
    if meeting.forbund_id != forbund.pk:
        raise DomainError(_("Sammanträdet hör till ett annat förbund."), field="meeting")
    if report.made is not None:
        raise DomainError(_("Årsredovisningen är redan upprättad (%(day)s).") % {"day": report.made.isoformat()},
                          field="meeting")
    with services.action("annual_report.on_agenda", user=user, forbund=forbund, obj=report,
                         data={"meeting": meeting.external_id}):
        matter = _report_matter(report) or diarium.register_matter(
            forbund, user=user, registered=_today(), kind=MatterKind.ANNUAL_REPORT, annual_report=report,
            title=_("Årsredovisning %(year)s") % {"year": report.year})
        item = meetings.add_item(
            meeting, user=user, matter=matter,
            title=_("Årsredovisning och verksamhetsberättelse %(year)s") % {"year": report.year},
            proposal=proposal or _("Styrelsen upprättar årsredovisningen med verksamhetsberättelse för %(year)s "
                                   "och överlämnar den till förbundsmedlemmarna och revisorerna.")
            % {"year": report.year})
    return item


@services.service
def follow_up_goal(goal, *, user, outcome: str, text: str = ""):
    """The annual report's follow-up of one goal of the year's verksamhetsplan: met, partly or not met."""
    from .models import GoalOutcome

    _require_manage(user, goal.forbund)
    if outcome not in GoalOutcome.values:
        raise DomainError(_("Välj uppfyllt, delvis uppfyllt eller inte uppfyllt."), field="outcome")
    goal.outcome, goal.outcome_text = outcome, (text or "").strip()
    with services.action("goal.followed_up", user=user, forbund=goal.forbund, obj=goal,
                         data={"outcome": outcome, "text": goal.outcome_text}):
        services.save(goal)
    return goal


def representatives_on(forbund, day: datetime.date) -> list:
    """The representatives on `day` of the members active then: [(member, [persons])], in member order."""
    from samordna.organisations.models import Member, Representative

    members = [m for m in Member.objects.filter(forbund=forbund).active_on(day)]
    reps = Representative.objects.filter(member__in=members).select_related("person")
    by_member = {}
    for rep in reps:
        if rep.active_on(day):
            by_member.setdefault(rep.member_id, []).append(rep.person)
    members.sort(key=lambda m: (Member.KIND_ORDER.get(m.kind, 99), m.name))
    return [(m, by_member.get(m.pk, [])) for m in members]


def _shareable_document(document):
    """The document's file for an e-mail when it may leave the förbund: never a secret one (OSL)."""
    from samordna.diarium.models import Classification

    if document is None or document.classification == Classification.SECRET:
        return None
    if document.matter_id and document.matter.secret:
        return None
    try:
        with document.file.open("rb") as handle:
            return document.original_name, handle.read(), document.content_type
    except FileNotFoundError:
        return None


def annual_report_pdf(report, *, day: datetime.date) -> bytes:
    """The annual report's letter to the members as a PDF: the dates, the verksamhetsberättelse, the goals."""
    from samordna.lib.pdf import render_pdf

    title = _("Årsredovisning %(year)s") % {"year": report.year}
    return render_pdf("finance/annual_pdf.html", {"forbund": report.forbund, "report": report,
                                                   "goals": goals_of(report), "day": day},
                      title=title, created=day, author=report.forbund.name)


def goals_of(report) -> list:
    """The goals of the year's verksamhetsplan, followed up in the annual report."""
    from .models import Goal

    return list(Goal.objects.filter(plan__forbund_id=report.forbund_id, plan__year=report.year).order_by("position",
                                                                                                          "pk"))


@services.service
def deliver_annual_report(report, *, user, day: datetime.date | None = None):
    """Send the made annual report to every member's representatives (e-mail with the report as PDF and its
    document when that is not secret) and record the date it was delivered to the members."""
    from django.conf import settings
    from django.urls import reverse

    from samordna.mail import services as mail

    forbund = report.forbund
    _require_manage(user, forbund)
    day = day or _today()
    _check_day(day, "day")
    if report.made is None:
        raise DomainError(_("Årsredovisningen är inte upprättad ännu: styrelsen upprättar den vid ett sammanträde."),
                          field="day")
    if day < report.made:
        raise DomainError(_("Årsredovisningen kan inte skickas före den upprättades (%(day)s).")
                          % {"day": report.made.isoformat()}, field="day")
    rows = representatives_on(forbund, day)
    recipients = [person for _member, persons in rows for person in persons]
    if not recipients:
        raise DomainError(_("Ingen medlem har en registrerad representant att skicka årsredovisningen till."),
                          field="day")
    title = _("Årsredovisning %(year)s") % {"year": report.year}
    attachments = [(f"arsredovisning-{report.year}.pdf", annual_report_pdf(report, day=day), "application/pdf")]
    shared = _shareable_document(report.document)
    if shared is not None:
        attachments.append(shared)
    url = settings.SITE_URL + reverse("annual-report-detail", kwargs={"slug": forbund.slug,
                                                                      "subject_id": report.year})
    body = _("%(forbund)s skickar årsredovisningen med verksamhetsberättelse för %(year)s, upprättad av "
             "styrelsen %(made)s, till förbundsmedlemmarna. Revisorernas berättelse följer; varje medlem beslutar "
             "sedan om ansvarsfrihet för styrelsen.") % {
        "forbund": forbund.name, "year": report.year, "made": report.made.isoformat()}
    body += "\n\n" + str(_("Årsredovisningen i Samordna: %(url)s") % {"url": url})
    report.delivered_to_members = day
    with services.action("annual_report.delivered", user=user, forbund=forbund, obj=report,
                         data={"day": day.isoformat(), "recipients": len(recipients),
                               "members_without": [m.external_id for m, persons in rows if not persons]}):
        services.save(report)
        message = mail.queue(subject=f"{title} – {forbund.name}", body=body, recipients=recipients, forbund=forbund,
                             kind="annual_report", attachments=attachments, about=report)
    return message


@services.service
def record_audit(report, *, user, report_date: datetime.date, delivered_to=(), delivered_to_board=None,
                 document=None, upload=None):
    """The auditors' revisionsberättelse on an annual report: its date, to whom it was delivered (the board,
    the members) and its document (from the diarium, or a file uploaded with it). Auditors only."""
    from .models import Audit

    forbund = report.forbund
    _require_audit(user, forbund)
    _check_day(report_date, "report_date")
    if report.made is not None and report_date < report.made:
        raise DomainError(_("Revisionsberättelsen kan inte vara daterad före årsredovisningen (%(day)s).")
                          % {"day": report.made.isoformat()}, field="report_date")
    _check_day(delivered_to_board, "delivered_to_board", required=False)
    if delivered_to_board is not None and delivered_to_board < report_date:
        raise DomainError(_("Revisionsberättelsen kan inte lämnas före sitt datum."), field="delivered_to_board")
    members = list(delivered_to)
    if any(m.forbund_id != forbund.pk for m in members):
        raise DomainError(_("En av medlemmarna hör till ett annat förbund."), field="delivered_to")
    _check_document(document, forbund)
    try:
        audit = Audit.objects.get(annual_report=report)
    except Audit.DoesNotExist:
        audit = Audit(annual_report=report, forbund=forbund)
    audit.report_date, audit.delivered_to_board = report_date, delivered_to_board
    with services.action("audit.recorded", user=user, forbund=forbund, obj=audit,
                         data={"report_date": report_date.isoformat(),
                               "delivered_to_board": delivered_to_board.isoformat() if delivered_to_board else None,
                               "delivered_to": sorted(m.external_id for m in members)}) as record:
        if upload is not None:
            document = _upload(forbund, user=user, upload=upload, day=report_date, matter=_report_matter(report),
                               title=_("Revisionsberättelse %(year)s") % {"year": report.year})
        if document is not None:
            audit.document = document
        services.save(audit)
        audit.delivered_to.set(members)
        services.set_object(record, audit)
    return audit


def _remark_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Skriv anmärkningen."), field="text")
    return text


def _new_remark_id(audit) -> str:
    from .models import Remark

    base = f"{audit.forbund.slug}-rem-{audit.annual_report.year}"[:90]
    taken = set(Remark.objects.filter(external_id__startswith=base).values_list("external_id", flat=True))
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@services.service
def add_remark(audit, *, user, text: str):
    """A remark (anmärkning) of the revisionsberättelse. Auditors only."""
    from .models import Remark

    _require_audit(user, audit.forbund)
    remark = Remark(audit=audit, forbund=audit.forbund, text=_remark_text(text), external_id=_new_remark_id(audit))
    with services.action("remark.added", user=user, forbund=audit.forbund, obj=remark,
                         data={"id": remark.external_id, "text": remark.text}) as record:
        services.save(remark)
        services.set_object(record, remark)
    return remark


def _ensure_unanswered(remark, field: str = "text") -> None:
    if remark.response_date is not None or remark.response_decided_in_id is not None:
        raise DomainError(_("Styrelsen har redan svarat på anmärkningen; den kan inte ändras."), field=field)


@services.service
def change_remark(remark, *, user, text: str):
    _require_audit(user, remark.forbund)
    _ensure_unanswered(remark)
    remark.text = _remark_text(text)
    with services.action("remark.changed", user=user, forbund=remark.forbund, obj=remark, data={"text": remark.text}):
        services.save(remark)
    return remark


@services.service
def remove_remark(remark, *, user) -> None:
    _require_audit(user, remark.forbund)
    _ensure_unanswered(remark)
    if remark.response_item_id is not None:
        raise DomainError(_("Anmärkningen står på en dagordning; ta bort paragrafen först."), field="text")
    with services.action("remark.removed", user=user, forbund=remark.forbund, obj=remark,
                         data={"id": remark.external_id}):
        services.remove(remark)


@services.service
def put_remark_on_agenda(remark, meeting, *, user, proposal: str = ""):
    """The board's response to a remark as a decision item of a coming meeting; its decision records the
    response (see `on_decision`). A remark is answered only by a decision."""
    from samordna.meetings import services as meetings

    forbund = remark.forbund
    _require_manage(user, forbund)
    if meeting.forbund_id != forbund.pk:
        raise DomainError(_("Sammanträdet hör till ett annat förbund."), field="meeting")
    _ensure_unanswered(remark, "meeting")
    item = remark.response_item
    if item is not None and not hasattr(item, "decision"):
        raise DomainError(_("Svaret på anmärkningen står redan på dagordningen för sammanträdet %(day)s.")
                          % {"day": item.meeting.date.isoformat()}, field="meeting")
    year = remark.audit.annual_report.year
    text = remark.text or remark.external_id
    with services.action("remark.on_agenda", user=user, forbund=forbund, obj=remark,
                         data={"meeting": meeting.external_id}):
        item = meetings.add_item(
            meeting, user=user, matter=None,
            title=(_("Svar på revisorernas anmärkning %(year)s: %(text)s") % {"year": year, "text": text})[:300],
            proposal=proposal or _("Styrelsen besvarar revisorernas anmärkning och beslutar om åtgärder."))
        remark.response_item = item
        services.save(remark)
    return item


def on_decision(item, decision, user) -> None:
    """meetings.hooks handler: the board's decision makes the annual report (bifall on an item of its matter)
    and answers the remarks put on the agenda with the item. Another item is not this app's concern."""
    from samordna.meetings.models import Outcome
    from samordna.rules.context import DECIDED_OUTCOMES

    from .models import AnnualReport, Remark

    day = item.meeting.date
    report = None
    if item.matter_id is not None and item.matter.annual_report_id is not None:
        report = AnnualReport.objects.get(pk=item.matter.annual_report_id)
    if report is not None:
        if decision.outcome == Outcome.APPROVED:
            report.made, report.decided_in = day, item
            services.save(report)
        elif report.decided_in_id == item.pk:  # the decision was changed: the report is not made by it
            report.made, report.decided_in = None, None
            services.save(report)
    for remark in Remark.objects.filter(response_item=item):
        if decision.outcome in DECIDED_OUTCOMES or decision.outcome == Outcome.NOTED:
            remark.response_date, remark.response_decided_in = day, item
            remark.response_extra = {**(remark.response_extra or {}), "text": decision.text or ""}
        elif remark.response_decided_in_id == item.pk:
            remark.response_date, remark.response_decided_in = None, None
        else:
            continue
        services.save(remark)


def may_record_discharge(user, member) -> bool:
    """The office for any member of its förbund; a member-role user only for the member it speaks for."""
    from samordna.accounts.models import Access, Role
    from samordna.lib.access import Cap, can

    if user is None:
        return True
    role = _role(user, member.forbund)
    if can(role, Cap.MANAGE):
        return True
    if role == Role.MEMBER:
        return Access.objects.filter(user=user, forbund_id=member.forbund_id, member=member).exists()
    return False


@services.service
def record_discharge(report, member, *, user, decision: str, date: datetime.date, document=None, upload=None):
    """A member's decision on ansvarsfrihet for the board for the report's year: granted or refused, its date
    and the member's own decision document. Recorded by the member's own user or by the office for it."""
    from .models import Discharge, DischargeDecision

    forbund = report.forbund
    if member.forbund_id != forbund.pk:
        raise DomainError(_("Medlemmen hör till ett annat förbund."), field="member")
    if not may_record_discharge(user, member):
        raise PermissionDenied
    if decision not in DischargeDecision.values:
        raise DomainError(_("Välj beviljad eller vägrad ansvarsfrihet."), field="decision")
    _check_day(date, "date")
    if date.year <= report.year:
        raise DomainError(_("Beslutet om ansvarsfrihet för %(year)s fattas tidigast året därpå.")
                          % {"year": report.year}, field="date")
    year = report.year
    if (member.joined and member.joined.year > year) or (member.left and member.left.year < year):
        raise DomainError(_("%(member)s var inte medlem under %(year)s.") % {"member": member.name, "year": year},
                          field="member")
    _check_document(document, forbund)
    row = Discharge.objects.filter(annual_report=report, member=member).first() \
        or Discharge(annual_report=report, member=member, forbund=forbund)
    row.decision, row.date = decision, date
    with services.action("discharge.recorded", user=user, forbund=forbund, obj=row,
                         data={"member": member.external_id, "year": year, "decision": decision,
                               "date": date.isoformat()}) as record:
        if upload is not None:
            document = _upload(forbund, user=user, upload=upload, day=date, matter=_report_matter(report),
                               title=_("%(member)s: beslut om ansvarsfrihet %(year)s") % {"member": member.name,
                                                                                         "year": year})
        if document is not None:
            row.document = document
        services.save(row)
        services.set_object(record, row)
    return row
