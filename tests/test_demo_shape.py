"""What the demo must show (issues 9 and 10): insatser in every state with their reports and charts, budgets
for four years with their consultations, annual reports with remarks, responses and discharges, one refusal —
on the day the tests run, and (for what the showcase carries) on any day."""

import datetime

import pytest
from django.urls import reverse

from samordna.organisations.demo import demo_document
from tests.conftest import TODAY

VV = "sf-vastra-vastmanland"


@pytest.mark.django_db
def test_the_demo_has_insatser_in_every_state_with_reports_and_the_charts_show_them(demo, persona_client):
    from samordna.insatser.models import Insats, InsatsStatus, Report

    insatser = Insats.objects.filter(forbund=demo[VV])
    assert insatser.count() >= 6
    assert set(insatser.values_list("status", flat=True)) == set(InsatsStatus.values)
    closed = insatser.get(status=InsatsStatus.CLOSED)
    assert closed.reports.filter(kind="final").exists() and closed.reports.filter(kind="progress").exists()
    assert Report.objects.filter(insats__forbund=demo[VV], insats__status=InsatsStatus.ACTIVE).exists()
    page = persona_client("office").get(reverse("insatser-overview", kwargs={"slug": VV})).content.decode()
    assert page.count('role="img"') >= 3  # the three charts, each with its table
    for insats in insatser.filter(status__in=[InsatsStatus.ACTIVE, InsatsStatus.CLOSED]):
        assert insats.name in page


@pytest.mark.django_db
def test_the_demo_has_four_budget_years_with_consultations_and_audited_annual_reports(demo):
    from samordna.finance.models import AnnualReport, Budget, ConsultationAnswer

    budgets = Budget.objects.filter(forbund=demo[VV]).order_by("year")
    assert budgets.count() >= 4
    for budget in budgets:
        assert hasattr(budget, "consultation_round"), budget.year  # letters to every member
        assert ConsultationAnswer.objects.filter(budget=budget).exists(), budget.year
    assert budgets.filter(adopted__isnull=False).count() >= 3
    reports = AnnualReport.objects.filter(forbund__in=demo.values())
    remarks = [remark for report in reports if hasattr(report, "audit") for remark in report.audit.remarks.all()]
    assert remarks and any(r.response_date or r.response_decided_in_id for r in remarks)
    decisions = {d.decision for report in reports for d in report.discharges.all() if d.date}
    assert {"granted", "refused"} <= decisions


@pytest.mark.parametrize("day", [TODAY, datetime.date(2027, 1, 10), datetime.date(2027, 7, 1),
                                 datetime.date(2027, 11, 30), datetime.date(2029, 3, 31)])
def test_the_showcase_has_an_insats_that_ended_with_its_final_report_on_any_day(day):
    """The demo closes it (an insats that has ended with its final report filed), whatever the date."""
    doc = demo_document(day)
    vv = next(f for f in doc["forbund"] if f["id"] == VV)
    ended = [i for i in vv["insatser"] if i.get("end") and datetime.date.fromisoformat(i["end"]) < day
             and any(r["kind"] == "final" and datetime.date.fromisoformat(r["date"]) <= day for r in i["reports"])]
    assert ended, day
