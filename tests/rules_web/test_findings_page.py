"""The Regelkontroll page of a förbund and the findings summary on its overview."""

import pytest

from samordna.organisations.models import Mandate

VV = "/f/sf-vastra-vastmanland/regelkontroll/"
EX = "/f/ex/regelkontroll/"

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["office", "board", "member", "auditor", "national", "admin"])
def test_it_shows_the_page_to_every_role_of_the_forbund(persona_client, persona):
    response = persona_client(persona).get(VV)
    assert response.status_code == 200
    assert "Regelkontroll" in response.content.decode()


def test_it_hides_another_forbunds_findings(persona_client):
    assert persona_client("outsider").get(VV).status_code == 404
    assert persona_client("office").get("/f/sf-uppsala-norra/regelkontroll/").status_code == 404
    assert persona_client("office").get("/f/finns-inte/regelkontroll/").status_code == 404


def test_it_sends_anonymous_users_to_the_login_page(persona_client):
    response = persona_client("anonymous").get(VV)
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


def test_it_shows_findings_with_explanation_advice_source_and_age(exempel, persona_client):
    page = persona_client("member").get(EX, {"datum": "2026-12-20"}).content.decode()
    assert "Kontrollen gäller den 20 december 2026" in page
    assert page.index('id="niva-error"') < page.index('id="niva-warning"')
    assert "Budget 2027" in page
    assert "Budgeten för 2027 är inte fastställd" in page
    assert "Styrelsen ska fastställa budgeten för nästa år senast den 30 november." in page  # explanation
    assert "Fastställ budgeten snarast" in page  # advice
    assert "<summary>Källa: FinsamL 23 §</summary>" in page
    assert "Styrelsen ska varje år fastställa en budget" in page  # the source's text
    assert "Sedan 1 december 2026 (19 dagar)" in page
    assert "Insats Steget vidare" in page and "insats-reports" in page


def test_it_shows_no_findings_on_a_day_the_forbund_follows_every_rule(exempel, persona_client):
    page = persona_client("office").get(EX, {"datum": "2026-06-30"}).content.decode()
    assert "0 fel" in page and "0 varningar" in page
    assert 'id="niva-error"' not in page and 'id="niva-warning"' not in page


def test_it_filters_by_subject_kind_and_area(exempel, persona_client):
    client = persona_client("office")
    page = client.get(EX, {"datum": "2026-12-20", "typ": "insats"}).content.decode()
    assert "Insats Steget vidare" in page and "Budget 2027" not in page
    assert "Urvalet visar 1 av 2." in page
    page = client.get(EX, {"datum": "2026-12-20", "omrade": "finance"}).content.decode()
    assert "Budget 2027" in page and "Insats Steget vidare" not in page
    page = client.get(EX, {"datum": "2026-12-20", "typ": "meeting"}).content.decode()
    assert "Inga avvikelser i urvalet." in page


def test_it_ignores_an_unknown_filter_and_reports_a_bad_date(exempel, persona_client):
    response = persona_client("office").get(EX, {"datum": "2026-02-31", "typ": "<script>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert "<script>" not in page.split("<main", 1)[1]


def test_it_links_board_findings_to_the_board_on_that_date(exempel, persona_client):
    Mandate.objects.filter(forbund=exempel, role="ordforande").delete()
    page = persona_client("board").get(EX, {"datum": "2026-06-30"}).content.decode()
    assert "board-officers" in page
    assert 'href="/f/ex/styrelse/?datum=2026-06-30"' in page


def test_it_summarises_findings_on_the_overview(exempel, persona_client, monkeypatch):
    import datetime

    from samordna.checks.templatetags import rules_tags

    monkeypatch.setattr(rules_tags, "today", lambda: datetime.date(2026, 12, 20))
    page = persona_client("auditor").get("/f/ex/").content.decode()
    assert "Regelkontroll i dag" in page
    assert "1 fel" in page and "1 varning" in page and "0 påminnelser" in page
    assert 'href="/f/ex/regelkontroll/"' in page


def test_it_links_the_pages_in_the_forbund_navigation(persona_client):
    page = persona_client("member").get("/f/sf-vastra-vastmanland/").content.decode()
    assert f'href="{VV}"' in page
    assert 'href="/f/sf-vastra-vastmanland/arshjul/"' in page
