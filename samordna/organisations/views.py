"""Pages of a förbund's organisation: overview, members, board, persons, mandates, Händelselogg."""

from collections import defaultdict

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samordna.lib import audit
from samordna.lib.access import Cap, forbund_view, scoped_get, visible_forbund
from samordna.lib.dates import today
from samordna.lib.paging import paginate

from . import services
from .forms import AsOfForm, MandateForm, MemberForm, PersonForm
from .models import Mandate, MandateRole, Member, Person


def forbund_switch(request):
    slug = request.GET.get("forbund", "")
    if request.user.is_authenticated and visible_forbund(request.user).filter(slug=slug).exists():
        return redirect("forbund-overview", slug=slug)
    return redirect("home")


def _mandates(forbund):
    return Mandate.objects.filter(forbund=forbund).select_related("person").prefetch_related(
        Prefetch("appointed_by", queryset=Member.objects.only("id", "name", "kind"))
    )


def board_as_of(forbund, day):
    """The board on a date: per member its ledamöter and ersättare (in call-in order), and the officers."""
    members = list(Member.objects.filter(forbund=forbund).active_on(day).order_by("kind", "name"))
    seats = defaultdict(lambda: {"ledamot": [], "ersattare": []})
    officers = {"ordforande": [], "vice_ordforande": [], "forbundschef": []}
    auditors = []
    for mandate in _mandates(forbund).active_on(day):
        if mandate.role in (MandateRole.LEDAMOT, MandateRole.ERSATTARE):
            for member in mandate.appointed_by.all():
                seats[member.pk][mandate.role].append(mandate)
        elif mandate.role == MandateRole.REVISOR:
            auditors.append(mandate)
        else:
            officers[mandate.role].append(mandate)
    rows = []
    for member in sorted(members, key=lambda m: (Member.KIND_ORDER[m.kind], m.name)):
        ersattare = sorted(seats[member.pk]["ersattare"], key=lambda m: (m.substitute_order or 99, m.person.name))
        rows.append({"member": member, "ledamoter": seats[member.pk]["ledamot"], "ersattare": ersattare})
    return {"rows": rows, "officers": officers, "auditors": auditors}


@forbund_view()
def overview(request, forbund):
    day = today()
    board = board_as_of(forbund, day)
    context = {
        "forbund": forbund,
        "day": day,
        "board": board,
        "member_count": sum(1 for _ in board["rows"]),
        "seat_count": sum(len(r["ledamoter"]) for r in board["rows"]),
    }
    return render(request, "organisations/overview.html", context)


@forbund_view()
def members(request, forbund):
    rows = Member.objects.filter(forbund=forbund)
    rows = sorted(rows, key=lambda m: (Member.KIND_ORDER[m.kind], m.name))
    return render(request, "organisations/members.html", {"forbund": forbund, "members": rows, "day": today()})


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def member_edit(request, forbund, pk=None):
    instance = scoped_get(Member, forbund, pk=pk) if pk else None
    form = MemberForm(request.POST or None, instance=instance, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        member = services.save_form(form, request.user)
        messages.success(request, _("Medlemmen %(name)s är sparad.") % {"name": member.name})
        return redirect("forbund-members", slug=forbund.slug)
    return render(request, "organisations/form.html", {
        "forbund": forbund, "form": form,
        "title": _("Ändra medlem") if instance else _("Lägg till medlem"),
        "back": "forbund-members",
    })


@forbund_view()
def board(request, forbund):
    form = AsOfForm(request.GET or None)
    day = today()
    if form.is_valid() and form.cleaned_data.get("datum"):
        day = form.cleaned_data["datum"]
    return render(request, "organisations/board.html", {
        "forbund": forbund, "form": form, "day": day, "is_today": day == today(),
        "board": board_as_of(forbund, day),
    })


@forbund_view(Cap.VIEW_PERSONS)
def persons(request, forbund):
    people = (
        Person.objects.filter(mandates__forbund=forbund).distinct().order_by("name")
        .prefetch_related(Prefetch("mandates", queryset=Mandate.objects.filter(forbund=forbund)))
    )
    return render(request, "organisations/persons.html", {"forbund": forbund, "persons": people, "day": today()})


def _person_in(forbund, pk):
    """A person who acts in this förbund, or who acts nowhere yet (just created by its office)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Person.objects.filter(Q(mandates__forbund=forbund) | Q(mandates__isnull=True)).distinct(), pk=pk
    )


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def person_edit(request, forbund, pk=None):
    instance = _person_in(forbund, pk) if pk else None
    form = PersonForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        person = services.save_form(form, request.user)
        messages.success(request, _("%(name)s är sparad. Lägg nu till personens uppdrag.") % {"name": person.name})
        return redirect("forbund-mandates", slug=forbund.slug)
    return render(request, "organisations/form.html", {
        "forbund": forbund, "form": form,
        "title": _("Ändra person") if instance else _("Lägg till person"), "back": "forbund-persons",
    })


@forbund_view()
def mandates(request, forbund):
    rows = _mandates(forbund).order_by("role", "-date_from", "person__name")
    day = today()
    return render(request, "organisations/mandates.html", {
        "forbund": forbund, "mandates": rows, "day": day,
    })


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def mandate_edit(request, forbund, pk=None):
    instance = scoped_get(Mandate, forbund, pk=pk) if pk else None
    form = MandateForm(request.POST or None, instance=instance, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        services.save_form(form, request.user)
        messages.success(request, _("Uppdraget är sparat."))
        return redirect("forbund-mandates", slug=forbund.slug)
    return render(request, "organisations/form.html", {
        "forbund": forbund, "form": form,
        "title": _("Ändra uppdrag") if instance else _("Lägg till uppdrag"), "back": "forbund-mandates",
    })


@forbund_view(Cap.VIEW_LOG)
def log(request, forbund):
    # The whole history, paged in the database; entries (diffs, names, descriptions) only for the page shown.
    page = paginate(request, audit.History(forbund))
    page.object_list = audit.entries(page.object_list)
    return render(request, "organisations/log.html", {"forbund": forbund, "page": page})


