"""The förbund overview's note of refused discharge (web/overview_extra.html): shown to everyone concerned."""

from django import template

from samordna.lib.dates import today

register = template.Library()

# Refusals of the annual reports of the last years stay on the overview (the year before's and the one before).
REFUSALS_YEARS = 2


@register.inclusion_tag("finance/discharge_refusals.html")
def discharge_refusals(forbund):
    from samordna.finance.models import Discharge, DischargeDecision

    rows = (Discharge.objects.filter(forbund=forbund, decision=DischargeDecision.REFUSED,
                                     annual_report__year__gte=today().year - REFUSALS_YEARS)
            .select_related("member", "annual_report").order_by("-annual_report__year", "member__name"))
    return {"forbund": forbund, "refusals": list(rows)}
