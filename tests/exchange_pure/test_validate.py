"""Validation of samordna-exchange/1 documents: structure, references and consistency, one readable problem each."""

import io
from pathlib import Path

import pytest

from samordna.exchange.validate import DocumentError, Problem, load_document, validate_document
from tests.exchange_pure.helpers import EXEMPEL, exempel, problems_after


def test_it_accepts_the_example():
    assert validate_document(exempel()) == []


def test_it_reports_an_unknown_field():
    def change(doc):
        doc["forbund"][0]["members"][0]["kinds"] = "x"

    assert problems_after(change) == ["forbund[0].members[0].kinds: unknown field"]


def test_it_accepts_anything_inside_extra_and_outcomes():
    def change(doc):
        doc["extra"] = {"anything": [1, {"deep": None}]}
        doc["forbund"][0]["members"][0]["extra"] = {"kinds": 1}
        doc["forbund"][0]["insatser"][0]["reports"][0]["outcomes"] = {"arbete": 3, "annat": 0}

    assert problems_after(change) == []


def test_it_reports_a_missing_required_field_at_the_object():
    def change(doc):
        del doc["forbund"][0]["members"][0]["kind"]

    assert problems_after(change) == ["forbund[0].members[0]: 'kind' is required"]


def test_it_reports_a_missing_format():
    def change(doc):
        del doc["format"]

    assert problems_after(change) == ["$: 'format' is required"]


def test_it_reports_a_wrong_format():
    def change(doc):
        doc["format"] = "samordna-exchange/2"

    assert problems_after(change) == [
        "format: 'samordna-exchange/2' is not samordna-exchange/1 (the only format this version reads)"
    ]


def test_it_reports_a_wrong_enumeration_value():
    def change(doc):
        doc["forbund"][0]["members"][3]["kind"] = "kommune"

    assert problems_after(change) == [
        "forbund[0].members[3].kind: 'kommune' is not one of "
        "forsakringskassan, arbetsformedlingen, region, kommun"
    ]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (
            ("meetings", 0, "attendance", 0, "capacity"),
            "chair",
            "is not one of ledamot, ersattare, forbundschef, sekreterare, other",
        ),
        (
            ("mandates", 0, "role"),
            "boss",
            "is not one of ledamot, ersattare, ordforande, vice_ordforande, forbundschef, revisor",
        ),
        (("mandates", 0, "basis"), "x", "is not one of fullmaktige, fullmaktige_ersattare, anstalld"),
        (("meetings", 0, "kind"), "x", "is not one of ordinary, extra"),
        (
            ("meetings", 0, "items", 0, "kind"),
            "x",
            "is not one of decision, information, delegation, election",
        ),
        (
            ("meetings", 0, "items", 0, "decision", "outcome"),
            "x",
            "is not one of approved, rejected, referred_back, tabled, noted, elected",
        ),
        (("insatser", 0, "reports", 0, "kind"), "x", "is not one of progress, final"),
        (("insatser", 0, "direction"), "x", "is not one of individ, struktur"),
        (("annual_reports", 0, "discharge", 0, "decision"), "x", "is not one of granted, refused"),
        (("budgets", 0, "consulted", 0, "how"), "x", "is not one of written, meeting"),
    ],
)
def test_it_reports_every_enumeration(path, value, expected):
    def change(doc):
        node = doc["forbund"][0]
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    rendered = "forbund[0]" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
    assert problems_after(change) == [f"{rendered}: {value!r} {expected}"]


def test_it_reports_consultation_enumerations():
    def change(doc):
        doc["consultations"][0]["kind"] = "x"
        doc["consultations"][0]["participants"][5]["capacity"] = "x"
        doc["consultations"][0]["agenda"][0]["topic"] = "x"
        doc["forbund"][0]["meetings"][0]["items"][0]["decision"]["votes"] = [
            {"person": "ex-chef", "vote": "x"}
        ]

    assert problems_after(change) == [
        "forbund[0].meetings[0].items[0].decision.votes[0].vote: 'x' is not one of yes, no, abstain",
        "consultations[0].kind: 'x' is not one of medlemssamrad, budget, other",
        "consultations[0].participants[5].capacity: 'x' is not one of ordforande, ledamot, forbundschef",
        "consultations[0].agenda[0].topic: 'x' is not one of "
        "results, obstacles, needs, long_term, budget, other",
    ]


