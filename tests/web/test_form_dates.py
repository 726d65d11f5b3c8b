"""Every form's dates lie in 1900–2200: outside, the form says so in Swedish and saves nothing.

Before, a member or mandate form accepted 9999-12-31 or 0001-01-01, and the förbund's pages then failed with
a 500 on the calendar arithmetic of the rules."""

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from samordna.organisations import forms as org_forms
from samordna.organisations.models import Mandate, Member, Person

from .conftest import url

pytestmark = pytest.mark.django_db

MESSAGE = "Ange ett datum mellan 1900-01-01 och 2200-12-31."
OUTSIDE = ["9999-12-31", "0001-01-01", "1899-12-31", "2201-01-01"]


@pytest.mark.parametrize("day", OUTSIDE)
def test_the_member_form_refuses_a_date_outside_the_range(office, forbund, day):
    before = Member.objects.count()
    response = office.post(url("forbund-member-new"), {"external_id": "vv-ny", "kind": "kommun", "code": "0180", "name": "Stockholm",
                                                        "joined": "2020-01-01", "left": day})
    assert response.status_code == 200
    assert response.context["form"].errors == {"left": [MESSAGE]}
    assert MESSAGE in response.text
    assert Member.objects.count() == before


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_the_mandate_form_refuses_a_date_outside_the_range(office, forbund, field, day):
    person = Person.objects.of_forbund(forbund).order_by("pk").first()  # the form offers the förbund's own
    before = Mandate.objects.filter(person=person).count()
    vasteras = Member.objects.get(forbund=forbund, code="1980")
    data = {"person": person.pk, "role": "ledamot", "appointed_by": [vasteras.pk], "basis": "fullmaktige",
            "date_from": "2025-01-01", "date_to": "2026-12-31", field: day}
    response = office.post(url("forbund-mandate-new"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [MESSAGE]}
    assert Mandate.objects.filter(person=person).count() == before
    # and the förbund's pages still open
    assert office.get(url("forbund-mandates")).status_code == 200


def test_the_limits_themselves_are_accepted(office, forbund):
    response = office.post(url("forbund-member-new"), {"external_id": "vv-ny", "kind": "kommun", "code": "0180", "name": "Stockholm",
                                                        "joined": "1900-01-01", "left": "2200-12-31"})
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(external_id="vv-ny")
    assert (member.joined, member.left) == (datetime.date(1900, 1, 1), datetime.date(2200, 12, 31))


def _date_fields(form_class):
    return {name: f for name, f in form_class.base_fields.items() if isinstance(f, forms.DateField)}


def _forms():
    """Every form class of the organisations app and every admin form (the model forms the admin builds)."""
    found = [cls for cls in vars(org_forms).values()
             if isinstance(cls, type) and issubclass(cls, forms.BaseForm) and cls.__module__ == org_forms.__name__]
    request = RequestFactory().get("/admin/")
    request.user = type("Superuser", (), {"is_active": True, "is_staff": True, "is_superuser": True,
                                          "has_perm": lambda *a: True})()
    for model_admin in admin.site._registry.values():
        found.append(model_admin.get_form(request))
        for inline in model_admin.get_inline_instances(request):
            found.append(inline.get_formset(request).form)
    return found


def test_every_date_field_of_every_form_and_the_admin_refuses_a_date_outside_the_range():
    checked = 0
    for form_class in _forms():
        for name, field in _date_fields(form_class).items():
            for day in OUTSIDE:
                with pytest.raises(ValidationError) as caught:
                    field.clean(day)
                assert caught.value.messages == [MESSAGE], (form_class, name)
            field.clean("2026-06-30")
            checked += 1
    assert checked >= 20  # members, mandates, meetings, insatser, budgets, reports… in the admin


def test_a_form_class_made_before_the_start_checks_too():
    class Late(forms.Form):
        day = forms.DateField()

    form = Late({"day": "9999-12-31"})
    assert not form.is_valid()
    assert form.errors["day"] == [MESSAGE]
