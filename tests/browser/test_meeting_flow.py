"""The whole meeting, as the demo förbundschef runs it in the browser (issue 8's walk): register a matter with a
document, plan a meeting, build its agenda (three items), send the kallelse (queued, sent by the worker through
a real SMTP server, holding the agenda), record attendance with a serving ersättare, jäv on one item and a named
vote with a reservation on another, generate the protokoll, justera it as two users; the public page then shows
the anslag and the protokoll, whose PDF holds the § numbers, the decision texts and the reservation. axe: no
violations on any page visited."""

import re
import subprocess

import pytest

from samordna.organisations.demo import DEMO_PASSWORD
from tests.conftest import TODAY
from tests.mail.conftest import smtp_server  # noqa: F401  (fixture)

from .conftest import follow

pytestmark = pytest.mark.browser

OWN = "sf-vastra-vastmanland"
F = f"/f/{OWN}"
ABSENT, DEPUTY = "p-vv-1961-led", "p-vv-1961-ers"  # Hallstahammar's ledamot is away; their ersättare serves
PRESENT = ["p-vv-fk-led", "p-vv-af-led", "p-vv-reg-led", "p-erik", "p-vv-1962-led"]
ADJUSTER = "p-vv-reg-led"


@pytest.fixture
def adjuster(demo_live):
    """A login for the region's ledamot, who is chosen as justerare."""
    from samordna.accounts.models import Access, User
    from samordna.organisations.models import Forbund, Person

    person = Person.objects.get(external_id=ADJUSTER)
    user = User.objects.create_user(email="region.ledamot@example.se", password=DEMO_PASSWORD, name=person.name,
                                    person=person)
    Access.objects.create(user=user, forbund=Forbund.objects.get(slug=OWN), role="board")
    return user.email


