"""Information to the members (FinsamL 18 §): the prompt for a major decision not yet told to every member, the
compose-and-send form, a sent information's page, and the office's pages of a member's representatives.

The prompt is the `information-duty` rule live: `rules.meetings.uninformed_members` (the pure helper the rule
uses) asked without the 30 days' deadline, so it shows from the decision until every member has the
information, and the rule's finding follows once the 30 days have passed.
"""

from __future__ import annotations

import datetime
from functools import partial

from django import forms
from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samordna.diarium.models import Document
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.meetings.models import Item
from samordna.organisations.models import Member, Representative
from samordna.rules import deadlines
from samordna.rules.context import DECIDED_OUTCOMES
from samordna.rules.meetings import uninformed_members
from samordna.web.forms import run_in_form

from . import services
from .models import Notice

# The overview prompts the major decisions of the last year; older ones are the Regelkontroll's findings.
OVERVIEW_WINDOW = datetime.timedelta(days=365)
# The compose form offers the newest documents of the diarium (and those of the item's matter).
DOCUMENT_CHOICES = 100


# The prompt ------------------------------------------------------------------------------------------------

def _item_doc(item) -> dict:
    decision = getattr(item, "decision", None)
    return {"id": item.external_id, "major": item.major, "decision": {"outcome": decision.outcome if decision else None}}


def _notice_docs(item) -> list[dict]:
    return [{"date": n.date.isoformat() if n.date else None, "recipients": [m.external_id for m in n.recipients.all()]}
            for n in item.notices.all()]


def missing_members(item, members_on_date: list[Member]) -> list[Member]:
    """The members active on the item's meeting date that no information about the (major, decided) item has
    reached yet (`rules.meetings.uninformed_members`, without a deadline)."""
    by_id = {m.external_id: m for m in members_on_date}
    missing = uninformed_members(_item_doc(item), item.meeting.date, _notice_docs(item), list(by_id))
    return [by_id[i] for i in missing]


def information_prompts(forbund, day: datetime.date, meeting=None) -> list[dict]:
    """Per major decided item still lacking information: the item, the members not informed and the last day
    (30 days after the meeting). Of one meeting, or (the overview) of the meetings of the last year."""
    items = (Item.objects.filter(forbund=forbund, major=True, decision__outcome__in=DECIDED_OUTCOMES,
                                 meeting__date__lte=day)
             .select_related("meeting", "decision")
             .prefetch_related(Prefetch("notices", queryset=Notice.objects.prefetch_related(
                 Prefetch("recipients", queryset=Member.objects.only("id", "external_id"))))))
    items = items.filter(meeting=meeting) if meeting is not None else items.filter(meeting__date__gte=day - OVERVIEW_WINDOW)
    members, prompts = list(Member.objects.filter(forbund=forbund)), []
    for item in items.order_by("meeting__date", "number"):
        on_date = [m for m in members if (m.joined is None or m.joined <= item.meeting.date)
                   and (m.left is None or item.meeting.date <= m.left)]
        missing = missing_members(item, on_date)
        if missing:
            due = deadlines.information_due(item.meeting.date)
            prompts.append({"item": item, "meeting": item.meeting, "missing": missing, "due": due,
                            "overdue": due < day, "all": len(missing) == len(on_date)})
    return prompts


# Compose and send -------------------------------------------------------------------------------------------

