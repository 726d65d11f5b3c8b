"""The findings summary the förbund overview shows (web/overview_extra.html)."""

from django import template

from samordna.lib.dates import today

register = template.Library()


@register.inclusion_tag("rules/overview_summary.html")
def findings_summary(forbund):
    from samordna.checks import grouping as service
    from samordna.checks.store import forbund_findings
    from samordna.rules.engine import RULES

    found = forbund_findings(forbund, today())
    return {
        "forbund": forbund,
        "counts": service.level_counts(found),
        "board_count": sum(1 for f in found if RULES[f.rule].area == "board"),
    }
