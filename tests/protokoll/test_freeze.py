"""Adjusted minutes freeze their meeting: the services, every save (the admin's too) and the database refuse
a change; the importer re-imports an adjusted meeting unchanged and refuses to change it (exit 2)."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from samordna.lib.services import DomainError
from samordna.meetings.models import Decision, Item, Meeting, Minutes, Reservation, Vote
from samordna.organisations.models import Person
from samordna.protokoll.freeze import ensure_not_adjusted

pytestmark = pytest.mark.django_db

ADJUSTED = "vv-m-2026-05-14"


@pytest.fixture
def adjusted(demo):
    meeting = Meeting.objects.get(external_id=ADJUSTED)
    assert meeting.minutes.adjusted is not None
    return meeting


def test_the_services_refuse_to_change_an_adjusted_meeting(adjusted, open_meeting_other):
    with pytest.raises(DomainError, match="Protokollet för sammanträdet 14 maj .* är justerat") as error:
        ensure_not_adjusted(adjusted)
    assert "En rättelse görs som ett nytt beslut" in str(error.value) and error.value.code == "adjusted"
    ensure_not_adjusted(open_meeting_other)  # one not adjusted passes


@pytest.fixture
def open_meeting_other(demo):
    from tests.conftest import reopen_minutes

    reopen_minutes(Meeting.objects.filter(external_id="vv-m-2026-03-12"))
    return Meeting.objects.get(external_id="vv-m-2026-03-12")


def test_every_save_of_its_rows_is_refused(adjusted):
    item = adjusted.items.get(number=4)
    item.title = "Ändrad rubrik"
    with pytest.raises(DomainError, match="är justerat"):
        item.save()
    decision = item.decision
    with pytest.raises(DomainError):
        Vote(decision=decision, person=Person.objects.get(external_id="p-karin"), vote="yes").save()
    minutes = adjusted.minutes
    minutes.adjusted = None
    with pytest.raises(DomainError):
        minutes.save()
    karin = Person.objects.get(external_id="p-karin")
    with pytest.raises(DomainError), transaction.atomic():  # add() runs in an atomic block
        Minutes.objects.get(pk=minutes.pk).adjusters.add(karin)
    # The anslag may still be recorded on adjusted minutes.
    minutes = Minutes.objects.get(pk=minutes.pk)
    minutes.published = minutes.adjusted
    minutes.save()


def test_the_admin_refuses_a_change_of_an_item_of_adjusted_minutes(adjusted, persona_client):
    from tests.admin.formdata import form_data, post_body

    admin = persona_client("admin")
    item = adjusted.items.get(number=4)
    path = reverse("admin:meetings_item_change", args=[item.pk])
    data = form_data(admin.get(path).text, "item_form")
    data["title"] = ["Ändrad rubrik"]
    response = admin.post(path, post_body(data))
    assert response.status_code == 200
    assert "är justerat" in response.content.decode()
    assert Item.objects.get(pk=item.pk).title == "Ansökan om medel: Samverkan psykisk hälsa, förlängning"


def _refused(sql, params):
    with pytest.raises(IntegrityError, match="Protokollet är justerat"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_database_refuses_updates_and_new_rows_under_adjusted_minutes(adjusted):
    item = adjusted.items.get(number=4)
    decision = item.decision
    person = Person.objects.get(external_id="p-karin")
    _refused("UPDATE meetings_item SET title = %s WHERE id = %s", ["x", item.pk])
    _refused("UPDATE meetings_meeting SET place = %s WHERE id = %s", ["x", adjusted.pk])
    _refused("UPDATE meetings_decision SET text = %s WHERE id = %s", ["x", decision.pk])
    _refused("UPDATE meetings_vote SET vote = %s WHERE decision_id = %s", ["no", decision.pk])
    _refused("UPDATE meetings_reservation SET reason = %s WHERE decision_id = %s", ["x", decision.pk])
    _refused("UPDATE meetings_attendance SET remote = %s WHERE meeting_id = %s", [True, adjusted.pk])
    _refused("UPDATE meetings_minutes SET adjusted = NULL WHERE meeting_id = %s", [adjusted.pk])
    _refused("INSERT INTO meetings_vote (forbund_id, decision_id, person_id, vote) VALUES (%s, %s, %s, %s)",
             [adjusted.forbund_id, decision.pk, person.pk, "yes"])
    _refused("INSERT INTO meetings_recusal (forbund_id, item_id, person_id) VALUES (%s, %s, %s)",
             [adjusted.forbund_id, item.pk, person.pk])
    _refused("INSERT INTO meetings_minutes_adjusters (minutes_id, person_id) VALUES (%s, %s)",
             [adjusted.minutes.pk, person.pk])
    # The anslag (published) may still be set; rows of a meeting not adjusted change as before.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_minutes SET published = adjusted WHERE meeting_id = %s", [adjusted.pk])
    assert Reservation.objects.filter(decision=decision).count() == 1


def test_the_database_lets_rows_of_adjusted_minutes_be_deleted(adjusted):
    """DELETE is never refused (a förbund's deletion cascades, the tests flush), nor the SET_NULL of an
    item's insats that deleting an insats makes."""
    item = Item.objects.filter(meeting__minutes__adjusted__isnull=False, insats__isnull=False).first()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_item SET insats_id = NULL WHERE id = %s", [item.pk])
    assert Item.objects.get(pk=item.pk).insats_id is None
    adjusted.delete()  # cascades through its items, decisions, votes, reservations and minutes
    assert not Vote.objects.filter(decision__item__meeting_id=adjusted.pk).exists()


def _import(tmp_path, doc):
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("exchange_import", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def _where(doc, meeting_id):
    for i, f in enumerate(doc["forbund"]):
        for j, m in enumerate(f.get("meetings") or []):
            if m["id"] == meeting_id:
                return i, j, m
    raise AssertionError(meeting_id)


def test_the_importer_reimports_adjusted_meetings_unchanged_and_refuses_to_change_them(adjusted, tmp_path):
    from samordna.exchange.exporter import export_document

    doc = export_document()
    code, out, err = _import(tmp_path, doc)
    assert code == 0, err
    assert "0 created, 0 updated, 0 deleted" in out.splitlines()[-1]

    i, j, meeting = _where(doc, ADJUSTED)
    k, item = next((k, it) for k, it in enumerate(meeting["items"]) if it["number"] == 4)
    item["title"] = "Ändrad rubrik"
    item["decision"]["votes"].append({"person": "p-karin", "vote": "yes"})
    code, _out, err = _import(tmp_path, doc)
    assert code == 2
    lines = err.splitlines()
    assert any(line.startswith(f"forbund[{i}].meetings[{j}].items[{k}].title: 'Ändrad rubrik' changes the meeting "
                               f"{ADJUSTED}") and "whose minutes were adjusted on" in line for line in lines), err
    votes = len(meeting["items"][k]["decision"]["votes"]) - 1
    assert any(line.startswith(f"forbund[{i}].meetings[{j}].items[{k}].decision.votes[{votes}]: adds to the meeting")
               for line in lines), err
    assert "nothing was imported" in err
    assert Item.objects.get(external_id=item["id"]).title != "Ändrad rubrik"


def test_the_importer_refuses_to_delete_rows_of_an_adjusted_meeting(adjusted, tmp_path):
    from samordna.exchange.exporter import export_document

    doc = export_document()
    i, j, meeting = _where(doc, ADJUSTED)
    meeting["attendance"].pop()
    code, _out, err = _import(tmp_path, doc)
    assert code == 2
    assert f"forbund[{i}].meetings[{j}]: deletes a attendance from the meeting {ADJUSTED}" in err
    # The whole meeting, with what refers to its items (funding, notices…) left out of the file too.
    doc = export_document()
    i, j, whole = _where(doc, ADJUSTED)
    ids = {it["id"] for it in whole["items"]}

    def drop_references(node):
        if isinstance(node, dict):
            for key in [k for k, v in node.items() if k != "id" and isinstance(v, str) and v in ids]:
                del node[key]
            for value in node.values():
                drop_references(value)
        elif isinstance(node, list):
            for value in node:
                drop_references(value)

    doc["forbund"][i]["meetings"].pop(j)
    drop_references(doc)
    code, _out, err = _import(tmp_path, doc)
    assert code == 2 and f"forbund[{i}].meetings: deletes a meeting from the meeting {whole['id']}" in err, err
    assert Meeting.objects.filter(external_id=whole["id"]).exists()


def test_a_new_adjusted_meeting_imports(demo, tmp_path):
    """The importer writes a meeting's minutes after its other rows, and `adjusted` after the adjusters."""
    from samordna.exchange.exporter import export_document

    doc = export_document()
    i, _j, meeting = _where(doc, ADJUSTED)
    copy = json.loads(json.dumps(meeting).replace(ADJUSTED, "vv-m-kopia"))
    doc["forbund"][i]["meetings"].append(copy)
    code, _out, err = _import(tmp_path, doc)
    assert code == 0, err
    new = Meeting.objects.get(external_id="vv-m-kopia")
    assert new.minutes.adjusted == Meeting.objects.get(external_id=ADJUSTED).minutes.adjusted
    assert new.minutes.adjusters.count() == 2
    assert Vote.objects.filter(decision__item__meeting=new).count() == 6
    assert Decision.objects.filter(item__meeting=new).count() == \
        Decision.objects.filter(item__meeting__external_id=ADJUSTED).count() >= 2
