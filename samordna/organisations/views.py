"""Pages of a förbund's organisation: overview, members, board, persons, mandates, Händelselogg."""

import datetime
from collections import defaultdict
from functools import partial

from django.contrib import messages
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from samordna.lib import audit
from samordna.lib.access import Cap, forbund_view, role_in, scoped_get, visible_forbund
from samordna.lib.dates import today
from samordna.lib.paging import VIEW_PARAM, paginate
from samordna.lib.services import DomainError
from samordna.publication.views import render_public
from samordna.web.forms import run_in_form
from samordna.web.pagecache import cached_page

from . import services
from .forms import AsOfForm, ConfirmForm, ForbundForm, MandateForm, MemberForm, PersonForm, RenewalForm
from .models import Forbund, Mandate, MandateRole, Member


def current_findings(forbund):
    """The förbund's rule findings as of today: the one place this app asks the rule engine (switch the
    import here when the findings store replaces it)."""
    from samordna.checks.store import forbund_findings

    return forbund_findings(forbund, today())


LEVEL_NAMES = {"error": _lazy("Fel"), "warning": _lazy("Varning"), "info": _lazy("Påminnelse")}


def _finding_key(finding) -> tuple:
    return (finding.rule, finding.subject_kind, finding.subject_id, finding.subject, finding.message)


class FindingsWatch:
    """Around a save: the rule findings the change causes (new since before it) become messages on the page
    the user lands on. Only for roles that may see findings; nothing when the save fails."""

    def __init__(self, request, forbund):
        self.request, self.forbund = request, forbund
        self.enabled = request.forbund_ctx.can(Cap.VIEW_FINDINGS)

    def __enter__(self):
        self.before = {_finding_key(f) for f in current_findings(self.forbund)} if self.enabled else set()
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None or not self.enabled:
            return False
        self.new = [f for f in current_findings(self.forbund) if _finding_key(f) not in self.before]
        self.request.new_findings = self.new
        return False


def _saved(request, text: str) -> None:
    """The message that a save succeeded, then one per rule finding the save caused."""
    messages.success(request, text)
    for finding in getattr(request, "new_findings", []):
        messages.warning(request, _("Ändringen ger en ny avvikelse (%(level)s, %(rule)s): %(message)s") % {
            "level": str(LEVEL_NAMES.get(finding.level, finding.level)).lower(), "rule": finding.rule,
            "message": finding.message})


def _values(instance, form_class) -> dict:
    """The values of a form's fields on an instance before the form changes it (many-to-many as sets)."""
    if instance is None:
        return {}
    values = {}
    for name in form_class.Meta.fields:
        field = instance._meta.get_field(name)
        values[name] = set(getattr(instance, name).all()) if field.many_to_many else getattr(instance, name)
    return values


def _changed(before: dict, data: dict) -> dict:
    changes = {}
    for name, value in data.items():
        old = before.get(name)
        if isinstance(old, set):
            if set(value) != old:
                changes[name] = list(value)
        elif old != value:
            changes[name] = value
    return changes


def _run(request, forbund, form, call):
    """Run a service call for a valid form; a DomainError becomes an error on its field (or on the form)."""
    with FindingsWatch(request, forbund):
        return run_in_form(form, call)


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


@cached_page
def overview(request, slug):
    """/f/<slug>/: the overview for a user with access to the förbund; for anyone else, logged in or not,
    the förbund's public page (samordna.publication)."""
    forbund = get_object_or_404(Forbund, slug=slug)
    if role_in(request.user, forbund) is None:
        return render_public(request, forbund)
    return _overview(request, slug)


@forbund_view()
def _overview(request, forbund):
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


@cached_page
@forbund_view()
def members(request, forbund):
    rows = Member.objects.filter(forbund=forbund)
    rows = sorted(rows, key=lambda m: (Member.KIND_ORDER[m.kind], m.name))
    return render(request, "organisations/members.html", {"forbund": forbund, "members": rows, "day": today()})


