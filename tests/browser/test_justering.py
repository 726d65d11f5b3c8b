"""E-justering in the browser: the office prepares the protokoll, the ordförande and the justerare each
confirm the hash they are shown; the page then shows the justering record. axe: no violations."""

import pytest

from samordna.organisations.demo import DEMO_PASSWORD

from .conftest import follow

pytestmark = pytest.mark.browser

PAGE = "/f/sf-vastra-vastmanland/sammantraden/vv-m-2026-05-14/protokoll/"


@pytest.fixture
def olof(demo_live):
    """The May meeting's minutes reopened, and a login for its second justerare (Olof Hedlund)."""
    from samordna.accounts.models import Access, User
    from samordna.meetings.models import Meeting
    from samordna.organisations.models import Forbund, Person
    from tests.conftest import reopen_minutes

    reopen_minutes(Meeting.objects.filter(external_id="vv-m-2026-05-14"))
    user = User.objects.create_user(email="olof.hedlund@example.se", password=DEMO_PASSWORD, name="Olof Hedlund",
                                    person=Person.objects.get(external_id="p-vv-1961-led"))
    Access.objects.create(user=user, forbund=Forbund.objects.get(slug="sf-vastra-vastmanland"), role="board")
    return user.email


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/logga-in/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    follow(page, page.get_by_role("button", name="Logga in"))


def test_the_adjusters_justera_the_protokoll_in_the_browser(page, olof, assert_accessible):
    from samordna.meetings.models import Minutes
    from samordna.protokoll.services import current_version

    page.set_default_timeout(30_000)  # preparing renders the PDF
    _login(page, "chef@vastmanland.example.se")
    page.goto(PAGE)
    assert_accessible(page, "protokoll before justering")
    follow(page, page.get_by_role("button", name="Förbered för justering"))
    assert "Version 1 av protokollet är klar för justering." in page.get_by_role("status").inner_text()
    sha = current_version(Minutes.objects.get(meeting__external_id="vv-m-2026-05-14")).sha256

    for email in ("ledamot@vastmanland.example.se", olof):
        _login(page, email)
        page.goto(PAGE)
        assert page.locator("#justera-hash").inner_text() == sha  # the hash they confirm, shown to them
        assert_accessible(page, f"protokoll for {email}")
        follow(page, page.get_by_role("button", name="Justera"))
        assert "Du har justerat protokollet." in page.get_by_role("status").inner_text()

    assert "Alla justerare har justerat" in page.get_by_role("status").inner_text()
    record = page.get_by_role("table", name="Justerare och deras justering").inner_text()
    assert "Erik Sandberg" in record and "Olof Hedlund" in record and record.count(sha) == 2
    assert page.get_by_role("button", name="Justera").count() == 0
    assert_accessible(page, "adjusted protokoll")
