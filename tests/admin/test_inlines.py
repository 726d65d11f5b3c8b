"""Each inline of a förbund's row in the admin saves a new row with its parent's förbund, as one action.

The inlines do not ask for the förbund (ForbundOwned takes it from the parent): adding a contribution in
the Budget admin failed with `IntegrityError: NOT NULL constraint failed: finance_contribution.forbund_id`,
and the meeting inlines asked for a förbund that could differ from the meeting's.
"""

import pytest
from django.urls import reverse

from samordna.audit.models import Action
from samordna.finance.models import AnnualReport, Audit, Budget
from samordna.insatser.models import Insats
from samordna.meetings.models import Decision, Item, Meeting
from samordna.organisations.models import Member, Person
from tests.admin.formdata import add_inline_row, form_data, post_body
from tests.conftest import reopen_minutes


def _member(parent):
    return Member.objects.filter(forbund_id=parent.forbund_id).order_by("-pk").first().pk


def _person(parent):
    return Person.objects.filter(mandates__forbund_id=parent.forbund_id).order_by("-pk").first().pk


# (parent model, inline prefix, the new row's values from the parent)
INLINES = [
    (Budget, "contributions", lambda p: {"member": _member(p), "amount": 123456}),
    (Budget, "consulted", lambda p: {"member": _member(p), "date": "2025-10-01", "how": "written"}),
    (AnnualReport, "discharges", lambda p: {"member": _member(p), "decision": "granted", "date": "2026-04-20"}),
    (Audit, "remarks", lambda p: {"external_id": "test-remark-new", "text": "Protokollen justerades sent."}),
    (Insats, "anchoring", lambda p: {"member": _member(p), "date": "2025-02-01"}),
    (Insats, "funding", lambda p: {"year": 2031, "amount": 50000}),
    (Insats, "reports", lambda p: {"date": "2031-01-15", "kind": "progress", "participants_women": 3}),
    (Meeting, "attendance", lambda p: {"person": _person(p), "capacity": "ledamot"}),
    (Meeting, "items", lambda p: {"number": 99, "title": "Övriga frågor", "kind": "information",
                                  "external_id": "test-item-new"}),
    (Item, "recused", lambda p: {"person": _person(p), "reason": "Jäv"}),
    (Item, "substitutes", lambda p: {"person": _person(p)}),
    (Decision, "votes", lambda p: {"person": _person(p), "vote": "yes"}),
    (Decision, "reservations", lambda p: {"person": _person(p), "reason": "Till förmån för eget förslag."}),
]


@pytest.mark.parametrize(("model", "prefix", "values"), INLINES, ids=[f"{m.__name__}-{p}" for m, p, _ in INLINES])
def test_an_inline_row_added_in_the_admin_gets_its_parents_forbund(persona_client, model, prefix, values):
    admin = persona_client("admin")
    # The second förbund of the demo where it has such a row: a förbund id of 1 would pass by chance.
    parent = model.objects.order_by("-forbund_id", "pk").first()
    # Adjusted minutes are frozen: the meeting's rows change only while its minutes are not adjusted.
    meeting = {Meeting: lambda p: p, Item: lambda p: p.meeting, Decision: lambda p: p.item.meeting}.get(model)
    if meeting is not None:
        reopen_minutes([meeting(parent)])
    meta = model._meta
    path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[parent.pk])
    data = form_data(admin.get(path).text, f"{meta.model_name}_form")
    add_inline_row(data, prefix, values(parent))
    related = getattr(parent, prefix)
    before = set(related.values_list("pk", flat=True))

    response = admin.post(path, post_body(data))

    assert response.status_code == 302, response.context and response.context["errors"]
    (new,) = related.exclude(pk__in=before)
    assert new.forbund_id == parent.forbund_id
    action = Action.objects.get(name=f"admin.{meta.model_name}.changed")
    assert (action.forbund_id, action.object_id, action.source) == (parent.forbund_id, str(parent.pk), "admin")
    assert action.user.email == "admin@example.se"
    # The new row's history is filed under the action, by the admin user.
    created = type(new).history.get(id=new.pk, history_type="+")
    assert created.history_change_reason == f"#{action.pk}"
    assert created.history_user.email == "admin@example.se"
