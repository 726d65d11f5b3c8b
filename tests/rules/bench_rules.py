"""Timing of the rule engine on a synthetic national data set (run by hand, not a test).

Usage: .venv/bin/python tests/rules/bench_rules.py [forbund] [years]
"""

from __future__ import annotations

import datetime
import sys
import time
from typing import Any

from samordna.rules import check_document

KINDS = [
    ("fk", "forsakringskassan", None),
    ("af", "arbetsformedlingen", None),
    ("reg", "region", "19"),
    ("k1", "kommun", "1980"),
    ("k2", "kommun", "1961"),
]


def synthetic(n_forbund: int, years: int, first: int = 2016) -> dict[str, Any]:
    """A national document: n förbund with `years` years of meetings, insatser, budgets and reports."""
    persons: list[dict[str, Any]] = []
    forbund_list: list[dict[str, Any]] = []
    consultations: list[dict[str, Any]] = []
    for n in range(n_forbund):
        f = f"f{n}"
        members = [
            {"id": f"{f}-{k}", "kind": kind, "name": f"{k} {n}", "code": code} for k, kind, code in KINDS
        ]
        mandates: list[dict[str, Any]] = []
        for term in range(first, first + years + 4, 4):
            start, end = f"{term}-01-01", f"{term + 3}-12-31"
            for k, kind, _ in KINDS:
                basis = "anstalld" if kind in ("forsakringskassan", "arbetsformedlingen") else "fullmaktige"
                for role in ("led", "ers"):
                    pid = f"{f}-{role}-{k}-{term}"
                    persons.append({"id": pid, "name": pid})
                    row = {
                        "person": pid,
                        "role": "ledamot" if role == "led" else "ersattare",
                        "appointed_by": f"{f}-{k}",
                        "basis": basis,
                        "from": start,
                        "to": end,
                    }
                    if role == "ers":
                        row["substitute_order"] = 1
                    mandates.append(row)
            mandates.append({"person": f"{f}-led-k1-{term}", "role": "ordforande", "from": start, "to": end})
            mandates.append(
                {"person": f"{f}-led-reg-{term}", "role": "vice_ordforande", "from": start, "to": end}
            )
            mandates.append(
                {
                    "person": f"{f}-rev",
                    "role": "revisor",
                    "appointed_by": [f"{f}-reg", f"{f}-k1", f"{f}-k2", f"{f}-fk"],
                    "from": start,
                    "to": end,
                }
            )
        persons.append({"id": f"{f}-rev", "name": "rev"})
        meetings, budgets, reports, notices, insatser = [], [], [], [], []
        for year in range(first, first + years):
            term = first + (year - first) // 4 * 4
            for month in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11):
                date = datetime.date(year, month, 20)
                mid = f"{f}-m-{date}"
                attendance = [{"person": f"{f}-led-{k}-{term}", "capacity": "ledamot"} for k, _, _ in KINDS]
                items = []
                for number in range(1, 7):
                    votes = (
                        [{"person": a["person"], "vote": "yes"} for a in attendance] if number == 1 else None
                    )
                    items.append(
                        {
                            "id": f"{mid}-p{number}",
                            "number": number,
                            "title": "x",
                            "kind": "decision",
                            "major": number == 2,
                            "documents_sent": str(date - datetime.timedelta(days=9)),
                            "decision": {"outcome": "approved", "votes": votes},
                        }
                    )
                    if number == 2:
                        notices.append(
                            {
                                "id": f"{mid}-n",
                                "date": str(date + datetime.timedelta(days=5)),
                                "recipients": [m["id"] for m in members],
                                "about": f"{mid}-p2",
                            }
                        )
                meetings.append(
                    {
                        "id": mid,
                        "date": str(date),
                        "notice_sent": str(date - datetime.timedelta(days=9)),
                        "attendance": attendance,
                        "items": items,
                        "minutes": {
                            "adjusted": str(date + datetime.timedelta(days=7)),
                            "adjusters": [f"{f}-led-k1-{term}", f"{f}-led-fk-{term}"],
                        },
                    }
                )
            budgets.append(
                {
                    "year": year,
                    "adopted": f"{year - 1}-11-20",
                    "contributions": [
                        {"member": f"{f}-fk", "amount": 4000000},
                        {"member": f"{f}-reg", "amount": 2000000},
                        {"member": f"{f}-k1", "amount": 1000000},
                        {"member": f"{f}-k2", "amount": 1000000},
                    ],
                    "allocations": {"insatser": 6000000},
                    "consulted": [{"member": m["id"], "date": f"{year - 1}-10-01"} for m in members],
                }
            )
            reports.append(
                {
                    "year": year,
                    "made": f"{year + 1}-03-10",
                    "delivered_to_members": f"{year + 1}-03-15",
                    "equity": 1000000,
                    "audit": {
                        "report_date": f"{year + 1}-04-01",
                        "delivered_to": [m["id"] for m in members],
                        "remarks": [],
                    },
                    "discharge": [
                        {"member": m["id"], "decision": "granted", "date": f"{year + 1}-05-15"}
                        for m in members
                    ],
                }
            )
            for i in range(3):
                insatser.append(
                    {
                        "id": f"{f}-ins-{year}-{i}",
                        "name": "i",
                        "direction": "individ",
                        "parties": [f"{f}-fk", f"{f}-k1"],
                        "concerns": [],
                        "start": f"{year}-03-01",
                        "end": f"{year + 1}-02-28",
                        "followup_registered": f"{year}-03-05",
                        "funding": [{"year": year, "amount": 500000, "decided_in": f"{f}-m-{year}-02-20-p3"}],
                        "reports": [{"date": f"{year}-0{m}-01", "kind": "progress"} for m in (5, 8)]
                        + [
                            {"date": f"{year}-11-01", "kind": "progress"},
                            {"date": f"{year + 1}-04-01", "kind": "final"},
                        ],
                    }
                )
            consultations.append(
                {
                    "id": f"{f}-c-{year}",
                    "kind": "medlemssamrad",
                    "forbund": [f],
                    "date": f"{year}-05-10",
                    "convener": {"person": f"{f}-rep", "appointed_by": f"{f}-k1"},
                    "participants": [{"person": f"{f}-rep-{m['id']}", "represents": m["id"]} for m in members]
                    + [
                        {
                            "person": f"{f}-led-k1-{first + (year - first) // 4 * 4}",
                            "for_forbund": f,
                            "capacity": "ordforande",
                        }
                    ],
                    "agenda": [
                        {"topic": t} for t in ("results", "obstacles", "needs", "long_term", "budget")
                    ],
                    "decisions": [],
                }
            )
        forbund_list.append(
            {
                "id": f,
                "name": f,
                "founded": f"{first - 1}-06-01",
                "members": members,
                "mandates": mandates,
                "meetings": meetings,
                "insatser": insatser,
                "budgets": budgets,
                "annual_reports": reports,
                "notices": notices,
            }
        )
    return {
        "format": "samordna-exchange/1",
        "persons": persons,
        "forbund": forbund_list,
        "consultations": consultations,
    }


def main() -> None:
    """Time check_document on 1 and N years of data."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 75
    years = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    for span in (1, years):
        doc = synthetic(n, span, first=2026 - span)
        start = time.perf_counter()
        findings = check_document(doc, datetime.date(2026, 6, 30))
        elapsed = time.perf_counter() - start
        items = sum(len(m["items"]) for f in doc["forbund"] for m in f["meetings"])
        print(f"{n} förbund, {span} years, {items} items: {elapsed:.3f} s, {len(findings)} findings")


if __name__ == "__main__":
    main()
