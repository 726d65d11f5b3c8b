"""The beredning's checklist (rules.insatser.beredning_checklist): the same tests as the rules insats-parties,
insats-direction, insats-within-budget and insats-anchoring, on an application not yet decided."""

from __future__ import annotations

import datetime

from samordna.rules.context import DocumentIndex
from samordna.rules.insatser import beredning_checklist

AS_OF = datetime.date(2026, 1, 20)


def _application(forbund, **fields):
    insats = {"id": "ex-ans-1", "name": "Ny ansökan", "direction": "individ", "parties": ["ex-k1", "ex-fk"],
              "concerns": ["ex-k1", "ex-k2"], "anchoring": [{"member": "ex-k1", "date": "2026-01-10"}]}
    insats.update(fields)
    forbund["insatser"].append(insats)
    return insats


def _run(doc, insats, requested, as_of=AS_OF):
    ctx = DocumentIndex(doc, as_of).context("ex")
    return {c.key: c for c in beredning_checklist(ctx, insats, requested, as_of)}


def test_a_complete_application_passes_but_for_the_missing_anchoring(doc, forbund):
    items = _run(doc, _application(forbund), {2026: 500_000})
    assert [k for k, c in items.items() if not c.ok] == ["anchoring-ex-k2"]
    finding = items["anchoring-ex-k2"].finding
    assert finding.rule == "insats-anchoring" and finding.subject_id == "ex-ans-1" and finding.level == "warning"
    assert items["anchoring-ex-k1"].finding is None


def test_the_anchoring_must_be_dated_by_the_day_the_list_is_judged(doc, forbund):
    insats = _application(forbund, anchoring=[{"member": "ex-k1", "date": "2026-01-10"},
                                              {"member": "ex-k2", "date": "2026-01-21"}])
    assert not _run(doc, insats, {2026: 1})["anchoring-ex-k2"].ok
    assert _run(doc, insats, {2026: 1}, datetime.date(2026, 1, 21))["anchoring-ex-k2"].ok


def test_kommuner_count_as_one_party(doc, forbund):
    items = _run(doc, _application(forbund, parties=["ex-k1", "ex-k2"]), {2026: 1})
    assert not items["parties"].ok and items["parties"].finding.rule == "insats-parties"
    assert _run(doc, _application(forbund, id="ex-ans-2", parties=["ex-k1", "ex-reg"]), {2026: 1})["parties"].ok


def test_no_direction_is_a_finding_of_insats_direction(doc, forbund):
    items = _run(doc, _application(forbund, direction=None), {2026: 1})
    assert not items["direction"].ok and items["direction"].finding.rule == "insats-direction"


def test_the_funds_must_fit_beside_the_other_approved_insatser(doc, forbund):
    # 2026: 6 000 000 set aside, 1 800 000 approved for Steget vidare: 4 200 000 left.
    assert _run(doc, _application(forbund), {2026: 4_200_000})["budget-2026"].ok
    item = _run(doc, _application(forbund, id="ex-ans-2"), {2026: 4_200_001})["budget-2026"]
    assert not item.ok and item.finding.rule == "insats-within-budget"
    assert "6 000 001 kr" in item.finding.message and "6 000 000 kr" in item.finding.message


def test_a_year_without_an_adopted_budget_cannot_be_judged(doc, forbund):
    item = _run(doc, _application(forbund), {2027: 1})["budget-2027"]
    assert not item.ok and "ingen fastställd budget" in item.finding.message
    forbund["budgets"].append({"year": 2027, "adopted": "2026-11-25", "allocations": {"insatser": 5}})
    assert not _run(doc, forbund["insatser"][-1], {2027: 1})["budget-2027"].ok  # adopted after the day
    assert _run(doc, forbund["insatser"][-1], {2027: 1}, datetime.date(2026, 11, 25))["budget-2027"].ok