def test_it_reports_an_amount_that_is_not_a_whole_number():
    def change(doc):
        contributions = doc["forbund"][0]["budgets"][0]["contributions"]
        contributions[0]["amount"] = 1.5
        contributions[1]["amount"] = 100.0
        contributions[2]["amount"] = "100"

    assert problems_after(change) == [
        "forbund[0].budgets[0].contributions[0].amount: 1.5 is not a whole number of kronor",
        "forbund[0].budgets[0].contributions[1].amount: 100.0 is not a whole number of kronor",
        "forbund[0].budgets[0].contributions[2].amount: '100' is not a whole number of kronor",
    ]


def test_it_reports_a_wrong_type():
    def change(doc):
        doc["persons"][0]["name"] = 5
        doc["forbund"][0]["meetings"][0]["attendance"][0]["remote"] = "no"
        doc["forbund"][0]["notices"] = {}
        doc["forbund"][0]["budgets"][0]["year"] = True

    assert problems_after(change) == [
        "persons[0].name: 5 is not a string",
        "forbund[0].meetings[0].attendance[0].remote: 'no' is not true or false",
        "forbund[0].budgets[0].year: True is not a whole number",
        "forbund[0].notices: {} is not a list",
    ]


def test_it_reports_an_impossible_date():
    def change(doc):
        doc["forbund"][0]["meetings"][0]["date"] = "2025-02-30"
        doc["forbund"][0]["meetings"][1]["notice_sent"] = "20250101"

    assert problems_after(change) == [
        "forbund[0].meetings[0].date: '2025-02-30' is not a real date (YYYY-MM-DD)",
        "forbund[0].meetings[1].notice_sent: '20250101' is not a real date (YYYY-MM-DD)",
    ]


def test_it_reports_bad_statutes():
    def change(doc):
        statutes = doc["forbund"][0]["statutes"]
        statutes["board_term_start"] = "02-30"
        statutes["notice_days"] = -1
        statutes["report_interval_months"] = 0
        statutes["equity_ceiling"] = [{"up_to": 5000000, "percent": 120}, {"up_to": None}]

    assert problems_after(change) == [
        "forbund[0].statutes.board_term_start: '02-30' is not a real month and day (MM-DD)",
        "forbund[0].statutes.notice_days: -1 is less than the minimum 0",
        "forbund[0].statutes.report_interval_months: 0 is less than the minimum 1",
        "forbund[0].statutes.equity_ceiling[0].percent: 120 is more than the maximum 100",
        "forbund[0].statutes.equity_ceiling[1]: 'percent' is required",
    ]


def test_it_accepts_null_for_optional_fields():
    def change(doc):
        forbund = doc["forbund"][0]
        forbund["statutes"] = None
        forbund["members"][3]["left"] = None
        forbund["members"][3]["name"] = None
        forbund["mandates"][0]["appointed_by"] = None
        forbund["meetings"][0]["minutes"] = None
        forbund["meetings"][3]["items"] = None
        doc["consultations"][0]["convener"] = None

    assert problems_after(change) == []


def test_it_reports_null_for_a_required_field():
    def change(doc):
        doc["forbund"][0]["mandates"][0]["from"] = None

    assert problems_after(change) == ["forbund[0].mandates[0].from: None is not a real date (YYYY-MM-DD)"]


def test_it_reports_an_unknown_person():
    def change(doc):
        doc["forbund"][0]["mandates"][2]["person"] = "p-x"

    assert problems_after(change) == ["forbund[0].mandates[2].person: 'p-x' does not refer to any person"]


def test_it_reports_unknown_persons_everywhere_they_are_named():
    def change(doc):
        meeting = doc["forbund"][0]["meetings"][4]
        meeting["attendance"][4]["replaces"] = "p-a"
        item = meeting["items"][0]
        item["recused"] = [{"person": "p-b"}]
        item["substitutes"] = [{"person": "ex-ers-k2", "replaces": "p-c"}]
        item["decision"]["votes"] = [{"person": "p-d", "vote": "yes"}]
        item["decision"]["casting_vote"] = "p-e"
        item["decision"]["reservations"] = [{"person": "p-f"}]
        meeting["minutes"]["adjusters"] = ["ex-led-k1", "p-g"]
        doc["consultations"][0]["convener"]["person"] = "p-h"
        doc["consultations"][0]["participants"][0]["person"] = "p-i"

    assert problems_after(change) == [
        "forbund[0].meetings[4].attendance[4].replaces: 'p-a' does not refer to any person",
        # new keys stand last in their object, and problems follow the document's own key order
        "forbund[0].meetings[4].items[0].decision.reservations[0].person: 'p-f' does not refer to any person",
        "forbund[0].meetings[4].items[0].decision.votes[0].person: 'p-d' does not refer to any person",
        "forbund[0].meetings[4].items[0].decision.casting_vote: 'p-e' does not refer to any person",
        "forbund[0].meetings[4].items[0].recused[0].person: 'p-b' does not refer to any person",
        "forbund[0].meetings[4].items[0].substitutes[0].replaces: 'p-c' does not refer to any person",
        "forbund[0].meetings[4].minutes.adjusters[1]: 'p-g' does not refer to any person",
        "consultations[0].convener.person: 'p-h' does not refer to any person",
        "consultations[0].participants[0].person: 'p-i' does not refer to any person",
    ]


