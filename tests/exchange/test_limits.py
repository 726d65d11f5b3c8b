"""Limits of the database that the format does not state: a string longer than its column, a förbund id that
is no slug. The import refuses them like any other problem (exit 2, path and value, nothing written); on
PostgreSQL an over-long string used to crash it with a DataError, SQLite stored it."""

import json
import re

import pytest
from django.urls import reverse

from samordna.exchange.importer import import_document
from samordna.exchange.validate import DocumentError
from samordna.insatser.models import Insats
from samordna.organisations.models import Forbund, Member, Person
from samordna.samrad.models import Consultation
from tests.exchange.helpers import example, row_counts
from tests.exchange.test_cli import run, write
from tests.exchange.test_import import other_forbund


def renamed(doc: dict, old: str, new: str) -> dict:
    """The document with the id `old` replaced everywhere, references included."""
    return json.loads(json.dumps(doc, ensure_ascii=False).replace(json.dumps(old), json.dumps(new)))


def max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def value_at(doc, path: str):
    """The value at a problem's path, such as `forbund[0].members[3].id`."""
    node = doc
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        node = node[int(index)] if index else node[name]
    return node


def long_member_id(doc):
    new = "m-" + "x" * (max_length(Member, "external_id") - 1)
    return renamed(doc, "ex-k1", new), f"forbund[0].members[3].id: '{new[:39]}…' is longer than 100 characters (it has 101)"


def long_person_name(doc):
    doc["persons"][3]["name"] = "Anna " * 41  # 205 characters
    return doc, "persons[3].name: 'Anna Anna Anna Anna Anna Anna Anna Anna…' is longer than 200 characters (it has 205)"


def forbund_id_with_space(doc):
    return renamed(doc, "ex", "Mitt förbund"), (
        "forbund[0].id: 'Mitt förbund' cannot be used as a förbund id: only letters a–z, digits, hyphens and "
        "underscores")


def forbund_id_with_slash(doc):
    return renamed(doc, "ex", "sf/x"), "forbund[0].id: 'sf/x' cannot be used as a förbund id"


def long_forbund_id(doc):
    new = "f" * (max_length(Forbund, "slug") + 1)
    return renamed(doc, "ex", new), "forbund[0].id: 'fffffffffffffffffffffffffffffffffffffff…' is longer than 100 characters"


def long_forbund_name(doc):
    doc["forbund"][0]["name"] = "Förbund " * 30
    return doc, "forbund[0].name: 'Förbund Förbund Förbund Förbund Förbund…' is longer than 200 characters"


def long_organisationsnummer(doc):
    doc["forbund"][0]["organisationsnummer"] = "222000-0000-1"
    return doc, "forbund[0].organisationsnummer: '222000-0000-1' is longer than 11 characters (it has 13)"


def long_email(doc):
    doc["persons"][0]["email"] = "a" * 250 + "@example.se"
    return doc, "persons[0].email: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…' is longer than 254 characters (it has 261)"


def long_insats_name(doc):
    doc["forbund"][0]["insatser"][1]["name"] = "i" * 301
    return doc, "forbund[0].insatser[1].name: 'iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii…' is longer than 300 characters"


def long_member_code(doc):
    # the reference table judges the codes of a kommun or a region; other members may have a code too
    doc["forbund"][0]["members"][0]["code"] = "12345"
    return doc, "forbund[0].members[0].code: '12345' is longer than 4 characters (it has 5)"


def long_item_id(doc):
    old = doc["forbund"][0]["meetings"][4]["items"][1]["id"]
    return renamed(doc, old, "i" * 101), "forbund[0].meetings[4].items[1].id: 'iiiiiii"


def long_remark_id(doc):
    return renamed(doc, "ex-rem-2025", "r" * 101), "forbund[0].annual_reports[1].audit.remarks[0].id: 'rrrr"


def long_notice_id(doc):
    return renamed(doc, "ex-n-2024-11-27", "n" * 101), "forbund[0].notices[1].id: 'nnnn"


def long_consultation_id(doc):
    return renamed(doc, "ex-samrad-2025-05-14", "s" * 101), "consultations[1].id: 'ssss"


