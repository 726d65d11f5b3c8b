"""What the database (SQLite or PostgreSQL) or Python cannot take is refused by `samordna import` and by
`samordna check --file` alike: exit 2, the JSON path, nothing written, never a traceback.

Before: an integer from 2^63 crashed the import (OverflowError, exit 1) and one above 2^31−1 in an integer
column imported on SQLite though PostgreSQL refuses it; deep nesting was a RecursionError; a lone surrogate a
UnicodeEncodeError; a NUL character was stored by SQLite and refused by PostgreSQL; `check --file` accepted
most of these."""

import json
import subprocess

import pytest
from django.db import connection

from samordna.exchange.importer import document_problems, import_document
from samordna.exchange.validate import max_depth
from samordna.finance.models import AnnualReport, Contribution
from samordna.meetings.models import Item
from tests.exchange.helpers import example, row_counts
from tests.exchange.test_cli import run
from tests.exchange.test_crash import SAMORDNA, database, environment, migrated  # noqa: F401 - fixtures
from tests.exchange.test_import import other_forbund

INT_MAX, BIG_MAX = 2**31 - 1, 2**63 - 1
DEEP = 50_000  # far deeper than Python's recursion limit


def write(tmp_path, doc) -> str:
    """The document as a file (a lone surrogate as its escape `\\ud800`, which JSON allows); a string "DEEP"
    becomes lists nested DEEP levels."""
    text = json.dumps(doc).replace('"DEEP"', "[" * DEEP + "]" * DEEP)
    path = tmp_path / "doc.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


def item_number_above_integer(doc):
    doc["forbund"][0]["meetings"][0]["items"][0]["number"] = INT_MAX + 1
    return f"forbund[0].meetings[0].items[0].number: {INT_MAX + 1} is more than the database can hold (at most {INT_MAX})"


def item_number_above_bigint(doc):
    doc["forbund"][0]["meetings"][0]["items"][0]["number"] = 2**63
    return f"forbund[0].meetings[0].items[0].number: {2**63} is more than the database can hold (at most {INT_MAX})"


def substitute_order_above_integer(doc):
    j = next(j for j, m in enumerate(doc["forbund"][0]["mandates"]) if m.get("substitute_order"))
    doc["forbund"][0]["mandates"][j]["substitute_order"] = 2**40
    return f"forbund[0].mandates[{j}].substitute_order: {2**40} is more than the database can hold"


def statute_above_integer(doc):
    doc["forbund"][0]["statutes"]["notice_days"] = INT_MAX + 1
    return f"forbund[0].statutes.notice_days: {INT_MAX + 1} is more than the database can hold"


def participants_above_integer(doc):
    doc["forbund"][0]["insatser"][0]["reports"][0]["participants"]["women"] = INT_MAX + 1
    return f"forbund[0].insatser[0].reports[0].participants.women: {INT_MAX + 1} is more than the database can hold"


def contribution_above_bigint(doc):
    doc["forbund"][0]["budgets"][0]["contributions"][0]["amount"] = BIG_MAX + 1
    return (f"forbund[0].budgets[0].contributions[0].amount: {BIG_MAX + 1} is more than the database can hold "
            f"(at most {BIG_MAX})")


def allocation_above_bigint(doc):
    doc["forbund"][0]["budgets"][0]["allocations"]["insatser"] = 10**100
    return ("forbund[0].budgets[0].allocations.insatser: 100000000000000000000000000000000000000… is more than the "
            "database can hold")


def equity_below_bigint(doc):
    doc["forbund"][0]["annual_reports"][0]["equity"] = -(2**63) - 1
    return (f"forbund[0].annual_reports[0].equity: {-(2**63) - 1} is less than the database can hold "
            f"(at least {-(2**63)})")


def funding_above_bigint(doc):
    doc["forbund"][0]["insatser"][0]["funding"][1]["amount"] = 2**64
    return f"forbund[0].insatser[0].funding[1].amount: {2**64} is more than the database can hold"


def nul_in_a_name(doc):
    doc["forbund"][0]["name"] = "Exempel\x00"
    return "forbund[0].name: 'Exempel\\x00' contains a NUL character (\\u0000), which the database cannot store"


def nul_in_extra(doc):
    doc["forbund"][0]["meetings"][1]["extra"] = {"anteckning": "a\x00b"}
    return "forbund[0].meetings[1].extra.anteckning: 'a\\x00b' contains a NUL character"


def lone_surrogate_in_a_person(doc):
    doc["persons"][2]["name"] = "Anna \ud800"
    return "persons[2].name: 'Anna \\ud800' contains a lone surrogate (\\ud800), which is no character of UTF-8"


