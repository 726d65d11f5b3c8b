"""What the section pages show: minutes with attendance, jäv and votes; the budget's split; findings in place."""

import datetime
import re

import pytest

from samordna.lib.dates import today
from tests.conftest import demo_text, demo_year

from .conftest import OTHER, OWN, url


def text(response) -> str:
    """The page's text without tags, with runs of white space as one space."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("\u00a0", " ")


def test_it_lists_a_years_meetings_newest_first(persona_client):
    page = text(persona_client("office").get(url("forbund-meetings") + f"?ar={demo_year(2026)}"))
    assert demo_text("Sammanträden 2026") in page and demo_text("Sammanträden 2025") not in page
    assert page.index(demo_text("14 maj 2026")) < page.index(demo_text("12 februari 2026"))
    assert demo_text("4 februari 2026") in page  # the notice date
    assert demo_text("20 februari 2026") in page  # minutes adjusted


def test_it_shows_attendance_with_a_serving_ersattare(persona_client):
    page = text(persona_client("board").get(url("meeting-detail", subject_id="vv-m-2026-02-12")))
    assert "Närvarande vid sammanträdet" in page
    assert "Sofia Wikström Ersättare Tjänstgörande Olof Hedlund" in page
    assert "Karin Lindqvist Förbundschef" in page
    assert "§ 3 Ansökan om medel: Steg till arbete" in page
    assert demo_text("Styrelsen beviljar 1 800 000 kr för 2026 till Steg till arbete.") in page
    assert "Justerare Erik Sandberg, Helena Strand" in page


def test_it_shows_jav_and_the_substitute_for_the_item(persona_client):
    page = text(persona_client("outsider").get(url("meeting-detail", slug=OTHER, subject_id="un-m-2026-03-10")))
    assert "Malin Forsberg deltog inte (jäv): Närstående anställd i projektet." in page
    assert "Tomas Holmberg i stället för Malin Forsberg" in page


def test_it_shows_named_votes_and_reservations(persona_client):
    page = text(persona_client("member").get(url("meeting-detail", subject_id="vv-m-2026-05-14")))
    assert "Votering: 5 ja, 1 nej, 0 avstår" in page
    assert "Gustav Lind Nej" in page
    assert "Gustav Lind reserverade sig: Förlängningen saknar förankring i Norbergs kommun." in page


@pytest.fixture
def unadjusted(demo):
    """The May meeting of the own förbund with its minutes not yet adjusted."""
    from samordna.meetings.models import Meeting
    from tests.conftest import reopen_minutes

    reopen_minutes(Meeting.objects.filter(external_id="vv-m-2026-05-14"))


def test_it_shows_a_member_organisation_only_the_date_of_an_unadjusted_meeting(persona_client, unadjusted):
    response = persona_client("member").get(url("meeting-detail", subject_id="vv-m-2026-05-14"))
    page = text(response)
    assert response.status_code == 200
    assert demo_text("Sammanträde 14 maj 2026") in page
    assert "Protokollet är inte justerat ännu" in page
    for secret in ("900 000", "Votering", "reserverade", "Samverkan psykisk hälsa", "Närvarande", "§ 4"):
        assert secret not in page
    listing = text(persona_client("member").get(url("forbund-meetings"), {"ar": str(demo_year(2026))}))
    assert demo_text("14 maj 2026") in listing and "Inte justerat" in listing
    assert demo_text("6 maj 2026") not in listing  # not even the notice date


@pytest.mark.parametrize("role", ["office", "board", "auditor", "national", "admin"])
def test_it_shows_internal_roles_an_unadjusted_meetings_decisions(persona_client, unadjusted, role):
    page = text(persona_client(role).get(url("meeting-detail", subject_id="vv-m-2026-05-14")))
    assert demo_text("Styrelsen beviljar 900 000 kr för 2026 till förlängningen.") in page
    assert "innehållet är ännu inte allmänt" in page


def test_it_shows_the_budget_with_shares_and_the_legal_split(persona_client):
    page = text(persona_client("member").get(url("budget-detail", subject_id=demo_year(2026))))
    assert f"<h1>Budget {demo_year(2026)}</h1>" in persona_client("member").get(url("budget-detail", subject_id=demo_year(2026))).text
    assert demo_text("Fastställd 20 november 2025") in page
    assert demo_text("Sammanträde 20 november 2025, § 4") in page
    assert "Försäkringskassan Försäkringskassan 6 000 000 kr 50,0 %" in page
    assert "Västerås Kommun 2 000 000 kr 16,7 %" in page
    assert "Summa 12 000 000 kr" in page
    assert "Staten (Försäkringskassan och Arbetsförmedlingen) ½ 6 000 000 kr 6 000 000 kr 50,0 % Ja" in page
    assert "Regioner ¼ 3 000 000 kr 3 000 000 kr 25,0 % Ja" in page
    assert "Kommuner ¼ 3 000 000 kr 3 000 000 kr 25,0 % Ja" in page
    assert demo_text("Arbetsförmedlingen 1 oktober 2025 Skriftligt") in page


def test_it_marks_a_split_that_breaks_the_law(persona_client, demo):
    from samordna.finance.models import Contribution

    Contribution.objects.filter(budget__forbund=demo[OWN], budget__year=demo_year(2026), member__external_id="vv-reg").update(
        amount=4000000)
    page = text(persona_client("office").get(url("budget-detail", subject_id=demo_year(2026))))
    assert "Regioner ¼ 3 250 000 kr 4 000 000 kr 30,8 % Nej" in page
    assert "Fördelningen av medlemsbidragen" in page or "contribution-split" in page  # the finding, in place


def test_it_shows_the_annual_report_with_audit_remarks_and_discharges(persona_client):
    page = text(persona_client("auditor").get(url("annual-report-detail", subject_id=str(demo_year(2025)))))
    assert demo_text("Upprättad 12 mars 2026") in page
    assert "Eget kapital vid årets slut 2 100 000 kr" in page
    assert demo_text("Revisionsberättelsens datum 9 april 2026") in page
    assert demo_text("Uppföljningen av delegationsbeslut bör dokumenteras. 14 maj 2026 Sammanträde 14 maj 2026, § 5") in page
    # The demo's one refusal (finance/demo.seed_audits): in the table and above it, for everyone concerned.
    assert demo_text("Norberg Ja Vägrad 15 juni 2026") in page
    assert demo_text("Norberg har vägrat styrelsen ansvarsfrihet för 2025 (beslut 15 juni 2026).") in page


def test_it_sends_a_remarks_finding_link_to_its_annual_report(persona_client):
    response = persona_client("office").get(url("annual-report-detail", subject_id="vv-rem-2025-1"))
    assert response.status_code == 302
    assert response["Location"] == url("annual-report-detail", subject_id=demo_text("2025")) + "#anmarkning-vv-rem-2025-1"


def test_it_shows_an_insats_with_funding_and_aggregate_reports(persona_client):
    page = text(persona_client("member").get(url("insats-detail", subject_id="vv-ins-steg")))
    assert "Inriktning Individinriktad" in page
    assert "Parter Försäkringskassan, Arbetsförmedlingen, Västerås" in page
    assert demo_text("Västerås: 20 januari 2026") in page
    assert demo_text("2026 1 800 000 kr Sammanträde 12 februari 2026, § 3") in page
    assert "14 11 1 26 Arbete: 4, Studier: 3" in page
    html = persona_client("member").get(url("insats-detail", subject_id="vv-ins-steg")).text
    assert url("meeting-detail", subject_id="vv-m-2026-02-12") + "#paragraf-vv-m-2026-02-12-p3" in html


def test_it_shows_a_samrad_with_representatives_delegation_and_agenda(persona_client):
    page = text(persona_client("member").get(url("consultation-detail", subject_id="samrad-2026-var")))
    assert "Förbund som omfattas Samordningsförbundet Uppsala norra, Samordningsförbundet Västra Västmanland" in page
    assert "Sammankallande Maria Holm (utsedd av Västerås)" in page
    assert "Västerås Maria Holm" in page
    assert "Erik Sandberg, ordförande" in page and "Karin Lindqvist, förbundschef" in page
    # The other covered förbund's part of the samråd (issue 11): its members' representatives and its
    # delegation, named under its own heading; nothing is left to count.
    other = page.split("Representanter för medlemmarna i Samordningsförbundet Uppsala norra", 1)[1]
    assert "Göran Ström" in other and "deltagare från andra förbund" not in page
    assert demo_text("Förutsättningar för budget 2027 (Budgetförutsättningar)") in page
    assert "Inga beslut registrerade" in page


def test_it_lists_planned_samrad_apart(persona_client, demo):
    from samordna.samrad.models import Consultation

    planned = Consultation.objects.create(external_id="samrad-2027-var", kind="medlemssamrad",
                                          date=today() + datetime.timedelta(days=120))
    planned.forbund.set([demo[OWN]])
    page = text(persona_client("member").get(url("forbund-samrad")))
    from samordna.web.templatetags.samordna import datum

    planned_part = page.split("Planerade samråd", 1)[1].split("Genomförda samråd", 1)[0]
    assert str(datum(planned.date)) in planned_part
    detail = text(persona_client("member").get(url("consultation-detail", subject_id="samrad-2027-var")))
    assert "Samrådet är planerat och har inte hållits ännu." in detail


def test_it_lists_the_information_to_members_of_a_year(persona_client):
    page = text(persona_client("member").get(url("forbund-notices"), {"ar": str(demo_year(2026))}))
    assert demo_text("25 maj 2026 Förlängd insats: Samverkan psykisk hälsa") in page
    assert demo_text("28 november 2025") not in page
    page = text(persona_client("member").get(url("forbund-notices"), {"ar": str(demo_year(2025))}))
    assert demo_text("28 november 2025") in page and demo_text("25 maj 2026") not in page
    assert demo_text("Sammanträde 20 november 2025, § 4") in page


def test_it_marks_the_current_section_in_the_navigation(persona_client):
    html = persona_client("office").get(url("forbund-budgets")).text
    assert re.search(r'href="/f/sf-vastra-vastmanland/budget/" aria-current="page">Budget<', html)
    html = persona_client("office").get(url("budget-detail", subject_id=demo_year(2026))).text
    assert re.search(r'href="/f/sf-vastra-vastmanland/budget/" aria-current="true">Budget<', html)
    for label in ("Sammanträden", "Insatser", "Årsredovisning", "Samråd", "Regelkontroll", "Årshjul"):
        assert f">{label}</a>" in html


def test_it_translates_the_section_pages_to_english(persona_client):
    client = persona_client("office")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(url("budget-detail", subject_id=demo_year(2026))).text
    assert f"<h1>Budget {demo_year(2026)}</h1>" in html and "Split required by law" in html
    assert ">Meetings</a>" in html and ">Interventions</a>" in html
    assert "Present at the meeting" in client.get(url("meeting-detail", subject_id="vv-m-2026-05-14")).text
