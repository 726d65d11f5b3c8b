"""An insats from application to registration in Uppföljning Finsam, in the browser (issue 9's walk, part 1): the
member organisation's user submits an application; the förbundschef runs the beredning (the missing anchoring
is a finding until it is recorded), writes the proposal, puts it on a meeting, the board decides it at the
meeting, the protokoll is adjusted, and the förbundschef records the agreement, the start and the registration.
axe: no violations on any page visited. Each step is a small function, for the walk's later steps to reuse."""

import re

import pytest

from samordna.organisations.demo import DEMO_PASSWORD
from tests.conftest import TODAY

from .conftest import follow

pytestmark = pytest.mark.browser

OWN = "sf-vastra-vastmanland"
F = f"/f/{OWN}"
NAME = "Vägen till arbete i Västerås"


def login(page, email):
    page.context.clear_cookies()
    page.goto("/logga-in/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
    follow(page, page.get_by_role("button", name="Logga in"))


def submit_application(page, check, name=NAME):
    """As the member organisation's user: write and submit an application; returns the insats."""
    from samordna.insatser.models import Insats

    login(page, "medlem@vastmanland.example.se")
    page.goto(f"{F}/insatser/ansokningar/ny/")
    check(page, "new application")
    page.get_by_label("Insatsens namn").fill(name)
    page.get_by_label("Inriktning").select_option(label="Individinriktad")
    page.locator("#id_owner").select_option(label="Västerås")
    parties = page.get_by_role("group", name=re.compile("^Parter"))
    parties.get_by_label("Västerås").check()
    parties.get_by_label("Arbetsförmedlingen").check()
    concerns = page.get_by_role("group", name=re.compile("^Berör särskilt"))
    concerns.get_by_label("Västerås").check()
    concerns.get_by_label("Hallstahammar").check()
    page.get_by_label("Behov som insatsen svarar mot").fill("Unga vuxna får stöd från flera håll utan samordning.")
    page.get_by_label("Målgrupp").fill("Unga vuxna 18–29 år med försörjningsstöd.")
    page.locator("#id_goals").fill("Hälften i arbete eller studier.")
    page.get_by_label("Sökta medel år 1 (kr)").fill("250000")
    follow(page, page.get_by_role("button", name="Spara och lämna in"))
    assert "är inlämnad" in page.get_by_role("status").inner_text()
    check(page, "applications after submission")
    insats = Insats.objects.get(name=name)
    assert insats.status == "submitted" and insats.applicant.external_id == "vv-1980"
    return insats


def open_beredning(page, check, insats):
    """As the förbundschef: from the applications to the insats's beredning."""
    login(page, "chef@vastmanland.example.se")
    page.goto(f"{F}/insatser/ansokningar/")
    check(page, "applications (office)")
    follow(page, page.get_by_role("link", name=insats.name))
    check(page, "beredning")


def record_anchoring(page, check, member="Hallstahammar"):
    findings = page.locator("section.findings-here")
    assert f"ingen förankring hos {member} är registrerad" in findings.inner_text()
    form = page.locator("form", has=page.locator("input[name=step][value=anchoring]"))
    form.get_by_label("Medlem").select_option(label=member)
    form.get_by_label("Förankrad av").fill(f"Kommunstyrelsen i {member}")
    follow(page, form.get_by_role("button", name="Registrera förankringen"))
    assert f"ingen förankring hos {member} är registrerad" not in page.locator("section.findings-here").inner_text()
    check(page, "anchoring recorded")


def propose_and_put_on_agenda(page, check, meeting):
    form = page.locator("form", has=page.locator("input[name=step][value=proposal]"))
    form.get_by_label("Förbundschefens förslag till beslut").fill("Styrelsen beviljar 250 000 kr enligt ansökan.")
    follow(page, form.get_by_role("button", name="Spara förslaget"))
    form = page.locator("form", has=page.locator("input[name=step][value=agenda]"))
    form.get_by_label("Sammanträde").select_option(str(meeting.pk))
    follow(page, form.get_by_role("button", name="Lägg på dagordningen"))
    assert "lagd på dagordningen" in page.get_by_role("status").inner_text()
    check(page, "on the agenda")


def decide_at_meeting(page, check, meeting, insats, outcome="Bifall"):
    from samordna.meetings.models import Item

    item = Item.objects.get(meeting=meeting, matter__insats=insats)
    page.goto(f"{F}/sammantraden/{meeting.external_id}/genomforande/")
    section = page.locator(f"#paragraf-{item.external_id}")
    section.get_by_label("Beslut", exact=True).select_option(label=outcome)
    section.get_by_label("Beslutstext").fill("Styrelsen beviljar 250 000 kr till insatsen.")
    follow(page, section.get_by_role("button", name="Protokollför beslut"))
    check(page, "decided at the meeting")
    insats.refresh_from_db()
    return item


def record_agreement_start_and_registration(page, check, insats):
    page.goto(f"{F}/insatser/{insats.external_id}/beredning/")
    form = page.locator("form", has=page.locator("input[name=step][value=agreement]"))
    form.get_by_label("Avtalsdatum").fill(TODAY.isoformat())
    follow(page, form.get_by_role("button", name="Registrera avtalet"))
    assert "Avtalet är registrerat" in page.get_by_role("status").inner_text()
    check(page, "agreement recorded")
    form = page.locator("form", has=page.locator("input[name=step][value=start]"))
    form.get_by_label("Startdatum").fill(TODAY.isoformat())
    follow(page, form.get_by_role("button", name="Starta insatsen"))
    form = page.locator("form", has=page.locator("input[name=step][value=followup]"))
    form.get_by_label("Id i Uppföljning Finsam").fill("UF-2026-77")
    follow(page, form.get_by_role("button", name="Spara registreringen"))
    assert "Inriktning och uppföljningsmetod kan inte längre ändras" in page.locator("main").inner_text()
    check(page, "registered in Uppföljning Finsam")
    insats.refresh_from_db()


def test_an_application_goes_from_the_member_to_registration(page, assert_accessible):
    from samordna.accounts.models import User
    from tests.insatser.conftest import adjust, held_meeting

    insats = submit_application(page, assert_accessible)
    open_beredning(page, assert_accessible, insats)
    record_anchoring(page, assert_accessible)
    office = User.objects.get(email="chef@vastmanland.example.se")
    meeting = held_meeting(insats.forbund, office)  # held today, the board present
    page.reload()
    propose_and_put_on_agenda(page, assert_accessible, meeting)
    item = decide_at_meeting(page, assert_accessible, meeting, insats)
    assert insats.status == "approved" and insats.decided_in == item
    page.goto(f"{F}/insatser/{insats.external_id}/beredning/")
    assert "först när protokollet" in page.locator("#agreement ~ p").first.inner_text()
    adjust(meeting)
    record_agreement_start_and_registration(page, assert_accessible, insats)
    assert (insats.status, insats.followup_id, insats.start) == ("active", "UF-2026-77", TODAY)
    assert [(f.year, f.amount) for f in insats.funding.all()] == [(TODAY.year + 1, 250_000)]
