"""Read-only pages of the samråd covering a förbund (held and planned) and its information to members (18 §).

A samråd may cover several förbund: it is found only under a förbund it covers, and shows that förbund's
members' representatives and delegation (the other förbund's participants are counted, not named).
"""

from dataclasses import replace

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from samordna.checks.onpage import PageFindings
from samordna.lib.access import forbund_view
from samordna.lib.dates import today
from samordna.lib.paging import chosen_year, other_years, paginate, year_nav, year_url
from samordna.organisations.models import Forbund, Member

from .models import Consultation, Notice, Participant


def _covering(forbund):
    return Consultation.objects.filter(forbund=forbund)


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
        "findings_enabled": findings.enabled,
    })


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
    members = sorted(Member.objects.filter(forbund=forbund).active_on(consultation.date),
                     key=lambda m: (Member.KIND_ORDER.get(m.kind, 99), m.name))
    everyone = list(consultation.participants.all())
    representatives = {}
    for p in everyone:
        if p.represents is not None and p.represents.forbund_id == forbund.pk:
            representatives.setdefault(p.represents_id, []).append(p)
    delegation = [p for p in everyone if p.for_forbund_id == forbund.pk]
    own = {p.pk for ps in representatives.values() for p in ps} | {p.pk for p in delegation}
    findings = PageFindings(request, forbund)
    convener_member = consultation.convener_appointed_by
    return render(request, "samrad/detail.html", {
        "forbund": forbund, "c": consultation, "planned": consultation.date > today(),
        "member_rows": [{"member": m, "representatives": representatives.get(m.pk, [])} for m in members],
        "delegation": delegation, "others": len([p for p in everyone if p.pk not in own]),
        # A convener appointed by another förbund's member is named, but not that member.
        "convener_member": convener_member if convener_member and convener_member.forbund_id == forbund.pk else None,
        "findings": findings.about("consultation", [consultation.external_id]), "findings_enabled": findings.enabled,
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
