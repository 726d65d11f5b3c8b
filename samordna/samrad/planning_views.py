"""Planning, inviting, holding and recording a samråd (the office of any förbund it covers).

Every change calls one function of samrad/services.py; the live findings are the rule engine's
(`live_findings`: the store's findings of the covered förbund as of the samråd's day, about this samråd),
so the page shows what the samrad-* rules will say of it once it is held, recomputed after each change.
"""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samordna.checks import grouping
from samordna.checks.store import findings_for
from samordna.lib.access import Cap, forbund_view
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.organisations.models import Member
from samordna.rules.engine import RULES
from samordna.web.forms import add_domain_error

from . import invitation, services
from .forms import AgendaForm, ParticipantForm, PersonForm, PlanForm, ReplyForm
from .models import AgendaItem, Consultation, MemberStatement, Participant


def _consultation(forbund, subject_id):
    """A samråd covering the förbund (another förbund's samråd is a 404)."""
    return get_object_or_404(Consultation.objects.filter(forbund=forbund).select_related(
        "convener_person", "convener_appointed_by"), external_id=subject_id)


def live_findings(consultation, slug) -> list:
    """The samrad-* findings about this samråd from the rule engine, for every förbund it covers, as of the
    later of today and its day (a planned samråd is judged as on the day it is held); one per message."""
    day = max(today(), consultation.date)
    names = dict(consultation.forbund.values_list("slug", "name"))
    seen, out = set(), []
    for finding in findings_for(list(names), day):
        if finding.subject_kind != "consultation" or finding.subject_id != consultation.external_id:
            continue
        if (finding.rule, finding.message) in seen:
            continue
        seen.add((finding.rule, finding.message))
        out.append({"s": grouping.ShownFinding(finding, RULES[finding.rule], None, None),
                    "forbund": names.get(finding.forbund, finding.forbund), "several": len(names) > 1})
    return out


def _go(consultation, forbund, view="consultation-plan", anchor=""):
    return redirect(reverse(view, args=[forbund.slug, consultation.external_id]) + anchor)


