"""Choosing the justerare on the protokoll page: among the ledamöter and serving ersättare present, posted
by id (an id of a thousand or more is not written with a thousands separator, as Swedish numbers are)."""

import re

import pytest

from samordna.meetings.models import Attendance, Meeting, Minutes
from samordna.organisations.models import Person
from tests.conftest import TODAY

OWN = "sf-vastra-vastmanland"


@pytest.fixture
def held(demo):
    meeting = Meeting.objects.create(forbund=demo[OWN], external_id="t-justerare", date=TODAY)
    chosen = Person.objects.create(pk=123456, external_id="p-t-hog", name="Hög Id")
    Attendance.objects.create(meeting=meeting, person=chosen, capacity="ledamot")
    Attendance.objects.create(meeting=meeting, person=Person.objects.get(external_id="p-vv-1961-ers"),
                              capacity="ersattare")  # present, not serving: not a justerare
    return meeting, chosen


def test_the_office_chooses_a_justerare_whose_id_is_large(held, persona_client):
    meeting, chosen = held
    client = persona_client("office")
    page = client.get(f"/f/{OWN}/sammantraden/{meeting.external_id}/protokoll/").content.decode()
    values = re.findall(r'name="adjusters" value="([^"]*)"', page)
    assert values == ["123456"]  # the serving-less ersättare is no candidate; no "123 456"
    assert 'for="justerare-123456"' in page
    client.post(f"/f/{OWN}/sammantraden/{meeting.external_id}/protokoll/justerare/", {"adjusters": values})
    assert list(Minutes.objects.get(meeting=meeting).adjusters.all()) == [chosen]


def test_a_person_not_present_is_refused(held, persona_client):
    meeting, _chosen = held
    other = Person.objects.get(external_id="p-vv-1961-ers")
    response = persona_client("office").post(
        f"/f/{OWN}/sammantraden/{meeting.external_id}/protokoll/justerare/", {"adjusters": [other.pk]}, follow=True)
    assert "väljs bland de närvarande" in response.content.decode()
    assert not Minutes.objects.filter(meeting=meeting).exists()
