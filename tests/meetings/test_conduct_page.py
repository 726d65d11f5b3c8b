"""The meeting's conduct page: access, forms calling the services, errors at their form, live state, and a
constant number of queries whatever the number of items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.meetings.models import Attendance, Item, Recusal
from tests.meetings.conducthelpers import LEDAMOTER, OWN, attend, meeting_fixture, person, user_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(meeting, slug=OWN):
    return reverse("meeting-conduct", kwargs={"slug": slug, "subject_id": meeting.external_id})


def test_it_shows_the_office_the_forms_and_the_board_a_read_only_page(meeting, persona_client):
    page = persona_client("office").get(_url(meeting))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anteckna jäv" in text and "Protokollför votering" in text and "Beslutför" in text
    page = persona_client("board").get(_url(meeting))
    assert page.status_code == 200 and "Anteckna jäv" not in page.content.decode()
    assert persona_client("board").post(_url(meeting), {"action": "note", "item": "vv-m-conduct-p1",
                                                        "text": "x"}).status_code == 403
    assert persona_client("member").get(_url(meeting)).status_code == 403
    assert persona_client("outsider").get(_url(meeting)).status_code == 404


def test_the_meeting_page_links_here(meeting, persona_client):
    page = persona_client("office").get(reverse("meeting-detail", kwargs={"slug": OWN, "subject_id": meeting.external_id}))
    assert _url(meeting) in page.content.decode()


def test_a_form_records_attendance_and_the_state_follows(meeting, persona_client):
    client = persona_client("office")
    for p in LEDAMOTER[:3]:
        response = client.post(_url(meeting), {"action": "attendance", "person": p, "presence": "present"})
        assert response.status_code == 302 and response["Location"].endswith("#narvaro")
    text = client.get(_url(meeting)).content.decode()
    assert "3 röstberättigade av 6 platser (minst 4 krävs)" in text
    client.post(_url(meeting), {"action": "attendance", "person": LEDAMOTER[3], "presence": "present"})
    assert "4 röstberättigade av 6 platser" in client.get(_url(meeting)).content.decode()
    assert Attendance.objects.filter(meeting=meeting).count() == 4


def test_a_refusal_is_shown_at_its_form(meeting, persona_client, user):
    attend(meeting, user, *LEDAMOTER)
    client = persona_client("office")
    response = client.post(_url(meeting), {"action": "recusal", "item": "vv-m-conduct-p2", "person": "p-karin",
                                           "reason": "jäv"})
    assert response.status_code == 400
    text = response.content.decode()
    assert 'id="error-vv-m-conduct-p2"' in text and "inte närvarande vid paragrafen" in text
    response = client.post(_url(meeting), {"action": "recusal", "item": "vv-m-conduct-p2",
                                           "person": "p-vv-1961-led", "reason": "Ledamot i sökande förening"})
    assert response.status_code == 302 and Recusal.objects.filter(item__meeting=meeting).count() == 1
    assert client.post(_url(meeting), {"action": "nonsense", "item": "vv-m-conduct-p2"}).status_code == 400
    assert client.post(_url(meeting), {"action": "note", "item": "no-such-item", "text": "x"}).status_code == 400
    assert client.post(_url(meeting), {"action": "motion", "item": "vv-m-conduct-p1", "person": "p-sara",
                                       "text": "x"}).status_code == 400  # another förbund's person


def test_a_named_vote_with_a_tie_through_the_page(meeting, persona_client, user):
    attend(meeting, user, *LEDAMOTER)
    client = persona_client("office")
    votes = {"action": "votes", "item": "vv-m-conduct-p1"}
    for p, v in zip(LEDAMOTER, ["yes", "yes", "no", "yes", "no", "no"], strict=True):
        votes[f"vote-{p}"] = v  # p-erik, the ordförande, votes yes
    assert client.post(_url(meeting), votes).status_code == 302
    text = client.get(_url(meeting)).content.decode()
    assert "3 ja, 3 nej, 0 avstår" in text and "genom ordförandens utslagsröst, Erik Sandberg" in text
    decision = Item.objects.get(external_id="vv-m-conduct-p1").decision
    assert decision.outcome == "approved" and decision.casting_vote == person("p-erik")


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.usefixtures("uncached_pages")
def test_the_number_of_queries_does_not_grow_with_the_items(meeting, persona_client, user):
    from samordna.meetings import services

    attend(meeting, user, *LEDAMOTER, "p-vv-1961-ers")
    client = persona_client("office")
    services.add_recusal(meeting.items.get(number=1), person("p-vv-1961-led"), "x", person("p-vv-1961-ers"), user=user)
    services.add_motion(meeting.items.get(number=1), person("p-erik"), "Bifall", user=user)
    few = _queries(client, _url(meeting))
    for number in range(4, 16):
        target = Item.objects.create(forbund=meeting.forbund, meeting=meeting, external_id=f"vv-m-conduct-p{number}",
                                     number=number, title=f"Ärende {number}", kind="decision")
        services.add_recusal(target, person("p-vv-1962-led"), "x", user=user)
        services.add_motion(target, person("p-erik"), "Bifall", user=user)
        services.add_note(target, None, "Anteckning", user=user)
        services.decide(target, "approved", "Bifall", user=user)
    many = _queries(client, _url(meeting))
    assert many == few, (few, many)


def test_it_speaks_english_when_asked(meeting, persona_client, user):
    attend(meeting, user, *LEDAMOTER)
    client = persona_client("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = client.get(_url(meeting)).content.decode()
    assert "6 voting members of 6 seats (at least 4 needed)" in text and "Record conflict of interest" in text


def test_a_tie_without_the_ordforande_cannot_be_settled(meeting, persona_client, user):
    attend(meeting, user, *[p for p in LEDAMOTER if p != "p-erik"], "p-vv-1980-ers")
    client = persona_client("office")
    votes = {"action": "votes", "item": "vv-m-conduct-p1", "vote-p-vv-fk-led": "yes", "vote-p-vv-af-led": "no"}
    response = client.post(_url(meeting), votes)
    assert response.status_code == 400 and "ordföranden är inte röstberättigad" in response.content.decode()
