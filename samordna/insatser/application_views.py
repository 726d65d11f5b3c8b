"""Pages of the application's way (issue 9, part 1): the applications, one application's form (draft, submit,
withdraw), and the beredning page of the office (checklist, anchoring, proposal, agenda, decision, agreement,
start, registration in Uppföljning Finsam).

A member organisation's user (role member, `Access.member`) writes applications for its own member only: it
sees and edits only its member's applications; another member's draft is a 404. The office sees every
application that is submitted (and its own drafts), never a member's draft. The checklist is the rule
package's `beredning_checklist` on the förbund's exported document: the same tests as the rules.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samordna.accounts.models import Access, Role
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.organisations.models import Member
from samordna.web.forms import run_in_form

from . import services
from .forms import (
    AgendaForm,
    AgreementForm,
    AnchoringForm,
    ApplicationForm,
    FollowupForm,
    ProposalForm,
    StartForm,
)
from .models import Agreement, Anchoring, Insats, InsatsStatus

APPLICATION_STATUSES = (InsatsStatus.DRAFT, InsatsStatus.SUBMITTED, InsatsStatus.WITHDRAWN, InsatsStatus.APPROVED,
                        InsatsStatus.REJECTED)


def _applicant(request, forbund):
    """For a member organisation's user the member it speaks for (403 without one); None for the office."""
    if request.forbund_ctx.role != Role.MEMBER:
        return None
    access = Access.objects.filter(user=request.user, forbund=forbund).select_related("member").first()
    if access is None or access.member is None or access.member.forbund_id != forbund.pk:
        raise PermissionDenied
    return access.member


def _applications(request, forbund):
    """The applications the user may see: a member's user its member's; the office all but members' drafts."""
    rows = Insats.objects.filter(forbund=forbund).filter(status__in=APPLICATION_STATUSES) | Insats.objects.filter(
        forbund=forbund, submitted_on__isnull=False)
    member = _applicant(request, forbund)
    if member is not None:
        return rows.filter(applicant=member)
    return rows.exclude(status=InsatsStatus.DRAFT, applicant__isnull=False)


@forbund_view(Cap.APPLY)
@require_http_methods(["GET"])
def application_list(request, forbund):
    rows = list(_applications(request, forbund).select_related("applicant", "owner")
                .order_by("-submitted_on", "name", "pk").distinct())
    order = {s: n for n, s in enumerate(APPLICATION_STATUSES)}
    rows.sort(key=lambda i: order.get(i.status, 99))
    return render(request, "insatser/application_list.html", {
        "forbund": forbund, "rows": rows, "office": request.forbund_ctx.can(Cap.MANAGE),
    })


def _editable(request, forbund, subject_id):
    insats = scoped_get(_applications(request, forbund).distinct(), forbund, external_id=subject_id)
    member = _applicant(request, forbund)
    if member is not None and insats.status != InsatsStatus.DRAFT:
        raise Http404  # a member's user edits only its drafts; the submitted one is read on the insats's page
    return insats


@forbund_view(Cap.APPLY)
@require_http_methods(["GET", "POST"])
def application_edit(request, forbund, subject_id=None):
    """A new application (draft), or one to change; "Lämna in" saves and submits in one go."""
    insats = _editable(request, forbund, subject_id) if subject_id else None
    member = _applicant(request, forbund)
    requested = services.requested_by_year(insats) if insats else None
    form = ApplicationForm(request.POST or None, instance=insats, forbund=forbund, requested=requested,
                           first_year=today().year + 1)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        if insats is None:
            call = partial(services.create_application, forbund, user=request.user, applicant=member,
                           requested=form.cleaned_data["requested"], **values)
        else:
            call = partial(services.change_application, insats, user=request.user,
                           requested=form.cleaned_data["requested"] if insats.status in (
                               InsatsStatus.DRAFT, InsatsStatus.SUBMITTED) else None, **values)
        submit = "submit" in request.POST

        def save_and_submit():
            saved = call()
            if submit:
                services.submit_application(saved, user=request.user)
            return saved

        saved = run_in_form(form, save_and_submit)
        if saved is not None:
            if submit:
                messages.success(request, _("Ansökan %(name)s är inlämnad och registrerad i diariet.") % {"name": saved})
                return redirect("insats-applications", slug=forbund.slug)
            messages.success(request, _("Ansökan %(name)s är sparad.") % {"name": saved})
            return redirect("insats-application-edit", slug=forbund.slug, subject_id=saved.external_id)
    return render(request, "insatser/application_form.html", {
        "forbund": forbund, "form": form, "insats": insats,
        "title": _("Ändra ansökan") if insats else _("Ny ansökan om medel"),
        "applicant": member or (insats.applicant if insats else None),
        "can_submit": insats is None or insats.status == InsatsStatus.DRAFT,
        "can_withdraw": insats is not None and insats.status in (InsatsStatus.DRAFT, InsatsStatus.SUBMITTED),
        "requested_fields": [(form[f"year_{n}"], form[f"amount_{n}"]) for n in range(1, 4)],
    })


@forbund_view(Cap.APPLY)
@require_POST
def application_withdraw(request, forbund, subject_id):
    insats = scoped_get(_applications(request, forbund).distinct(), forbund, external_id=subject_id)
    if _applicant(request, forbund) is None and not request.forbund_ctx.can(Cap.MANAGE):
        raise PermissionDenied
    try:
        services.withdraw_application(insats, user=request.user)
        messages.success(request, _("Ansökan %(name)s är återtagen.") % {"name": insats})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("insats-applications", slug=forbund.slug)


