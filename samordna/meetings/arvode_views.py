"""The fee list (arvodeslista) of a period for the office, as a page and as CSV for payroll."""

import csv
import datetime

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from samordna.lib.access import Cap, forbund_view
from samordna.lib.dates import today
from samordna.lib.validation import validate_date_in_range

from .arvode import fee_list

HOW = {"ledamot": gettext_lazy("ledamot"), "serving": gettext_lazy("tjänstgörande ersättare"),
       "non_serving": gettext_lazy("ej tjänstgörande ersättare")}


class PeriodForm(forms.Form):
    fran = forms.DateField(label=gettext_lazy("Från och med"), validators=[validate_date_in_range],
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    till = forms.DateField(label=gettext_lazy("Till och med"), validators=[validate_date_in_range],
                           widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def clean(self):
        data = super().clean()
        if data.get("fran") and data.get("till") and data["till"] < data["fran"]:
            self.add_error("till", _("Periodens slut kan inte ligga före dess början."))
        return data


def _period(request):
    day = today()
    initial = {"fran": datetime.date(day.year, 1, 1), "till": datetime.date(day.year, 12, 31)}
    form = PeriodForm(request.GET if "fran" in request.GET else None, initial=initial)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["fran"], form.cleaned_data["till"]
    if form.is_bound:
        return form, None, None
    return form, initial["fran"], initial["till"]


@forbund_view(Cap.MANAGE)
@require_GET
def fee_list_page(request, forbund):
    form, start, end = _period(request)
    rows = fee_list(forbund, start, end) if start else []
    for row in rows:
        row.shown = [(meeting, HOW[how] if how != "ledamot" else "") for meeting, how in row.meetings]
    return render(request, "meetings/arvode.html", {
        "forbund": forbund, "form": form, "rows": rows, "start": start, "end": end,
        "total": sum((r.amount for r in rows), 0), "query": request.GET.urlencode(),
    })


@forbund_view(Cap.MANAGE)
@require_GET
def fee_list_csv(request, forbund):
    form, start, end = _period(request)
    if start is None:
        return HttpResponse(_("Ange en giltig period (fran och till som ÅÅÅÅ-MM-DD)."), status=400,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="arvode-{forbund.slug}-{start}-{end}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Person-id"), _("Namn"), _("Sammanträden"), _("Antal"), _("Belopp (kr)")])
    for row in fee_list(forbund, start, end):
        dates = ", ".join(f"{m.date.isoformat()} ({HOW[how]})" for m, how in row.meetings)
        writer.writerow([row.person.external_id, row.person.name, dates, row.units,
                         f"{row.amount:.2f}".replace(".", ",")])
    return response
