"""Template context every page needs: the förbund switcher and the current förbund and role."""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

from samordna.lib.access import CAPABILITIES, ROLE_LABELS, visible_forbund

# The förbund navigation's sections (URL names taking the förbund's slug), reversed once per förbund.
SECTIONS = (
    "forbund-overview", "forbund-members", "forbund-board", "forbund-mandates", "forbund-persons",
    "forbund-meetings", "forbund-insatser", "forbund-budgets", "forbund-annual-reports", "forbund-samrad",
    "forbund-notices", "forbund-findings", "forbund-arshjul", "forbund-log", "forbund-diarium", "mail-messages",
)


@functools.lru_cache(maxsize=1024)
def _section_urls(slug: str, prefix: str, urlconf) -> dict[str, str]:
    return {name.removeprefix("forbund-").replace("-", "_"): reverse(name, kwargs={"slug": slug}, urlconf=urlconf)
            for name in SECTIONS}


def section_urls(slug: str) -> dict[str, str]:
    """{"overview": "/f/<slug>/", "annual_reports": …}: the navigation's links (cached: they only depend on
    the slug, the script prefix and the URL configuration)."""
    return _section_urls(slug, get_script_prefix(), get_urlconf())


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ctx = getattr(request, "forbund_ctx", None)
    # forbund_view has already read a granted user's förbund (samordna.lib.access._resolve).
    switcher = getattr(request, "visible_forbund", None)
    if switcher is None:
        switcher = list(visible_forbund(user).only("slug", "name")[:200])
    return {
        "switcher_forbund": switcher,
        "current_forbund": ctx.forbund if ctx else None,
        "current_role": ctx.role if ctx else None,
        "current_role_label": ROLE_LABELS.get(ctx.role) if ctx else None,
        "caps": CAPABILITIES.get(ctx.role, frozenset()) if ctx else frozenset(),
        "section_url": section_urls(ctx.forbund.slug) if ctx else None,
    }
