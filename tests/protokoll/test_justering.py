"""E-justering: the ordförande and the justerare confirm the SHA-256 of the same PDF; the last confirmation
adjusts the minutes; a changed draft needs a new version; a wrong hash or a non-adjuster is refused."""

import hashlib

import pytest
from django.urls import reverse

from samordna.audit.models import Action
from samordna.lib.dates import today
from samordna.lib.services import DomainError
from samordna.meetings.models import Decision, Minutes
from samordna.protokoll import services
from samordna.protokoll.models import Confirmation
from samordna.protokoll.signals import minutes_adjusted

pytestmark = pytest.mark.django_db


def test_the_ordforande_and_the_justerare_adjust_the_minutes(open_meeting, adjusters, office,
                                                             django_capture_on_commit_callbacks):
    chair, other = adjusters
    version = services.prepare_justering(open_meeting, user=office)
    assert version.number == 1 and version.sha256 == hashlib.sha256(bytes(version.pdf)).hexdigest()
    # Preparing again without a change gives the same version.
    assert services.prepare_justering(open_meeting, user=office).pk == version.pk

    first = services.confirm(open_meeting, user=chair, sha256=version.sha256)
    assert (first.person.external_id, first.sha256, first.user) == ("p-erik", version.sha256, chair)
    assert first.confirmed_at.utcoffset().total_seconds() == 0  # UTC
    assert Minutes.objects.get(meeting=open_meeting).adjusted is None
    assert Action.objects.filter(name="minutes.confirmed").count() == 1

    received = []

    def receiver(sender, minutes, meeting, user, version, **kwargs):
        received.append((minutes.meeting_id, user, version.pk))

    minutes_adjusted.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm(open_meeting, user=other, sha256=version.sha256.upper())
    finally:
        minutes_adjusted.disconnect(receiver)
    assert Minutes.objects.get(meeting=open_meeting).adjusted == today()
    assert received == [(open_meeting.pk, other, version.pk)]
    action = Action.objects.get(name="minutes.adjusted")
    assert action.data["sha256"] == version.sha256 and action.user == other
    assert services.adjusted_version(open_meeting).pk == version.pk
    # The published PDF is the exact bytes confirmed.
    from samordna.protokoll.render import protokoll_pdf

    assert hashlib.sha256(protokoll_pdf(open_meeting)).hexdigest() == version.sha256


def test_a_wrong_hash_or_a_person_who_is_no_adjuster_is_refused(open_meeting, adjusters, office):
    chair, _other = adjusters
    version = services.prepare_justering(open_meeting, user=office)
    with pytest.raises(DomainError, match="Kontrollsumman stämmer inte") as wrong:
        services.confirm(open_meeting, user=chair, sha256="0" * 64)
    assert wrong.value.code == "hash"
    with pytest.raises(DomainError, match="inte justerare"):
        services.confirm(open_meeting, user=office, sha256=version.sha256)
    services.confirm(open_meeting, user=chair, sha256=version.sha256)
    with pytest.raises(DomainError, match="redan justerat"):
        services.confirm(open_meeting, user=chair, sha256=version.sha256)
    assert Confirmation.objects.count() == 1


def test_nothing_to_confirm_before_a_version_is_prepared(open_meeting, adjusters):
    with pytest.raises(DomainError, match="inte förberett"):
        services.confirm(open_meeting, user=adjusters[0], sha256="0" * 64)


