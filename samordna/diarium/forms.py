"""Forms of the diarium: register and change a matter, add and change a document, search the list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.finance.models import AnnualReport, Budget
from samordna.insatser.models import Insats
from samordna.samrad.models import Consultation

from .models import Classification, Document, Matter, MatterStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MatterForm(forms.ModelForm):
    """The registration fields (OSL 5 kap. 1 §) and the links of a matter."""

    class Meta:
        model = Matter
        fields = ["registered", "title", "kind", "direction", "counterpart", "secret", "osl_ground", "insats",
                  "budget", "annual_report", "consultation"]
        widgets = {"registered": DATE, "title": forms.TextInput(attrs={"size": 60})}

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insats"].queryset = Insats.objects.filter(forbund=forbund).order_by("name", "external_id")
        self.fields["budget"].queryset = Budget.objects.filter(forbund=forbund).order_by("-year")
        self.fields["annual_report"].queryset = AnnualReport.objects.filter(forbund=forbund).order_by("-year")
        self.fields["consultation"].queryset = Consultation.objects.filter(forbund=forbund).order_by("-date")
        self.fields["counterpart"].help_text = _("Vem handlingen kom från eller gick till; tomt för en upprättad.")

    def validate_unique(self):
        """The service checks what must be unique (and the number is given there)."""


class UploadFields(forms.Form):
    """A file and what the diarium records about it."""

    upload = forms.FileField(label=_("Fil"), required=False, help_text=_(
        "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG eller ren text. Det är filens innehåll som "
        "avgör typen, inte namnet."))
    document_title = forms.CharField(label=_("Handlingens rubrik"), max_length=300, required=False,
                                     help_text=_("Tomt: filens namn."))
    classification = forms.ChoiceField(label=_("Sekretessklass"), choices=Classification.choices,
                                       initial=Classification.INTERNAL)
    document_osl_ground = forms.CharField(
        label=_("Sekretessgrund för handlingen"), max_length=200, required=False,
        help_text=_("Krävs för en handling under sekretess, t.ex. \"OSL 26 kap. 1 §\"."))

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].required = required


class RegisterForm(MatterForm):
    """A new matter; a document may be uploaded with it."""

    upload = UploadFields.base_fields["upload"]
    document_title = UploadFields.base_fields["document_title"]
    classification = UploadFields.base_fields["classification"]
    document_osl_ground = UploadFields.base_fields["document_osl_ground"]


class DocumentForm(forms.Form):
    upload = forms.FileField(label=_("Fil"), help_text=UploadFields.base_fields["upload"].help_text)
    title = forms.CharField(label=_("Rubrik"), max_length=300, required=False, help_text=_("Tomt: filens namn."))
    classification = forms.ChoiceField(label=_("Sekretessklass"), choices=Classification.choices,
                                       initial=Classification.INTERNAL)
    osl_ground = forms.CharField(label=_("Sekretessgrund"), max_length=200, required=False,
                                 help_text=UploadFields.base_fields["document_osl_ground"].help_text)
    registered = forms.DateField(label=_("Registrerad"), widget=DATE)


class DocumentChangeForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "classification", "osl_ground"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Sök på diarienummer eller ärendemening"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alla"))] + list(MatterStatus.choices))


class ConfirmForm(forms.Form):
    """A removal's confirmation (the button)."""
