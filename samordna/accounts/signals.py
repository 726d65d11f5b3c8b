"""A deleted user leaves no reference behind: the rows that name who made a change (simple-history's
`history_user`, and any other SET_NULL reference to a user) are cleared, the ones written by the deletion too.

Without this an admin deleting their own account got a 500: the deletion's own history rows ("-" for the user
and for its Access grants) name the acting user, who is the one deleted, so the foreign key check at commit
failed (the earlier rows Django had already set to NULL before the delete)."""

from django.apps import apps
from django.conf import settings
from django.db import models


def _user_references() -> list[tuple[type[models.Model], str]]:
    """(model, attname) of every nullable reference to a user that a deletion sets to NULL."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if (isinstance(field, models.ForeignKey) and field.related_model is user_model
                    and field.remote_field.on_delete is models.SET_NULL):
                found.append((model, field.attname))
    return found


def clear_references_to_deleted_user(sender, instance, **kwargs):
    for model, attname in _user_references():
        model._base_manager.filter(**{attname: instance.pk}).update(**{attname: None})