def test_a_changed_draft_needs_a_new_version_and_earlier_confirmations_no_longer_count(open_meeting, adjusters,
                                                                                         office):
    chair, other = adjusters
    v1 = services.prepare_justering(open_meeting, user=office)
    services.confirm(open_meeting, user=chair, sha256=v1.sha256)
    Decision.objects.filter(item__meeting=open_meeting, item__number=5).update(text="Styrelsen antar svaret, ändrat.")

    state = services.state(open_meeting, user=other)
    assert not state.valid and not state.user_may_confirm
    with pytest.raises(DomainError, match="har ändrats sedan version 1") as stale:
        services.confirm(open_meeting, user=other, sha256=v1.sha256)
    assert stale.value.code == "stale"

    v2 = services.prepare_justering(open_meeting, user=office)
    assert (v2.number, v2.sha256 != v1.sha256) == (2, True)
    state = services.state(open_meeting, user=chair)
    assert state.valid and [c for _p, c in state.rows] == [None, None]  # the chair's v1 confirmation is gone
    assert state.user_may_confirm
    services.confirm(open_meeting, user=other, sha256=v2.sha256)
    assert Minutes.objects.get(meeting=open_meeting).adjusted is None  # the chair has not confirmed v2
    services.confirm(open_meeting, user=chair, sha256=v2.sha256)
    assert Minutes.objects.get(meeting=open_meeting).adjusted == today()


def test_justering_needs_a_justerare_besides_the_ordforande(open_meeting, office):
    from samordna.organisations.models import Person

    Minutes.objects.get(meeting=open_meeting).adjusters.set([Person.objects.get(external_id="p-erik")])
    with pytest.raises(DomainError, match="minst en justerare utöver ordföranden"):
        services.prepare_justering(open_meeting, user=office)


def _page(client, meeting):
    return reverse("meeting-protokoll", kwargs={"slug": meeting.forbund.slug, "subject_id": meeting.external_id})


def test_the_page_shows_the_justering_and_adjusts_through_its_forms(open_meeting, adjusters, client):
    chair, other = adjusters
    office = client
    from samordna.accounts.models import User

    office.force_login(User.objects.get(email="chef@vastmanland.example.se"))
    page = _page(client, open_meeting)
    assert "Förbered för justering" in office.get(page).text
    response = office.post(reverse("meeting-protokoll-prepare", kwargs={
        "slug": open_meeting.forbund.slug, "subject_id": open_meeting.external_id}), follow=True)
    assert "Version 1 av protokollet är klar för justering." in response.text
    version = services.current_version(Minutes.objects.get(meeting=open_meeting))
    assert version.sha256 in response.text and 'name="sha256"' not in response.text  # the office is no adjuster

    justera = reverse("meeting-protokoll-justera", kwargs={
        "slug": open_meeting.forbund.slug, "subject_id": open_meeting.external_id})
    client.force_login(chair)
    html = client.get(page).text
    assert f'name="sha256" value="{version.sha256}"' in html and ">Justera</button>" in html
    response = client.post(justera, {"sha256": "f" * 64}, follow=True)
    assert "Kontrollsumman stämmer inte" in response.text
    response = client.post(justera, {"sha256": version.sha256}, follow=True)
    assert "Du har justerat protokollet." in response.text and ">Justera</button>" not in response.text
    client.force_login(other)
    response = client.post(justera, {"sha256": version.sha256}, follow=True)
    assert "Alla justerare har justerat" in response.text
    assert "Protokollet är justerat" in response.text
    assert response.text.count(version.sha256) >= 3  # the version and each confirmation

    pdf = client.get(reverse("meeting-protokoll-pdf", kwargs={
        "slug": open_meeting.forbund.slug, "subject_id": open_meeting.external_id}))
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == version.sha256 == pdf["X-Content-SHA256"]


def test_a_member_organisation_does_not_read_unadjusted_minutes(open_meeting, persona_client):
    client = persona_client("member")
    html = client.get(_page(client, open_meeting)).text
    assert "inte justerat ännu" in html and "reserverar sig" not in html
    pdf = client.get(reverse("meeting-protokoll-pdf", kwargs={
        "slug": open_meeting.forbund.slug, "subject_id": open_meeting.external_id}))
    assert pdf.status_code == 404


def test_another_forbunds_meeting_is_a_404(open_meeting, persona_client):
    client = persona_client("outsider")
    assert client.get(_page(client, open_meeting)).status_code == 404
