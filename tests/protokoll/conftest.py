"""Fixtures of the protokoll tests: a held meeting of the demo whose minutes are not yet adjusted, and a login
for each who must justera it."""

import pytest

MEETING = "vv-m-2026-05-14"  # a named vote with a reservation; adjusters Erik Sandberg (ordförande), Olof Hedlund


@pytest.fixture
def open_meeting(demo):
    """The demo's May meeting with its minutes reopened (not adjusted), ready for e-justering."""
    from samordna.meetings.models import Meeting
    from tests.conftest import reopen_minutes

    reopen_minutes(Meeting.objects.filter(external_id=MEETING))
    return Meeting.objects.get(external_id=MEETING)


def user_for(person_ext, forbund, role="board"):
    """The login of a person (the demo's own, else one made here with board access)."""
    from samordna.accounts.models import Access, User
    from samordna.organisations.models import Person

    person = Person.objects.get(external_id=person_ext)
    user = User.objects.filter(person=person).first()
    if user is None:
        user = User.objects.create_user(email=f"{person_ext}@test.example.se", password="x", name=person.name,
                                        person=person)
        Access.objects.create(user=user, forbund=forbund, role=role)
    return user


@pytest.fixture
def adjusters(open_meeting):
    """The logins of the ordförande and the other justerare, in that order."""
    from samordna.protokoll.services import signers

    people = signers(open_meeting)
    assert [p.external_id for p in people] == ["p-erik", "p-vv-1961-led"]
    return [user_for(p.external_id, open_meeting.forbund) for p in people]


@pytest.fixture
def office():
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")