def _call(request, call, done) -> bool:
    try:
        call()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def plan_new(request, forbund):
    form = PlanForm(request.POST or None, forbund=forbund, initial={"kind": "medlemssamrad"})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            consultation = services.plan_consultation(forbund, user=request.user, **data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Samrådet är planerat. Lägg till deltagare och skicka inbjudan."))
            return _go(consultation, forbund)
    return render(request, "samrad/plan_new.html", {"forbund": forbund, "form": form})


def _participant_rows(consultation, forbund):
    rows = []
    for p in consultation.participants.select_related("person", "represents__forbund", "for_forbund").order_by(
            "for_forbund__name", "represents__forbund__name", "person__name"):
        rows.append({"p": p, "form": PersonForm(initial={"person": p.person_id}, consultation=consultation, own=forbund,
                                                prefix=f"p{p.pk}"),
                     "reply": ReplyForm(initial={"reply": p.reply or "", "replied_on": p.replied_on},
                                        prefix=f"r{p.pk}")})
    return rows


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def plan_edit(request, forbund, subject_id):
    consultation = _consultation(forbund, subject_id)
    covered = list(consultation.forbund.order_by("name"))
    initial = {"kind": consultation.kind, "date": consultation.date, "start_time": consultation.start_time,
               "place": consultation.place, "other_forbund": [f for f in covered if f.pk != forbund.pk],
               "convener_person": consultation.convener_person, "convener_appointed_by": consultation.convener_appointed_by}
    form = PlanForm(request.POST or None, forbund=forbund, consultation=consultation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        others = list(data.pop("other_forbund"))
        try:
            services.change_consultation(consultation, forbund, user=request.user, covered=[forbund, *others], **data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else "other_forbund" if error.field == "covered"
                           else None, error.message)
        else:
            messages.success(request, _("Planen är sparad."))
            return _go(consultation, forbund)
    return render(request, "samrad/plan_edit.html", {
        "forbund": forbund, "c": consultation, "covered": covered, "form": form,
        "rows": _participant_rows(consultation, forbund),
        "add_form": ParticipantForm(consultation=consultation, own=forbund, prefix="add"),
        "agenda": [{"a": a, "form": AgendaForm(initial={"title": a.title, "topic": a.topic}, prefix=f"a{a.pk}")}
                   for a in consultation.agenda.order_by("position")],
        "agenda_form": AgendaForm(prefix="new"), "findings": live_findings(consultation, forbund.slug),
        "findings_enabled": True, "held": consultation.date <= today(), "can_invite": consultation.date >= today(),
        "not_invited": consultation.participants.filter(invited_on__isnull=True).count(),
        "documents": invitation.documents(consultation),
    })


@forbund_view(Cap.MANAGE)
@require_POST
def plan_participant_add(request, forbund, subject_id):
    consultation = _consultation(forbund, subject_id)
    form = ParticipantForm(request.POST, consultation=consultation, own=forbund, prefix="add")
    if not form.is_valid():
        messages.error(request, _("Välj en person och vem personen företräder."))
    else:
        d = form.cleaned_data
        _call(request, partial(services.add_participant, consultation, forbund, user=request.user, person=d["person"],
                               represents=d["represents"], for_forbund=d["for_forbund"], capacity=d["capacity"] or None),
              _("%(name)s är tillagd.") % {"name": d["person"].name})
    return _go(consultation, forbund, anchor="#deltagare")


def _participant(consultation, pk):
    return get_object_or_404(Participant.objects.select_related("consultation", "person"), consultation=consultation,
                             pk=pk)


@forbund_view(Cap.MANAGE)
@require_POST
def plan_participant_change(request, forbund, subject_id, pk):
    consultation = _consultation(forbund, subject_id)
    participant = _participant(consultation, pk)
    if "remove" in request.POST:
        name = participant.person.name
        _call(request, partial(services.remove_participant, participant, forbund, user=request.user),
              _("%(name)s är borttagen.") % {"name": name})
    elif "reply" in request.POST or f"r{pk}-reply" in request.POST:
        form = ReplyForm(request.POST, prefix=f"r{pk}")
        if form.is_valid():
            _call(request, partial(services.record_reply, participant, forbund, user=request.user,
                                   reply=form.cleaned_data["reply"], day=form.cleaned_data["replied_on"]),
                  _("Svaret är registrerat."))
        else:
            messages.error(request, _("Ange ett giltigt datum för svaret."))
    else:
        form = PersonForm(request.POST, consultation=consultation, own=forbund, prefix=f"p{pk}")
        if form.is_valid():
            _call(request, partial(services.change_participant, participant, forbund, user=request.user,
                                   person=form.cleaned_data["person"]), _("Deltagaren är ändrad."))
        else:
            messages.error(request, _("Välj en person ur listan."))
    return _go(consultation, forbund, anchor="#deltagare")


@forbund_view(Cap.MANAGE)
@require_POST
def plan_invite_all(request, forbund, subject_id):
    consultation = _consultation(forbund, subject_id)
    if "delegations" in request.POST:
        added = []
        _call(request, lambda: added.extend(services.invite_delegations(consultation, forbund, user=request.user)),
              _("Förbundens delegationer är tillagda."))
    else:
        added = []
        _call(request, lambda: added.extend(services.invite_representatives(consultation, forbund, user=request.user)),
              _("Medlemmarnas representanter är tillagda."))
    return _go(consultation, forbund, anchor="#deltagare")


@forbund_view(Cap.MANAGE)
@require_POST
def plan_agenda(request, forbund, subject_id, pk=None):
    consultation = _consultation(forbund, subject_id)
    if pk is None:
        form = AgendaForm(request.POST, prefix="new")
        if form.is_valid():
            _call(request, partial(services.add_agenda_item, consultation, forbund, user=request.user,
                                   **form.cleaned_data), _("Punkten är tillagd."))
    else:
        item = get_object_or_404(AgendaItem, consultation=consultation, pk=pk)
        if "remove" in request.POST:
            _call(request, partial(services.remove_agenda_item, item, forbund, user=request.user),
                  _("Punkten är borttagen."))
        else:
            form = AgendaForm(request.POST, prefix=f"a{pk}")
            if form.is_valid():
                _call(request, partial(services.change_agenda_item, item, forbund, user=request.user,
                                       **form.cleaned_data), _("Punkten är ändrad."))
    return _go(consultation, forbund, anchor="#dagordning")


@forbund_view(Cap.MANAGE)
@require_POST
def invite_send(request, forbund, subject_id):
    consultation = _consultation(forbund, subject_id)
    invited = []
    if _call(request, lambda: invited.extend(services.send_invitations(consultation, forbund, user=request.user)),
             _("Inbjudan är köad för utskick.")):
        missing = [p.person.name for p in invited if not p.person.email]
        if missing:
            messages.warning(request, _("Saknar e-postadress och fick ingen inbjudan: %(names)s") % {
                "names": ", ".join(missing)})
    return _go(consultation, forbund, anchor="#inbjudan")


@forbund_view(Cap.MANAGE)
def invite_pdf(request, forbund, subject_id):
    consultation = _consultation(forbund, subject_id)
    response = HttpResponse(invitation.pdf(consultation, day=today()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invitation.filename(consultation)}"'
    return response


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def hold(request, forbund, subject_id):
    consultation = _consultation(forbund, subject_id)
    participants = list(consultation.participants.select_related("person", "represents__forbund", "for_forbund")
                        .order_by("for_forbund__name", "represents__forbund__name", "person__name"))
    agenda = list(consultation.agenda.order_by("position"))
    covered = list(consultation.forbund.order_by("name"))
    members = list(Member.objects.filter(forbund__in=covered).active_on(consultation.date).select_related("forbund")
                   .order_by("forbund__name", "kind", "name"))
    statements = {s.member_id: s.text for s in MemberStatement.objects.filter(consultation=consultation)}
    if request.method == "POST":
        if "send" in request.POST:
            _call(request, partial(services.send_notes, consultation, forbund, user=request.user),
                  _("Anteckningarna är köade för utskick till deltagarna och medlemmarnas representanter."))
            return _go(consultation, forbund, "consultation-hold")
        ok = _call(request, partial(
            services.record_consultation, consultation, forbund, user=request.user,
            attended={p.pk for p in participants if request.POST.get(f"came-{p.pk}")},
            notes={a.pk: request.POST.get(f"notes-{a.pk}", "") for a in agenda},
            statements={m.pk: request.POST.get(f"statement-{m.pk}", "") for m in members},
        ), _("Samrådet är registrerat."))
        if ok:
            return _go(consultation, forbund, "consultation-hold")
        statements = {m.pk: request.POST.get(f"statement-{m.pk}", "") for m in members}
    return render(request, "samrad/hold_edit.html", {
        "forbund": forbund, "c": consultation, "covered": covered, "participants": participants, "agenda": agenda,
        "members": [{"m": m, "text": statements.get(m.pk, "")} for m in members],
        "held": consultation.date <= today(), "findings": live_findings(consultation, forbund.slug),
        "findings_enabled": True, "documents": invitation.documents(consultation),
    })


@forbund_view(Cap.MANAGE)
def hold_pdf(request, forbund, subject_id):
    consultation = _consultation(forbund, subject_id)
    response = HttpResponse(invitation.notes_pdf(consultation, day=today()), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{invitation.notes_filename(consultation)}"'
    return response
