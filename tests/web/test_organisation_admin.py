"""The admin of the organisations app writes through the service mechanism and refuses what the services
refuse: an inline member takes the förbund from its parent, a second Försäkringskassan or ordförande is
explained on its field."""

import pytest
from django.urls import reverse

from samordna.audit.models import Action
from samordna.organisations.models import Mandate, Member

pytestmark = pytest.mark.django_db


def _forbund_data(forbund, **members):
    data = {"slug": forbund.slug, "name": forbund.name, "board_term_start": forbund.board_term_start,
            "notice_days": forbund.notice_days, "adjust_within_days": forbund.adjust_within_days,
            "report_interval_months": forbund.report_interval_months, "fee_basis": forbund.fee_basis,
            "organisationsnummer": forbund.organisationsnummer or "", "founded": forbund.founded.isoformat()}
    existing = list(Member.objects.filter(forbund=forbund).order_by("pk"))
    rows = [{"id": m.pk, "forbund": forbund.pk, "external_id": m.external_id, "kind": m.kind, "name": m.name,
             "code": m.code or "", "joined": m.joined or "", "left": m.left or ""} for m in existing]
    rows.append({"forbund": forbund.pk, **members})
    data.update({"members-TOTAL_FORMS": len(rows), "members-INITIAL_FORMS": len(existing),
                 "members-MIN_NUM_FORMS": 0, "members-MAX_NUM_FORMS": 1000})
    for i, row in enumerate(rows):
        data.update({f"members-{i}-{key}": value for key, value in row.items()})
    return data


def test_it_adds_a_member_inline_with_the_forbund_of_its_parent(persona_client, demo):
    forbund = demo["sf-vastra-vastmanland"]
    path = reverse("admin:organisations_forbund_change", args=[forbund.pk])
    response = persona_client("admin").post(path, _forbund_data(
        forbund, external_id="vv-1984", kind="kommun", name="Arboga", code="1984"))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    member = Member.objects.get(external_id="vv-1984")
    assert member.forbund == forbund
    action = Action.objects.get(name="admin.forbund.changed")
    assert action.source == "admin" and action.forbund == forbund
    assert member.history.get().history_change_reason == f"#{action.pk}"


def test_it_refuses_a_second_forsakringskassan_inline(persona_client, demo):
    forbund = demo["sf-vastra-vastmanland"]
    path = reverse("admin:organisations_forbund_change", args=[forbund.pk])
    response = persona_client("admin").post(path, _forbund_data(
        forbund, external_id="vv-fk2", kind="forsakringskassan", name="Försäkringskassan igen"))
    assert response.status_code == 200
    assert "Förbundet har redan Försäkringskassan som medlem under samma tid" in response.text
    assert not Member.objects.filter(external_id="vv-fk2").exists()


def test_it_refuses_a_second_ordforande_in_the_mandate_admin(persona_client, demo):
    forbund = demo["sf-vastra-vastmanland"]
    ordforande = Mandate.objects.filter(forbund=forbund, role="ordforande").latest("date_from")
    other = Mandate.objects.filter(forbund=forbund, person__external_id="p-vv-1962-led").latest("date_from").person
    response = persona_client("admin").post(reverse("admin:organisations_mandate_add"), {
        "forbund": forbund.pk, "person": other.pk, "role": "ordforande",
        "date_from": ordforande.date_from.isoformat(), "date_to": ordforande.date_to.isoformat()})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"][0].startswith("Ordförande är redan tillsatt")
    assert Mandate.objects.filter(forbund=forbund, role="ordforande").count() == 1
