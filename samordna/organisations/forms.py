"""Forms for the office to keep members, persons and mandates; errors are explained in Swedish."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.lib.validation import validate_date_in_range

from .models import Forbund, Kommun, Lan, Mandate, MandateRole, Member, MemberKind, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DatesInRange:
    """Every date field of the form refuses dates outside 1900–2200 with a Swedish message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.validators.append(validate_date_in_range)


class MemberForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = Member
        fields = ["external_id", "kind", "name", "code", "joined", "left"]
        widgets = {"joined": DateInput(), "left": DateInput()}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        self.fields["code"].help_text = _("Kommunkod eller länskod ur SCB:s förteckning, t.ex. 1980 (Västerås) eller 19.")

    def clean(self):
        data = super().clean()
        kind, code = data.get("kind"), data.get("code")
        if kind == MemberKind.KOMMUN and code and not data.get("name"):
            kommun = Kommun.objects.filter(code=code).first()
            if kommun:
                data["name"] = kommun.name
        if kind == MemberKind.REGION and code and not data.get("name"):
            lan = Lan.objects.filter(code=code).first()
            if lan:
                data["name"] = lan.region_name
        if kind in (MemberKind.FORSAKRINGSKASSAN, MemberKind.ARBETSFORMEDLINGEN):
            data["code"] = None
        return data


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["external_id", "name", "email"]


class MandateForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["person", "role", "appointed_by", "basis", "substitute_order", "date_from", "date_to"]
        widgets = {"date_from": DateInput(), "date_to": DateInput(), "appointed_by": forms.CheckboxSelectMultiple}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        self.forbund = forbund
        self.fields["appointed_by"].queryset = Member.objects.filter(forbund=forbund)
        # Only the people this förbund's data refers to, or whom its office created: never another
        # förbund's people.
        self.fields["person"].queryset = Person.objects.of_forbund(forbund)

    def clean(self):
        data = super().clean()
        role = data.get("role")
        appointed = list(data.get("appointed_by") or [])
        if role in (MandateRole.LEDAMOT, MandateRole.ERSATTARE) and len(appointed) != 1:
            self.add_error("appointed_by", _("En ledamot eller ersättare utses av exakt en medlem."))
        if role == MandateRole.REVISOR and not appointed:
            self.add_error("appointed_by", _("Ange vilken eller vilka medlemmar som utsett revisorn."))
        if role in (MandateRole.ORDFORANDE, MandateRole.VICE_ORDFORANDE, MandateRole.FORBUNDSCHEF) and appointed:
            self.add_error("appointed_by", _("Ordförande, vice ordförande och förbundschef utses av styrelsen, inte av en medlem."))
        if role == MandateRole.ERSATTARE and not data.get("substitute_order"):
            self.add_error("substitute_order", _("Ange ersättarens inkallelseordning (1, 2, …)."))
        return data


class ForbundForm(DatesInRange, forms.ModelForm):
    """The förbund's facts and the settings of its förbundsordning that the rule check reads."""

    class Meta:
        model = Forbund
        fields = ["name", "organisationsnummer", "founded", "board_term_start", "notice_days",
                  "adjust_within_days", "report_interval_months", "notices_posted_at", "minutes_kept_at",
                  "diary_prefix", "fee_basis", "fee_amount", "fee_non_serving_ersattare"]
        widgets = {"founded": DateInput()}


class ConfirmForm(forms.Form):
    """A confirmation: nothing to fill in but the POST itself (with its CSRF token)."""


class RenewalForm(forms.Form):
    term = forms.ChoiceField(label=_("Mandatperiod"))

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.terms = {term.start.isoformat(): term for term in terms}
        self.fields["term"].choices = [(key, term.label) for key, term in self.terms.items()]

    def clean_term(self):
        return self.terms[self.cleaned_data["term"]]


class AsOfForm(DatesInRange, forms.Form):
    datum = forms.DateField(label=_("Per datum"), required=False, widget=DateInput())
