"""Insats fixtures: a small förbund with funded insatser (no demo), and the mail fixtures (real SMTP, worker)."""

import datetime

import pytest

from samordna.lib.dates import add_months
from samordna.organisations.models import Forbund, Member, Person
from tests.conftest import TODAY
from tests.mail.conftest import smtp_server, worker  # noqa: F401 (fixtures)


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
