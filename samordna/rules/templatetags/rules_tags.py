"""The findings summary the förbund overview shows (web/overview_extra.html)."""

from django import template

from samordna.lib.dates import today

register = template.Library()


@register.inclusion_tag("rules/overview_summary.html")
def findings_summary(forbund):
    from samordna.rules import service
    from samordna.rules.engine import RULES

    found = service.findings_for([forbund.slug], today())
    return {
        "forbund": forbund,
        "counts": service.level_counts(found),
        "board_count": sum(1 for f in found if RULES[f.rule].area == "board"),
    }
