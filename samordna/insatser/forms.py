"""Forms of the application's way (issue 9, part 1): the application, the anchoring, the proposal, the
agenda, the agreement, the start and the registration in Uppföljning Finsam. Errors in Swedish; the
services judge the rest (a DomainError is shown on its field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.organisations.forms import DateInput, DatesInRange
from samordna.organisations.models import Member, Person

from .models import Direction, Insats

# How many years an application asks funds for on the form (an insats runs one to three years).
REQUEST_YEARS = 3


def _members(forbund):
    return Member.objects.filter(forbund=forbund).order_by("kind", "name")


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ApplicationForm(DatesInRange, forms.ModelForm):
    """An application: all of item 1 of issue 9, with the funds applied for in up to three years."""

    class Meta:
        model = Insats
        fields = ["name", "direction", "owner", "parties", "concerns", "contact", "need", "target_group", "goals",
                  "in_kind", "planned_participants", "followup_method", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput(), "need": forms.Textarea(attrs={"rows": 4}),
                   "target_group": forms.Textarea(attrs={"rows": 3}), "goals": forms.Textarea(attrs={"rows": 4}),
                   "in_kind": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, forbund, requested=None, first_year, **kwargs):
        super().__init__(*args, **kwargs)
        members = _members(forbund)
        self.fields["name"].required = True
        self.fields["name"].label = _("Insatsens namn")
        self.fields["direction"] = forms.ChoiceField(
            label=_("Inriktning"), choices=[("", "---------"), *Direction.choices],
            help_text=_("En insats med båda inriktningarna söks som två insatser."),
            error_messages={"required": _("Välj individinriktad eller strukturövergripande.")})
        self.fields["owner"] = MemberChoice(members, label=_("Huvudman"), required=False,
                                            help_text=_("Den part som äger insatsen (insatsägare)."))
        self.fields["parties"] = MembersChoice(members, label=_("Parter"), required=False,
                                               widget=forms.CheckboxSelectMultiple,
                                               help_text=_("Minst två; alla kommuner räknas som en part."))
        self.fields["concerns"] = MembersChoice(members, label=_("Berör särskilt"), required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                help_text=_("Medlemmar där insatsen ska förankras före beslut."))
        self.fields["contact"] = forms.ModelChoiceField(Person.objects.of_forbund(forbund).order_by("name"),
                                                        label=_("Kontaktperson hos huvudmannen"), required=False)
        for name in ("need", "target_group", "goals"):
            self.fields[name].required = False
        requested = sorted((requested or {}).items())
        for n in range(1, REQUEST_YEARS + 1):
            if requested:
                year, amount = requested[n - 1] if n <= len(requested) else (None, None)
            else:
                year, amount = first_year + n - 1, None
            self.fields[f"year_{n}"] = forms.IntegerField(
                label=_("År %(n)s") % {"n": n}, required=False, min_value=2000, max_value=2100, initial=year,
                error_messages={"invalid": _("Ange året med fyra siffror."),
                                "min_value": _("Ange ett år mellan 2000 och 2100."),
                                "max_value": _("Ange ett år mellan 2000 och 2100.")})
            self.fields[f"amount_{n}"] = forms.IntegerField(
                label=_("Sökta medel år %(n)s (kr)") % {"n": n}, required=False, min_value=0, initial=amount,
                error_messages={"invalid": _("Ange beloppet i hela kronor, utan mellanslag."),
                                "min_value": _("Beloppet kan inte vara negativt.")})

    def clean(self):
        data = super().clean()
        requested = {}
        for n in range(1, REQUEST_YEARS + 1):
            year, amount = data.get(f"year_{n}"), data.get(f"amount_{n}")
            if amount is None:
                continue
            if year is None:
                self.add_error(f"year_{n}", _("Ange året för beloppet."))
            elif year in requested:
                self.add_error(f"year_{n}", _("Året finns redan ovan."))
            else:
                requested[year] = amount
        data["requested"] = requested
        return data

    def values(self) -> dict:
        """The application's fields for the service."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AnchoringForm(DatesInRange, forms.Form):
    member = MemberChoice(Member.objects.none(), label=_("Medlem"),
                          error_messages={"required": _("Välj medlemmen.")})
    date = forms.DateField(label=_("Datum"), widget=DateInput(),
                           error_messages={"required": _("Ange datumet."), "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})
    by = forms.CharField(label=_("Förankrad av"), max_length=200,
                         help_text=_("Vem hos medlemmen som ställt sig bakom insatsen, t.ex. socialnämnden."),
                         error_messages={"required": _("Ange vem som förankrat insatsen.")})

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members


class ProposalForm(forms.Form):
    proposal = forms.CharField(label=_("Förbundschefens förslag till beslut"), widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": _("Skriv förslaget till beslut.")})


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        from django.template.defaultfilters import date as date_filter

        return f"{date_filter(obj.date, 'j F Y')}{', ' + obj.place if obj.place else ''}"


class AgendaForm(forms.Form):
    meeting = MeetingChoice(None, label=_("Sammanträde"), error_messages={"required": _("Välj ett sammanträde.")})

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class AgreementForm(DatesInRange, forms.Form):
    date = forms.DateField(label=_("Avtalsdatum"), widget=DateInput(),
                           error_messages={"required": _("Ange avtalets datum."),
                                           "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})
    parties = MembersChoice(Member.objects.none(), label=_("Avtalsparter"), widget=forms.CheckboxSelectMultiple,
                            error_messages={"required": _("Välj minst två avtalsparter.")})
    document = forms.ModelChoiceField(None, label=_("Avtalet i diariet"), required=False,
                                      help_text=_("Handlingen med det undertecknade avtalet."))

    def __init__(self, *args, members, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = members
        self.fields["document"].queryset = documents


class StartForm(DatesInRange, forms.Form):
    start = forms.DateField(label=_("Startdatum"), widget=DateInput(),
                            error_messages={"required": _("Ange startdatumet."),
                                            "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})


class FollowupForm(DatesInRange, forms.Form):
    date = forms.DateField(label=_("Registrerad i Uppföljning Finsam"), widget=DateInput(),
                           error_messages={"required": _("Ange registreringens datum."),
                                           "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")})
    followup_id = forms.CharField(label=_("Id i Uppföljning Finsam"), max_length=100,
                                  error_messages={"required": _("Ange insatsens id i Uppföljning Finsam.")})