def _login(page, email):
    page.context.clear_cookies()
    page.goto("/logga-in/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    follow(page, page.get_by_role("button", name="Logga in"))


def _presence(page, pid, name, presence):
    row = page.locator(f"#narvaro-{pid}")
    row.get_by_label(f"Närvaro {name}", exact=True).select_option(presence)
    follow(page, row.get_by_role("button", name=f"Spara närvaro för {name}"))


def test_the_forbundschef_runs_a_meeting_from_matter_to_posted_protokoll(
        page, assert_accessible, adjuster, smtp_server, tmp_path):  # noqa: F811
    from samordna.mail.worker import run_batch
    from samordna.meetings.models import Item, Meeting
    from samordna.organisations.models import Person

    names = dict(Person.objects.values_list("external_id", "name"))
    page.set_default_timeout(30_000)  # the protokoll's PDF takes a moment
    _login(page, "chef@vastmanland.example.se")

    # 1. A matter with a document in the diarium.
    page.goto(f"{F}/diarium/ny/")
    assert_accessible(page, "register a matter")
    page.get_by_label("Ärendemening").fill("Ansökan om medel: Unga vuxna i arbete")
    page.get_by_label("Slag").select_option(label="Insatsansökan/insats")
    page.get_by_label("Riktning").select_option(label="Inkommande")
    page.get_by_label("Avsändare eller mottagare").fill("Sala kommun")
    document = tmp_path / "Ansokan.pdf"
    document.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.get_by_label("Fil").set_input_files(str(document))
    page.get_by_label("Sekretessklass").select_option(label="Offentlig")
    follow(page, page.get_by_role("button", name="Spara"))
    dnr = re.search(r"\d{4}/\d+", page.get_by_role("heading", level=1).inner_text()).group(0)
    assert_accessible(page, "the matter")

    # 2. Plan the meeting, held today, and 3. its agenda of three items.
    page.goto(f"{F}/sammantraden/nytt/")
    page.get_by_label("Datum").fill(TODAY.isoformat())
    page.get_by_label("Klockan").fill("09:00")
    page.get_by_label("Plats").fill("Kommunhuset, sal B")
    follow(page, page.get_by_role("button", name="Spara"))
    assert_accessible(page, "planning page")
    from samordna.diarium.models import Matter

    matter = Matter.objects.get(forbund__slug=OWN, title="Ansökan om medel: Unga vuxna i arbete")
    assert matter.dnr.endswith(dnr)
    page.get_by_label("Ärende ur diariet").select_option(label=f"{matter.dnr} {matter.title}")
    page.get_by_label("Förslag till beslut").fill("Styrelsen beviljar 600 000 kr till insatsen.")
    follow(page, page.get_by_role("button", name="Lägg till på föredragningslistan"))
    page.get_by_label("Rubrik").fill("Budgetuppföljning")
    page.get_by_label("Förslag till beslut").fill("Styrelsen godkänner budgetuppföljningen.")
    follow(page, page.get_by_role("button", name="Lägg till på föredragningslistan"))
    page.get_by_label("Rubrik").fill("Rapport från förbundschefen")
    page.get_by_label("Slag", exact=True).select_option("information")
    follow(page, page.get_by_role("button", name="Lägg till på föredragningslistan"))
    assert_accessible(page, "agenda with three items")
    meeting = Meeting.objects.get(forbund__slug=OWN, date=TODAY, place="Kommunhuset, sal B")
    matter_item = Item.objects.get(meeting=meeting, matter=matter)
    budget_item = Item.objects.get(meeting=meeting, title="Budgetuppföljning")

    # 4. The kallelse: queued in the action, sent by the worker through SMTP, holding the agenda.
    follow(page, page.get_by_role("button", name="Skicka kallelsen"))
    assert "köad till" in page.get_by_role("status").inner_text()
    assert_accessible(page, "kallelse sent")
    assert run_batch() > 0
    from samordna.meetings.kallelse import subject

    ours = [r["message"] for r in smtp_server.received
            if " ".join(str(r["message"]["Subject"]).split()) == subject(meeting)]
    assert ours  # (the demo's own kallelse went out in the same batch)
    body = ours[0].get_body(preferencelist=("plain",)).get_content()
    assert "Budgetuppföljning" in body and "Ansökan om medel: Unga vuxna i arbete" in body and dnr in body

    # 5. At the meeting: attendance with a serving ersättare, jäv on the matter, a named vote on the budget.
    page.goto(f"{F}/sammantraden/{meeting.external_id}/genomforande/")
    for pid in PRESENT:
        _presence(page, pid, names[pid], "present")
    _presence(page, ABSENT, names[ABSENT], "absent")
    _presence(page, DEPUTY, names[DEPUTY], "present")
    follow(page, page.get_by_role("button", name=f"Låt {names[DEPUTY]} tjänstgöra"))
    assert_accessible(page, "attendance recorded")

    matter_section = page.locator(f"#paragraf-{matter_item.external_id}")
    matter_section.get_by_label("Jävig").select_option(label=names["p-vv-1962-led"])
    matter_section.get_by_label("Skäl").fill("Styrelseledamot i den sökande föreningen")
    follow(page, matter_section.get_by_role("button", name="Anteckna jäv"))
    matter_section = page.locator(f"#paragraf-{matter_item.external_id}")
    matter_section.get_by_label("Beslut", exact=True).select_option(label="Bifall")
    matter_section.get_by_label("Beslutstext").fill("Styrelsen beviljar 600 000 kr till Unga vuxna i arbete.")
    follow(page, matter_section.get_by_role("button", name="Protokollför beslut"))

    budget_section = page.locator(f"#paragraf-{budget_item.external_id}")
    votes = {"p-vv-fk-led": "Ja", "p-vv-af-led": "Ja", "p-vv-reg-led": "Ja", "p-erik": "Ja",
             "p-vv-1962-led": "Nej", DEPUTY: "Nej"}
    for pid, vote in votes.items():
        budget_section.get_by_label(names[pid], exact=True).select_option(label=vote)
    follow(page, budget_section.get_by_role("button", name="Protokollför votering"))
    budget_section = page.locator(f"#paragraf-{budget_item.external_id}")
    budget_section.get_by_label("Reserverar sig").select_option(label=names["p-vv-1962-led"])
    budget_section.get_by_label("Motivering").fill("Uppföljningen saknar redovisning per kommun.")
    follow(page, budget_section.get_by_role("button", name="Anteckna reservation"))
    assert "reserverade sig" in page.locator(f"#paragraf-{budget_item.external_id}").inner_text()
    assert_accessible(page, "meeting recorded")

    # 6. The protokoll: choose the justerare, prepare, and justera as the ordförande and the justerare.
    protokoll = f"{F}/sammantraden/{meeting.external_id}/protokoll/"
    page.goto(protokoll)
    page.get_by_label(names[ADJUSTER], exact=True).check()
    follow(page, page.get_by_role("button", name="Spara justerare"))
    assert f"Justerare: {names[ADJUSTER]}" in page.get_by_role("status").inner_text()
    warnings = page.locator("#main .msg-warning").all_inner_texts()
    assert not warnings, warnings  # what keeps the protokoll from justering, if anything
    follow(page, page.get_by_role("button", name="Förbered för justering"))
    assert_accessible(page, "protokoll ready for justering")
    for email in ("ledamot@vastmanland.example.se", adjuster):
        _login(page, email)
        page.goto(protokoll)
        follow(page, page.get_by_role("button", name="Justera"))
        assert_accessible(page, f"protokoll justerat by {email}")
    assert "Alla justerare har justerat" in page.get_by_role("status").inner_text()

    # 7. The public page, without a login: the anslag and the protokoll, its PDF with §§, decisions, reservation.
    page.context.clear_cookies()
    page.goto(f"{F}/offentlig/")
    assert_accessible(page, "public page")
    board = page.locator("main").inner_text()
    from samordna.web.templatetags.samordna import datum

    assert "Sista dag för överklagan" in board and datum(TODAY) in board
    follow(page, page.get_by_role("link", name=re.compile(f"Protokoll.*{datum(TODAY)}")).first)
    assert_accessible(page, "public protokoll")
    assert "Uppföljningen saknar redovisning per kommun." in page.inner_text("main")
    pdf = page.request.get(f"{F}/offentlig/protokoll/{meeting.external_id}/protokoll.pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.body(), capture_output=True, check=True).stdout.decode()
    assert f"§ {budget_item.number}" in text and f"§ {matter_item.number}" in text
    assert "600 000 kr till Unga vuxna i arbete" in text
    assert "Uppföljningen saknar redovisning per kommun" in text
