"""Fixtures of the anslag tests: a meeting of the demo förbund with its items, decisions and minutes."""

import datetime

import pytest

from tests.conftest import TODAY

OWN = "sf-vastra-vastmanland"
OTHER = "sf-uppsala-norra"
PERSONNUMMER = "19850101-1234"


@pytest.fixture
def make_meeting(demo):
    """A meeting of the own förbund (test set-up, not a service): items numbered from `first`, each with a
    decision, and minutes adjusted on `adjusted` (None: not adjusted)."""
    from samordna.meetings.models import Decision, Item, Meeting, Minutes

    def make(day, *, adjusted=None, first=84, titles=("Mötets öppnande", "Budget", "Övrigt"), slug=OWN,
             ident=None):
        forbund = demo[slug]
        meeting = Meeting.objects.create(forbund=forbund, external_id=ident or f"test-m-{day.isoformat()}",
                                         date=day, kind="ordinary")
        for n, title in enumerate(titles, start=first):
            item = Item.objects.create(forbund=forbund, meeting=meeting, external_id=f"{meeting.external_id}-p{n}",
                                       number=n, title=title, kind="decision")
            Decision.objects.create(forbund=forbund, item=item, outcome="approved", text=f"Beslut om {title.lower()}")
        Minutes.objects.create(forbund=forbund, meeting=meeting, adjusted=adjusted)
        return meeting

    return make


@pytest.fixture
def office_user(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")


@pytest.fixture
def recent(make_meeting):
    """A meeting held ten days ago, adjusted yesterday: its anslag is up today."""
    return make_meeting(TODAY - datetime.timedelta(days=10), adjusted=TODAY - datetime.timedelta(days=1))
