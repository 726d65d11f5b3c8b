"""Pages of the board's meetings: the list of a year, one meeting with its minutes, and planning.

Minutes are public once adjusted (offentlighetsprincipen); before that, the items and decisions of a
meeting are internal, so roles without Cap.VIEW_INTERNAL see only that the meeting was held.

Planning (the office, Cap.MANAGE): "Nytt sammanträde", changing and removing a meeting, and on the meeting's
page the agenda editor (items from the diarium's open matters or free, moved up and down, changed,
removed), the kallelse state and the findings the plan causes. Every action is a plain POST form that calls
a service of services.py's planning block; a DomainError is shown on its field.
"""

from collections import Counter
from dataclasses import replace
from functools import partial

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samordna.checks.grouping import ShownFinding
from samordna.checks.onpage import PageFindings
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.paging import chosen_year, other_years, paginate, year_nav
from samordna.lib.services import DomainError
from samordna.organisations.views import FindingsWatch, _run, _saved
from samordna.rules.engine import RULES
from samordna.rules.meetings import planned_notice_finding
from samordna.samrad.models import Notice
from samordna.web.pagecache import cached_page

from . import services
from .models import Attendance, Capacity, Item, Meeting, Vote, VoteChoice
from .planning_forms import ItemForm, MeetingForm, MoveForm


def is_public(meeting, day) -> bool:
    """Minutes are public once adjusted (DOMAIN §1)."""
    minutes = getattr(meeting, "minutes", None)
    return bool(minutes and minutes.adjusted and minutes.adjusted <= day)


def may_read(request, meeting, day) -> bool:
    return is_public(meeting, day) or request.forbund_ctx.can(Cap.VIEW_INTERNAL)


def _meeting_url(forbund, meeting_id, item_id=None) -> str:
    path = reverse("meeting-detail", kwargs={"slug": forbund.slug, "subject_id": meeting_id})
    return f"{path}#paragraf-{item_id}" if item_id else path


def _meetings(forbund):
    return Meeting.objects.filter(forbund=forbund).select_related("minutes")


@cached_page
@forbund_view()
@require_GET
def meeting_list(request, forbund):
    """The meetings of one year (?ar=YYYY, default this year), with the years that have meetings.

    One year is a handful of meetings whatever the history, so the page costs the same after ten years as
    after one. The findings of the year's meetings and their items are listed in full; those of other years
    one line each under their year, linked to their meeting (the Regelkontroll links item findings here).
    """
    day = today()
    year = chosen_year(request, day.year)
    # Paged (a year of more than 50 meetings is rare) and counted without the items.
    page = paginate(request, _meetings(forbund).filter(date__year=year).order_by("-date", "-pk"))
    meetings = list(page)
    page_pks = {m.pk for m in meetings}
    years = [d.year for d in Meeting.objects.filter(forbund=forbund).dates("date", "year")]
    findings = PageFindings(request, forbund)
    internal = request.forbund_ctx.can(Cap.VIEW_INTERNAL)
    meeting_ids = {f.subject_id for f in findings.all if f.subject_kind == "meeting"}
    item_ids = {f.subject_id for f in findings.all if f.subject_kind == "item"}
    # The meetings the findings name: their dates (which year) and whether their minutes are public. One
    # query with the page's meetings, whatever the findings.
    meeting_info = {}
    if page_pks or meeting_ids:
        for ext, date, adjusted in Meeting.objects.filter(forbund=forbund).filter(
            Q(pk__in=page_pks) | Q(external_id__in=meeting_ids)
        ).order_by().values_list("external_id", "date", "minutes__adjusted"):
            meeting_info[ext] = (date, adjusted)
    # One query reads the items of the page's meetings (to count them) and the items the findings name (to
    # find their meetings), not the whole history.
    item_counts, item_meeting = Counter(), {}
    if page_pks or item_ids:
        for meeting_pk, meeting_ext, date, adjusted, item_ext in Item.objects.filter(forbund=forbund).filter(
            Q(meeting__in=page_pks) | Q(external_id__in=item_ids)
        ).order_by().values_list("meeting_id", "meeting__external_id", "meeting__date", "meeting__minutes__adjusted",
                                 "external_id"):
            if meeting_pk in page_pks:
                item_counts[meeting_pk] += 1
            if item_ext in item_ids:
                item_meeting[item_ext] = (meeting_ext, date, adjusted)
    for meeting in meetings:
        meeting.item_count = item_counts[meeting.pk]

    counts, shown, elsewhere = Counter(), [], []

    def place(finding, ext, date, url):
        if date is None or date.year == year:
            counts[ext] += 1
            shown.append(finding if url is None else replace(finding, url=url))
        else:
            elsewhere.append((date.year, replace(finding, url=url)))

    for finding in findings.about("meeting", meeting_ids):
        ext = finding.finding.subject_id
        date, _adjusted = meeting_info.get(ext, (None, None))
        place(finding, ext, date, _meeting_url(forbund, ext))
    for finding in findings.about("item", item_meeting):
        ext, date, adjusted = item_meeting[finding.finding.subject_id]
        # A finding about an item tells what was decided: only to those who may read the meeting's items.
        if internal or (adjusted and adjusted <= day):
            place(finding, ext, date, _meeting_url(forbund, ext, finding.finding.subject_id))
    rows = [{"meeting": m, "readable": may_read(request, m, day), "public": is_public(m, day),
             "findings": counts.get(m.external_id, 0)} for m in meetings]
    return render(request, "meetings/list.html", {
        "forbund": forbund, "year": str(year), "rows": rows, "page": page, "day": day,
        "nav": year_nav(request, year, years, day.year), "findings_enabled": findings.enabled,
        "can_manage": request.forbund_ctx.can(Cap.MANAGE),
        "findings": shown, "other_years": other_years(request, elsewhere, day.year),
    })


