"""Fixtures for the page tests: URLs of the demo förbund and the office persona's client."""

import pytest
from django.urls import reverse

OWN = "sf-vastra-vastmanland"
OTHER = "sf-uppsala-norra"


def url(name, slug=OWN, **kwargs):
    return reverse(name, kwargs={"slug": slug, **kwargs})


@pytest.fixture
def office(persona_client):
    """The förbundschef of the own förbund, logged in."""
    return persona_client("office")


@pytest.fixture
def forbund(demo):
    return demo[OWN]
