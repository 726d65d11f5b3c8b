"""`{% information_prompt forbund [meeting] %}`: the prompt to inform the members of a major decision (FinsamL
18 §), on the förbund's overview and on a meeting's page (samordna/samrad/notice_views.information_prompts)."""

from django import template

from samordna.lib.access import Cap
from samordna.lib.dates import today

register = template.Library()


@register.inclusion_tag("samrad/notice_prompt.html", takes_context=True)
def information_prompt(context, forbund, meeting=None):
    from samordna.samrad.notice_views import information_prompts

    request = context.get("request")
    ctx = getattr(request, "forbund_ctx", None)
    # The board's and the office's concern: the members themselves (and the public) are not prompted.
    shown = ctx is not None and ctx.can(Cap.VIEW_INTERNAL)
    return {
        "forbund": forbund, "manage": shown and ctx.can(Cap.MANAGE),
        "prompts": information_prompts(forbund, today(), meeting) if shown else [],
    }