def test_it_requires_appointed_by_to_name_a_member_of_that_forbund():
    def change(doc):
        other = {"id": "other", "members": [{"id": "other-k", "kind": "kommun", "code": "0180"}]}
        doc["forbund"].append(other)
        doc["forbund"][0]["mandates"][0]["appointed_by"] = "other-k"
        doc["forbund"][0]["mandates"][13]["appointed_by"] = ["ex-reg", "nobody"]

    assert problems_after(change) == [
        "forbund[0].mandates[0].appointed_by: 'other-k' does not refer to any member of this förbund",
        "forbund[0].mandates[13].appointed_by[1]: 'nobody' does not refer to any member of this förbund",
    ]


def test_it_checks_member_references_in_insatser_budgets_reports_and_notices():
    def change(doc):
        forbund = doc["forbund"][0]
        insats = forbund["insatser"][0]
        insats["owner"] = "m1"
        insats["parties"][0] = "m2"
        insats["concerns"] = ["m3"]
        insats["anchoring"][0]["member"] = "m4"
        forbund["budgets"][0]["contributions"][0]["member"] = "m5"
        forbund["budgets"][0]["consulted"][0]["member"] = "m6"
        forbund["annual_reports"][0]["audit"]["delivered_to"][0] = "m7"
        forbund["annual_reports"][0]["discharge"][0]["member"] = "m8"
        forbund["notices"][0]["recipients"][0] = "m9"

    what = "does not refer to any member of this förbund"
    assert problems_after(change) == [
        f"forbund[0].insatser[0].owner: 'm1' {what}",
        f"forbund[0].insatser[0].parties[0]: 'm2' {what}",
        f"forbund[0].insatser[0].concerns[0]: 'm3' {what}",
        f"forbund[0].insatser[0].anchoring[0].member: 'm4' {what}",
        f"forbund[0].budgets[0].contributions[0].member: 'm5' {what}",
        f"forbund[0].budgets[0].consulted[0].member: 'm6' {what}",
        f"forbund[0].annual_reports[0].audit.delivered_to[0]: 'm7' {what}",
        f"forbund[0].annual_reports[0].discharge[0].member: 'm8' {what}",
        f"forbund[0].notices[0].recipients[0]: 'm9' {what}",
    ]


def test_it_checks_item_and_insats_references():
    def change(doc):
        forbund = doc["forbund"][0]
        forbund["meetings"][1]["items"][0]["insats"] = "ins-x"
        forbund["insatser"][0]["funding"][0]["decided_in"] = "i1"
        forbund["insatser"][0]["reports"][0]["presented_in"] = "i2"
        forbund["budgets"][0]["decided_in"] = "i3"
        forbund["annual_reports"][0]["audit"]["remarks"][0]["response"]["decided_in"] = "i4"
        forbund["notices"][0]["about"] = "i5"

    what = "does not refer to any item of this förbund"
    assert problems_after(change) == [
        "forbund[0].meetings[1].items[0].insats: 'ins-x' does not refer to any insats of this förbund",
        f"forbund[0].insatser[0].funding[0].decided_in: 'i1' {what}",
        f"forbund[0].insatser[0].reports[0].presented_in: 'i2' {what}",
        f"forbund[0].budgets[0].decided_in: 'i3' {what}",
        f"forbund[0].annual_reports[0].audit.remarks[0].response.decided_in: 'i4' {what}",
        f"forbund[0].notices[0].about: 'i5' {what}",
    ]


def test_it_refuses_an_item_of_another_forbund():
    def change(doc):
        doc["forbund"].append(
            {"id": "other", "meetings": [{"id": "o-m", "date": "2025-01-01", "items": [{"id": "o-i"}]}]}
        )
        doc["forbund"][0]["budgets"][0]["decided_in"] = "o-i"

    assert problems_after(change) == [
        "forbund[0].budgets[0].decided_in: 'o-i' does not refer to any item of this förbund"
    ]


