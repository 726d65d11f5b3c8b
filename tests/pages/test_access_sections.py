"""Every section page × every role × own/other förbund gives the right status; objects stay in their förbund."""

import datetime

import pytest

from tests.conftest import demo_year

from .conftest import OTHER, OWN, url

# page name -> (kwargs in the own förbund, kwargs in the other förbund)
PAGES = {
    "forbund-meetings": ({}, {}),
    "meeting-detail": ({"subject_id": "vv-m-2026-05-14"}, {"subject_id": "un-m-2026-03-10"}),
    "forbund-insatser": ({}, {}),
    "insats-detail": ({"subject_id": "vv-ins-steg"}, {"subject_id": "un-ins-unga"}),
    "forbund-budgets": ({}, {}),
    "budget-detail": ({"subject_id": demo_year(2026)}, {"subject_id": demo_year(2026)}),
    "forbund-annual-reports": ({}, {}),
    "annual-report-detail": ({"subject_id": str(demo_year(2025))}, {"subject_id": str(demo_year(2025))}),
    "forbund-samrad": ({}, {}),
    "consultation-detail": ({"subject_id": "samrad-2026-var"}, {"subject_id": "samrad-2026-var"}),
    "forbund-notices": ({}, {}),
}
ROLES = ["office", "board", "member", "auditor", "national", "admin", "outsider"]
EVERYWHERE = {"national", "admin"}


def expected(role, slug):
    # Every förbund role may read these pages (Cap.VIEW); without access to the förbund it does not exist.
    if role == "outsider":
        return 200 if slug == OTHER else 404
    if slug == OTHER and role not in EVERYWHERE:
        return 404
    return 200


@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("slug", [OWN, OTHER])
def test_it_gives_each_role_the_right_status(persona_client, page, role, slug):
    kwargs = PAGES[page][0 if slug == OWN else 1]
    response = persona_client(role).get(url(page, slug=slug, **kwargs))
    assert response.status_code == expected(role, slug)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_it_sends_anonymous_visitors_to_login(persona_client, page):
    response = persona_client("anonymous").get(url(page, **PAGES[page][0]))
    assert response.status_code == 302
    assert response["Location"].startswith("/logga-in/")


@pytest.mark.parametrize("page", ["meeting-detail", "insats-detail", "budget-detail", "annual-report-detail"])
def test_it_answers_404_for_another_forbunds_object_under_the_own_slug(persona_client, page):
    other_only = {"meeting-detail": {"subject_id": "un-m-2026-09-15"}, "insats-detail": {"subject_id": "un-ins-unga"},
                  "budget-detail": {"subject_id": demo_year(2036)}, "annual-report-detail": {"subject_id": "un-rem-2025-1"}}
    for role in ("office", "admin"):
        assert persona_client(role).get(url(page, **other_only[page])).status_code == 404


def test_it_answers_404_for_a_samrad_that_does_not_cover_the_forbund(persona_client, demo):
    from samordna.samrad.models import Consultation

    only_other = Consultation.objects.create(external_id="samrad-un-only", kind="medlemssamrad",
                                             date=datetime.date(2026, 4, 1))
    only_other.forbund.set([demo[OTHER]])
    path = url("consultation-detail", subject_id="samrad-un-only")
    assert persona_client("office").get(path).status_code == 404
    assert persona_client("admin").get(path).status_code == 404  # not under this förbund, whoever asks
    assert persona_client("outsider").get(url("consultation-detail", slug=OTHER,
                                              subject_id="samrad-un-only")).status_code == 200
    assert "samrad-un-only" not in persona_client("office").get(url("forbund-samrad")).text


def test_it_answers_404_for_an_unknown_object(persona_client):
    client = persona_client("office")
    assert client.get(url("meeting-detail", subject_id="finns-inte")).status_code == 404
    assert client.get(url("insats-detail", subject_id="finns-inte")).status_code == 404
    assert client.get(url("budget-detail", subject_id=1999)).status_code == 404
    assert client.get(url("annual-report-detail", subject_id="1999")).status_code == 404
    assert client.get(url("consultation-detail", subject_id="finns-inte")).status_code == 404


@pytest.mark.parametrize("page", sorted(PAGES))
def test_it_refuses_changes(persona_client, page):
    response = persona_client("office").post(url(page, **PAGES[page][0]))
    assert response.status_code == 405
