"""Information to the members (FinsamL 18 §) in the browser: the demo's major decision whose information is
pending prompts it on the overview and on the meeting page; the förbundschef opens the prefilled form from the
prompt and sends it; the worker sends the e-mails (through a real SMTP server) to each member's representatives;
the prompt is gone, and the member organisation's user (Västerås) sees the information and its document on
Min medlemsorganisation. axe: no violations on any page visited."""

import pytest

from samordna.organisations.demo import DEMO_PASSWORD
from tests.mail.conftest import smtp_server  # noqa: F401  (fixture)

from .conftest import follow

pytestmark = pytest.mark.browser

OWN = "sf-vastra-vastmanland"
F = f"/f/{OWN}"
PROMPT = "Medlemmarna ska informeras (FinsamL 18 §)"


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/logga-in/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    follow(page, page.get_by_role("button", name="Logga in"))


def test_a_major_decision_prompts_information_until_it_is_sent(page, assert_accessible, smtp_server):  # noqa: F811
    from samordna.lib.dates import today
    from samordna.mail.worker import run_batch
    from samordna.organisations.models import Forbund
    from samordna.samrad.models import Notice
    from samordna.samrad.notice_views import information_prompts

    [prompt] = information_prompts(Forbund.objects.get(slug=OWN), today())
    item, meeting = prompt["item"], prompt["meeting"]

    _login(page, "chef@vastmanland.example.se")
    page.goto(f"{F}/")
    assert PROMPT in page.inner_text("main")
    assert_accessible(page, "overview with the prompt")
    page.goto(f"{F}/sammantraden/{meeting.external_id}/")
    assert PROMPT in page.inner_text("main")
    assert_accessible(page, "meeting page with the prompt")

    follow(page, page.get_by_role("link", name=f"Informera medlemmarna om § {item.number}"))
    assert_accessible(page, "compose the information")
    assert page.get_by_label("Ämne").input_value().endswith(item.title)
    assert page.get_by_label("Västerås").is_checked()
    assert page.get_by_label("Utkast till verksamhetsplan", exact=False).is_checked()
    assert page.get_by_text("Begäran från sökande").count() == 0  # the secret document is never offered
    page.get_by_label("Text").fill("Styrelsen har fastställt budgeten. Medlemsbidragen framgår av bilagan.")
    follow(page, page.get_by_role("button", name="Skicka informationen"))
    assert "Informationen är skickad till representanterna för 6 medlemmar." in page.get_by_role("status").inner_text()
    assert_accessible(page, "the information sent")

    notice = Notice.objects.get(about__external_id=item.external_id)
    assert run_batch() > 0
    ours = [r for r in smtp_server.received if "Budget och verksamhetsplan" in str(r["message"]["Subject"])]
    assert {a for r in ours for a in r["to"]} >= {"medlem@vastmanland.example.se", "asa.lindberg@example.se"}
    body = ours[0]["message"].get_body(preferencelist=("plain",)).get_content()
    assert "Medlemsbidragen framgår av bilagan." in body
    assert [p.get_filename() for p in ours[0]["message"].iter_attachments()] == ["Utkast verksamhetsplan.docx"]

    page.goto(f"{F}/")
    assert PROMPT not in page.inner_text("main")
    page.goto(f"{F}/sammantraden/{meeting.external_id}/")
    assert PROMPT not in page.inner_text("main")

    _login(page, "medlem@vastmanland.example.se")
    follow(page, page.get_by_role("link", name="Min medlemsorganisation"))
    assert_accessible(page, "the member organisation's view")
    assert page.get_by_role("heading", level=1).inner_text() == "Västerås"
    follow(page, page.get_by_role("link", name=notice.subject))
    assert "Medlemsbidragen framgår av bilagan." in page.inner_text("main")
    assert page.get_by_role("link", name="Utkast till verksamhetsplan").count() == 1
    assert_accessible(page, "the information as the member received it")
