"""The bench's URLs: the product's own, and the layout floors the page targets are measured against.

Only `make bench` (samordna.bench.pages) sets ROOT_URLCONF to this module; the product never serves it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path

from samordna.lib.access import forbund_view


@login_required
def floor(request):
    """The layout floor: the base layout with an empty body, through the same middleware, logged in."""
    return render(request, "base.html")


@forbund_view()
def forbund_floor(request, forbund):
    """The same inside a förbund (its role looked up, its navigation shown): what every förbund page pays."""
    return render(request, "base.html", {"forbund": forbund})


urlpatterns = [
    path("bench/golv/", floor, name="bench-floor"),
    path("bench/f/<slug:slug>/golv/", forbund_floor, name="bench-forbund-floor"),
    path("", include("samordna.urls")),
]
