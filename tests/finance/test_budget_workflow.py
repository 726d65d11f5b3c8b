"""The budget workflow against the demo's Västra Västmanland: from the state amount to adoption, with the
consultation; the page and the rule agree on the split; preconditions; access."""

import datetime
import re

import pytest

from samordna.lib.services import DomainError
from tests.conftest import TODAY
from tests.meetings.conducthelpers import LEDAMOTER, attend

OWN = "sf-vastra-vastmanland"
DAY = datetime.timedelta(days=1)


@pytest.fixture
def office(demo):
    from samordna.accounts.models import User

    return User.objects.get(email="chef@vastmanland.example.se")


def _open_budget(forbund):
    from samordna.finance.models import Budget

    return Budget.objects.filter(forbund=forbund, adopted__isnull=True).order_by("-year").first()


def _fresh_budget(forbund, office, state=5_000_000):
    """A budget for a later year than the demo's, with its state amount and a population split computed."""
    from samordna.finance import services
    from samordna.finance.models import Budget

    year = Budget.objects.filter(forbund=forbund).order_by("-year").first().year + 1
    budget = services.create_budget(forbund, year, user=office)
    services.record_state_amount(budget, user=office, kind="preliminary", amount=state, date=TODAY)
    members = services.budget_members(budget)
    weights = {m.pk: 10_000 + 3_000 * n for n, m in enumerate(members) if m.kind == "kommun"}
    services.compute_contributions(budget, user=office, key="population", weights=weights,
                                   reference_date=TODAY - DAY)
    return budget


def _page_verdicts(client, budget):
    html = client.get(f"/f/{budget.forbund.slug}/budget/{budget.year}/").content.decode()
    return {g: ok == "1" for g, ok in re.findall(r'data-group="(\w+)" data-ok="([01])"', html)}, html


def _rule_verdicts(budget):
    from samordna.rules.split import contribution_split

    found = contribution_split((c.member_id, c.member.kind, c.amount)
                               for c in budget.contributions.select_related("member"))
    return {g.group: g.ok for g in found.groups}


def test_budget_from_the_state_amount(demo, office, persona_client):
    budget = _fresh_budget(demo[OWN], office, state=5_000_001)
    amounts = {c.member.kind: c.amount for c in budget.contributions.select_related("member")
               if c.member.kind != "kommun"}
    assert sum(c.amount for c in budget.contributions.all()) == 10_000_002
    assert amounts["forsakringskassan"] == 5_000_001
    verdicts, html = _page_verdicts(persona_client("office"), budget)
    assert verdicts == _rule_verdicts(budget) == {"state": True, "region": True, "kommun": True}
    assert "✓ Fördelningen följer lagen." in html


@pytest.mark.parametrize("change", [0, 1, 2, -2, 50_000])
def test_page_and_rule_agree_on_adjusted_contributions(demo, office, persona_client, change):
    """Adjust a kommun's contribution: the page's ✓/✗ per group is what contribution_split says, and for an
    adopted budget the stored findings have contribution-split exactly when the page says ✗."""
    from samordna.checks.store import forbund_findings as findings_for
    from samordna.finance import services
    forbund = demo[OWN]
    budget = _fresh_budget(forbund, office)
    kommun = budget.contributions.filter(member__kind="kommun").first()
    services.adjust_contribution(kommun, kommun.amount + change, user=office)
    verdicts, _html = _page_verdicts(persona_client("office"), budget)
    assert verdicts == _rule_verdicts(budget)
    assert verdicts["kommun"] == (abs(change) <= len(verdicts) and abs(change) <= 6)
    # Adopted (as the rule judges it): the finding agrees with the page.
    budget.adopted = TODAY - DAY
    budget.save()
    found = [f for f in findings_for(forbund, TODAY) if f.rule == "contribution-split"
             and f.subject_id == str(budget.year)]
    assert bool(found) == (not all(verdicts.values()))


def test_what_if_another_state_amount_writes_nothing(demo, office, persona_client):
    budget = _fresh_budget(demo[OWN], office)
    before = list(budget.contributions.values_list("member_id", "amount"))
    html = persona_client("office").get(f"/f/{OWN}/budget/{budget.year}/?state_amount=6000000").content.decode()
    assert "Om staten betalar 6\u00a0000\u00a0000\u00a0kr" in html
    assert "3\u00a0000\u00a0000\u00a0kr" in html  # the region's quarter of 12 000 000
    assert list(budget.contributions.values_list("member_id", "amount")) == before


