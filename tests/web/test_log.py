"""A change made through the pages appears in the Händelselogg: who, when (Swedish time), what."""

import datetime

import pytest

from samordna.organisations.models import Mandate, Member

from .conftest import url

pytestmark = pytest.mark.django_db


def _erik_ledamot(forbund):
    return Mandate.objects.get(forbund=forbund, person__external_id="p-erik", role="ledamot")


def _post_edit(client, mandate, **changes):
    data = {"person": mandate.person_id, "role": mandate.role, "basis": mandate.basis or "",
            "appointed_by": [m.pk for m in mandate.appointed_by.all()],
            "substitute_order": mandate.substitute_order or "",
            "date_from": mandate.date_from.isoformat(), "date_to": mandate.date_to.isoformat()}
    data.update(changes)
    return client.post(url("forbund-mandate-edit", pk=mandate.pk), data)


def test_it_logs_a_change_with_user_time_and_changed_fields(office, forbund):
    mandate = _erik_ledamot(forbund)
    response = _post_edit(office, mandate, date_to="2026-06-30")
    assert response.status_code == 302

    row = mandate.history.latest("history_date")
    assert row.history_user.email == "chef@vastmanland.example.se"
    # Stored in UTC; pinned to a known instant (after the demo's own rows, so it stays first in the log).
    assert row.history_date.utcoffset() == datetime.timedelta(0)
    type(row).objects.filter(pk=row.pk).update(
        history_date=datetime.datetime(2027, 3, 12, 10, 15, 30, tzinfo=datetime.UTC))

    response = office.get(url("forbund-log"))
    entry = response.context["page"][0]
    assert entry.who == "Karin Lindqvist"
    assert entry.action == "Ändrad"
    assert entry.changes == [("Till och med", "2026-12-31", "2026-06-30")]
    html = response.text
    assert "2027-03-12 11:15:30" in html  # 10:15 UTC is 11:15 in Stockholm (CET) in March
    assert "Till och med: 2026-12-31 → 2026-06-30" in html
    assert "Karin Lindqvist" in html


def test_it_shows_summer_time_in_the_log(office, forbund):
    mandate = _erik_ledamot(forbund)
    _post_edit(office, mandate, date_to="2026-06-30")
    row = mandate.history.latest("history_date")
    type(row).objects.filter(pk=row.pk).update(
        history_date=datetime.datetime(2027, 7, 1, 22, 30, tzinfo=datetime.UTC))
    assert "2027-07-02 00:30:00" in office.get(url("forbund-log")).text  # CEST, UTC+2: the next day


def test_it_logs_a_new_member_as_created_by_the_user(office, forbund):
    office.post(url("forbund-member-new"), {"external_id": "vv-1984", "kind": "kommun", "name": "Arboga",
                                            "code": "1984"})
    member = Member.objects.get(external_id="vv-1984")
    entry = office.get(url("forbund-log")).context["page"][0]
    assert (entry.action, entry.who, entry.obj) == ("Skapad", "Karin Lindqvist", str(member))


def test_it_hides_the_log_from_roles_without_it(persona_client):
    assert persona_client("board").get(url("forbund-log")).status_code == 403
    assert persona_client("auditor").get(url("forbund-log")).status_code == 200