def _detail_queryset():
    votes = Vote.objects.select_related("person").order_by("person__name")
    # A matter's other items: where it came up before (återremiss, bordläggning) and with what decision.
    history = Item.objects.select_related("meeting", "decision").order_by("meeting__date", "number", "pk")
    items = (
        Item.objects.select_related("decision__casting_vote", "insats", "matter", "presenter")
        .order_by("number", "pk")
        .prefetch_related(
            "recused__person", "substitutes__person", "substitutes__replaces",
            Prefetch("decision__votes", queryset=votes), "decision__reservations__person",
            Prefetch("notices", queryset=Notice.objects.order_by("date")),
            Prefetch("matter__items", queryset=history, to_attr="agenda_history"),
        )
    )
    attendance = Attendance.objects.select_related("person", "replaces").order_by("capacity", "person__name")
    return Meeting.objects.select_related("minutes").prefetch_related(
        "minutes__adjusters", Prefetch("attendance", queryset=attendance), Prefetch("items", queryset=items),
    )


CAPACITY_ORDER = {c: i for i, c in enumerate(Capacity.values)}


@cached_page
@forbund_view()
@require_GET
def meeting_detail(request, forbund, subject_id):
    day = today()
    meeting = scoped_get(_detail_queryset(), forbund, external_id=subject_id)
    readable = may_read(request, meeting, day)
    findings = PageFindings(request, forbund)
    items = list(meeting.items.all()) if readable else []
    for item in items:
        decision = getattr(item, "decision", None)
        item.tally = None
        if decision is not None:
            votes = list(decision.votes.all())
            if votes:
                item.tally = {choice: sum(1 for v in votes if v.vote == choice) for choice in VoteChoice.values}
    shown = findings.about("meeting", [meeting.external_id])
    if readable:
        # A finding about an item would tell what was decided: only where the items are shown.
        shown += findings.about("item", [i.external_id for i in items])
    attendance = sorted(meeting.attendance.all(), key=lambda a: (CAPACITY_ORDER.get(a.capacity, 99), a.person.name))
    minutes = getattr(meeting, "minutes", None)
    planning = request.forbund_ctx.can(Cap.MANAGE) and not (minutes and minutes.adjusted)
    context = {
        "forbund": forbund, "meeting": meeting, "minutes": minutes,
        "readable": readable, "public": is_public(meeting, day), "items": items,
        "attendance": attendance if readable else [], "findings": shown, "findings_enabled": findings.enabled,
        "planning": planning, "today": day,
    }
    if planning:
        for item in items:
            # Where the matter came up before this meeting (återremiss, bordläggning), with the decision.
            item.earlier = [i for i in getattr(item.matter, "agenda_history", [])
                            if i.meeting_id != meeting.pk and i.meeting.date <= meeting.date] if item.matter else []
        context.update({
            "held": bool(attendance) or any(getattr(i, "decision", None) for i in items),
            "planned_findings": planned_findings(forbund, meeting, day) if findings.enabled else [],
            "notice_due": deadline_of_notice(forbund, meeting),
            "item_form": ItemForm(forbund=forbund, meeting=meeting, auto_id="id_ny_%s"),
            "can_remove": services.removal_problem(meeting) is None,
        })
    return render(request, "meetings/detail.html", context)


