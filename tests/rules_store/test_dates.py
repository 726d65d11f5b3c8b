"""?datum= and --as-of outside 1900–2200 get a Swedish message, never a 500 or a traceback."""

import io

import pytest
from django.core.management import call_command

VV = "sf-vastra-vastmanland"
MESSAGE = "Ange ett datum mellan 1900-01-01 och 2200-12-31."


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"])
def test_the_pages_refuse_a_date_outside_the_range_in_swedish(persona_client, day):
    office, national = persona_client("office"), None
    for url in (f"/f/{VV}/regelkontroll/", f"/f/{VV}/arshjul/"):
        response = office.get(url, {"datum": day})
        assert response.status_code == 200 and MESSAGE in response.content.decode(), url
    national = persona_client("national")
    response = national.get("/nationell/", {"datum": day})
    assert response.status_code == 200 and MESSAGE in response.content.decode()
    response = national.get("/nationell/export.csv", {"datum": day})
    assert response.status_code == 400 and MESSAGE in response.content.decode()


def test_the_pages_still_judge_a_date_at_the_edges(persona_client):
    office = persona_client("office")
    for day in ("1900-01-01", "2200-12-31"):
        response = office.get(f"/f/{VV}/regelkontroll/", {"datum": day})
        assert response.status_code == 200 and MESSAGE not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_check_command_refuses_an_as_of_outside_the_range(day):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("rules_check", "--as-of", day, stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 2
    assert "--as-of" in err.getvalue() and day in err.getvalue()
