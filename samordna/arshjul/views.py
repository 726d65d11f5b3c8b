"""The årshjul of a förbund: its page, the renewal of its subscription link and its ICS feed."""

from __future__ import annotations

import datetime
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samordna.accounts.models import Role
from samordna.arshjul import calendar, ics
from samordna.arshjul.data import calendar_document
from samordna.arshjul.services import new_ics_token
from samordna.checks.views import as_of
from samordna.lib.access import Cap, forbund_view
from samordna.lib.dates import add_months, today
from samordna.organisations.models import Forbund
from samordna.web.pagecache import cached_page

# How far back the feed reaches, so an event that just passed stays in the subscriber's calendar.
FEED_PAST_DAYS = 31
# The feed's token is a bearer credential: shown only to the förbund's own roles that may subscribe
# (not to the national level, a member organisation or an administrator without a role in the förbund).
SUBSCRIBER_ROLES = frozenset({Role.OFFICE, Role.BOARD, Role.AUDITOR})


@cached_page
@forbund_view(Cap.VIEW)
@require_GET
def arshjul(request, forbund):
    form, day, date_error = as_of(request)
    end = add_months(day, 12)
    doc, entry = calendar_document(forbund, day, end)
    found = calendar.events(entry, doc, day, end)
    subscription = None
    if request.forbund_ctx.role in SUBSCRIBER_ROLES and forbund.ics_token:
        path = reverse("forbund-arshjul-ics", kwargs={"slug": forbund.slug})
        subscription = f"{settings.SITE_URL}{path}?{urlencode({'token': forbund.ics_token})}"
    return render(request, "arshjul/arshjul.html", {
        "forbund": forbund, "form": form, "day": day, "end": end, "date_error": date_error,
        "months": calendar.by_month(found, day), "subscription": subscription,
        "may_manage": request.forbund_ctx.can(Cap.MANAGE),
    })


@forbund_view(Cap.MANAGE)
@require_POST
def arshjul_token(request, forbund):
    new_ics_token(forbund, request.user)
    messages.success(request, _("En ny prenumerationslänk är skapad. Den gamla länken fungerar inte längre."))
    return redirect("forbund-arshjul", slug=forbund.slug)


@cached_page
@require_GET
def arshjul_ics(request, slug):
    """The feed needs no login, only the förbund's current token; anything else is not found."""
    token = request.GET.get("token", "")
    forbund = Forbund.objects.filter(slug=slug).first()
    if forbund is None or not forbund.ics_token or not secrets.compare_digest(
        forbund.ics_token.encode(), token.encode()
    ):
        raise Http404
    day = today()
    start, end = day - datetime.timedelta(days=FEED_PAST_DAYS), add_months(day, 12)
    doc, entry = calendar_document(forbund, start, end)
    with translation.override(ics.FEED_LANGUAGE):  # calendar apps send no language: the feed is Swedish
        found = calendar.events(entry, doc, start, end)
    body = ics.calendar_ics(forbund.slug, forbund.name, found, timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="arshjul-{forbund.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
