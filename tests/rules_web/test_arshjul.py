"""The årshjul page, its subscription link and the ICS feed."""

import datetime

import pytest
from icalendar import Calendar

from samordna.organisations.models import Forbund

pytestmark = pytest.mark.django_db

VV = "/f/sf-vastra-vastmanland/arshjul/"
EX = "/f/ex/arshjul/"


@pytest.mark.parametrize("persona", ["office", "board", "member", "auditor", "national", "admin"])
def test_it_shows_the_arshjul_to_every_role_of_the_forbund(persona_client, persona):
    response = persona_client(persona).get(VV)
    assert response.status_code == 200
    assert "Årshjul" in response.content.decode()


def test_it_hides_another_forbunds_arshjul(persona_client):
    assert persona_client("outsider").get(VV).status_code == 404
    response = persona_client("anonymous").get(VV)
    assert response.status_code == 302 and response["Location"].startswith("/logga-in/")


def test_it_lists_deadlines_by_month_from_the_chosen_date(exempel, persona_client):
    page = persona_client("board").get(EX, {"datum": "2026-06-30"}).content.decode()
    assert "Tidsfrister och händelser från 30 juni 2026 till 30 juni 2027" in page
    assert page.index("November 2026") < page.index("Mars 2027")
    assert "Budget 2027 fastställs senast i dag" in page
    assert "Årsredovisning 2026 upprättas senast i dag" in page
    assert "Rapport från insatsen Steget vidare" in page


def test_it_marks_a_deadline_on_a_sunday(exempel, persona_client):
    page = persona_client("office").get(EX, {"datum": "2025-06-01"}).content.decode()
    assert "Infaller på söndag" in page


def _token_post(client, slug="sf-vastra-vastmanland"):
    return client.post(f"/f/{slug}/arshjul/prenumeration/")


@pytest.mark.parametrize("persona", ["board", "member", "auditor", "national"])
def test_it_lets_only_the_office_create_a_subscription_link(persona_client, persona):
    assert _token_post(persona_client(persona)).status_code == 403
    assert Forbund.objects.get(slug="sf-vastra-vastmanland").ics_token == ""


def test_it_creates_a_subscription_link_on_post_only(persona_client):
    client = persona_client("office")
    assert client.get("/f/sf-vastra-vastmanland/arshjul/prenumeration/").status_code == 405
    assert _token_post(persona_client("outsider")).status_code == 404
    client = persona_client("office")
    response = _token_post(client)
    assert response.status_code == 302 and response["Location"] == VV
    token = Forbund.objects.get(slug="sf-vastra-vastmanland").ics_token
    assert len(token) >= 40
    page = client.get(VV).content.decode()
    assert f"http://127.0.0.1:8000/f/sf-vastra-vastmanland/arshjul.ics?token={token}" in page
    # The token is a bearer credential: only the roles that may subscribe see it.
    for persona in ("board", "auditor"):
        assert token in persona_client(persona).get(VV).content.decode(), persona
    for persona in ("member", "national", "admin"):
        assert token not in persona_client(persona).get(VV).content.decode(), persona
    assert "Skapa ny prenumerationslänk" not in persona_client("member").get(VV).content.decode()


def _feed(client, slug, token):
    return client.get(f"/f/{slug}/arshjul.ics", {"token": token})


def test_it_serves_the_feed_to_anyone_with_the_token(exempel, persona_client, monkeypatch):
    from samordna.arshjul import views

    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 6, 1))
    _token_post(persona_client("office"), "ex")
    token = Forbund.objects.get(slug="ex").ics_token
    anonymous = persona_client("anonymous")
    first = _feed(anonymous, "ex", token)
    assert first.status_code == 200
    assert first["Content-Type"] == "text/calendar; charset=utf-8"
    cal = Calendar.from_ical(first.content)
    assert str(cal["VERSION"]) == "2.0" and "Samordna" in str(cal["PRODID"])
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Stockholm"
    assert "Samordningsförbundet Exempel" in str(cal["X-WR-CALNAME"])
    vevents = cal.walk("VEVENT")
    by_uid = {str(e["UID"]): e for e in vevents}
    budget = by_uid["budget-2026@ex.samordna"]
    assert budget["DTSTART"].params.get("VALUE") == "DATE" or type(budget.decoded("DTSTART")) is datetime.date
    assert budget.decoded("DTSTART") == datetime.date(2025, 11, 30)
    assert "DTSTAMP" in budget and str(budget["SUMMARY"]) == "Budget 2026 fastställs senast i dag"
    assert "är en söndag" in str(budget["DESCRIPTION"])  # the holiday mark
    assert any(uid.startswith("sammantrade-ex-m-2025-09-10@") for uid in by_uid)
    second = Calendar.from_ical(_feed(anonymous, "ex", token).content)
    assert sorted(by_uid) == sorted(str(e["UID"]) for e in second.walk("VEVENT"))


def test_it_answers_404_for_a_wrong_missing_or_revoked_token(exempel, persona_client):
    anonymous = persona_client("anonymous")
    assert _feed(anonymous, "ex", "").status_code == 404  # no token created yet
    _token_post(persona_client("office"), "ex")
    old = Forbund.objects.get(slug="ex").ics_token
    assert _feed(anonymous, "ex", old).status_code == 200
    assert _feed(anonymous, "ex", "").status_code == 404
    assert _feed(anonymous, "ex", old[:-1] + ("A" if old[-1] != "A" else "B")).status_code == 404
    assert _feed(anonymous, "sf-uppsala-norra", old).status_code == 404
    assert anonymous.get("/f/ex/arshjul.ics").status_code == 404
    _token_post(persona_client("office"), "ex")
    assert _feed(anonymous, "ex", old).status_code == 404
    assert _feed(anonymous, "ex", Forbund.objects.get(slug="ex").ics_token).status_code == 200


def _feed_summaries(client, **headers):
    token = Forbund.objects.get(slug="ex").ics_token
    response = client.get("/f/ex/arshjul.ics", {"token": token}, **headers)
    cal = Calendar.from_ical(response.content)
    return str(cal["X-WR-CALNAME"]), {str(e["UID"]): str(e["SUMMARY"]) for e in cal.walk("VEVENT")}


def test_it_serves_the_feed_in_swedish_whatever_the_calendar_app_asks(exempel, persona_client, monkeypatch):
    from samordna.arshjul import views

    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 6, 1))
    _token_post(persona_client("office"), "ex")
    name, summaries = _feed_summaries(persona_client("anonymous"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert name == "Årshjul – Samordningsförbundet Exempel"
    assert summaries["budget-2026@ex.samordna"] == "Budget 2026 fastställs senast i dag"
    assert "Styrelsesammanträde" in summaries.values()


def test_it_serves_the_feed_in_swedish_to_a_user_who_chose_english(exempel, persona_client, monkeypatch):
    from samordna.arshjul import views

    monkeypatch.setattr(views, "today", lambda: datetime.date(2025, 6, 1))
    client = persona_client("office")
    _token_post(client, "ex")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    name, summaries = _feed_summaries(client)
    assert name == "Årshjul – Samordningsförbundet Exempel"
    assert summaries["budget-2026@ex.samordna"] == "Budget 2026 fastställs senast i dag"


def test_it_shows_the_events_in_english_when_chosen(exempel, persona_client):
    client = persona_client("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(EX, {"datum": "2025-06-01"}).content.decode()
    assert "Last day to adopt the budget for 2026" in page
    assert "Falls on Sunday" in page
    assert "Report from the intervention Steget vidare" in page
    assert "fastställs senast i dag" not in page and "Infaller på" not in page
