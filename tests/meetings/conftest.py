"""Fixtures for planning meetings: the demo förbund, a year without meetings, open matters of the diarium."""

import datetime

import pytest

from tests.conftest import TODAY

OWN = "sf-vastra-vastmanland"
OTHER = "sf-uppsala-norra"
# A year the demo holds no meetings in (its showcase covers the years around TODAY).
EMPTY_YEAR = TODAY.year + 6


def day(month, dom, year=EMPTY_YEAR):
    return datetime.date(year, month, dom)


@pytest.fixture
def forbund(demo):
    return demo[OWN]


@pytest.fixture
def other(demo):
    return demo[OTHER]


@pytest.fixture
def office_user(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")


_SERIAL = {"n": 900}


@pytest.fixture
def matter():
    """A function that registers a matter in a förbund's diarium (direct ORM: the test's own set-up)."""
    from samordna.diarium.models import Matter, MatterStatus

    def make(forbund, title="Ansökan om medel för insatsen Steget vidare", status=MatterStatus.OPEN):
        _SERIAL["n"] += 1
        year = TODAY.year
        return Matter.objects.create(forbund=forbund, year=year, serial=_SERIAL["n"], dnr=f"{year}/{_SERIAL['n']}",
                                     registered=TODAY, title=title, status=status)

    return make