# Beredning -------------------------------------------------------------------------------------------------

def checklist(insats, day):
    """The beredning's checklist of the insats as of the day (rules.insatser.beredning_checklist)."""
    from samordna.exchange.exporter import export_document
    from samordna.rules.context import DocumentIndex
    from samordna.rules.insatser import beredning_checklist

    slug = insats.forbund.slug
    ctx = DocumentIndex(export_document([slug]), day).context(slug)
    doc = next(i for i in ctx.insatser if i["id"] == insats.external_id)
    return beredning_checklist(ctx, doc, services.requested_by_year(insats), day)


def _shown(items):
    from samordna.checks.grouping import ShownFinding
    from samordna.rules.engine import RULES

    return [ShownFinding(i.finding, RULES[i.rule], None, None) for i in items if i.finding is not None]


STEPS = ("anchoring", "proposal", "agenda", "agreement", "start", "followup")


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def beredning(request, forbund, subject_id):
    """The office's page of one application from beredning to registration in Uppföljning Finsam."""
    from samordna.diarium.models import Document
    from samordna.meetings.models import Item

    insats = scoped_get(Insats.objects.select_related("owner", "applicant", "decided_in__meeting",
                                                      "decided_in__decision")
                        .exclude(status=InsatsStatus.DRAFT, applicant__isnull=False), forbund, external_id=subject_id)
    day = today()
    members = Member.objects.filter(forbund=forbund).order_by("kind", "name")
    concerns = list(insats.concerns.all())
    step = request.POST.get("step") if request.method == "POST" else None
    if step is not None and step not in STEPS:
        step = None

    def bound(name):
        return request.POST if step == name else None

    matter = services.open_matter(insats) or insats.matters.order_by("-registered").first()
    documents = Document.objects.filter(forbund=forbund, matter=matter) if matter else Document.objects.none()
    agreement = Agreement.objects.filter(insats=insats).prefetch_related("parties").select_related("document").first()
    forms = {
        "anchoring": AnchoringForm(bound("anchoring"), prefix="anchoring",
                                   members=members.filter(pk__in=[m.pk for m in concerns]) if concerns else members,
                                   initial={"date": day}),
        "proposal": ProposalForm(bound("proposal"), prefix="proposal", initial={"proposal": insats.proposal}),
        "agenda": AgendaForm(bound("agenda"), prefix="agenda", meetings=services.coming_meetings(insats)),
        "agreement": AgreementForm(bound("agreement"), prefix="agreement", members=members, documents=documents,
                                   initial={"date": day, "parties": list(insats.parties.all())}),
        "start": StartForm(bound("start"), prefix="start", initial={"start": insats.start or day}),
        "followup": FollowupForm(bound("followup"), prefix="followup", initial={"date": day}),
    }
    if step is not None:
        form = forms[step]
        if form.is_valid():
            data = form.cleaned_data
            calls = {
                "anchoring": lambda: services.record_anchoring(insats, data["member"], user=request.user,
                                                               date=data["date"], by=data["by"]),
                "proposal": lambda: services.set_proposal(insats, user=request.user, proposal=data["proposal"]),
                "agenda": lambda: services.put_on_agenda(insats, data["meeting"], user=request.user),
                "agreement": lambda: services.record_agreement(insats, user=request.user, date=data["date"],
                                                               parties=list(data["parties"]),
                                                               document=data["document"]),
                "start": lambda: services.start_insats(insats, user=request.user, start=data["start"]),
                "followup": lambda: services.register_followup(insats, user=request.user, date=data["date"],
                                                               followup_id=data["followup_id"]),
            }
            if run_in_form(form, calls[step]) is not None:
                done = {
                    "anchoring": _("Förankringen är registrerad."),
                    "proposal": _("Förslaget till beslut är sparat."),
                    "agenda": _("Ansökan är lagd på dagordningen."),
                    "agreement": _("Avtalet är registrerat."),
                    "start": _("Insatsen har startat."),
                    "followup": _("Registreringen i Uppföljning Finsam är sparad."),
                }
                messages.success(request, done[step])
                return redirect(reverse("insats-beredning", args=[forbund.slug, insats.external_id]) + f"#{step}")
    items = checklist(insats, day)
    anchoring = list(Anchoring.objects.filter(insats=insats).select_related("member").order_by("member__name"))
    agenda_items = list(Item.objects.filter(matter__insats=insats).select_related("meeting", "decision")
                        .order_by("meeting__date", "number")) if insats.matters.exists() else []
    return render(request, "insatser/beredning.html", {
        "forbund": forbund, "insats": insats, "checklist": items, "findings": _shown(items),
        "findings_enabled": True, "forms": forms, "anchoring": anchoring, "matter": matter,
        "agenda_items": agenda_items, "agreement": agreement, "requested": services.requested_by_year(insats),
        "agreement_problem": services.agreement_problem(insats) if agreement is None else None,
        "submitted": insats.status == InsatsStatus.SUBMITTED, "approved": insats.status == InsatsStatus.APPROVED,
        "failing": sum(1 for i in items if not i.ok),
    })
