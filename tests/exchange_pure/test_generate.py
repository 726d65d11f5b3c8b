"""The synthetic national data set."""

import pytest

from samordna.exchange.canonical import canonical
from samordna.exchange.generate import generate
from samordna.exchange.validate import validate_document


@pytest.fixture(scope="module")
def national():
    # Three years keep the suite quick; the 10-year set is exercised by `make bench`.
    return generate(75, 3, seed=2026), None


def test_it_is_deterministic_for_a_seed():
    assert generate(4, 3, seed=5) == generate(4, 3, seed=5)


def test_it_differs_for_another_seed():
    assert generate(4, 3, seed=5) != generate(4, 3, seed=6)


def test_it_makes_a_small_valid_canonical_document():
    doc = generate(6, 5, seed=1)
    assert validate_document(doc) == []
    assert canonical(doc) == doc
    assert len(doc["forbund"]) == 6


def test_it_makes_a_valid_canonical_national_data_set(national):
    doc, _ = national
    assert validate_document(doc) == []
    assert canonical(doc) == doc


def test_it_covers_most_kommuner_with_about_75_forbund(national):
    doc, _ = national
    assert len(doc["forbund"]) == 75
    codes = [m["code"] for f in doc["forbund"] for m in f["members"] if m["kind"] == "kommun"]
    assert len(codes) == len(set(codes))  # a kommun is a member of one förbund
    assert 265 <= len(codes) <= 285
    for f in doc["forbund"]:
        kinds = [m["kind"] for m in f["members"]]
        assert kinds.count("forsakringskassan") == 1 and kinds.count("arbetsformedlingen") == 1
        assert kinds.count("region") == 1 and 1 <= kinds.count("kommun") <= 15
        assert f["id"].startswith("sf-") and f["id"].isascii()


def test_it_splits_most_contributions_exactly_by_law(national):
    doc, _ = national
    exact = off = 0
    for f in doc["forbund"]:
        kind = {m["id"]: m["kind"] for m in f["members"]}
        for budget in f["budgets"]:
            sums = {"state": 0, "region": 0, "kommun": 0}
            for c in budget["contributions"]:
                k = kind[c["member"]]
                sums["state" if k in ("forsakringskassan", "arbetsformedlingen") else k] += c["amount"]
            total = sum(sums.values())
            assert 2_000_000 <= total <= 40_100_000
            if sums["state"] * 2 == total and sums["region"] * 4 == total and sums["kommun"] * 4 == total:
                exact += 1
            else:
                off += 1
    assert off >= 1
    assert exact / (exact + off) > 0.95


def test_it_has_a_realistic_rhythm(national):
    doc, _ = national
    forbund = doc["forbund"][0]
    per_year = {}
    for meeting in forbund["meetings"]:
        per_year[meeting["date"][:4]] = per_year.get(meeting["date"][:4], 0) + 1
        assert 5 <= len(meeting["items"])
    assert all(6 <= n <= 11 for year, n in per_year.items() if year >= forbund["founded"][:4])
    counts = [len(f["insatser"]) for f in doc["forbund"]]
    assert min(counts) >= 3 and max(counts) <= 60
    covered_years = sum(len(c["forbund"]) for c in doc["consultations"] if c["kind"] == "medlemssamrad")
    assert covered_years > 75 * 2


def test_it_sprinkles_a_few_breaches(national):
    doc, _ = national
    late_budget = {
        f["id"]
        for f in doc["forbund"]
        for b in f["budgets"]
        if f["founded"] < f"{b['year'] - 1}-11-30" and b["adopted"] > f"{b['year'] - 1}-11-30"
    }
    assert 1 <= len(late_budget) <= 12
    board_reps = 0
    for c in doc["consultations"]:
        seats = {
            m["person"]
            for f in doc["forbund"]
            if f["id"] in c["forbund"]
            for m in f["mandates"]
            if m["role"] in ("ledamot", "ersattare") and m["from"] <= c["date"] <= m.get("to", "9999")
        }
        board_reps += sum(1 for p in c["participants"] if p.get("represents") and p["person"] in seats)
    assert board_reps >= 1
    late_minutes = sum(
        1 for f in doc["forbund"] for m in f["meetings"] if "adjusted" not in m.get("minutes", {})
    )
    assert late_minutes >= 1
