"""The importer: idempotent, updates in place, dry runs, other förbund in the database, the direction lock."""

import copy
import json

import pytest

from samordna.exchange.canonical import canonical
from samordna.exchange.exporter import export_document
from samordna.exchange.importer import import_document
from samordna.exchange.validate import DocumentError
from samordna.finance.models import Contribution
from samordna.insatser.models import Insats
from samordna.meetings.models import Meeting
from samordna.organisations.models import Forbund, Member
from tests.exchange.helpers import example, row_counts


def other_forbund(doc: dict, suffix: str = "-b") -> dict:
    """The same document with every id renamed, so it describes a different förbund."""
    text = json.dumps(doc).replace('"ex-', f'"ex{suffix}-')
    for f in doc["forbund"]:
        text = text.replace(f'"{f["id"]}"', f'"{f["id"]}{suffix}"')
    return json.loads(text)


@pytest.mark.django_db
def test_it_changes_nothing_when_the_same_file_is_imported_again():
    import_document(example())
    before = row_counts()
    result = import_document(example())
    assert not result.changed
    assert result.total("unchanged") > 200
    assert row_counts() == before


@pytest.mark.django_db
def test_it_updates_a_changed_file_in_place():
    import_document(example())
    meeting_pk = Meeting.objects.order_by("date").values_list("pk", flat=True).first()
    doc = example()
    doc["forbund"][0]["name"] = "Nytt namn"
    doc["forbund"][0]["budgets"][0]["contributions"][0]["amount"] += 1
    result = import_document(doc)
    assert result.counts["forbund"]["updated"] == 1
    assert result.counts["contribution"]["updated"] == 1
    assert result.total("created") == 0 and result.total("deleted") == 0
    assert Forbund.objects.get().name == "Nytt namn"
    assert Meeting.objects.filter(pk=meeting_pk).exists()
    assert Forbund.history.filter(history_type="~").count() == 1
    assert Contribution.history.filter(history_type="~").count() == 1
    assert export_document() == canonical(doc)


@pytest.mark.django_db
def test_it_deletes_rows_the_file_no_longer_holds():
    from tests.conftest import reopen_minutes

    import_document(example())
    doc = example()
    removed = doc["forbund"][0]["meetings"].pop()
    # An adjusted meeting is frozen, never deleted by an import (tests/protokoll/test_freeze.py): reopened here.
    reopen_minutes(Meeting.objects.filter(external_id=removed["id"]))
    import_document(doc)
    assert not Meeting.objects.filter(external_id=removed["id"]).exists()
    assert export_document() == canonical(doc)


@pytest.mark.django_db
def test_it_writes_nothing_in_a_dry_run():
    before = row_counts()
    result = import_document(example(), dry_run=True)
    assert result.dry_run and result.total("created") > 200
    assert row_counts() == before


@pytest.mark.django_db
def test_it_leaves_other_forbund_in_the_database_alone():
    import_document(other_forbund(example()))
    other = export_document()
    import_document(example())
    assert Forbund.objects.count() == 2
    assert export_document(["ex-b"])["forbund"] == other["forbund"]
    assert export_document(["ex"])["forbund"] == canonical(example())["forbund"]


@pytest.mark.django_db
def test_it_refuses_an_id_that_belongs_to_another_forbund_in_the_database():
    import_document(example())
    doc = other_forbund(example())
    doc["forbund"][0]["members"][0]["id"] = "ex-fk"
    doc = json.loads(json.dumps(doc).replace('"ex-b-fk"', '"ex-fk"'))
    before = row_counts()
    with pytest.raises(DocumentError) as error:
        import_document(doc)
    assert any(p.path == "forbund[0].members[0].id" and "'ex'" in str(p) for p in error.value.problems)
    assert row_counts() == before


@pytest.mark.django_db
def test_it_refuses_to_change_the_direction_of_a_registered_insats():
    import_document(example())
    doc = example()
    insats = doc["forbund"][0]["insatser"][0]
    assert insats["followup_registered"]
    old = insats["direction"]
    insats["direction"] = "struktur" if old == "individ" else "individ"
    before = row_counts()
    with pytest.raises(DocumentError) as error:
        import_document(doc)
    assert [p.path for p in error.value.problems] == ["forbund[0].insatser[0].direction"]
    assert row_counts() == before
    assert Insats.objects.get(external_id=insats["id"]).direction == old


@pytest.mark.django_db
def test_it_lets_an_unregistered_insats_change_direction():
    doc = example()
    insats = doc["forbund"][0]["insatser"][0]
    insats.pop("followup_registered")
    import_document(doc)
    insats["direction"] = "struktur" if insats["direction"] == "individ" else "individ"
    import_document(doc)
    assert Insats.objects.get(external_id=insats["id"]).direction == insats["direction"]


@pytest.mark.django_db
def test_it_refuses_the_direction_change_in_clean():
    from django.core.exceptions import ValidationError

    import_document(example())
    insats = Insats.objects.exclude(followup_registered=None).first()
    insats.direction = "struktur" if insats.direction == "individ" else "individ"
    with pytest.raises(ValidationError) as error:
        insats.full_clean()
    assert "direction" in error.value.message_dict


@pytest.mark.django_db
def test_it_records_history_for_created_rows_and_many_to_many():
    import_document(example())
    assert Member.history.filter(history_type="+").count() == Member.objects.count()
    insats = Insats.objects.first()
    record = insats.history.latest()
    assert sorted(r.member_id for r in record.parties.all()) == sorted(insats.parties.values_list("pk", flat=True))


@pytest.mark.django_db
def test_it_rejects_data_the_database_cannot_hold():
    doc = copy.deepcopy(example())
    mandate = doc["forbund"][0]["mandates"][0]
    mandate["to"] = "1999-01-01"
    with pytest.raises(DocumentError) as error:
        import_document(doc)
    assert error.value.problems[0].path == "forbund[0].mandates[0].to"


@pytest.mark.django_db
def test_it_reimports_negative_zero_in_extra_as_unchanged():
    # PostgreSQL's jsonb stores -0.0 as 0: a re-import must not see that as a change (found by hypothesis).
    from tests.exchange.helpers import example as _example

    doc = _example()
    doc["forbund"][0]["annual_reports"][0]["discharge"][0]["extra"] = {"andel": -0.0, "lista": [-0.0, 1.5]}
    import_document(doc)
    again = import_document(doc)
    assert not again.changed
