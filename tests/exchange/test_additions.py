"""The optional, additive fields of samordna-exchange/1 (docs/exchange.md): the diarium's matters and documents'
metadata, yrkanden, protokollsanteckningar, attendance conduct, the justering record and the anslag."""

import copy
import json

import pytest
from django.db import connection, transaction

from samordna.diarium.demo import SECRET_PERSONNUMMER
from samordna.diarium.models import Document, Matter
from samordna.exchange.canonical import canonical
from samordna.exchange.exporter import export_document
from samordna.exchange.importer import import_document
from samordna.exchange.validate import DocumentError, validate_document
from samordna.meetings.models import Motion
from samordna.protokoll.models import Confirmation
from tests.exchange.helpers import example, row_counts

SHA = "a" * 64


def _extended() -> dict:
    """The example with every new field filled."""
    doc = example()
    f = doc["forbund"][0]
    people = [p["id"] for p in doc["persons"]]
    f["matters"] = [
        {"id": "ex-dnr-2024-1", "dnr": "2024/1", "year": 2024, "serial": 1, "registered": "2024-01-05",
         "title": "Ansökan om medel", "kind": "application", "direction": "incoming", "counterpart": "Västerås stad",
         "status": "closed", "closed": "2024-03-20", "budget": f["budgets"][0]["year"],
         "annual_report": f["annual_reports"][0]["year"], "consultation": doc["consultations"][0]["id"]},
        {"id": "ex-egen", "dnr": "2024/2", "year": 2024, "serial": 2, "registered": "2024-02-01",
         "title": "Skyddad uppgift", "kind": "other", "direction": "incoming", "status": "open", "secret": True,
         "osl_ground": "OSL 26 kap. 1 §"},
    ]
    f["documents"] = [
        {"filename": "ansokan.pdf", "title": "Ansökan", "content_type": "application/pdf", "size": 1234,
         "sha256": SHA, "classification": "public", "registered": "2024-01-05", "matter": "ex-dnr-2024-1"},
        {"filename": "bilaga.txt", "content_type": "text/plain", "size": 10, "sha256": "b" * 64,
         "classification": "secret", "osl_ground": "OSL 26 kap. 1 §", "registered": "2024-02-01",
         "matter": "ex-egen"},
    ]
    meeting = f["meetings"][0]
    meeting.update(start_time="13:00", place="Stadshuset", remote_allowed=True)
    meeting["attendance"].append({"person": people[-1], "presence": "absent"})
    meeting["attendance"][0].update(arrives_at_item=2, leaves_at_item=5)
    item = meeting["items"][0]
    item.update(matter="ex-dnr-2024-1", presenter=people[0], proposal="Att bevilja.", immediate_adjust=True,
                sent_to="Västerås stad",
                motions=[{"person": people[0], "text": "Bifall", "order": 1, "put_order": 1},
                         {"person": people[1], "text": "Avslag", "order": 2, "withdrawn": True}],
                notes=[{"person": people[1], "text": "Jag noterar."}])
    if item.get("decision"):
        item["decision"]["vote_requested"] = True
    minutes = meeting["minutes"]
    minutes["versions"] = [{"number": 1, "sha256": SHA, "source_sha256": "c" * 64, "created": "2024-01-20T09:00:00Z"}]
    minutes["confirmations"] = [
        {"person": p, "version": 1, "confirmed": "2024-01-22T10:15:30Z", "sha256": SHA, "signed_in_as": p}
        for p in minutes["adjusters"]]
    minutes["anslag"] = {"posted": minutes["adjusted"], "appeal_until": "2024-02-12", "kept_at": "Förbundets kansli",
                         "posted_by": "Karin Kansli", "paragraphs": "§ 1"}
    return doc


@pytest.mark.django_db
def test_a_document_with_every_new_field_round_trips():
    doc = _extended()
    assert validate_document(doc) == []
    import_document(doc)
    exported = export_document()
    assert exported == canonical(doc)
    assert Document.objects.get(sha256=SHA).file.name == ""  # metadata only: never the file
    assert not import_document(exported).changed


@pytest.mark.django_db
def test_an_older_document_keeps_what_it_does_not_carry():
    import_document(_extended())
    before = export_document()
    result = import_document(example())  # no matters, motions, versions …: all kept
    assert Matter.objects.count() == 2 and Motion.objects.count() == 2 and Confirmation.objects.count() == 2
    assert not result.changed
    assert export_document() == before


# Tables the migrations fill (kept when the demo is wiped inside a test's transaction).
_MIGRATION_TABLES = {"django_migrations", "django_content_type", "auth_permission", "organisations_kommun",
                     "organisations_lan"}


def _wipe_demo():
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            if table not in _MIGRATION_TABLES:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


