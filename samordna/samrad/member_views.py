"""Min medlemsorganisation (/medlem/): the member organisation's own view of its förbund.

Who sees a member's page: a user of the member role who speaks for it (accounts.Access.member, in the
member's own förbund), and a representative of it who logs in (User.person is an organisations.Representative
of the member, active today). Anyone else gets a 404 for the member, whatever their other roles; nothing of
another förbund is shown. The page lists the coming samråd covering the member's förbund with their material,
the information the förbund sent the member (FinsamL 18 §), the budgets with what the member was consulted on
and pays, and the annual and audit reports; its documents are served here, and only when they are that
material and never secret (samrad.services.material_q). Only the member-role user names and ends the
member's representatives.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samordna.accounts.models import Access, Role
from samordna.diarium.models import Document
from samordna.finance.models import AnnualReport, Budget, Consulted, Contribution
from samordna.organisations.models import Member, Representative
from samordna.web.forms import run_in_form

from . import services
from .models import Consultation, Notice
from .notice_views import (
    EndForm,
    RepresentativeForm,
    add_representative_call,
    end_representative_call,
    representative_rows,
)

# Budgets and annual reports shown: those of the last few years.
YEARS_SHOWN = 3


@dataclass
class Speaking:
    member: Member
    manages: bool  # the member-role user (names the representatives); a representative only reads


def speaking_for(user, day: datetime.date) -> dict[int, Speaking]:
    """The members the user speaks for: by a member-role grant in the member's own förbund, or as a
    representative active on `day`."""
    found: dict[int, Speaking] = {}
    if not user.is_authenticated or not user.is_active:
        return found
    for access in Access.objects.filter(user=user, role=Role.MEMBER, member__isnull=False).select_related(
            "member__forbund"):
        if access.member.forbund_id == access.forbund_id:
            found[access.member.pk] = Speaking(access.member, True)
    if user.person_id:
        for rep in Representative.objects.filter(person_id=user.person_id).select_related("member__forbund"):
            if rep.active_on(day) and rep.member.pk not in found:
                found[rep.member.pk] = Speaking(rep.member, False)
    return found


def _speaking(request, member_pk: int) -> Speaking:
    from samordna.lib.dates import today

    speaking = speaking_for(request.user, today()).get(member_pk)
    if speaking is None:
        raise Http404
    return speaking


def material_documents(member, day: datetime.date):
    """The documents the member may read here: of the coming samråd covering its förbund, sent to it with
    information, of its förbund's recent budgets and annual reports; never a secret one."""
    forbund = member.forbund
    first_year = day.year - YEARS_SHOWN
    coming = Consultation.objects.filter(forbund=forbund, date__gte=day).values("pk")
    sent = Notice.objects.filter(forbund=forbund, recipients=member).values("attachments__document")
    return Document.objects.filter(forbund=forbund).filter(services.material_q()).filter(
        Q(matter__consultation__in=coming) | Q(pk__in=sent)
        | Q(matter__budget__forbund=forbund, matter__budget__year__gte=first_year)
        | Q(matter__annual_report__forbund=forbund, matter__annual_report__year__gte=first_year)
    ).distinct()


@login_required
@require_GET
def member_home(request):
    from samordna.lib.dates import today

    found = list(speaking_for(request.user, today()).values())
    if len(found) == 1:
        return redirect("member-page", member_pk=found[0].member.pk)
    return render(request, "samrad/member_home.html", {"speaking": sorted(found, key=lambda s: (
        s.member.forbund.name, s.member.name))})


