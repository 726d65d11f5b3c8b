"""Forms of planning and recording a samråd. A samråd decides nothing: no form here has a decision field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samordna.organisations.models import Forbund, Member, Person, Representative

from .models import ConsultationKind, ParticipantCapacity, Reply, Topic


class _Choice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PlanForm(forms.Form):
    kind = forms.ChoiceField(label=_("Slag"), choices=ConsultationKind.choices)
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("Klockan"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    place = forms.CharField(label=_("Plats"), required=False, max_length=300)
    other_forbund = forms.ModelMultipleChoiceField(
        label=_("Andra förbund som samrådet omfattar"), required=False, queryset=Forbund.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ett samråd kan omfatta flera förbund. Deras kansli ser och ändrar det också."),
    )
    convener_person = _Choice(label=_("Sammankallande"), required=False, queryset=Person.objects.none())
    convener_appointed_by = _Choice(label=_("Sammankallande utsedd av"), required=False, queryset=Member.objects.none(),
                                    help_text=_("Den medlem som utsett sammankallande."))

    def __init__(self, *args, forbund, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other_forbund"].queryset = Forbund.objects.exclude(pk=forbund.pk).order_by("name")
        covered = [forbund] + ([f for f in consultation.forbund.order_by("name") if f.pk != forbund.pk]
                               if consultation is not None else [])
        self.fields["convener_person"].queryset = people(covered, consultation)
        self.fields["convener_appointed_by"].queryset = Member.objects.filter(forbund__in=covered).order_by(
            "forbund__name", "kind", "name")
        if consultation is not None:
            self.fields["convener_appointed_by"].label_from_instance = _member_label(covered)


def _member_label(covered):
    several = len(covered) > 1
    return lambda m: f"{m.name} ({m.forbund.name})" if several else m.name


def people(covered, consultation=None):
    """Whom a samråd's forms may name: the persons of the covered förbund's data (for a förbund the user is
    not in, only those concerning the samråd: its members' representatives and the samråd's participants)."""
    ids = set()
    for f in covered[:1]:
        ids |= set(Person.objects.of_forbund(f).values_list("pk", flat=True))
    ids |= set(Representative.objects.filter(member__forbund__in=covered).values_list("person_id", flat=True))
    if consultation is not None:
        ids |= set(consultation.participants.values_list("person_id", flat=True))
        if consultation.convener_person_id:
            ids.add(consultation.convener_person_id)
    return Person.objects.filter(pk__in=ids).order_by("name")


class ParticipantForm(forms.Form):
    person = _Choice(label=_("Person"), queryset=Person.objects.none())
    represents = _Choice(label=_("Företräder medlem"), required=False, queryset=Member.objects.none())
    for_forbund = _Choice(label=_("Deltar för förbundet"), required=False, queryset=Forbund.objects.none())
    capacity = forms.ChoiceField(label=_("Egenskap för förbundet"), required=False,
                                 choices=[("", "–"), *ParticipantCapacity.choices])

    def __init__(self, *args, consultation, own, **kwargs):
        super().__init__(*args, **kwargs)
        covered = [own, *[f for f in consultation.forbund.order_by("name") if f.pk != own.pk]]
        self.fields["person"].queryset = people(covered, consultation)
        self.fields["represents"].queryset = (Member.objects.filter(forbund__in=covered).active_on(consultation.date)
                                              .select_related("forbund").order_by("forbund__name", "kind", "name"))
        self.fields["represents"].label_from_instance = _member_label(covered)
        self.fields["for_forbund"].queryset = consultation.forbund.order_by("name")


class PersonForm(forms.Form):
    """Change who a participant is (keeping whom they speak for)."""

    person = _Choice(label=_("Person"), queryset=Person.objects.none())

    def __init__(self, *args, consultation, own, **kwargs):
        super().__init__(*args, **kwargs)
        covered = [own, *[f for f in consultation.forbund.all() if f.pk != own.pk]]
        self.fields["person"].queryset = people(covered, consultation)


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(label=_("Svar"), required=False, choices=[("", _("Inget svar")), *Reply.choices])
    replied_on = forms.DateField(label=_("Svarade"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class AgendaForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), required=False, max_length=500)
    topic = forms.ChoiceField(label=_("Vägledande ämne"), required=False, choices=[("", "–"), *Topic.choices])