def test_it_checks_consultation_references():
    def change(doc):
        doc["forbund"].append({"id": "other", "members": [{"id": "other-fk", "kind": "forsakringskassan"}]})
        consultation = doc["consultations"][0]
        consultation["forbund"] = ["ex", "nowhere"]
        consultation["participants"][0]["represents"] = "other-fk"
        consultation["participants"][5]["for_forbund"] = "other"
        consultation["convener"]["appointed_by"] = "other-fk"

    assert problems_after(change) == [
        "consultations[0].forbund[1]: 'nowhere' does not refer to any förbund",
        "consultations[0].convener.appointed_by: 'other-fk' does not refer to any member of a förbund "
        "this consultation covers",
        "consultations[0].participants[0].represents: 'other-fk' does not refer to any member of a förbund "
        "this consultation covers",
        "consultations[0].participants[5].for_forbund: 'other' does not refer to any förbund this "
        "consultation covers",
    ]


def test_it_reports_duplicate_ids_across_the_document():
    def change(doc):
        doc["persons"][1]["id"] = "ex-led-fk"
        for mandate in doc["forbund"][0]["mandates"]:
            if mandate["person"] == "ex-ers-fk":
                mandate["person"] = "ex-led-fk"
        other = {
            "id": "ex",
            "members": [{"id": "ex-fk", "kind": "forsakringskassan"}],
            "meetings": [
                {"id": "ex-m-2024-01-15", "date": "2024-01-15", "items": [{"id": "ex-m-2024-01-15-p1"}]}
            ],
            "insatser": [{"id": "ex-ins-steget"}],
            "notices": [{"id": "ex-n-2024-01-15"}],
            "annual_reports": [{"year": 2024, "audit": {"remarks": [{"id": "ex-rem-2024"}]}}],
        }
        doc["forbund"].append(other)
        doc["consultations"][1]["id"] = doc["consultations"][0]["id"]

    assert problems_after(change) == [
        "persons[1].id: 'ex-led-fk' is a duplicate person id (first at persons[0].id)",
        "forbund[1].id: 'ex' is a duplicate förbund id (first at forbund[0].id)",
        "forbund[1].members[0].id: 'ex-fk' is a duplicate member id (first at forbund[0].members[0].id)",
        "forbund[1].meetings[0].id: 'ex-m-2024-01-15' is a duplicate meeting id "
        "(first at forbund[0].meetings[0].id)",
        "forbund[1].meetings[0].items[0].id: 'ex-m-2024-01-15-p1' is a duplicate item id "
        "(first at forbund[0].meetings[0].items[0].id)",
        "forbund[1].insatser[0].id: 'ex-ins-steget' is a duplicate insats id "
        "(first at forbund[0].insatser[0].id)",
        "forbund[1].notices[0].id: 'ex-n-2024-01-15' is a duplicate notice id "
        "(first at forbund[0].notices[0].id)",
        "forbund[1].annual_reports[0].audit.remarks[0].id: 'ex-rem-2024' is a duplicate remark id "
        "(first at forbund[0].annual_reports[0].audit.remarks[0].id)",
        "consultations[1].id: 'ex-samrad-2024-05-15' is a duplicate consultation id "
        "(first at consultations[0].id)",
    ]


def test_it_reports_duplicate_budget_and_annual_report_years():
    def change(doc):
        doc["forbund"][0]["budgets"][2]["year"] = 2024
        doc["forbund"][0]["annual_reports"][1]["year"] = 2024

    assert problems_after(change) == [
        "forbund[0].budgets[2].year: 2024 is a duplicate budget year in this förbund "
        "(first at forbund[0].budgets[0].year)",
        "forbund[0].annual_reports[1].year: 2024 is a duplicate annual report year in this förbund "
        "(first at forbund[0].annual_reports[0].year)",
    ]


def test_it_allows_the_same_budget_year_in_two_forbund():
    def change(doc):
        doc["forbund"].append(
            {"id": "other", "budgets": [{"year": 2024}], "annual_reports": [{"year": 2024}]}
        )

    assert problems_after(change) == []


def test_it_checks_codes_against_the_reference_table():
    def change(doc):
        members = doc["forbund"][0]["members"]
        members[2]["code"] = "99"
        members[3]["code"] = "9999"
        del members[4]["code"]

    assert problems_after(change) == [
        "forbund[0].members[2].code: '99' is not a länskod in the reference table",
        "forbund[0].members[3].code: '9999' is not a kommunkod in the reference table",
        "forbund[0].members[4]: 'code' is required for a kommun",
    ]


