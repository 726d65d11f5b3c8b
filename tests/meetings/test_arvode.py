"""The fee list (arvodeslista): who is paid for which meetings, per meeting or per day, and its pages."""

import datetime
from decimal import Decimal

import pytest

from samordna.meetings.arvode import fee_list
from samordna.meetings.models import Attendance, Capacity, Meeting
from samordna.organisations.models import Forbund, Person
from tests.conftest import TODAY

YEAR = TODAY.year
D1, D2 = datetime.date(YEAR, 3, 10), datetime.date(YEAR, 5, 12)


@pytest.fixture
def setup(db):
    forbund = Forbund.objects.create(slug="f", name="Förbundet", fee_amount=Decimal("1500.00"))
    people = {key: Person.objects.create(external_id=key, name=name) for key, name in
              [("led", "Anna Ledamot"), ("tj", "Bo Tjänstgörande"), ("ej", "Cecilia Ej"), ("chef", "Dan Chef")]}
    m1 = Meeting.objects.create(forbund=forbund, external_id="m1", date=D1)
    m2 = Meeting.objects.create(forbund=forbund, external_id="m2", date=D1)  # an extra meeting the same day
    m3 = Meeting.objects.create(forbund=forbund, external_id="m3", date=D2)
    late = Meeting.objects.create(forbund=forbund, external_id="m4", date=datetime.date(YEAR + 1, 1, 20))
    for meeting in (m1, m2, m3, late):
        Attendance.objects.create(meeting=meeting, person=people["led"], capacity=Capacity.LEDAMOT)
        Attendance.objects.create(meeting=meeting, person=people["chef"], capacity=Capacity.FORBUNDSCHEF)
    Attendance.objects.create(meeting=m3, person=people["tj"], capacity=Capacity.ERSATTARE, serving=True,
                              replaces=people["led"])
    Attendance.objects.create(meeting=m1, person=people["ej"], capacity=Capacity.ERSATTARE)
    return forbund, people


def by_name(rows):
    return {row.person.name: row for row in rows}


def test_per_meeting_pays_each_meeting_and_serving_ersattare_as_ledamot(setup):
    forbund, _ = setup
    rows = by_name(fee_list(forbund, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)))
    assert set(rows) == {"Anna Ledamot", "Bo Tjänstgörande"}  # staff and non-serving ersättare unpaid
    assert rows["Anna Ledamot"].units == 3 and rows["Anna Ledamot"].amount == Decimal("4500.00")
    assert rows["Bo Tjänstgörande"].units == 1 and rows["Bo Tjänstgörande"].meetings[0][1] == "serving"


def test_per_day_pays_two_meetings_on_one_day_once(setup):
    forbund, _ = setup
    forbund.fee_basis = "day"
    rows = by_name(fee_list(forbund, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)))
    assert rows["Anna Ledamot"].units == 2 and rows["Anna Ledamot"].amount == Decimal("3000.00")


def test_non_serving_ersattare_paid_only_where_the_statutes_say(setup):
    forbund, _ = setup
    forbund.fee_non_serving_ersattare = True
    rows = by_name(fee_list(forbund, datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)))
    assert rows["Cecilia Ej"].units == 1 and rows["Cecilia Ej"].meetings[0][1] == "non_serving"


def test_the_period_bounds_are_included_and_nothing_outside_counts(setup):
    forbund, _ = setup
    rows = by_name(fee_list(forbund, D1, D1))
    assert rows["Anna Ledamot"].units == 2 and "Bo Tjänstgörande" not in rows


@pytest.fixture
def demo_forbund(demo):
    forbund = demo["sf-vastra-vastmanland"]
    Forbund.objects.filter(pk=forbund.pk).update(fee_amount=Decimal("1000"))
    return forbund


def test_the_page_lists_the_demo_board_and_the_csv_matches(demo_forbund, persona_client):
    client = persona_client("office")
    start, end = datetime.date(TODAY.year - 1, 1, 1), datetime.date(TODAY.year, 12, 31)
    expected = fee_list(Forbund.objects.get(pk=demo_forbund.pk), start, end)
    assert expected, "the demo records attendance in the period"
    query = {"fran": start.isoformat(), "till": end.isoformat()}
    page = client.get(f"/f/{demo_forbund.slug}/arvode/", query)
    assert page.status_code == 200
    text = page.content.decode()
    assert expected[0].person.name in text
    csv = client.get(f"/f/{demo_forbund.slug}/arvode.csv", query)
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(expected)
    first = lines[1].split(";")
    assert first[1] == expected[0].person.name and first[3] == str(expected[0].units)
    assert first[4] == f"{expected[0].amount:.2f}".replace(".", ",")


def test_a_bad_period_is_a_swedish_error_not_a_crash(demo_forbund, persona_client):
    client = persona_client("office")
    page = client.get(f"/f/{demo_forbund.slug}/arvode/", {"fran": "2026-05-01", "till": "2026-01-01"})
    assert page.status_code == 200 and "kan inte ligga före" in page.content.decode()
    assert client.get(f"/f/{demo_forbund.slug}/arvode.csv", {"fran": "9999-99-99", "till": "x"}).status_code == 400


@pytest.mark.parametrize("persona,status", [("board", 403), ("auditor", 403), ("outsider", 404)])
def test_only_the_office_sees_the_fee_list(demo_forbund, persona_client, persona, status):
    assert persona_client(persona).get(f"/f/{demo_forbund.slug}/arvode/").status_code == status
