"""The budget from the state amount to adoption, as the demo förbundschef does it in the browser: a new
budget, the state's amount, the computed split (✓ as the rule judges it), a what-if, the consultation sent,
answers recorded, the budget put on a meeting's agenda and adopted there; a member that has not answered
shows as the budget-consultation finding until its answer is recorded. axe: no violations."""

import datetime

import pytest

from tests.conftest import TODAY

from .conftest import follow

pytestmark = pytest.mark.browser

OWN = "sf-vastra-vastmanland"
F = f"/f/{OWN}"
LEDAMOTER = ["p-vv-fk-led", "p-vv-af-led", "p-vv-reg-led", "p-erik", "p-vv-1961-led", "p-vv-1962-led"]
YESTERDAY = TODAY - datetime.timedelta(days=1)


def test_budget_from_state_amount_to_adoption_with_the_consultation(page, login, assert_accessible):
    from samordna.accounts.models import User
    from samordna.finance.models import Budget
    from samordna.meetings import services as meetings
    from samordna.organisations.models import Forbund, Member, Person
    from samordna.samrad.models import Participant

    forbund = Forbund.objects.get(slug=OWN)
    office = User.objects.get(email="chef@vastmanland.example.se")
    year = Budget.objects.filter(forbund=forbund).order_by("-year").first().year + 1
    norberg = Member.objects.get(external_id="vv-1962")
    # Norberg took part in no samråd on the budget: only a written answer can consult it.
    Participant.objects.filter(represents=norberg).delete()
    meeting = meetings.create_meeting(forbund, user=office, date=TODAY, with_opening_items=False)

    login(page, "office")
    page.goto(f"{F}/budget/")
    follow(page, page.get_by_role("link", name="Ny budget"))
    page.get_by_label("År").fill(str(year))
    follow(page, page.get_by_role("button", name="Spara"))
    follow(page, page.get_by_role("link", name="Registrera statens belopp"))
    assert_accessible(page, "statens belopp")
    page.get_by_label("Slag").select_option("preliminary")
    page.get_by_label("Statens belopp (kr)").fill("6000001")
    page.get_by_label("Besked den").fill(YESTERDAY.isoformat())
    follow(page, page.get_by_role("button", name="Spara"))
    follow(page, page.get_by_role("link", name="Beräkna medlemsbidragen"))
    page.get_by_label("Referensdatum för befolkningen").fill(YESTERDAY.isoformat())
    for n, member in enumerate(Member.objects.filter(forbund=forbund, kind="kommun").order_by("name")):
        page.get_by_label(f"{member.name}: befolkning eller andel").fill(str(20_000 + 7_777 * n))
    assert_accessible(page, "beräkna")
    follow(page, page.get_by_role("button", name="Beräkna"))
    assert "✓ Fördelningen följer lagen." in page.locator("main").inner_text()
    page.get_by_label("Annat statligt belopp (kr)").fill("7000000")
    follow(page, page.get_by_role("button", name="Räkna"))
    assert "Om staten betalar 7\u00a0000\u00a0000\u00a0kr" in page.locator("main").inner_text()
    assert_accessible(page, "budgetsidan med vad-om")

    follow(page, page.get_by_role("link", name="Skicka samråd till medlemmarna"))
    page.get_by_label("Svar senast").fill((TODAY + datetime.timedelta(days=7)).isoformat())
    page.get_by_label("Styrelsen fastställer budgeten").fill((TODAY + datetime.timedelta(days=14)).isoformat())
    follow(page, page.get_by_role("button", name="Skicka samrådet"))
    assert "Har inte svarat" in page.locator("main").inner_text()
    budget = Budget.objects.get(forbund=forbund, year=year)
    others = [m for m in Member.objects.filter(forbund=forbund) if m != norberg and m.left is None]
    for member in others:
        follow(page, page.get_by_role("link", name="Registrera ett svar"))
        page.get_by_label("Medlem").select_option(str(member.pk))
        page.get_by_label("Svarsdatum").fill(YESTERDAY.isoformat())
        page.get_by_label("Yttrande").fill("Vi tillstyrker förslaget.")
        follow(page, page.get_by_role("button", name="Spara"))
    assert_accessible(page, "samråd")

    follow(page, page.get_by_role("link", name="Lägg på dagordningen"))
    page.get_by_label("Sammanträde").select_option(str(meeting.pk))
    follow(page, page.get_by_role("button", name="Lägg på dagordningen"))
    item = meeting.items.get(matter__budget=budget)
    for pid in LEDAMOTER:
        meetings.record_attendance(meeting, Person.objects.get(external_id=pid), "present", user=office)
    meetings.decide(item, "approved", "Styrelsen fastställer budgeten.", user=office)

    page.goto(f"{F}/budget/{year}/")
    content = page.locator("main").inner_text()
    assert "Inte fastställd" not in content.split("Ska fastställas")[0]
    assert "budget-consultation" in content or "utan registrerat samråd med Norberg" in content
    assert_accessible(page, "fastställd budget med avvikelse")
    follow(page, page.get_by_role("link", name="Registrera ett svar"))
    page.get_by_label("Medlem").select_option(str(norberg.pk))
    page.get_by_label("Svarsdatum").fill(YESTERDAY.isoformat())
    follow(page, page.get_by_role("button", name="Spara"))
    assert "utan registrerat samråd med" not in page.locator("main").inner_text()
