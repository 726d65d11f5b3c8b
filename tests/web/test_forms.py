"""The office's forms refuse bad data with an explanation in Swedish, and save nothing."""

import pytest

from samordna.organisations import services
from samordna.organisations.models import Mandate, Member

from .conftest import url

pytestmark = pytest.mark.django_db


def _members(forbund, *codes):
    return [Member.objects.get(forbund=forbund, code=code) if code else None for code in codes]


def _mandate_data(forbund, **overrides):
    # Created by this förbund's office (the form offers only the förbund's own people).
    person = services.create_person(forbund, user=None, external_id="p-ny", name="Ny Person")
    (vasteras,) = _members(forbund, "1980")
    data = {"person": person.pk, "role": "ledamot", "appointed_by": [vasteras.pk], "basis": "fullmaktige",
            "date_from": "2025-01-01", "date_to": "2026-12-31"}
    data.update(overrides)
    return data


def test_it_refuses_a_kommun_code_not_in_the_reference_table(office, forbund):
    before = Member.objects.count()
    response = office.post(url("forbund-member-new"), {"external_id": "vv-9999", "kind": "kommun",
                                                        "name": "Påhittad", "code": "9999"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [
        "Ange en kommunkod som finns i SCB:s förteckning (4 siffror)."]
    assert "Formuläret innehåller fel" in response.text
    assert Member.objects.count() == before


def test_it_refuses_a_mandate_that_ends_before_it_starts(office, forbund):
    before = Mandate.objects.count()
    response = office.post(url("forbund-mandate-new"), _mandate_data(forbund, date_to="2024-12-31"))
    assert response.context["form"].errors["date_to"] == ["Slutdatumet kan inte ligga före startdatumet."]
    assert Mandate.objects.count() == before


def test_it_refuses_an_ersattare_without_call_in_order(office, forbund):
    response = office.post(url("forbund-mandate-new"), _mandate_data(forbund, role="ersattare",
                                                                     basis="fullmaktige_ersattare"))
    assert response.context["form"].errors["substitute_order"] == ["Ange ersättarens inkallelseordning (1, 2, …)."]
    assert not Mandate.objects.filter(person__external_id="p-ny").exists()


def test_it_refuses_a_ledamot_appointed_by_two_members(office, forbund):
    vasteras, norberg = _members(forbund, "1980", "1962")
    response = office.post(url("forbund-mandate-new"),
                           _mandate_data(forbund, appointed_by=[vasteras.pk, norberg.pk]))
    assert response.context["form"].errors["appointed_by"] == ["En ledamot eller ersättare utses av exakt en medlem."]
    assert not Mandate.objects.filter(person__external_id="p-ny").exists()


def test_it_links_each_error_in_the_summary_to_its_field(office, forbund):
    response = office.post(url("forbund-mandate-new"), _mandate_data(forbund, date_to="2024-12-31"))
    assert '<a href="#id_date_to">Till och med: Slutdatumet kan inte ligga före startdatumet.</a>' in response.text
    assert 'aria-describedby="id_date_to_error"' in response.text
    assert "<title>Fel: " in response.text


def test_it_saves_a_valid_mandate(office, forbund):
    response = office.post(url("forbund-mandate-new"), _mandate_data(forbund))
    assert response.status_code == 302
    assert response["Location"] == url("forbund-mandates")
    mandate = Mandate.objects.get(person__external_id="p-ny")
    assert (mandate.forbund, mandate.role) == (forbund, "ledamot")
    assert [m.code for m in mandate.appointed_by.all()] == ["1980"]
