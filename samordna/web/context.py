"""Template context every page needs: the förbund switcher and the current förbund and role."""

from samordna.lib.access import CAPABILITIES, ROLE_LABELS, visible_forbund


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ctx = getattr(request, "forbund_ctx", None)
    return {
        "switcher_forbund": list(visible_forbund(user).only("slug", "name")[:200]),
        "current_forbund": ctx.forbund if ctx else None,
        "current_role": ctx.role if ctx else None,
        "current_role_label": ROLE_LABELS.get(ctx.role) if ctx else None,
        "caps": CAPABILITIES.get(ctx.role, frozenset()) if ctx else frozenset(),
    }