def _edit_call(request, forbund, form, instance, before, kind, *, end_field):
    """The service a member or mandate form's save calls: create, end (only the end date was set) or change."""
    data = {f: form.cleaned_data[f] for f in type(form).Meta.fields}
    if instance is None:
        return partial(getattr(services, f"create_{kind}"), forbund, user=request.user, **data)
    changes = _changed(before, data)
    if set(changes) == {end_field} and changes[end_field] is not None:
        return partial(getattr(services, f"end_{kind}"), instance, changes[end_field], user=request.user)
    return partial(getattr(services, f"change_{kind}"), instance, user=request.user, **changes)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def member_edit(request, forbund, pk=None):
    instance = scoped_get(Member, forbund, pk=pk) if pk else None
    before = _values(instance, MemberForm)
    form = MemberForm(request.POST or None, instance=instance, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        call = _edit_call(request, forbund, form, instance, before, "member", end_field="left")
        member = _run(request, forbund, form, call)
        if member is not None:
            _saved(request, _("Medlemmen %(name)s är sparad.") % {"name": member.name})
            return redirect("forbund-members", slug=forbund.slug)
    return render(request, "organisations/form.html", {
        "forbund": forbund, "form": form,
        "title": _("Ändra medlem") if instance else _("Lägg till medlem"),
        "back": "forbund-members",
        "remove_url": reverse("forbund-member-remove", args=[forbund.slug, instance.pk]) if instance else None,
    })


@cached_page
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


@cached_page
@forbund_view(Cap.VIEW_PERSONS)
def persons(request, forbund):
    """The persons of the förbund by name, 50 a page (they accumulate with the years), with their mandates."""
    page = paginate(request, services.persons_in(forbund).order_by("name", "pk"))
    prefetch_related_objects(page.object_list, Prefetch("mandates", queryset=Mandate.objects.filter(forbund=forbund)))
    edit = reverse("forbund-person-edit", args=[forbund.slug, 0]).rsplit("/0/", 1)[0]
    rows = [{  # the cells as text, built once here (see _mandate_rows)
        "name": p.name, "email": p.email, "edit_url": f"{edit}/{p.pk}/",
        "mandates": ", ".join(
            f"{m.get_role_display()} ({m.date_from.isoformat() if m.date_from else ''}–"
            f"{m.date_to.isoformat() if m.date_to else ''})" for m in p.mandates.all()),
    } for p in page.object_list]
    return render(request, "organisations/persons.html", {
        "forbund": forbund, "persons": rows, "page": page, "day": today(),
    })


def _person_in(forbund, pk):
    """A person this förbund's data refers to, or whom its office created; anyone else is a 404."""
    return get_object_or_404(services.persons_in(forbund), pk=pk)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def person_edit(request, forbund, pk=None):
    instance = _person_in(forbund, pk) if pk else None
    before = _values(instance, PersonForm)
    form = PersonForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in PersonForm.Meta.fields}
        if instance is None:
            call = partial(services.create_person, forbund, user=request.user, **data)
        else:
            changes = _changed(before, data)
            call = partial(services.change_person, instance, user=request.user, forbund=forbund, **changes)
        person = _run(request, forbund, form, call)
        if person is not None:
            if instance is None:
                _saved(request, _("%(name)s är sparad. Lägg nu till personens uppdrag.") % {"name": person.name})
                return redirect("forbund-mandates", slug=forbund.slug)
            _saved(request, _("%(name)s är sparad.") % {"name": person.name})
            return redirect("forbund-persons", slug=forbund.slug)
    return render(request, "organisations/form.html", {
        "forbund": forbund, "form": form,
        "title": _("Ändra person") if instance else _("Lägg till person"), "back": "forbund-persons",
        "remove_url": reverse("forbund-person-remove", args=[forbund.slug, instance.pk]) if instance else None,
    })


