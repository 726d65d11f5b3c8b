"""An admin deleting their own account (or any account) through the admin: no 500, nothing refers to it after.

Before, the deletion's own history rows named the deleted admin as the one who made them, and the foreign key
check at commit failed: HTTP 500. The tests commit (transaction=True), as a real request does."""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from samordna.accounts.models import Access, User

ADMIN = "admin@example.se"


def references_to(pk: int) -> dict[str, int]:
    """Rows of any model that still name the user `pk` as who made a change."""
    found = {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "related_model", None) is User and field.name == "history_user":
                n = model._base_manager.filter(**{field.attname: pk}).count()
                if n:
                    found[model._meta.label] = n
    return found


@pytest.mark.django_db(transaction=True)
def test_an_admin_can_delete_their_own_account(persona_client):
    client = persona_client("admin")
    client.raise_request_exception = False
    admin = User.objects.get(email=ADMIN)
    Access.objects.create(user=admin, forbund_id=Access.objects.first().forbund_id, role="board")
    address = reverse("admin:accounts_user_delete", args=[admin.pk])
    assert client.get(address).status_code == 200
    response = client.post(address, {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:accounts_user_changelist")
    assert not User.objects.filter(email=ADMIN).exists()
    assert references_to(admin.pk) == {}
    # the deletion is in the history, made by no one who still exists
    deleted = User.history.filter(id=admin.pk, history_type="-").get()
    assert deleted.history_user_id is None
    with connection.cursor():
        connection.check_constraints()
    # and the browser is logged out: the admin asks for a login
    assert client.get(reverse("admin:index")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_deleting_another_account_keeps_the_admin_as_the_one_who_did_it(persona_client):
    client = persona_client("admin")
    client.raise_request_exception = False
    admin = User.objects.get(email=ADMIN)
    other = User.objects.get(email="medlem@vastmanland.example.se")
    response = client.post(reverse("admin:accounts_user_delete", args=[other.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert User.history.filter(id=other.pk, history_type="-").get().history_user_id == admin.pk
    assert references_to(other.pk) == {}


@pytest.mark.django_db(transaction=True)
def test_an_admin_can_delete_their_own_account_with_the_list_action(persona_client):
    client = persona_client("admin")
    client.raise_request_exception = False
    admin = User.objects.get(email=ADMIN)
    response = client.post(reverse("admin:accounts_user_changelist"),
                           {"action": "delete_selected", "_selected_action": [admin.pk], "post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=admin.pk).exists()
    assert references_to(admin.pk) == {}