SPOILED = [long_member_id, long_person_name, forbund_id_with_space, forbund_id_with_slash, long_forbund_id,
           long_forbund_name, long_organisationsnummer, long_email, long_insats_name, long_member_code,
           long_item_id, long_remark_id, long_notice_id, long_consultation_id]


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", SPOILED, ids=[f.__name__ for f in SPOILED])
def test_it_exits_2_and_changes_nothing_on_what_the_database_cannot_hold(tmp_path, spoil):
    # another förbund in the database, so that the spoiled one would be new (ids of its own förbund included)
    run("exchange_import", write(tmp_path, other_forbund(example())))
    before, exported = row_counts(), run("exchange_export")[1]
    doc, expected = spoil(example())
    code, _out, err = run("exchange_import", write(tmp_path, doc))
    assert code == 2
    assert expected in err
    assert "1 problem(s); nothing was imported." in err
    assert row_counts() == before
    assert run("exchange_export")[1] == exported


@pytest.mark.django_db
@pytest.mark.parametrize("spoil", SPOILED, ids=[f.__name__ for f in SPOILED])
def test_each_problem_names_the_path_of_its_value(spoil):
    doc, _expected = spoil(example())
    with pytest.raises(DocumentError) as caught:
        import_document(doc, dry_run=True)
    [problem] = caught.value.problems
    assert value_at(doc, problem.path) == problem.value
    assert row_counts()["organisations.Forbund"] == 0


@pytest.mark.django_db
def test_it_refuses_an_over_long_value_for_rows_it_would_update(tmp_path):
    # the rows exist: on PostgreSQL the update (not the insert) is what would fail
    run("exchange_import", write(tmp_path, example()))
    before, exported = row_counts(), run("exchange_export")[1]
    doc, expected = long_person_name(example())
    doc, second = long_forbund_name(doc)
    code, _out, err = run("exchange_import", write(tmp_path, doc))
    assert code == 2
    assert expected in err and second in err
    assert row_counts() == before
    assert run("exchange_export")[1] == exported


@pytest.mark.django_db
def test_it_reports_every_such_problem_at_once(tmp_path):
    doc, first = long_person_name(example())
    doc, second = forbund_id_with_space(doc)
    doc, third = long_consultation_id(doc)
    code, _out, err = run("exchange_import", write(tmp_path, doc))
    lines = err.splitlines()
    assert code == 2
    assert lines[0].startswith(first) and lines[1].startswith(second) and lines[2].startswith(third)
    assert lines[3] == "3 problem(s); nothing was imported."
    assert row_counts()["organisations.Forbund"] == 0


@pytest.mark.django_db
def test_it_reports_them_with_the_problems_that_need_the_database(tmp_path):
    # a member id that a förbund of the database already has, and an over-long name: both, in one run
    import_document(other_forbund(example()))
    before = row_counts()
    doc = renamed(example(), "ex-k1", "ex-b-k1")
    doc, expected = long_person_name(doc)
    code, _out, err = run("exchange_import", write(tmp_path, doc))
    assert code == 2
    assert "forbund[0].members[3].id: 'ex-b-k1' is already the id of a member of förbund 'ex-b'" in err
    assert expected in err
    assert row_counts() == before


@pytest.mark.django_db
def test_values_of_exactly_the_maximum_length_are_imported(tmp_path):
    doc = renamed(example(), "ex", "f-" + "x" * (max_length(Forbund, "slug") - 2))
    doc = renamed(doc, "ex-k1", "m" * max_length(Member, "external_id"))
    doc = renamed(doc, "ex-samrad-2025-05-14", "s" * max_length(Consultation, "external_id"))
    doc["persons"][3]["name"] = "n" * max_length(Person, "name")
    doc["forbund"][0]["name"] = "f" * max_length(Forbund, "name")
    doc["forbund"][0]["insatser"][1]["name"] = "i" * max_length(Insats, "name")
    code, _out, err = run("exchange_import", write(tmp_path, doc))
    assert (code, err) == (0, "")
    forbund = Forbund.objects.get()
    assert forbund.slug == doc["forbund"][0]["id"] and len(forbund.name) == 200
    assert Member.objects.filter(external_id="m" * 100).exists()
    assert Person.objects.get(external_id=doc["persons"][3]["id"]).name == "n" * 200
    assert Insats.objects.filter(name="i" * 300).exists()
    # its pages can be addressed
    assert reverse("forbund-overview", args=[forbund.slug]) == f"/f/{forbund.slug}/"


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["sf-x", "SF_2", "a1"])
def test_forbund_ids_that_are_slugs_are_imported(slug):
    import_document(renamed(example(), "ex", slug))
    assert Forbund.objects.get().slug == slug
    assert reverse("forbund-meetings", args=[slug]) == f"/f/{slug}/sammantraden/"