def _mandate_rows(forbund, mandates):
    """Each mandate with its cells as text, built here once (a template resolving them per row costs more
    than the rest of the page)."""
    board = _("Styrelsen")
    edit = reverse("forbund-mandate-edit", args=[forbund.slug, 0]).rsplit("/0/", 1)[0]
    rows = []
    for m in mandates:
        role = m.get_role_display()
        rows.append({
            "person": m.person.name, "role": f"{role} ({m.substitute_order})" if m.substitute_order else role,
            "role_only": role, "appointed_by": ", ".join(a.name for a in m.appointed_by.all()) or board,
            "basis": m.get_basis_display() or "–", "date_from": m.date_from.isoformat() if m.date_from else "",
            "date_to": m.date_to.isoformat() if m.date_to else "–", "edit_url": f"{edit}/{m.pk}/",
        })
    return rows


ENDED = "avslutade"  # ?visa=avslutade: the ended mandates, newest end first, 50 a page
RECENT_DAYS = 365  # a mandate ended this recently is still shown with the current ones


@cached_page
@forbund_view()
def mandates(request, forbund):
    """The current and coming mandates and those ended in the last year (a board's worth or two, however old
    the förbund); every ended one, as they accumulate with the years, behind ?visa=avslutade, paged."""
    day = today()
    ended = request.GET.get(VIEW_PARAM) == ENDED
    page = None
    if ended:
        page = paginate(request, _mandates(forbund).filter(date_to__lt=day)
                        .order_by("-date_to", "role", "-date_from", "person__name", "pk"))
        rows = page.object_list
    else:
        recent = day - datetime.timedelta(days=RECENT_DAYS)
        rows = (_mandates(forbund).filter(Q(date_to__isnull=True) | Q(date_to__gte=recent))
                .order_by("role", "-date_from", "person__name"))
    return render(request, "organisations/mandates.html", {
        "forbund": forbund, "mandates": _mandate_rows(forbund, rows), "day": day, "ended": ended, "page": page,
        "current_url": request.path, "ended_url": f"{request.path}?{VIEW_PARAM}={ENDED}",
    })


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def mandate_edit(request, forbund, pk=None):
    instance = scoped_get(Mandate, forbund, pk=pk) if pk else None
    before = _values(instance, MandateForm)
    form = MandateForm(request.POST or None, instance=instance, forbund=forbund)
    if request.method == "POST" and form.is_valid():
        call = _edit_call(request, forbund, form, instance, before, "mandate", end_field="date_to")
        if _run(request, forbund, form, call) is not None:
            _saved(request, _("Uppdraget är sparat."))
            return redirect("forbund-mandates", slug=forbund.slug)
    return render(request, "organisations/form.html", {
        "forbund": forbund, "form": form,
        "title": _("Ändra uppdrag") if instance else _("Lägg till uppdrag"), "back": "forbund-mandates",
        "remove_url": reverse("forbund-mandate-remove", args=[forbund.slug, instance.pk]) if instance else None,
    })


# Removing a row entered by mistake ----------------------------------------------------------------------

