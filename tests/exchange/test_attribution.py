"""Every change an import makes is attributable: the history names the file, who ran it, and the user."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from samordna.accounts.models import User
from samordna.audit.models import Action
from samordna.organisations.models import Member

EXEMPEL = str(Path(__file__).with_name("data") / "exempel.json")


@pytest.mark.django_db
def test_it_records_the_file_and_the_operating_system_user(tmp_path):
    call_command("exchange_import", EXEMPEL, stdout=open("/dev/null", "w"))
    row = Member.history.model.objects.order_by("history_date").first()
    # The history row is filed under the import's action, which names the file and who ran it.
    action = Action.objects.get(name="exchange.imported")
    assert row.history_change_reason == f"#{action.pk}"
    assert action.summary.startswith("samordna import exempel.json (körd av ")
    assert (action.source, action.user) == ("import", None)
    assert action.data["rows"]["created"] > 0
    assert row.history_user is None


@pytest.mark.django_db
def test_it_records_the_samordna_user_named_by_user(tmp_path):
    user = User.objects.create_user(email="chef@example.se", password="x" * 12)
    doc = json.loads(Path(EXEMPEL).read_text(encoding="utf-8"))
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    call_command("exchange_import", str(path), "--user", "chef@example.se", stdout=open("/dev/null", "w"))
    assert set(Member.history.model.objects.values_list("history_user", flat=True)) == {user.pk}


@pytest.mark.django_db
def test_it_refuses_an_unknown_user_with_status_2():
    with pytest.raises(SystemExit) as exit_:
        call_command("exchange_import", EXEMPEL, "--user", "nobody@example.se", stdout=open("/dev/null", "w"),
                     stderr=open("/dev/null", "w"))
    assert exit_.value.code == 2
    assert not Member.objects.exists()
