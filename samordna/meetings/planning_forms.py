"""Forms of planning a meeting: the meeting itself and an item of its agenda (föredragningslista)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.organisations.forms import DateInput, DatesInRange
from samordna.organisations.models import Person

from .models import ItemKind, Meeting, MeetingKind


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(DatesInRange, forms.ModelForm):
    kind = forms.ChoiceField(label=_("Slag"), choices=MeetingKind.choices, initial=MeetingKind.ORDINARY)

    class Meta:
        model = Meeting
        fields = ["date", "start_time", "place", "remote_allowed", "kind"]
        widgets = {"date": DateInput(), "start_time": TimeInput()}
        labels = {"date": _("Datum"), "start_time": _("Klockan"), "place": _("Plats"),
                  "remote_allowed": _("Deltagande på distans tillåtet")}
        error_messages = {"start_time": {"invalid": _("Ange klockslaget som tt:mm, t.ex. 13:00.")},
                          "date": {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD."),
                                   "required": _("Ange sammanträdets datum.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].help_text = _("T.ex. Förbundets kontor, Stora salen.")
        self.fields["kind"].error_messages["invalid_choice"] = _("Välj ordinarie eller extra sammanträde.")


KIND_CHOICES = [(k.value, k.label) for k in (ItemKind.DECISION, ItemKind.INFORMATION, ItemKind.ELECTION)]


class ItemForm(forms.Form):
    """An item of the agenda: from an open matter of the diarium, or free (a title of its own)."""

    matter = forms.ModelChoiceField(label=_("Ärende ur diariet"), queryset=None, required=False,
                                    empty_label=_("– Inget: ett fritt ärende –"))
    title = forms.CharField(label=_("Rubrik"), required=False, widget=forms.TextInput(),
                            help_text=_("Lämna tom för att använda ärendets rubrik ur diariet."))
    kind = forms.ChoiceField(label=_("Slag"), choices=KIND_CHOICES, initial=ItemKind.DECISION)
    presenter = forms.ModelChoiceField(label=_("Föredragande"), queryset=None, required=False,
                                       empty_label=_("– Ingen angiven –"))
    proposal = forms.CharField(label=_("Förslag till beslut"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    major = forms.BooleanField(label=_("Av större ekonomisk eller organisatorisk betydelse (FinsamL 18 §)"),
                               required=False,
                               help_text=_("Medlemmarna ska då informeras om beslutet inom 30 dagar."))

    def __init__(self, *args, forbund, meeting=None, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        from samordna.diarium.models import Matter, MatterStatus

        self.fields["presenter"].queryset = Person.objects.of_forbund(forbund).order_by("name")
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Välj beslutsärende, informationsärende eller val.")
        if item is not None:
            # An item keeps its matter: the form changes its title, kind, proposal and presenter.
            del self.fields["matter"]
            self.fields["title"].required = True
            self.fields["title"].help_text = ""
            self.fields["title"].error_messages["required"] = _("Ange en rubrik för ärendet.")
        else:
            matters = Matter.objects.filter(forbund=forbund, status=MatterStatus.OPEN).order_by("-year", "-serial")
            if meeting is not None:
                matters = matters.exclude(items__meeting=meeting)
            self.fields["matter"].queryset = matters
            self.fields["matter"].label_from_instance = lambda m: f"{m.dnr} {m.title}"
            self.fields["matter"].error_messages["invalid_choice"] = _(
                "Välj ett öppet ärende ur diariet som inte redan står på föredragningslistan.")

    def clean(self):
        data = super().clean()
        if "matter" in self.fields and not data.get("matter") and not (data.get("title") or "").strip() \
                and "matter" not in self.errors:
            self.add_error("title", _("Ange en rubrik, eller välj ett ärende ur diariet."))
        return data


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Upp")), ("down", _("Ned"))])

