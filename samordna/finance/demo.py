"""The demo's economy beyond what the exchange format carries (called from `samordna demo`)."""

import datetime

# The member of Västra Västmanland that refuses discharge in the demo (its own decision, shown to everyone).
REFUSING_MEMBER = {"sf-vastra-vastmanland": "vv-1962"}

STORY = (
    "Förbundet finansierade under {year} insatser för unga utanför arbete och studier, för personer med "
    "långvarig sjukskrivning och för nyanlända. Parterna samverkade i beredningsgruppen och vid två "
    "medlemssamråd; deltagarnas resultat följdes upp i SUS. Styrelsen höll sina ordinarie sammanträden och "
    "fastställde budget och verksamhetsplan för nästa år efter samråd med medlemmarna."
)


def seed_audits(forbund, day: datetime.date) -> None:
    """The annual reports' verksamhetsberättelse and, for one förbund, a member's refused discharge of the
    latest audited year (through the services, in the demo's action)."""
    from . import services
    from .models import AnnualReport, DischargeDecision

    reports = list(AnnualReport.objects.filter(forbund=forbund).order_by("year"))
    for report in reports:
        if report.made is not None and not report.story:
            services.change_annual_report(report, user=None, story=STORY.format(year=report.year))
    refusing = REFUSING_MEMBER.get(forbund.slug)
    if refusing is None:
        return
    for report in reversed(reports):
        row = report.discharges.filter(member__external_id=refusing).select_related("member").first()
        if row is not None and row.date is not None and row.date <= day:
            services.record_discharge(report, row.member, user=None, decision=DischargeDecision.REFUSED,
                                      date=row.date)
            return