@login_required
@require_GET
def member_page(request, member_pk):
    from samordna.lib.dates import today

    speaking = _speaking(request, member_pk)
    member, day = speaking.member, today()
    forbund = member.forbund
    first_year = day.year - YEARS_SHOWN
    documents = list(material_documents(member, day).select_related("matter").order_by("-registered", "-pk"))
    by_link: dict[tuple[str, int], list[Document]] = {}
    for document in documents:
        matter = document.matter
        if matter is None:
            continue
        for kind in ("consultation", "budget", "annual_report"):
            if getattr(matter, f"{kind}_id"):
                by_link.setdefault((kind, getattr(matter, f"{kind}_id")), []).append(document)
    visible = {d.pk for d in documents}
    coming = list(Consultation.objects.filter(forbund=forbund, date__gte=day).prefetch_related("agenda")
                  .order_by("date", "external_id"))
    for consultation in coming:
        consultation.material = by_link.get(("consultation", consultation.pk), [])
    received = list(Notice.objects.filter(forbund=forbund, recipients=member).select_related("about__meeting")
                    .prefetch_related("attachments").order_by("-date", "-pk"))
    for notice in received:
        notice.files = [a for a in notice.attachments.all() if a.document_id in visible]
    budgets = list(Budget.objects.filter(forbund=forbund, year__gte=first_year).order_by("-year").prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.filter(member=member), to_attr="own_contribution"),
        Prefetch("consulted", queryset=Consulted.objects.filter(member=member), to_attr="own_consulted")))
    for budget in budgets:
        budget.material = by_link.get(("budget", budget.pk), [])
    reports = list(AnnualReport.objects.filter(forbund=forbund, year__gte=first_year).select_related("audit")
                   .prefetch_related("audit__delivered_to").order_by("-year"))
    for report in reports:
        report.material = by_link.get(("annual_report", report.pk), [])
        audit = getattr(report, "audit", None)
        report.audit_to_member = audit is not None and any(m.pk == member.pk for m in audit.delivered_to.all())
    rows = representative_rows(member, day)
    for rep in rows:
        rep.end_url = reverse("member-page-representative-end", args=[member.pk, rep.pk])
    return render(request, "samrad/member_page.html", {
        "member": member, "forbund_of_member": forbund, "speaking": speaking, "day": day, "coming": coming,
        "received": received, "budgets": budgets, "reports": reports, "rows": rows,
        "rows_editable": speaking.manages, "form": RepresentativeForm() if speaking.manages else None,
    })


@login_required
@require_http_methods(["GET", "POST"])
def member_page_representatives(request, member_pk):
    """The member-role user names a representative of its member (GET shows the form on its own)."""
    from samordna.lib.dates import today

    speaking = _speaking(request, member_pk)
    if not speaking.manages:
        raise Http404
    member, day = speaking.member, today()
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rep = run_in_form(form, add_representative_call(request, member, form))
        if rep is not None:
            messages.success(request, _("%(person)s är representant för %(member)s.") % {
                "person": rep.person.name, "member": member.name})
            return redirect("member-page", member_pk=member.pk)
    rows = representative_rows(member, day)
    for rep in rows:
        rep.end_url = reverse("member-page-representative-end", args=[member.pk, rep.pk])
    return render(request, "samrad/notice_representatives.html", {
        "forbund": None, "member": member, "form": form, "rows": rows, "day": day, "rows_editable": True,
        "back_url": reverse("member-page", args=[member.pk]), "back_label": _("Min medlemsorganisation"),
    })


@login_required
@require_POST
def member_page_representative_end(request, member_pk, rep_pk):
    speaking = _speaking(request, member_pk)
    if not speaking.manages:
        raise Http404
    rep = get_object_or_404(Representative.objects.select_related("person", "member"), member=speaking.member,
                            pk=rep_pk)
    form = EndForm(request.POST)
    if form.is_valid():
        if run_in_form(form, end_representative_call(request, rep, form)) is not None:
            messages.success(request, _("%(person)s är representant till och med %(date)s.") % {
                "person": rep.person.name, "date": form.cleaned_data["date_to"].isoformat()})
            return redirect("member-page", member_pk=speaking.member.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("member-page", member_pk=speaking.member.pk)


@login_required
@require_GET
def member_notice(request, member_pk, notice_pk):
    """A piece of information the member received."""
    from samordna.lib.dates import today

    speaking = _speaking(request, member_pk)
    member = speaking.member
    notice = get_object_or_404(Notice.objects.select_related("about__meeting").prefetch_related("attachments"),
                               forbund=member.forbund, recipients=member, pk=notice_pk)
    visible = set(material_documents(member, today()).values_list("pk", flat=True))
    return render(request, "samrad/member_notice.html", {
        "member": member, "notice": notice,
        "files": [a for a in notice.attachments.all() if a.document_id in visible],
    })


@login_required
@require_GET
def member_document(request, member_pk, document_pk):
    """A document of the member's material; anything else (a secret one, another förbund's) is a 404."""
    from samordna.lib.dates import today

    speaking = _speaking(request, member_pk)
    document = get_object_or_404(material_documents(speaking.member, today()), pk=document_pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = "text/plain; charset=utf-8" if document.content_type == "text/plain" else document.content_type
    response = FileResponse(handle, as_attachment=True, filename=document.original_name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
