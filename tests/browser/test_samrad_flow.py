"""The förbundschef of Västra Västmanland plans a medlemssamråd with Uppsala norra in the browser: the
members' representatives and the delegations invited, a live finding (a representative on the board) that
appears and goes as the participant is changed, the invitations queued and sent by the worker, the samråd
held and its notes PDF made and sent; Uppsala norra's office sees it in its own list. axe: 0 violations."""

import subprocess

import pytest

from samordna.organisations.demo import DEMO_PASSWORD
from tests.conftest import TODAY
from tests.mail.conftest import smtp_server  # noqa: F401  (fixture)

from .conftest import follow

pytestmark = pytest.mark.browser

OWN, OTHER = "sf-vastra-vastmanland", "sf-uppsala-norra"
F = f"/f/{OWN}"


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/logga-in/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    follow(page, page.get_by_role("button", name="Logga in"))


def _finding(page, rule):
    return page.locator(f"li.finding[data-rule='{rule}']")


def test_the_forbundschef_plans_invites_holds_and_records_a_shared_samrad(
        page, assert_accessible, smtp_server):  # noqa: F811
    from samordna.mail.worker import run_batch
    from samordna.organisations.models import Mandate
    from samordna.samrad import invitation
    from samordna.samrad.models import Consultation, Participant

    page.set_default_timeout(30_000)  # the findings and PDFs take a moment
    _login(page, "chef@vastmanland.example.se")

    # 1. Plan: today (so that it can be held in the test), covering Uppsala norra too.
    page.goto(f"{F}/samrad/")
    assert_accessible(page, "samråd list")
    follow(page, page.get_by_role("link", name="Planera samråd"))
    assert_accessible(page, "plan a samråd")
    page.get_by_label("Datum").fill(TODAY.isoformat())
    page.get_by_label("Klockan").fill("09:30")
    page.get_by_label("Plats").fill("Västerås stadshus")
    page.get_by_label("Samordningsförbundet Uppsala norra").check()
    follow(page, page.get_by_role("button", name="Planera samrådet"))
    assert "Samrådet är planerat" in page.get_by_role("status").inner_text()
    consultation = Consultation.objects.get(external_id=f"samrad-{OWN}-{TODAY.isoformat()}")
    assert sorted(consultation.forbund.values_list("slug", flat=True)) == [OTHER, OWN]
    assert "Budgetförutsättningar" in page.inner_text("main")
    assert _finding(page, "samrad-all-members").count() >= 1  # nobody invited yet
    assert_accessible(page, "planning page")

    # 2. Participants: every member's representatives and each förbund's delegation.
    follow(page, page.get_by_role("button", name="Bjud in alla medlemmars representanter"))
    follow(page, page.get_by_role("button", name="Bjud in förbundens delegationer"))
    assert _finding(page, "samrad-all-members").count() == 0
    assert _finding(page, "samrad-representatives").count() == 0
    assert_accessible(page, "participants invited")

    # A live finding: a representative replaced by a ledamot of the board appears, and goes when changed back.
    rep = Participant.objects.filter(consultation=consultation, represents__forbund__slug=OWN).select_related(
        "person").order_by("person__name").first()
    taken = Participant.objects.filter(consultation=consultation).values_list("person_id", flat=True)
    ledamot = (Mandate.objects.active_on(TODAY).filter(forbund__slug=OWN, role="ledamot")
               .exclude(person_id__in=taken).select_related("person").first().person)
    row = page.locator(f"#deltagare-{rep.pk}")
    row.get_by_label(f"Person i stället för {rep.person.name}").select_option(label=ledamot.name)
    follow(page, row.get_by_role("button", name=f"Byt {rep.person.name}"))
    assert _finding(page, "samrad-representatives").count() == 1
    assert ledamot.name in _finding(page, "samrad-representatives").inner_text()
    assert_accessible(page, "live finding shown")
    row = page.locator(f"#deltagare-{rep.pk}")
    row.get_by_label(f"Person i stället för {ledamot.name}").select_option(label=rep.person.name)
    follow(page, row.get_by_role("button", name=f"Byt {ledamot.name}"))
    assert _finding(page, "samrad-representatives").count() == 0

    # 3. The invitations: queued in the action, sent by the worker through SMTP with the PDF.
    follow(page, page.get_by_role("button", name="Skicka inbjudan"))
    assert "Inbjudan är köad" in page.get_by_role("status").inner_text()
    assert_accessible(page, "invitations sent")
    assert run_batch() > 0
    ours = [r["message"] for r in smtp_server.received
            if " ".join(str(r["message"]["Subject"]).split()) == invitation.subject(consultation)]
    assert ours and any(part.get_filename() == invitation.filename(consultation)
                        for part in ours[0].iter_attachments())

    # 4. Held: who came, notes per point, a member's priorities; the notes as a PDF, sent.
    follow(page, page.get_by_role("link", name="Registrera genomfört samråd"))
    assert_accessible(page, "hold the samråd")
    page.get_by_label(f"{rep.person.name}, företräder", exact=False).check()
    page.get_by_label("1. Föregående års ekonomiska resultat och verksamhetsresultat").fill(
        "Förbundet redovisade resultatet för året; medlemmarna ställde frågor.")
    page.get_by_label("Västerås (Samordningsförbundet Västra Västmanland)", exact=True).fill("Västerås prioriterar unga vuxna utan arbete.")
    follow(page, page.get_by_role("button", name="Spara samrådet"))
    assert "Samrådet är registrerat" in page.get_by_role("status").inner_text()
    assert Participant.objects.get(pk=rep.pk).attended is True
    follow(page, page.get_by_role("button", name="Skicka anteckningarna"))
    assert "Anteckningarna är köade" in page.get_by_role("status").inner_text()
    assert_accessible(page, "notes sent")
    pdf = page.request.get(f"{F}/samrad/{consultation.external_id}/anteckningar.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf.body(), capture_output=True,
                                   check=True).stdout.decode().split())
    assert "medlemmarna ställde frågor" in text and "unga vuxna utan arbete" in text
    assert "Budgetförutsättningar" in text

    # 5. Uppsala norra's office sees it in its own list, with its own part.
    _login(page, "chef@uppsala.example.se")
    page.goto(f"/f/{OTHER}/samrad/")
    assert_accessible(page, "the other förbund's list")
    page.locator(f"a[href='/f/{OTHER}/samrad/{consultation.external_id}/']").first.click()
    page.wait_for_load_state()
    assert "Samordningsförbundet Västra Västmanland" in page.inner_text("main")
    assert_accessible(page, "the other förbund's view of the samråd")
