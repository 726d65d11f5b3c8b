"""Only POST changes state: a GET to an edit page never writes, and logging out is a POST."""

import pytest

from samordna.accounts.models import User
from samordna.organisations.models import Mandate, Member, Person

from .conftest import url

pytestmark = pytest.mark.django_db


def _history_rows():
    return sum(model.history.count() for model in (Member, Person, Mandate))


def test_it_never_writes_on_get_to_an_edit_url(office, forbund):
    member = Member.objects.get(forbund=forbund, code="1980")
    mandate = Mandate.objects.filter(forbund=forbund).first()
    before = _history_rows()
    query = {"name": "Ändrat via GET", "kind": "kommun", "code": "1980", "external_id": member.external_id,
             "date_to": "2020-01-01"}
    for page in (url("forbund-member-edit", pk=member.pk), url("forbund-mandate-edit", pk=mandate.pk),
                 url("forbund-member-new"), url("forbund-person-new"), url("forbund-mandate-new")):
        response = office.get(page, query)
        assert response.status_code == 200
        assert not response.context["form"].is_bound
    assert _history_rows() == before
    member.refresh_from_db()
    assert member.name == "Västerås"


def test_it_refuses_other_methods_on_edit_urls(office):
    assert office.put(url("forbund-member-new")).status_code == 405
    assert office.delete(url("forbund-member-new")).status_code == 405


def test_it_logs_out_only_on_post(office):
    assert office.get("/logga-ut/").status_code == 405
    assert office.get(url("forbund-overview")).status_code == 200  # still logged in
    response = office.post("/logga-ut/")
    assert response.status_code == 302
    assert office.get(url("forbund-members")).status_code == 302  # to the login page


def test_it_renders_logout_as_a_form_with_csrf(office):
    html = office.get(url("forbund-overview")).text
    assert '<form method="post" action="/logga-ut/">' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_it_refuses_a_post_without_csrf_token(demo):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email="chef@vastmanland.example.se"))
    response = client.post(url("forbund-member-new"), {"external_id": "vv-1984", "kind": "kommun",
                                                       "name": "Arboga", "code": "1984"})
    assert response.status_code == 403
    assert not Member.objects.filter(external_id="vv-1984").exists()