def test_it_reports_a_member_that_left_before_it_joined():
    def change(doc):
        member = doc["forbund"][0]["members"][3]
        member["joined"], member["left"] = "2020-01-01", "2019-12-31"
        doc["forbund"][0]["members"][4].update(joined="2020-01-01", left="2020-01-01")  # one day: fine

    assert problems_after(change) == ["forbund[0].members[3].left: '2019-12-31' is before the member joined"]


def test_it_reports_a_mandate_that_ends_before_it_starts():
    def change(doc):
        doc["forbund"][0]["mandates"][2]["to"] = "2023-12-31"
        doc["forbund"][0]["mandates"][3]["to"] = doc["forbund"][0]["mandates"][3]["from"]  # one day: fine

    assert problems_after(change) == [
        "forbund[0].mandates[2].to: '2023-12-31' is before the mandate's start ('from')"
    ]


def test_it_reports_an_insats_that_ends_before_it_starts():
    def change(doc):
        doc["forbund"][0]["insatser"][1]["end"] = "2024-03-31"

    assert problems_after(change) == ["forbund[0].insatser[1].end: '2024-03-31' is before the insats's start"]


def test_it_reports_a_substitute_order_on_a_mandate_that_is_not_an_ersattare():
    def change(doc):
        mandates = doc["forbund"][0]["mandates"]
        mandates[0]["substitute_order"] = 1  # ledamot
        mandates[10]["substitute_order"] = 2  # ordforande
        mandates[1]["substitute_order"] = 2  # an ersattare: fine

    assert problems_after(change) == [
        "forbund[0].mandates[0].substitute_order: 1 is only for an ersattare",
        "forbund[0].mandates[10].substitute_order: 2 is only for an ersattare",
    ]


def test_it_reports_a_basis_on_a_mandate_outside_the_board():
    def change(doc):
        mandates = doc["forbund"][0]["mandates"]
        mandates[12]["basis"] = "anstalld"  # forbundschef
        mandates[14]["basis"] = "anstalld"  # revisor
        mandates[11]["basis"] = None  # vice ordforande, null: fine

    assert problems_after(change) == [
        "forbund[0].mandates[12].basis: 'anstalld' is only for a ledamot or ersattare",
        "forbund[0].mandates[14].basis: 'anstalld' is only for a ledamot or ersattare",
    ]


@pytest.mark.parametrize(
    ("where", "field", "value", "expected"),
    [
        (
            ("forbund", 0, "mandates", 13),
            "appointed_by",
            "ex-k1",
            "forbund[0].mandates[13].appointed_by[3]: 'ex-k1' is listed twice "
            "(first at forbund[0].mandates[13].appointed_by[1])",
        ),
        (
            ("forbund", 0, "meetings", 2, "minutes"),
            "adjusters",
            "ex-led-k1",
            "forbund[0].meetings[2].minutes.adjusters[2]: 'ex-led-k1' is listed twice "
            "(first at forbund[0].meetings[2].minutes.adjusters[0])",
        ),
        (
            ("forbund", 0, "insatser", 0),
            "parties",
            "ex-fk",
            "forbund[0].insatser[0].parties[3]: 'ex-fk' is listed twice "
            "(first at forbund[0].insatser[0].parties[0])",
        ),
        (
            ("forbund", 0, "insatser", 0),
            "concerns",
            "ex-k1",
            "forbund[0].insatser[0].concerns[1]: 'ex-k1' is listed twice "
            "(first at forbund[0].insatser[0].concerns[0])",
        ),
        (
            ("forbund", 0, "annual_reports", 1, "audit"),
            "delivered_to",
            "ex-reg",
            "forbund[0].annual_reports[1].audit.delivered_to[5]: 'ex-reg' is listed twice "
            "(first at forbund[0].annual_reports[1].audit.delivered_to[2])",
        ),
        (
            ("forbund", 0, "notices", 2),
            "recipients",
            "ex-af",
            "forbund[0].notices[2].recipients[5]: 'ex-af' is listed twice "
            "(first at forbund[0].notices[2].recipients[1])",
        ),
        (
            ("consultations", 3),
            "forbund",
            "ex",
            "consultations[3].forbund[1]: 'ex' is listed twice (first at consultations[3].forbund[0])",
        ),
    ],
)
def test_it_reports_a_member_person_or_forbund_listed_twice(where, field, value, expected):
    def change(doc):
        node = doc
        for part in where:
            node = node[part]
        node[field].append(value)

    assert problems_after(change) == [expected]


