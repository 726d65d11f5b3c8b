"""The site's URLs and error handlers, plus an address whose view fails: for the 500 page's tests."""

from django.urls import path

from samordna.urls import handler403, handler404, handler500  # noqa: F401 - Django reads them from here
from samordna.urls import urlpatterns as site


def fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-fel/", fails), *site]
