"""Forms of the budget workflow: verksamhetsplan, state amount, split, allocations, consultation, outcome."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.organisations.forms import DateInput, DatesInRange

from .models import OutcomePeriod, SplitKeyKind, StateAmountKind

AMOUNT_ERRORS = {"invalid": _("Ange ett belopp i hela kronor."), "min_value": _("Beloppet kan inte vara negativt."),
                 "max_value": _("Beloppet är orimligt stort.")}
MAX_KR = 10**13


def amount_field(label, required=True, help_text=""):
    return forms.IntegerField(label=label, required=required, min_value=0, max_value=MAX_KR, help_text=help_text,
                              error_messages=AMOUNT_ERRORS)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100,
                              error_messages={"invalid": _("Ange ett år."), "min_value": _("Ange ett år från 2000."),
                                              "max_value": _("Ange ett år till och med 2100.")})


class PlanForm(forms.Form):
    summary = forms.CharField(label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("Skriv målet.")})
    needs = forms.CharField(label=_("Lokala behov som målet svarar mot"), required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    indicators = forms.CharField(label=_("Indikatorer"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                 help_text=_("Hur målet följs upp, t.ex. antal deltagare som börjar arbeta."))
    position = forms.IntegerField(label=_("Ordning"), required=False, min_value=1, max_value=999)


class StateAmountForm(DatesInRange, forms.Form):
    kind = forms.ChoiceField(label=_("Slag"), choices=StateAmountKind.choices)
    amount = amount_field(_("Statens belopp (kr)"),
                          help_text=_("Försäkringskassans besked; medlemsbidragen blir dubbla beloppet."))
    date = forms.DateField(label=_("Besked den"), widget=DateInput())


class ComputeForm(DatesInRange, forms.Form):
    key = forms.ChoiceField(label=_("Fördelningsnyckel för kommunernas fjärdedel"), choices=SplitKeyKind.choices)
    equal_percent = forms.IntegerField(label=_("Lika del (%)"), required=False, min_value=0, max_value=100,
                                       help_text=_("Bara för nyckeln med en lika del: den andel av kommunernas "
                                                   "fjärdedel som delas lika."))
    reference_date = forms.DateField(label=_("Referensdatum för befolkningen"), required=False, widget=DateInput())
    af_amount = amount_field(_("Varav redovisas som Arbetsförmedlingens (kr)"), required=False,
                             help_text=_("Lämna tomt när hela statens hälft redovisas på Försäkringskassan."))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"weight_{member.pk}"] = forms.IntegerField(
                label=_("%(name)s: befolkning eller andel") % {"name": member.name}, required=False, min_value=0,
                max_value=10**9, error_messages={"invalid": _("Ange ett helt tal."),
                                                 "min_value": _("Talet kan inte vara negativt.")})

    def weights(self) -> dict:
        return {m.pk: self.cleaned_data.get(f"weight_{m.pk}") or 0 for m in self.members}


class WhatIfForm(forms.Form):
    state_amount = amount_field(_("Annat statligt belopp (kr)"))


class AdjustForm(forms.Form):
    amount = amount_field(_("Belopp (kr)"))


class AllocationsForm(forms.Form):
    insatser = amount_field(_("Avsatt för insatser (kr)"))
    administration = amount_field(_("Avsatt för administration (kr)"))
    other = amount_field(_("Övrigt (kr)"), required=False)


class ConsultationForm(DatesInRange, forms.Form):
    answer_by = forms.DateField(label=_("Svar senast"), widget=DateInput())
    adopt_on = forms.DateField(label=_("Styrelsen fastställer budgeten"), widget=DateInput(),
                               help_text=_("Det planerade beslutsdatumet, senast 30 november."))


class AnswerForm(DatesInRange, forms.Form):
    member = forms.ChoiceField(label=_("Medlem"))
    date = forms.DateField(label=_("Svarsdatum"), widget=DateInput())
    statement = forms.CharField(label=_("Yttrande"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    document = forms.ChoiceField(label=_("Handling ur diariet"), required=False)

    def __init__(self, *args, members, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(str(m.pk), m.name) for m in members]
        self.fields["document"].choices = [("", "–")] + [(str(d.pk), str(d)) for d in documents]


class AgendaForm(forms.Form):
    meeting = forms.ChoiceField(label=_("Sammanträde"))

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].choices = [(str(m.pk), m.date.isoformat()) for m in meetings]


class OutcomeForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=OutcomePeriod.choices)
    insatser = amount_field(_("Insatser (kr)"))
    administration = amount_field(_("Administration (kr)"))
    other = amount_field(_("Övrigt (kr)"), required=False)
    contributions = amount_field(_("Erhållna medlemsbidrag (kr)"), required=False)
