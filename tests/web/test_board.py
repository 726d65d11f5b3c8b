"""The board page shows the board of the chosen date, not only today's."""

import datetime

import pytest

from samordna.organisations.models import Mandate, Member, Person

from .conftest import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier_term(forbund):
    """Västerås's ledamot in the previous term (2019–2022), before today's board took over in 2023."""
    person = Person.objects.create(external_id="p-tidigare", name="Gunnel Förra")
    mandate = Mandate.objects.create(forbund=forbund, person=person, role="ledamot", basis="fullmaktige",
                                     date_from=datetime.date(2019, 1, 1), date_to=datetime.date(2022, 12, 31))
    mandate.appointed_by.set([Member.objects.get(forbund=forbund, code="1980")])
    return mandate


def _vasteras_row(response):
    return next(r for r in response.context["board"]["rows"] if r["member"].code == "1980")


def test_it_shows_the_board_of_a_past_date(persona_client, earlier_term):
    response = persona_client("member").get(url("forbund-board"), {"datum": "2020-06-01"})
    assert response.status_code == 200
    assert response.context["day"] == datetime.date(2020, 6, 1)
    assert [m.person.name for m in _vasteras_row(response)["ledamoter"]] == ["Gunnel Förra"]
    assert "Styrelsen den 1 juni 2020" in response.text
    assert "Erik Sandberg" not in response.text  # his term began in 2023


def test_it_shows_todays_board_by_default(persona_client, earlier_term):
    response = persona_client("member").get(url("forbund-board"))
    assert [m.person.name for m in _vasteras_row(response)["ledamoter"]] == ["Erik Sandberg"]
    assert "Styrelsen i dag" in response.text
    assert "Gunnel Förra" not in response.text


def test_it_takes_the_last_day_of_a_term_as_part_of_it(persona_client, earlier_term):
    response = persona_client("member").get(url("forbund-board"), {"datum": "2022-12-31"})
    assert [m.person.name for m in _vasteras_row(response)["ledamoter"]] == ["Gunnel Förra"]


def test_it_explains_a_bad_date_and_shows_today(persona_client, earlier_term):
    response = persona_client("member").get(url("forbund-board"), {"datum": "2020-13-45"})
    assert response.status_code == 200
    assert "Ange ett giltigt datum (ÅÅÅÅ-MM-DD)." in response.text
    assert 'aria-invalid="true"' in response.text
    assert [m.person.name for m in _vasteras_row(response)["ledamoter"]] == ["Erik Sandberg"]
