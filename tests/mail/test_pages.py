"""The office's Utskick pages: statuses in Swedish, "Skicka igen", and nothing of another förbund."""

import html
import re

import pytest
from django.urls import reverse

from samordna.lib import services
from samordna.mail import services as mail
from samordna.mail.models import Delivery
from samordna.organisations.models import Person

VM, UP = "sf-vastra-vastmanland", "sf-uppsala-norra"


@pytest.fixture
def sent(demo):
    """A kallelse of Västra Västmanland with one delivery in each status."""
    forbund = demo[VM]
    people = [Person.objects.create(external_id=f"p-mail-{i}", name=name, email=email) for i, (name, email) in
              enumerate([("Ada Köad", "ada@example.se"), ("Bea Skickad", "bea@example.se"),
                         ("Cai Misslyckad", "cai@example.se"), ("Dan Utanadress", None)])]
    with services.action("meeting.notice_sent", forbund=forbund):
        message = mail.queue(subject="Kallelse 12 mars", body="Dagordning", recipients=people, forbund=forbund,
                             kind="kallelse", attachments=[("kallelse.pdf", b"%PDF-1.7", "application/pdf")])
    rows = {d.name: d for d in message.deliveries.all()}
    Delivery.objects.filter(pk=rows["Bea Skickad"].pk).update(status="sent", attempts=1)
    Delivery.objects.filter(pk=rows["Cai Misslyckad"].pk).update(
        status="failed", attempts=5, last_error="SMTP 451: Try again later")
    return message, rows


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_office_sees_each_recipients_status_and_can_send_a_failed_one_again(persona_client, sent):
    message, rows = sent
    client = persona_client("office")
    page = client.get(reverse("mail-messages", args=[VM]))
    assert page.status_code == 200
    text = _text(page)
    assert "Kallelse 12 mars" in text and "1 bilaga" in text and "1 misslyckad" in text
    for name, status in [("Ada Köad", "Köad"), ("Bea Skickad", "Skickad"), ("Cai Misslyckad", "Misslyckad"),
                         ("Dan Utanadress", "Saknar e-postadress")]:
        assert re.search(rf"{name}( <[^>]+>)? {status} ", text), name
    assert "SMTP 451: Try again later" in text
    # "Skicka igen" only for the failed one (Dan has no address to send to) until Dan has an address
    assert text.count("Skicka igen") == 1
    Person.objects.filter(name="Dan Utanadress").update(email="dan@example.se")
    assert _text(client.get(reverse("mail-messages", args=[VM]))).count("Skicka igen") == 2
    retry_url = reverse("mail-retry", args=[VM, rows["Cai Misslyckad"].pk])
    assert f'action="{retry_url}"' in page.content.decode()
    detail = client.get(reverse("mail-message", args=[VM, message.pk]))
    assert detail.status_code == 200 and "Dagordning" in _text(detail) and "kallelse.pdf" in _text(detail)
    # the nav links the office to the page
    assert f'href="{reverse("mail-messages", args=[VM])}"' in page.content.decode()

    response = client.post(retry_url, {"next": reverse("mail-messages", args=[VM])}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mail-messages", args=[VM])
    assert "skickas igen" in _text(response)
    cai = Delivery.objects.get(pk=rows["Cai Misslyckad"].pk)
    assert (cai.status, cai.attempts) == ("queued", 0)
    # a second press: a clear message, no error page
    again = client.post(retry_url, follow=True)
    assert again.status_code == 200 and "Bara ett misslyckat utskick kan skickas igen." in _text(again)


def test_skicka_igen_is_a_post(persona_client, sent):
    _message, rows = sent
    response = persona_client("office").get(reverse("mail-retry", args=[VM, rows["Cai Misslyckad"].pk]))
    assert response.status_code == 405
    assert Delivery.objects.get(pk=rows["Cai Misslyckad"].pk).status == "failed"


def test_a_foreign_redirect_is_not_followed(persona_client, sent):
    _message, rows = sent
    response = persona_client("office").post(reverse("mail-retry", args=[VM, rows["Cai Misslyckad"].pk]),
                                             {"next": "https://evil.example.org/"})
    assert response["Location"] == reverse("mail-message", args=[VM, _message.pk])


@pytest.mark.parametrize("persona, status", [("board", 403), ("member", 403), ("auditor", 403),
                                             ("outsider", 404)])
def test_only_the_office_sees_the_pages(persona_client, sent, persona, status):
    message, rows = sent
    client = persona_client(persona)
    assert client.get(reverse("mail-messages", args=[VM])).status_code == status
    assert client.get(reverse("mail-message", args=[VM, message.pk])).status_code == status
    assert client.post(reverse("mail-retry", args=[VM, rows["Cai Misslyckad"].pk])).status_code == status
    assert Delivery.objects.get(pk=rows["Cai Misslyckad"].pk).status == "failed"


def test_another_forbunds_message_is_a_404_under_ones_own_forbund(persona_client, sent):
    message, rows = sent
    client = persona_client("outsider")  # the office of Uppsala norra
    assert client.get(reverse("mail-messages", args=[UP])).status_code == 200
    assert "Kallelse 12 mars" not in _text(client.get(reverse("mail-messages", args=[UP])))
    assert client.get(reverse("mail-message", args=[UP, message.pk])).status_code == 404
    assert client.post(reverse("mail-retry", args=[UP, rows["Cai Misslyckad"].pk])).status_code == 404
    assert Delivery.objects.get(pk=rows["Cai Misslyckad"].pk).status == "failed"


def test_the_nav_link_is_for_the_office_only(persona_client, demo):
    url = reverse("mail-messages", args=[VM])
    board_page = persona_client("board").get(reverse("forbund-overview", args=[VM]))
    assert f'href="{url}"' not in board_page.content.decode()
    office_page = persona_client("office").get(reverse("forbund-overview", args=[VM]))
    assert f'href="{url}"' in office_page.content.decode()


@pytest.mark.usefixtures("uncached_pages")
def test_the_list_runs_the_same_queries_whatever_the_number_of_messages(persona_client, sent, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = persona_client("office")
    url = reverse("mail-messages", args=[VM])
    client.get(url)  # warm the session and the caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for i in range(4):
        people = [(f"p{i}-{j}@example.se", f"P {i} {j}") for j in range(3)]
        mail.queue(subject=f"Utskick {i}", body="Text", recipients=people, forbund=demo[VM])
    assert count() == one
