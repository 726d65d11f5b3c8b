"""Forms of the insats reports, planned report dates, prolongation and early end (issue 9, part 2)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import EndChangeKind, ReportKind


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _count(label, help_text=""):
    return forms.IntegerField(label=label, required=False, min_value=0, max_value=1_000_000, help_text=help_text)


class ReportForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Slag"), choices=ReportKind.choices)
    women = _count(_("Deltagare, kvinnor"))
    men = _count(_("Deltagare, män"))
    other = _count(_("Deltagare, övriga"), _("Antal, aldrig namn: rapporten redovisar bara summor."))
    outcome_work = _count(_("Resultat: arbete"), _("Antal deltagare som gått till arbete."))
    outcome_studies = _count(_("Resultat: studier"), _("Antal deltagare som gått till studier."))
    outcome_other = _count(_("Resultat: övrigt"), _("Annat utfall, till exempel annan insats."))
    success_factors = forms.CharField(label=_("Framgångsfaktorer"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))

    def service_data(self) -> dict:
        data = self.cleaned_data
        outcomes = {key: data[f"outcome_{key}"] for key in ("work", "studies", "other")
                    if data.get(f"outcome_{key}") is not None}
        return {"date": data["date"], "kind": data["kind"], "women": data["women"], "men": data["men"],
                "other": data["other"], "outcomes": outcomes, "success_factors": data["success_factors"]}

    @classmethod
    def initial_of(cls, report) -> dict:
        outcomes = report.outcomes or {}
        return {"date": report.date, "kind": report.kind, "women": report.participants_women,
                "men": report.participants_men, "other": report.participants_other,
                "outcome_work": outcomes.get("work"), "outcome_studies": outcomes.get("studies"),
                "outcome_other": outcomes.get("other"), "success_factors": report.success_factors}


class ReportDateForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    label = forms.CharField(label=_("Vad rapporten gäller"), max_length=200,
                            help_text=_("En engångsrapport eller en milstolpe, t.ex. \"Första gruppen avslutad\"."))


class MeetingChoiceForm(forms.Form):
    """A coming meeting of the förbund (whose protokoll is not adjusted)."""

    meeting = forms.ChoiceField(label=_("Sammanträde"))

    def __init__(self, *args, meetings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings}
        from samordna.web.templatetags.samordna import datum

        self.fields["meeting"].choices = [(str(m.pk), datum(m.date)) for m in meetings]

    def chosen(self):
        return self.meetings.get(self.cleaned_data["meeting"])


class EndChangeForm(MeetingChoiceForm):
    kind = forms.ChoiceField(label=_("Begäran"), choices=EndChangeKind.choices)
    new_end = forms.DateField(label=_("Nytt slutdatum"), widget=DateInput())
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["kind", "new_end", "reason", "meeting"]


class ContactForm(forms.Form):
    contact = forms.ChoiceField(label=_("Kontaktperson hos huvudmannen"), required=False,
                                help_text=_("Får påminnelserna om rapporter per e-post."))

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.persons = {str(p.pk): p for p in persons}
        self.fields["contact"].choices = [("", _("Ingen"))] + [
            (str(p.pk), f"{p.name} ({p.email})" if p.email else p.name) for p in persons]

    def chosen(self):
        return self.persons.get(self.cleaned_data.get("contact") or "")