def test_preconditions(demo, office):
    from samordna.finance import services
    from samordna.finance.models import Budget
    from samordna.rules import deadlines

    forbund = demo[OWN]
    year = Budget.objects.filter(forbund=forbund).order_by("-year").first().year + 1
    budget = services.create_budget(forbund, year, user=office)
    with pytest.raises(DomainError, match="redan en budget"):
        services.create_budget(forbund, year, user=office)
    with pytest.raises(DomainError, match="statens belopp först"):
        services.compute_contributions(budget, user=office, key="population", weights={}, reference_date=TODAY)
    with pytest.raises(DomainError, match="framtiden"):
        services.record_state_amount(budget, user=office, kind="final", amount=1, date=TODAY + DAY)
    with pytest.raises(DomainError, match="Beräkna medlemsbidragen"):
        services.send_consultation(budget, TODAY + DAY, TODAY + 2 * DAY, user=office)
    services.record_state_amount(budget, user=office, kind="final", amount=4_000_000, date=TODAY)
    with pytest.raises(DomainError) as caught:
        services.compute_contributions(budget, user=office, key="population", weights={}, reference_date=TODAY)
    assert caught.value.field == "weights"
    budget = _fresh_budget(forbund, office)
    with pytest.raises(DomainError, match="senast"):
        services.send_consultation(budget, TODAY + DAY, deadlines.budget_due(budget.year) + DAY, user=office)
    with pytest.raises(DomainError, match="efter svarsdagen"):
        services.send_consultation(budget, TODAY + 5 * DAY, TODAY + 5 * DAY, user=office)
    adopted = Budget.objects.filter(forbund=forbund, adopted__isnull=False).first()
    with pytest.raises(DomainError, match="fastställd"):
        services.adjust_contribution(adopted.contributions.first(), 1, user=office)


def test_consultation_letters_and_a_member_without_representative(demo, office, mailoutbox_worker=None):
    from samordna.finance import services
    from samordna.finance.models import ConsultationLetter
    from samordna.mail.models import Message
    from samordna.organisations import services as organisations
    from samordna.organisations.models import Member

    forbund = demo[OWN]
    budget = _fresh_budget(forbund, office)
    norberg = Member.objects.get(external_id="vv-1962")
    for rep in norberg.representatives.all():
        organisations.end_representative(rep, TODAY - DAY, user=office)
    services.send_consultation(budget, TODAY + 7 * DAY, TODAY + 14 * DAY, user=office)
    letters = {letter.member.external_id: letter for letter in ConsultationLetter.objects.filter(
        consultation__budget=budget)}
    assert letters["vv-1962"].recipients == [] and letters["vv-1962"].message is None
    vasteras = letters["vv-1980"]
    assert vasteras.message is not None
    message = Message.objects.get(pk=vasteras.message_id)
    assert f"{vasteras.amount:,}".replace(",", "\u00a0") in message.body
    attachment = message.attachments.get()
    assert attachment.content[:5] == b"%PDF-" and attachment.mimetype == "application/pdf"
    with pytest.raises(DomainError, match="redan skickat"):
        services.send_consultation(budget, TODAY + 7 * DAY, TODAY + 14 * DAY, user=office)


def test_adoption_at_a_meeting_and_the_consultation_finding(demo, office, persona_client):
    """Adopt the open budget (sent on consultation by the demo, one member has not answered): the finding
    names that member until its answer, dated before the adoption, is recorded."""
    from samordna.checks.store import forbund_findings as findings_for
    from samordna.finance import services
    from samordna.finance.models import ConsultationAnswer
    from samordna.meetings import services as meetings

    forbund = demo[OWN]
    budget = _open_budget(forbund)
    page = persona_client("office").get(f"/f/{OWN}/budget/{budget.year}/").content.decode()
    assert 'id="not-answered"' in page
    answered = set(ConsultationAnswer.objects.filter(budget=budget).values_list("member_id", flat=True))
    missing = [m for m in services.budget_members(budget) if m.pk not in answered]
    assert len(missing) == 1
    # The member took part in no samråd on the budget either (the demo's samråd count as consultation).
    from samordna.samrad.models import Participant

    Participant.objects.filter(represents=missing[0]).delete()
    # Tomorrow: the answers the demo recorded today fall before the adoption, as the rule wants.
    adopt_day = TODAY + DAY
    meeting = meetings.create_meeting(forbund, user=office, date=adopt_day, with_opening_items=False)
    item = services.add_budget_to_agenda(budget, meeting, user=office)
    assert item.matter.budget_id == budget.pk
    attend(meeting, office, *LEDAMOTER)
    meetings.decide(item, "approved", "Styrelsen fastställer budgeten.", user=office)
    budget.refresh_from_db()
    assert budget.adopted == adopt_day and budget.decided_in_id == item.pk
    found = [f for f in findings_for(forbund, adopt_day) if f.rule == "budget-consultation"
             and f.subject_id == str(budget.year)]
    assert len(found) == 1 and missing[0].name in found[0].message, found
    others = [m.name for m in services.budget_members(budget) if m != missing[0]]
    assert not any(name in found[0].message for name in others)
    services.record_consultation_answer(budget, missing[0], user=office, date=TODAY - DAY, statement="Ja.")
    assert not [f for f in findings_for(forbund, adopt_day) if f.rule == "budget-consultation"
                and f.subject_id == str(budget.year)]


