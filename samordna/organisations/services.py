"""State changes of förbund data: one function per change, in a transaction, attributable."""

from django.db import transaction

from samordna.lib.audit import attribute


@transaction.atomic
def save_form(form, user):
    """Save a validated model form as `user`; the history row is written in the same transaction."""
    instance = form.save(commit=False)
    attribute(instance, user)
    instance.full_clean()
    instance.save()
    form.save_m2m()
    return instance


@transaction.atomic
def delete_object(instance, user):
    attribute(instance, user)
    instance.delete()
