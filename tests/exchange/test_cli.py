"""`samordna import/export/generate`: bad input exits 2 with every problem on stderr and changes nothing."""

import io
import json

import pytest
from django.core.management import call_command

from tests.exchange.helpers import example, row_counts
from tests.exchange.test_import import other_forbund


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, doc) -> str:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def unknown_field(doc):
    doc["forbund"][0]["members"][0]["colour"] = "blå"
    return "forbund[0].members[0].colour: unknown field"


def wrong_enum(doc):
    doc["forbund"][0]["members"][3]["kind"] = "kommune"
    return "forbund[0].members[3].kind: 'kommune' is not one of"


def impossible_date(doc):
    doc["forbund"][0]["meetings"][0]["date"] = "2025-02-30"
    return "forbund[0].meetings[0].date: '2025-02-30' is not a real date"


def non_integer_amount(doc):
    doc["forbund"][0]["budgets"][0]["contributions"][0]["amount"] = 1500.5
    return "forbund[0].budgets[0].contributions[0].amount: 1500.5 is not a whole number of kronor"


def dangling_reference(doc):
    doc["forbund"][0]["mandates"][0]["person"] = "p-nobody"
    return "forbund[0].mandates[0].person: 'p-nobody' does not refer to any person"


def reference_to_another_forbund(doc):
    # funds decided in an item that exists, but in another förbund of the file
    other = other_forbund(example())
    doc["persons"] += other["persons"]
    doc["forbund"] += other["forbund"]
    item = other["forbund"][0]["meetings"][0]["items"][0]["id"]
    doc["forbund"][0]["insatser"][0]["funding"][0]["decided_in"] = item
    return f"forbund[0].insatser[0].funding[0].decided_in: {item!r} does not refer to any item of this förbund"


def dates_out_of_order(doc):
    doc["forbund"][0]["mandates"][2]["to"] = "2023-12-31"
    return "forbund[0].mandates[2].to: '2023-12-31' is before the mandate's start ('from')"


def field_of_another_role(doc):
    doc["forbund"][0]["mandates"][0]["substitute_order"] = 1
    return "forbund[0].mandates[0].substitute_order: 1 is only for an ersattare"


def listed_twice(doc):
    doc["forbund"][0]["meetings"][0]["minutes"]["adjusters"].append("ex-led-k1")
    return "forbund[0].meetings[0].minutes.adjusters[2]: 'ex-led-k1' is listed twice"


def forbund_listed_twice(doc):
    # the database holds a consultation's förbund once each: this crashed the import before validation saw it
    doc["consultations"][0]["forbund"] = ["ex", "ex"]
    return "consultations[0].forbund[1]: 'ex' is listed twice"


BAD = [unknown_field, wrong_enum, impossible_date, non_integer_amount, dangling_reference,
       reference_to_another_forbund, dates_out_of_order, field_of_another_role, listed_twice,
       forbund_listed_twice]


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", BAD, ids=[f.__name__ for f in BAD])
def test_it_exits_2_and_changes_nothing_on_bad_input(tmp_path, spoil):
    call_command("exchange_import", write(tmp_path, example()), stdout=io.StringIO())
    before, exported = row_counts(), run("exchange_export")[1]
    doc = example()
    expected = spoil(doc)
    code, _out, err = run("exchange_import", write(tmp_path, doc))
    assert code == 2
    assert expected in err
    assert row_counts() == before
    assert run("exchange_export")[1] == exported


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", BAD, ids=[f.__name__ for f in BAD])
def test_check_file_exits_2_on_what_import_refuses(tmp_path, spoil):
    # `samordna check --file` validates as the import does, and never touches the database
    doc = example()
    expected = spoil(doc)
    path = write(tmp_path, doc)
    code, out, err = run("rules_check", "--file", path, "--as-of", "2026-06-30")
    assert code == 2
    assert f"{path}: {expected}" in err
    assert out == ""
    assert row_counts()["organisations.Forbund"] == 0


@pytest.mark.django_db
def test_it_reports_every_problem_one_per_line(tmp_path):
    doc = example()
    first, second = unknown_field(doc), impossible_date(doc)
    code, _out, err = run("exchange_import", write(tmp_path, doc))
    lines = err.splitlines()
    assert code == 2
    assert lines[0].startswith(first) and lines[1].startswith(second)


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", None])
def test_it_exits_2_on_unreadable_input(tmp_path, content):
    path = tmp_path / "bad.json"
    if content is not None:
        path.write_bytes(content)
    code, _out, err = run("exchange_import", str(path))
    assert code == 2 and err
    assert row_counts()["organisations.Forbund"] == 0


@pytest.mark.django_db
def test_it_prints_counts_and_writes_nothing_in_a_dry_run(tmp_path):
    code, out, _err = run("exchange_import", write(tmp_path, example()), "--dry-run")
    assert code == 0
    assert "forbund: 1 created" in out
    assert row_counts()["organisations.Forbund"] == 0


@pytest.mark.django_db
def test_it_exports_to_a_file_and_refuses_unknown_forbund(tmp_path):
    run("exchange_import", write(tmp_path, example()))
    target = tmp_path / "out.json"
    assert run("exchange_export", "--forbund", "ex", "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))["forbund"][0]["id"] == "ex"
    code, _out, err = run("exchange_export", "--forbund", "nope")
    assert code == 2 and "'nope'" in err


@pytest.mark.django_db
def test_it_generates_a_document(tmp_path):
    target = tmp_path / "gen.json"
    code, _out, _err = run("exchange_generate", "--forbund", "2", "--years", "1", "--seed", "3", "-o", str(target))
    assert code == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))["forbund"]) == 2
