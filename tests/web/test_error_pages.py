"""403, 404 and 500 are Swedish pages in the site's layout with a way back, not Django's bare English ones.

The handlers are those of samordna/urls.py; Django uses them only with DEBUG=False, which the test runner
sets (asserted below)."""

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse

from samordna import urls
from samordna.web import views

from .conftest import OTHER, OWN, url

pytestmark = pytest.mark.django_db


def layout(text: str) -> bool:
    return 'class="site-header"' in text and 'class="site-footer"' in text and '<html lang="sv">' in text


def test_the_handlers_are_the_sites():
    assert django_settings.DEBUG is False
    assert urls.handler403 == "samordna.web.views.permission_denied"
    assert urls.handler404 == "samordna.web.views.page_not_found"
    assert urls.handler500 == "samordna.web.views.server_error"
    assert django_settings.CSRF_FAILURE_VIEW == "samordna.web.views.csrf_failure"


def test_an_unknown_address_is_a_swedish_404_in_the_layout(client):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    text = response.text
    assert layout(text)
    assert "<h1>Sidan finns inte</h1>" in text
    assert "<title>Sidan finns inte – Samordna</title>" in text
    assert f'<a href="{reverse("home")}">Till startsidan</a>' in text
    assert "Not Found" not in text


def test_a_missing_object_in_the_own_forbund_links_back_to_it(office, forbund):
    response = office.get(url("meeting-detail", subject_id="finns-inte"))
    assert response.status_code == 404
    text = response.text
    assert layout(text)
    assert f'<a href="{url("forbund-overview")}">Tillbaka till {forbund.name}</a>' in text
    assert "Logga ut" in text  # the user's header


def test_an_unknown_address_under_the_own_forbund_links_back_to_it(office, forbund):
    response = office.get(url("forbund-overview") + "finns-inte/")
    assert response.status_code == 404
    assert f'<a href="{url("forbund-overview")}">Tillbaka till {forbund.name}</a>' in response.text


def test_another_forbunds_address_is_a_404_that_does_not_name_it(office, demo):
    # (its /f/<slug>/ is its public page, open to anyone: samordna.publication)
    response = office.get(url("forbund-members", slug=OTHER))
    assert response.status_code == 404
    text = response.text
    assert "<h1>Sidan finns inte</h1>" in text
    assert demo[OTHER].name not in text
    assert f'href="{url("forbund-overview", slug=OTHER)}"' not in text
    # nor an address under its pages that matches no page
    text = office.get(url("forbund-overview", slug=OTHER) + "finns-inte/").text
    assert demo[OTHER].name not in text and "Tillbaka till" not in text
    assert "Till startsidan" in text


def test_a_page_the_role_may_not_open_is_a_swedish_403_with_a_way_back(persona_client, demo):
    response = persona_client("member").get(url("forbund-log"))
    assert response.status_code == 403
    text = response.text
    assert layout(text)
    assert "<h1>Åtkomst nekad</h1>" in text
    assert f'<a href="{url("forbund-overview")}">Tillbaka till {demo[OWN].name}</a>' in text
    assert "Till startsidan" in text
    assert "403 Forbidden" not in text


def test_the_error_pages_follow_the_chosen_language(persona_client):
    client = persona_client("member")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "<h1>Access denied</h1>" in client.get(url("forbund-log")).text
    assert "<h1>Page not found</h1>" in client.get("/finns-inte/").text


@pytest.mark.urls("tests.web.error_urls")
def test_a_failing_view_is_a_swedish_500_in_the_layout(office):
    office.raise_request_exception = False
    response = office.get("/test-fel/")
    assert response.status_code == 500
    text = response.text
    assert layout(text)
    assert "<h1>Något gick fel</h1>" in text
    assert f'<a href="{reverse("home")}">Till startsidan</a>' in text
    assert "Server Error" not in text


def test_the_500_page_needs_neither_the_request_nor_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")  # no user, no session: the middleware may be what failed
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in response.content.decode()


def test_the_500_page_falls_back_to_bare_html_when_the_layout_fails(monkeypatch):
    def broken(name):
        raise RuntimeError("templates unavailable")

    monkeypatch.setattr(views.loader, "get_template", broken)
    response = views.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Något gick fel" in response.content.decode() and 'href="/"' in response.content.decode()


def test_a_form_with_a_stale_csrf_token_gets_a_swedish_403(office):
    office.handler.enforce_csrf_checks = True
    response = office.post(url("forbund-member-new"), {"name": "x"})
    assert response.status_code == 403
    assert layout(response.text)
    assert "<h1>Formuläret kunde inte skickas</h1>" in response.text

