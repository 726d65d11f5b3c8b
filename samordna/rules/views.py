"""Pages around the rule engine: a förbund's Regelkontroll and årshjul (with its ICS feed), the national overview."""

from __future__ import annotations

import csv
import datetime
import functools
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samordna.lib.access import Cap, forbund_view
from samordna.lib.dates import add_months, today
from samordna.organisations.forms import AsOfForm
from samordna.organisations.models import Forbund
from samordna.rules import calendar, ics, service
from samordna.rules.base import AREAS, LEVELS, SUBJECT_KINDS
from samordna.rules.engine import RULES

# How far back the feed reaches, so an event that just passed stays in the subscriber's calendar.
FEED_PAST_DAYS = 31


def _as_of(request) -> tuple[AsOfForm, datetime.date]:
    """The date the page judges as of: ?datum=YYYY-MM-DD, or today in Stockholm."""
    form = AsOfForm(request.GET or None)
    day = today()
    if form.is_valid() and form.cleaned_data.get("datum"):
        day = form.cleaned_data["datum"]
    return form, day


@forbund_view(Cap.VIEW_FINDINGS)
@require_GET
def findings(request, forbund):
    form, day = _as_of(request)
    kind = request.GET.get("typ", "")
    kind = kind if kind in SUBJECT_KINDS else ""
    area = request.GET.get("omrade", "")
    area = area if area in AREAS else ""
    found = service.findings_for([forbund.slug], day)
    totals = service.level_counts(found)
    shown = [
        f for f in found
        if (not kind or f.subject_kind == kind) and (not area or RULES[f.rule].area == area)
    ]
    return render(request, "rules/findings.html", {
        "forbund": forbund, "form": form, "day": day, "is_today": day == today(),
        "groups": service.group_findings(shown, forbund.slug, day),
        "totals": totals, "shown_count": len(shown), "total_count": len(found),
        "kind": kind, "kinds": [(k, service.SUBJECT_KIND_LABELS[k]) for k in SUBJECT_KINDS],
        "area": area, "areas": [(a, service.AREA_LABELS[a]) for a in AREAS],
    })


def _national_only(view):
    """National users and administrators only: others get 403, anonymous users the login page."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_national or request.user.is_superuser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


SORTS = {"name", "errors", "warnings", "info"}


def _national_rows(request) -> dict:
    """The national table with the filters and sorting of the request (shared by the page and the CSV)."""
    form, day = _as_of(request)
    rule = request.GET.get("rule", "")
    rule = rule if rule in RULES else ""
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    direction = request.GET.get("dir", "asc" if sort == "name" else "desc")
    direction = direction if direction in ("asc", "desc") else "asc"
    counts = service.counts_by_forbund(service.national_findings(day), rule or None)
    empty = dict.fromkeys(LEVELS, 0)
    rows = [
        {"slug": slug, "name": name, **{
            "errors": counts.get(slug, empty)["error"],
            "warnings": counts.get(slug, empty)["warning"],
            "info": counts.get(slug, empty)["info"],
        }}
        for slug, name in Forbund.objects.order_by("name").values_list("slug", "name")
    ]
    rows.sort(key=lambda r: r["name"].casefold())  # the tie-break: name order within equal counts
    if sort != "name":
        rows.sort(key=lambda r: r[sort], reverse=direction == "desc")
    elif direction == "desc":
        rows.reverse()
    return {"form": form, "day": day, "rule": rule, "sort": sort, "dir": direction, "rows": rows}


@_national_only
@require_GET
def national(request):
    data = _national_rows(request)
    base = {k: v for k, v in (("datum", request.GET.get("datum", "")), ("rule", data["rule"])) if v}
    columns = []
    for key, label, numeric in (("name", _("Förbund"), False), ("errors", _("Fel"), True),
                                ("warnings", _("Varningar"), True), ("info", _("Påminnelser"), True)):
        active = data["sort"] == key
        next_dir = ("desc" if data["dir"] == "asc" else "asc") if active else ("asc" if key == "name" else "desc")
        columns.append({
            "key": key, "label": label, "numeric": numeric, "active": active,
            "aria_sort": ("ascending" if data["dir"] == "asc" else "descending") if active else None,
            "href": "?" + urlencode({**base, "sort": key, "dir": next_dir}),
        })
    totals = {key: sum(r[key] for r in data["rows"]) for key in ("errors", "warnings", "info")}
    return render(request, "rules/national.html", {
        **data, "columns": columns, "totals": totals, "rules": service.rule_choices(),
        "csv_query": urlencode({**base, "sort": data["sort"], "dir": data["dir"]}),
    })


def _csv_cell(value) -> str | int:
    # A cell starting with = + - @ would run as a formula in Excel; a leading apostrophe keeps it text.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@_national_only
@require_GET
def national_csv(request):
    data = _national_rows(request)
    name = f"regelkontroll-{data['day'].isoformat()}" + (f"-{data['rule']}" if data["rule"] else "") + ".csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    # Excel reads UTF-8 only with a byte order mark, and in Swedish settings splits on semicolons.
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(["forbund_id", "Förbund", "Fel", "Varningar", "Påminnelser", "Per datum", "Regel"])
    for row in data["rows"]:
        writer.writerow([_csv_cell(row["slug"]), _csv_cell(row["name"]), row["errors"], row["warnings"],
                         row["info"], data["day"].isoformat(), data["rule"] or ""])
    return response


def _forbund_document(forbund) -> tuple[dict, dict]:
    doc = service.database_document([forbund.slug])
    entry = next((f for f in doc.get("forbund") or [] if f["id"] == forbund.slug), {"id": forbund.slug})
    return doc, entry


@forbund_view(Cap.VIEW)
@require_GET
def arshjul(request, forbund):
    form, day = _as_of(request)
    doc, entry = _forbund_document(forbund)
    found = calendar.events(entry, doc, day, add_months(day, 12))
    subscription = None
    if request.forbund_ctx.can(Cap.VIEW_FINDINGS) and forbund.ics_token:
        path = reverse("forbund-arshjul-ics", kwargs={"slug": forbund.slug})
        subscription = f"{settings.SITE_URL}{path}?{urlencode({'token': forbund.ics_token})}"
    return render(request, "rules/arshjul.html", {
        "forbund": forbund, "form": form, "day": day, "end": add_months(day, 12),
        "months": calendar.by_month(found, day), "subscription": subscription,
        "may_manage": request.forbund_ctx.can(Cap.MANAGE),
    })


@forbund_view(Cap.MANAGE)
@require_POST
def arshjul_token(request, forbund):
    service.new_ics_token(forbund, request.user)
    messages.success(request, _("En ny prenumerationslänk är skapad. Den gamla länken fungerar inte längre."))
    return redirect("forbund-arshjul", slug=forbund.slug)


@require_GET
def arshjul_ics(request, slug):
    """The feed needs no login, only the förbund's current token; anything else is not found."""
    token = request.GET.get("token", "")
    forbund = Forbund.objects.filter(slug=slug).only("slug", "name", "ics_token").first()
    if forbund is None or not forbund.ics_token or not secrets.compare_digest(
        forbund.ics_token.encode(), token.encode()
    ):
        raise Http404
    doc, entry = _forbund_document(forbund)
    day = today()
    with translation.override(ics.FEED_LANGUAGE):  # calendar apps send no language: the feed is Swedish
        found = calendar.events(entry, doc, day - datetime.timedelta(days=FEED_PAST_DAYS), add_months(day, 12))
    body = ics.calendar_ics(forbund.slug, forbund.name, found, timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="arshjul-{forbund.slug}.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