# Planning -------------------------------------------------------------------------------------------------

def deadline_of_notice(forbund, meeting):
    from samordna.rules.deadlines import notice_due

    return notice_due(meeting.date, forbund.notice_days)


def planned_findings(forbund, meeting, day) -> list[ShownFinding]:
    """The findings the plan causes before the rule engine judges the meeting (it judges held meetings):
    the meeting-notice finding if the kallelse were sent today (or as it was sent), from the rule package."""
    finding = planned_notice_finding(forbund.slug, meeting.external_id, meeting.date, meeting.notice_sent,
                                     forbund.notice_days, day)
    return [ShownFinding(finding, RULES[finding.rule], None, None)] if finding else []


def _meeting_of(forbund, subject_id):
    return scoped_get(Meeting.objects.select_related("forbund"), forbund, external_id=subject_id)


def _item_of(meeting, item_id):
    return scoped_get(Item.objects.select_related("meeting__forbund", "matter"), meeting.forbund,
                      meeting=meeting, external_id=item_id)


def _detail(meeting, anchor: str = "") -> str:
    url = reverse("meeting-detail", kwargs={"slug": meeting.forbund.slug, "subject_id": meeting.external_id})
    return f"{url}#{anchor}" if anchor else url


def _form_page(request, forbund, form, *, title, back, meeting=None, status=200, intro=""):
    return render(request, "meetings/form.html", {
        "forbund": forbund, "form": form, "title": title, "back_url": back, "meeting": meeting, "intro": intro,
    }, status=status)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_new(request, forbund):
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in MeetingForm.Meta.fields}
        meeting = _run(request, forbund, form, partial(services.create_meeting, forbund, user=request.user, **data))
        if meeting is not None:
            _saved(request, _("Sammanträdet %(date)s är planerat, med de inledande paragraferna. Lägg nu till "
                              "ärendena.") % {"date": meeting.date.isoformat()})
            return redirect(_detail(meeting, "foredragningslista"))
    return _form_page(request, forbund, form, title=_("Nytt sammanträde"),
                      back=reverse("forbund-meetings", kwargs={"slug": forbund.slug}),
                      intro=_("De inledande paragraferna (mötets öppnande, godkännande av dagordningen, val av "
                              "justerare, föregående protokoll) läggs in som mall; paragrafnumren fortsätter "
                              "årets numrering."))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_edit(request, forbund, subject_id):
    meeting = _meeting_of(forbund, subject_id)
    before = {f: getattr(meeting, f) for f in MeetingForm.Meta.fields}
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in MeetingForm.Meta.fields if form.cleaned_data[f] != before[f]}
        # The form changed the instance while validating: the service applies the changes to a fresh copy.
        fresh = _meeting_of(forbund, subject_id)
        if _run(request, forbund, form, partial(services.change_meeting, fresh, user=request.user, **changes)):
            _saved(request, _("Sammanträdet är sparat."))
            return redirect(_detail(fresh))
    return _form_page(request, forbund, form, title=_("Ändra sammanträdet"), back=_detail(meeting), meeting=meeting)


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def meeting_remove(request, forbund, subject_id):
    meeting = _meeting_of(forbund, subject_id)
    problem = services.removal_problem(meeting)
    if request.method == "POST" and problem is None:
        try:
            with FindingsWatch(request, forbund):
                services.remove_meeting(meeting, user=request.user)
        except DomainError as error:
            problem = error.message
        else:
            _saved(request, _("Sammanträdet %(date)s är borttaget.") % {"date": meeting.date.isoformat()})
            return redirect("forbund-meetings", slug=forbund.slug)
    text = _("Sammanträdet %(date)s tas bort med sin föredragningslista (%(n)s paragrafer). Ärendena finns kvar "
             "i diariet och kan tas upp vid ett annat sammanträde. Det går bara så länge sammanträdet inte har "
             "något protokoll eller beslut.") % {"date": meeting.date.isoformat(), "n": meeting.items.count()}
    return render(request, "web/remove.html", {
        "forbund": forbund, "meeting": meeting, "title": _("Ta bort sammanträdet"), "text": text,
        "problem": problem, "back_url": _detail(meeting),
    }, status=409 if problem and request.method == "POST" else 200)


