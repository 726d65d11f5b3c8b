"""Pages of the insats reports (issue 9, part 2): file and correct a report, put it on a meeting's agenda,
planned report dates, the huvudman's contact, prolongation and early end, closing; the overview with its
charts and the Uppföljning Finsam export. Every change calls a service (insatser/services.py)."""

import csv
from functools import partial

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.organisations.views import _run

from . import overview as overview_data
from . import services
from .models import Insats, Report, ReportDate
from .report_forms import ContactForm, EndChangeForm, MeetingChoiceForm, ReportDateForm, ReportForm


def _insats(forbund, subject_id):
    return scoped_get(Insats.objects.select_related("forbund"), forbund, external_id=subject_id)


def _back(insats, anchor="rapporter"):
    return reverse("insats-detail", args=[insats.forbund.slug, insats.external_id]) + f"#{anchor}"


def coming_meetings(forbund):
    """The meetings a report or a request can go on: today or later, protokoll not adjusted."""
    from samordna.meetings.models import Meeting

    return list(Meeting.objects.filter(forbund=forbund, date__gte=today())
                .exclude(minutes__adjusted__isnull=False).order_by("date", "pk"))


def _form_page(request, forbund, insats, form, title, *, intro="", submit=None):
    return render(request, "insatser/report_form.html", {
        "forbund": forbund, "insats": insats, "form": form, "title": title, "intro": intro,
        "submit": submit or _("Spara"), "back_url": _back(insats),
    })


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def report_new(request, forbund, subject_id):
    insats = _insats(forbund, subject_id)
    form = ReportForm(request.POST or None, initial={"date": today()})
    if request.method == "POST" and form.is_valid():
        call = partial(services.file_report, insats, user=request.user, **form.service_data())
        if _run(request, forbund, form, call) is not None:
            messages.success(request, _("Rapporten är sparad."))
            return redirect(_back(insats))
    return _form_page(request, forbund, insats, form, _("Ny rapport: %(name)s") % {"name": insats},
                      intro=_("Rapporten redovisar bara antal, aldrig enskilda deltagare."))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def report_edit(request, forbund, subject_id, pk):
    insats = _insats(forbund, subject_id)
    report = scoped_get(Report, forbund, pk=pk, insats=insats)
    form = ReportForm(request.POST or None, initial=ReportForm.initial_of(report))
    if request.method == "POST" and form.is_valid():
        call = partial(services.change_report, report, user=request.user, **form.service_data())
        if _run(request, forbund, form, call) is not None:
            messages.success(request, _("Rapporten är ändrad."))
            return redirect(_back(insats))
    return _form_page(request, forbund, insats, form, _("Ändra rapport: %(name)s") % {"name": insats})


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def report_present(request, forbund, subject_id, pk):
    """"Lägg på dagordningen": the report as an information item of a coming meeting."""
    insats = _insats(forbund, subject_id)
    report = scoped_get(Report, forbund, pk=pk, insats=insats)
    form = MeetingChoiceForm(request.POST or None, meetings=coming_meetings(forbund))
    if request.method == "POST" and form.is_valid():
        call = partial(services.present_report, report, form.chosen(), user=request.user)
        item = _run(request, forbund, form, call)
        if item is not None:
            messages.success(request, _("Rapporten ligger på dagordningen som § %(n)s.") % {"n": item.number})
            return redirect(_back(insats))
    intro = _("Rapporten läggs till som informationsärende.") if form.meetings else _(
        "Det finns inget kommande sammanträde: planera ett först.")
    return _form_page(request, forbund, insats, form, _("Lägg rapporten på dagordningen"), intro=intro,
                      submit=_("Lägg på dagordningen"))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def report_date_new(request, forbund, subject_id):
    insats = _insats(forbund, subject_id)
    form = ReportDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = partial(services.add_report_date, insats, user=request.user, **form.cleaned_data)
        if _run(request, forbund, form, call) is not None:
            messages.success(request, _("Rapportdatumet är sparat."))
            return redirect(_back(insats, "rapportplan"))
    return _form_page(request, forbund, insats, form, _("Planera en rapport: %(name)s") % {"name": insats},
                      intro=_("Utöver rapportintervallet: en engångsrapport eller en rapport vid en milstolpe."))


@forbund_view(Cap.MANAGE)
@require_POST
def report_date_remove(request, forbund, subject_id, pk):
    insats = _insats(forbund, subject_id)
    row = scoped_get(ReportDate, forbund, pk=pk, insats=insats)
    services.remove_report_date(row, user=request.user)
    messages.success(request, _("Rapportdatumet är borttaget."))
    return redirect(_back(insats, "rapportplan"))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def contact_edit(request, forbund, subject_id):
    from samordna.organisations.models import Person

    insats = _insats(forbund, subject_id)
    persons = list(Person.objects.of_forbund(forbund).order_by("name", "pk"))
    if insats.contact_id and insats.contact_id not in {p.pk for p in persons}:
        persons.append(insats.contact)
    form = ContactForm(request.POST or None, persons=persons,
                       initial={"contact": str(insats.contact_id or "")})
    if request.method == "POST" and form.is_valid():
        call = partial(services.set_contact, insats, form.chosen(), user=request.user)
        if _run(request, forbund, form, call) is not None:
            messages.success(request, _("Kontaktpersonen är sparad."))
            return redirect(_back(insats, "rapportplan"))
    return _form_page(request, forbund, insats, form, _("Kontaktperson: %(name)s") % {"name": insats})


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def end_change_new(request, forbund, subject_id):
    insats = _insats(forbund, subject_id)
    form = EndChangeForm(request.POST or None, meetings=coming_meetings(forbund))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = partial(services.request_end_change, insats, form.chosen(), user=request.user, kind=data["kind"],
                       new_end=data["new_end"], reason=data["reason"])
        change = _run(request, forbund, form, call)
        if change is not None:
            messages.success(request, _("Begäran ligger på dagordningen som § %(n)s; styrelsens beslut ändrar "
                                        "slutdatumet.") % {"n": change.item.number})
            return redirect(_back(insats, "rapportplan"))
    return _form_page(request, forbund, insats, form, _("Förläng eller avsluta i förtid: %(name)s") % {"name": insats},
                      intro=_("Förlängning och förtida avslut beslutas av styrelsen: begäran blir ett beslutsärende."),
                      submit=_("Lägg på dagordningen"))


@forbund_view(Cap.MANAGE)
@require_POST
def insats_close(request, forbund, subject_id):
    insats = _insats(forbund, subject_id)
    try:
        services.close_insats(insats, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Insatsen är avslutad."))
    return redirect(_back(insats, "rapportplan"))


@forbund_view()
@require_GET
def insats_overview(request, forbund):
    return render(request, "insatser/overview.html", {"forbund": forbund, **overview_data.build(forbund, today())})


@forbund_view(Cap.MANAGE)
@require_GET
def uppfoljning_csv(request, forbund):
    """Uppföljning Finsam: per insats and year the aggregates the national follow-up takes (docs/uppfoljning.md)."""
    rows = overview_data.uppfoljning_rows(forbund)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uppfoljning-{forbund.slug}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with its byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(overview_data.UPPFOLJNING_COLUMNS)
    writer.writerows(rows)
    return response