def test_it_accepts_a_list_of_one_appointing_member():
    def change(doc):
        doc["forbund"][0]["mandates"][0]["appointed_by"] = ["ex-fk"]

    assert problems_after(change) == []


def test_it_reports_a_consistency_problem_once_beside_the_schema_problem():
    def change(doc):
        mandates = doc["forbund"][0]["mandates"]
        mandates[0]["to"] = "2023-02-30"  # not a real date: not compared with `from`
        mandates[2]["role"] = "boss"  # unknown role: its basis is not judged as well
        doc["forbund"][0]["insatser"][0]["parties"] = ["ex-fk", 1, "ex-fk"]
        doc["forbund"][0]["members"][3].update(joined="2020", left="2019-01-01")

    assert problems_after(change) == [
        "forbund[0].members[3].joined: '2020' is not a real date (YYYY-MM-DD)",
        "forbund[0].mandates[0].to: '2023-02-30' is not a real date (YYYY-MM-DD)",
        "forbund[0].mandates[2].role: 'boss' is not one of "
        "ledamot, ersattare, ordforande, vice_ordforande, forbundschef, revisor",
        "forbund[0].insatser[0].parties[1]: 1 is not a string",
        "forbund[0].insatser[0].parties[2]: 'ex-fk' is listed twice (first at forbund[0].insatser[0].parties[0])",
    ]


def test_the_shared_example_stays_valid():
    shared = Path(__file__).resolve().parents[3] / "shared" / "examples" / "exempel.json"
    if not shared.exists():
        pytest.skip("no shared example on this machine")
    assert validate_document(load_document(shared)) == []


def test_it_reports_every_problem_in_document_order():
    def change(doc):
        doc["consultations"][0]["kind"] = "samrad"
        doc["forbund"][0]["budgets"][0]["contributions"][0]["amount"] = 1.5
        doc["forbund"][0]["members"][0]["kinds"] = 1
        doc["forbund"][0]["mandates"][2]["person"] = "p-x"
        doc["persons"][0]["mail"] = "x"

    assert problems_after(change) == [
        "persons[0].mail: unknown field",
        "forbund[0].members[0].kinds: unknown field",
        "forbund[0].mandates[2].person: 'p-x' does not refer to any person",
        "forbund[0].budgets[0].contributions[0].amount: 1.5 is not a whole number of kronor",
        "consultations[0].kind: 'samrad' is not one of medlemssamrad, budget, other",
    ]


def test_it_survives_a_malformed_document():
    assert [str(p) for p in validate_document([])] == ["$: [] is not an object"]
    problems = validate_document({"format": "samordna-exchange/1", "forbund": [1, {"members": [None]}]})
    assert [str(p) for p in problems] == [
        "forbund[0]: 1 is not an object",
        "forbund[1]: 'id' is required",
        "forbund[1].members[0]: None is not an object",
    ]


def test_it_gives_problems_a_path_value_and_message():
    problem = problems_after(lambda doc: doc["forbund"][0]["members"][3].update(kind="x"))
    assert problem[0].startswith("forbund[0].members[3].kind: 'x' ")
    item = Problem("a.b", 1.5, "is not a whole number of kronor")
    assert (item.path, item.value, item.message) == ("a.b", 1.5, "is not a whole number of kronor")


def test_it_loads_a_document_from_a_path_or_a_file():
    assert load_document(EXEMPEL) == exempel()
    assert load_document(str(EXEMPEL))["format"] == "samordna-exchange/1"
    assert load_document(io.BytesIO(EXEMPEL.read_bytes())) == exempel()
    assert load_document(io.StringIO(EXEMPEL.read_text(encoding="utf-8"))) == exempel()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"format": ', "$: is not valid JSON: Expecting value (line 1, column 12)"),
        (b'{"a": 1, "a": 2}', "$: is not valid JSON: duplicate key 'a' in an object"),
        (b'{"a": NaN}', "$: is not valid JSON: NaN is not valid JSON"),
        ('{"a": "ö"}'.encode("latin-1"), "$: is not UTF-8 (byte 7: invalid start byte)"),
    ],
)
def test_it_reports_unreadable_documents_at_the_root(data, message):
    with pytest.raises(DocumentError) as caught:
        load_document(io.BytesIO(data))
    assert [str(problem) for problem in caught.value.problems] == [message]
    assert caught.value.problems[0].path == "$"