@pytest.mark.django_db
def test_the_demo_round_trips_into_an_empty_database(demo):
    exported = export_document()
    forbund = exported["forbund"]
    assert all(f.get("matters") and f.get("documents") for f in forbund)
    minutes = [m["minutes"] for f in forbund for m in f["meetings"] if m.get("minutes", {}).get("adjusted")]
    assert minutes and any("anslag" in m for m in minutes)
    text = json.dumps(exported, ensure_ascii=False)
    assert SECRET_PERSONNUMMER not in text  # a document's contents are never exported
    _wipe_demo()
    assert not Matter.objects.exists()
    import_document(copy.deepcopy(exported))
    assert export_document() == exported
    assert not import_document(exported).changed


@pytest.mark.django_db
def test_the_export_without_secrets_shows_a_secret_matter_by_date_and_dnr_only(demo):
    secret = Matter.objects.filter(secret=True).first()
    assert secret is not None
    doc = export_document(secret=False)
    matters = {m["dnr"]: m for f in doc["forbund"] for m in f.get("matters") or []}
    shown = matters[secret.dnr]
    assert set(shown) == {"id", "dnr", "year", "serial", "registered", "secret"}
    documents = [d for f in doc["forbund"] for d in f.get("documents") or []]
    assert documents and all(d["classification"] != "secret" and d.get("matter") != shown["id"] for d in documents)
    assert secret.title not in json.dumps(doc, ensure_ascii=False)
    assert validate_document(doc) == []


def _problems(doc) -> list[str]:
    return [str(p) for p in validate_document(doc)]


def test_references_of_the_new_fields_are_checked():
    doc = _extended()
    f = doc["forbund"][0]
    f["documents"][0]["matter"] = "nope"
    f["meetings"][0]["items"][0]["matter"] = "nope"
    minutes = f["meetings"][0]["minutes"]
    minutes["confirmations"][0]["person"] = "nobody"
    minutes["confirmations"][1]["version"] = 7
    f["matters"][0]["budget"] = 1999
    problems = _problems(doc)
    assert "forbund[0].documents[0].matter: 'nope' does not refer to any matter of this förbund" in problems
    assert "forbund[0].meetings[0].items[0].matter: 'nope' does not refer to any matter of this förbund" in problems
    assert "forbund[0].meetings[0].minutes.confirmations[0].person: 'nobody' does not refer to any person" in problems
    assert ("forbund[0].meetings[0].minutes.confirmations[1].version: 7 does not refer to any version of these "
            "minutes") in problems
    assert "forbund[0].matters[0].budget: 1999 does not refer to any budget (year) of this förbund" in problems


def test_what_the_database_requires_of_the_new_fields_is_checked():
    doc = _extended()
    f = doc["forbund"][0]
    f["matters"][1]["serial"] = 1
    f["documents"][0]["sha256"] = "xyz"
    meeting = f["meetings"][0]
    meeting["attendance"][-1]["serving"] = True
    meeting["minutes"]["anslag"]["appeal_until"] = meeting["minutes"]["anslag"]["posted"]
    meeting["minutes"]["versions"][0]["created"] = "2024-01-20 09:00"
    problems = "\n".join(_problems(doc))
    assert "forbund[0].matters[1].serial: 1 is a duplicate löpnummer of 2024 in this förbund" in problems
    assert "forbund[0].documents[0].sha256: 'xyz' is not a SHA-256" in problems
    assert "attendance[" in problems and "serving: True cannot be true for someone absent" in problems
    assert "minutes.anslag.appeal_until" in problems and "is not after the posting day" in problems
    assert "minutes.versions[0].created: '2024-01-20 09:00' is not a real UTC time" in problems


@pytest.mark.django_db
def test_a_bad_new_field_writes_nothing():
    before = row_counts()
    doc = _extended()
    doc["forbund"][0]["matters"][0]["title"] = "x" * 301  # longer than its column
    with pytest.raises(DocumentError) as error:
        import_document(doc)
    assert "forbund[0].matters[0].title" in str(error.value)
    assert row_counts() == before and not Matter.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["motion", "note", "confirmation", "matter_link", "bounds"])
def test_an_adjusted_protokoll_cannot_be_changed_by_an_import(change):
    doc = _extended()
    import_document(doc)
    changed = copy.deepcopy(doc)
    meeting = changed["forbund"][0]["meetings"][0]
    item = meeting["items"][0]
    field = {
        "motion": ("items[0].motions[0].text", lambda: item["motions"][0].update(text="Ändrat")),
        "note": ("items[0].notes[0].text", lambda: item["notes"][0].update(text="Ändrat")),
        "confirmation": ("minutes.confirmations[0].sha256",
                         lambda: meeting["minutes"]["confirmations"][0].update(sha256="d" * 64)),
        "matter_link": ("items[0].matter", lambda: item.update(matter="ex-egen")),
        "bounds": ("attendance", lambda: meeting["attendance"][0].update(leaves_at_item=9)),
    }[change]
    field[1]()
    with pytest.raises(DocumentError) as error, transaction.atomic():
        import_document(changed)
    assert f"forbund[0].meetings[0].{field[0]}" in str(error.value)
    assert "an adjusted protokoll cannot be changed" in str(error.value)
    assert export_document() == canonical(doc)
