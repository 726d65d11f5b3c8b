"""Pages of the rule check: a förbund's Regelkontroll and the national overview with its CSV."""

from __future__ import annotations

import csv
import datetime
import functools
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from samordna.checks import grouping as service
from samordna.checks import store
from samordna.lib.access import Cap, forbund_view
from samordna.lib.dates import today
from samordna.lib.validation import validate_date_in_range
from samordna.organisations.forms import AsOfForm
from samordna.organisations.models import Forbund
from samordna.rules.base import AREAS, LEVELS, SUBJECT_KINDS
from samordna.rules.engine import RULES
from samordna.web.pagecache import cached_page


def as_of(request) -> tuple[AsOfForm, datetime.date, str | None]:
    """The date a page judges as of: ?datum=YYYY-MM-DD (1900–2200), or today in Stockholm; with the Swedish
    error to show when ?datum= is not such a date (the page then shows today; the CSV answers 400)."""
    form = AsOfForm(request.GET or None)
    day = today()
    if not form.is_bound:
        return form, day, None
    if not form.is_valid():  # not a date, or one outside 1900–2200 (the form says which)
        errors = form.errors.get("datum")
        return form, day, errors[0] if errors else _("Ange ett giltigt datum (ÅÅÅÅ-MM-DD).")
    chosen = form.cleaned_data.get("datum")
    if chosen:
        try:
            validate_date_in_range(chosen)
        except ValidationError as error:
            form.add_error("datum", error)
            return form, day, error.messages[0]
        day = chosen
    return form, day, None


@cached_page
@forbund_view(Cap.VIEW_FINDINGS)
@require_GET
def findings(request, forbund):
    form, day, date_error = as_of(request)
    kind = request.GET.get("typ", "")
    kind = kind if kind in SUBJECT_KINDS else ""
    area = request.GET.get("omrade", "")
    area = area if area in AREAS else ""
    found = store.forbund_findings(forbund, day)
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
        "area": area, "areas": [(a, service.AREA_LABELS[a]) for a in AREAS], "date_error": date_error,
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
    form, day, date_error = as_of(request)
    rule = request.GET.get("rule", "")
    rule = rule if rule in RULES else ""
    sort = request.GET.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    direction = request.GET.get("dir", "asc" if sort == "name" else "desc")
    direction = direction if direction in ("asc", "desc") else "asc"
    everyone = list(Forbund.objects.order_by("name").values_list("pk", "slug", "name"))
    counts = store.counts_by_forbund(day, rule or None, {pk: slug for pk, slug, _name in everyone})
    empty = dict.fromkeys(LEVELS, 0)
    rows = [
        {"slug": slug, "name": name, **{
            "errors": counts.get(slug, empty)["error"],
            "warnings": counts.get(slug, empty)["warning"],
            "info": counts.get(slug, empty)["info"],
        }}
        for _pk, slug, name in everyone
    ]
    rows.sort(key=lambda r: r["name"].casefold())  # the tie-break: name order within equal counts
    if sort != "name":
        rows.sort(key=lambda r: r[sort], reverse=direction == "desc")
    elif direction == "desc":
        rows.reverse()
    return {"form": form, "day": day, "rule": rule, "sort": sort, "dir": direction, "rows": rows,
            "date_error": date_error}


@cached_page
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


@cached_page
@_national_only
@require_GET
def national_csv(request):
    form, _day, date_error = as_of(request)
    if date_error:
        return HttpResponse(date_error, status=400, content_type="text/plain; charset=utf-8")
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
