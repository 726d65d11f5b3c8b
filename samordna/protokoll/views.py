"""The protokoll of a meeting: the page (with its justering) and the PDF; the justering's two actions.

Who reads it is as for the meeting (meetings.views.may_read): anyone with access once the minutes are
adjusted, the internal roles before. The office prepares a version for justering; each adjuster confirms
it with their own login.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samordna.lib import pdf
from samordna.lib.access import Cap, forbund_view, scoped_get
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.meetings.views import is_public, may_read
from samordna.web.pagecache import cached_page

from . import render as protokoll
from . import services


def _meeting(forbund, subject_id):
    meeting = scoped_get(protokoll.protokoll_queryset(), forbund, external_id=subject_id)
    meeting._protokoll_loaded = True
    return meeting


@cached_page
@forbund_view()
@require_GET
def protokoll_page(request, forbund, subject_id):
    day = today()
    meeting = _meeting(forbund, subject_id)
    if not may_read(request, meeting, day):
        return render(request, "protokoll/not_public.html", {"forbund": forbund, "meeting": meeting},
                      status=200)
    context = protokoll.protokoll_context(meeting)
    source = protokoll.protokoll_html_source(meeting, context=context)
    justering = services.state(meeting, user=request.user, source=source)
    return render(request, "protokoll/protokoll.html", {
        **context, "body": protokoll.render_protokoll_html(meeting, context=context),
        "public": is_public(meeting, day), "justering": justering,
        "may_prepare": request.forbund_ctx.can(Cap.MANAGE),
        "candidates": services.adjuster_candidates(meeting) if request.forbund_ctx.can(Cap.MANAGE) else [],
        "chosen": {p.pk for p in meeting.minutes.adjusters.all()} if hasattr(meeting, "minutes") else set(),
    })


@forbund_view(Cap.MANAGE)
@require_POST
def adjusters(request, forbund, subject_id):
    from samordna.organisations.models import Person

    meeting = _meeting(forbund, subject_id)
    wanted = [v for v in request.POST.getlist("adjusters") if v.isdigit()]
    persons = list(Person.objects.of_forbund(forbund).filter(pk__in=wanted))
    try:
        services.choose_adjusters(meeting, persons, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Justerare: %(names)s.") % {"names": ", ".join(p.name for p in persons)})
    return _back(forbund, meeting)


@forbund_view()
@require_GET
def protokoll_pdf_view(request, forbund, subject_id):
    meeting = _meeting(forbund, subject_id)
    if not may_read(request, meeting, today()):
        return render(request, "protokoll/not_public.html", {"forbund": forbund, "meeting": meeting}, status=404)
    data = None
    minutes = getattr(meeting, "minutes", None)
    if minutes is not None and minutes.adjusted is None:
        # The version being adjusted, when it is still what the data give: the bytes the adjusters confirm.
        version = services.current_version(minutes, with_pdf=True)
        if version is not None and version.source_sha256 == pdf.sha256(protokoll.protokoll_html_source(meeting)):
            data = bytes(version.pdf)
    if data is None:
        data = protokoll.protokoll_pdf(meeting)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="protokoll-{meeting.date.isoformat()}.pdf"'
    response["X-Content-SHA256"] = pdf.sha256(data)
    return response


def _back(forbund, meeting):
    return redirect("meeting-protokoll", slug=forbund.slug, subject_id=meeting.external_id)


@forbund_view(Cap.MANAGE)
@require_POST
def prepare(request, forbund, subject_id):
    meeting = _meeting(forbund, subject_id)
    try:
        version = services.prepare_justering(meeting, user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Version %(n)d av protokollet är klar för justering.") % {"n": version.number})
    return _back(forbund, meeting)


@forbund_view(Cap.VIEW_INTERNAL)
@require_POST
def justera(request, forbund, subject_id):
    meeting = _meeting(forbund, subject_id)
    try:
        services.confirm(meeting, user=request.user, sha256=request.POST.get("sha256", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if services.adjusted_version(meeting) is not None:
            messages.success(request, _("Du har justerat protokollet. Alla justerare har justerat: protokollet "
                                        "är justerat."))
        else:
            messages.success(request, _("Du har justerat protokollet."))
    return _back(forbund, meeting)
