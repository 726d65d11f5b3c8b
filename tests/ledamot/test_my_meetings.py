"""Mina sammanträden: a board member's coming kallelser (marked read), minutes to justera, own record."""

import datetime

import pytest

from samordna.audit.models import Action
from samordna.ledamot.models import NoticeRead
from samordna.meetings.models import Decision, Item, Meeting, Minutes, Vote
from samordna.organisations.models import Person
from tests.conftest import TODAY

OWN = "sf-vastra-vastmanland"


@pytest.fixture
def erik(demo):
    return Person.objects.get(external_id="p-erik")


def _meeting(forbund, days, **fields):
    return Meeting.objects.create(forbund=forbund, external_id=f"t-{days}", date=TODAY + datetime.timedelta(days=days),
                                  **fields)


def test_a_coming_kallelse_is_listed_and_can_be_marked_read(demo, persona_client, erik):
    meeting = _meeting(demo[OWN], 9, notice_sent=TODAY, place="Sala stadshus")
    client = persona_client("board")
    page = client.get("/mina-sammantraden/").content.decode()
    assert "Sala stadshus" in page and "Inte läst" in page
    response = client.post(f"/mina-sammantraden/{meeting.pk}/last/", {"read": "1"})
    assert response.status_code == 302
    assert NoticeRead.objects.filter(meeting=meeting, user__email="ledamot@vastmanland.example.se").exists()
    assert Action.objects.filter(name="notice.read", object_id=str(meeting.pk)).exists()
    page = client.get("/mina-sammantraden/").content.decode()
    assert "Markera som oläst" in page
    client.post(f"/mina-sammantraden/{meeting.pk}/last/", {"read": "0"})
    assert not NoticeRead.objects.filter(meeting=meeting).exists()


def test_a_kallelse_not_sent_cannot_be_marked_read(demo, persona_client, erik):
    meeting = _meeting(demo[OWN], 9)
    client = persona_client("board")
    client.post(f"/mina-sammantraden/{meeting.pk}/last/", {"read": "1"})
    assert not NoticeRead.objects.filter(meeting=meeting).exists()
    assert "inte skickad" in client.get("/mina-sammantraden/").content.decode()


def test_another_forbunds_meeting_is_not_found(demo, persona_client):
    meeting = _meeting(demo[OWN], 9, notice_sent=TODAY)
    client = persona_client("outsider")
    assert client.post(f"/mina-sammantraden/{meeting.pk}/last/", {"read": "1"}).status_code == 404
    assert "t-9" not in client.get("/mina-sammantraden/").content.decode()


def test_minutes_waiting_for_my_justering_are_listed(demo, persona_client, erik):
    meeting = _meeting(demo[OWN], -3)
    minutes = Minutes.objects.create(meeting=meeting)
    minutes.adjusters.add(erik)
    page = persona_client("board").get("/mina-sammantraden/").content.decode()
    assert f"/sammantraden/{meeting.external_id}/" in page.split('id="justera"')[1].split('id="mitt"')[0]
    Minutes.objects.filter(pk=minutes.pk).update(adjusted=TODAY)
    page = persona_client("board").get("/mina-sammantraden/").content.decode()
    assert f"/sammantraden/{meeting.external_id}/" not in page.split('id="justera"')[1].split('id="mitt"')[0]


def test_my_votes_of_the_chosen_year_are_listed(demo, persona_client, erik):
    meeting = _meeting(demo[OWN], -400)
    item = Item.objects.create(meeting=meeting, external_id="t-i", number=7, title="Val av revisor")
    decision = Decision.objects.create(item=item, outcome="approved")
    Vote.objects.create(decision=decision, person=erik, vote="no")
    client = persona_client("board")
    year = meeting.date.year
    assert "Val av revisor" in client.get("/mina-sammantraden/", {"ar": year}).content.decode()
    assert "Val av revisor" not in client.get("/mina-sammantraden/", {"ar": year - 1}).content.decode()


def test_a_user_without_a_person_gets_a_friendly_page(demo, persona_client):
    page = persona_client("national").get("/mina-sammantraden/")
    assert page.status_code == 200 and "inte kopplat" in page.content.decode()
