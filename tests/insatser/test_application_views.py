"""The application's pages: who may open them (a member's user only its own member's applications, another
förbund's user a 404), the form's Swedish errors, and the beredning page showing a missing anchoring as a
finding until it is recorded."""

import pytest
from django.urls import reverse

from samordna.insatser import services
from samordna.insatser.models import Insats, InsatsStatus
from samordna.lib.dates import today

from .conftest import OWN, application_fields

pytestmark = pytest.mark.django_db


def _url(name, *args):
    return reverse(name, args=[OWN, *args])


def _post_application(client, **overrides):
    data = {"name": "Unga i arbete", "direction": "individ", "owner": "", "need": "Behov", "target_group": "Unga",
            "goals": "Arbete", "year_1": today().year + 1, "amount_1": "200000"}
    data.update(overrides)
    return client.post(_url("insats-application-new"), data)


def test_a_member_user_writes_a_draft_for_its_own_member_and_submits_it(persona_client, members):
    client = persona_client("member")
    assert client.get(_url("insats-application-new")).status_code == 200
    response = _post_application(client, owner=members["vv-1980"].pk,
                                 parties=[members["vv-1980"].pk, members["vv-af"].pk])
    insats = Insats.objects.get(name="Unga i arbete")
    assert response.status_code == 302 and insats.status == InsatsStatus.DRAFT
    assert insats.applicant == members["vv-1980"]
    assert services.requested_by_year(insats) == {today().year + 1: 200_000}
    edit = _url("insats-application-edit", insats.external_id)
    response = client.post(edit, {**{k: v for k, v in {
        "name": "Unga i arbete", "direction": "individ", "owner": members["vv-1980"].pk, "need": "Behov",
        "target_group": "Unga", "goals": "Arbete", "year_1": today().year + 1, "amount_1": "200000"}.items()},
        "parties": [members["vv-1980"].pk, members["vv-af"].pk], "submit": "1"})
    assert response.status_code == 302
    insats.refresh_from_db()
    assert insats.status == InsatsStatus.SUBMITTED and services.open_matter(insats) is not None
    # Submitted, it is no longer edited by the member's user; the office prepares it.
    assert client.get(edit).status_code == 404
    assert persona_client("office").get(_url("insats-beredning", insats.external_id)).status_code == 200


def test_the_form_explains_errors_in_swedish(persona_client, members):
    client = persona_client("member")
    response = _post_application(client, name="", direction="", amount_1="-5", year_1="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj individinriktad eller strukturövergripande." in page
    assert "Beloppet kan inte vara negativt." in page
    response = _post_application(client, owner=members["vv-reg"].pk, parties=[members["vv-1980"].pk])
    assert "Huvudmannen ska vara en av insatsens parter." in response.content.decode()
    assert not Insats.objects.filter(name="Unga i arbete").exists()


def test_a_member_user_sees_only_its_own_members_drafts(persona_client, forbund, members, office):
    other = services.create_application(forbund, user=office, applicant=members["vv-1961"], requested={2030: 1},
                                        **application_fields(members, name="Hallstahammars utkast",
                                                             owner=members["vv-1961"],
                                                             parties=[members["vv-1961"], members["vv-af"]]))
    client = persona_client("member")
    assert "Hallstahammars utkast" not in client.get(_url("insats-applications")).content.decode()
    assert client.get(_url("insats-application-edit", other.external_id)).status_code == 404
    assert client.post(_url("insats-application-withdraw", other.external_id)).status_code == 404
    assert client.get(_url("insats-detail", other.external_id)).status_code == 404  # a draft is nobody's to read
    # The office does not see a member's draft either, until it is submitted.
    office_client = persona_client("office")
    assert "Hallstahammars utkast" not in office_client.get(_url("insats-applications")).content.decode()
    services.submit_application(other, user=office)
    assert "Hallstahammars utkast" in office_client.get(_url("insats-applications")).content.decode()


@pytest.mark.parametrize("persona,status", [("outsider", 404), ("board", 403), ("auditor", 403)])
def test_others_cannot_open_the_application_pages(persona_client, persona, status):
    client = persona_client(persona)
    assert client.get(_url("insats-applications")).status_code == status
    assert client.get(_url("insats-application-new")).status_code == status


def test_the_beredning_page_is_the_offices_and_another_forbunds_insats_is_a_404(persona_client, submitted, demo):
    assert persona_client("member").get(_url("insats-beredning", submitted.external_id)).status_code == 403
    foreign = Insats.objects.exclude(forbund__slug=OWN).first()
    assert persona_client("office").get(_url("insats-beredning", foreign.external_id)).status_code == 404


def test_a_missing_anchoring_is_a_finding_until_it_is_recorded(persona_client, submitted, members):
    client = persona_client("office")
    url = _url("insats-beredning", submitted.external_id)
    page = client.get(url).content.decode()
    assert "insats-anchoring" in page and "Förankrad hos Hallstahammar" in page
    assert "ingen förankring hos Hallstahammar är registrerad" in page
    response = client.post(url, {"step": "anchoring", "anchoring-member": members["vv-1961"].pk,
                                 "anchoring-date": today().isoformat(), "anchoring-by": "Kommunstyrelsen"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "ingen förankring hos Hallstahammar är registrerad" not in page
    assert "Kommunstyrelsen" in page


def test_a_step_with_a_domain_error_shows_it_on_the_page(persona_client, submitted, members):
    client = persona_client("office")
    url = _url("insats-beredning", submitted.external_id)
    ahead = today().toordinal() + 3
    import datetime

    response = client.post(url, {"step": "anchoring", "anchoring-member": members["vv-1961"].pk,
                                 "anchoring-date": datetime.date.fromordinal(ahead).isoformat(),
                                 "anchoring-by": "KS"})
    assert response.status_code == 200
    assert "inte har kommit än" in response.content.decode()
    response = client.post(url, {"step": "agenda", "agenda-meeting": "999999"})
    assert response.status_code == 200 and "Formuläret innehåller fel" in response.content.decode()