def lone_surrogate_in_a_key(doc):
    doc["forbund"][0]["members"][1]["extra"] = {"\udc80": 1}
    return "forbund[0].members[1].extra: '\\udc80' is a key that contains a lone surrogate (\\udc80)"


def deep_nesting(doc):
    doc["forbund"][0]["insatser"][0]["extra"] = {"data": "DEEP"}
    path = "forbund[0].insatser[0].extra.data" + "[0]" * (max_depth() - 6)
    return f"{path}: is nested deeper than the format allows ({max_depth()} levels of objects and lists)"


def deep_but_parseable(doc):
    doc["extra"] = {"data": json.loads("[" * 500 + "]" * 500)}
    return "extra.data" + "[0]" * (max_depth() - 2) + ": is nested deeper than the format allows"


BAD = [item_number_above_integer, item_number_above_bigint, substitute_order_above_integer, statute_above_integer,
       participants_above_integer, contribution_above_bigint, allocation_above_bigint, equity_below_bigint,
       funding_above_bigint, nul_in_a_name, nul_in_extra, lone_surrogate_in_a_person, lone_surrogate_in_a_key,
       deep_nesting, deep_but_parseable]


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", BAD, ids=[f.__name__ for f in BAD])
def test_import_exits_2_names_the_path_and_writes_nothing(tmp_path, spoil):
    run("exchange_import", write(tmp_path, other_forbund(example())))
    before, exported = row_counts(), run("exchange_export")[1]
    doc = example()
    expected = spoil(doc)
    code, out, err = run("exchange_import", write(tmp_path, doc))
    assert code == 2
    assert expected in err
    assert err.splitlines()[-1] == "1 problem(s); nothing was imported."
    assert out == ""
    assert row_counts() == before
    assert run("exchange_export")[1] == exported


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", BAD, ids=[f.__name__ for f in BAD])
def test_check_file_refuses_the_same(tmp_path, spoil):
    doc = example()
    expected = spoil(doc)
    path = write(tmp_path, doc)
    code, out, err = run("rules_check", "--file", path, "--as-of", "2026-06-30")
    assert code == 2
    assert f"{path}: {expected}" in err
    assert len(err.splitlines()) == 1
    assert out == ""
    assert row_counts()["organisations.Forbund"] == 0


@pytest.mark.django_db
def test_check_file_refuses_an_over_long_string_as_the_import_does(tmp_path):
    doc = example()
    doc["persons"][3]["name"] = "Anna " * 41
    path = write(tmp_path, doc)
    code, _out, err = run("rules_check", "--file", path, "--as-of", "2026-06-30")
    assert code == 2
    assert f"{path}: persons[3].name: 'Anna Anna Anna Anna Anna Anna Anna Anna…' is longer than 200 characters" in err


@pytest.mark.django_db
def test_the_document_problems_need_no_database():
    def refuse(*args):
        raise AssertionError("a query")

    doc = example()
    contribution_above_bigint(doc)
    with connection.execute_wrapper(refuse):
        assert document_problems(example()) == []
        [problem] = document_problems(doc)
    assert problem.path == "forbund[0].budgets[0].contributions[0].amount"
    assert problem.value == BIG_MAX + 1


@pytest.mark.django_db
def test_the_largest_values_the_columns_hold_are_imported_and_exported_as_they_are():
    doc = example()
    doc["forbund"][0]["meetings"][0]["items"][0]["number"] = INT_MAX
    doc["forbund"][0]["budgets"][0]["contributions"][0]["amount"] = BIG_MAX
    doc["forbund"][0]["annual_reports"][0]["equity"] = -(2**63)
    doc["forbund"][0]["extra"] = {"big": 2**70, "deep": json.loads("[" * 10 + "]" * 10)}
    import_document(doc)
    assert Item.objects.get(external_id=doc["forbund"][0]["meetings"][0]["items"][0]["id"]).number == INT_MAX
    assert Contribution.objects.filter(amount=BIG_MAX).count() == 1
    assert AnnualReport.objects.get(year=doc["forbund"][0]["annual_reports"][0]["year"]).equity == -(2**63)
    assert not import_document(doc).changed


def test_the_real_command_exits_2_without_a_traceback(database):  # noqa: F811 - the fixture
    doc = example()
    expected = deep_nesting(doc)
    path = write(database, doc)
    for command in (["import", path], ["check", "--file", path]):
        proc = subprocess.run([SAMORDNA, *command], env=environment(database), capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert expected in proc.stderr
        assert "Traceback" not in proc.stderr
