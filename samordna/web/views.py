"""Pages that belong to no single förbund: the start page, the accessibility statement, health."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render

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
