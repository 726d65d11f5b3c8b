"""Fixtures of the application tests (issue 9, part 1): the demo förbund, its office and member users, a
fresh application, and a helper that has the board decide an application at a meeting held today."""

import datetime

import pytest

from samordna.lib.dates import add_months
from samordna.organisations.models import Forbund, Member, Person
from tests.conftest import TODAY
from tests.mail.conftest import smtp_server, worker  # noqa: F401 (fixtures)

# Also: a small förbund with funded insatser (no demo), and the mail fixtures (real SMTP, worker).

OWN = "sf-vastra-vastmanland"


@pytest.fixture
def forbund(demo):
    return demo[OWN]


@pytest.fixture
def office(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")


@pytest.fixture
def member_user(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="medlem@vastmanland.example.se")


@pytest.fixture
def members(forbund):
    from samordna.organisations.models import Member

    return {m.external_id: m for m in Member.objects.filter(forbund=forbund)}


def application_fields(members, **overrides):
    fields = {
        "name": "Testinsats", "direction": "individ", "owner": members["vv-1980"],
        "parties": [members["vv-1980"], members["vv-af"]], "concerns": [members["vv-1980"], members["vv-1961"]],
        "need": "Behov", "target_group": "Unga vuxna", "goals": "Arbete",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def application(forbund, members, member_user):
    """A draft of Västerås, asking 100 000 kr for next year."""
    from samordna.insatser import services
    from samordna.lib.dates import today

    return services.create_application(forbund, user=member_user, applicant=members["vv-1980"],
                                       requested={today().year + 1: 100_000}, **application_fields(members))


@pytest.fixture
def submitted(application, member_user):
    from samordna.insatser import services

    return services.submit_application(application, user=member_user)


def held_meeting(forbund, user):
    """A meeting held today with the whole board present."""
    from samordna.insatser.demo import present_board
    from samordna.lib.dates import today
    from samordna.meetings.services import create_meeting

    meeting = create_meeting(forbund, user=user, date=today(), start_time=datetime.time(9), place="Sal A")
    present_board(meeting, user=user)
    return meeting


def decide_application(insats, outcome, user, meeting=None):
    """Put the application on a meeting held today and decide it; returns the item."""
    from samordna.insatser import services
    from samordna.meetings.services import decide

    meeting = meeting or held_meeting(insats.forbund, user)
    if not insats.proposal:
        services.set_proposal(insats, user=user, proposal="Styrelsen beviljar medel enligt ansökan.")
    item = services.put_on_agenda(insats, meeting, user=user)
    decide(item, outcome, "Beslut.", user=user)
    return item


def adjust(meeting, day=None):
    """Mark the meeting's minutes adjusted (test set-up; the e-justering itself is tested in tests/protokoll)."""
    from samordna.lib.dates import today
    from samordna.meetings.models import Minutes

    minutes, _ = Minutes.objects.get_or_create(meeting=meeting, defaults={"forbund_id": meeting.forbund_id})
    Minutes.objects.filter(pk=minutes.pk).update(adjusted=day or today())


@pytest.fixture
def small(db):
    """A förbund with two members, a contact person and a helper to make a funded, running insats."""
    from samordna.insatser.models import Funding, Insats

    forbund = Forbund.objects.create(slug="sf-rapport", name="Samordningsförbundet Rapport", report_interval_months=4)
    fk = Member.objects.create(forbund=forbund, external_id="r-fk", kind="fk", name="Försäkringskassan")
    kommun = Member.objects.create(forbund=forbund, external_id="r-k1", kind="kommun", name="Rapportköping")
    contact = Person.objects.create(external_id="p-kontakt", name="Kim Kontakt", email="kim@rapportkoping.example.se")

    def make(ext, *, start, end=None, status="active", contact=contact, amount=500_000):
        insats = Insats.objects.create(forbund=forbund, external_id=ext, name=f"Insats {ext}", direction="individ",
                                       owner=kommun, start=start, end=end, status=status, contact=contact)
        insats.parties.set([fk, kommun])
        Funding.objects.create(forbund=forbund, insats=insats, year=start.year, amount=amount)
        return insats

    return {"forbund": forbund, "make": make, "contact": contact, "members": (fk, kommun),
            "today": TODAY, "months": lambda n: add_months(TODAY, n), "day": datetime.timedelta(days=1)}
