"""An insats from application to its final report, in the browser (issue 9's walk, in one): the member
organisation's user submits an application; the förbundschef runs the beredning (the missing anchoring is a
finding until it is recorded), writes the proposal, puts it on a meeting, the board decides it at the meeting,
the protokoll is adjusted, and the förbundschef records the agreement, the start and the registration, names
the huvudman's contact and plans a one-time report whose reminder the worker sends, files a progress and a
final report and closes the insats. axe: no violations on any page visited."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from samordna.organisations.demo import DEMO_PASSWORD
from tests.conftest import NOW, TODAY
from tests.mail.conftest import smtp_server, worker  # noqa: F401 (fixtures)

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


def plan_contact_and_one_time_report(page, check, insats, contact="Maria Holm"):
    """The huvudman's contact (who gets the reminders) and a one-time report due today."""
    page.goto(f"{F}/insatser/{insats.external_id}/")
    follow(page, page.get_by_role("link", name="Ändra kontaktperson"))
    check(page, "contact form")
    select = page.get_by_label("Kontaktperson hos huvudmannen")
    select.select_option(label=next(o for o in select.locator("option").all_inner_texts() if o.startswith(contact)))
    follow(page, page.get_by_role("button", name="Spara"))
    assert "Kontaktpersonen är sparad" in page.get_by_role("status").inner_text()
    follow(page, page.get_by_role("link", name="Planera en rapport"))
    page.get_by_label("Datum").fill(TODAY.isoformat())
    page.get_by_label("Vad rapporten gäller").fill("Halvtidsrapport")
    follow(page, page.get_by_role("button", name="Spara"))
    expect(page.get_by_text("Halvtidsrapport").first).to_be_visible()
    check(page, "insats page with a planned report")


def file_progress_report(page, check, day):
    follow(page, page.get_by_role("link", name="Ny rapport"))
    check(page, "report form")
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Deltagare, kvinnor").fill("9")
    page.get_by_label("Deltagare, män").fill("8")
    page.get_by_label("Resultat: arbete").fill("3")
    page.get_by_label("Framgångsfaktorer").fill("Gemensamma möten varje vecka.")
    follow(page, page.get_by_role("button", name="Spara"))
    expect(page.get_by_role("cell", name="Gemensamma möten varje vecka.")).to_be_visible()


def file_reports_and_close(page, check, insats):
    """A progress report, a final report (the same day twice is refused in Swedish), then closing."""
    file_progress_report(page, check, TODAY)
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=True):  # the next day: the final report
        follow(page, page.get_by_role("link", name="Ny rapport"))
        page.get_by_label("Slag").select_option("final")
        page.get_by_label("Datum").fill(TODAY.isoformat())
        follow(page, page.get_by_role("button", name="Spara"))
        expect(page.get_by_role("alert")).to_contain_text("redan en rapport daterad")
        check(page, "report form with error")
        page.get_by_label("Datum").fill((TODAY + datetime.timedelta(days=1)).isoformat())
        page.get_by_label("Deltagare, kvinnor").fill("11")
        page.get_by_label("Resultat: arbete").fill("6")
        follow(page, page.get_by_role("button", name="Spara"))
        follow(page, page.get_by_role("button", name="Avsluta insatsen"))
        expect(page.get_by_text("Insatsen är avslutad: inga fler rapporter.")).to_be_visible()
        check(page, "closed insats")


def test_an_application_goes_from_the_member_to_the_final_report(page, assert_accessible, smtp_server, worker):  # noqa: F811
    from samordna.accounts.models import User
    from samordna.mail import reminders
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

    # The report reminder: queued by the reminders on its day, sent by the worker (in-process) to the contact.
    plan_contact_and_one_time_report(page, assert_accessible, insats)
    sent = [d for d in reminders.send_due(TODAY) if d.key.startswith(f"insats-report:{insats.pk}:")]
    assert sent, "the planned report's reminder is due today"
    assert worker() >= 1
    subjects = [str(m["message"]["Subject"]).strip() for m in smtp_server.received
                if m["to"] == ["medlem@vastmanland.example.se"]]
    assert f"I dag: Rapport: Halvtidsrapport från {NAME}" in subjects
    assert not [d for d in reminders.send_due(TODAY) if d.key.startswith(f"insats-report:{insats.pk}:")]

    file_reports_and_close(page, assert_accessible, insats)
    insats.refresh_from_db()
    assert insats.status == "closed"
    assert [r.kind for r in insats.reports.order_by("date")] == ["progress", "final"]