@forbund_view(Cap.MANAGE)
@require_POST
def meeting_notice_sent(request, forbund, subject_id):
    meeting = _meeting_of(forbund, subject_id)
    try:
        with FindingsWatch(request, forbund):
            services.record_notice_sent(meeting, user=request.user, day=today())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _saved(request, _("Kallelsen är markerad som skickad %(day)s.") % {"day": meeting.notice_sent.isoformat()})
    return redirect(_detail(meeting, "kallelse"))


@forbund_view(Cap.MANAGE)
@require_POST
def meeting_notice_send(request, forbund, subject_id):
    """Send the kallelse by e-mail (queued in the same transaction, sent by the worker)."""
    meeting = _meeting_of(forbund, subject_id)
    try:
        with FindingsWatch(request, forbund):
            message = services.send_notice(meeting, user=request.user, day=today())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        _saved(request, _("Kallelsen är köad till %(n)s mottagare och skickas strax.") % {"n": len(message.queued)})
        missing = message.without_address
        if missing:
            messages.warning(request, _("Saknar e-postadress och fick ingen kallelse: %(names)s.") % {
                "names": ", ".join(r.name for r in missing)})
    return redirect(_detail(meeting, "kallelse"))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def item_add(request, forbund, subject_id):
    meeting = _meeting_of(forbund, subject_id)
    form = ItemForm(request.POST or None, forbund=forbund, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in ("title", "kind", "proposal", "presenter", "matter", "major")}
        item = _run(request, forbund, form, partial(services.add_item, meeting, user=request.user, **data))
        if item is not None:
            _saved(request, _("§ %(n)s %(title)s står nu på föredragningslistan.") % {
                "n": item.number, "title": item.title})
            return redirect(_detail(meeting, f"punkt-{item.external_id}"))
    return _form_page(request, forbund, form, meeting=meeting, back=_detail(meeting, "foredragningslista"),
                      title=_("Lägg till ärende – sammanträdet %(date)s") % {"date": meeting.date.isoformat()})


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def item_edit(request, forbund, subject_id, item_id):
    meeting = _meeting_of(forbund, subject_id)
    item = _item_of(meeting, item_id)
    fields = ("title", "kind", "proposal", "presenter", "major")
    before = {f: getattr(item, f) for f in fields}
    initial = {**before, "presenter": item.presenter_id}
    form = ItemForm(request.POST or None, forbund=forbund, item=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in fields if form.cleaned_data[f] != before[f]}
        if _run(request, forbund, form, partial(services.change_item, item, user=request.user, **changes)):
            _saved(request, _("§ %(n)s är sparad.") % {"n": item.number})
            return redirect(_detail(meeting, f"punkt-{item.external_id}"))
    return _form_page(request, forbund, form, meeting=meeting, back=_detail(meeting, f"punkt-{item.external_id}"),
                      title=_("Ändra § %(n)s") % {"n": item.number})


@forbund_view(Cap.MANAGE)
@require_POST
def item_move(request, forbund, subject_id, item_id):
    meeting = _meeting_of(forbund, subject_id)
    item = _item_of(meeting, item_id)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj upp eller ned."))
    else:
        try:
            services.move_item(item, user=request.user, direction=form.cleaned_data["direction"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(title)s är nu § %(n)s.") % {"title": item.title, "n": item.number})
    return redirect(_detail(meeting, f"punkt-{item.external_id}"))


@forbund_view(Cap.MANAGE)
@require_http_methods(["GET", "POST"])
def item_remove(request, forbund, subject_id, item_id):
    meeting = _meeting_of(forbund, subject_id)
    item = _item_of(meeting, item_id)
    problem = None
    if request.method == "POST":
        try:
            with FindingsWatch(request, forbund):
                services.remove_item(item, user=request.user)
        except DomainError as error:
            problem = error.message
        else:
            _saved(request, _("§ %(n)s %(title)s är borttagen från föredragningslistan.") % {
                "n": item.number, "title": item.title})
            return redirect(_detail(meeting, "foredragningslista"))
    text = _("§ %(n)s %(title)s tas bort från föredragningslistan; paragraferna efter den flyttas upp ett nummer.") % {
        "n": item.number, "title": item.title}
    if item.matter:
        text += " " + _("Ärendet %(dnr)s finns kvar i diariet.") % {"dnr": item.matter.dnr}
    return render(request, "web/remove.html", {
        "forbund": forbund, "meeting": meeting, "title": _("Ta bort § %(n)s") % {"n": item.number}, "text": text,
        "problem": problem, "back_url": _detail(meeting, "foredragningslista"),
    }, status=409 if problem else 200)
