"""A meeting of the demo's Västra Västmanland held today, with three items, for the conduct tests.

The board on TODAY: six ledamöter (FK, AF, the region, Västerås = Erik Sandberg, the ordförande,
Hallstahammar, Norberg) and one ersättare each (call-in order 1); `second_deputy` adds a second ersättare
for Hallstahammar with call-in order 2. Six seats: four voting members make the board quorate.
"""

from __future__ import annotations

import pytest

from tests.conftest import TODAY

OWN = "sf-vastra-vastmanland"
CHAIR = "p-erik"
LEDAMOTER = ["p-vv-fk-led", "p-vv-af-led", "p-vv-reg-led", "p-erik", "p-vv-1961-led", "p-vv-1962-led"]


def person(external_id):
    from samordna.organisations.models import Person

    return Person.objects.get(external_id=external_id)


@pytest.fixture(name="meeting")
def meeting_fixture(demo):
    from samordna.meetings.models import Item, Meeting

    forbund = demo[OWN]
    meeting = Meeting.objects.create(forbund=forbund, external_id="vv-m-conduct", date=TODAY, remote_allowed=True)
    for number, title, kind in ((1, "Budget", "decision"), (2, "Ansökan om medel", "decision"),
                                (3, "Val av vice ordförande", "election")):
        Item.objects.create(forbund=forbund, meeting=meeting, external_id=f"vv-m-conduct-p{number}", number=number,
                            title=title, kind=kind)
    return meeting


@pytest.fixture(name="user")
def user_fixture(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")


@pytest.fixture(name="second_deputy")
def second_deputy_fixture(demo):
    """A second ersättare for Hallstahammar, called in after the first."""
    from samordna.organisations.models import Mandate, Member, Person

    forbund = demo[OWN]
    extra = Person.objects.create(external_id="p-vv-1961-ers2", name="Alva Andersson")
    mandate = Mandate.objects.create(forbund=forbund, person=extra, role="ersattare", substitute_order=2,
                                     date_from=TODAY.replace(month=1, day=1))
    mandate.appointed_by.set([Member.objects.get(external_id="vv-1961")])
    return extra


def item(meeting, number):
    return meeting.items.get(number=number)


def attend(meeting, user, *people, presence="present"):
    from samordna.meetings import services

    return [services.record_attendance(meeting, person(p), presence, user=user) for p in people]
