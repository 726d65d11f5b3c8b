"""The canonical form of a document."""

import copy

from samordna.exchange.canonical import canonical
from samordna.exchange.validate import validate_document
from tests.exchange_pure.helpers import exempel


def minimal(**forbund) -> dict:
    return {"format": "samordna-exchange/1", "persons": [], "forbund": [{"id": "f", **forbund}]}


def test_it_is_idempotent_and_keeps_the_document_valid():
    once = canonical(exempel())
    assert canonical(once) == once
    assert validate_document(once) == []


def test_it_does_not_change_its_argument():
    doc = exempel()
    before = copy.deepcopy(doc)
    canonical(doc)
    assert doc == before


def test_it_orders_the_top_level_keys():
    doc = {
        "consultations": [],
        "forbund": [],
        "extra": {"a": 1},
        "persons": [],
        "format": "samordna-exchange/1",
    }
    assert list(canonical(doc)) == ["format", "persons", "forbund", "consultations", "extra"]


def test_it_emits_every_list_and_omits_null_scalars_and_false_flags():
    doc = minimal(
        name=None,
        meetings=[
            {
                "id": "m",
                "date": "2025-01-01",
                "kind": None,
                "attendance": None,
                "items": [
                    {"id": "i", "major": False, "personnel_or_election": True, "decision": None, "extra": {}}
                ],
            }
        ],
    )
    forbund = canonical(doc)["forbund"][0]
    assert "name" not in forbund
    assert forbund["members"] == [] and forbund["notices"] == []
    assert forbund["meetings"] == [
        {
            "id": "m",
            "date": "2025-01-01",
            "attendance": [],
            "items": [{"id": "i", "personnel_or_election": True, "recused": [], "substitutes": []}],
        }
    ]


def test_it_fills_in_the_statutes():
    forbund = canonical(minimal())["forbund"][0]
    assert forbund["statutes"] == {
        "board_term_start": "01-01",
        "notice_days": 7,
        "adjust_within_days": 14,
        "report_interval_months": 4,
        "equity_ceiling": None,
    }
    steps = [{"up_to": None, "percent": 15}, {"up_to": 5000000, "percent": 20}]
    forbund = canonical(minimal(statutes={"notice_days": 10, "equity_ceiling": steps}))["forbund"][0]
    assert forbund["statutes"]["notice_days"] == 10
    assert forbund["statutes"]["equity_ceiling"] == [{"up_to": 5000000, "percent": 20}, {"percent": 15}]


def test_it_sorts_members_by_kind_and_member_lists_in_member_order():
    members = [
        {"id": "k2", "kind": "kommun", "code": "1980"},
        {"id": "k1", "kind": "kommun", "code": "1961"},
        {"id": "reg", "kind": "region", "code": "19"},
        {"id": "af", "kind": "arbetsformedlingen"},
        {"id": "fk", "kind": "forsakringskassan"},
    ]
    mandates = [
        {"person": "p", "role": "revisor", "appointed_by": ["k2", "reg", "k1"], "from": "2023-01-01"},
        {"person": "p", "role": "ledamot", "appointed_by": ["k1"], "from": "2023-01-01"},
    ]
    forbund = canonical(
        minimal(members=members, mandates=mandates, insatser=[{"id": "i", "parties": ["k1", "fk", "reg"]}])
    )["forbund"][0]
    assert [m["id"] for m in forbund["members"]] == ["fk", "af", "reg", "k1", "k2"]
    assert forbund["mandates"][0]["appointed_by"] == "k1"
    assert forbund["mandates"][1]["appointed_by"] == ["reg", "k1", "k2"]
    assert forbund["insatser"][0]["parties"] == ["fk", "reg", "k1"]


def test_it_omits_nested_objects_that_hold_nothing():
    doc = minimal(
        meetings=[{"id": "m", "date": "2025-01-01", "minutes": {"adjusters": None, "adjusted": None}}],
        budgets=[{"year": 2025, "allocations": {}}],
    )
    forbund = canonical(doc)["forbund"][0]
    assert "minutes" not in forbund["meetings"][0]
    assert "allocations" not in forbund["budgets"][0]


def test_it_sorts_meetings_items_and_years():
    doc = minimal(
        meetings=[
            {
                "id": "b",
                "date": "2025-02-01",
                "items": [{"id": "x2", "number": 2}, {"id": "x1", "number": 1}],
            },
            {"id": "a", "date": "2025-01-01"},
        ],
        budgets=[{"year": 2026}, {"year": 2025}],
    )
    forbund = canonical(doc)["forbund"][0]
    assert [m["id"] for m in forbund["meetings"]] == ["a", "b"]
    assert [i["id"] for i in forbund["meetings"][1]["items"]] == ["x1", "x2"]
    assert [b["year"] for b in forbund["budgets"]] == [2025, 2026]


def test_it_keeps_extra_as_it_is():
    extra = {"z": [3, 1, {"b": None, "a": 1}], "a": None}
    doc = minimal(extra=extra)
    assert canonical(doc)["forbund"][0]["extra"] == extra
