"""The bench's URLs: the product's own, and the layout floor the page targets are measured against.

Only `make bench` (samordna.bench.pages) sets ROOT_URLCONF to this module; the product never serves it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def floor(request):
    """The layout floor: the base layout with an empty body, through the same middleware, logged in."""
    return render(request, "base.html")


urlpatterns = [
    path("bench/golv/", floor, name="bench-floor"),
    path("", include("samordna.urls")),
]
