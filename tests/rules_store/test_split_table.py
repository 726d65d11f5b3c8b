"""The budget page's FinsamL 5 § table asks samordna.rules.split: its ✓ never contradicts the finding."""

import datetime

import pytest

from samordna.checks.store import findings_for
from samordna.finance.models import Budget, Contribution
from samordna.finance.views import split_rows
from samordna.organisations.models import Member
from samordna.rules.split import contribution_split

VV = "sf-vastra-vastmanland"


def test_the_split_is_within_one_krona_per_contributing_member():
    ok = contribution_split([("fk", "forsakringskassan", 5001), ("r", "region", 2500), ("k", "kommun", 2499)])
    assert ok.ok and ok.total == 10000 and ok.tolerance == 3
    off = contribution_split([("fk", "forsakringskassan", 5004), ("r", "region", 2500), ("k", "kommun", 2496)])
    assert not off.group("state").ok and off.group("region").ok and not off.group("kommun").ok
    # An outsider's contribution is outside the split (and a finding of its own).
    outside = contribution_split([("fk", "forsakringskassan", 500), ("r", "region", 250), ("k", "kommun", 250),
                                  ("x", None, 1000)])
    assert outside.ok and outside.outsiders == ("x",) and outside.total == 1000


@pytest.mark.django_db
@pytest.mark.parametrize("amounts", [
    {"forsakringskassan": 500, "arbetsformedlingen": 0, "region": 250, "kommun": 250, "outsider": 1000},
    {"forsakringskassan": 5004, "region": 2500, "kommun": 2496},
    {"forsakringskassan": 5001, "region": 2501, "kommun": 2498},
])
def test_the_budget_pages_table_agrees_with_the_contribution_split_finding(demo, amounts):
    forbund = demo[VV]
    year = 2031
    budget = Budget.objects.create(forbund=forbund, year=year, adopted=datetime.date(2030, 11, 20))
    members = {m.kind: m for m in Member.objects.filter(forbund=forbund).order_by("pk")}
    outsider = Member.objects.filter(forbund=forbund, kind="kommun").order_by("pk").last()
    for kind, amount in amounts.items():
        if kind == "outsider":
            outsider.left = datetime.date(2029, 12, 31)
            outsider.save()
            member = outsider
        else:
            member = members[kind]
        Contribution.objects.create(forbund=forbund, budget=budget, member=member, amount=amount)
    contributions = list(budget.contributions.select_related("member"))
    _total, rows = split_rows(contributions, forbund, year)
    found = [f for f in findings_for([VV], datetime.date(2031, 2, 1))
             if f.rule == "contribution-split" and f.subject_id == str(year) and "fördelas fel" in f.message]
    assert all(row["ok"] for row in rows) == (not found), (rows, found)
