"""Read-only pages of the samråd covering a förbund (held and planned) and its information to members (18 §).

A samråd may cover several förbund: it is found only under a förbund it covers, and shows each covered
förbund's members with their representatives and its delegation (what concerns the samråd, nothing more of
another förbund). Planning and recording it: planning_views.py.
"""

from dataclasses import replace

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from samordna.checks.onpage import PageFindings
from samordna.lib.access import Cap, forbund_view
from samordna.lib.dates import today
from samordna.lib.paging import chosen_year, other_years, paginate, year_nav, year_url
from samordna.organisations.models import Forbund, Member
from samordna.web.pagecache import cached_page

from .models import Consultation, Notice, Participant


def _covering(forbund):
    return Consultation.objects.filter(forbund=forbund)


@cached_page
@forbund_view()
@require_GET
def samrad_list(request, forbund):
    """The planned samråd, and those held in one year (?ar=YYYY, default this year)."""
    day = today()
    year = chosen_year(request, day.year)
    consultations = (
        _covering(forbund).select_related("convener_person", "convener_appointed_by")
        .prefetch_related(Prefetch("forbund", queryset=Forbund.objects.only("id", "slug", "name").order_by("name")))
    )
    # The few planned samråd are shown whatever the year; the held ones a year at a time (in pages, should a
    # year hold more than 50), counted without the participants.
    planned = list(consultations.filter(date__gt=day).order_by("date", "external_id"))
    page = paginate(request, consultations.filter(date__lte=day, date__year=year).order_by("-date", "external_id"))
    held = list(page)
    years = [d.year for d in _covering(forbund).filter(date__lte=day).dates("date", "year")]
    shown = held + planned
    participants = dict(Participant.objects.filter(consultation__in=[c.pk for c in shown]).order_by()
                        .values_list("consultation").annotate(n=Count("pk")))
    for consultation in shown:
        consultation.participant_count = participants.get(consultation.pk, 0)
    findings = PageFindings(request, forbund)
    counts = findings.counts("consultation")
    # The yearly medlemssamråd (samrad-annual) is a finding about the förbund and a year, not about one
    # samråd: in full on its year's page, one line on the others.
    this_year, elsewhere = [], []
    for finding in findings.in_area("forbund", "samrad"):
        other = finding.finding.subject_id
        if other and other.isascii() and other.isdigit() and int(other) != year:
            elsewhere.append((int(other), replace(finding, url=year_url(request, int(other), day.year))))
        else:
            this_year.append(finding)
    return render(request, "samrad/list.html", {
        "forbund": forbund, "day": day, "page": page, "year": str(year),
        "nav": year_nav(request, year, years, day.year),
        "held": [{"c": c, "findings": counts.get(c.external_id, 0)} for c in held],
        "planned": [{"c": c, "findings": counts.get(c.external_id, 0)} for c in planned],
        "findings": this_year, "other_years": other_years(request, elsewhere, day.year),
        "findings_enabled": findings.enabled, "can_manage": request.forbund_ctx.can(Cap.MANAGE),
    })


@cached_page
@forbund_view()
@require_GET
def samrad_detail(request, forbund, subject_id):
    participants = Participant.objects.select_related("person", "represents").order_by("person__name")
    consultation = get_object_or_404(
        _covering(forbund).select_related("convener_person", "convener_appointed_by").prefetch_related(
            Prefetch("forbund", queryset=Forbund.objects.only("id", "slug", "name").order_by("name")),
            Prefetch("participants", queryset=participants), "agenda", "decisions",
        ),
        external_id=subject_id,
    )
    covered = list(consultation.forbund.all())
    everyone = list(consultation.participants.all())
    # Each covered förbund's part of the samråd: its members with their representatives, and its delegation
    # (what concerns the samråd; nothing else of another förbund is shown).
    parts = []
    for f in [forbund, *[f for f in covered if f.pk != forbund.pk]]:
        members = sorted(Member.objects.filter(forbund=f).active_on(consultation.date),
                         key=lambda m: (Member.KIND_ORDER.get(m.kind, 99), m.name))
        representatives = {}
        for p in everyone:
            if p.represents is not None and p.represents.forbund_id == f.pk:
                representatives.setdefault(p.represents_id, []).append(p)
        parts.append({
            "forbund": f, "own": f.pk == forbund.pk,
            "member_rows": [{"member": m, "representatives": representatives.get(m.pk, [])} for m in members],
            "delegation": [p for p in everyone if p.for_forbund_id == f.pk],
        })
    shown = {p.pk for part in parts for row in part["member_rows"] for p in row["representatives"]}
    shown |= {p.pk for part in parts for p in part["delegation"]}
    findings = PageFindings(request, forbund)
    convener_member = consultation.convener_appointed_by
    planned = consultation.date > today()
    can_manage = request.forbund_ctx.can(Cap.MANAGE)
    if planned and findings.enabled:
        from .planning_views import live_findings

        live = live_findings(consultation, forbund.slug)
    else:
        live = None
    return render(request, "samrad/detail.html", {
        "forbund": forbund, "c": consultation, "planned": planned, "parts": parts,
        "others": len([p for p in everyone if p.pk not in shown]), "can_manage": can_manage,
        "statements": list(consultation.statements.select_related("member__forbund")),
        "convener_member": convener_member if convener_member and convener_member.forbund_id in {f.pk for f in covered}
        else None,
        "findings": findings.about("consultation", [consultation.external_id]), "findings_enabled": findings.enabled,
        "live": live,
    })


@forbund_view()
@require_GET
def notice_list(request, forbund):
    """The information to the members given in one year (?ar=YYYY, default this year); any without a date
    is listed under every year, so none is lost."""
    day = today()
    year = chosen_year(request, day.year)
    notices = (Notice.objects.filter(forbund=forbund).select_related("about__meeting")
               .prefetch_related(Prefetch("recipients", queryset=Member.objects.only("id", "name", "kind"))))
    page = paginate(request, notices.filter(Q(date__year=year) | Q(date__isnull=True))
                    .order_by(F("date").desc(nulls_last=True), "external_id"))
    years = [d.year for d in Notice.objects.filter(forbund=forbund).dates("date", "year")]
    member_count = Member.objects.filter(forbund=forbund).active_on(day).count()
    return render(request, "samrad/notices.html", {
        "forbund": forbund, "notices": page, "page": page, "member_count": member_count, "year": str(year),
        "nav": year_nav(request, year, years, day.year),
    })
