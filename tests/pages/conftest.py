"""Fixtures for the section pages (meetings, insatser, budget, annual reports, samråd)."""

from django.urls import reverse

OWN = "sf-vastra-vastmanland"
OTHER = "sf-uppsala-norra"


def url(name, slug=OWN, **kwargs):
    return reverse(name, kwargs={"slug": slug, **kwargs})
