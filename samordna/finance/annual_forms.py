"""Forms of the annual report's workflow: the report, its follow-up of goals, the audit, remarks, discharge."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samordna.diarium.models import Document
from samordna.meetings.models import Meeting

from .models import DischargeDecision, GoalOutcome

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
UPLOAD_HELP = _("PDF, Word, OpenDocument eller ren text. Filen läggs i diariet som en offentlig handling.")


def _documents(forbund):
    """The förbund's documents of the diarium to choose among (the form's user reads them all)."""
    return Document.objects.filter(forbund=forbund).order_by("-registered", "-pk")


class DocumentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.registered.isoformat()})"


class MeetingChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        kind = obj.get_kind_display() if hasattr(obj, "get_kind_display") else ""
        return f"{obj.date.isoformat()} {kind}".strip()


def coming_meetings(forbund, today: datetime.date):
    """Meetings an item can still be added to: not adjusted, from two weeks back on."""
    return (Meeting.objects.filter(forbund=forbund, date__gte=today - datetime.timedelta(days=14))
            .filter(Q(minutes__isnull=True) | Q(minutes__adjusted__isnull=True)).order_by("date", "pk"))


class AnnualReportForm(forms.Form):
    story = forms.CharField(label=_("Verksamhetsberättelse"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
                            help_text=_("Årets verksamhet i korthet: insatserna, deltagarna, samverkan och resultatet."))
    equity = forms.IntegerField(label=_("Eget kapital vid årets slut (kr)"), required=False, min_value=0)
    document = DocumentChoice(label=_("Årsredovisningen som handling i diariet"), required=False, queryset=Document.objects.none())

    def __init__(self, *args, forbund, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = _documents(forbund)


class AgendaForm(forms.Form):
    meeting = MeetingChoice(label=_("Sammanträde"), queryset=Meeting.objects.none(), empty_label=None)
    proposal = forms.CharField(label=_("Förslag till beslut"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                               help_text=_("Tomt: ett förslag med standardtext."))

    def __init__(self, *args, forbund, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = coming_meetings(forbund, today)


class GoalsForm(forms.Form):
    """The follow-up of each goal of the year's verksamhetsplan: two fields per goal."""

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = goals
        for n, goal in enumerate(goals, 1):
            self.fields[f"outcome_{goal.pk}"] = forms.ChoiceField(
                label=_("Mål %(n)s: %(text)s") % {"n": n, "text": goal.text[:120]},
                choices=[("", _("Inte bedömt"))] + list(GoalOutcome.choices), required=False, initial=goal.outcome)
            self.fields[f"text_{goal.pk}"] = forms.CharField(
                label=_("Kommentar om mål %(n)s") % {"n": n}, required=False, initial=goal.outcome_text,
                widget=forms.Textarea(attrs={"rows": 2}))


class DeliverForm(forms.Form):
    day = forms.DateField(label=_("Skickas"), widget=DATE)


class AuditForm(forms.Form):
    report_date = forms.DateField(label=_("Revisionsberättelsens datum"), widget=DATE)
    delivered_to_board = forms.DateField(label=_("Lämnad till styrelsen"), required=False, widget=DATE)
    delivered_to = forms.ModelMultipleChoiceField(label=_("Lämnad till medlemmarna"), required=False,
                                                  queryset=None, widget=forms.CheckboxSelectMultiple)
    document = DocumentChoice(label=_("Revisionsberättelsen som handling i diariet"), required=False,
                              queryset=Document.objects.none())
    upload = forms.FileField(label=_("Eller ladda upp revisionsberättelsen"), required=False, help_text=UPLOAD_HELP)

    def __init__(self, *args, forbund, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_to"].queryset = members
        self.fields["document"].queryset = _documents(forbund)


class RemarkForm(forms.Form):
    text = forms.CharField(label=_("Anmärkning"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class DischargeForm(forms.Form):
    decision = forms.ChoiceField(label=_("Beslut om ansvarsfrihet"), choices=DischargeDecision.choices)
    date = forms.DateField(label=_("Beslutsdatum"), widget=DATE)
    upload = forms.FileField(label=_("Medlemmens beslut (protokollsutdrag)"), required=False, help_text=UPLOAD_HELP)


class CreateForm(forms.Form):
    """A confirmation: the year is in the address."""