def test_adoption_after_30_november_is_refused(demo, office):
    from samordna.diarium import services as diarium
    from samordna.finance import services
    from samordna.meetings import services as meetings

    forbund = demo[OWN]
    budget = services.create_budget(forbund, TODAY.year - 6, user=office)
    with pytest.raises(DomainError, match="senast"):
        services.add_budget_to_agenda(budget, meetings.create_meeting(forbund, user=office, date=TODAY),
                                      user=office)
    matter = diarium.register_matter(forbund, user=office, registered=TODAY, title="Sen budget", kind="budget",
                                     budget=budget)
    meeting = meetings.create_meeting(forbund, user=office, date=TODAY, with_opening_items=False)
    item = meetings.add_item(meeting, user=office, matter=matter)
    attend(meeting, office, *LEDAMOTER)
    with pytest.raises(DomainError, match="30 november|senast"):
        meetings.decide(item, "approved", user=office)
    budget.refresh_from_db()
    assert budget.adopted is None and not hasattr(item, "decision") or not item.decisions.exists() \
        if hasattr(item, "decisions") else budget.adopted is None


def test_member_records_only_its_own_answer(demo, office, persona_client):
    from samordna.finance.models import ConsultationAnswer
    from samordna.organisations.models import Member

    forbund = demo[OWN]
    budget = _fresh_budget(forbund, office)
    from samordna.finance import services

    services.send_consultation(budget, TODAY + 7 * DAY, TODAY + 14 * DAY, user=office)
    client = persona_client("member")
    url = f"/f/{OWN}/budget/{budget.year}/samrad/svar/"
    page = client.get(url).content.decode()
    vasteras, norberg = Member.objects.get(external_id="vv-1980"), Member.objects.get(external_id="vv-1962")
    assert "Västerås" in page and f'value="{norberg.pk}"' not in page
    response = client.post(url, {"member": norberg.pk, "date": TODAY.isoformat(), "statement": "x"})
    assert response.status_code == 200 and not ConsultationAnswer.objects.filter(budget=budget).exists()
    response = client.post(url, {"member": vasteras.pk, "date": TODAY.isoformat(), "statement": "Vi tillstyrker."})
    assert response.status_code == 302
    answer = ConsultationAnswer.objects.get(budget=budget)
    assert answer.member == vasteras and answer.consulted.how == "written" and answer.consulted.date == TODAY
    assert persona_client("board").get(url).status_code == 403


@pytest.mark.parametrize("path", ["", "berakna/", "statens-belopp/", "samrad/", "samrad/svar/", "utfall/"])
def test_another_forbunds_budget_is_404(demo, persona_client, path):
    from samordna.finance.models import Budget

    budget = Budget.objects.filter(forbund=demo[OWN]).first()
    assert persona_client("outsider").get(f"/f/{OWN}/budget/{budget.year}/{path}").status_code == 404


def test_office_pages_and_bad_input(demo, office, persona_client):
    from samordna.finance.models import BudgetOutcome

    budget = _fresh_budget(demo[OWN], office)
    client = persona_client("office")
    base = f"/f/{OWN}/budget/{budget.year}/"
    for path in ("berakna/", "statens-belopp/", "samrad/", "fordelning/", "utfall/", "dagordning/"):
        assert client.get(base + path).status_code == 200, path
    response = client.post(base + "statens-belopp/", {"kind": "final", "amount": "-5", "date": "x"})
    assert response.status_code == 200 and "negativt" in response.content.decode()
    response = client.post(base + "utfall/", {"period": "q1", "insatser": "100", "administration": "50"})
    assert response.status_code == 302
    assert BudgetOutcome.objects.get(budget=budget).total == 150
    assert "Kvartal 1" in client.get(base).content.decode()
    assert persona_client("board").get(base + "berakna/").status_code == 403


def test_verksamhetsplan_pages(demo, office, persona_client):
    client = persona_client("office")
    year = TODAY.year + 5
    response = client.post(f"/f/{OWN}/verksamhetsplaner/ny/", {"year": year, "summary": "Inledning."})
    assert response.status_code == 302
    response = client.post(f"/f/{OWN}/verksamhetsplaner/{year}/mal/ny/",
                           {"text": "Fler i arbete.", "needs": "Hög arbetslöshet.", "indicators": "Andel i arbete."})
    assert response.status_code == 302
    page = client.get(f"/f/{OWN}/verksamhetsplaner/{year}/").content.decode()
    assert "Fler i arbete." in page and "Hög arbetslöshet." in page
    response = client.post(f"/f/{OWN}/verksamhetsplaner/{year}/mal/ny/", {"text": ""})
    assert response.status_code == 200 and "Skriv målet." in response.content.decode()
