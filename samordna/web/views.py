"""Pages that belong to no single förbund: the start page, the accessibility statement, health, errors."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse

from samordna.lib.access import visible_forbund


@login_required
def home(request):
    forbund = list(visible_forbund(request.user).order_by("name"))
    if len(forbund) == 1:
        return redirect("forbund-overview", slug=forbund[0].slug)
    return render(request, "web/home.html", {"forbund_list": forbund})


def accessibility(request):
    return render(request, "web/accessibility.html")


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


# -- error pages ---------------------------------------------------------------------------------------------
# 403 and 404 are rendered in the full layout (the user's förbund switcher and navigation); each links back to
# the start page and, when the user may open it, to the förbund the address was in. Another förbund's address
# gets no link and no name: its existence is not acknowledged.


def _forbund_of(request):
    """The förbund of the page the error happened on, when the user may open it; else None."""
    ctx = getattr(request, "forbund_ctx", None)
    if ctx is not None:
        return ctx.forbund
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match is not None else None
    if slug is None:  # an address under a förbund's pages that matched no page
        prefix = reverse("forbund-overview", args=["-"]).removesuffix("-/")
        if request.path.startswith(prefix):
            slug = request.path.removeprefix(prefix).split("/", 1)[0]
    user = getattr(request, "user", None)
    if not isinstance(slug, str) or user is None or not user.is_authenticated:
        return None
    return visible_forbund(user).filter(slug=slug).first()


def permission_denied(request, exception=None):
    return render(request, "403.html", {"back_forbund": _forbund_of(request)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"back_forbund": _forbund_of(request)}, status=404)


_FALLBACK_500 = (
    '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Serverfel – Samordna</title></head>'
    '<body><h1>Något gick fel</h1><p>Ett oväntat fel uppstod. Försök igen om en stund.</p>'
    '<p><a href="/">Till startsidan</a></p></body></html>'
)


def server_error(request, template_name="500.html"):
    """The 500 page: the layout without what could fail again (no context processors, no user, no database);
    the bare fallback if even that cannot be rendered."""
    try:
        html = loader.get_template(template_name).render({"minimal_layout": True})
    except Exception:  # noqa: BLE001 - the error page must never fail
        html = _FALLBACK_500
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (often a page left open past the session): say so in Swedish."""
    return render(request, "403_csrf.html", {"back_forbund": None}, status=403)
