"""Forms for the office to keep members, persons and mandates; errors are explained in Swedish."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Kommun, Lan, Mandate, MandateRole, Member, MemberKind, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MemberForm(forms.ModelForm):
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


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["person", "role", "appointed_by", "basis", "substitute_order", "date_from", "date_to"]
        widgets = {"date_from": DateInput(), "date_to": DateInput(), "appointed_by": forms.CheckboxSelectMultiple}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.forbund = forbund
        self.forbund = forbund
        self.fields["appointed_by"].queryset = Member.objects.filter(forbund=forbund)
        # Only people who act in this förbund, or who act nowhere yet, are offered: never another
        # förbund's people.
        self.fields["person"].queryset = Person.objects.filter(
            Q(mandates__forbund=forbund) | Q(mandates__isnull=True)
        ).distinct()

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


class AsOfForm(forms.Form):
    datum = forms.DateField(label=_("Per datum"), required=False, widget=DateInput())
