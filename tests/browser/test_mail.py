"""The office's Utskick pages in a browser: no axe violations, "Skicka igen" by keyboard-reachable button."""

import pytest
from playwright.sync_api import expect

from samordna.lib import services
from samordna.mail import services as mail
from samordna.mail.models import Delivery
from samordna.organisations.models import Forbund, Person

from .conftest import follow

pytestmark = pytest.mark.browser

F = "/f/sf-vastra-vastmanland"


@pytest.fixture
def failed_kallelse(demo_live):
    forbund = Forbund.objects.get(slug="sf-vastra-vastmanland")
    people = [Person.objects.create(external_id="p-mail-a", name="Ada Åkesson", email="ada@example.se"),
              Person.objects.create(external_id="p-mail-b", name="Bo Utan", email=None)]
    with services.action("meeting.notice_sent", forbund=forbund):
        message = mail.queue(subject="Kallelse till sammanträde", body="Dagordning\n§ 1 Öppnande",
                             recipients=people, forbund=forbund, kind="kallelse",
                             attachments=[("kallelse.pdf", b"%PDF-1.7", "application/pdf")])
    Delivery.objects.filter(message=message, address="ada@example.se").update(
        status="failed", attempts=5, last_error="SMTP 451: Try again later")
    return message


def test_the_utskick_pages_are_accessible_and_skicka_igen_works(page, login, assert_accessible,
                                                                 failed_kallelse):
    login(page, "office")
    page.goto(f"{F}/")
    follow(page, page.get_by_role("link", name="Utskick"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Utskick")
    expect(page.get_by_role("cell", name="Misslyckad")).to_be_visible()
    assert_accessible(page, "utskick list")
    follow(page, page.get_by_role("link", name="Kallelse till sammanträde"))
    assert_accessible(page, "utskick detail")
    follow(page, page.get_by_role("button", name="Skicka igen till Ada Åkesson"))
    expect(page.get_by_role("status")).to_contain_text("skickas igen")
    expect(page.get_by_role("cell", name="Köad")).to_be_visible()
    assert_accessible(page, "utskick detail after retry")
    assert Delivery.objects.get(message=failed_kallelse, address="ada@example.se").status == "queued"
