"""The förbundschef records a meeting as it is held: attendance with a serving ersättare, jäv on one item,
a named vote with a reservation on another; the live quorum follows; axe finds nothing on the way."""

import pytest

from tests.conftest import TODAY

from .conftest import follow

pytestmark = pytest.mark.browser

OWN = "sf-vastra-vastmanland"
URL = f"/f/{OWN}/sammantraden/vv-m-browser/genomforande/"
ABSENT = "p-vv-1961-led"  # Hallstahammar's ledamot; their ersättare serves
PRESENT = ["p-vv-fk-led", "p-vv-af-led", "p-vv-reg-led", "p-erik", "p-vv-1962-led"]


@pytest.fixture
def held(demo_live):
    from samordna.meetings.models import Item, Meeting
    from samordna.organisations.models import Forbund, Person

    forbund = Forbund.objects.get(slug=OWN)
    meeting = Meeting.objects.create(forbund=forbund, external_id="vv-m-browser", date=TODAY)
    for number, title in ((1, "Budget"), (2, "Ansökan om medel")):
        Item.objects.create(forbund=forbund, meeting=meeting, external_id=f"vv-m-browser-p{number}", number=number,
                            title=title, kind="decision")
    return {p.external_id: p.name for p in Person.objects.filter(external_id__startswith="p-")}


def _save_presence(page, pid, name, presence):
    row = page.locator(f"#narvaro-{pid}")
    row.get_by_label(f"Närvaro {name}", exact=True).select_option(presence)
    follow(page, row.get_by_role("button", name=f"Spara närvaro för {name}"))


def test_the_forbundschef_records_the_meeting(page, login, assert_accessible, held):
    names = held
    login(page, "office")
    page.goto(URL)
    assert_accessible(page, "conduct page, empty")
    for pid in PRESENT:
        _save_presence(page, pid, names[pid], "present")
    _save_presence(page, ABSENT, names[ABSENT], "absent")
    _save_presence(page, "p-vv-1961-ers", names["p-vv-1961-ers"], "present")
    assert "Närvaron för" in page.get_by_role("status").inner_text()

    # The ersättare of the absent ledamot's member is proposed; one click lets them serve.
    deputy = names["p-vv-1961-ers"]
    follow(page, page.get_by_role("button", name=f"Låt {deputy} tjänstgöra"))
    row = page.locator("#narvaro-p-vv-1961-ers")
    assert f"Tjänstgör för {names[ABSENT]}" in row.inner_text()
    first = page.locator("#paragraf-vv-m-browser-p1")
    assert "6 röstberättigade av 6 platser" in first.inner_text()

    # Jäv on § 2: Norberg's ledamot leaves the room; § 2 has five voting members, § 1 still six.
    second = page.locator("#paragraf-vv-m-browser-p2")
    second.get_by_label("Jävig").select_option(label=names["p-vv-1962-led"])
    second.get_by_label("Skäl").fill("Styrelseledamot i den sökande föreningen")
    follow(page, second.get_by_role("button", name="Anteckna jäv"))
    second = page.locator("#paragraf-vv-m-browser-p2")
    assert "5 röstberättigade av 6 platser" in second.inner_text()
    assert "anmälde jäv och deltog inte" in second.inner_text()
    assert "6 röstberättigade av 6 platser" in page.locator("#paragraf-vv-m-browser-p1").inner_text()

    # A named vote on § 1: four yes, two no; then one who voted no enters a reservation.
    first = page.locator("#paragraf-vv-m-browser-p1")
    votes = {"p-vv-fk-led": "Ja", "p-vv-af-led": "Ja", "p-vv-reg-led": "Ja", "p-erik": "Ja",
             "p-vv-1962-led": "Nej", "p-vv-1961-ers": "Nej"}
    for pid, vote in votes.items():
        first.get_by_label(names[pid], exact=True).select_option(label=vote)
    follow(page, first.get_by_role("button", name="Protokollför votering"))
    first = page.locator("#paragraf-vv-m-browser-p1")
    assert "4 ja, 2 nej, 0 avstår" in first.inner_text() and "Bifall" in first.inner_text()
    first.get_by_label("Reserverar sig").select_option(label=names["p-vv-fk-led"])
    follow(page, first.get_by_role("button", name="Anteckna reservation"))
    # The one who voted yes cannot reserve: the error is at the item, in Swedish.
    alert = page.get_by_role("alert").first
    assert "kan inte reservera sig" in alert.inner_text()
    assert page.title().startswith("Fel:")
    assert_accessible(page, "conduct page with an error")
    page.goto(URL)
    first = page.locator("#paragraf-vv-m-browser-p1")
    first.get_by_label("Reserverar sig").select_option(label=names["p-vv-1962-led"])
    first.get_by_label("Motivering").fill("Förslaget saknar förankring i Norbergs kommun.")
    follow(page, first.get_by_role("button", name="Anteckna reservation"))
    first = page.locator("#paragraf-vv-m-browser-p1")
    assert f"{names['p-vv-1962-led']} reserverade sig: Förslaget saknar förankring" in first.inner_text()
    assert_accessible(page, "conduct page, recorded")