def _confirm_remove(request, forbund, obj, *, title, text, remove, back):
    """GET: what will be removed, and a button; POST: remove it (a DomainError is shown, nothing removed)."""
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    problem = None
    if request.method == "POST" and form.is_valid():
        what = str(obj)
        try:
            with FindingsWatch(request, forbund):
                remove()
        except DomainError as error:
            problem = error.message
        else:
            _saved(request, _("%(what)s är borttagen.") % {"what": what})
            return redirect(back, slug=forbund.slug)
    return render(request, "web/remove.html", {
        "forbund": forbund, "form": form, "title": title, "text": text, "problem": problem,
        "back_url": reverse(back, kwargs={"slug": forbund.slug}),
    }, status=409 if problem else 200)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def member_remove(request, forbund, pk):
    member = scoped_get(Member, forbund, pk=pk)
    text = _("Medlemmen %(name)s (%(kind)s) tas bort ur förbundets uppgifter, med sin historik av inträde och "
             "utträde. Det går bara när inga uppdrag, insatser, budgetar eller samråd hänvisar till medlemmen. "
             "Har medlemmen lämnat förbundet, ange i stället ett utträdesdatum.") % {
        "name": member.name, "kind": member.get_kind_display()}
    return _confirm_remove(request, forbund, member, title=_("Ta bort medlem"), text=text, back="forbund-members",
                           remove=lambda: services.remove_member(member, user=request.user))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def mandate_remove(request, forbund, pk):
    mandate = scoped_get(Mandate.objects.select_related("person"), forbund, pk=pk)
    appointed = ", ".join(m.name for m in mandate.appointed_by.all()) or _("styrelsen")
    text = _("Uppdraget som %(role)s för %(person)s (%(start)s–%(end)s, utsett av %(by)s) tas bort, och med det "
             "uppgiften om vem som utsett det. Personen finns kvar. Har uppdraget funnits men upphört, ange i "
             "stället ett slutdatum.") % {
        "role": mandate.get_role_display().lower(), "person": mandate.person.name,
        "start": mandate.date_from.isoformat(), "end": mandate.date_to.isoformat() if mandate.date_to else "",
        "by": appointed}
    return _confirm_remove(request, forbund, mandate, title=_("Ta bort uppdrag"), text=text, back="forbund-mandates",
                           remove=lambda: services.remove_mandate(mandate, user=request.user))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def person_remove(request, forbund, pk):
    person = _person_in(forbund, pk)
    text = _("Personen %(name)s tas bort. Det går bara när inga uppdrag, sammanträden eller samråd hänvisar till "
             "personen; ta först bort uppdrag som lagts in av misstag. Har personens uppdrag upphört, avsluta "
             "uppdraget i stället.") % {"name": person.name}
    return _confirm_remove(request, forbund, person, title=_("Ta bort person"), text=text, back="forbund-persons",
                           remove=lambda: services.remove_person(person, user=request.user, forbund=forbund))


# The förbund's facts and statutes, and a new board term ----------------------------------------------

@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def forbund_edit(request, forbund):
    before = _values(forbund, ForbundForm)
    form = ForbundForm(request.POST or None, instance=forbund)
    if request.method == "POST" and form.is_valid():
        changes = _changed(before, {f: form.cleaned_data[f] for f in ForbundForm.Meta.fields})
        if _run(request, forbund, form, lambda: services.change_forbund(forbund, user=request.user, **changes)):
            _saved(request, _("Förbundets uppgifter är sparade."))
            return redirect("forbund-overview", slug=forbund.slug)
    return render(request, "organisations/form.html", {
        "forbund": forbund, "form": form, "title": _("Ändra förbundet och förbundsordningen"),
        "back": "forbund-overview",
    })


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def board_renew(request, forbund):
    day = today()
    terms = [services.next_term(forbund, day), services.term_on(forbund, day)]
    form = RenewalForm(request.POST or request.GET or None, terms=terms)
    term = form.cleaned_data["term"] if form.is_valid() else terms[0]
    if request.method == "POST" and form.is_valid():
        try:
            with FindingsWatch(request, forbund):
                created = services.renew_board(forbund, term, user=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            _saved(request, _("Mandatperioden %(term)s har %(n)s nya uppdrag. Justera dem efter "
                                        "medlemmarnas val.") % {"term": term.label, "n": len(created)})
            return redirect("forbund-mandates", slug=forbund.slug)
    existing = services.term_mandates(forbund, term).exists()
    return render(request, "organisations/board_renew.html", {
        "forbund": forbund, "form": form, "term": term, "existing": existing,
        "plan": services.board_renewal_plan(forbund, term), "source_day": term.start - datetime.timedelta(days=1),
    })


@cached_page
@forbund_view(Cap.VIEW_LOG)
def log(request, forbund):
    # The whole history, paged in the database; entries (diffs, names, descriptions) only for the page shown.
    page = paginate(request, audit.History(forbund))
    page.object_list = audit.attach_actions(audit.entries(page.object_list))
    return render(request, "organisations/log.html", {
        "forbund": forbund, "page": page, "groups": audit.group_by_action(page.object_list),
    })