class InformationForm(forms.Form):
    subject = forms.CharField(label=_lazy("Ämne"), max_length=300)
    text = forms.CharField(label=_lazy("Text"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_lazy("Vad beslutet innebär för medlemmarna. Skickas som e-post."))
    members = forms.ModelMultipleChoiceField(
        label=_lazy("Medlemmar som informeras"), queryset=Member.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_lazy("E-posten går till varje medlems representanter. En medlem utan representant visas och "
                        "registreras som inte nådd."))
    documents = forms.ModelMultipleChoiceField(
        label=_lazy("Handlingar ur diariet"), queryset=Document.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_lazy("Bifogas e-posten. Handlingar under sekretess kan aldrig väljas."))

    def __init__(self, *args, forbund, day, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].error_messages["required"] = _("Ange ett ämne för informationen.")
        self.fields["text"].error_messages["required"] = _("Skriv vad medlemmarna ska informeras om.")
        self.fields["members"].error_messages.update({
            "required": _("Välj minst en medlem att informera."),
            "invalid_choice": _("Välj bland förbundets medlemmar."), "invalid_pk_value": _("Välj bland förbundets medlemmar.")})
        self.fields["documents"].error_messages.update({
            "invalid_choice": _("Välj bland handlingarna i listan (aldrig en handling under sekretess)."),
            "invalid_pk_value": _("Välj bland handlingarna i listan (aldrig en handling under sekretess).")})
        self.fields["members"].queryset = Member.objects.filter(forbund=forbund).active_on(day).order_by("kind", "name")
        material = Document.objects.filter(forbund=forbund).filter(services.material_q())
        offered = list(material.order_by("-registered", "-pk").values_list("pk", flat=True)[:DOCUMENT_CHOICES])
        if item is not None:
            offered += list(item_material(forbund, item).values_list("pk", flat=True))
        self.fields["documents"].queryset = Document.objects.filter(pk__in=offered).select_related("matter").order_by(
            "-registered", "-pk")
        self.fields["documents"].label_from_instance = lambda d: (
            f"{d.title} ({d.matter.dnr}, {d.get_classification_display().lower()})" if d.matter_id
            else f"{d.title} ({d.get_classification_display().lower()})")


def item_material(forbund, item):
    """The non-secret documents of what the item decided: its matter, the budget it adopted, its insats."""
    links = Q(matter__budget__decided_in=item)
    if item.matter_id:
        links |= Q(matter_id=item.matter_id)
    if item.insats_id:
        links |= Q(matter__insats_id=item.insats_id)
    return Document.objects.filter(forbund=forbund).filter(services.material_q()).filter(links)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def information_new(request, forbund):
    """Compose information to the members (?paragraf=<item id>: about that decision, prefilled)."""
    day = today()
    item = None
    item_id = request.POST.get("paragraf") or request.GET.get("paragraf")
    if item_id:
        item = get_object_or_404(Item.objects.select_related("meeting", "decision"), forbund=forbund,
                                 external_id=item_id)
    initial = {}
    if item is not None:
        initial["subject"] = _("Information om beslut: %(title)s") % {"title": item.title or ""}
        decision = getattr(item, "decision", None)
        initial["text"] = _("Styrelsen beslutade vid sammanträdet %(date)s (§ %(number)s): %(text)s") % {
            "date": item.meeting.date.isoformat(), "number": item.number,
            "text": (decision.text if decision and decision.text else (decision.get_outcome_display() if decision else ""))}
        active = list(Member.objects.filter(forbund=forbund).active_on(day))
        missing = {m.pk for m in missing_members(item, [m for m in Member.objects.filter(forbund=forbund)
                                                         if (m.joined is None or m.joined <= item.meeting.date)
                                                         and (m.left is None or item.meeting.date <= m.left)])}
        initial["members"] = [m.pk for m in active if m.pk in missing] or [m.pk for m in active]
        initial["documents"] = list(item_material(forbund, item).values_list("pk", flat=True))
    else:
        initial["members"] = list(Member.objects.filter(forbund=forbund).active_on(day).values_list("pk", flat=True))
    form = InformationForm(request.POST or None, forbund=forbund, day=day, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice = run_in_form(form, partial(services.send_information, forbund, user=request.user, subject=data["subject"],
                                    text=data["text"], day=day, members=list(data["members"]), about=item,
                                    documents=list(data["documents"])))
        if notice is not None:
            messages.success(request, _("Informationen är skickad till representanterna för %(n)s medlemmar.") % {
                "n": len(notice.reached)})
            if notice.not_reached:
                messages.warning(request, _("Nådde inte: %(names)s (ingen representant med e-postadress). Be "
                                            "medlemmen utse en representant.") % {
                    "names": ", ".join(m.name for m in notice.not_reached)})
            return redirect("notice-detail", slug=forbund.slug, notice_pk=notice.pk)
    representatives = {m.pk: [r.person for r in services.active_representatives(m, day)]
                       for m in form.fields["members"].queryset}
    return render(request, "samrad/notice_form.html", {
        "forbund": forbund, "form": form, "item": item, "day": day,
        "member_rows": [{"member": m, "representatives": representatives[m.pk]} for m in form.fields["members"].queryset],
    })


@forbund_view()
@require_GET
def notice_detail(request, forbund, notice_pk):
    notice = get_object_or_404(
        Notice.objects.select_related("about__meeting").prefetch_related(
            "recipients", "attachments__document__matter", "unreached__member"),
        forbund=forbund, pk=notice_pk)
    return render(request, "samrad/notice_detail.html", {
        "forbund": forbund, "notice": notice, "attachments": list(notice.attachments.all()),
        "unreached": [u.member for u in notice.unreached.all()],
    })


# The office's pages of a member's representatives --------------------------------------------------------

class RepresentativeForm(forms.Form):
    name = forms.CharField(label=_lazy("Namn"), max_length=200)
    email = forms.EmailField(label=_lazy("E-post"), help_text=_lazy("Kallelser och information skickas hit."))
    date_from = forms.DateField(label=_lazy("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_lazy("Lämna tomt för från i dag."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _("Ange representantens namn.")
        self.fields["email"].error_messages.update({
            "required": _("Ange representantens e-postadress: informationen skickas dit."),
            "invalid": _("Ange en giltig e-postadress, t.ex. namn@kommun.se.")})
        self.fields["date_from"].error_messages["invalid"] = _("Ange datumet som ÅÅÅÅ-MM-DD.")


class EndForm(forms.Form):
    date_to = forms.DateField(label=_lazy("Sista dag"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_to"].error_messages.update({"required": _("Ange representantens sista dag."),
                                                      "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})


def representative_rows(member, day):
    rows = list(Representative.objects.filter(member=member).select_related("person").order_by("person__name", "pk"))
    for rep in rows:
        rep.active = rep.active_on(day)
    return rows


def add_representative_call(request, member, form):
    data = form.cleaned_data
    return partial(services.name_representative, member, user=request.user, name=data["name"], email=data["email"],
                   date_from=data.get("date_from") or today())


def end_representative_call(request, rep, form):
    from samordna.organisations import services as organisations

    return partial(organisations.end_representative, rep, form.cleaned_data["date_to"], user=request.user)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def member_representatives(request, forbund, member_pk):
    """The office names or ends the representatives of any member of its förbund."""
    member = scoped_get(Member, forbund, pk=member_pk)
    day = today()
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rep = run_in_form(form, add_representative_call(request, member, form))
        if rep is not None:
            messages.success(request, _("%(person)s är representant för %(member)s.") % {
                "person": rep.person.name, "member": member.name})
            return redirect("member-representatives", slug=forbund.slug, member_pk=member.pk)
    rows = representative_rows(member, day)
    for rep in rows:
        rep.end_url = reverse("member-representative-end", args=[forbund.slug, member.pk, rep.pk])
    return render(request, "samrad/notice_representatives.html", {
        "forbund": forbund, "member": member, "form": form, "rows": rows, "day": day, "rows_editable": True,
        "back_url": reverse("forbund-members", args=[forbund.slug]), "back_label": _("Alla medlemmar"),
    })


@forbund_view(Cap.MANAGE)
@require_POST
def member_representative_end(request, forbund, member_pk, rep_pk):
    member = scoped_get(Member, forbund, pk=member_pk)
    rep = get_object_or_404(Representative.objects.select_related("person", "member"), member=member, pk=rep_pk)
    form = EndForm(request.POST)
    if form.is_valid():
        if run_in_form(form, end_representative_call(request, rep, form)) is not None:
            messages.success(request, _("%(person)s är representant till och med %(date)s.") % {
                "person": rep.person.name, "date": form.cleaned_data["date_to"].isoformat()})
            return redirect("member-representatives", slug=forbund.slug, member_pk=member.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("member-representatives", slug=forbund.slug, member_pk=member.pk)
